import { test, expect, Page } from '@playwright/test';
import { SYSTEM, DEMO_PASSWORD, signIn, hydrated, money, postFromPage } from './helpers';

/** The tenant's setting back to its default, whatever the test came to: every other spec reads en-ZA. */
async function backToDefault(page: Page) {
  await postFromPage(page, '/api/config/delete', 'key=numberLocale');
}

/** A balance as the page shows it, in cents, whatever the locale's marks. */
async function shownCents(page: Page, testid: string): Promise<number> {
  const text = (await page.getByTestId('balances').getByTestId(testid).textContent())!;
  return Number(text.replace(/[^0-9-]/g, ''));
}

test('the tenant writes amounts its own way: the setting, the pages and the forms in the browser follow', async ({
  page,
}) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/tenant');
  try {
    await hydrated(page);
    await page.getByRole('button', { name: 'Add setting' }).click();
    const editor = page.getByTestId('config-editor');
    await editor.getByLabel('Key').fill('numberLocale');
    await editor.getByLabel('Value', { exact: true }).selectOption('de-DE');
    await editor.getByRole('button', { name: 'Save setting' }).click();
    await expect(page.getByTestId('toast').last()).toContainText('Saved numberLocale');

    // The wallet page, drawn by the server, in German.
    await page.goto('/customers/11?tab=wallets');
    await page.getByTestId('wallet-row').first().getByRole('link').click();
    await hydrated(page);
    const available = await shownCents(page, 'available');
    await expect(page.getByTestId('balances').getByTestId('available')).toHaveText(
      money(available, 'ZAR', 'de-DE'),
    );
    // The transfer form's preview, drawn in the browser by its island, in German too.
    const form = page.getByTestId('transfer-form');
    await form.getByLabel('To wallet').fill('W0000120');
    await form.getByLabel(/^Amount/).fill('1234,5');
    await form.getByRole('button', { name: 'Review transfer…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('transfer-amount')).toHaveText(money(123450, 'ZAR', 'de-DE'));
    await expect(dialog.getByTestId('transfer-amount')).toHaveText('1.234,50\u00a0ZAR');
    await page.screenshot({ path: 'test-results/number-locale-de.png' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await backToDefault(page);
  }
  // Back to South African English at once.
  await page.reload();
  await expect(page.getByTestId('balances').getByTestId('available')).toContainText('R\u00a0');
});
