#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each (default 25) after seeding its
# corpus from the repository's fixtures and fuzz/seeds/. Needs nightly and cargo-fuzz. Exits
# non-zero on the first crash; libFuzzer leaves the input under fuzz/artifacts/<target>/.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-25}
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(feed html opml jsonl annotate)

# Seeds: committed small files of our own plus the hostile and example fixtures of the repo.
seed() {
  local t=$1
  shift
  mkdir -p "fuzz/corpus/$t"
  cp -f "fuzz/seeds/$t"/* "fuzz/corpus/$t/"
  for f in "$@"; do
    [[ -f $f ]] && cp -f "$f" "fuzz/corpus/$t/$(echo "$f" | tr / _)"
  done
  return 0
}
H=tests/fixtures/hostile
I=crates/ingest/tests/fixtures
seed feed $I/atom.xml $I/rss2.xml $I/feed.json $H/empty-feed.xml $H/truncated-feed.xml \
  $H/binary.png $H/utf16le-bom.txt $H/invalid-utf8.txt examples/feeds/example-outlet.xml
seed html crates/extract/tests/fixtures/*.html $I/article.html $H/latin1.html \
  $H/scripts-only.html $H/invalid-utf8.txt examples/pages/rada-ichkeria-resolution.html
seed opml $I/subscriptions.opml $H/empty-feed.xml
seed jsonl $I/docs.jsonl $H/invalid-utf8.txt
seed annotate examples/articles/*.txt $H/invalid-utf8.txt $H/utf16le-bom.txt

dict() {
  case $1 in
    feed | html | opml) echo "-dict=fuzz/dicts/xml.dict" ;;
    jsonl) echo "-dict=fuzz/dicts/json.dict" ;;
  esac
}

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
for t in "${TARGETS[@]}"; do
  echo "== fuzz $t (${SECS}s)"
  # -a: debug assertions (integer overflow, TextRange::new's start <= end) are on.
  # -timeout: one input taking over 20 s counts as a crash (a hang or quadratic blow-up).
  status=0
  # shellcheck disable=SC2046
  cargo +nightly fuzz run -a "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECS" -timeout=20 -print_final_stats=1 $(dict "$t") >"$LOG" 2>&1 || status=$?
  grep -E "^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb))" "$LOG" || true
  if [[ $status -ne 0 ]]; then
    tail -n 80 "$LOG"
    echo "fuzz $t: FAILED (exit $status); the input is under fuzz/artifacts/$t/"
    exit 1
  fi
done
echo "fuzz OK"
