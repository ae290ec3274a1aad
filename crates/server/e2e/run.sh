#!/usr/bin/env bash
# End-to-end run of the explorer: builds a database from examples/ plus the XSS fixture, starts
# `newsgraph serve` on a free loopback port, drives it with headless Chromium, stops it.
# Needs: /usr/bin/chromium (apt-get install -y chromium) and playwright-core installed in
# $PW_DIR (npm install --prefix "$PW_DIR" playwright-core@1.64.1).
# Usage: crates/server/e2e/run.sh [path/to/newsgraph]   (screenshots go to $OUT)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${1:-$root/target/release/newsgraph}"
PW_DIR="${PW_DIR:-/tmp/newsgraph-e2e-node}"
export OUT="${OUT:-/tmp/newsgraph-e2e}"
work="$(mktemp -d)"
pid=; tpid=
trap 'kill $pid $tpid 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$OUT"
"$bin" --db "$work/e2e.db" --quiet ingest "$root/examples" "$here/fixtures"
port=$(( 20000 + RANDOM % 20000 ))
"$bin" --db "$work/e2e.db" serve --bind "127.0.0.1:$port" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$port/api/stats" > /dev/null 2>&1 && break
  sleep 0.2
done
# A second server with a token: every API request needs it; the page asks for it once.
tport=$(( port + 1 ))
token="e2e-token-$RANDOM"
NEWSGRAPH_TOKEN="$token" "$bin" --db "$work/e2e.db" serve --bind "127.0.0.1:$tport" 2> "$work/serve-token.log" &
tpid=$!
for _ in $(seq 1 50); do
  curl -sS -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$tport/api/stats" > /dev/null 2>&1 && break
  sleep 0.2
done
BASE="http://127.0.0.1:$port" TOKEN_BASE="http://127.0.0.1:$tport" TOKEN="$token" PW_DIR="$PW_DIR" \
  node "$here/explorer.mjs"
