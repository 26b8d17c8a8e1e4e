#!/usr/bin/env bash
# axe-core (the accessibility rules engine) from the npm registry, for the end-to-end suite's
# accessibility pass: tests/e2e/test_accessibility.py injects axe.min.js into every page.
set -euo pipefail
dir=${1:-.tools/axe}
version=${2:-4.14.1}
if [ -f "$dir/node_modules/axe-core/axe.min.js" ] && [ -f "$dir/.installed-$version" ]; then
  exit 0
fi
mkdir -p "$dir"
echo "installing axe-core@$version from the npm registry into $dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "axe-core@$version"
rm -f "$dir"/.installed-*
touch "$dir/.installed-$version"
