import { test, expect, Page, Browser } from '@playwright/test';
import { SYSTEM, signIn, hydrated, watchConsole, changeStatus, money } from './helpers';

// Seeded customers no other spec touches: the money leaves the first's wallet for the second's.
const PAYER = 11;
const PAYEE = 12;
const PAYEE_WALLET = 'W0000120';
const APPROVER = 'mzansi.level3';

/** The payer's first wallet page, opened from the customer's Wallets tab as a user would. */
async function payerWallet(page: Page): Promise<string> {
  await page.goto(`/customers/${PAYER}?tab=wallets`);
  await page.getByTestId('wallet-row').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/wallets\/\d+$/);
  await hydrated(page);
  return new URL(page.url()).pathname;
}

/** A balance as the page shows it (`R 12 345,67`), in cents. */
async function cents(page: Page, testid: string): Promise<number> {
  const text = (await page.getByTestId('balances').getByTestId(testid).textContent())!;
  return Math.round(parseFloat(text.replace(/[^0-9,-]/g, '').replace(',', '.')) * 100);
}

async function fillTransfer(page: Page, to: string, amount: string, description: string, reason = '') {
  const form = page.getByTestId('transfer-form');
  await form.getByLabel('To wallet').fill(to);
  await form.getByLabel(/^Amount/).fill(amount);
  await form.getByLabel('Description (optional)').fill(description);
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Review transfer…' }).click();
}

async function signedIn(browser: Browser, identity: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, identity, undefined, path);
  return page;
}

test('a transfer below the threshold shows both balances before and after, and moves money once', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM);
  await payerWallet(page);
  const before = await cents(page, 'available');

  // The browser checks the amount against the currency's decimals before asking the server.
  await fillTransfer(page, PAYEE_WALLET, '10.005', 'Refund');
  await expect(page.getByTestId('error-amount')).toContainText('At most 2 decimals');
  const description = `Refund ${Date.now()}`;
  await fillTransfer(page, PAYEE_WALLET.toLowerCase(), '25.50', description);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('transfer-amount')).toHaveText(money(2550));
  const rows = dialog.getByTestId('transfer-preview').locator('tbody tr');
  await expect(rows.nth(0)).toContainText(money(before));
  await expect(rows.nth(0)).toContainText(money(before - 2550));
  await expect(rows.nth(1)).toContainText(PAYEE_WALLET);
  await expect(dialog.getByTestId('needs-approval')).toHaveCount(0);

  // A double click sends one request, under one key: one debit.
  await dialog.getByRole('button', { name: 'Send transfer' }).dblclick();
  await expect(page.getByTestId('toast').last()).toContainText(`${money(2550)} sent to ${PAYEE_WALLET}`);
  await hydrated(page);
  expect(await cents(page, 'available')).toBe(before - 2550);
  await expect(page.getByTestId('tx-row').filter({ hasText: description })).toHaveCount(1);
  // Both customers' timelines have it, each from its side, newest first (the run's number in the
  // description is hidden there: a long number may be an identity number).
  await page.goto(`/customers/${PAYER}?tab=timeline&kind=TRANSFER`);
  await expect(page.getByTestId('timeline-entry').first()).toContainText('Sent ZAR 25.50');
  await expect(page.getByTestId('timeline-entry').first()).toContainText('TRANSFER_SENT');
  await page.goto(`/customers/${PAYEE}?tab=timeline&kind=TRANSFER`);
  await expect(page.getByTestId('timeline-entry').first()).toContainText('Received ZAR 25.50');
  expect(errors).toEqual([]);
});

