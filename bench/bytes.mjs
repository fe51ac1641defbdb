// Bytes the browser downloads for the first page (the sign-in page): the HTML and every asset it loads,
// as the server sends them raw, gzip and brotli. Prints JSON rows: {what, path, raw, gzip, br, cache}.
import http from 'node:http';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';

function get(path, encoding) {
  return new Promise((resolve, reject) => {
    http.get(`${base}${path}`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const page = await get('/login', 'identity');
const html = page.body.toString();
const assets = [...html.matchAll(/<link[^>]+href="(\/pkg\/[^"]+)"/g)].map((m) => m[1]);
const rows = [];
for (const [what, path] of [['HTML', '/login'], ...assets.map((p) => [p.split('.').pop().toUpperCase(), p])]) {
  const raw = await get(path, 'identity');
  const gzip = await get(path, 'gzip');
  const br = await get(path, 'br');
  if (gzip.headers['content-encoding'] !== 'gzip' || br.headers['content-encoding'] !== 'br') {
    console.error(`${path} is not served compressed`);
    process.exitCode = 1;
  }
  rows.push({ what, path, raw: raw.body.length, gzip: gzip.body.length, br: br.body.length, cache: raw.headers['cache-control'] ?? '' });
}
console.log(JSON.stringify(rows));
