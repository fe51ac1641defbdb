import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, LEVEL1, hydrated, signIn } from './helpers';

// Runs against the second portal that scripts/test.sh starts with SESSION_IDLE_SECS=12, SESSION_WARNING_SECS=8.
test.use({ baseURL: process.env.SHORT_SESSION_URL ?? 'http://127.0.0.1:3002' });

test('the idle warning keeps the session, and an expired one returns the user to their page', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/admin-users?sort=email');
  await expect(page).toHaveURL(/\/admin-users\?sort=email/);

  const warning = page.getByRole('alertdialog');
  await expect(warning).toContainText('You will be signed out', { timeout: 10_000 });
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(warning).toHaveCount(0);

  // Now idle for good: the session ends and the browser is sent to sign in.
  await expect(page).toHaveURL(/\/login\?expired=1&next=/, { timeout: 20_000 });
  await expect(page.getByRole('status')).toContainText('Your session ended');
  await hydrated(page);
  await page.getByLabel('Identity').fill(LEVEL1);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin-users\?sort=email$/);
});

test('a page opened after the session ended goes to sign-in and back', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/admin-users');
  await page.goto('about:blank');
  await page.waitForTimeout(13_000);
  await page.goto('/admin-users?q=mzansi');
  await expect(page).toHaveURL(/\/login\?expired=1&next=\/admin-users%3Fq%3Dmzansi/);
  await hydrated(page);
  await page.getByLabel('Identity').fill(LEVEL1);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin-users\?q=mzansi$/);
});
