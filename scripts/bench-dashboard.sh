#!/usr/bin/env bash
# The dashboard's server time (release build) with 100,000 customers, a wallet each and a year of transactions,
# printed as a table; BENCH_CUSTOMERS=0 measures the demo data alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTFLAGS="--cfg erase_components"
BENCH_CUSTOMERS=${BENCH_CUSTOMERS:-100000} cargo test --release --features ssr --test it dashboard_latency:: -- --ignored --nocapture
