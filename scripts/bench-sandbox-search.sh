#!/usr/bin/env bash
# Customer search latency of the sandbox with 100,000 customers (release build), printed as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_CUSTOMERS=${BENCH_CUSTOMERS:-100000} cargo test --release --features ssr --test it search_latency:: -- --ignored --nocapture
