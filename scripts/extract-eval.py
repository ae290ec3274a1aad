#!/usr/bin/env python3
"""Page-extraction evaluation: token F1 (through ../shared/tools/peers/score.py), words dropped
from inside kept paragraphs, and the worst pages, on any gold JSONL with "html" and "text"
(the benchmark's article_extraction.*.jsonl, ../shared/data/dragnet/dragnet.*.jsonl).

usage:
  scripts/extract-eval.py --gold GOLD.jsonl [--ng target/release/newsgraph | --pred PRED.jsonl]
                          (--ng also takes the extract crate's example driver, extract_jsonl)
                          [--skip ID,ID] [--worst N] [--shared ../shared] [--keep-pred OUT.jsonl]

`--ng` runs `newsgraph extract --jsonl` on the gold pages; `--pred` scores an existing prediction
file (a peer's, e.g. from ../shared/tools/peers/run_extract.py). `--skip` leaves pages out (the
two broken dragnet pages: `--skip dragnet-R427,dragnet-R237`). Nothing is written into the
repository: the filtered gold and the predictions live in a temporary folder.

"Dropped words": for each gold paragraph (line) of at least 5 tokens, the predicted paragraph
sharing most of its tokens; when it holds at least half of them, the paragraph was kept, and
the gold tokens it lacks (multiset) were dropped from inside it. This counts words cut out of
kept paragraphs (inline links, spans), not paragraphs left out.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

TOKEN = re.compile(r"\w+", re.UNICODE)


def toks(s):
    return TOKEN.findall((s or "").lower())


def lines(s):
    return [ln for ln in (s or "").split("\n") if ln.strip()]


def dropped_in_kept(gold, pred):
    """(dropped tokens, kept gold paragraphs) for one page."""
    plines = [Counter(toks(ln)) for ln in lines(pred)]
    index = defaultdict(set)
    for k, c in enumerate(plines):
        for t in c:
            index[t].add(k)
    dropped = 0
    kept = 0
    for gl in lines(gold):
        g = Counter(toks(gl))
        n = sum(g.values())
        if n < 5:
            continue
        hits = Counter()
        for t, c in g.items():
            for k in index.get(t, ()):
                hits[k] += min(c, plines[k][t])
        if not hits:
            continue
        k, best = max(hits.items(), key=lambda kv: (kv[1], -kv[0]))
        if best * 2 < n:
            continue
        kept += 1
        dropped += n - best
    return dropped, kept


def f1(gold, pred):
    g, p = Counter(toks(gold)), Counter(toks(pred))
    tp = sum((g & p).values())
    if not g and not p:
        return 1.0
    if tp == 0:
        return 0.0
    pr, rc = tp / sum(p.values()), tp / sum(g.values())
    return 2 * pr * rc / (pr + rc)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(ln) for ln in f if ln.strip()]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--ng", help="newsgraph binary to run")
    ap.add_argument("--pred", help="existing prediction JSONL")
    ap.add_argument("--skip", default="", help="comma-separated ids to leave out")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1")
    ap.add_argument("--drops", type=int, default=0, help="list the N pages with most dropped words")
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--keep-pred", help="also copy the predictions here")
    a = ap.parse_args()
    if bool(a.ng) == bool(a.pred):
        sys.exit("give exactly one of --ng and --pred")
    skip = {s for s in a.skip.split(",") if s}
    gold = [d for d in read_jsonl(a.gold) if d["id"] not in skip]
    with tempfile.TemporaryDirectory() as tmp:
        gpath = os.path.join(tmp, "gold.jsonl")
        with open(gpath, "w", encoding="utf-8") as f:
            for d in gold:
                f.write(json.dumps({"id": d["id"], "text": d["text"], "html": d.get("html"), "url": d.get("url")}) + "\n")
        ppath = a.pred
        if a.ng:
            ppath = os.path.join(tmp, "pred.jsonl")
            if "extract_jsonl" in os.path.basename(a.ng):
                # the extract crate's example driver (cargo build -p extract --example extract_jsonl)
                subprocess.run([a.ng, gpath, ppath], check=True, stderr=subprocess.DEVNULL)
            else:
                subprocess.run([a.ng, "extract", "--jsonl", gpath, "-o", ppath], check=True)
        if a.keep_pred:
            with open(ppath, encoding="utf-8") as src, open(a.keep_pred, "w", encoding="utf-8") as dst:
                dst.write(src.read())
        score = os.path.join(a.shared, "tools", "peers", "score.py")
        out = subprocess.run([sys.executable, score, "extract", "--gold", gpath, "--pred", ppath],
                             check=True, capture_output=True, text=True).stdout
        headline = json.loads(out.strip().splitlines()[-1])
        pred = {d["id"]: d.get("text") or "" for d in read_jsonl(ppath)}
    rows = []
    total_drop = 0
    pages_drop = 0
    for d in gold:
        p = pred.get(d["id"], "")
        dr, _ = dropped_in_kept(d["text"], p)
        total_drop += dr
        pages_drop += dr > 0
        rows.append((f1(d["text"], p), dr, d["id"], len(toks(d["text"])), len(toks(p))))
    headline["dropped_words_in_kept_paragraphs"] = total_drop
    headline["pages_with_dropped_words"] = pages_drop
    headline["empty_predictions"] = sum(1 for r in rows if r[4] == 0)
    for r in sorted(rows)[: a.worst]:
        print(f"worst f1={r[0]:.3f} dropped={r[1]} {r[2]} gold_words={r[3]} pred_words={r[4]}")
    for r in sorted(rows, key=lambda r: -r[1])[: a.drops]:
        print(f"drops dropped={r[1]} f1={r[0]:.3f} {r[2]} gold_words={r[3]} pred_words={r[4]}")
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
