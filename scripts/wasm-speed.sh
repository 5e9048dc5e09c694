#!/usr/bin/env bash
# The simulator's speed in wasm, in headless Chromium: runs the ignored measurement
# tests/wasm_speed.rs in the full bundle's profile (release-full) and prints its events per second
# (docs/benchmarks.md). A measurement, not a test: CI does not run it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$HOME/.cargo/bin:$PATH"
cargo test --profile release-full --target wasm32-unknown-unknown -p otp-playground --test wasm_speed \
  -- --include-ignored --nocapture 2>&1 | grep -E "M events/s|test result|panicked|error"
