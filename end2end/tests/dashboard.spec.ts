import { test, expect } from '@playwright/test';
import { signIn, watchConsole, money, SYSTEM, LEVEL1 } from './helpers';

// The demo's transactions are generated from a fixed seed over the 90 days before the seed date
// (2026-11-01), and no spec adds any there: this range always holds the same figures.
const SEEDED_RANGE = '/?days=90&until=2026-10-31';

test('the dashboard opens after sign-in and each figure leads to its list', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  for (const id of [
    'dash-customers',
    'dash-barred',
    'dash-review-pending',
    'dash-review-over-sla',
    'dash-onboarding-started',
  ]) {
    await expect(page.getByTestId(id)).toHaveText(/^\d+$/);
  }

  // Barred customers: the figure is the filtered list's length.
  const barred = Number(await page.getByTestId('dash-barred').textContent());
  await page.getByTestId('dash-barred').click();
  await expect(page).toHaveURL(/\/customers\?status=BARRED/);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('BARRED');
  const statuses = page.getByTestId('customer-status');
  if (barred > 0) {
    await expect(statuses.first()).toHaveText('BARRED');
    for (const status of await statuses.allTextContents()) expect(status).toBe('BARRED');
  }

  // A KYC level's bar opens the customers of that level.
  await page.goto('/');
  await page.getByTestId('dash-kyc-levels').getByRole('link', { name: 'KYC FULL' }).click();
  await expect(page).toHaveURL(/\/customers\?kyc=FULL/);
  await expect(page.getByLabel('KYC level')).toHaveValue('FULL');

  // Results past the SLA: the queue filtered by that age.
  await page.goto('/');
  await page.getByTestId('dash-review-over-sla').click();
  await expect(page).toHaveURL(/\/review\?age=24h/);
  await expect(page.getByRole('combobox', { name: 'Waiting' })).toHaveValue('24h');
  expect(errors).toEqual([]);
});

test('the money charts show the seeded days, with their numbers as a table', async ({ page }) => {
  await signIn(page, SYSTEM, undefined, SEEDED_RANGE);
  await expect(page.getByTestId('dashboard-range').getByRole('link', { name: '90 days' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByTestId('dash-volume-summary-ZAR')).toHaveText(
    `5997 transactions · ${money(844506100)} in · ${money(277328975)} out`,
  );
  await expect(page.getByTestId('dash-volume-summary-USD')).toHaveText(
    `409 transactions · ${money(58359600, 'USD')} in · ${money(18853885, 'USD')} out`,
  );
  const chart = page.getByTestId('dash-volume-ZAR');
  await expect(chart.locator('figcaption')).toHaveText('ZAR moved per day, 2026-08-03 to 2026-10-31');
  // One row a day for screen readers, with money in and out.
  await expect(chart.locator('table tbody tr')).toHaveCount(90);
  await expect(chart.locator('table thead')).toContainText('Money in');
  await page.getByTestId('dashboard-range').getByRole('link', { name: '30 days' }).click();
  await expect(page).toHaveURL(/days=30&until=2026-10-31/);
  await expect(page.getByTestId('dash-volume-ZAR').locator('table tbody tr')).toHaveCount(30);
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
});

test('a read-only position sees no review queue or onboarding on its dashboard', async ({ page }) => {
  await signIn(page, LEVEL1);
  await expect(page.getByTestId('dash-customers')).toBeVisible();
  await expect(page.getByTestId('dash-review-pending')).toHaveCount(0);
  await expect(page.getByTestId('dash-onboarding-started')).toHaveCount(0);
});
