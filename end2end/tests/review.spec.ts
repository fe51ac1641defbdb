import { test, expect, Page, Browser } from '@playwright/test';
import { SYSTEM, LEVEL1, signIn, hydrated, watchConsole } from './helpers';

const REVIEWER = 'mzansi.reviewer';
const REVIEWER2 = 'mzansi.reviewer2';

/** A seeded customer in [from, to]: those up to 120 have documents on file and wallets. */
function customerIn(from: number, to: number): number {
  return from + Math.floor(Math.random() * (to - from + 1));
}

/** Runs ratify from the customer's KYC tab, as an admin would, and answers the new result's id. */
async function runRatify(page: Page, customerId: number): Promise<number> {
  await page.goto(`/customers/${customerId}?tab=kyc`);
  await hydrated(page);
  const latest = page.getByTestId('ratify-result').first().getByRole('heading');
  const before = (await latest.count()) ? await latest.textContent() : '';
  await page.getByRole('button', { name: 'Run ratify' }).click();
  await expect(latest).not.toHaveText(before ?? '');
  const id = Number((await latest.textContent())!.match(/Ratify (\d+)/)![1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function signedIn(browser: Browser, identity: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, identity);
  return page;
}

async function waitingCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('review-count').textContent());
}

/** Pages through the queue until the result's row shows. */
async function queueRow(page: Page, resultId: number) {
  await page.goto('/review');
  await hydrated(page);
  const row = page.locator(`[data-testid=queue-row][data-result="${resultId}"]`);
  for (let i = 0; i < 20 && !(await row.count()); i++) {
    await page.getByRole('link', { name: 'Next' }).click();
    await expect(page).toHaveURL(new RegExp(`page=${i + 2}`));
    await expect(page.getByTestId('pager-summary')).toHaveText(new RegExp(`^${20 * (i + 1) + 1}–`));
  }
  await expect(row).toBeVisible();
  return row;
}

