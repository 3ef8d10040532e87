#!/usr/bin/env bash
# unspun: build and test.
#   ./build.sh          build the CLI, the wasm engine, the default index and
#                       both browser packages (dist/), then show a check
#   ./build.sh test     lint and run every test (Rust, CLI, accuracy report,
#                       real Chromium and Firefox)
# Installs what it needs (rustup target, pinned wasm-bindgen-cli, npm ci;
# `test` also apt browsers and geckodriver). Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
WASM_BINDGEN_VERSION=0.2.108 # must equal Cargo.toml's wasm-bindgen = "=…"

say() { printf '\n==> %s\n' "$*"; }

setup() {
  rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    cargo install --locked --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" </dev/null
  fi
  if ! command -v wasm-opt >/dev/null || ! command -v zip >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      say "apt-get install binaryen zip"
      DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends binaryen zip </dev/null
    fi
  fi
  [ -d node_modules/@mozilla/readability ] || npm ci --no-audit --no-fund </dev/null
}

build() {
  setup
  say "cargo build --release (CLI)"
  cargo build --release --bin unspun
  scripts/build-extension.sh
  say "demo: the content-farm page from seed 000 against the default index"
  target/release/unspun index info build/index.bin
  target/release/unspun check --index build/index.bin tests/pages/000-farm-rewrite/source.html
}

run_tests() {
  build
  say "cargo fmt --check"
  cargo fmt --all -- --check
  say "cargo clippy"
  cargo clippy --all-targets -- -D warnings
  say "cargo test"
  cargo test --release
  say "accuracy on ../shared/data (report only)"
  cargo run --release --quiet --bin unspun-eval -- ../shared/data
  say "browser tests"
  scripts/test-browsers.sh
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac
