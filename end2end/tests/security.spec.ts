import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { SYSTEM, LEVEL1, signIn, hydrated, watchConsole } from './helpers';

// The embedded sandbox's fault endpoint (scripts/test.sh fixes its address).
const SANDBOX = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3010';
const API = '/eclipse-conductor/rest/v1';
// A customer no other test edits.
const CUSTOMER = 9;

async function faults(request: APIRequestContext, body: object) {
  const res = await request.put(`${SANDBOX}/__sandbox/faults`, { data: body });
  expect(res.ok()).toBeTruthy();
}

/** Records every Content-Security-Policy violation the page reports, from before its first script. */
async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (window as any).__violations as string[]);
}

test('every main page hydrates under the nonce policy with no violation', async ({ page }) => {
  const errors = watchConsole(page);
  const violations = await watchPolicy(page);
  const login = await page.goto('/login');
  const policy = login!.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self' 'nonce-[\w-]+' 'wasm-unsafe-eval'/);
  expect(policy).not.toContain('unsafe-inline\' \'wasm');
  await hydrated(page);
  await signIn(page, SYSTEM, undefined, '/customers');
  for (const path of ['/customers', `/customers/${CUSTOMER}?tab=kyc`, '/wallets/1', '/review', '/tenant', '/wallet-types', '/admin-users', '/audit/activity']) {
    const res = await page.goto(path);
    expect(res!.headers()['content-security-policy']).toContain("'nonce-");
    expect(res!.headers()['cache-control']).toBe('no-store');
    await hydrated(page);
    expect(await violations(), path).toEqual([]);
  }
  expect(errors).toEqual([]);
});

test.describe('sign-in limits', () => {
  // On the second portal, so that this test's failures from 127.0.0.1 never lock the other tests out.
  test.use({ baseURL: process.env.SHORT_SESSION_URL ?? 'http://127.0.0.1:3002' });

test('failed sign-ins are limited and the page says when to try again', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  // An identity no other test uses: five wrong passwords, then even trying is refused for a while.
  const identity = `mallory.${Date.now()}`;
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Identity').fill(identity);
    await page.getByLabel('Password').fill(`guess-${i}`);
    // A plain form post: the page comes back, with the message.
    await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(page.getByRole('alert')).toContainText('Invalid identity or password');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await page.getByLabel('Password').fill('guess-5');
  await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await expect(page.getByRole('alert')).toContainText('Too many failed sign-ins. Try again in 15 minutes.');
  await expect(page.getByLabel('Identity')).toHaveValue(identity);
  // The form is a plain HTML post, answered with the page again; a client that asks for JSON gets the status.
  const origin = new URL(page.url()).origin;
  const res = await page.request.post('/api/login', {
    form: { identity, password: 'guess-6' },
    headers: { Accept: 'application/json', Origin: origin },
  });
  expect(res.status()).toBe(429);
  expect(Number(res.headers()['retry-after'])).toBeGreaterThan(800);
});
});

test('Eclipse failing: 500, 503, a dropped connection and a slow answer each say so, keep the input, and a retry saves', async ({ page, request }) => {
  test.setTimeout(120_000);
  await signIn(page, SYSTEM, undefined, `/customers/${CUSTOMER}`);
  const passport = `P${Date.now().toString().slice(-8)}`;
  const field = page.getByLabel('Passport number');
  await field.fill(passport);
  // Seeded profiles may carry a country in words, which the form asks to correct first.
  await page.getByLabel('Country of residence').fill('ZA');
  const save = page.getByRole('button', { name: 'Save details' });
  const failure = page.getByRole('alert').filter({ hasText: /Eclipse|Injected/ });
  try {
    for (const status of [500, 503]) {
      await faults(request, { statusForPath: [{ path: `PUT ${API}/tenants/42/customers/${CUSTOMER}`, status }] });
      await save.click();
      // What failed inside Eclipse stays there: its status and trace id are shown, not its description.
      await expect(failure).toContainText(`Eclipse failed on its side (${status})`);
      await expect(failure).not.toContainText('Injected fault');
      await expect(failure).toContainText('reference');
      await expect(failure).not.toContainText('http');
      await expect(field).toHaveValue(passport);
      await expect(save).toBeEnabled();
    }
    await faults(request, { dropRate: 1 });
    await save.click();
    await expect(failure).toContainText('could not be reached. Nothing was saved; try again.');
    await faults(request, {});
    await expect(field).toHaveValue(passport);

    // Slower than the portal waits (15 s): the same message, and nothing lost.
    await faults(request, { latencyMs: 16_000 });
    await save.click();
    await expect(page.getByRole('button', { name: 'Saving…' })).toBeDisabled();
    await expect(failure).toContainText('did not answer in time', { timeout: 25_000 });
    await faults(request, {});
    await expect(field).toHaveValue(passport);
  } finally {
    await faults(request, {});
  }
  // Mended: the same click saves what was typed.
  await save.click();
  await expect(page.getByTestId('toast').last()).toContainText('Saved');
  await page.reload();
  await expect(page.getByLabel('Passport number')).toHaveValue(passport);
});

test('the audit log shows sign-ins, refusals and changes with who and when', async ({ page }) => {
  await signIn(page, SYSTEM, undefined, '/audit/activity?action=sign-in');
  const rows = page.getByTestId('activity-row');
  await expect(rows.first()).toContainText('sign-in');
  await expect(rows.first()).toContainText(SYSTEM);
  await page.getByRole('link', { name: 'KYC decisions' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await page.getByRole('link', { name: 'All activity' }).click();
  await hydrated(page);
  await page.getByLabel('Action starts with').fill('customer.update');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=customer.update/);
  await expect(rows.first()).toContainText(`customer ${CUSTOMER}`);
  await page.getByLabel('Action starts with').fill('');
  await page.getByLabel('Result').selectOption('failed');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows.first()).toContainText(/DAE001|unreachable|UNK001/);
});

test('the same refusal again is counted on its first audit line, not written twice', async ({ browser }) => {
  const attacker = await (await browser.newContext()).newPage();
  await attacker.goto('/login');
  await hydrated(attacker);
  // Two wrong passwords for a real admin: under the limit, so their own sign-in still works afterwards.
  for (const guess of ['guess-one', 'guess-two']) {
    await attacker.getByLabel('Identity').fill(LEVEL1);
    await attacker.getByLabel('Password').fill(guess);
    await Promise.all([attacker.waitForEvent('framenavigated'), attacker.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(attacker.getByRole('alert')).toContainText('Invalid identity or password');
  }
  // Their own sign-in ties the identity to the tenant, whose log then shows the refusals before it.
  await signIn(attacker, LEVEL1);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, SYSTEM, undefined, `/audit/activity?actor=${LEVEL1}&action=sign-in`);
  const refused = admin.getByTestId('activity-row').filter({ has: admin.getByTestId('activity-repeats') });
  await expect(refused).toHaveCount(1);
  await expect(refused.getByTestId('activity-repeats')).toHaveText(/^×2, last /);
  await admin.screenshot({ path: 'test-results/activity-repeats.png', fullPage: true });
});
