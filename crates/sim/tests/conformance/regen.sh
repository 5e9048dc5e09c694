#!/usr/bin/env bash
# Regenerate the golden files from real Erlang/OTP + Elixir runs.
#
#   ./regen.sh                 rewrite every <case>.golden from <case>.exs
#   ./regen.sh CASE...         only those cases (slugs, no extension)
#   ./regen.sh --check [N] [CASE...]
#                              run every case (or only those) N times (default 3) and
#                              fail if any run differs from its .golden (writes nothing)
#
# Needs `elixir` (Elixir 1.14 on Erlang/OTP 25 was used for the committed files).
set -euo pipefail
cd "$(dirname "$0")"

command -v elixir >/dev/null || { echo "regen.sh: elixir not found (apt-get install elixir)" >&2; exit 2; }

cases() {
  for f in *.exs; do
    [ "$f" = support.exs ] && continue
    echo "${f%.exs}"
  done
}

if [ "${1:-}" = "--check" ]; then
  runs="${2:-3}"
  shift $(( $# >= 2 ? 2 : 1 ))
  if [ "$#" -gt 0 ]; then checked="$*"; else checked="$(cases)"; fi
  tmp="$(mktemp)"
  trap 'rm -f "$tmp"' EXIT
  failed=0
  for c in $checked; do
    for i in $(seq 1 "$runs"); do
      if ! elixir "$c.exs" > "$tmp"; then
        echo "FAILED $c (run $i): the script exited non-zero"
        failed=1
      elif ! cmp -s "$tmp" "$c.golden"; then
        echo "MISMATCH $c (run $i):"
        diff "$c.golden" "$tmp" || true
        failed=1
      fi
    done
    echo "done $c x$runs"
  done
  exit "$failed"
fi

if [ "$#" -gt 0 ]; then list="$*"; else list="$(cases)"; fi
for c in $list; do
  elixir "$c.exs" > "$c.golden.tmp"
  mv "$c.golden.tmp" "$c.golden"
  echo "wrote $c.golden ($(wc -l < "$c.golden") lines)"
done
