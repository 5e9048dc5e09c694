#!/usr/bin/env bash
# Installs what the tests need (idempotently) and runs every test of the OTP Playground:
#   1. formatting and clippy (native and wasm32), warnings are errors
#   2. native tests (cargo test): the simulator's unit, real-OTP conformance, property and
#      Elixir-export tests; the content test (lessons, demos, predictions, quiz); and the
#      app's pure logic (timeline, layout, log text, quiz runs, share links, routes)
#   3. CLI smoke test: every built-in scenario validates and runs
#   4. browser tests: wasm-bindgen-test components in headless Chromium, and end-to-end
#      tests driving the release build (scripts/test-browser.sh)
# Exits non-zero on the first failure. .ci/run calls this script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install.sh test
export PATH="$root/.tools/bin:$HOME/.cargo/bin:$PATH"

passed=0
stage() { printf '\n\033[1m=== %s\033[0m\n' "$*"; }
done_stage() { passed=$((passed + 1)); }
trap 'printf "\nsuites: %d passed, 1 failed\n" "$passed"' ERR

stage "format (cargo fmt --check)"
cargo fmt --all -- --check
done_stage

stage "clippy, native: simulator, content, app logic (-D warnings)"
cargo clippy -q -p otp-sim -p otp-content -p otp-playground --all-targets -- -D warnings
done_stage

stage "clippy, wasm app (-D warnings)"
cargo clippy -q -p otp-playground --target wasm32-unknown-unknown --all-targets -- -D warnings
# The first-load bundle, as index.html builds it.
cargo clippy -q -p otp-playground --target wasm32-unknown-unknown --features lean --bin otp-playground -- -D warnings
done_stage

stage "native: simulator (unit, real-OTP conformance, properties, Elixir export), content, app logic (cargo test)"
cargo test --release
# The first-load bundle's `lean` simulator gives the built-ins the very traces recorded.
cargo test -q --release -p otp-sim --features lean --test digests
done_stage

stage "CLI: every built-in and lesson scenario validates and runs"
cargo build -q --release -p otp-sim
for f in scenarios/*.json lessons/scenarios/*.json; do
  ./target/release/otp-sim run "$f" --summary > /dev/null
done
./target/release/otp-sim check scenarios/*.json lessons/scenarios/*.json
if ./target/release/otp-sim check crates/sim/tests/invalid/*.json 2>/dev/null; then
  echo "invalid scenarios were accepted" >&2; false
fi
done_stage

stage "browser: component tests and end-to-end tests"
bash scripts/test-browser.sh
done_stage

printf '\nsuites: %d passed, 0 failed\n' "$passed"
