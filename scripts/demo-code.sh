#!/usr/bin/env bash
# Prints the one-time code a demo user with a second factor (karoo.system, mzansi.level3) types now, from the
# data scripts/start.sh's portal keeps (./data/sandbox). Each code works once; this prints one not used yet.
set -euo pipefail
cd "$(dirname "$0")/.."
# The flags cargo-leptos builds with: the standalone sandbox then reuses the portal's release build.
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=eclipse-admin
cargo build --release --quiet --features ssr --bin eclipse-sandbox
exec target/release/eclipse-sandbox totp "${1:?which demo user, e.g. karoo.system}" --data-dir data/sandbox
