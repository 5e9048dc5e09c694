#!/usr/bin/env bash
# Trunk's post_build hook: the web worker, the full bundle, then the service worker (which
# lists the files the first two staged). See Trunk.toml.
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
bash "$dir/build-worker.sh"
bash "$dir/build-full.sh"
bash "$dir/build-sw.sh"
