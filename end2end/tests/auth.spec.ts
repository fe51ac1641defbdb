import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, SYSTEM, LEVEL1, hydrated, signIn, watchConsole } from './helpers';

test('signing in lands where the user was going', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/admin-users?sort=email&dir=desc');
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await page.getByLabel('Identity').fill(SYSTEM);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin-users\?sort=email&dir=desc$/);
  await expect(page.getByTestId('tenant-name')).toHaveText('Mzansi Wallet');
  await expect(page.getByTestId('user-positions')).toHaveText('TENANT_SYSTEM');
  await expect(page.getByRole('columnheader', { name: /Email/ })).toHaveAttribute('aria-sort', 'descending');
  expect(errors).toEqual([]);
});

test("a wrong password shows Eclipse's message and keeps the identity", async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Identity').fill(SYSTEM);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Invalid identity or password');
  await expect(alert).toContainText('Reference');
  await expect(page.getByLabel('Identity')).toHaveValue(SYSTEM);
  await expect(page).toHaveURL(/\/login/);
});

test('signing out ends the session and the cookie is worth nothing after', async ({ page, context }) => {
  await signIn(page, LEVEL1);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.includes('eclipse_admin'));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await expect(page.getByRole('status')).toContainText('You are signed out');
  // Replaying the old cookie does not bring the session back.
  await context.addCookies([session!]);
  await page.goto('/admin-users');
  await expect(page).toHaveURL(/\/login/);
});

test('the token never reaches the browser', async ({ page }) => {
  const bodies: string[] = [];
  page.on('response', async (r) => {
    const type = r.headers()['content-type'] ?? '';
    if (type.includes('html') || type.includes('json')) bodies.push(await r.text().catch(() => ''));
  });
  await signIn(page, SYSTEM);
  await page.goto('/admin-users');
  await expect(page.getByTestId('admin-users-table')).toBeVisible();
  for (const body of bodies) {
    expect(body).not.toMatch(/Bearer\s|eyJhbGciOi/);
  }
});

test('an unknown page answers 404 with a way home', async ({ page }) => {
  await signIn(page, LEVEL1);
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
  await page.getByRole('link', { name: 'Go home' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});
