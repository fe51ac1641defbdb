import { test, expect, Page, Browser, APIRequestContext } from '@playwright/test';
import { SYSTEM, signIn, hydrated, watchConsole, money } from './helpers';
import * as fs from 'fs';

// The embedded sandbox's fault endpoint (scripts/test.sh fixes its address).
const SANDBOX = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3010';
// Seeded customers no other spec touches: the first pays, the others receive.
const SOURCE = 24;
const PAYEES = [25, 26, 27];
// A seeded customer whose wallet holds more than the tenant's approval threshold (5000.00 ZAR).
const LARGE_SOURCE = 51;
const APPROVER = 'mzansi.level3';
const HEADER = 'amount,description,toWalletId,externalUniqueId';

/** The id of a customer's first wallet, read from its Wallets tab as a user would. */
async function firstWallet(page: Page, customer: number): Promise<number> {
  await page.goto(`/customers/${customer}?tab=wallets`);
  const href = await page.getByTestId('wallet-row').first().getByRole('link').first().getAttribute('href');
  return Number(href!.split('/').pop());
}

async function wallets(page: Page) {
  const source = await firstWallet(page, SOURCE);
  const payees = [];
  for (const c of PAYEES) payees.push(await firstWallet(page, c));
  return { source, payees };
}

async function chooseAndCheck(page: Page, source: number, name: string, lines: string[]) {
  const form = page.getByTestId('disbursement-form');
  await form.getByLabel('Source wallet').fill(String(source));
  await form.getByTestId('disbursement-file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n'),
  });
  await form.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByTestId('disbursement-check')).toBeVisible();
}

async function resultRows(page: Page): Promise<string[][]> {
  const download = page.waitForEvent('download');
  await page.getByTestId('disbursement-result').click();
  const text = fs.readFileSync((await (await download).path())!, 'utf8');
  return text
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

async function faults(request: APIRequestContext, body: object) {
  const res = await request.put(`${SANDBOX}/__sandbox/faults`, { data: body });
  expect(res.ok()).toBeTruthy();
}

async function signedIn(browser: Browser, identity: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, identity, undefined, path);
  return page;
}

test('a file with bad rows is shown line by line, corrected, then paid once', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  await signIn(page, SYSTEM);
  const { source, payees } = await wallets(page);
  const run = Date.now();
  await page.goto('/disbursements');
  await hydrated(page);
  await chooseAndCheck(page, source, 'march.csv', [
    `10.00,March stipend,${payees[0]},m-${run}-1`,
    `12.345,March stipend,${payees[1]},m-${run}-2`,
    `5.00,March stipend,999999,m-${run}-3`,
    `7.50,March stipend,${payees[2]},m-${run}-1`,
  ]);
  const problems = page.getByTestId('line-error');
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(0)).toContainText('3');
  await expect(problems.nth(0)).toContainText('At most 2 decimals');
  await expect(problems.nth(1)).toContainText('no wallet of this tenant has id 999999');
  await expect(problems.nth(2)).toContainText(`m-${run}-1 is also on line 2`);
  await expect(page.getByTestId('start-disbursement')).toHaveCount(0);

  // Corrected: checked again, every row can be sent, and nothing has moved yet.
  await chooseAndCheck(page, source, 'march.csv', [
    `10.00,March stipend,${payees[0]},m-${run}-1`,
    `12.35,March stipend,${payees[1]},m-${run}-2`,
    `7.50,March stipend,${payees[2]},m-${run}-3`,
  ]);
  await expect(page.getByTestId('disbursement-ready')).toBeVisible();
  await expect(page.getByTestId('disbursement-summary')).toContainText(`3 rows, ${money(2985)} in all`);
  await page.getByTestId('start-disbursement').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start disbursement' }).dblclick();
  await expect(page).toHaveURL(/\/disbursements\/[0-9a-f]+$/);
  await expect(page.getByTestId('disbursement-status')).toHaveText('Done', { timeout: 20_000 });
  await expect(page.getByTestId('disbursement-progress')).toContainText(`3 sent (${money(2985)}), 0 refused, 0 to go`);
  const rows = await resultRows(page);
  expect(rows.map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
    ['2', 'SENT', '10.00', `m-${run}-1`],
    ['3', 'SENT', '12.35', `m-${run}-2`],
    ['4', 'SENT', '7.50', `m-${run}-3`],
  ]);
  expect(new Set(rows.map((r) => r[5])).size).toBe(3);

  // The same ids again are refused: each was used.
  await page.goto('/disbursements');
  await hydrated(page);
  await chooseAndCheck(page, source, 'march-again.csv', [`10.00,March stipend,${payees[0]},m-${run}-1`]);
  await expect(page.getByTestId('line-error')).toContainText('was used before, in march.csv line 2');
  await expect(page.getByTestId('disbursement-row').filter({ hasText: 'march.csv' }).first()).toContainText(
    '3 of 3 sent',
  );
  expect(errors).toEqual([]);
});

