import { test, expect, Page } from '@playwright/test';
import { SYSTEM, LEVEL1, signIn, hydrated } from './helpers';

function palette(page: Page) {
  return page.getByRole('dialog', { name: 'Go to a page, a customer or a wallet' });
}

async function openWithKeys(page: Page) {
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  await expect(palette(page).getByRole('combobox')).toBeFocused();
}

function options(page: Page) {
  return palette(page).getByRole('option');
}

test('Ctrl+K goes to any page the position may see, with the keyboard alone', async ({ page }) => {
  await signIn(page, SYSTEM);
  await hydrated(page);
  await openWithKeys(page);
  await expect(options(page).filter({ hasText: 'Audit: all activity' })).toHaveCount(1);
  await page.keyboard.type('revi que');
  await expect(options(page)).toHaveCount(1);
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: 'test-results/palette-pages.png' });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/review(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Review queue' })).toBeVisible();
  // Escape closes it, and nothing moves.
  await hydrated(page);
  await openWithKeys(page);
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  await expect(page).toHaveURL(/\/review/);
});

test('a position is offered only its own pages', async ({ page }) => {
  await signIn(page, LEVEL1);
  await hydrated(page);
  await page.getByTestId('palette-open').click();
  await expect(palette(page)).toBeVisible();
  await expect(options(page).filter({ hasText: 'Customers' })).toHaveCount(1);
  for (const hidden of ['Review queue', 'Audit', 'New admin user', 'Manual KYC queue']) {
    await expect(options(page).filter({ hasText: hidden }), hidden).toHaveCount(0);
  }
});

test('customers and wallets are found as they are typed', async ({ page }) => {
  await signIn(page, SYSTEM);
  // What the palette should find, read from the customer's own pages.
  await page.goto('/customers/12');
  const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await page.goto('/customers/12?tab=wallets');
  const walletHref = (await page.locator('a[href^="/wallets/"]').first().getAttribute('href'))!;
  const walletId = walletHref.split('/').pop()!;
  await page.goto(walletHref);
  await hydrated(page);
  const friendlyId = (await page.locator('h1 + p').textContent())!.split(' · ')[0];

  await openWithKeys(page);
  await page.keyboard.type(name);
  const customer = options(page).filter({ hasText: 'Customer #12' });
  await expect(customer).toHaveCount(1);
  await expect(customer).toContainText(name);
  await expect(palette(page).getByRole('status')).toContainText('found');
  await page.screenshot({ path: 'test-results/palette-customer.png' });
  await customer.click();
  await expect(page).toHaveURL(/\/customers\/12$/);

  // By wallet id: the customer of that id comes too (ids are numbers on both).
  await hydrated(page);
  await openWithKeys(page);
  await page.keyboard.type(walletId);
  const wallet = options(page).filter({ hasText: `Wallet #${walletId}` });
  await expect(wallet).toHaveCount(1);
  await expect(wallet).toContainText(friendlyId);
  // Down to it, then Enter.
  const all = await options(page).allTextContents();
  const at = all.findIndex((text) => text.includes(`Wallet #${walletId}`));
  for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
  await expect(wallet).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/wallets/${walletId}$`));

  // By friendly id, in any case.
  await hydrated(page);
  await openWithKeys(page);
  await page.keyboard.type(friendlyId.toLowerCase());
  await expect(options(page).filter({ hasText: `Wallet #${walletId}` })).toHaveCount(1);

  // Nothing found says so.
  await page.getByRole('combobox', { name: 'Go to a page, customer or wallet' }).fill('zzqqxxnobody');
  await expect(palette(page).getByRole('status')).toHaveText('Nothing matches “zzqqxxnobody”.');
});
