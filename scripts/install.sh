#!/usr/bin/env bash
# Installs what the OTP Playground needs on a fresh Debian 12 machine, idempotently.
# Usage: scripts/install.sh app   — toolchain to build and serve the app
#        scripts/install.sh test  — the above plus browsers, e2e driver and Erlang/Elixir
# Every step checks first and skips what is already there; a re-run takes seconds.
# Versions are pinned to those verified in ../shared/TOOLCHAIN.md and to Cargo.lock.
set -euo pipefail

want=${1:-app}
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
export PATH="$tools/bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.22.1
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
ok() { printf '    ok: %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then ok "apt packages present: $*"; return; fi
  if [ $apt_updated = 0 ]; then
    step "apt-get update"; as_root apt-get update -q; apt_updated=1
  fi
  step "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

step "Rust wasm target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then ok "wasm32-unknown-unknown"
else rustup target add wasm32-unknown-unknown; fi

step "Trunk $TRUNK_VERSION (first time: ~15 min on 2 cores)"
if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then ok "$(trunk --version)"
else cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version; fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (first time: ~5 min)"
if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then ok "$(wasm-bindgen --version)"
else
  # Not --locked: its lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

step "wasm-opt (binaryen $BINARYEN_VERSION from npm; Debian's is too old for wasm-bindgen output)"
mkdir -p "$tools/bin"
if "$tools/bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then ok "$("$tools/bin/wasm-opt" --version)"
else
  npm install --silent --no-audit --no-fund --prefix "$tools/binaryen" "binaryen@$BINARYEN_VERSION"
  ln -sf "$tools/binaryen/node_modules/.bin/wasm-opt" "$tools/bin/wasm-opt"
  ok "$("$tools/bin/wasm-opt" --version)"
fi

step "Fetch crates (Trunk builds offline)"
(cd "$root" && cargo fetch -q) && ok "crates fetched"

if [ "$want" = test ]; then
  step "Chromium, chromedriver, Erlang/Elixir"
  apt_install chromium chromium-driver erlang elixir
  step "npm packages for end-to-end tests"
  if [ -d "$root/node_modules/@playwright/test" ] && [ "$root/package-lock.json" -ot "$root/node_modules/.package-lock.json" ]; then
    ok "node_modules up to date"
  else
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
fi

step "Tools ready"