test('above the threshold a second admin approves; the asker cannot; a decline moves nothing', async ({ browser }) => {
  const asker = await signedIn(browser, SYSTEM, '/');
  const wallet = await payerWallet(asker);
  const before = await cents(asker, 'available');
  expect(before).toBeGreaterThan(600_002);

  // The confirmation says a second admin must approve; the reason is then required.
  await fillTransfer(asker, PAYEE_WALLET, '5000.01', 'Supplier invoice');
  const dialog = asker.getByRole('dialog');
  await expect(dialog.getByTestId('needs-approval')).toContainText('5000.00 ZAR');
  await dialog.getByRole('button', { name: 'Request approval' }).click();
  await expect(asker.getByTestId('error-reason')).toContainText('second admin');
  await expect(asker.getByLabel('To wallet')).toHaveValue(PAYEE_WALLET);
  const reason = `Invoice ${Date.now()}`;
  await fillTransfer(asker, PAYEE_WALLET, '5000.01', 'Supplier invoice', reason);
  await asker.getByRole('dialog').getByRole('button', { name: 'Request approval' }).click();
  await expect(asker.getByTestId('transfer-requested')).toContainText("second admin's approval");
  await asker.reload();
  expect(await cents(asker, 'available')).toBe(before);

  // The asker sees their request but cannot approve it.
  await asker.goto('/transfers');
  const mine = asker.getByTestId('request-row').filter({ hasText: reason });
  await expect(mine.getByTestId('own-request')).toBeVisible();
  await expect(mine.getByRole('button', { name: 'Approve…' })).toHaveCount(0);

  // A second admin approves it: the money moves.
  const approver = await signedIn(browser, APPROVER, '/transfers');
  const row = approver.getByTestId('request-row').filter({ hasText: reason });
  await expect(row).toContainText(money(500001));
  await expect(row).toContainText(SYSTEM);
  await row.getByRole('button', { name: 'Approve…' }).click();
  await approver.getByRole('dialog').getByRole('button', { name: 'Approve and send' }).click();
  await expect(approver.getByTestId('toast').last()).toContainText('the transfer was sent');
  await approver.goto('/transfers?status=SENT');
  await expect(
    approver.getByTestId('request-row').filter({ hasText: reason }).getByTestId('request-detail'),
  ).toContainText('Transaction');
  await asker.goto(wallet);
  expect(await cents(asker, 'available')).toBe(before - 500_001);

  // Another request, declined with a reason: nothing moves, and the reason is kept.
  await hydrated(asker);
  const second = `Second invoice ${Date.now()}`;
  await fillTransfer(asker, PAYEE_WALLET, '6000', 'Supplier invoice', second);
  await asker.getByRole('dialog').getByRole('button', { name: 'Request approval' }).click();
  await expect(asker.getByTestId('transfer-requested')).toBeVisible();
  await approver.goto('/transfers');
  await hydrated(approver);
  const other = approver.getByTestId('request-row').filter({ hasText: second });
  await other.getByRole('button', { name: 'Decline…' }).click();
  const decline = approver.getByRole('dialog');
  await decline.getByRole('button', { name: 'Decline' }).click();
  await expect(decline.getByTestId('error-reason')).toBeVisible();
  await decline.getByLabel('Reason').fill('Not on the supplier list');
  await decline.getByRole('button', { name: 'Decline' }).click();
  await expect(approver.getByTestId('toast').last()).toContainText('Request declined');
  await approver.goto('/transfers?status=DECLINED');
  await expect(approver.getByTestId('request-row').filter({ hasText: second })).toContainText(
    'Not on the supplier list',
  );
  await asker.reload();
  expect(await cents(asker, 'available')).toBe(before - 500_001);

  // Everything is in the audit log, under who did it.
  await asker.goto('/audit/activity?action=transfer');
  const log = asker.getByTestId('activity-row');
  await expect(log.filter({ hasText: 'transfer.request' }).first()).toContainText(SYSTEM);
  await expect(log.filter({ hasText: 'transfer.approve' }).first()).toContainText(APPROVER);
  await expect(log.filter({ hasText: 'transfer.decline' }).first()).toContainText('Not on the supplier list');
});

test("Eclipse's refusal is shown on the form with its trace id, and the input is kept", async ({ page }) => {
  await signIn(page, SYSTEM);
  // The payee's wallet is barred, and its type takes no deposits when barred.
  await page.goto(`/customers/${PAYEE}?tab=wallets`);
  await page.getByTestId('wallet-row').first().getByRole('link').click();
  await hydrated(page);
  const payee = page.url();
  await changeStatus(page.getByTestId('status-form').first(), page, 'BARRED', 'Refusal test');
  await expect(page.getByTestId('balances').getByTestId('wallet-status')).toHaveText('BARRED');

  try {
    await payerWallet(page);
    await fillTransfer(page, PAYEE_WALLET, '10', 'Refused');
    await page.getByRole('dialog').getByRole('button', { name: 'Send transfer' }).click();
    const refused = page.getByTestId('transfer-refused');
    await expect(refused).toContainText('BARRED');
    await expect(refused).toContainText('trace id');
    await expect(page.getByLabel('To wallet')).toHaveValue(PAYEE_WALLET);
    await expect(page.getByLabel(/^Amount/)).toHaveValue('10');
  } finally {
    await page.goto(payee);
    await hydrated(page);
    await changeStatus(page.getByTestId('status-form').first(), page, 'ACTIVE', 'Refusal test over');
    await expect(page.getByTestId('balances').getByTestId('wallet-status')).toHaveText('ACTIVE');
  }
});
