#!/usr/bin/env bash
# The project's JavaScript (the page's bootstrap in src/ui/js/, the bench and screenshot scripts): ESLint,
# Prettier's format check, and the bootstrap's unit tests on Node's own test runner. Fails on the first error.
set -euo pipefail
cd "$(dirname "$0")/.."

# The linters are devDependencies of the root package.json, beside the build's Tailwind and wasm-opt.
if [ ! -x node_modules/.bin/eslint ] || [ ! -x node_modules/.bin/prettier ]; then
  npm install --no-audit --no-fund --loglevel=error
fi
npm run --silent lint:js
npm run --silent format:js:check
npm run --silent test:js