test('a fault half way stops the job with what is sent; resume pays the rest, none twice', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await signIn(page, SYSTEM);
  const { source, payees } = await wallets(page);
  const run = Date.now();
  await page.goto('/disbursements');
  await hydrated(page);
  await chooseAndCheck(
    page,
    source,
    'interrupted.csv',
    payees.map((p, i) => `1.0${i},Refund ${run},${p},f-${run}-${i}`),
  );
  await page.getByTestId('start-disbursement').click();
  // Eclipse takes the first transfer, then fails on its side.
  await faults(request, {
    statusForPath: [{ path: 'POST /eclipse-conductor/rest/v1/tenants/42/wallets/transfers', status: 503, after: 1 }],
  });
  try {
    await page.getByRole('dialog').getByRole('button', { name: 'Start disbursement' }).click();
    await expect(page.getByTestId('disbursement-status')).toHaveText('Stopped: resume', { timeout: 20_000 });
    await expect(page.getByTestId('disbursement-error')).toContainText('Stopped at line 3');
    await expect(page.getByTestId('disbursement-progress')).toContainText(`1 sent (${money(100)}), 0 refused, 2 to go`);
  } finally {
    await faults(request, {});
  }
  await page.reload();
  await hydrated(page);
  await page.getByTestId('resume-disbursement').click();
  await expect(page.getByTestId('disbursement-status')).toHaveText('Done', { timeout: 20_000 });
  await expect(page.getByTestId('disbursement-progress')).toContainText(`3 sent (${money(303)})`);
  const rows = await resultRows(page);
  expect(rows.map((r) => r[1])).toEqual(['SENT', 'SENT', 'SENT']);
  // Each payee's wallet shows its row once.
  for (const [i, p] of payees.entries()) {
    await page.goto(`/wallets/${p}`);
    await expect(
      page
        .getByTestId('tx-row')
        .filter({ hasText: `Refund ${run}` })
        .filter({ hasText: money(100 + i) }),
    ).toHaveCount(1);
  }
});

test('above the threshold the whole batch waits for a second admin, who approves or declines it', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const maker = await signedIn(browser, SYSTEM, '/');
  const { payees } = await wallets(maker);
  const source = await firstWallet(maker, LARGE_SOURCE);
  const run = Date.now();
  await maker.goto('/disbursements');
  await hydrated(maker);
  await chooseAndCheck(maker, source, 'bonus.csv', [
    `4000.00,Bonus,${payees[0]},b-${run}-1`,
    `1000.01,Bonus,${payees[1]},b-${run}-2`,
  ]);
  await expect(maker.getByTestId('needs-approval')).toContainText('5000.00 ZAR');
  await maker.getByTestId('start-disbursement').click();
  await expect(maker.getByTestId('error-reason')).toContainText('second admin');
  await maker.getByTestId('disbursement-form').getByLabel('Reason').fill(`Annual bonus ${run}`);
  await maker.getByTestId('start-disbursement').click();
  await maker.getByRole('dialog').getByRole('button', { name: 'Request approval' }).click();
  // The batch's own page (the list behind it shows other batches' statuses).
  await expect(maker).toHaveURL(/\/disbursements\/[0-9a-f]+$/);
  await expect(maker.getByTestId('disbursement-status')).toHaveText('Waiting for approval');
  await expect(maker.getByTestId('own-disbursement')).toBeVisible();
  await expect(maker.getByRole('button', { name: 'Approve…' })).toHaveCount(0);
  const batch = maker.url();

  const approver = await signedIn(browser, APPROVER, new URL(batch).pathname);
  await hydrated(approver);
  await approver.getByRole('button', { name: 'Approve…' }).click();
  await approver.getByRole('dialog').getByRole('button', { name: 'Approve and start' }).click();
  await expect(approver.getByTestId('disbursement-status')).toHaveText('Done', { timeout: 20_000 });
  await expect(approver.getByTestId('disbursement-progress')).toContainText(`2 sent (${money(500001)})`);

  // Another batch, declined with a reason: nothing moves.
  await maker.goto('/disbursements');
  await hydrated(maker);
  await chooseAndCheck(maker, source, 'bonus-2.csv', [`5000.01,Bonus,${payees[2]},b-${run}-3`]);
  await maker.getByTestId('disbursement-form').getByLabel('Reason').fill(`Second bonus ${run}`);
  await maker.getByTestId('start-disbursement').click();
  await maker.getByRole('dialog').getByRole('button', { name: 'Request approval' }).click();
  // The batch's own page (the list behind it shows other batches' statuses).
  await expect(maker).toHaveURL(/\/disbursements\/[0-9a-f]+$/);
  await expect(maker.getByTestId('disbursement-status')).toHaveText('Waiting for approval');
  await approver.goto(new URL(maker.url()).pathname);
  await hydrated(approver);
  await approver.getByRole('button', { name: 'Decline…' }).click();
  await approver.getByRole('dialog').getByLabel('Reason').fill('Not budgeted');
  await approver.getByRole('dialog').getByRole('button', { name: 'Decline' }).click();
  await expect(approver.getByTestId('toast').last()).toContainText('Disbursement declined');
  await expect(approver.getByTestId('disbursement-status')).toHaveText('Declined');
  await expect(approver.getByTestId('disbursement-progress')).toContainText('0 sent');

  await maker.goto('/audit/activity?action=disbursement');
  const log = maker.getByTestId('activity-row');
  await expect(log.filter({ hasText: 'disbursement.request' }).first()).toContainText(SYSTEM);
  await expect(log.filter({ hasText: 'disbursement.approve' }).first()).toContainText(APPROVER);
  await expect(log.filter({ hasText: 'disbursement.decline' }).first()).toContainText('Not budgeted');
});
