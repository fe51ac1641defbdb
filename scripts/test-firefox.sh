#!/usr/bin/env bash
# Hydration under the Content-Security-Policy in Debian's Firefox ESR, driven by geckodriver (from the
# crates registry) through fantoccini. A separate command: the README's test command runs Chromium only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
GECKODRIVER_VERSION=0.37.1
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

bash scripts/install-tools.sh
if [ ! -x /usr/bin/firefox-esr ]; then
  step "firefox-esr (Debian)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq firefox-esr >/dev/null
fi
if [ "$(geckodriver --version 2>/dev/null | head -1 | awk '{print $2}')" != "$GECKODRIVER_VERSION" ]; then
  step "geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

step "debug build (server + WASM)"
leptos_build

step "Firefox ESR: $(firefox-esr --version 2>/dev/null)"
start_portal 3000 "$RUN_DIR/main"
geckodriver --port 4444 >"$RUN_DIR/geckodriver.log" 2>&1 &
PIDS+=($!)
wait_healthy 3000
PORTAL_URL=http://127.0.0.1:3000 PORTAL_DATA_DIR="$RUN_DIR/main" WEBDRIVER_URL=http://127.0.0.1:4444 \
  cargo test --features firefox --test firefox -- --nocapture || { tail -n 30 "$RUN_DIR"/*.log; exit 1; }
