# Sourced by build-worker.sh and build-full.sh (Trunk's post-build steps): the repository
# root as working directory, Trunk's staging dir and profile, and `build_bin NAME [PROFILE]`,
# which builds the binary NAME for wasm32 in that profile (in a release build, PROFILE when
# given instead of `release`) and sets `wasm` to its path.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
profile=${TRUNK_PROFILE:-debug}
build_bin() {
  local flags=() dir=debug
  if [ "$profile" = "release" ]; then dir=${2:-release}; flags=(--profile "$dir"); fi
  cargo build -q "${flags[@]}" --target wasm32-unknown-unknown --bin "$1"
  # A shared build cache (CARGO_TARGET_DIR) holds the binary instead of ./target.
  wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$dir/$1.wasm"
}
