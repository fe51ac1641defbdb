import { test, expect, Page, Browser } from '@playwright/test';
import { signIn, hydrated, watchConsole } from './helpers';
import * as fs from 'fs';

// A seeded customer no other spec touches, with documents on file.
const CUSTOMER = 177;
const ASKER = 'mzansi.reviewer';
const APPROVER = 'mzansi.reviewer2';

async function signedIn(browser: Browser, identity: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, identity, undefined, path);
  return page;
}

/** The customer's KYC level as the page's header shows it. */
async function level(page: Page): Promise<string> {
  const text = (await page.getByTestId('kyc-level').textContent())!;
  return text.replace('KYC', '').trim();
}

async function ask(page: Page, to: string, reason: string) {
  await page.goto(`/customers/${CUSTOMER}?tab=manual-kyc`);
  await hydrated(page);
  const form = page.getByTestId('manual-kyc-form');
  await form.getByLabel('New KYC level').selectOption(to);
  await form.getByLabel('Supporting document').selectOption({ index: 1 });
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Request approval…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`KYC level ${to}`);
  await dialog.getByRole('button', { name: 'Request approval' }).click();
  await expect(page.getByTestId('toast').last()).toContainText('A second reviewer approves it');
}

test('a KYC level set by hand waits for a second reviewer, who approves or declines it', async ({ browser }) => {
  const asker = await signedIn(browser, ASKER, `/customers/${CUSTOMER}?tab=manual-kyc`);
  const errors = watchConsole(asker);
  await hydrated(asker);
  const before = await level(asker);
  const to = before === 'FULL' ? 'BASIC' : 'FULL';

  // Nothing is sent without a level, a document and a reason.
  const form = asker.getByTestId('manual-kyc-form');
  await form.getByRole('button', { name: 'Request approval…' }).click();
  for (const field of ['kyc_level', 'document_id', 'reason']) {
    await expect(asker.getByTestId(`error-${field}`)).toBeVisible();
  }
  await expect(asker.getByRole('dialog')).toHaveCount(0);

  const reason = `Passport seen in branch ${Date.now()}`;
  await ask(asker, to, reason);
  const mine = asker.getByTestId('kyc-request-row').filter({ hasText: reason });
  await expect(mine.getByTestId('kyc-request-status')).toHaveText('Waiting');
  await expect(mine.getByTestId('own-request')).toBeVisible();
  expect(await level(asker)).toBe(before);

  // The second reviewer finds it in the queue and approves it: the level changes in Eclipse.
  const approver = await signedIn(browser, APPROVER, '/review/manual-kyc');
  const row = approver.getByTestId('kyc-request-row').filter({ hasText: reason });
  await expect(row).toContainText(`${before} → ${to}`);
  await expect(row).toContainText(ASKER);
  await hydrated(approver);
  await row.getByRole('button', { name: 'Approve…' }).click();
  await approver.getByRole('dialog').getByRole('button', { name: 'Approve and set' }).click();
  await expect(approver.getByTestId('toast').last()).toContainText('the KYC level was set');

  // The KYC tab's trail shows the request, who decided it, and Eclipse's manual result.
  await asker.goto(`/customers/${CUSTOMER}?tab=kyc`);
  expect(await level(asker)).toBe(to);
  const trail = asker.getByTestId('manual-kyc-trail').getByTestId('kyc-request-row').filter({ hasText: reason });
  await expect(trail.getByTestId('kyc-request-status')).toHaveText('Set');
  await expect(trail).toContainText(APPROVER);
  const result = asker.getByTestId('ratify-result').first();
  await expect(result.getByTestId('ratify-status')).toHaveText(`Level set to ${to}`);
  await expect(result.getByTestId('decided')).toContainText(APPROVER);
  await expect(result.getByTestId('decided')).toContainText(`asked by ${ASKER}`);

  // A request back down, declined with a reason: nothing changes.
  const back = `Downgrade asked ${Date.now()}`;
  await ask(approver, before, back);
  await asker.goto('/review/manual-kyc');
  await hydrated(asker);
  const other = asker.getByTestId('kyc-request-row').filter({ hasText: back });
  await other.getByRole('button', { name: 'Decline…' }).click();
  const decline = asker.getByRole('dialog');
  await decline.getByLabel('Reason').fill('No evidence for a downgrade');
  await decline.getByRole('button', { name: 'Decline' }).click();
  await expect(asker.getByTestId('toast').last()).toContainText('Request declined');
  await asker.goto(`/customers/${CUSTOMER}?tab=manual-kyc`);
  expect(await level(asker)).toBe(to);
  const declined = asker.getByTestId('kyc-request-row').filter({ hasText: back });
  await expect(declined.getByTestId('kyc-request-detail')).toContainText('No evidence for a downgrade');
  expect(errors).toEqual([]);
});

