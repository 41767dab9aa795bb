#!/usr/bin/env bash
# Builds the web app (web/) into web/dist for `escalator serve` to serve. Installs the npm
# packages with `npm ci` only when node_modules is missing or older than package-lock.json,
# and rebuilds only when a source is newer than the last build. Hashed files under
# dist/assets/ get a gzip copy beside them (served to clients that accept gzip).
# Needs Node 20.19 or later on PATH (not Debian's nodejs, which is 18).
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "build-web: Node.js 20.19 or later is needed on PATH (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

stamp=node_modules/.escalator-npm-ci
if [[ ! -f $stamp || package-lock.json -nt $stamp || package.json -nt $stamp ]]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

built=dist/index.html
if [[ ! -f $built ]] || [[ -n $(find src public index.html vite.config.ts tsconfig.json package-lock.json -newer "$built" -print -quit) ]]; then
  echo "build-web: vite build"
  npm run --silent build -- --logLevel warn
  find dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.html' \) -size +1k \
    -exec gzip -9 -k -f -n {} +
fi
