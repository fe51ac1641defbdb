import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, SYSTEM, LEVEL1, hydrated, signIn, watchConsole } from './helpers';

const results = (page) => page.locator('[data-testid=customers-table] tbody tr');

test('search as you type by name and by phone in either form; the search stays in the URL', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/customers/1');
  const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  const surname = name.split(' ').pop()!;
  const phone = await page.getByLabel('Phone', { exact: true }).inputValue();
  expect(phone).toMatch(/^27\d{9}$/);

  await page.goto('/customers');
  await hydrated(page);
  await page.getByLabel('Search', { exact: true }).fill(surname);
  await expect(page).toHaveURL(new RegExp(`q=${surname}`));
  await expect(page.getByTestId('searched-by')).toHaveText('Looking in: Name');
  await expect(results(page).filter({ hasText: name })).toHaveCount(1);

  // The national form of the number finds the same person as the international one.
  const local = `0${phone.slice(2)}`;
  await page.getByLabel('Search', { exact: true }).fill(local);
  await expect(page.getByTestId('searched-by')).toHaveText('Looking in: Phone');
  await expect(results(page).filter({ hasText: name })).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel('Search', { exact: true })).toHaveValue(local);
  await expect(results(page).filter({ hasText: name })).toHaveCount(1);
  await page.getByLabel('Search', { exact: true }).fill(phone);
  await expect(results(page).filter({ hasText: name })).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('edit a profile, with each field checked, and set the profile lock', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/customers/2');
  const version = Number((await page.getByTestId('version').textContent())!.replace(/\D/g, ''));
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByLabel('Country of residence').fill('za');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByTestId('error-email')).toBeVisible();
  await expect(page.getByTestId('error-country_of_residence')).toContainText('two-letter');
  await page.getByLabel('Email', { exact: true }).fill(`customer2.${Date.now()}@example.com`);
  await page.getByLabel('Country of residence').fill('ZA');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByTestId('toast').last()).toContainText(`(version ${version + 1})`);

  // Each switch adds its number to profileCompletionStatus.
  const locks = page.getByTestId('profile-locks');
  const before = Number(await locks.getByTestId('lock-value').textContent());
  const address = locks.getByRole('switch', { name: /Address/ });
  const on = await address.isChecked();
  await address.click();
  await expect(locks.getByTestId('lock-value')).toHaveText(String(on ? before - 2 : before + 2));
  await page.reload();
  await expect(page.getByTestId('profile-locks').getByRole('switch', { name: /Address/ })).toBeChecked({ checked: !on });
});

test('a read-only position sees the profile but cannot change it', async ({ page }) => {
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/customers/3');
  await expect(page.getByLabel('First name')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save details' })).toHaveCount(0);
  await expect(page.getByTestId('profile-locks').getByRole('switch').first()).toBeDisabled();
});