test('reviewers verify one result and reject another; claims, eligibility, four eyes and the audit follow', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = customerIn(1, 60);
  const b = customerIn(61, 120);
  const c = customerIn(121, 160);
  const admin = await signedIn(browser, SYSTEM);
  const resultA = await runRatify(admin, a);
  const resultB = await runRatify(admin, b);
  const resultC = await runRatify(admin, c);

  // The reviewer opens A from the queue: it is claimed for them.
  const reviewer = await signedIn(browser, REVIEWER);
  const errors = watchConsole(reviewer);
  await expect(reviewer.getByRole('link', { name: /Review queue/ })).toBeVisible();
  const before = await waitingCount(reviewer);
  const rowA = await queueRow(reviewer, resultA);
  await expect(rowA.getByTestId('claimed-by')).toHaveCount(0);
  await rowA.getByRole('link', { name: 'Review' }).click();
  await expect(reviewer).toHaveURL(new RegExp(`/review/${resultA}$`));
  await hydrated(reviewer);
  await expect(reviewer.getByTestId('claim-status')).toContainText('You hold this result');
  await expect(reviewer.getByTestId('document-viewer').getByTestId('viewer-pane')).toHaveCount(2);
  await expect(reviewer.getByTestId('ratify-result').first().getByTestId('kyc-check').first()).toBeVisible();

  // The viewer zooms and rotates.
  const pane = reviewer.getByTestId('viewer-pane').first();
  await pane.getByRole('button', { name: 'Zoom in' }).click();
  await expect(pane.getByTestId('zoom')).toHaveText('150 %');
  await pane.getByRole('button', { name: 'Rotate a quarter turn' }).click();
  await expect(pane.getByTestId('viewer-image')).toHaveAttribute('style', /rotate\(90deg\)/);

  // A second reviewer sees the claim, in the queue and on the result, and cannot decide.
  const reviewer2 = await signedIn(browser, REVIEWER2);
  const rowFor2 = await queueRow(reviewer2, resultA);
  await expect(rowFor2.getByTestId('claimed-by')).toContainText(REVIEWER);
  await reviewer2.goto(`/review/${resultA}`);
  await expect(reviewer2.getByTestId('claim-status')).toContainText(`${REVIEWER} is reviewing this result`);
  await expect(reviewer2.getByTestId('decision-form')).toHaveCount(0);

  // Verify A: the form insists on a choice, the confirmation says what follows, then on to the next result.
  await reviewer.getByRole('button', { name: 'Record decision…' }).click();
  await expect(reviewer.getByTestId('error-decision')).toHaveText('Choose Verified or Rejected.');
  await reviewer.getByLabel(/^Verified/).check();
  await reviewer.getByLabel(/^Comment/).fill('Documents clear; selfie matches.');
  await reviewer.getByRole('button', { name: 'Record decision…' }).click();
  const dialog = reviewer.getByRole('dialog');
  await expect(dialog.getByTestId('decision-consequences')).toContainText('→ FULL');
  await expect(dialog).toContainText('Premium ZAR');
  await dialog.getByRole('button', { name: 'Send the decision' }).click();
  await expect(reviewer).not.toHaveURL(new RegExp(`/review/${resultA}$`));
  await expect(reviewer).toHaveURL(/\/review(\/\d+)?$/);
  await expect(reviewer.getByTestId('review-count')).toHaveText(String(before - 1));

  // The customer is FULL now, and may open the FULL wallet type.
  await admin.goto(`/customers/${a}?tab=wallets`);
  await expect(admin.getByTestId('kyc-level')).toHaveText('KYC FULL');
  await expect(admin.getByTestId('wallet-type-option').filter({ hasText: 'Premium ZAR' })).toHaveCount(1);

  // Reject B with a reason: the confirmation lists the wallets it leaves alone.
  await reviewer.goto(`/review/${resultB}`);
  await hydrated(reviewer);
  await reviewer.getByLabel(/^Rejected/).check();
  await reviewer.getByRole('button', { name: 'Record decision…' }).click();
  await expect(reviewer.getByTestId('error-reason')).toHaveText('Choose the reason for the rejection.');
  await reviewer.getByLabel('Reason for the rejection').selectOption('DATA_MISMATCH');
  await reviewer.getByRole('button', { name: 'Record decision…' }).click();
  await expect(dialog.getByTestId('wallets-kept').locator('li').first()).toBeVisible();
  await expect(dialog).toContainText('→ NONE');
  await dialog.getByRole('button', { name: 'Send the decision' }).click();
  await expect(reviewer).not.toHaveURL(new RegExp(`/review/${resultB}$`));
  await expect(reviewer.getByTestId('review-count')).toHaveText(String(before - 2));

  await admin.goto(`/customers/${b}?tab=wallets`);
  await expect(admin.getByTestId('kyc-level')).toHaveText('KYC NONE');
  await expect(admin.getByTestId('wallet-type-option').filter({ hasText: 'Premium ZAR' })).toHaveCount(0);
  await admin.goto(`/customers/${b}?tab=kyc`);
  await expect(admin.getByTestId('ratify-result').first().getByTestId('verified-status')).toHaveText('Rejected');
  await expect(admin.getByTestId('decision-history').getByTestId('decision-row').first()).toContainText(
    'Data mismatch',
  );

  // Four eyes: the admin who ran C's ratify may not decide it; the page says why.
  await admin.goto(`/review/${resultC}`);
  await expect(admin.getByTestId('claim-status')).toContainText('Four eyes: you ran ratify for this customer');
  await expect(admin.getByTestId('decision-form')).toHaveCount(0);

  // A change to C's profile after its result was made: the reviewer is told the checks may be stale.
  await admin.goto(`/customers/${c}`);
  await hydrated(admin);
  await admin.getByLabel('Email', { exact: true }).fill(`customer${c}.${Date.now()}@example.com`);
  await admin.getByRole('button', { name: 'Save details' }).click();
  await expect(admin.getByTestId('toast').last()).toContainText('Saved');
  await reviewer.goto(`/review/${resultC}`);
  await expect(reviewer.getByTestId('evidence-changed')).toContainText(`${SYSTEM} changed this customer's profile`);
  await expect(reviewer.getByTestId('evidence-changed')).toContainText('ratify again');
  await reviewer.screenshot({ path: 'test-results/review-evidence-changed.png', fullPage: true });

  // The audit page lists both decisions and exports them.
  await admin.goto('/audit');
  await hydrated(admin);
  await expect(admin.getByTestId('decision-row').filter({ hasText: `#${resultA}` })).toContainText('Verified');
  await expect(admin.getByTestId('decision-row').filter({ hasText: `#${resultB}` })).toContainText('Data mismatch');
  await admin.getByLabel('Reviewer').fill(REVIEWER);
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await expect(admin).toHaveURL(/reviewer=mzansi.reviewer/);
  const download = admin.waitForEvent('download');
  await admin.getByTestId('audit-csv').click();
  const csv = await (await download).path().then((p) => require('fs').readFileSync(p!, 'utf8'));
  expect(csv).toContain(`"${resultA}","${a}","VERIFIED"`);
  expect(csv).toContain(`"${resultB}","${b}","REJECTED","DATA_MISMATCH"`);
  expect(errors).toEqual([]);
});

