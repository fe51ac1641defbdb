import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. The servers are started by `scripts/test.sh`
// (a debug build): the main portal, and a second one with a short idle timeout for the expiry tests.
const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.PORTAL_URL ?? 'http://127.0.0.1:3000',
    // A failed test keeps its trace (network, console, DOM snapshots): a rare failure is read, not guessed.
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', use: { ...chromium }, testIgnore: /no-js\.spec\.ts/ },
    { name: 'chromium-no-js', use: { ...chromium, javaScriptEnabled: false }, testMatch: /no-js\.spec\.ts/ },
  ],
});
