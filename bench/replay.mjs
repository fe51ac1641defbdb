// Replays a page's Eclipse calls straight against the sandbox, in the stages the portal made them (calls of
// one stage at once), and prints {p50, p99} in ms: what Eclipse alone takes for that page.
//   node replay.mjs <api-base> <authorization> <stages.json> serial <n>
//   node replay.mjs <api-base> <authorization> <stages.json> rate <per-second> <seconds>
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [apiBase, authorization, stagesFile, mode, a, b] = process.argv.slice(2);
const stages = JSON.parse(readFileSync(stagesFile, 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call({ method, path }) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${apiBase}${path}`, { method, agent, headers: { authorization } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 500 ? resolve() : reject(new Error(`${res.statusCode} ${path}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function page() {
  const start = performance.now();
  for (const stage of stages) await Promise.all(stage.map(call));
  return performance.now() - start;
}

const times = [];
if (mode === 'serial') {
  for (let i = 0; i < Number(a); i++) times.push(await page());
} else {
  const perSecond = Number(a),
    seconds = Number(b);
  const pending = [];
  const begin = performance.now();
  for (let i = 0; i < perSecond * seconds; i++) {
    const due = begin + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Latency from when the request was due (no coordinated omission).
    pending.push(page().then(() => times.push(performance.now() - due)));
  }
  await Promise.all(pending);
}
times.sort((x, y) => x - y);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(JSON.stringify({ n: times.length, p50: at(0.5), p99: at(0.99) }));
