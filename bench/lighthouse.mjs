// Lighthouse 12.8.2 (from npm) against Debian's Chromium: performance and accessibility of the main pages,
// mobile (the default) and desktop, median of RUNS. Prints JSON.
//   node lighthouse.mjs <portal> <cookie name=value>
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, cookie] = process.argv.slice(2);
const runs = Number(process.env.RUNS ?? 3);
const cli = new URL('./node_modules/lighthouse/cli/index.js', import.meta.url).pathname;
const flags =
  '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';
const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));

function once(path, preset, n) {
  const out = join(dir, `${path.replace(/\W/g, '_')}-${preset}-${n}.json`);
  const args = [
    cli,
    `${base}${path}`,
    '--quiet',
    '--output=json',
    `--output-path=${out}`,
    '--only-categories=performance,accessibility',
    `--chrome-flags=${flags}`,
  ];
  if (preset === 'desktop') args.push('--preset=desktop');
  if (path !== '/login') args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  execFileSync(process.execPath, args, {
    env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    stdio: 'inherit',
  });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  return {
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
  };
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pages = [];
for (const path of ['/login', '/customers', '/customers/5', '/review']) {
  const row = { path };
  for (const preset of ['mobile', 'desktop']) {
    const all = Array.from({ length: runs }, (_, n) => once(path, preset, n));
    row[preset] = {
      performance: median(all.map((r) => r.performance)),
      accessibility: median(all.map((r) => r.accessibility)),
    };
  }
  pages.push(row);
}
console.log(JSON.stringify({ runs, pages }));
