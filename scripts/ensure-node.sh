#!/usr/bin/env bash
# Make Node >= 22.22 available for Reflex. Uses the machine's node when new
# enough; otherwise installs the `node` package from the npm registry (its
# binary ships inside the package) into DIR, which the Makefile puts on PATH.
set -euo pipefail
dir=$1
version=$2
mkdir -p "$dir"
if command -v node >/dev/null 2>&1; then
  current=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a*1000+b)')
  if [ "$current" -ge 22022 ] && [ ! -x "$dir/node_modules/.bin/node" ]; then
    echo "using the machine's node $(node --version)"
    exit 0
  fi
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is needed to install Node $version (install Node.js 20+ with npm first)" >&2
  exit 1
fi
echo "installing node@$version from the npm registry into $dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node@$version"
"$dir/node_modules/.bin/node" --version
