// Writes the benchmark's tables (markdown) from the JSON files scripts/bench.sh left in its run folder.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const [dir, out] = process.argv.slice(2);
const json = (name) => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (s) => (s === undefined ? '–' : `${(s * 1000).toFixed(2)}`);
const lines = [];
// Each section: its heading, then its table's header and alignment rows.
const section = (title, header, alignment) => lines.push(`### ${title}`, '', header, alignment);

const bytes = json('bytes.json');
section(
  'Bytes of a first visit, as served',
  '| page | file | raw | gzip | brotli | cache-control |',
  '|---|---|---:|---:|---:|---|',
);
for (const page of [...new Set(bytes.map((r) => r.page))]) {
  const rows = bytes.filter((r) => r.page === page);
  for (const r of rows)
    lines.push(`| ${page} | ${r.what} \`${r.path}\` | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.br)} | ${r.cache} |`);
  const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
  lines.push(
    `| **${page}** | **total** | **${kb(sum('raw'))}** | **${kb(sum('gzip'))}** | **${kb(sum('br'))}** | target: under 200 KB brotli |`,
  );
}
lines.push('');

const pages = json('pages.json');
section(
  'Server-side page time (ms) and what the portal adds to the Eclipse calls the page makes',
  '| page | Eclipse calls (stages) | portal p50 / p99, 1 conn | Eclipse alone p50 / p99, 1 conn | portal p50 / p99 at 200 rps | Eclipse alone p50 / p99 at 200 rps | added p50 / p99 at 200 rps | ratio p50 |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
);
for (const p of pages) {
  const oha = (name) => json(name).latencyPercentiles;
  const one = oha(`${p.key}-one.json`),
    rate = oha(`${p.key}-rate.json`);
  const e1 = json(`${p.key}-eclipse-one.json`),
    er = json(`${p.key}-eclipse-rate.json`);
  const calls = json(`${p.key}-stages.json`);
  const n = calls.flat().length;
  const addedP50 = rate.p50 * 1000 - er.p50,
    addedP99 = rate.p99 * 1000 - er.p99;
  lines.push(
    `| ${p.label} \`${p.path}\` | ${n} (${calls.map((s) => s.length).join(' → ') || '–'}) | ${ms(one.p50)} / ${ms(one.p99)} | ${e1.p50.toFixed(2)} / ${e1.p99.toFixed(2)} | ${ms(rate.p50)} / ${ms(rate.p99)} | ${er.p50.toFixed(2)} / ${er.p99.toFixed(2)} | ${addedP50.toFixed(2)} / ${addedP99.toFixed(2)} | ${n ? ((rate.p50 * 1000) / er.p50).toFixed(1) + '×' : '–'} |`,
  );
}
lines.push('');

const i = json('interactive.json');
section(
  'Customer list in a fresh headless Chromium (median of ' + i.runs + ')',
  '| first contentful paint | first row painted | interactive (hydrated) | JS heap | WASM memory |',
  '|---:|---:|---:|---:|---:|',
);
lines.push(
  `| ${i.fcp?.toFixed(0)} ms | ${i.row.toFixed(0)} ms | ${i.interactive.toFixed(0)} ms | ${(i.jsHeap / 1048576).toFixed(1)} MiB | ${Number.isFinite(i.wasmMemory) ? (i.wasmMemory / 1048576).toFixed(1) + ' MiB' : 'none (no WASM loaded)'} |`,
  '',
);

const s = json('server.json');
section(
  'Server',
  '| start-up, first (seeds demo data) | start-up, again | RSS at rest | RSS peak under 200 rps |',
  '|---:|---:|---:|---:|',
);
lines.push(
  `| ${s.firstStartMs} ms | ${s.startMs} ms | ${(s.rssRestKb / 1024).toFixed(1)} MiB | ${(s.rssPeakKb / 1024).toFixed(1)} MiB |`,
  '',
);

if (existsSync(`${dir}/lighthouse.json`)) {
  const lh = json('lighthouse.json');
  section(
    'Lighthouse 12.8.2 (Debian Chromium, median of ' + lh.runs + ')',
    '| page | performance mobile | performance desktop | accessibility mobile | accessibility desktop |',
    '|---|---:|---:|---:|---:|',
  );
  for (const r of lh.pages)
    lines.push(
      `| \`${r.path}\` | ${r.mobile.performance} | ${r.desktop.performance} | ${r.mobile.accessibility} | ${r.desktop.accessibility} |`,
    );
  lines.push('');
}
writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
