// Takes a screenshot of every page of the portal, for a person to look at: `node screenshots.mjs [out-dir]`.
import { chromium } from '@playwright/test';
import { HYDRATED_ATTRIBUTE } from '../src/ui/js/contract.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const base = process.env.PORTAL_URL ?? 'http://127.0.0.1:3000';
const out = process.argv[2] ?? 'screenshots';
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const shot = async (page, name) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
const hydrated = (page) =>
  page.waitForFunction((name) => document.documentElement.hasAttribute(name), HYDRATED_ATTRIBUTE);

async function signedIn(identity) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.fill('#identity', identity);
  await page.fill('#password', 'Eclipse-Demo-2026');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=user-identity]');
  return page;
}

const anon = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await anon.goto(`${base}/login?next=/admin-users`);
await shot(anon, '01-login');
await hydrated(anon);
await anon.fill('#identity', 'mzansi.system');
await anon.fill('#password', 'wrong');
await anon.click('button[type=submit]');
await anon.waitForSelector('[role=alert]');
await shot(anon, '02-login-error');

const admin = await signedIn('mzansi.system');
await admin.goto(`${base}/admin-users`);
await shot(admin, '03-admin-users');
await admin.goto(`${base}/admin-users/new`);
await hydrated(admin);
await admin.fill('#field-email', 'not-an-email');
await admin.getByRole('button', { name: 'Create admin user' }).click();
await shot(admin, '04-new-admin-user-errors');
await admin.goto(`${base}/admin-users/2`);
await shot(admin, '05-admin-user-edit');
await hydrated(admin);
await admin.getByRole('button', { name: 'Delete' }).click();
await shot(admin, '06-delete-confirm');
await admin.goto(`${base}/no-such-page`);
await shot(admin, '07-not-found');

await admin.goto(`${base}/tenant`);
await shot(admin, '11-tenant');
await hydrated(admin);
await admin.getByRole('button', { name: 'Edit passwordRegEx' }).click();
await admin.fill('#regex-sample', 'short');
await shot(admin, '12-tenant-config-edit-regex');
await admin.goto(`${base}/tenant/config/bulk`);
await hydrated(admin);
await admin.fill('#paste', 'pciCompliant=false\nnewSetting=42\nbroken line');
await admin.getByRole('button', { name: 'Apply to the grid' }).click();
await shot(admin, '13-config-bulk');
await admin.goto(`${base}/wallet-types`);
await shot(admin, '14-wallet-types');
await admin.goto(`${base}/wallet-types/1`);
await shot(admin, '15-wallet-type-edit');
await admin.goto(`${base}/wallet-types/new`);
await hydrated(admin);
await admin.fill('#field-minBalance', '100');
await admin.fill('#field-maxBalance', '50');
await admin.getByRole('button', { name: 'Create wallet type' }).click();
await shot(admin, '16-wallet-type-new-errors');

// A version conflict: another tab saves the same type first.
const other = await admin.context().newPage();
await admin.goto(`${base}/wallet-types/3`);
await hydrated(admin);
await other.goto(`${base}/wallet-types/3`);
await hydrated(other);
await other.fill('#field-dailyDebitLimit', String(Date.now() % 9000));
await other.getByRole('button', { name: 'Save changes' }).click();
await other.waitForSelector('[data-testid=toast]');
await admin.fill('#field-dailyDebitLimit', '1234');
await admin.getByRole('button', { name: 'Save changes' }).click();
await admin.waitForSelector('[data-testid=conflict]');
await shot(admin, '19-wallet-type-conflict');

await admin.goto(`${base}/customers?q=0821234567`);
await shot(admin, '20-customers-search');
await admin.goto(`${base}/customers/1`);
await shot(admin, '21-customer-profile');
for (const [tab, name] of [
  ['addresses', '22-customer-addresses'],
  ['documents', '23-customer-documents'],
  ['identities', '24-customer-identities'],
  ['kyc', '25-customer-kyc'],
  ['wallets', '26-customer-wallets'],
  ['cards', '27-customer-cards'],
]) {
  await admin.goto(`${base}/customers/2?tab=${tab}`);
  await hydrated(admin);
  await shot(admin, name);
}
await admin.goto(`${base}/onboarding`);
await shot(admin, '28-onboarding-list');
await admin.goto(`${base}/audit`);
await shot(admin, '33-audit');
await admin.goto(`${base}/customers/16?tab=wallets`);
await admin.locator('[data-testid=wallet-row] a').first().click();
await admin.waitForURL(/\/wallets\/\d+$/);
await hydrated(admin);
await shot(admin, '34-wallet');
await admin.locator('[data-testid=card-row] button').first().click();
await shot(admin, '35-card-status');
await admin.goto(`${base}/customers/61`);
await hydrated(admin);
await admin.getByLabel('Reason for barring').fill('Card fraud reported by the bank');
await admin.getByRole('button', { name: 'Bar customer…' }).click();
await shot(admin, '36-bar-confirm');
await admin.getByRole('dialog').getByRole('button', { name: 'Bar customer' }).click();
await admin.getByTestId('job-status').filter({ hasText: 'Done' }).waitFor();
await shot(admin, '37-barred');

const reviewer = await signedIn('mzansi.reviewer');
await reviewer.goto(`${base}/review`);
await shot(reviewer, '29-review-queue');
const first = await reviewer.locator('[data-testid=queue-row]').first().getAttribute('data-result');
await reviewer.goto(`${base}/review/${first}`);
await hydrated(reviewer);
await shot(reviewer, '30-review-case');
await reviewer.getByLabel(/^Rejected/).check();
await reviewer.getByRole('button', { name: 'Record decision…' }).click();
await shot(reviewer, '31-review-reason-missing');
await reviewer.getByLabel('Reason for the rejection').selectOption('DATA_MISMATCH');
await reviewer.getByRole('button', { name: 'Record decision…' }).click();
await shot(reviewer, '32-review-confirm');

const reader = await signedIn('mzansi.level1');
await reader.goto(`${base}/tenant`);
await shot(reader, '17-tenant-readonly');
await reader.goto(`${base}/wallet-types/2`);
await shot(reader, '18-wallet-type-readonly');
await reader.goto(`${base}/admin-users/3`);
await shot(reader, '08-admin-user-readonly');
await reader.goto(`${base}/admin-users/new`);
await shot(reader, '09-forbidden');
const mobile = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
await mobile.goto(`${base}/login`);
await shot(mobile, '10-login-mobile');
await browser.close();
