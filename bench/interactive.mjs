// Time to a painted first row and to interactive (hydration finished) of the customer list, in a fresh
// headless Chromium each run (Debian's), signed in by cookie. Median of RUNS; prints JSON.
//   node interactive.mjs <portal> <cookie name=value> [path]
import { chromium } from '../end2end/node_modules/playwright/index.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../end2end/chromium.mjs';
import { HYDRATED_ATTRIBUTE } from '../src/ui/js/contract.js';

const [base, cookie, path = '/customers'] = process.argv.slice(2);
const runs = Number(process.env.RUNS ?? 5);
const [name, value] = cookie.split(/=(.*)/s);

const results = [];
for (let i = 0; i < runs; i++) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  await context.addCookies([{ name, value, url: base }]);
  const page = await context.newPage();
  await page.addInitScript((hydratedAttribute) => {
    // Stamp the first animation frame that shows a row, and the one after hydration; keep the WASM memory.
    const w = window;
    const tick = () => {
      if (w.__rowPainted === undefined && document.querySelector('[data-testid=customers-table] tbody tr'))
        w.__rowPainted = performance.now();
      if (w.__interactive === undefined && document.documentElement.hasAttribute(hydratedAttribute))
        w.__interactive = performance.now();
      if (w.__rowPainted === undefined || w.__interactive === undefined) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    for (const fn of ['instantiateStreaming', 'instantiate']) {
      const original = WebAssembly[fn];
      WebAssembly[fn] = async (...a) => {
        const result = await original.apply(WebAssembly, a);
        const exports = (result.instance ?? result).exports;
        if (exports?.memory) w.__wasmMemory = exports.memory;
        return result;
      };
    }
  }, HYDRATED_ATTRIBUTE);
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => window.__rowPainted !== undefined && window.__interactive !== undefined, null, {
    timeout: 30_000,
  });
  results.push(
    await page.evaluate(() => ({
      // The row is in the server's HTML: it is painted with the first contentful paint, not before.
      row: Math.max(window.__rowPainted, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0),
      interactive: window.__interactive,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      jsHeap: performance.memory?.usedJSHeapSize,
      wasmMemory: window.__wasmMemory?.buffer.byteLength,
    })),
  );
  await browser.close();
}
const median = (k) => results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(
  JSON.stringify({
    runs,
    row: median('row'),
    interactive: median('interactive'),
    fcp: median('fcp'),
    jsHeap: median('jsHeap'),
    wasmMemory: median('wasmMemory'),
    all: results,
  }),
);
