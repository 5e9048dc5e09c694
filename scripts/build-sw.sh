#!/usr/bin/env bash
# Writes the service worker (sw.js) into Trunk's staging dir: it precaches every file of
# this build, so that after the first visit every route works with no network (the
# playground, the lessons and their demos, the quiz, sharing, exports). Run by Trunk as the
# last step of scripts/post-build.sh (Trunk's post_build hook), after the full bundle and the worker are staged; release
# builds only: a development build's sw.js clears any offline copy instead.
set -euo pipefail
out=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
profile=${TRUNK_PROFILE:-debug}
cd "$out"
if [ "$profile" != "release" ]; then
  # Development builds: a worker that only clears an offline copy a release build left on
  # this address, so that `trunk serve` always shows the code being edited.
  cat > sw.js <<'JS'
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("otp-playground-")).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
JS
  exit 0
fi
files=$(find . -type f ! -name sw.js ! -name '.trunk-lock' | sed 's#^\./##' | LC_ALL=C sort)
# The cache is named by a hash of every file: a new build is a new cache, never a mix.
version=$(for f in $files; do sha256sum "$f"; done | sha256sum | cut -c1-16)
list=$(for f in $files; do printf '  "./%s",\n' "$f"; done)
cat > sw.js <<JS
// The OTP Playground's offline copy (written by scripts/build-sw.sh for this build).
const CACHE = "otp-playground-$version";
const FILES = [
  "./",
$list
];
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("otp-playground-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
// The page asks a waiting new version to take over when the user chooses to reload.
self.addEventListener("message", (e) => { if (e.data === "skip-waiting") self.skipWaiting(); });
// This build's files come from the cache (the query strings are cache-busting versions of
// files the cache holds for this build only); anything else goes to the network.
self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  e.respondWith(
    caches.open(CACHE)
      .then((c) => c.match(req, { ignoreSearch: true }))
      .then((hit) => hit || fetch(req)),
  );
});
JS
