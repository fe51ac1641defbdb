import { test, expect, Page } from '@playwright/test';
import { SYSTEM, LEVEL1, signIn, hydrated, watchConsole, changeStatus } from './helpers';

/** Opens the wallet of the customer's first card, from their Cards tab, as a user would. */
async function walletOfFirstCard(page: Page, customerId: number): Promise<string> {
  await page.goto(`/customers/${customerId}?tab=cards`);
  await page.getByTestId('card-row').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/wallets\/\d+$/);
  await hydrated(page);
  return page.url();
}

test('a wallet shows its balances, transactions of a date range, and changes status with a reason', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM, undefined, '/customers/3?tab=wallets');
  await page.getByTestId('wallet-row').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/wallets\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId('current')).toBeVisible();
  await expect(page.getByTestId('balance-why')).toContainText(/reserved|Nothing is reserved/);

  // The balance over the period, and the CSV of the same rows.
  await expect(page.getByTestId('balance-chart')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('tx-csv').click();
  const csv = require('fs').readFileSync((await (await download).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('date,transaction_id,type,description,amount,currency,balance');
  expect(csv.split('\r\n').length).toBeGreaterThan(2);

  // One day, as typed: every row is of that day.
  const first = page.getByTestId('tx-row').first();
  await expect(first).toBeVisible();
  const day = (await first.locator('td').first().textContent())!.slice(0, 10);
  await page.getByLabel('From (UTC day)').fill(day);
  await page.getByLabel('To (UTC day, included)').fill(day);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${day}&to=${day}`));
  // The URL changes at once; the rows when the server answers.
  await expect
    .poll(async () => (await page.getByTestId('tx-row').locator('td:first-child').allTextContents()).every((cell) => cell.startsWith(day)))
    .toBe(true);
  await page.getByLabel('From (UTC day)').fill('2026-02-10');
  await page.getByLabel('To (UTC day, included)').fill('2026-02-01');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('error-to')).toContainText('The end is before the start.');

  // Stop the wallet, then make it active again; a reason is required.
  const form = page.getByTestId('status-form').first();
  await form.getByLabel('New status').selectOption('STOPPED');
  await form.getByRole('button', { name: 'Change status…' }).click();
  await expect(form.getByTestId('error-reason')).toBeVisible();
  await changeStatus(form, page, 'STOPPED', 'Customer asked for a pause');
  await expect(page.getByTestId('balances').getByTestId('wallet-status')).toHaveText('STOPPED');
  await changeStatus(page.getByTestId('status-form').first(), page, 'ACTIVE', 'Customer asked to resume');
  await expect(page.getByTestId('balances').getByTestId('wallet-status')).toHaveText('ACTIVE');
  expect(errors).toEqual([]);
});

test('a card is blocked for fraud; only TENANT_SYSTEM reactivates it; a reader sees no controls', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, SYSTEM);
  const wallet = await walletOfFirstCard(admin, 4);
  const card = admin.getByTestId('card-row').first();
  await card.getByRole('button', { name: 'Change status…' }).click();
  await changeStatus(card, admin, 'BLOCKED', 'Suspected fraud');
  await expect(admin.getByTestId('card-row').first().getByTestId('card-status')).toHaveText('BLOCKED');

  const level3 = await (await browser.newContext()).newPage();
  await signIn(level3, 'mzansi.level3', undefined, new URL(wallet).pathname);
  const theirs = level3.getByTestId('card-row').first();
  await theirs.getByRole('button', { name: 'Change status…' }).click();
  await changeStatus(theirs, level3, 'ACTIVE', 'Customer found the card');
  await expect(theirs.getByRole('alert')).toContainText('Only TENANT_SYSTEM');

  const again = admin.getByTestId('card-row').first();
  await again.getByRole('button', { name: 'Change status…' }).click();
  await changeStatus(again, admin, 'ACTIVE', 'Customer found the card');
  await expect(admin.getByTestId('card-row').first().getByTestId('card-status')).toHaveText('ACTIVE');

  // Link a virtual add-on card and a physical supplementary one by QR code.
  const before = await admin.getByTestId('card-row').count();
  const link = admin.getByTestId('link-card-form');
  await link.getByLabel('Add-on').check();
  await link.getByRole('button', { name: 'Link card' }).click();
  await expect(admin.getByTestId('card-row')).toHaveCount(before + 1);
  await link.getByLabel('Physical card').check();
  await link.getByRole('button', { name: 'Link card' }).click();
  await expect(link.getByTestId('error-identifier')).toBeVisible();
  await link.getByLabel('Code or number').fill(`QR-${Date.now()}`);
  await link.getByLabel('Supplementary').check();
  await link.getByRole('button', { name: 'Link card' }).click();
  await expect(admin.getByTestId('card-row')).toHaveCount(before + 2);
  await expect(admin.getByTestId('card-row').last()).toContainText('physical · supplementary card');

  const reader = await (await browser.newContext()).newPage();
  await signIn(reader, LEVEL1, undefined, new URL(wallet).pathname);
  await expect(reader.getByTestId('wallet-cards')).toBeVisible();
  await expect(reader.getByTestId('status-form')).toHaveCount(0);
  await expect(reader.getByRole('button', { name: 'Change status…' })).toHaveCount(0);
});

test('a tenant that is not PCI compliant is never offered a card number', async ({ page }) => {
  await signIn(page, 'karoo.system', undefined, '/customers?q=');
  await page.getByTestId('customers-table').locator('tbody tr').first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/customers\/\d+/);
  await page.goto(page.url().replace(/\?.*$/, '') + '?tab=wallets');
  await hydrated(page);
  const form = page.getByTestId('wallet-form');
  await form.getByLabel('Physical card').check();
  await expect(form.getByLabel('QR code')).toBeVisible();
  await expect(form.getByLabel('Card number (PAN)')).toHaveCount(0);
  await expect(form).toContainText('A card number can only be used by a PCI-compliant tenant.');
});

test("a card's PIN is reset with a reason and sent to the customer's phone; the audit log records it", async ({ page }) => {
  await signIn(page, SYSTEM);
  await walletOfFirstCard(page, 18);
  const card = page.getByTestId('card-row').first();
  await card.getByRole('button', { name: 'Reset PIN…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('sends it by SMS');
  await dialog.getByRole('button', { name: 'Reset and send PIN' }).click();
  await expect(dialog.getByTestId('error-reason')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Customer called: forgot the PIN');
  await dialog.getByRole('button', { name: 'Reset and send PIN' }).click();
  await expect(card.getByTestId('pin-sent')).toContainText(/sent by SMS to \d{3}\*+\d{3}\./);
  await page.goto('/audit/activity?action=card.pin');
  await expect(page.getByTestId('activity-row').first()).toContainText('forgot the PIN');
  // The customer's timeline has it too, from Eclipse's trail.
  await page.goto('/customers/18?tab=timeline&kind=CARD');
  await expect(page.getByTestId('timeline-entry').first()).toContainText('CARD_PIN_RESET');
  await expect(page.getByTestId('timeline-entry').first()).toContainText('sent by SMS');
});
