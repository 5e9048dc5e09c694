#!/usr/bin/env bash
# Installs what the app needs (idempotently) and serves it on http://127.0.0.1:8080/ with
# live reload. Pass extra trunk options after the script name, e.g. `--port 9000`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install.sh app
export PATH="$root/.tools/bin:$HOME/.cargo/bin:$PATH"
# A separate dist folder: `trunk serve` writes a debug build, which must not overwrite the
# release build that the end-to-end tests serve from dist/.
exec trunk serve --dist target/serve-dist "$@"
