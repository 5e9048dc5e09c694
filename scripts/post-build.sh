#!/usr/bin/env bash
# Trunk's post_build hook: the static shell's welcome text, the web worker, the full bundle,
# then the service worker (which lists the files the others staged). See Trunk.toml.
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
bash "$dir/build-shell.sh"
bash "$dir/build-worker.sh"
bash "$dir/build-full.sh"
bash "$dir/build-sw.sh"
