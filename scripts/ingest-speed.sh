#!/usr/bin/env bash
# Ingest at annotation speed (issue 18): times, in one run on the same machine,
#   - spaCy en_core_web_sm full pipeline (../shared/tools/peers/throughput.py, best of 3 after a
#     warm-up, model loading excluded) on SPACY_GOLD (default: PolNeAR dev; its words/s is the
#     yardstick, the corpus only has to be news of the same kind),
#   - `newsgraph annotate` on PolNeAR train+dev (interchange JSONL in, JSONL out),
#   - `newsgraph ingest` of the same file into a fresh store,
#   - the 84 PolNeAR dev articles into an empty store and into the store holding train+dev.
#     So that dedup does not skip them there, they are ingested under new ids with one line
#     ("Republished.") appended, in both runs: the same work, only the store differs.
# Wall-clock seconds of the whole command (model loading included), best of REPS (default 3).
# usage: scripts/ingest-speed.sh [NEWSGRAPH_BINARY] [SHARED_DIR]
# env: REPS, THREADS (passed as --threads), PEERS (default /tmp/newsgraph-peers), SPACY_GOLD,
#      NO_SPACY=1 to skip spaCy.
set -euo pipefail
cd "$(dirname "$0")/.."
NG=$(realpath "${1:-target/release/newsgraph}")
SHARED=$(cd "${2:-../shared}" && pwd)
GOLD=$SHARED/data/gold
PEERS=${PEERS:-/tmp/newsgraph-peers}
REPS=${REPS:-3}
SPACY_GOLD=${SPACY_GOLD:-$GOLD/polnear.dev.jsonl}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
THREAD_ARGS=()
[[ -n "${THREADS:-}" ]] && THREAD_ARGS=(--threads "$THREADS")

cat "$GOLD/polnear.train.jsonl" "$GOLD/polnear.dev.jsonl" > "$WORK/all.jsonl"
python3 - "$GOLD/polnear.dev.jsonl" "$WORK/again.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        r = {"id": "again-" + str(r["id"]), "text": r["text"].rstrip() + "\n\nRepublished.\n",
             **({"date": r["date"]} if r.get("date") else {})}
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
words() { python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].split()) for l in open(sys.argv[1]) if l.strip()))' "$1"; }
W_ALL=$(words "$WORK/all.jsonl")
W_AGAIN=$(words "$WORK/again.jsonl")

# best SECONDS of REPS runs of: SETUP_COMMAND ; COMMAND...  (setup untimed)
best() {
  local setup=$1; shift
  python3 - "$REPS" "$setup" "$@" <<'PY'
import subprocess, sys, time
reps, setup, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
best = None
for _ in range(reps):
    subprocess.run(setup, shell=True, check=True)
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    s = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}")
    best = s if best is None else min(best, s)
print(f"{best:.3f}")
PY
}

SPACY=""
if [[ -z "${NO_SPACY:-}" && -x "$PEERS/.venv/bin/python" ]]; then
  "$PEERS/.venv/bin/python" "$PEERS/throughput.py" --gold "$SPACY_GOLD" --peers spacy-full \
    --json "$WORK/peers.json" >&2
  SPACY=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r=r if isinstance(r,list) else r.get("results",r); print(next(x["words_per_s"] for x in r if x["peer"]=="spacy-full"))' "$WORK/peers.json")
fi

T_ANN=$(best "true" "$NG" annotate --quiet "$WORK/all.jsonl" -o "$WORK/out.jsonl")
T_ING=$(best "rm -f $WORK/all.db*" "$NG" --db "$WORK/all.db" ingest --quiet "${THREAD_ARGS[@]}" "$WORK/all.jsonl")
"$NG" --db "$WORK/all.db" stats --json > "$WORK/all.stats.json"
T_EMPTY=$(best "rm -f $WORK/e.db*" "$NG" --db "$WORK/e.db" ingest --quiet "${THREAD_ARGS[@]}" "$WORK/again.jsonl")
T_FULL=$(best "rm -f $WORK/f.db*; cp $WORK/all.db $WORK/f.db" "$NG" --db "$WORK/f.db" ingest --quiet "${THREAD_ARGS[@]}" "$WORK/again.jsonl")

python3 - "$W_ALL" "$W_AGAIN" "$T_ANN" "$T_ING" "$T_EMPTY" "$T_FULL" "${SPACY:-0}" "$WORK/all.stats.json" <<'PY'
import json, sys
w_all, w_again = int(sys.argv[1]), int(sys.argv[2])
t_ann, t_ing, t_empty, t_full, spacy = map(float, sys.argv[3:8])
docs = json.load(open(sys.argv[8]))["documents"]
print(f"PolNeAR train+dev: {docs} documents stored, {w_all:,} words")
print(f"annotate: {t_ann:.2f} s, {w_all / t_ann:,.0f} words/s")
print(f"ingest:   {t_ing:.2f} s, {w_all / t_ing:,.0f} words/s ({t_ing / t_ann:.2f}x annotate's time)")
if spacy > 0:
    print(f"spaCy en_core_web_sm full: {spacy:,.0f} words/s -> ingest is {w_all / t_ing / spacy:.1f}x "
          f"(acceptance >= 25x), annotate {w_all / t_ann / spacy:.1f}x")
print(f"84 dev articles ({w_again:,} words): empty store {t_empty:.2f} s, store of {docs} "
      f"{t_full:.2f} s -> {t_full / t_empty:.2f}x (acceptance <= 1.25x)")
PY
