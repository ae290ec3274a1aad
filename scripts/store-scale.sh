#!/usr/bin/env bash
# Per-document ingest cost as the store grows (issue 18): one store is filled with generated news
# documents up to each size in SIZES (default "1000 10000 100000"); the last BATCH (default 200)
# documents before each size are ingested on their own and timed. Prints one row per size: wall
# seconds per document of that batch (model loading, about a constant, included) and the
# writer's share (entity resolution + row writes + commits, from `ingest --timings`), the part
# that could grow with the store. The store-independent annotation is the rest.
#
# The documents are generated with a fixed seed (document i depends only on SEED and i): short
# reports built from templates over invented names (syllable-made, nothing from a corpus), people
# (first name + surname, surnames shared by several people), organizations and places drawn with
# Zipf weights, so a few entities recur in a large share of the documents, as in real news, and
# some sentences name a person by surname only (resolved against the store by context).
# usage: scripts/store-scale.sh [NEWSGRAPH_BINARY] [WORK_DIR]
# env: SIZES, BATCH, SEED (default 18), THREADS (passed as --threads).
set -euo pipefail
cd "$(dirname "$0")/.."
NG=$(realpath "${1:-target/release/newsgraph}")
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
SIZES=${SIZES:-"1000 10000 100000"}
BATCH=${BATCH:-200}
SEED=${SEED:-18}
THREAD_ARGS=()
[[ -n "${THREADS:-}" ]] && THREAD_ARGS=(--threads "$THREADS")
DB="$WORK/scale.db"
rm -f "$DB"*

gen() { # FROM TO FILE: documents FROM..TO-1
  python3 - "$SEED" "$1" "$2" "$3" <<'PY'
import json, random, sys
seed, lo, hi, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
base = random.Random(seed)
ons = ["b", "d", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "gr", "st", "tr", "sh", "kh"]
vow = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
def word(rng, syll):
    return "".join(rng.choice(ons) + rng.choice(vow) for _ in range(syll)).capitalize()
def pool(n, make):
    seen, out = set(), []
    while len(out) < n:
        w = make()
        if w not in seen:
            seen.add(w); out.append(w)
    return out
firsts = pool(120, lambda: word(base, base.choice([2, 2, 3])))
surnames = pool(500, lambda: word(base, base.choice([2, 3, 3])) + base.choice(["", "ov", "ez", "son", "ski"]))
people = [(base.choice(firsts), s) for s in surnames for _ in range(6)]
base.shuffle(people)
people = list(dict.fromkeys(people))
org_kinds = ["Institute", "Group", "Party", "Bank", "Council", "Union", "Foundation", "Agency"]
orgs = pool(900, lambda: word(base, base.choice([2, 3])) + " " + base.choice(org_kinds))
places = pool(600, lambda: word(base, 3))
roles = ["chairman", "spokesman", "director", "treasurer", "founder", "president"]
nouns = ["budget", "deficit", "turnout", "price of bread", "number of arrests", "debt"]
days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
def zipf(n):
    w = [1.0 / (k + 1) for k in range(n)]
    t = sum(w)
    acc, out = 0.0, []
    for x in w:
        acc += x / t; out.append(acc)
    return out
cp, co, cl = zipf(len(people)), zipf(len(orgs)), zipf(len(places))
import bisect
def pick(rng, items, cum):
    return items[min(bisect.bisect_left(cum, rng.random()), len(items) - 1)]
with open(path, "w") as out:
    for i in range(lo, hi):
        rng = random.Random(seed * 1_000_003 + i)
        p1, p2, p3 = (pick(rng, people, cp) for _ in range(3))
        o1, o2 = pick(rng, orgs, co), pick(rng, orgs, co)
        l1, l2 = pick(rng, places, cl), pick(rng, places, cl)
        lone = pick(rng, people, cp)[1]
        year = rng.randint(1950, 2020)
        s = [f"Report {i} from {l1}", "",
             f"{p1[0]} {p1[1]}, the {rng.choice(roles)} of the {o1}, said on {rng.choice(days)} that "
             f"the {o2} would open an office in {l1}.",
             f"\u201cWe have waited {rng.randint(2, 30)} years for this,\u201d {p1[1]} said.",
             f"{p2[0]} {p2[1]}, who leads the {o2}, met {p3[0]} {p3[1]} in {l2} last week.",
             f"{p2[1]} told reporters that the {rng.choice(nouns)} in {l1} had grown by "
             f"{rng.randint(2, 90)} percent since {year}.",
             f"The {o1} was founded in {rng.randint(1900, 1990)} by {p3[0]} {p3[1]}.",
             f"{lone} declined to comment on report number {i}."]
        text = s[0] + "\n\n" + " ".join(s[2:]) + "\n"
        out.write(json.dumps({"id": f"syn-{i}", "text": text,
                              "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}) + "\n")
PY
}

ingest() { # FILE [--timings]: prints "seconds writer_seconds"
  local t0 t1
  t0=$(date +%s.%N)
  "$NG" --db "$DB" ingest --quiet "${THREAD_ARGS[@]}" --timings "$1" 2> "$WORK/timings.txt"
  t1=$(date +%s.%N)
  python3 - "$t0" "$t1" "$WORK/timings.txt" <<'PY'
import re, sys
t = float(sys.argv[2]) - float(sys.argv[1])
line = next((l for l in open(sys.argv[3]) if l.startswith("writer")), "")
st = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([0-9.]+)", line))
print(f"{t:.3f} {st.get('resolve', 0) + st.get('write', 0) + st.get('commit', 0):.3f}")
PY
}

printf "%-10s %-7s %-12s %-14s %s\n" "store" "batch" "wall ms/doc" "writer ms/doc" "(resolve+write+commit)"
have=0
for size in $SIZES; do
  from=$((size - BATCH))
  if (( from > have )); then
    # Fill up to the batch in chunks of at most 20,000 documents (bounded files).
    while (( have < from )); do
      next=$(( have + 20000 < from ? have + 20000 : from ))
      gen "$have" "$next" "$WORK/fill.jsonl"
      ingest "$WORK/fill.jsonl" > /dev/null
      have=$next
    done
  fi
  gen "$from" "$size" "$WORK/batch.jsonl"
  read -r secs writer < <(ingest "$WORK/batch.jsonl")
  have=$size
  python3 -c "import sys; n=int(sys.argv[2]); print(f'{int(sys.argv[1]):<10} {n:<7} {float(sys.argv[3])*1000/n:<12.2f} {float(sys.argv[4])*1000/n:<14.2f}')" \
    "$size" "$BATCH" "$secs" "$writer"
done
"$NG" --db "$DB" stats
