#!/usr/bin/env bash
# The benchmark suite: builds the release portal and reports, as markdown tables in target/bench.md,
#  - the bytes of a first visit (the sign-in page; the customer list signed in): HTML, JS, WASM, CSS, raw, gzip
#    and brotli, as served;
#  - server-side time of the sign-in page, customer search, customer page, wallet page and review queue
#    (p50/p99, one connection and a fixed 200 requests per second, oha), beside the same pages' Eclipse
#    calls replayed straight against the sandbox in the stages the portal made them, and the difference;
#  - the customer list's first painted row and hydration in a fresh headless Chromium (median of 5);
#  - start-up time and memory at rest and under load; Lighthouse 12.8.2 scores (skip with LIGHTHOUSE=0);
#  - the dashboard's server time at 100,000 customers (skip with DASHBOARD_100K=0).
# BUILD=0 measures the release build already in target/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
OUT=${OUT:-target/bench.md}
RATE=${RATE:-200}
SECONDS_AT_RATE=${SECONDS_AT_RATE:-15}
OHA_VERSION=1.16.0

bash scripts/install-tools.sh
[ "$(oha --version 2>/dev/null | awk '{print $2}')" = "$OHA_VERSION" ] || cargo install oha --version "$OHA_VERSION" --locked
[ -d bench/node_modules/lighthouse ] || (cd bench && npm install --no-audit --no-fund --loglevel=error)

if [ "${BUILD:-1}" = 1 ]; then
  step "release build"
  leptos_build --release
  rm -f target/site/pkg/*.br target/site/pkg/*.gz
  node scripts/precompress.mjs target/site/pkg
fi
PORTAL_BIN=$ROOT/target/release/eclipse-admin
PORT=3200
SANDBOX=127.0.0.1:3210
API=http://$SANDBOX/eclipse-conductor/rest/v1
LOG=$RUN_DIR/bench.log
now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

step "start-up"
begin=$(now_ms)
start_portal $PORT "$RUN_DIR/bench" SANDBOX_LISTEN=$SANDBOX RUST_LOG=warn,sandbox_calls=debug
wait_healthy $PORT
FIRST_START_MS=$(( $(now_ms) - begin ))
kill "$LAST_PID"; wait "$LAST_PID" 2>/dev/null || true
begin=$(now_ms)
start_portal $PORT "$RUN_DIR/bench" SANDBOX_LISTEN=$SANDBOX RUST_LOG=warn,sandbox_calls=debug
PORTAL_PID=$LAST_PID
wait_healthy $PORT
START_MS=$(( $(now_ms) - begin ))
COOKIE=$(session_cookie $PORT mzansi.system)
TOKEN=$(curl -fsS -H 'content-type: application/json' -d '{"identity":"mzansi.system","password":"Eclipse-Demo-2026"}' \
  "$API/authentication/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).headerValue))')
sleep 2
RSS_REST=$(rss_kb "$PORTAL_PID")

step "bytes of a first visit"
node bench/bytes.mjs "http://127.0.0.1:$PORT" "$COOKIE" >"$RUN_DIR/bytes.json"

step "page times"
PAGES='[{"key":"login","label":"Sign-in page","path":"/login"},{"key":"dashboard","label":"Dashboard","path":"/"},{"key":"search","label":"Customer search","path":"/customers?q=Dlamini"},{"key":"customer","label":"Customer page","path":"/customers/5"},{"key":"wallet","label":"Wallet page","path":"/wallets/5"},{"key":"review","label":"Review queue","path":"/review"}]'
echo "$PAGES" >"$RUN_DIR/pages.json"
( while kill -0 "$PORTAL_PID" 2>/dev/null; do rss_kb "$PORTAL_PID"; sleep 0.5; done ) >"$RUN_DIR/rss" 2>/dev/null &
SAMPLER=$!
for row in $(echo "$PAGES" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>JSON.parse(s).forEach(p=>console.log(p.key+"|"+p.path)))'); do
  key=${row%%|*}; path=${row#*|}; url="http://127.0.0.1:$PORT$path"
  headers=(-H "Cookie: $COOKIE")
  [ "$key" = login ] && headers=()
  for _ in 1 2 3; do curl -fsS -o /dev/null "${headers[@]}" "$url"; done
  # The Eclipse calls of one load, from the sandbox's call log.
  before=$(wc -l <"$RUN_DIR/bench.log")
  curl -fsS -o /dev/null "${headers[@]}" "$url"
  sleep 0.3
  tail -n +$((before + 1)) "$RUN_DIR/bench.log" | grep 'sandbox call' >"$RUN_DIR/$key-calls.txt" || true
  node bench/stages.mjs "$RUN_DIR/$key-calls.txt" >"$RUN_DIR/$key-stages.json"
  echo "$key: $(cat "$RUN_DIR/$key-stages.json")"
  oha -n 300 -c 1 --no-tui --output-format json "${headers[@]}" "$url" >"$RUN_DIR/$key-one.json"
  oha -z "${SECONDS_AT_RATE}s" -q "$RATE" -c 64 --latency-correction --no-tui --output-format json "${headers[@]}" "$url" >"$RUN_DIR/$key-rate.json"
  node bench/replay.mjs "http://$SANDBOX" "$TOKEN" "$RUN_DIR/$key-stages.json" serial 300 >"$RUN_DIR/$key-eclipse-one.json"
  node bench/replay.mjs "http://$SANDBOX" "$TOKEN" "$RUN_DIR/$key-stages.json" rate "$RATE" "$SECONDS_AT_RATE" >"$RUN_DIR/$key-eclipse-rate.json"
  node -e 'const r=require(process.argv[1]); const c=r.statusCodeDistribution; if (Object.keys(c).some(k=>k!=="200")) { console.error("non-200 answers", c); process.exit(1) }' "$RUN_DIR/$key-rate.json"
done
kill "$SAMPLER" 2>/dev/null || true
RSS_PEAK=$(sort -n "$RUN_DIR/rss" | tail -1)
echo "{\"firstStartMs\":$FIRST_START_MS,\"startMs\":$START_MS,\"rssRestKb\":$RSS_REST,\"rssPeakKb\":$RSS_PEAK}" >"$RUN_DIR/server.json"

step "first row and hydration in Chromium"
node bench/interactive.mjs "http://127.0.0.1:$PORT" "$COOKIE" >"$RUN_DIR/interactive.json"

if [ "${LIGHTHOUSE:-1}" = 1 ]; then
  step "Lighthouse"
  node bench/lighthouse.mjs "http://127.0.0.1:$PORT" "$COOKIE" >"$RUN_DIR/lighthouse.json"
fi

mkdir -p "$(dirname "$OUT")"
node bench/report.mjs "$RUN_DIR" "$OUT"
if [ "${DASHBOARD_100K:-1}" = 1 ]; then
  step "the dashboard at 100,000 customers"
  kill "$PORTAL_PID" 2>/dev/null || true
  { echo; echo "## The dashboard's server time at 100,000 customers (scripts/bench-dashboard.sh)"; echo
    bash scripts/bench-dashboard.sh 2>&1 | grep -E '^\||customers, .* wallets'; } >>"$OUT"
fi
echo; echo "written to $OUT"
