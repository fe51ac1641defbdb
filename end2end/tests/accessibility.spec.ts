import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { SYSTEM, signIn, hydrated } from './helpers';

/** Every page of the navigation and the records behind it, as TENANT_SYSTEM sees them. */
const PAGES = [
  '/',
  '/customers',
  '/customers/3',
  '/customers/3?tab=documents',
  '/customers/3?tab=identities',
  '/customers/3?tab=kyc',
  '/customers/3?tab=manual-kyc',
  '/customers/3?tab=wallets',
  '/customers/3?tab=cards',
  '/customers/3?tab=timeline',
  '/wallets/4',
  '/onboarding',
  '/review',
  '/review/manual-kyc',
  '/transfers',
  '/disbursements',
  '/reports',
  '/tenant',
  '/tenant/config/bulk',
  '/wallet-types',
  '/wallet-types/new',
  '/wallet-types/1',
  '/admin-users',
  '/admin-users/new',
  '/audit',
  '/audit/activity',
];

/** The first record a list links to, for the pages that show one. */
async function firstLink(page: Page, list: string, pattern: RegExp): Promise<string | null> {
  await page.goto(list);
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((href) => pattern.test(href)) ?? null;
}

/** The perceived lightness (0–100) of a computed colour, as Chromium writes it: `lab(L …)`, `oklch(L …)` or `rgb()`. */
function lightness(colour: string): number {
  const lab = colour.match(/^lab\(([\d.]+)/);
  if (lab) return Number(lab[1]);
  const oklch = colour.match(/^oklch\(([\d.]+)(%?)/);
  if (oklch) return Number(oklch[1]) * (oklch[2] ? 1 : 100);
  const [r, g, b] = (colour.match(/\d+/g) ?? []).map(Number);
  return ((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255) * 100;
}

/** axe-core's serious and critical violations on the page, one line each. */
async function problems(page: Page): Promise<string[]> {
  const found = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return found.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}

test('every page passes axe-core without a serious or critical violation, light and dark', async ({ page }) => {
  test.setTimeout(400_000);
  await signIn(page, SYSTEM);
  const records = [
    await firstLink(page, '/review', /^\/review\/\d+$/),
    await firstLink(page, '/admin-users', /^\/admin-users\/\d+$/),
    await firstLink(page, '/disbursements', /^\/disbursements\/[^/]+$/),
    await firstLink(page, '/onboarding', /^\/onboarding\/[^/]+$/),
  ].filter((href): href is string => href !== null);
  const found: string[] = [];
  try {
    for (const theme of ['light', 'dark']) {
      await page.goto('/');
      await hydrated(page);
      await page.getByTestId('theme').selectOption(theme);
      await expect(page.locator('[data-theme-root]')).toHaveAttribute('data-theme', theme);
      for (const path of [...PAGES, ...records]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBeLessThan(400);
        await expect(page.locator('[data-theme-root]')).toHaveAttribute('data-theme', theme);
        await hydrated(page);
        found.push(...(await problems(page)).map((p) => `${theme} ${path}: ${p}`));
      }
      await page.screenshot({ path: `test-results/theme-${theme}-audit.png`, fullPage: true });
    }
  } finally {
    await page.goto('/');
    await hydrated(page);
    await page.getByTestId('theme').selectOption('system');
  }
  expect(found).toEqual([]);
});

test('the sign-in page follows the system theme and passes axe-core in both', async ({ browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto('/login');
    await hydrated(page);
    const background = await page.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    // Slate 100 in the light, slate 800 in the dark: the body's colour follows the system's setting.
    if (colorScheme === 'light') expect(lightness(background), background).toBeGreaterThan(90);
    else expect(lightness(background), background).toBeLessThan(35);
    expect(await problems(page), colorScheme).toEqual([]);
    await context.close();
  }
});

test('the theme switch is kept for the admin, across sign-ins', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, 'mzansi.level2');
  await page.getByTestId('theme').selectOption('dark');
  const root = page.locator('[data-theme-root]');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme')).toHaveValue('dark');
  await page.screenshot({ path: 'test-results/theme-dark-dashboard.png', fullPage: true });
  // A new browser: the choice comes with the admin.
  const again = await (await browser.newContext()).newPage();
  await signIn(again, 'mzansi.level2');
  await expect(again.locator('[data-theme-root]')).toHaveAttribute('data-theme', 'dark');
  const card = await again
    .locator('.card')
    .first()
    .evaluate((c) => getComputedStyle(c).backgroundColor);
  expect(card).not.toBe('rgb(255, 255, 255)');
  await again.getByTestId('theme').selectOption('system');
  await expect(again.locator('[data-theme-root]')).toHaveAttribute('data-theme', 'system');
});
