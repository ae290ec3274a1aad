#!/usr/bin/env bash
# The PostgreSQL acceptance checks of issue 18:
#   1. the reference article ingested into PostgreSQL gives the same `stats --json` as SQLite;
#   2. two `ingest` processes at once into one PostgreSQL database, 100 articles each (the first
#      200 PolNeAR train+dev articles, split in two): 200 documents, the same number of quotes
#      and an entity count within 2% of one SQLite run of all 200.
# usage: scripts/pg-check.sh NEWSGRAPH_BINARY PG_ADMIN_URL [SHARED_DIR]
#   PG_ADMIN_URL: a database on the server this script may connect to and create databases
#   from, e.g. postgres://postgres@localhost:54329/postgres. The databases it creates
#   (ngcheck_ref, ngcheck_two) are dropped again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
NG=$(realpath "$1")
ADMIN=$2
SHARED=$(cd "${3:-../shared}" && pwd)
BASE=${ADMIN%/*}
WORK=$(mktemp -d)
cleanup() {
  for db in ngcheck_ref ngcheck_two; do
    psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
for db in ngcheck_ref ngcheck_two; do
  psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  psql -q "$ADMIN" -c "CREATE DATABASE $db" >/dev/null
done

echo "-- reference article: SQLite and PostgreSQL stats"
REF=$SHARED/examples/reference-article.txt
"$NG" --quiet --db "$WORK/ref.db" ingest "$REF" >/dev/null
"$NG" --quiet --db "$BASE/ngcheck_ref" ingest "$REF" >/dev/null
"$NG" --db "$WORK/ref.db" --json stats > "$WORK/ref-sqlite.json"
"$NG" --db "$BASE/ngcheck_ref" --json stats > "$WORK/ref-pg.json"
cat "$WORK/ref-pg.json"
if ! cmp -s "$WORK/ref-sqlite.json" "$WORK/ref-pg.json"; then
  echo "FAIL: stats differ"; diff "$WORK/ref-sqlite.json" "$WORK/ref-pg.json" || true; exit 1
fi
# Ingesting it again changes nothing.
"$NG" --quiet --db "$BASE/ngcheck_ref" ingest "$REF" >/dev/null
"$NG" --db "$BASE/ngcheck_ref" --json stats | cmp -s - "$WORK/ref-sqlite.json" \
  || { echo "FAIL: a second ingest changed the stats"; exit 1; }

echo "-- two ingests at once into one PostgreSQL database, 100 articles each"
GOLD=$SHARED/data/gold
cat "$GOLD/polnear.train.jsonl" "$GOLD/polnear.dev.jsonl" | awk 'NF && n++ < 200' > "$WORK/all.jsonl"
head -n 100 "$WORK/all.jsonl" > "$WORK/a.jsonl"
tail -n +101 "$WORK/all.jsonl" > "$WORK/b.jsonl"
[[ $(wc -l < "$WORK/b.jsonl") -eq 100 ]] || { echo "FAIL: fewer than 200 articles"; exit 1; }
"$NG" --quiet --db "$WORK/all.db" ingest "$WORK/all.jsonl" >/dev/null
"$NG" --quiet --db "$BASE/ngcheck_two" ingest "$WORK/a.jsonl" >/dev/null &
A=$!
"$NG" --quiet --db "$BASE/ngcheck_two" ingest "$WORK/b.jsonl" >/dev/null &
B=$!
wait $A
wait $B
"$NG" --db "$WORK/all.db" --json stats > "$WORK/all-sqlite.json"
"$NG" --db "$BASE/ngcheck_two" --json stats > "$WORK/two-pg.json"
python3 - "$WORK/all-sqlite.json" "$WORK/two-pg.json" <<'PY'
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:3])
print("SQLite, one run of 200:     ", one)
print("PostgreSQL, two runs of 100:", two)
bad = []
if two["documents"] != 200 or one["documents"] != 200:
    bad.append("documents are not 200")
if two["quotes"] != one["quotes"]:
    bad.append("quote counts differ")
if two["mentions"] != one["mentions"]:
    bad.append("mention counts differ")
drift = abs(two["entities"] - one["entities"]) / max(one["entities"], 1)
print(f"entity count drift: {drift:.2%}")
if drift > 0.02:
    bad.append("entity counts differ by more than 2%")
if bad:
    sys.exit("FAIL: " + "; ".join(bad))
PY
echo "PostgreSQL checks OK"
