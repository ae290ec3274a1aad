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
# Starts `newsgraph serve` on a free loopback port (another port when the first is taken) and
# waits until it answers (up to 60 s: a loaded CI machine can be slow to start it).
# Usage: start VAR_PID VAR_PORT LOG [env assignments...]
start() {
  local __pid=$1 __port=$2 log=$3; shift 3
  local p q up
  for _try in 1 2 3 4 5; do
    p=$(( 20000 + RANDOM % 20000 ))
    env "$@" "$bin" --db "$work/e2e.db" serve --bind "127.0.0.1:$p" 2> "$log" &
    q=$!
    up=
    for _ in $(seq 1 300); do
      kill -0 "$q" 2>/dev/null || break
      # Any HTTP answer (200, or 401 from the token server) means it is up.
      if curl -sS -o /dev/null "http://127.0.0.1:$p/api/stats" 2>/dev/null; then up=1; break; fi
      sleep 0.2
    done
    if [[ -n $up ]]; then
      printf -v "$__pid" '%s' "$q"; printf -v "$__port" '%s' "$p"
      return 0
    fi
    kill "$q" 2>/dev/null || true
  done
  echo "could not start newsgraph serve; last log:" >&2; cat "$log" >&2
  return 1
}
start pid port "$work/serve.log"
# A second server with a token: every API request needs it; the page asks for it once.
token="e2e-token-$RANDOM"
start tpid tport "$work/serve-token.log" NEWSGRAPH_TOKEN="$token"
BASE="http://127.0.0.1:$port" TOKEN_BASE="http://127.0.0.1:$tport" TOKEN="$token" PW_DIR="$PW_DIR" \
  node "$here/explorer.mjs"
