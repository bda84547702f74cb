#!/usr/bin/env bash
# Browser end-to-end test of `shenbiao serve` (called by .ci/run).
# Needs: chromium (Debian package), node + npm, the repository's samples.
# Builds the release binary unless SHENBIAO_BIN names one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ -z "${SHENBIAO_BIN:-}" ]; then
  (cd "$repo" && cargo build --release --quiet --bin shenbiao)
  export SHENBIAO_BIN="$repo/target/release/shenbiao"
fi
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "Chromium not found at $CHROMIUM (apt-get install -y chromium chromium-driver)" >&2
  exit 1
fi
cd "$here"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
node --test --test-reporter=spec serve.test.mjs
echo "screenshots: $here/out/serve-{one,many,rule,progress}.png, $here/out/start-{1366,390}.png"
