import { expect, Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';

export const DEMO_PASSWORD = 'Eclipse-Demo-2026';
export const SYSTEM = 'mzansi.system';
export const LEVEL1 = 'mzansi.level1';

/**
 * An amount as the portal shows it, in South African English (`R 25,50`, `US$1 500,00`): Node's own ICU is
 * the reference the portal's formatting is checked against.
 */
export function money(cents: number, currency = 'ZAR', locale = 'en-ZA'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/** A name no earlier run has used, so the suite can run again against the same data. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/** Set on `<html>` by the page's bootstrap script once its islands have hydrated (`src/ui/js/contract.js`). */
export const HYDRATED_ATTRIBUTE = 'data-hydrated';

/** Whether the page's WebAssembly has hydrated. */
export function isHydrated(page: Page): Promise<boolean> {
  return page.evaluate((name) => document.documentElement.hasAttribute(name), HYDRATED_ATTRIBUTE);
}

/** Waits until the page's WebAssembly has hydrated, so clicks reach their handlers. */
export async function hydrated(page: Page) {
  await page.waitForFunction((name) => document.documentElement.hasAttribute(name), HYDRATED_ATTRIBUTE, {
    timeout: 25_000,
  });
}

export async function signIn(page: Page, identity: string, password = DEMO_PASSWORD, path = '/') {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await page.getByLabel('Identity').fill(identity);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Demo users with a second factor (karoo.system, mzansi.level3) are asked for a code next.
  const code = page.getByLabel('One-time code');
  const signedIn = page.getByTestId('user-identity');
  await expect(signedIn.or(code)).toBeVisible({ timeout: 15_000 });
  if (await code.isVisible()) {
    await code.fill(await demoCode(identity));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
  }
  // A fresh browser context compiles the WASM before the signed-in page is interactive; a loaded machine is slow.
  await expect(signedIn).toHaveText(identity, { timeout: 15_000 });
  await hydrated(page);
}

/**
 * A demo user's one-time code, from `eclipse-sandbox totp` against the main portal's sandbox data
 * (`MAIN_SANDBOX_DIR`, which scripts/test.sh sets; `data/sandbox` is scripts/start.sh's). A code works once:
 * when this step's and the next one's were both used, no code is left until the next 30-second step.
 */
export async function demoCode(identity: string): Promise<string> {
  const bin = process.env.SANDBOX_BIN ?? '../target/debug/eclipse-sandbox';
  const dir = process.env.MAIN_SANDBOX_DIR ?? '../data/sandbox';
  for (let tries = 0; ; tries++) {
    try {
      return execFileSync(bin, ['totp', identity, '--data-dir', dir], { encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch (error) {
      if (tries >= 35 || !String((error as { stderr?: string }).stderr).includes('try again')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at `time` ms, as an authenticator app shows it. */
export function totpCode(base32: string, time = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** Fails the test on any console error or uncaught exception of the page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** A South African identity number no earlier run has used: a random birth date and serial, and its Luhn digit. */
export function uniqueSaId(): { id: string; dateOfBirth: string } {
  const year = 1960 + Math.floor(Math.random() * 40);
  const month = 1 + Math.floor(Math.random() * 12);
  const day = 1 + Math.floor(Math.random() * 28);
  const two = (n: number) => String(n).padStart(2, '0');
  const serial = String(Math.floor(Math.random() * 10000)).padStart(4, '0');
  const first12 = `${String(year).slice(2)}${two(month)}${two(day)}${serial}08`;
  let sum = 0;
  [...first12].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  });
  return { id: first12 + String((10 - (sum % 10)) % 10), dateOfBirth: `${year}-${two(month)}-${two(day)}` };
}

export const fixture = (name: string) => `${__dirname}/../fixtures/${name}`;

/** Changes a wallet's or a card's status through its form (`scope`), with a reason, and confirms. */
export async function changeStatus(scope: Locator, page: Page, status: string, reason: string) {
  await scope.getByLabel('New status').selectOption(status);
  await scope.getByLabel('Reason').fill(reason);
  await scope.getByRole('button', { name: 'Change status…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Change status' }).click();
}

/**
 * Posts a form to a server function straight from the page, with its session, as a script could (the
 * server's own check, whatever the page shows): the answer's status.
 */
export function postFromPage(page: Page, path: string, body: string): Promise<number> {
  return page.evaluate(
    async ({ path, body }) => {
      const res = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      return res.status;
    },
    { path, body },
  );
}
