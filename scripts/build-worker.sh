#!/usr/bin/env bash
# Builds the playground's web worker (src/bin/worker.rs: Elixir export, share-link packing)
# into Trunk's staging dir: worker.js (loader) + worker-glue.js + worker-glue_bg.wasm. Run by Trunk
# from scripts/post-build.sh (Trunk's post_build hook), so `trunk build` / `trunk serve` produce it with the
# app; it uses the same pinned local wasm-bindgen and wasm-opt, never a download.
set -euo pipefail
source "$(dirname "$0")/wasm-bin.sh"
build_bin worker
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" --out-name worker-glue \
  "$wasm"
if [ "$profile" = "release" ]; then
  wasm-opt -Oz "$out/worker-glue_bg.wasm" -o "$out/worker-glue_bg.wasm"
fi
# The loader names the exact files (with a content hash as the query), so a new build is
# never mixed with a cached old one. Requests that arrive while the wasm is still loading
# are queued and handed to the Rust handler once `main` has installed it.
v=$(cat "$out/worker-glue.js" "$out/worker-glue_bg.wasm" | sha256sum | cut -c1-16)
cat > "$out/worker.js" <<JS
importScripts("./worker-glue.js?v=$v");
const early = [];
const queue = (e) => early.push(e);
self.onmessage = queue;
wasm_bindgen({ module_or_path: "./worker-glue_bg.wasm?v=$v" }).then(() => {
  if (self.onmessage === queue) { postMessage("error\nthe worker did not start"); return; }
  for (const e of early.splice(0)) self.onmessage(e);
});
JS
