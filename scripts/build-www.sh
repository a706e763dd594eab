#!/usr/bin/env bash
# Prepares the demo page: the npm packages (NL Design System CSS, test tools) and the CSS copied
# into www/vendor/, so the page loads nothing from anywhere but its own origin.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm packages"
  npm ci --no-audit --no-fund
fi
mkdir -p www/vendor
# Only the rules and design tokens the pages use (scripts/purge-css.mjs), from the full library in
# node_modules/, in one file: on a slow phone every request waits its turn for a connection.
rm -f www/vendor/utrecht-design-tokens.css* www/vendor/utrecht-components.css* # before 2026-12-07
node scripts/purge-css.mjs www/vendor/utrecht.css node_modules/@utrecht/design-tokens/dist/index.css \
  node_modules/@utrecht/component-library-css/dist/index.css


# The draft editor (CodeMirror 6) and the zip writer (fflate), from npm, bundled into one ES module
# each by esbuild, so the page imports them from its own origin. Rebuilt when the lock file changes.
bundle() {
  local out=$1
  if [ ! -f "$out" ] || [ package-lock.json -nt "$out" ] || [ scripts/build-www.sh -nt "$out" ]; then
    node_modules/.bin/esbuild --bundle --format=esm --minify --legal-comments=eof --log-level=warning \
      --outfile="$out"
  fi
}
bundle www/vendor/codemirror.js <<'JS'
export { EditorState, StateEffect, StateField, RangeSet, Compartment } from "@codemirror/state";
export { EditorView, Decoration, GutterMarker, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, keymap, gutter } from "@codemirror/view";
export { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
export { search, searchKeymap, openSearchPanel, highlightSelectionMatches } from "@codemirror/search";
JS
bundle www/vendor/fflate.js <<'JS'
export { zipSync, strToU8, strFromU8, zlibSync, unzlibSync } from "fflate";
JS

# The needs as the form lists them, so the questions show before the engine has arrived.
if [ ! -f www/needs.json ] || [ -n "$(find src/catalogue.rs -newer www/needs.json)" ]; then
  cargo run --locked --quiet -- catalogue | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(JSON.parse(s).needs)+"\n"))' > www/needs.json.tmp
  mv www/needs.json.tmp www/needs.json
fi

# Brotli and gzip copies next to what a browser downloads (scripts/serve.mjs sends them as they are).
node scripts/precompress.mjs www/*.html www/*.js www/*.css www/needs.json www/vendor/*.css www/vendor/*.js www/themes/*.css
