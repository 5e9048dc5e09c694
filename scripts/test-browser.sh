#!/usr/bin/env bash
# Browser tests of the OTP Playground, exiting non-zero on any failure:
#   1. release build with Trunk into dist/ (what the end-to-end tests serve)
#   2. component tests: wasm-bindgen-test in headless Chromium
#      (cargo test --target wasm32-unknown-unknown -p otp-playground)
#   3. end-to-end tests: Playwright (Debian's Chromium) against dist/ served by python3 http.server
# Screenshots land in test-results/. Guards against silent non-runs: each suite must report
# at least one passed test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$HOME/.cargo/bin:$PATH"

if [ ! -d node_modules/@playwright/test ]; then
  npm ci --no-audit --no-fund
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

printf '\n\033[1m--- release build (trunk build --release)\033[0m\n'
trunk build --release

printf '\n\033[1m--- component tests (wasm-bindgen-test, headless Chromium)\033[0m\n'
cargo test --target wasm32-unknown-unknown -p otp-playground 2>&1 | tee "$log"
if ! grep -Eq 'test result: ok\. [1-9][0-9]* passed' "$log"; then
  echo "component tests: nothing ran" >&2
  exit 1
fi

printf '\n\033[1m--- end-to-end tests (Playwright, release build)\033[0m\n'
rm -rf test-results
npx playwright test 2>&1 | tee "$log"
if ! grep -Eq '[1-9][0-9]* passed' "$log"; then
  echo "end-to-end tests: nothing ran" >&2
  exit 1
fi
echo "screenshots: $(find test-results -name '*.png' | wc -l) in test-results/"
