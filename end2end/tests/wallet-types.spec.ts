import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD, SYSTEM, LEVEL1, hydrated, postFromPage, signIn, unique, watchConsole } from './helpers';

async function createType(page: Page, name: string): Promise<string> {
  await page.goto('/wallet-types/new');
  await hydrated(page);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/Maximum balance/).fill('5000');
  await page.getByRole('button', { name: 'Create wallet type' }).click();
  await expect(page.getByTestId('toast').last()).toContainText(`Wallet type ${name} created`);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await hydrated(page);
  return page.url();
}

test('create, edit and delete a wallet type, with each attribute checked on its field', async ({ page }) => {
  const errors = watchConsole(page);
  const name = unique('E2E Wallet ');
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/wallet-types');
  await page.getByRole('link', { name: 'New wallet type' }).click();
  await hydrated(page);

  // Typed inputs, checked before anything is sent, with the input kept.
  await page.getByLabel(/Minimum balance/).fill('100');
  await page.getByLabel(/Maximum balance/).fill('50');
  await page.getByLabel(/Currency/).selectOption('');
  await page.getByRole('button', { name: 'Create wallet type' }).click();
  await expect(page.getByTestId('error-name')).toBeVisible();
  await expect(page.getByTestId('error-minBalance')).toContainText('must not exceed maxBalance');
  await expect(page.getByTestId('error-Currency')).toContainText('required for a digital wallet type');
  await expect(page.getByLabel(/Minimum balance/)).toHaveValue('100');

  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/Currency/).selectOption('KES');
  await page.getByLabel(/Maximum balance/).fill('50000');
  await page.getByLabel(/KYC level/).selectOption('BASIC');
  await page.getByLabel(/Always create a card/).selectOption('true');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  await page.getByLabel('Attribute name').fill('loyaltyTier');
  await page.getByLabel('Attribute value').fill('gold');
  await page.getByRole('button', { name: 'Create wallet type' }).click();
  await expect(page.getByTestId('toast').last()).toContainText(`Wallet type ${name} created`);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('No wallet uses this type yet.', { exact: false })).toBeVisible();
  await hydrated(page);

  // Edit: the version moves on, and a reload shows what was saved.
  await expect(page.getByTestId('version')).toHaveText('Version 1');
  await page.getByLabel(/Daily debit limit/).fill('750');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('toast').last()).toContainText('(version 2)');
  await page.reload();
  await expect(page.getByLabel(/Daily debit limit/)).toHaveValue('750');
  await expect(page.getByLabel(/Currency/)).toHaveValue('KES');
  await expect(page.getByLabel('Attribute value')).toHaveValue('gold');

  // The list shows it with its mode, currency, KYC level and wallet count.
  await page.goto(`/wallet-types?q=${encodeURIComponent(name)}`);
  const listed = page.locator('[data-testid=wallet-types-table] tbody tr');
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText('KES');
  await expect(listed).toContainText('BASIC');
  await expect(listed.getByTestId('wallet-count')).toHaveText('0');

  // Delete, confirmed.
  await listed.getByRole('link', { name }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toContainText('No wallet uses it');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete wallet type' }).click();
  await expect(page).toHaveURL(/\/wallet-types$/);
  await expect(page.getByRole('link', { name })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a wallet type in use cannot be deleted, and the page says why', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/wallet-types?sort=wallets&dir=desc');
  await page.locator('[data-testid=wallet-types-table] tbody tr').first().getByRole('link').click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toContainText('Eclipse will refuse');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete wallet type' }).click();
  await expect(page.getByTestId('delete-refused')).toContainText(/\d+ wallets use this type, so it cannot be deleted/);
});

test('two tabs: the second save sees the first one beside its own and applies on top, losing nothing', async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  const name = unique('E2E Conflict ');
  await signIn(first, SYSTEM, DEMO_PASSWORD, '/wallet-types');
  const url = await createType(first, name);
  const second = await context.newPage();
  await second.goto(url);
  await hydrated(second);

  // Tab one saves first.
  await first.getByLabel(/Daily debit limit/).fill('111');
  await first.getByRole('button', { name: 'Save changes' }).click();
  await expect(first.getByTestId('toast').last()).toContainText('(version 2)');

  // Tab two, still on version 1, saves its own edits.
  await second.getByLabel(/Daily debit limit/).fill('222');
  await second.getByLabel(/KYC level/).selectOption('FULL');
  await second.getByRole('button', { name: 'Save changes' }).click();
  const conflict = second.getByTestId('conflict');
  await expect(conflict).toContainText('Someone else saved this wallet type');
  await expect(conflict).toContainText('version 2');
  const limitRow = conflict.locator('tr', { hasText: 'Daily debit limit' });
  await expect(limitRow).toHaveAttribute('data-differs', 'true');
  await expect(limitRow).toContainText('111');
  await expect(limitRow).toContainText('222');
  await expect(second.getByLabel(/Daily debit limit/)).toHaveValue('222');

  await conflict.getByRole('button', { name: 'Apply mine on top of version 2' }).click();
  await expect(second.getByTestId('toast').last()).toContainText('(version 3)');
  await expect(conflict).toHaveCount(0);
  await first.reload();
  await expect(first.getByLabel(/Daily debit limit/)).toHaveValue('222');
  await expect(first.getByLabel(/KYC level/)).toHaveValue('FULL');
  await context.close();
});

test('a read-only position sees wallet types without edit controls, and the server refuses it', async ({ page }) => {
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/wallet-types');
  await expect(page.getByRole('link', { name: 'New wallet type' })).toHaveCount(0);
  await page.locator('[data-testid=wallet-types-table] tbody tr').first().getByRole('link').click();
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  await expect(page.getByLabel('Name')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  const response = await page.goto('/wallet-types/new');
  expect(response?.status()).toBe(403);
  await hydrated(page);
  expect(await postFromPage(page, '/api/wallet_types/delete', 'wallet_type_id=1')).toBe(403);
});
