#!/usr/bin/env bash
# Runs every test: formatting and lints (Rust and JavaScript), unit and integration (cargo), then a debug
# build of the portal and the Chromium Playwright suite against it, then the cluster test (two instances on
# PostgreSQL behind HAProxy). This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bash scripts/install-tools.sh

step "format and lints (Rust on both sides, JavaScript)"
cargo fmt --check
cargo clippy --all-targets --features ssr -- -D warnings
cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings
bash scripts/check-js.sh

step "unit and integration tests (the store's on SQLite and on a throwaway PostgreSQL)"
start_postgres 3021
export TEST_DATABASE_URL=$PG_URL
# nextest runs each test in its own process and stops one that hangs (.config/nextest.toml).
cargo nextest run --features ssr --bins --lib --tests 2>&1 | tee /tmp/eclipse-admin-cargo-test.log

step "debug build (server + WASM; the server reuses the tests' dependencies)"
leptos_build
# The standalone sandbox's `totp` command prints demo users' one-time codes for the second-factor specs.
cargo build --features ssr --bin eclipse-sandbox

step "end-to-end tests (Chromium)"
# The main portal's sandbox on a fixed address: the barring and security tests break Eclipse on purpose.
start_portal 3000 "$RUN_DIR/main" SANDBOX_LISTEN=127.0.0.1:3010
# The second portal: the expiry specs move its clock (on its sandbox, 3012); the sign-in limit spec locks
# identities there, never on the main portal; its reports become jobs past 20 rows and stop at 50, so the
# demo data shows both.
start_portal 3002 "$RUN_DIR/short" SANDBOX_LISTEN=127.0.0.1:3012 REPORT_DIRECT_ROWS=20 REPORT_ROWS_CAP=50
wait_healthy 3000 3002

cd end2end
export SANDBOX_BIN="$ROOT/target/debug/eclipse-sandbox" MAIN_SANDBOX_DIR="$RUN_DIR/main/sandbox"
if ! npx playwright test; then
  echo "--- server logs"; tail -n 50 "$RUN_DIR"/*.log
  exit 1
fi
cd "$ROOT"

step "the cluster: PostgreSQL, two instances and HAProxy"
bash scripts/test-cluster.sh
