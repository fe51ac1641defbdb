// Bytes the browser downloads for a first visit: the sign-in page, and the customer list signed in (the page
// the anchor, react-admin's list page, was measured on). For each: the HTML and every asset a fresh Chromium
// fetches until the page has hydrated, each as the server sends it raw, gzip and brotli.
// Prints JSON rows: {page, what, path, raw, gzip, br, cache}.
//   node bytes.mjs <portal> <cookie name=value>
import http from 'node:http';
import { chromium } from '../end2end/node_modules/playwright/index.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../end2end/chromium.mjs';
import { HYDRATED_ATTRIBUTE } from '../src/ui/js/contract.js';

const [base = 'http://127.0.0.1:3000', cookie = ''] = process.argv.slice(2);

function get(path, encoding, withCookie) {
  const headers = { 'accept-encoding': encoding, ...(withCookie ? { cookie } : {}) };
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

async function fetchedByBrowser(path, withCookie) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  if (withCookie) {
    const [name, value] = cookie.split(/=(.*)/s);
    await context.addCookies([{ name, value, url: base }]);
  }
  const page = await context.newPage();
  const seen = new Set();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/pkg/')) seen.add(u.pathname);
  });
  await page.goto(`${base}${path}`);
  await page.waitForFunction((name) => document.documentElement.hasAttribute(name), HYDRATED_ATTRIBUTE, {
    timeout: 30_000,
  });
  await page.waitForLoadState('networkidle');
  await browser.close();
  return [...seen];
}

const rows = [];
for (const [pageName, path, withCookie] of [
  ['sign-in', '/login', false],
  ['customer list', '/customers', true],
]) {
  const assets = await fetchedByBrowser(path, withCookie);
  for (const [what, url] of [['HTML', path], ...assets.map((p) => [p.split('.').pop().toUpperCase(), p])]) {
    const raw = await get(url, 'identity', withCookie);
    const gzip = await get(url, 'gzip', withCookie);
    const br = await get(url, 'br', withCookie);
    if (raw.status !== 200) {
      console.error(`${url} answered ${raw.status}`);
      process.exitCode = 1;
    }
    if (gzip.headers['content-encoding'] !== 'gzip' || br.headers['content-encoding'] !== 'br') {
      console.error(`${url} is not served compressed`);
      process.exitCode = 1;
    }
    rows.push({
      page: pageName,
      what,
      path: url,
      raw: raw.body.length,
      gzip: gzip.body.length,
      br: br.body.length,
      cache: raw.headers['cache-control'] ?? '',
    });
  }
}
console.log(JSON.stringify(rows));
