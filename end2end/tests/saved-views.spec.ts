import { test, expect, Page } from '@playwright/test';
import { SYSTEM, signIn, hydrated } from './helpers';

const LEVEL2 = 'mzansi.level2';
const REVIEWER2 = 'mzansi.reviewer2';

/** Forgets every view the signed-in admin keeps of `list`, so no other spec opens a list on one. */
async function forgetViews(page: Page, list: string) {
  await page.evaluate(async (list) => {
    const post = (path: string, body: string) =>
      fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const views = await (await post('/api/views/list', `list=${list}`)).json();
    for (const view of views) await post('/api/views/delete', `list=${list}&view_id=${view.view_id}`);
  }, list);
}

async function saveView(page: Page, name: string, opensTheList: boolean) {
  await page.getByText('Save as a view…').click();
  const form = page.getByRole('form', { name: 'Save as a view' });
  await form.getByLabel('Name of the view').fill(name);
  if (opensTheList) await form.getByLabel('Open the list on this view').check();
  await form.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByTestId('toast').last()).toContainText(`Saved the view “${name}”.`);
  await hydrated(page);
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

test('a customer view keeps filters, order and columns, opens the list and is shared by its link', async ({
  page,
  browser,
}) => {
  await signIn(page, LEVEL2);
  await page.goto('/customers');
  await hydrated(page);
  await forgetViews(page, 'customers');
  await page.goto('/customers?sort=created&dir=desc');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('BARRED');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=BARRED/);
  const table = page.getByTestId('customers-table');
  await expect(table.getByRole('columnheader', { name: 'Email' })).toBeVisible();

  // Fewer columns: the choice is in the address with the rest.
  await page.getByTestId('column-choice').getByText('Columns', { exact: true }).click();
  const columns = page.getByRole('form', { name: 'Choose the columns' });
  await columns.getByLabel('Email').uncheck();
  await columns.getByLabel('Phone').uncheck();
  await columns.getByRole('button', { name: 'Show these columns' }).click();
  await expect(page).toHaveURL(/col=identity/);
  await expect(page).toHaveURL(/status=BARRED/);
  await expect(table.getByRole('columnheader', { name: 'Email' })).toHaveCount(0);
  await expect(table.getByRole('columnheader', { name: 'Identity / passport' })).toBeVisible();
  await hydrated(page);

  // A name of spaces is refused on the field, and what was chosen stays.
  await page.getByText('Save as a view…').click();
  const form = page.getByRole('form', { name: 'Save as a view' });
  await form.getByLabel('Name of the view').fill('   ');
  await form.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByTestId('error-name')).toHaveText('Name the view.');
  await page.getByText('Save as a view…').click();

  await saveView(page, 'Barred, newest, no contact', true);
  const chip = page.getByTestId('saved-view').filter({ hasText: 'Barred, newest, no contact' });
  await expect(chip).toHaveAttribute('aria-current', 'page');
  await expect(chip).toContainText('★');
  await page.screenshot({ path: 'test-results/saved-views-customers.png', fullPage: true });

  // The navigation opens the list on it.
  await page.goto('/');
  await mainNav(page).getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/customers\?.*status=BARRED/);
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('BARRED');
  await expect(table.getByRole('columnheader', { name: 'Email' })).toHaveCount(0);
  await expect(table.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'descending');

  // Its link, opened by another admin, shows the same list.
  await hydrated(page);
  await page.getByText('Share link').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/customers\?.*col=identity.*status=BARRED/);
  const other = await (await browser.newContext()).newPage();
  await signIn(other, SYSTEM);
  await other.goto(link);
  await expect(other.getByRole('combobox', { name: 'Status' })).toHaveValue('BARRED');
  await expect(other.getByTestId('customers-table').getByRole('columnheader', { name: 'Phone' })).toHaveCount(0);
  // Not theirs: their list still opens unfiltered, and the view is not among theirs.
  await mainNav(other).getByRole('link', { name: 'Customers' }).click();
  await expect(other).toHaveURL(/\/customers$/);
  await expect(other.getByTestId('saved-view').filter({ hasText: 'Barred' })).toHaveCount(0);
  await other.context().close();

  // Deleting asks first; the list opens unfiltered again.
  await page.getByRole('button', { name: 'Delete view…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Delete the view “Barred, newest, no contact”?');
  await dialog.getByRole('button', { name: 'Delete view' }).click();
  await expect(page.getByTestId('toast').last()).toContainText('Deleted the view');
  await mainNav(page).getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(table.getByRole('columnheader', { name: 'Email' })).toBeVisible();
});

test('a reviewer opens the queue on their view, and can stop it opening there', async ({ page }) => {
  await signIn(page, REVIEWER2);
  await page.goto('/review?outcome=FAILED&sort=created&dir=desc');
  await hydrated(page);
  await forgetViews(page, 'review');
  await page.reload();
  await hydrated(page);
  await saveView(page, 'Failed, newest first', true);
  await page.goto('/');
  await mainNav(page).getByRole('link', { name: /Review queue/ }).click();
  await expect(page).toHaveURL(/\/review\?dir=desc&outcome=FAILED&sort=created$/);
  await expect(page.getByRole('columnheader', { name: 'Received' })).toHaveAttribute('aria-sort', 'descending');
  await hydrated(page);
  await page.getByRole('button', { name: 'Stop opening the list on it' }).click();
  await expect(page.getByTestId('toast').last()).toContainText('The list opens unfiltered again.');
  await expect(page.getByTestId('saved-view').filter({ hasText: 'Failed, newest first' })).not.toContainText('★');
  await mainNav(page).getByRole('link', { name: /Review queue/ }).click();
  await expect(page).toHaveURL(/\/review$/);
  // The view is still kept, a click away.
  await page.getByTestId('saved-view').filter({ hasText: 'Failed, newest first' }).click();
  await expect(page).toHaveURL(/outcome=FAILED/);
  await forgetViews(page, 'review');
});

test('the audit log keeps views of its filters', async ({ page }) => {
  await signIn(page, SYSTEM);
  await page.goto('/audit/activity?result=refused');
  await hydrated(page);
  await forgetViews(page, 'activity');
  await page.reload();
  await hydrated(page);
  await saveView(page, 'Refusals', false);
  await page.getByRole('link', { name: 'All', exact: true }).click();
  await expect(page).toHaveURL(/\/audit\/activity$/);
  await page.getByTestId('saved-view').filter({ hasText: 'Refusals' }).click();
  await expect(page.getByLabel('Result')).toHaveValue('refused');
  await page.screenshot({ path: 'test-results/saved-views-activity.png', fullPage: true });
  await forgetViews(page, 'activity');
});
