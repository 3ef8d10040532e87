#!/usr/bin/env bash
# Builds the browser extension: wasm engine, default index, and the Chrome and
# Firefox packages in dist/. Called by the root build.sh after the CLI build;
# runs on its own too.
# Usage: scripts/build-extension.sh [--package-only]
#   --package-only: reuse build/wasm and build/index.bin, only re-assemble dist/
#                   (fast loop while editing extension/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WASM_BINDGEN_VERSION=0.2.108

say() { printf '==> %s\n' "$*"; }
die() { printf 'build-extension: %s\n' "$*" >&2; exit 1; }

PACKAGE_ONLY=0
[ "${1:-}" = "--package-only" ] && PACKAGE_ONLY=1

if [ $PACKAGE_ONLY = 0 ]; then
# 1. engine -> wasm
say "cargo build (wasm32)"
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features
WASM=target/wasm32-unknown-unknown/release/unspun.wasm
[ -f "$WASM" ] || die "$WASM was not produced"

# 2. JS glue; the CLI must match the crate's pinned wasm-bindgen exactly.
command -v wasm-bindgen >/dev/null \
  || die "wasm-bindgen not found: cargo install --locked wasm-bindgen-cli --version $WASM_BINDGEN_VERSION"
have=$(wasm-bindgen --version | awk '{print $2}')
[ "$have" = "$WASM_BINDGEN_VERSION" ] \
  || die "wasm-bindgen $have found, $WASM_BINDGEN_VERSION needed: cargo install --locked --force wasm-bindgen-cli --version $WASM_BINDGEN_VERSION"
say "wasm-bindgen $have"
rm -rf build/wasm
wasm-bindgen --target web --out-dir build/wasm --out-name unspun "$WASM"

# 3. shrink, when binaryen is installed. Old binaryen (Debian 12 ships 108)
# re-points the __wbindgen_externrefs export at the funcref table when it
# rewrites a two-table module, so the result is smoke-tested (instantiated
# in node) and dropped if broken.
if command -v wasm-opt >/dev/null; then
  say "wasm-opt -Oz ($(wasm-opt --version))"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    build/wasm/unspun_bg.wasm -o build/wasm/unspun_bg.opt.wasm
  if node --input-type=module -e '
      import fs from "node:fs";
      const { default: init } = await import(process.argv[1]);
      await init({ module_or_path: fs.readFileSync(process.argv[2]) });
    ' "$ROOT/build/wasm/unspun.js" "$ROOT/build/wasm/unspun_bg.opt.wasm" 2>build/wasm-opt-smoke.log; then
    mv build/wasm/unspun_bg.opt.wasm build/wasm/unspun_bg.wasm
  else
    say "wasm-opt output does not instantiate ($(grep -m1 Error build/wasm-opt-smoke.log)); keeping the unoptimised wasm"
    rm build/wasm/unspun_bg.opt.wasm
  fi
else
  say "wasm-opt not on PATH (Debian package binaryen): wasm left unoptimised"
fi

# 4. default index from corpus/
if [ ! -x target/release/unspun ]; then
  say "target/release/unspun missing: cargo build --release"
  cargo build --release
fi
say "index build"
target/release/unspun index build --out build/index.bin corpus/
fi

# 5. packages
if [ ! -d node_modules/@mozilla/readability ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

assemble() { # $1 = chrome|firefox
  local out=dist/$1
  rm -rf "$out"
  mkdir -p "$out/wasm"
  cp -R extension/. "$out/"
  rm "$out/manifest.template.json"
  cp build/wasm/unspun.js build/wasm/unspun_bg.wasm "$out/wasm/"
  cp build/index.bin "$out/index.bin"
  cp node_modules/@mozilla/readability/Readability.js \
     node_modules/@mozilla/readability/Readability-readerable.js "$out/"
  # One template, two manifests: Chrome wants a service worker, Firefox
  # background scripts plus its gecko settings.
  node -e '
    const fs = require("fs");
    const [tpl, target, out] = process.argv.slice(1);
    const m = JSON.parse(fs.readFileSync(tpl, "utf8"));
    if (target === "chrome") {
      m.background = { service_worker: m.background.service_worker, type: "module" };
      delete m.browser_specific_settings;
    } else {
      m.background = { scripts: m.background.scripts, type: "module" };
    }
    fs.writeFileSync(out, JSON.stringify(m, null, 2) + "\n");
  ' extension/manifest.template.json "$1" "$out/manifest.json"
  rm -f "dist/unspun-$1.zip"
  if command -v zip >/dev/null; then
    (cd "$out" && zip -q -r -X "$ROOT/dist/unspun-$1.zip" .)
  else
    (cd "$out" && python3 -m zipfile -c "$ROOT/dist/unspun-$1.zip" ./*)
  fi
}

say "assemble dist/"
mkdir -p dist
assemble chrome
assemble firefox

say "package sizes"
for f in dist/unspun-chrome.zip dist/unspun-firefox.zip build/wasm/unspun_bg.wasm build/index.bin; do
  printf '  %-32s %8d bytes\n' "$f" "$(wc -c <"$f")"
done
