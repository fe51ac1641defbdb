import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, SYSTEM } from './helpers';

// JavaScript is off in this project: the sign-in form and the first page work as plain HTML.
test('signing in works without JavaScript', async ({ page }) => {
  await page.goto('/admin-users');
  await expect(page).toHaveURL(/\/login\?next=\/admin-users$/);
  await page.getByLabel('Identity').fill(SYSTEM);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Invalid identity or password');

  await page.getByLabel('Identity').fill(SYSTEM);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin-users$/);
  await expect(page.getByTestId('admin-users-table')).toBeVisible();
  await expect(page.getByTestId('user-identity')).toHaveText(SYSTEM);
});
