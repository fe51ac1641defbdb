#!/usr/bin/env bash
# Installs what is missing, builds the portal (release), and serves it on http://127.0.0.1:3000 with the
# embedded Eclipse sandbox and its demo data (kept in ./data; delete it to start afresh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
exec cargo leptos serve --release
