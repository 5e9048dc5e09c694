#!/usr/bin/env bash
# Runs four workloads on the simulator's CLI and on the real BEAM, one after the other,
# and prints the wall times (process start-up included on both sides) and the ratio
# simulator / BEAM. Needs `elixir` on the PATH. Results: docs/benchmarks.md.
#   scripts/beam-compare.sh [runs]    (best of `runs`, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
dir=scripts/beam-compare
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
cargo build -q --profile release-native -p otp-sim --bin otp-sim
cli=target/release-native/otp-sim

# Best wall time in seconds of `runs` runs of a command.
best() {
  local best=""
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; if (m == "" || d < m) m = d; printf "%.3f", m }')
  done
  echo "$best"
}

printf '%-40s %10s %10s %8s\n' workload "sim (s)" "BEAM (s)" ratio
row() {
  local name=$1 scenario=$2; shift 2
  local s b
  s=$(best "$cli" run "$dir/$scenario" --summary --lifecycle)
  b=$(best elixir "$@")
  printf '%-40s %10s %10s %8s\n' "$name" "$s" "$b" "$(awk -v s="$s" -v b="$b" 'BEGIN { printf "%.2fx", s / b }')"
}
row "1,000 clients x 1,000 GenServer.call" calls.json "$dir/calls.exs" call
row "1,000,000 casts drained" casts.json "$dir/calls.exs" cast
row "100,000 DynamicSupervisor children" starts.json "$dir/starts.exs"
row "10,000 kills and restarts" kills.json "$dir/kills.exs"
