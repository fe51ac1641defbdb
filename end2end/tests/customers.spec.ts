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

test('a read-only position sees the profile but cannot change it, and sees no documents or KYC', async ({ page }) => {
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/customers/3');
  await expect(page.getByLabel('First name')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save details' })).toHaveCount(0);
  await expect(page.getByTestId('profile-locks').getByRole('switch').first()).toBeDisabled();
  const tabs = page.getByRole('navigation', { name: 'Customer record' });
  await expect(tabs.getByRole('link', { name: 'Addresses' })).toBeVisible();
  await expect(tabs.getByRole('link', { name: 'Documents' })).toHaveCount(0);
  await expect(tabs.getByRole('link', { name: 'KYC' })).toHaveCount(0);
  await page.goto('/customers/3?tab=documents');
  await expect(page.getByTestId('documents')).toHaveCount(0);
  await expect(page.getByTestId('profile-form')).toBeVisible();
});

test('search by email, identity number and passport number', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/customers/2');
  const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  const email = await page.getByLabel('Email', { exact: true }).inputValue();
  const id = await page.getByLabel('Identity number', { exact: true }).inputValue();
  const passport = `P${Date.now().toString().slice(-8)}`;
  await page.getByLabel('Passport number').fill(passport);
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByTestId('toast').last()).toContainText('Saved');
  for (const [query, field] of [[email, 'Email'], [id, 'Identity number'], [passport, 'Passport number']]) {
    await page.goto(`/customers?q=${encodeURIComponent(query)}`);
    await expect(page.getByTestId('searched-by')).toHaveText(`Looking in: ${field}`);
    await expect(results(page).filter({ hasText: name })).toHaveCount(1);
  }
});

test('addresses are added, edited and deleted; an identity is checked against the tenant password rule', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/customers/3?tab=addresses');
  const street = `${Math.floor(Math.random() * 900) + 100} Long Street`;
  await page.getByRole('button', { name: 'Add an address' }).click();
  const form = page.getByTestId('address-form');
  await form.getByLabel('Street address').fill(street);
  await form.getByLabel('City').fill('Cape Town');
  await form.getByLabel('Postal code').fill('8001');
  await form.getByRole('button', { name: 'Save address' }).click();
  const item = page.getByTestId('address').filter({ hasText: street });
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Edit' }).click();
  await item.getByLabel('City').fill('Stellenbosch');
  await item.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByTestId('address').filter({ hasText: 'Stellenbosch' })).toBeVisible();
  await page.getByTestId('address').filter({ hasText: street }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete address' }).click();
  await expect(page.getByTestId('address').filter({ hasText: street })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Customer record' }).getByRole('link', { name: 'Identities' }).click();
  const identity = `app.${Date.now()}`;
  const newIdentity = page.getByTestId('identity-form');
  await newIdentity.getByLabel('Identity').fill(identity);
  await newIdentity.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create identity' }).click();
  await expect(page.getByTestId('error-password')).toContainText("tenant's password rule");
  await newIdentity.getByLabel('Password').fill('Long-enough-2026');
  await page.getByRole('button', { name: 'Create identity' }).click();
  await expect(page.getByTestId('identities')).toContainText(identity);
});
