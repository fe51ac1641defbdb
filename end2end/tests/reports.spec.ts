import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { SYSTEM, LEVEL1, signIn, hydrated, watchConsole } from './helpers';

/** The file a click downloads, read whole. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

/** CSV lines as cells: quoted cells may hold commas. */
function cells(line: string): string[] {
  return (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [])
    .map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'))
    .slice(0, -1);
}

async function chooseReport(page: Page, kind: string, from: string, to: string, format: 'CSV' | 'Excel') {
  await page.getByLabel('Report', { exact: true }).selectOption({ label: kind });
  await page.getByLabel('First day').fill(from);
  await page.getByLabel('Last day (included)').fill(to);
  await page.getByLabel(format, { exact: true }).check();
}

test('a small report downloads at once as CSV and as Excel; a bad range is refused with the input kept', async ({
  page,
}) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM);
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await hydrated(page);
  await chooseReport(page, 'Transaction summary', '2026-10-01', '2026-10-31', 'CSV');
  await expect(page.getByTestId('report-holds')).toContainText('Days are UTC days');
  const csv = await downloaded(page, () => page.getByRole('button', { name: 'Make the report' }).click());
  expect(csv.name).toBe('transaction-summary-2026-10-01-to-2026-10-31.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\r\n');
  expect(cells(lines[0])).toEqual(['day (UTC)', 'currency', 'transactions', 'money in', 'money out', 'net']);
  expect(lines.length).toBeGreaterThan(31);
  for (const line of lines.slice(1)) {
    const [day, , count, moneyIn, moneyOut, net] = cells(line);
    expect(day).toMatch(/^2026-10-\d\d$/);
    expect(Number(count)).toBeGreaterThan(0);
    // Plain numbers, the currency's decimals: in less out is the net.
    expect(Math.round((Number(moneyIn) - Number(moneyOut)) * 100)).toBe(Math.round(Number(net) * 100));
  }
  await expect(page.getByTestId('report-downloading')).toBeVisible();

  await page.getByLabel('Excel', { exact: true }).check();
  const xlsx = await downloaded(page, () => page.getByRole('button', { name: 'Make the report' }).click());
  expect(xlsx.name).toBe('transaction-summary-2026-10-01-to-2026-10-31.xlsx');
  expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');

  await chooseReport(page, 'Withdrawals', '2026-10-31', '2026-10-01', 'CSV');
  await page.getByRole('button', { name: 'Make the report' }).click();
  await expect(page.getByTestId('error-to')).toHaveText('The last day is before the first.');
  await expect(page.getByLabel('First day')).toHaveValue('2026-10-31');
  await expect(page.getByLabel('Report', { exact: true })).toHaveValue('withdrawals');
  expect(errors).toEqual([]);
});

test('a read-only position cannot ask for the audit log', async ({ page }) => {
  await signIn(page, LEVEL1, undefined, '/reports');
  const kinds = await page.getByLabel('Report', { exact: true }).locator('option').allTextContents();
  expect(kinds).toContain('KYC status');
  expect(kinds).not.toContain('Audit log');
});

test.describe('on a portal whose reports become jobs past 20 rows and stop at 50', () => {
  test.use({ baseURL: process.env.SHORT_SESSION_URL ?? 'http://127.0.0.1:3002' });

  test('a large report is made as a job with its progress, capped, and downloaded when ready', async ({ page }) => {
    const errors = watchConsole(page);
    await signIn(page, SYSTEM, undefined, '/reports');
    await chooseReport(page, 'Card transactions', '2026-08-01', '2026-10-31', 'Excel');
    await page.getByRole('button', { name: 'Make the report' }).click();
    await expect(page.getByTestId('report-started')).toContainText('This report is large');
    const job = page.getByTestId('report-started').getByTestId('report-job');
    await expect(job).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expect(job.getByTestId('report-progress')).toContainText('Ready: 50 rows');
    await expect(job.getByTestId('report-capped')).toContainText(/Capped: this report holds the first 50 of \d+ rows/);
    await page.screenshot({ path: 'test-results/reports-job.png', fullPage: true });

    const csv = await downloaded(page, () => job.getByTestId('report-csv').click());
    expect(csv.name).toBe('card-transactions-2026-08-01-to-2026-10-31.csv');
    const lines = csv.bytes.toString('utf8').trim().split('\r\n');
    expect(cells(lines[0])[3]).toBe('date (Africa/Johannesburg)');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[51]).toMatch(/^"Capped: this report holds the first 50 of \d+ rows/);
    const xlsx = await downloaded(page, () => job.getByTestId('report-xlsx').click());
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');

    // Kept for a day under the admin's reports.
    await page.reload();
    await hydrated(page);
    const kept = page.getByTestId('my-reports').getByTestId('report-job').first();
    await expect(kept).toContainText('Card transactions, 2026-08-01 to 2026-10-31');
    await expect(kept).toHaveAttribute('data-status', 'done');
    expect(errors).toEqual([]);
  });
});
