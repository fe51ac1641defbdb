import { test, expect, Page } from '@playwright/test';
import { SYSTEM, DEMO_PASSWORD, fixture, hydrated, signIn, unique, uniqueSaId, watchConsole } from './helpers';

const check = (page: Page, name: string) => page.locator(`[data-testid=ratify-result]`).first().locator(`[data-check=${name}]`);

async function startOnboarding(page: Page) {
  await page.goto('/onboarding');
  await hydrated(page);
  await page.getByRole('button', { name: 'Onboard a customer' }).click();
  await expect(page).toHaveURL(/\/onboarding\/[0-9a-f]+/);
  await hydrated(page);
}

async function fillDetails(page: Page, d: { first: string; last: string; id: string; dob: string; phone: string; email: string }) {
  await page.getByLabel('First name').fill(d.first);
  await page.getByLabel('Surname').fill(d.last);
  await page.getByLabel('Date of birth', { exact: true }).fill(d.dob);
  await page.getByLabel('Identity number', { exact: true }).fill(d.id);
  await page.getByLabel('Phone', { exact: true }).fill(d.phone);
  await page.getByLabel('Email', { exact: true }).fill(d.email);
}

async function upload(page: Page, file: string, type: string) {
  await page.getByTestId('upload-zone').last().getByTestId('file-input').setInputFiles(fixture(file));
  const staged = page.getByTestId('staged-file').filter({ hasText: file });
  await staged.getByLabel('This file is').selectOption({ label: type });
  await expect(staged.getByTestId('preview')).toBeVisible();
  await staged.getByRole('button', { name: 'Upload' }).click();
  await expect(staged).toHaveCount(0);
}

