#!/usr/bin/env bash
# Builds the full bundle (src/bin/full.rs: the playground plus the lessons, quiz, gallery,
# sequence diagram and share dialog) into Trunk's staging dir as full-<hash>.js +
# full-<hash>_bg.wasm, and names it in the page (<meta name="otp-full">) for the first-load
# bundle to fetch on demand (src/ui/boot.rs). Run by scripts/post-build.sh (Trunk's post_build hook),
# with the same pinned local wasm-bindgen and wasm-opt, never a download.
set -euo pipefail
source "$(dirname "$0")/wasm-bin.sh"
# In release, `release-full`, whose simulator is optimised less hard for size (Cargo.toml):
# the big runs (a pasted or shared scenario of 100,000 processes) happen in this bundle.
build_bin full release-full
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

# An address only the full bundle draws (a lesson, the quiz, the gallery, the sequence
# diagram, the editor, a share link, a lesson scenario) loads the full bundle *instead of* the first-load one: Trunk's
# loader (release output) is replaced by one that picks the bundle from the address, and
# the wasm preload goes with it. If the full bundle fails (offline on a first visit), the
# first-load bundle starts and shows the playground with its notice, as before. Trunk's
# unminified (debug) output does not match: there the page loads as Trunk wrote it.
# A share link (`?s=`) and a scenario that is not built in (a lesson scenario) are JSON,
# which only the full bundle reads (`Route::first_load`), so they pick it too.
builtins=$(cd scenarios && ls *.json | sed 's/\.json$//' | paste -sd '|')
FULL="full-$v" BUILTINS="$builtins" perl -0pi -e '
  my $deep = q{(/^#\/(lessons|quiz|gallery|seq|edit|decide)([\/?]|$)/.test(location.hash)||/[?&]s=/.test(location.hash)||(m=>!!m&&!/^(BUILTINS)$/.test(m[1]))(location.hash.match(/^#\/(?:play|present|embed)\/([^?\/]+)/)))};
  $deep =~ s/BUILTINS/$ENV{BUILTINS}/;
  # A lesson or the quiz: static/shell.js fetches the content bundle and paints its text
  # first; the full bundle is fetched after that paint (`__otpShell`), not beside it, so
  # the two downloads do not share the bandwidth and the text shows seconds earlier.
  my $shellwait = q{/^#\/(lessons\/[A-Za-z0-9_-]+|quiz)$/.test(location.hash)};
  my $full = $ENV{FULL};
  if (m{<script type=module>import init,\*as bindings from"(\./otp-playground-[0-9a-f]+\.js)";const wasm=await init\(\{module_or_path:`(\./otp-playground-[0-9a-f]+_bg\.wasm)`\}\);[^<]*</script>}) {
    my ($js, $wasm) = ($1, $2);
    my $loader = "<script type=module>const start=async(j,w)=>{const m=await import(j);await m.default({module_or_path:w});window.wasmBindings=m};"
      . "const first=()=>start(\"$js\",\"$wasm\");"
      . "if($deep){try{await window.__otpShell;await start(\"./$full.js\",\"./${full}_bg.wasm\")}catch(e){console.warn(\"the full bundle did not load\",e);await first()}}else await first()</script>";
    my $preload = "<script>if(!$shellwait){const l=document.createElement(\"link\");l.rel=\"preload\";l.as=\"fetch\";l.type=\"application/wasm\";l.crossOrigin=\"\";"
      . "l.href=$deep?\"./${full}_bg.wasm\":\"$wasm\";document.head.append(l)}</script>";
    s{<script type=module>import init,\*as bindings from[^<]*</script>}{$loader};
    s{<link[^>]*href=\Q$wasm\E[^>]*>}{$preload};
  }
' "$out/index.html"
