#!/usr/bin/env bash
# The linear-cost check of issue 13: a generated one-line text of SIZE bytes without a single
# sentence end (names, titles, numbers and function words drawn with a fixed seed), run through
# `annotate` (as interchange JSONL) and `ingest` (as a .txt file), each timed with its peak memory.
# usage: scripts/linear-cost.sh NEWSGRAPH_BINARY [SIZE_BYTES (default 10000000)] [WORK_DIR]
# Prints one line per command: `annotate|ingest SECONDS s MAXRSS_KB KB`; exits 1 when annotate
# exceeds 90 s or 1.5 GB, or ingest 180 s or 1.5 GB (the acceptance limits on a 2-core machine).
set -euo pipefail
NG=$1
SIZE=${2:-10000000}
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK"
python3 - "$SIZE" "$WORK" <<'PY'
import json, random, sys
size, work = int(sys.argv[1]), sys.argv[2]
rng = random.Random(13)
words = ("the a of in and to said president minister John Smith Moscow Russia Akhmed Zakayev "
         "Free Nations Forum leader of group he she they it was is with from by for on at new "
         "old Putin Ukraine Kyiv army unit war people region government official Chechen "
         "Republic Ichkeria founder member movement 2023 March today").split()
out, n = [], 0
while n < size:
    w = rng.choice(words)
    out.append(w)
    n += len(w) + 1
text = " ".join(out)[:size]
open(f"{work}/runon.txt", "w").write(text)
open(f"{work}/runon.jsonl", "w").write(json.dumps({"id": "runon", "text": text}) + "\n")
PY
FAIL=0
measure() { # NAME MAX_S COMMAND...: wall seconds and the child's peak resident memory
  local name=$1 max_s=$2; shift 2
  python3 - "$name" "$max_s" "$@" <<'PY' || FAIL=1
import resource, subprocess, sys, time
name, max_s, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
t0 = time.monotonic()
rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
secs = time.monotonic() - t0
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{name} {secs:.1f} s {kb} KB (limits {max_s:.0f} s, 1572864 KB), exit {rc}")
sys.exit(0 if rc == 0 and secs <= max_s and kb <= 1572864 else 1)
PY
}
measure annotate 90 "$NG" annotate --quiet "$WORK/runon.jsonl" -o "$WORK/runon.out.jsonl"
rm -f "$WORK/runon.db"*
measure ingest 180 "$NG" --db "$WORK/runon.db" ingest --quiet "$WORK/runon.txt"
exit $FAIL