test('onboard a customer to a wallet with a card: a failing KYC check is corrected and passes; a reload resumes', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/onboarding');
  await startOnboarding(page);
  const { id, dateOfBirth } = uniqueSaId();
  const last = unique('Mokoena');
  const phone = `082${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  await fillDetails(page, { first: 'Lerato', last, id, dob: dateOfBirth, phone, email: `${last.toLowerCase()}@example.com` });
  await page.getByRole('button', { name: 'Create customer and continue' }).click();

  // Step 2: the address, with a rule broken first.
  await expect(page).toHaveURL(/step=address/);
  await page.getByLabel('Street address').fill('12 Mandela Street');
  await page.getByLabel('City').fill('Johannesburg');
  await page.getByLabel('Postal code').fill('2196');
  await page.getByLabel('Country').fill('ZA');
  await page.getByRole('button', { name: 'Save address and continue' }).click();
  await expect(page.getByTestId('error-country')).toContainText('three-letter');
  await page.getByLabel('Country').fill('ZAF');
  await page.getByRole('button', { name: 'Save address and continue' }).click();

  // Step 3: an ID whose OCR disagrees with the profile, and a selfie; no proof of address yet.
  await expect(page).toHaveURL(/step=documents/);
  await upload(page, 'id-card-ocr.jpg', 'Identity document');
  await upload(page, 'selfie.jpg', 'Selfie');
  await expect(page.getByTestId('document')).toHaveCount(2);
  await expect(page.getByTestId('ocr').getByTestId('ocr-differs').first()).toBeVisible();

  // A reload (or a new sign-in) comes back to the same step with what was done.
  await page.reload();
  await hydrated(page);
  await expect(page.locator('[data-testid=wizard-step][data-state=current]')).toContainText('Documents');
  await expect(page.getByTestId('document')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/onboarding-documents.png', fullPage: true });

  // Step 4: ratify fails, and says what to do.
  await page.getByRole('button', { name: 'Continue to the KYC check' }).click();
  await expect(page).toHaveURL(/step=ratify/);
  await page.getByRole('button', { name: 'Run ratify' }).click();
  await expect(page.getByTestId('ratify-status').first()).toHaveText('Checks failed');
  await expect(check(page, 'ocrMatchesProfile')).toHaveAttribute('data-outcome', 'Failed');
  await expect(check(page, 'proofOfAddressProvided')).toHaveAttribute('data-outcome', 'Failed');
  await expect(check(page, 'proofOfAddressProvided').getByTestId('kyc-advice')).toContainText('proof of address');
  await page.screenshot({ path: 'test-results/onboarding-ratify-failed.png', fullPage: true });

  // Correct it: replace the ID with one that matches, add the proof of address, run again.
  await check(page, 'ocrMatchesProfile').getByRole('link', { name: 'Go there' }).click();
  await expect(page).toHaveURL(/step=documents/);
  const idCard = page.getByTestId('document').filter({ hasText: 'Identity document' });
  await idCard.getByRole('button', { name: 'Replace…' }).click();
  await idCard.getByTestId('file-input').setInputFiles(fixture('id-card.jpg'));
  await idCard.getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByTestId('document').filter({ hasText: 'id-card.jpg' })).toBeVisible();
  await upload(page, 'proof-of-address.jpg', 'Proof of address');
  await page.locator('[data-testid=wizard-step]').filter({ hasText: 'KYC check' }).click();
  await expect(page).toHaveURL(/step=ratify/);
  await page.getByRole('button', { name: 'Run ratify' }).click();
  await expect(page.getByTestId('ratify-result')).toHaveCount(2);
  await expect(page.getByTestId('ratify-status').first()).toHaveText('All checks passed');

  // Step 5: only the types the customer's KYC level allows; a wallet with a physical card by QR code.
  await page.getByRole('button', { name: 'Continue to the wallet' }).click();
  await expect(page).toHaveURL(/step=wallet/);
  await expect(page.getByTestId('wallet-form')).toContainText('their KYC level is BASIC');
  await expect(page.getByTestId('wallet-type-option').filter({ hasText: 'needs KYC FULL' })).toHaveCount(0);
  await page.getByTestId('wallet-type-option').filter({ hasText: 'Travel USD' }).click();
  await page.getByText('Physical card').click();
  await page.getByLabel('QR code').check();
  await page.getByLabel('Code or number').fill(`QR-${Date.now()}`);
  await page.getByRole('button', { name: 'Create wallet' }).dblclick();
  await expect(page.getByTestId('onboarding-done')).toBeVisible();
  await page.screenshot({ path: 'test-results/onboarding-done.png', fullPage: true });

  // The customer has exactly one wallet (the double click made one), with its card.
  await page.getByRole('link', { name: 'Open the customer' }).click();
  await hydrated(page);
  await page.getByRole('link', { name: 'Wallets' }).click();
  await expect(page.getByTestId('wallet-row')).toHaveCount(1);
  await page.getByRole('link', { name: 'Cards' }).click();
  await expect(page.getByTestId('card-row')).toHaveCount(1);
  await expect(page.getByTestId('card-row')).toContainText('physical');
  await expect(page.getByTestId('kyc-level')).toHaveText('KYC BASIC');

  // Finished onboardings leave the in-progress list.
  await page.goto('/onboarding');
  await expect(page.getByTestId('draft-row').filter({ hasText: last })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('step 1 finds a possible duplicate before creating anything, and links to the existing customer', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/customers/1');
  const existingId = await page.getByLabel('Identity number', { exact: true }).inputValue();
  const dob = await page.getByLabel('Date of birth', { exact: true }).inputValue();
  const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await startOnboarding(page);
  await fillDetails(page, { first: 'Someone', last: unique('Else'), id: existingId, dob, phone: '0830000001', email: `${unique('x')}@example.com` });
  await page.getByRole('button', { name: 'Create customer and continue' }).click();
  const found = page.getByTestId('duplicates');
  await expect(found).toContainText('This may be a customer Eclipse already has');
  await expect(found.getByTestId('duplicate')).toContainText(name);
  await expect(page).not.toHaveURL(/step=address/);
  // What was typed is kept in the draft: it is in the in-progress list, started by this user.
  await page.goto('/onboarding');
  await expect(page.getByTestId('draft-row').filter({ hasText: 'Someone' }).first()).toContainText(SYSTEM);
  await page.getByTestId('draft-row').filter({ hasText: 'Someone' }).first().getByRole('link', { name: 'Resume' }).click();
  await hydrated(page);
  await expect(page.getByLabel('Identity number', { exact: true })).toHaveValue(existingId);
  await page.getByRole('button', { name: 'Create customer and continue' }).click();
  await page.getByTestId('duplicates').getByRole('link', { name: 'Open this customer' }).click();
  await expect(page).toHaveURL(/\/customers\/1$/);
  // Discard the draft, with a confirmation.
  await page.goto('/onboarding');
  await hydrated(page);
  const rows = page.getByTestId('draft-row').filter({ hasText: 'Someone' });
  const before = await rows.count();
  await rows.first().getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Discard' }).click();
  await expect(rows).toHaveCount(before - 1);
});

test('a fake image and an oversized file are refused before upload, with the rule they broke', async ({ page }) => {
  await signIn(page, SYSTEM, DEMO_PASSWORD, '/customers/2?tab=documents');
  const input = page.getByTestId('upload-zone').getByTestId('file-input');
  await input.setInputFiles(fixture('not-an-image.jpg'));
  const fake = page.getByTestId('staged-file').filter({ hasText: 'not-an-image.jpg' });
  await expect(fake.getByTestId('upload-refused')).toContainText('not a JPEG, PNG or PDF');
  await expect(fake.getByRole('button', { name: 'Upload' })).toBeDisabled();
  await input.setInputFiles({ name: 'huge-scan.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024, 1) });
  const huge = page.getByTestId('staged-file').filter({ hasText: 'huge-scan.png' });
  await expect(huge.getByTestId('upload-refused')).toContainText('the limit is 10 MiB');
  await expect(huge.getByRole('button', { name: 'Upload' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/upload-refused.png', fullPage: true });
});
