#!/usr/bin/env bash
# Installs what is missing, builds the portal (release), and serves it on http://127.0.0.1:3000 with the
# embedded Eclipse sandbox and its demo data (kept in ./data; delete it to start afresh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
# cargo-leptos adds its own `--cfg erase_components`; a RUSTFLAGS left in the shell would double it.
env -u RUSTFLAGS cargo leptos build --release
# Hashed assets are sent precompressed (brotli, gzip) and cached by browsers for a year.
rm -f target/site/pkg/*.br target/site/pkg/*.gz
node scripts/precompress.mjs target/site/pkg
exec target/release/eclipse-admin
