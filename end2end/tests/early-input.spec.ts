import { test, expect, Page } from '@playwright/test';
import { SYSTEM, DEMO_PASSWORD, hydrated, isHydrated, signIn, watchConsole } from './helpers';

/** Holds the page's WebAssembly back until `release` is called, as a slow connection would. */
async function holdHydration(page: Page): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/pkg\/.*\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

test('what is typed before the page hydrates is kept, and the page acts on it', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/admin-users');
  const release = await holdHydration(page);

  await page.goto('/admin-users/new');
  await page.getByLabel('Identity').fill('typed.early');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('LEVEL_02').check();
  await expect.poll(() => isHydrated(page)).toBe(false);
  release();
  await hydrated(page);

  await expect(page.getByLabel('Identity')).toHaveValue('typed.early');
  await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
  await expect(page.getByLabel('LEVEL_02')).toBeChecked();
  // The page's own state holds the early typing: the identity is accepted, the email is not.
  await page.getByRole('button', { name: 'Create admin user' }).click();
  await expect(page.getByTestId('error-email')).toContainText('email address');
  await expect(page.getByTestId('error-secret')).toBeVisible();
  await expect(page.getByTestId('error-identity')).toHaveCount(0);
  await expect(page.getByTestId('error-positions')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the customer list loads no WebAssembly, and a search typed as it loads is run', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/customers');
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(request.url());
  });
  await page.goto('/customers', { waitUntil: 'commit' });
  await page.getByLabel('Search').fill('Dlamini');
  await expect(page).toHaveURL(/[?&]q=Dlamini/);
  await expect(page.getByTestId('customers-table')).toContainText('Dlamini');
  await expect(page.getByLabel('Search')).toHaveValue('Dlamini');
  expect(wasm).toEqual([]);
});
