import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, LEVEL1, hydrated, signIn } from './helpers';

// The second portal that scripts/test.sh starts, whose embedded sandbox (and so its clock) listens on 3012.
// No test waits for a session to run out: the browser's clock and the server's are moved forward together.
test.use({ baseURL: process.env.SHORT_SESSION_URL ?? 'http://127.0.0.1:3002' });
const SANDBOX = process.env.SHORT_SESSION_SANDBOX_URL ?? 'http://127.0.0.1:3012';
// The portal's defaults: a session ends after 30 idle minutes, warned in its last two.
const IDLE_MS = 1800 * 1000;
const WARNING_MS = 120 * 1000;

/** Moves the server's clock (the portal's sessions, the sandbox's tokens) forward. */
async function serverClockForward(request: APIRequestContext, ms: number) {
  const res = await request.put(`${SANDBOX}/__sandbox/clock`, { data: { aheadMs: ms } });
  expect(res.status()).toBe(200);
}

async function signInAgain(page: Page, expected: RegExp) {
  await hydrated(page);
  await page.getByLabel('Identity').fill(LEVEL1);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(expected);
}

test('the idle warning keeps the session, and an expired one returns the user to their page', async ({
  page,
  request,
}) => {
  await page.clock.install();
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/admin-users?sort=email');
  await expect(page).toHaveURL(/\/admin-users\?sort=email/);

  const warning = page.getByRole('alertdialog');
  await expect(warning).toBeHidden();
  await page.clock.fastForward(IDLE_MS - WARNING_MS + 5_000);
  await expect(warning).toContainText('You will be signed out');
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(warning).toHaveCount(0);

  // Now idle for good: the session ends and the browser is sent to sign in.
  await serverClockForward(request, IDLE_MS + 1_000);
  await page.clock.fastForward(IDLE_MS + 1_000);
  await expect(page).toHaveURL(/\/login\?expired=1&next=/);
  await expect(page.getByRole('status')).toContainText('Your session ended');
  await signInAgain(page, /\/admin-users\?sort=email$/);
});

test('a page opened after the session ended goes to sign-in and back', async ({ page, request }) => {
  await signIn(page, LEVEL1, DEMO_PASSWORD, '/admin-users');
  await serverClockForward(request, IDLE_MS + 1_000);
  await page.goto('/admin-users?q=mzansi');
  await expect(page).toHaveURL(/\/login\?expired=1&next=\/admin-users%3Fq%3Dmzansi/);
  await signInAgain(page, /\/admin-users\?q=mzansi$/);
});
