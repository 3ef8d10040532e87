#!/usr/bin/env bash
# Lints the extension and runs it in real browsers (headless Chromium and
# Firefox ESR), then the wasm-bindgen tests in headless Chromium.
# Installs what is missing; non-interactive (CI=true, no stdin, as root).
# Expects dist/ from scripts/build-extension.sh (builds it if missing).
# Usage: scripts/test-browsers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*"; }

# System packages, only when their binaries are missing.
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v firefox-esr >/dev/null || need+=(firefox-esr)
command -v wasm-opt >/dev/null || need+=(binaryen)
command -v zip >/dev/null || need+=(zip)
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q </dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" </dev/null
fi
command -v geckodriver >/dev/null || { say "cargo install geckodriver"; cargo install --locked geckodriver --version 0.37.1 </dev/null; }
command -v wasm-bindgen >/dev/null || { say "cargo install wasm-bindgen-cli"; cargo install --locked wasm-bindgen-cli --version 0.2.108 </dev/null; }

if [ ! -d node_modules/playwright-core ]; then
  say "npm ci"
  npm ci --no-audit --no-fund </dev/null
fi

[ -f dist/unspun-firefox.zip ] && [ -f dist/chrome/manifest.json ] || scripts/build-extension.sh

say "eslint"
npx --no-install eslint extension tests/browser tests/pages

say "web-ext lint"
npx --no-install web-ext lint --source-dir dist/firefox --output json >build/web-ext-lint.json || true
node -e '
  const r = JSON.parse(require("fs").readFileSync("build/web-ext-lint.json", "utf8"));
  for (const m of [...r.errors, ...r.warnings]) console.log(`  ${m._type}: ${m.code} ${m.file || ""}:${m.line || ""} ${m.message}`);
  console.log(`  web-ext lint: ${r.summary.errors} errors, ${r.summary.warnings} warnings`);
  process.exit(r.summary.errors ? 1 : 0);
'

say "browser tests"
node --test --test-concurrency=1 tests/browser/

say "wasm-bindgen tests (headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER="$(command -v chromedriver)" \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --no-default-features --test wasm
