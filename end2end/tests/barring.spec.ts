import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { SYSTEM, signIn, hydrated, watchConsole } from './helpers';

// The embedded sandbox's fault endpoint (scripts/test.sh fixes its address).
const SANDBOX = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3010';

// Seeded customers with two wallets and, on the first, pending withdrawals of two EFT types and one ATM.
const CUSTOMER = 16;
const FAULTY = 31;

async function faults(request: APIRequestContext, body: object) {
  const res = await request.put(`${SANDBOX}/__sandbox/faults`, { data: body });
  expect(res.ok()).toBeTruthy();
}

async function barOrUnbar(page: Page, reason: string, button: string, confirm: string) {
  const panel = page.getByTestId('barring');
  await panel.getByLabel(/^Reason for (un)?barring/).fill(reason);
  await panel.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('barring-plan')).toBeVisible();
  return dialog;
}

async function walletStatuses(page: Page, customerId: number): Promise<string[]> {
  await page.goto(`/customers/${customerId}?tab=wallets`);
  return page.getByTestId('wallet-row').getByTestId('wallet-status').allTextContents();
}

test('bar a customer: EFT withdrawals cancelled, the ATM one left, every wallet barred; then unbar', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await signIn(page, SYSTEM, undefined, `/customers/${CUSTOMER}`);
  expect(await walletStatuses(page, CUSTOMER)).toEqual(['ACTIVE', 'ACTIVE']);
  await page.goto(`/customers/${CUSTOMER}`);
  await hydrated(page);

  // A reason is required; the confirmation lists what will happen, in order.
  await page.getByTestId('barring').getByRole('button', { name: 'Bar customer…' }).click();
  await expect(page.getByTestId('error-bar_reason')).toBeVisible();
  const dialog = await barOrUnbar(page, 'Card fraud reported by the bank', 'Bar customer…', 'Bar customer');
  const plan = dialog.getByTestId('barring-plan').locator('li');
  await expect(plan.first()).toContainText('Set the customer to BARRED');
  await expect(plan.filter({ hasText: 'Cancel Withdrawal' })).toHaveCount(2);
  await expect(plan.filter({ hasText: 'ZA_PAYCORP_ATM' })).toContainText('not an EFT withdrawal: left pending');
  await expect(plan.filter({ hasText: 'to BARRED (it is ACTIVE)' })).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Bar customer' }).click();

  const job = page.getByTestId('barring-job');
  await expect(job.getByTestId('job-status')).toHaveText('Done', { timeout: 20_000 });
  await expect(job.locator('[data-testid=job-step][data-state=Done]')).toHaveCount(5);
  await expect(page.getByTestId('customer-status')).toHaveText('BARRED');
  expect(await walletStatuses(page, CUSTOMER)).toEqual(['BARRED', 'BARRED']);

  // On the first wallet: the EFT withdrawals cancelled, the ATM one still pending.
  await page.getByTestId('wallet-row').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/wallets\/\d+$/);
  const statusOf = (kind: string) => page.getByTestId('withdrawal-row')
    .filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${kind}$`) }) }).getByTestId('withdrawal-status');
  await expect(statusOf('ZA_NEDBANK_EFT')).toHaveText('CANCELLED');
  await expect(statusOf('ZA_NEDBANK_EFT_IMMEDIATE')).toHaveText('CANCELLED');
  await expect(statusOf('ZA_PAYCORP_ATM')).toHaveText('PENDING');
  // A barred wallet says whether its type still accepts deposits (Everyday ZAR does not; Savings does).
  await expect(page.getByTestId('barred-note')).toHaveText('Barred: no debits and no deposits.');
  await page.goto(`/customers/${CUSTOMER}?tab=wallets`);
  await page.getByTestId('wallet-row').nth(1).getByRole('link').click();
  await expect(page).toHaveURL(/\/wallets\/\d+$/);
  await expect(page.getByTestId('barred-note')).toContainText('deposits still accepted');

  // Unbar: the customer and the wallets as they were; the cancelled withdrawals stay cancelled, and it says so.
  await page.goto(`/customers/${CUSTOMER}`);
  await hydrated(page);
  const undo = await barOrUnbar(page, 'The bank withdrew the report', 'Unbar customer…', 'Unbar customer');
  await expect(undo.getByTestId('barring-plan')).toContainText('stays cancelled');
  await undo.getByRole('button', { name: 'Unbar customer' }).click();
  await expect(page.getByTestId('barring-job').getByTestId('job-status')).toHaveText('Done', { timeout: 20_000 });
  await expect(page.getByTestId('customer-status')).toHaveText('ACTIVE');
  expect(await walletStatuses(page, CUSTOMER)).toEqual(['ACTIVE', 'ACTIVE']);
  expect(errors).toEqual([]);
});

test('a fault half way leaves the job waiting with what is done; resume completes it once', async ({ page, request }) => {
  test.setTimeout(120_000);
  await signIn(page, SYSTEM, undefined, `/customers/${FAULTY}`);
  await hydrated(page);
  // Eclipse refuses every change under /wallets/ (withdrawals and wallets): the customer is barred, then it stops.
  await faults(request, { statusForPath: [{ path: 'PUT /eclipse-conductor/rest/v1/tenants/42/wallets/', status: 503 }] });
  try {
    const dialog = await barOrUnbar(page, 'Account takeover suspected', 'Bar customer…', 'Bar customer');
    await dialog.getByRole('button', { name: 'Bar customer' }).click();
    const job = page.getByTestId('barring-job');
    await expect(job.getByTestId('job-status')).toHaveText('Waiting to be resumed', { timeout: 20_000 });
    await expect(job.getByTestId('job-error')).toContainText('resume to finish');
    await expect(job.locator('[data-testid=job-step][data-state=Failed]')).toHaveCount(1);
    await expect(job.locator('[data-testid=job-step][data-state=Done]')).toHaveCount(1);
    await expect(job.locator('[data-testid=job-step][data-state=Todo]')).toHaveCount(3);
    await expect(page.getByTestId('customer-status')).toHaveText('BARRED');
  } finally {
    await faults(request, {});
  }
  // Another look shows the same; resume runs only what is left.
  await page.reload();
  await hydrated(page);
  await page.getByTestId('barring').getByRole('button', { name: 'Resume' }).click();
  const job = page.getByTestId('barring-job');
  await expect(job.getByTestId('job-status')).toHaveText('Done', { timeout: 20_000 });
  await expect(job.locator('[data-testid=job-step][data-state=Done]')).toHaveCount(5);
  await expect(job.locator('[data-testid=job-step]').filter({ hasText: 'Cancel Withdrawal' }).first()).toContainText('cancelled');
  expect(await walletStatuses(page, FAULTY)).toEqual(['BARRED', 'BARRED']);
});
