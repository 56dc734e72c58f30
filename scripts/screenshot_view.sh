#!/usr/bin/env bash
# Takes a PNG screenshot of an HTML page (e.g. one written by `allennlp nested-ner-view`) with headless
# Chromium, fully offline:
#
#   scripts/screenshot_view.sh demo_output/view.html demo_output/view.png [WIDTH [HEIGHT]]
#
# Needs `chromium` (Debian: apt-get install -y --no-install-recommends chromium); CHROMIUM=/path overrides.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 PAGE.html OUTPUT.png [WIDTH [HEIGHT]]" >&2
    exit 2
fi
page=$(realpath "$1")
output=$(realpath -m "$2")
width=${3:-1280}
height=${4:-1600}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$browser" ]; then
    echo "chromium not found: apt-get install -y --no-install-recommends chromium" >&2
    exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size="$width,$height" \
    --screenshot="$output" "file://$page" 2>/dev/null
test -s "$output"
echo "wrote $output"