test('a reviewer releases a claim and the other reviewer takes the result', async ({ browser }) => {
  const admin = await signedIn(browser, SYSTEM);
  const result = await runRatify(admin, customerIn(1, 120));
  const reviewer = await signedIn(browser, REVIEWER);
  await reviewer.goto(`/review/${result}`);
  await hydrated(reviewer);
  await reviewer.getByRole('button', { name: 'Release claim' }).click();
  await expect(reviewer).toHaveURL(/\/review$/);
  const reviewer2 = await signedIn(browser, REVIEWER2);
  await reviewer2.goto(`/review/${result}`);
  await expect(reviewer2.getByTestId('claim-status')).toContainText('You hold this result');
  await expect(reviewer2.getByTestId('decision-form')).toBeVisible();
});

test('the queue measures each wait against the review SLA and sorts by when results came', async ({ browser }) => {
  const admin = await signedIn(browser, SYSTEM);
  const fresh = await runRatify(admin, customerIn(60, 120));
  const page = await signedIn(browser, REVIEWER);
  await page.goto('/review');
  await expect(page.getByRole('columnheader', { name: 'Waiting (SLA 24 h)' })).toBeVisible();
  // The longest waiting first: the seeded oldest is past the SLA, and says by how much.
  const oldest = page.getByTestId('queue-row').first().getByTestId('sla');
  await expect(oldest).toHaveAttribute('data-sla', 'past');
  await expect(oldest).toContainText(/ past the 24 h SLA$/);
  await page.screenshot({ path: 'test-results/review-queue-sla.png' });

  await page.getByRole('link', { name: /Received/ }).click();
  await expect(page).toHaveURL(/sort=created&dir=desc/);
  await expect(page.getByRole('columnheader', { name: /Received/ })).toHaveAttribute('aria-sort', 'descending');
  const received = await page.getByTestId('received').allTextContents();
  expect(received).toEqual([...received].sort().reverse());
  const note = page.locator(`[data-testid=queue-row][data-result="${fresh}"]`).getByTestId('sla');
  await expect(note).toHaveAttribute('data-sla', 'within');
  await expect(note).toContainText(/^(1 d 0 h|23 h \d+ min) left$/);
});

test('a reviewer moves through the queue and decides with the keyboard alone, through the same confirmation', async ({
  browser,
}) => {
  const admin = await signedIn(browser, SYSTEM);
  const result = await runRatify(admin, customerIn(1, 120));
  const page = await signedIn(browser, REVIEWER2);
  const errors = watchConsole(page);
  await page.goto(`/review/${result}`);
  await hydrated(page);

  // `?` lists the page's shortcuts; Escape closes the list.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await page.screenshot({ path: 'test-results/review-shortcuts.png' });
  for (const line of [
    'Verify: choose Verified and confirm',
    'Reject: choose Rejected, then its reason',
    'Zoom both documents in',
    'Previous result in the queue',
  ]) {
    await expect(help).toContainText(line);
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Both documents zoom together, and back.
  const zooms = page.getByTestId('zoom');
  await page.keyboard.press('+');
  await expect(zooms).toHaveText(['150 %', '150 %']);
  await page.keyboard.press('0');
  await expect(zooms).toHaveText(['100 %', '100 %']);

  // The result before this one in the queue, and back.
  await page.keyboard.press('k');
  await expect(page).not.toHaveURL(new RegExp(`/review/${result}$`));
  await hydrated(page);
  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`/review/${result}$`));
  await hydrated(page);

  // `v` asks the same confirmation as the button; Escape leaves it undecided.
  await page.keyboard.press('v');
  const confirm = page.getByRole('dialog', { name: 'Send this decision to Eclipse?' });
  await expect(confirm.getByTestId('decision-consequences')).toContainText('→ FULL');
  await expect(confirm.getByRole('button', { name: 'Send the decision' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();

  // `r` chooses Rejected and goes to its reason; the rest is Tab and Enter.
  await page.keyboard.press('r');
  const reason = page.getByLabel('Reason for the rejection');
  await expect(reason).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(reason).toHaveValue('DOCUMENT_UNREADABLE');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Selfie too dark to compare.');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Record decision…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'Send the decision' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('toast').last()).toContainText(`Result #${result} rejected.`);
  expect(errors).toEqual([]);
});

test('positions that do not review see no queue and are refused', async ({ page }) => {
  await signIn(page, LEVEL1);
  await expect(page.getByRole('link', { name: /Review queue/ })).toHaveCount(0);
  const response = await page.goto('/review');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('error-panel')).toContainText('Your position does not allow this.');
  const audit = await page.goto('/audit');
  expect(audit?.status()).toBe(403);
});
