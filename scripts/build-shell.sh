#!/usr/bin/env bash
# Fills the static shell's welcome (index.html, <template id="shell-welcome">, painted by
# static/shell.js before the wasm arrives) with the name and description of the scenario a
# newcomer's welcome shows: the first built-in (`BUILTIN[0]` in src/model/scenarios.rs).
# Run by scripts/post-build.sh; tests/e2e/shell.spec.mjs checks the words match the app's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
SCENARIO="$root/scenarios/cache_one_for_one.json" perl -0pi -MJSON::PP -e '
  BEGIN {
    local $/; open my $f, "<:raw", $ENV{SCENARIO} or die "build-shell.sh: $ENV{SCENARIO}: $!";
    my $s = JSON::PP->new->utf8->decode(<$f>);
    my $esc = sub { my $t = shift; $t =~ s/&/&amp;/g; $t =~ s/</&lt;/g; $t =~ s/>/&gt;/g; $t };
    use utf8; binmode STDOUT, ":utf8";
    ($NAME, $DESC) = ($esc->($s->{name}), $esc->($s->{description}));
    utf8::encode($NAME); utf8::encode($DESC);
  }
  s/\@SHELL_NAME\@/$NAME/g; s/\@SHELL_DESCRIPTION\@/$DESC/g;
' "$out/index.html"
if grep -q '@SHELL_' "$out/index.html"; then
  echo "build-shell.sh: the welcome's placeholders are still in index.html" >&2; exit 1
fi
