import { test, expect, Browser } from '@playwright/test';
import { DEMO_PASSWORD, SYSTEM, LEVEL1, hydrated, postFromPage, signIn, unique, watchConsole } from './helpers';

test('create, edit, deactivate, reactivate and delete an admin user', async ({ page }) => {
  const errors = watchConsole(page);
  const identity = unique('e2e.user.');
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/admin-users');
  await page.getByRole('link', { name: 'New admin user' }).click();
  await expect(page).toHaveURL(/\/admin-users\/new/);
  await hydrated(page);

  // Submitting empty shows a message on each wrong field, and keeps what was typed.
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: 'Create admin user' }).click();
  await expect(page.getByTestId('error-identity')).toBeVisible();
  await expect(page.getByTestId('error-email')).toContainText('email address');
  await expect(page.getByTestId('error-secret')).toContainText('at least 12 characters');
  await expect(page.getByLabel('Email')).toHaveValue('not-an-email');

  await page.getByLabel('Identity').fill(identity);
  await page.getByLabel('Email').fill(`${identity}@example.com`);
  await page.getByLabel('First name').fill('Aisha');
  await page.getByLabel('Last name').fill('Petersen');
  await page.getByLabel('Phone').fill('0829876543');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('SecureP@ssw0rd123');
  await page.getByLabel('LEVEL_02').check();
  await page.getByRole('button', { name: 'Create admin user' }).click();

  await expect(page.getByTestId('toast')).toContainText(`Admin user ${identity} created`);
  await expect(page.getByRole('heading', { name: identity })).toBeVisible();
  await hydrated(page);

  // Edit email and positions.
  await page.getByLabel('Email').fill(`changed.${identity}@example.com`);
  await page.getByLabel('LEVEL_01').uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('toast').last()).toContainText(`Saved ${identity}`);
  await page.reload();
  await expect(page.getByLabel('Email')).toHaveValue(`changed.${identity}@example.com`);
  await expect(page.getByLabel('LEVEL_01')).not.toBeChecked();
  await expect(page.getByLabel('LEVEL_02')).toBeChecked();
  await hydrated(page);

  // Deactivate, then reactivate, each confirmed.
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('dialog')).toContainText('lose access at their next request');
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByText('Inactive', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Reactivate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reactivate' }).click();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();

  // Delete, after cancelling once.
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete admin user' }).click();
  await expect(page).toHaveURL(/\/admin-users$/);
  await expect(page.getByTestId('toast').last()).toContainText(`Admin user ${identity} deleted`);
  await page.goto(`/admin-users?q=${identity}`);
  await expect(page.getByText('No admin user matches.')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the list sorts, searches and pages with its state in the URL', async ({ page }) => {
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/admin-users');
  const table = page.getByTestId('admin-users-table');
  await expect(table).toBeVisible();
  await page.getByRole('link', { name: /^Identity/ }).click();
  await expect(page).toHaveURL(/sort=identity&dir=desc/);
  await expect(page.getByRole('columnheader', { name: /^Identity/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('mzansi.system');
  const first = await table.locator('tbody tr').first().locator('td').first().innerText();
  await page.reload();
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText(first);
  await page.getByLabel('Search by identity').fill('mzansi.rev');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=mzansi\.rev/);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.goBack();
  await expect(table.locator('tbody tr')).not.toHaveCount(2);
});

test('no one can deactivate or delete themselves', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/admin-users?q=mzansi.system');
  await page.getByRole('link', { name: SYSTEM, exact: true }).click();
  await expect(page.getByText('This is you.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Deactivate' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await expect(page.getByLabel('TENANT_SYSTEM')).toBeDisabled();
});

test('a read-only position sees no edit controls and the server refuses it', async ({ page }) => {
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/admin-users');
  await expect(page.getByRole('link', { name: 'New admin user' })).toHaveCount(0);
  const response = await page.goto('/admin-users/new');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('error-panel')).toContainText('Your position does not allow this');
  await page.goto('/admin-users?q=mzansi.level2');
  await page.getByRole('link', { name: 'mzansi.level2' }).click();
  await expect(page.getByTestId('admin-user-readonly')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  // The server says no even when asked directly.
  expect(await postFromPage(page, '/api/admin_users/delete', 'admin_user_id=1')).toBe(403);
});

async function signedIn(browser: Browser, identity: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, identity, password, '/admin-users');
  return { context, page };
}

test('a deactivated or demoted user loses access at their next request', async ({ browser }) => {
  const identity = unique('e2e.temp.');
  const admin = await signedIn(browser, SYSTEM, DEMO_PASSWORD);
  const { page } = admin;
  await page.goto('/admin-users/new');
  await hydrated(page);
  await page.getByLabel('Identity').fill(identity);
  await page.getByLabel('Email').fill(`${identity}@example.com`);
  await page.getByLabel('First name').fill('Temp');
  await page.getByLabel('Last name').fill('Admin');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('Temporary-Pass-1');
  await page.getByLabel('TENANT_SYSTEM').check();
  await page.getByRole('button', { name: 'Create admin user' }).click();
  await expect(page.getByRole('heading', { name: identity })).toBeVisible();
  const userUrl = page.url();

  const other = await signedIn(browser, identity, 'Temporary-Pass-1');
  await other.page.goto('/admin-users/new');
  await expect(other.page.getByRole('button', { name: 'Create admin user' })).toBeVisible();

  // Demoted to LEVEL_01: the next request no longer offers, nor allows, what TENANT_SYSTEM could.
  await page.goto(userUrl);
  await hydrated(page);
  await page.getByLabel('LEVEL_01').check();
  await page.getByLabel('TENANT_SYSTEM').uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('toast').last()).toContainText('Saved');
  const refused = await other.page.goto('/admin-users/new');
  expect(refused?.status()).toBe(403);
  await expect(other.page.getByTestId('user-positions')).toHaveText('LEVEL_01');

  // Deactivated: the next request goes to sign-in.
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByText('Inactive', { exact: true })).toBeVisible();
  await other.page.goto('/admin-users');
  await expect(other.page).toHaveURL(/\/login/);

  await admin.context.close();
  await other.context.close();
});
