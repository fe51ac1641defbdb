// Turns the sandbox's call log of one page load (lines with `sandbox call … method=… path=… start_us=…
// end_us=…`) into stages: calls that overlapped in time were made at once. Prints [[{method, path}]].
import { readFileSync } from 'node:fs';

const calls = readFileSync(process.argv[2], 'utf8')
  // eslint-disable-next-line no-control-regex -- the log's colours are escape sequences, which start with ESC
  .replace(/\x1b\[[0-9;]*m/g, '')
  .split('\n')
  .map((line) => {
    const field = (k) => line.match(new RegExp(`${k}=(\\S+)`))?.[1];
    return {
      method: field('method'),
      path: field('path'),
      start: Number(field('start_us')),
      end: Number(field('end_us')),
    };
  })
  .filter((c) => c.method && c.path)
  .sort((a, b) => a.start - b.start);
const stages = [];
let open = -Infinity;
for (const c of calls) {
  if (c.start >= open) stages.push([]);
  stages.at(-1).push({ method: c.method, path: c.path });
  open = Math.max(c.start >= open ? 0 : open, c.end);
}
console.log(JSON.stringify(stages));
