#!/usr/bin/env bash
# Load test on loopback: 64 connections for 60 seconds (wrk, from Debian) on the main pages with a signed-in
# session; reports answers by class, latency, and the portal's memory (RSS) before, during and after.
# By default one release portal with its embedded sandbox and SQLite (target/load-test.md); with CLUSTER=1,
# two release instances on PostgreSQL behind HAProxy with the standalone sandbox (target/load-test-cluster.md).
#   DURATION=60s CONNECTIONS=64 [CLUSTER=1] bash scripts/load-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-64}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
command -v wrk >/dev/null || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null; }

bash scripts/install-tools.sh
step "release build"
leptos_build --release
PORTAL_BIN=$ROOT/target/release/eclipse-admin

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
if [ "${CLUSTER:-0}" = 1 ]; then
  cargo build --release --features ssr --bin eclipse-sandbox
  SANDBOX_BIN=$ROOT/target/release/eclipse-sandbox
  source scripts/cluster/lib.sh
  start_cluster 3300 3301 3302 3310 3320 RUST_LOG=warn
  URL=$BASE PORT=3300 PORTAL_PID=${PID_OF[3301]} OUT=target/load-test-cluster.md
  SETUP="two instances (PostgreSQL, HAProxy round robin); RSS of one"
else
  start_portal 3100 "$RUN_DIR/load" RUST_LOG=warn
  PORTAL_PID=$LAST_PID
  wait_healthy 3100
  URL=http://127.0.0.1:3100 PORT=3100 OUT=target/load-test.md
  SETUP="one instance (SQLite, embedded sandbox)"
fi
COOKIE=$(session_cookie "$PORT" mzansi.system)
[ -n "$COOKIE" ] || { echo "sign-in failed"; exit 1; }
# Warm up (the first page of each kind), then measure.
COOKIE=$COOKIE wrk -t2 -c8 -d5s -s scripts/load/pages.lua "$URL" >/dev/null
RSS_REST=$(rss_kb "$PORTAL_PID")

step "wrk: $CONNECTIONS connections, $DURATION"
( while kill -0 "$PORTAL_PID" 2>/dev/null; do rss_kb "$PORTAL_PID"; sleep 1; done ) >"$RUN_DIR/rss" 2>/dev/null &
SAMPLER=$!
COOKIE=$COOKIE wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s scripts/load/pages.lua "$URL" | tee "$RUN_DIR/wrk.out"
kill "$SAMPLER" 2>/dev/null || true
sleep 5
RSS_AFTER=$(rss_kb "$PORTAL_PID")
RSS_PEAK=$(sort -n "$RUN_DIR/rss" | tail -1)
RESULT=$(grep '^RESULT' "$RUN_DIR/wrk.out")
field() { echo "$RESULT" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

mkdir -p target
cat >"$OUT" <<MD
| measure | value |
|---|---:|
| setup | $SETUP |
| connections × duration | $CONNECTIONS × $DURATION |
| requests (per second) | $(field requests) ($(field rps)/s) |
| 2xx / 3xx / 4xx / 5xx | $(field 2xx) / $(field 3xx) / $(field 4xx) / $(field 5xx) |
| socket errors | $(field socket_errors) |
| latency p50 / p90 / p99 / max | $(field p50_ms) / $(field p90_ms) / $(field p99_ms) / $(field max_ms) ms |
| portal RSS at rest / peak / 5 s after | $((RSS_REST / 1024)) / $((RSS_PEAK / 1024)) / $((RSS_AFTER / 1024)) MiB |
MD
cat "$OUT"
[ "$(field 5xx)" = "0" ] && [ "$(field 4xx)" = "0" ] && [ "$(field 3xx)" = "0" ] || { echo "load test: answers other than 2xx"; tail -n 20 "$RUN_DIR"/*.log; exit 1; }