test("the customer's timeline merges Eclipse's trail with the portal's requests, by kind, and as CSV", async ({ browser }) => {
  const customer = 178;
  // A ratify run: Eclipse's trail.
  const system = await signedIn(browser, 'mzansi.system', `/customers/${customer}?tab=kyc`);
  const errors = watchConsole(system);
  await hydrated(system);
  const latest = system.getByTestId('ratify-result').first().getByRole('heading');
  const before = (await latest.count()) ? await latest.textContent() : '';
  await system.getByRole('button', { name: 'Run ratify' }).click();
  await expect(latest).not.toHaveText(before ?? '');
  const reviewer = await signedIn(browser, ASKER, `/customers/${customer}?tab=manual-kyc`);

  // A manual KYC request: the portal's line, which Eclipse never sees.
  await reviewer.goto(`/customers/${customer}?tab=manual-kyc`);
  await hydrated(reviewer);
  const current = await level(reviewer);
  const trail = reviewer.getByTestId('kyc-request-row').filter({ has: reviewer.getByTestId('own-request') });
  if ((await trail.count()) === 0) {
    const form = reviewer.getByTestId('manual-kyc-form');
    await form.getByLabel('New KYC level').selectOption(current === 'FULL' ? 'BASIC' : 'FULL');
    await form.getByLabel('Supporting document').selectOption({ index: 1 });
    await form.getByLabel('Reason').fill(`Timeline check ${Date.now()}`);
    await form.getByRole('button', { name: 'Request approval…' }).click();
    await reviewer.getByRole('dialog').getByRole('button', { name: 'Request approval' }).click();
    await expect(reviewer.getByTestId('toast').last()).toContainText('A second reviewer approves it');
  }

  await system.goto(`/customers/${customer}?tab=timeline`);
  const entries = system.getByTestId('timeline-entry');
  await expect(entries.filter({ hasText: 'kyc.manual.request' }).first()).toContainText(ASKER);
  await expect(entries.filter({ hasText: 'RATIFY_RUN' }).first()).toContainText('mzansi.system · Eclipse');
  const times = await entries.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!));
  expect([...times].sort().reverse()).toEqual(times);

  // Filtered by kind, in the address.
  await system.getByLabel('Kind').selectOption('KYC');
  await system.getByRole('button', { name: 'Apply' }).click();
  await expect(system).toHaveURL(/kind=KYC/);
  await expect(entries.first()).toBeVisible();
  for (const kind of await entries.evaluateAll((es) => es.map((e) => e.getAttribute('data-kind')))) {
    expect(kind).toBe('KYC');
  }
  await system.getByLabel('Kind').selectOption('WITHDRAWAL');
  await system.getByRole('button', { name: 'Apply' }).click();
  await expect(system.getByTestId('timeline-empty').or(entries.first())).toBeVisible();
  await system.getByLabel('Kind').selectOption('');
  await system.getByRole('button', { name: 'Apply' }).click();

  // The CSV has what the page has.
  const download = system.waitForEvent('download');
  await system.getByRole('link', { name: 'Download CSV' }).click();
  const csv = fs.readFileSync((await (await download).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('at_utc,kind,source,action,description,actor,wallet_id,result,trace_id');
  expect(csv).toContain('kyc.manual.request');
  await system.screenshot({ path: 'test-results/timeline.png', fullPage: true });
  expect(errors).toEqual([]);
});
