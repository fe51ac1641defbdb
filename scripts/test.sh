#!/usr/bin/env bash
# Runs every test: unit and integration (cargo), then a debug build of the portal and the Chromium
# Playwright suite against it. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
bash scripts/install-tools.sh

# cargo-leptos builds debug with these; using the same ones lets `cargo test` reuse its artefacts.
export RUSTFLAGS="--cfg erase_components"
export LEPTOS_OUTPUT_NAME="eclipse-admin"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "unit and integration tests"
cargo test --features ssr --bins --lib --tests 2>&1 | tee /tmp/eclipse-admin-cargo-test.log

step "debug build (server + WASM)"
cargo leptos build

step "end-to-end tests (Chromium)"
RUN_DIR=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$RUN_DIR"; }
trap cleanup EXIT

start_portal() { # port data-dir [extra env...]
  local port=$1 dir=$2; shift 2
  env ECLIPSE_ADMIN_LISTEN="127.0.0.1:$port" PUBLIC_ORIGIN="http://127.0.0.1:$port" ECLIPSE_ADMIN_DATA_DIR="$dir" \
      LEPTOS_SITE_ROOT="$ROOT/target/site" "$@" \
      "$ROOT/target/debug/eclipse-admin" >"$dir.log" 2>&1 &
  PIDS+=($!)
}
# The main portal's sandbox on a fixed address: the barring test breaks Eclipse half way through a job.
start_portal 3000 "$RUN_DIR/main" SANDBOX_LISTEN=127.0.0.1:3010
start_portal 3002 "$RUN_DIR/short" SESSION_IDLE_SECS=12 SESSION_WARNING_SECS=8
for port in 3000 3002; do
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "portal on $port did not start"; cat "$RUN_DIR"/*.log; exit 1; }
done

cd end2end
if ! npx playwright test; then
  echo "--- server logs"; tail -n 50 "$RUN_DIR"/*.log
  exit 1
fi
