import { test, expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, demoCode, hydrated, signIn, totpCode, unique } from './helpers';

const KAROO = 'karoo.system';

async function passwordStep(page: Page, identity: string, password = DEMO_PASSWORD, path = '/') {
  await page.goto(path);
  await hydrated(page);
  await page.getByLabel('Identity').fill(identity);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/second-factor$/);
}

test('a tenant that requires a second factor: the code step, the code from the command, and a code used twice', async ({
  page,
  browser,
}) => {
  await passwordStep(page, KAROO, DEMO_PASSWORD, '/wallet-types');
  await expect(page.getByRole('heading', { name: 'Enter your one-time code' })).toBeVisible();
  await expect(page.getByTestId('second-factor-identity')).toHaveText(KAROO);
  const code = await demoCode(KAROO);
  await page.getByLabel('One-time code').fill(code);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/wallet-types$/);
  await expect(page.getByTestId('user-identity')).toHaveText(KAROO);

  // The same code, in another browser: refused, as codes work once (and counted as a failed sign-in, so
  // this spec refuses one code a run).
  const other = await (await browser.newContext()).newPage();
  await passwordStep(other, KAROO);
  await other.getByLabel('One-time code').fill(code);
  await other.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(other.getByRole('alert')).toContainText('already used');
  // "Start again" drops the half-done sign-in.
  await other.getByRole('button', { name: 'Start again' }).click();
  await expect(other).toHaveURL(/\/login$/);
  await other.goto('/login/second-factor');
  await expect(other.getByRole('heading', { name: 'Sign-in expired' })).toBeVisible();
  await other.context().close();
});

test('a new admin in a position the tenant requires it of enrols an authenticator at their first sign-in', async ({
  page,
  browser,
}) => {
  const identity = unique('karoo.e2e.');
  const password = 'four random words make a passphrase';
  await signIn(page, KAROO, DEMO_PASSWORD, '/admin-users/new');
  await page.getByLabel('Identity').fill(identity);
  await page.getByLabel('Email').fill(`${identity}@example.com`);
  await page.getByLabel('First name').fill('Zola');
  await page.getByLabel('Last name').fill('Mthembu');
  await page.getByLabel('Phone').fill('0829876543');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByLabel('TENANT_SYSTEM').check();
  await page.getByRole('button', { name: 'Create admin user' }).click();
  await expect(page.getByTestId('toast')).toContainText(`Admin user ${identity} created`);

  // The tenant's setting that made this so: positions, chosen with boxes.
  await page.goto('/tenant');
  const row = page.getByRole('row').filter({ hasText: 'secondFactorPositions' });
  await expect(row).toContainText('TENANT_SYSTEM');
  await hydrated(page);
  await row.getByRole('button', { name: /Edit/ }).click();
  const editor = page.getByTestId('config-editor');
  await expect(editor.getByLabel('Tenant system (everything)')).toBeChecked();
  await expect(editor.getByLabel('Level 3 (status, transfers)')).not.toBeChecked();

  const newcomer = await (await browser.newContext()).newPage();
  await passwordStep(newcomer, identity, password);
  await expect(newcomer.getByRole('heading', { name: 'Set up your second factor' })).toBeVisible();
  const qr = newcomer.getByTestId('enrolment-qr');
  await expect(qr.locator('svg')).toBeVisible();
  await expect(qr).toHaveAttribute('role', 'img');
  const key = (await newcomer.getByTestId('enrolment-key').textContent())!.replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await newcomer.screenshot({ path: test.info().outputPath('enrolment.png'), fullPage: true });
  await newcomer.getByLabel('One-time code').fill(totpCode(key));
  await newcomer.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(newcomer.getByTestId('user-identity')).toHaveText(identity);
  await newcomer.context().close();
});
