#!/usr/bin/env bash
# Speed side by side with spaCy, measured in the same run on the same text.
# usage: scripts/speed.sh [SHARED_DIR] [GOLD.jsonl]
# Sets up the pinned peers once in $PEERS (default /tmp/newsgraph-peers; ../shared is read-only),
# then runs ../shared/tools/peers/throughput.py for spaCy and `newsgraph throughput` on the same
# gold file (words = whitespace tokens of each document's text; best of 3 after a warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=$(cd "${1:-../shared}" && pwd)
GOLD=${2:-$SHARED/data/gold/conll2003.dev.jsonl}
PEERS=${PEERS:-/tmp/newsgraph-peers}
if [[ ! -x "$PEERS/.venv/bin/python" ]]; then
  mkdir -p "$PEERS"
  cp -r "$SHARED/tools/peers/." "$PEERS/"
  chmod -R u+w "$PEERS"
  bash "$PEERS/setup.sh"
fi
cargo build --release --quiet
OUT=$(mktemp -d)
"$PEERS/.venv/bin/python" "$PEERS/throughput.py" --gold "$GOLD" --peers spacy-full,spacy-ner --json "$OUT/peers.json" >&2
target/release/newsgraph --json throughput --gold "$GOLD" > "$OUT/ng.json"
python3 - "$OUT/peers.json" "$OUT/ng.json" <<'PY'
import json, sys
peers = json.load(open(sys.argv[1]))
ng = json.load(open(sys.argv[2]))
rows = peers if isinstance(peers, list) else peers.get("results", peers)
def wps(name):
    if isinstance(rows, dict):
        r = rows.get(name, {})
    else:
        r = next((x for x in rows if x.get("peer") == name), {})
    return r.get("words_per_s") or r.get("wps") or r.get("words_per_second")
print(f"corpus: {ng['documents']} documents, {ng['words']} words")
print(f"newsgraph ({' → '.join(ng['stages'])}): {ng['words_per_second']:,.0f} words/s (1 thread), "
      f"{ng['words_per_second_parallel']:,.0f} words/s ({ng['threads']} threads)")
for p in ("spacy-full", "spacy-ner"):
    w = wps(p)
    if w:
        print(f"{p}: {w:,.0f} words/s  → newsgraph is {ng['words_per_second']/w:.1f}x (1 thread)")
print(f"store ingest (language stages aside): {ng['ingest_documents_per_second']:,.0f} documents/s")
PY
