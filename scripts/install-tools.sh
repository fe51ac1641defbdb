#!/usr/bin/env bash
# Installs whatever is missing for building and testing eclipse-admin, from the package registries only.
# Idempotent: each tool is installed only when its version differs from the pin.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tools are built with their own flags, not the portal's (scripts/lib.sh exports those).
unset RUSTFLAGS

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130   # must equal the `=` pin of the wasm-bindgen crate in Cargo.toml

log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "rust target wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown
fi

# Debian's packages: Chromium for the browser tests; PostgreSQL, HAProxy and wrk for the cluster test.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  log "${missing[*]} (Debian)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The package starts a cluster of its own; the tests start throwaway ones and need nothing running.
if [[ " ${missing[*]} " == *" postgresql "* ]]; then $SUDO service postgresql stop >/dev/null 2>&1 || true; fi

# Both cargo tools ship lock files naming crates this toolchain or registry cannot use: build them from
# their registry source with one lock entry pinned back (see docs/building.md).
install_from_source() { # crate version pin-crate pin-version
  local crate=$1 version=$2 pin=$3 pin_version=$4 src tmp
  cargo install "$crate" --version "$version" --locked >/dev/null 2>&1 && return 0
  src=$(ls -d "$HOME"/.cargo/registry/src/*/"$crate-$version" 2>/dev/null | head -1)
  [ -n "$src" ] || { echo "source of $crate $version not found" >&2; return 1; }
  tmp=$(mktemp -d); cp -r "$src/." "$tmp/"
  (cd "$tmp" && cargo update -p "$pin" --precise "$pin_version" \
     && CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install --path . --locked)
  rm -rf "$tmp"
}

# The machine image carries cargo-nextest; a machine without it builds it once.
if ! cargo nextest --version >/dev/null 2>&1; then
  log "cargo-nextest"; cargo install cargo-nextest --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  install_from_source wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots 1.0.10
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  log "cargo-leptos $CARGO_LEPTOS_VERSION"
  install_from_source cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1
fi

if [ -f package.json ] && [ ! -x node_modules/.bin/tailwindcss ]; then
  log "npm packages (tailwind, binaryen)"; npm install --no-audit --no-fund --loglevel=error
fi
if [ -f end2end/package.json ] && { [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/@axe-core/playwright ]; }; then
  log "npm packages (playwright, axe-core)"; (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi
log "tools ready"
