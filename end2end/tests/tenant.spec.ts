import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD, SYSTEM, LEVEL1, hydrated, postFromPage, signIn, unique, watchConsole } from './helpers';

const row = (page: Page, key: string) => page.locator(`[data-testid=config-table] tr[data-key="${key}"]`);

async function addSetting(page: Page, key: string, value: string, encrypt = false) {
  await page.getByRole('button', { name: 'Add setting' }).click();
  const editor = page.getByTestId('config-editor');
  await editor.getByLabel('Key').fill(key);
  await editor.getByLabel('Value').fill(value);
  if (encrypt) await editor.getByLabel(/Store encrypted/).check();
  await editor.getByRole('button', { name: 'Save setting' }).click();
  await expect(page.getByTestId('toast').last()).toContainText(`Saved ${key}`);
}

test('add, edit, encrypt and delete settings, with known keys checked', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/tenant');
  await expect(page.getByTestId('tenant-details')).toContainText('Mzansi Wallet');

  // A plain setting: added, then changed.
  const key = unique('e2e.key.');
  await addSetting(page, key, 'one');
  await expect(row(page, key)).toContainText('one');
  await row(page, key).getByRole('button', { name: `Edit ${key}` }).click();
  await page.getByTestId('config-editor').getByLabel('Value').fill('two');
  await page.getByRole('button', { name: 'Save setting' }).click();
  await expect(row(page, key)).toContainText('two');

  // A known key gets its own input, and a broken regular expression is refused on its field, input kept.
  await page.getByRole('button', { name: 'Edit passwordRegEx' }).click();
  const editor = page.getByTestId('config-editor');
  await editor.getByLabel('Try a password').fill('abc');
  await expect(editor.getByTestId('regex-verdict')).toContainText('would be refused');
  await editor.getByLabel('Value', { exact: true }).fill('^([a-z');
  await editor.getByRole('button', { name: 'Save setting' }).click();
  await expect(editor.getByTestId('error-value')).toContainText('not a valid regular expression');
  await expect(editor.getByLabel('Value', { exact: true })).toHaveValue('^([a-z');
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Edit pciCompliant' }).click();
  await expect(page.getByTestId('config-editor').getByRole('switch')).toBeChecked();
  await page.getByTestId('config-editor').getByRole('button', { name: 'Cancel' }).click();

  // A secret is stored encrypted: shown masked, replaceable, never read back.
  const secretKey = unique('e2e.secret.');
  await addSetting(page, secretKey, 'hunter2-very-secret', true);
  await expect(row(page, secretKey)).toContainText('Encrypted');
  await expect(row(page, secretKey).getByTestId('masked-value')).toHaveText('********');
  await row(page, secretKey).getByRole('button', { name: `Edit ${secretKey}` }).click();
  await expect(page.getByLabel('New secret value')).toHaveValue('');
  await page.getByLabel('New secret value').fill('rotated-secret-2');
  await page.getByRole('button', { name: 'Save setting' }).click();
  // The save loads the page again. Adding the key raised the same toast a moment ago, so wait for the new page
  // (the editor gone) before reloading: otherwise the reload races the save's own.
  await expect(page.getByTestId('config-editor')).toHaveCount(0);
  await expect(page.getByTestId('toast').last()).toContainText(`Saved ${secretKey}`);
  await page.reload();
  await expect(row(page, secretKey)).toContainText('Encrypted');
  expect(await page.content()).not.toContain('rotated-secret-2');
  expect(await page.content()).not.toContain('hunter2-very-secret');
  await hydrated(page);

  // Delete, confirmed, saying what applies afterwards.
  await row(page, key).getByRole('button', { name: `Delete ${key}` }).click();
  await expect(page.getByRole('dialog')).toContainText('own default');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete setting' }).click();
  await expect(row(page, key)).toHaveCount(0);
  await row(page, secretKey).getByRole('button', { name: `Delete ${secretKey}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete setting' }).click();
  await expect(row(page, secretKey)).toHaveCount(0);

  // The search is in the URL.
  await page.getByLabel('Search by key').fill('pci');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=pci/);
  await expect(page.locator('[data-testid=config-table] tbody tr')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('edit several settings at once by pasting lines; the result says what changed', async ({ page }) => {
  const errors = watchConsole(page);
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/tenant/config/bulk');
  const plain = unique('e2e.bulk.');
  const secret = unique('e2e.bulksecret.');

  await page.getByLabel('Lines to paste').fill('not a pair');
  await page.getByRole('button', { name: 'Apply to the grid' }).click();
  await expect(page.getByTestId('paste-errors')).toContainText('Line 1: expected key=value');

  await page.getByLabel('Lines to paste').fill(`# rollout\n${plain}=alpha\n${secret}=Encrypt:s3cret-value\npciCompliant=true`);
  await page.getByRole('button', { name: 'Apply to the grid' }).click();
  await expect(page.getByText('1 updated, 2 added')).toBeVisible();
  await expect(page.getByTestId('change-count')).toHaveText('2 changes');
  await page.getByRole('button', { name: 'Save all changes' }).click();

  const summary = page.getByTestId('bulk-summary');
  await expect(summary).toContainText('2 settings changed.');
  await expect(summary).toContainText(`${plain}: (new) → alpha`);
  await expect(summary).toContainText(`${secret}: (new) → ********`);
  await expect(page.getByTestId('change-count')).toHaveText('No changes yet');

  await page.goto(`/tenant?q=e2e.bulk`);
  await expect(row(page, plain)).toContainText('alpha');
  await expect(row(page, secret)).toContainText('Encrypted');
  expect(await page.content()).not.toContain('s3cret-value');
  expect(errors).toEqual([]);
});

test('a read-only position sees no edit controls and the server refuses its changes', async ({ page }) => {
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/tenant');
  await expect(page.getByTestId('config-table')).toContainText('pciCompliant');
  await expect(page.getByRole('button', { name: 'Add setting' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit pciCompliant' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit details' })).toHaveCount(0);
  await page.goto('/tenant/config/bulk');
  await expect(page.getByRole('heading', { name: /not allowed|permission/i })).toBeVisible();

  const edit = 'edit[key]=pciCompliant&edit[value]=false&edit[description]=&edit[encrypt]=false&edit[is_new]=false';
  expect(await postFromPage(page, '/api/config/save', edit)).toBe(403);
});
