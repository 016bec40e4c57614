#!/bin/sh
# Renders build/icon.svg to the 512x512 build/icon.png that electron-builder turns into each platform's icon.
# Needs a Chromium (Debian: apt-get install chromium).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
page=$(mktemp --suffix=.html)
trap 'rm -f "$page"' EXIT
printf '<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style><img src="file://%s/icon.svg" width="512" height="512">' "$here" > "$page"
"${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=512,512 --screenshot="$here/icon.png" "file://$page"
