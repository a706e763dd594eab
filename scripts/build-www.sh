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
cp node_modules/@utrecht/design-tokens/dist/index.css www/vendor/utrecht-design-tokens.css
cp node_modules/@utrecht/component-library-css/dist/index.css www/vendor/utrecht-components.css
