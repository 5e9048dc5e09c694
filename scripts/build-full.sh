#!/usr/bin/env bash
# Builds the full bundle (src/bin/full.rs: the playground plus the lessons, quiz, gallery,
# sequence diagram and share dialog) into Trunk's staging dir as full-<hash>.js +
# full-<hash>_bg.wasm, and names it in the page (<meta name="otp-full">) for the first-load
# bundle to fetch on demand (src/ui/boot.rs). Run by scripts/post-build.sh (Trunk's post_build hook),
# with the same pinned local wasm-bindgen and wasm-opt, never a download.
set -euo pipefail
source "$(dirname "$0")/wasm-bin.sh"
build_bin full
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name full \
  "$wasm"
if [ "$profile" = "release" ]; then
  wasm-opt -Oz "$tmp/full_bg.wasm" -o "$tmp/full_bg.wasm"
fi
# The content hash is in both names, so a cached old bundle never meets a new page.
v=$(cat "$tmp/full.js" "$tmp/full_bg.wasm" | sha256sum | cut -c1-16)
mv "$tmp/full.js" "$out/full-$v.js"
mv "$tmp/full_bg.wasm" "$out/full-${v}_bg.wasm"
# The glue imports its JS snippets by relative path: the same files the first bundle has.
if [ -d "$tmp/snippets" ]; then cp -r "$tmp/snippets" "$out/"; fi
meta="<meta name=\"otp-full\" content=\"full-$v\">"
if grep -q '</head>' "$out/index.html"; then
  sed -i "s#</head>#$meta</head>#" "$out/index.html"
else
  sed -i "s#<body>#$meta<body>#" "$out/index.html"
fi
grep -q 'name="otp-full"' "$out/index.html" || { echo "build-full.sh: could not name the bundle in index.html" >&2; exit 1; }
