#!/usr/bin/env python3
"""Mines the rows of crates/quote/data/cues.tsv from PolNeAR train.

    newsgraph annotate --quiet polnear.train.jsonl -o train.annotated.jsonl
    python3 crates/quote/tools/mine_cues.py polnear.train.jsonl train.annotated.jsonl > rows.tsv

For every word (a VERB, ADJ or NOUN) with a speaker for a subject (its own, a verb's up a chain
of advcl/xcomp/conj, or a noun's possessor) and a dependent of the relations syntax.rs reads,
the content is that dependent's subtree, run on over the word's later dependents of
data/runs_on.txt (as syntax.rs does). A reading agrees when the content overlaps a gold
attribution by half of the gold span. A row is kept when it agreed at least half the time over
three or more uses, or both times over two; an act verb of cues.tsv keeps only `ccomp`.
Prints the rows sorted; the header and the `act` rows of cues.tsv are kept by hand.
"""
import bisect
import collections
import json
import pathlib
import re
import sys

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
NON_SPEAKERS = {l.strip() for l in open(DATA / "non_speakers.txt", encoding="utf-8")
                if l.strip() and not l.startswith("#")}
RUNS_ON = {l.strip() for l in open(DATA / "runs_on.txt", encoding="utf-8")
           if l.strip() and not l.startswith("#")}
TIME_WORDS = {l.strip() for l in open(DATA / "time_words.txt", encoding="utf-8")
              if l.strip() and not l.startswith("#")}
ACT = {"declared", "declares", "declare", "found", "finds", "find"}


def trim(text, s, e):
    while s < e and (text[s].isspace() or text[s] in "\"'“”‘’«»„"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "\"'“”‘’«»„"):
        e -= 1
    return s, e


def readings(d):
    text, toks, deps = d["text"], d["tokens"], d["deps"]
    pos = [p["upos"] for p in d["pos"]]
    low = [text[a:b].lower() for a, b in toks]
    kids = [[] for _ in toks]
    for i, dp in enumerate(deps):
        if dp["head"] is not None and dp["head"] >= 0:
            kids[dp["head"]].append(i)
    starts = [t[0] for t in toks]
    sent = [0] * len(toks)
    for k, (a, b) in enumerate(d["sentences"]):
        for i in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)):
            sent[i] = k
    rel = lambda i: deps[i]["rel"]
    head = lambda i: deps[i]["head"] if deps[i]["head"] is not None and deps[i]["head"] >= 0 else None
    wordy = lambda i: text[toks[i][0]:toks[i][1]][:1].isalnum()

    def subtree(i):
        lo = hi = i
        stack = [i]
        while stack:
            x = stack.pop()
            lo, hi = min(lo, x), max(hi, x)
            stack.extend(kids[x])
        return lo, hi

    def speaker(i):
        if low[i] in TIME_WORDS:
            return False
        return pos[i] in ("PROPN", "NOUN") or (pos[i] == "PRON" and low[i] not in NON_SPEAKERS)

    def subject_of(h):
        return next((c for c in kids[h] if rel(c) == "nsubj" and speaker(c)), None)

    for i in range(len(toks)):
        if pos[i] not in ("VERB", "ADJ", "NOUN"):
            continue
        s, h = subject_of(i), i
        for _ in range(3):
            if s is not None or rel(h) not in ("advcl", "xcomp", "conj") or head(h) is None:
                break
            up = head(h)
            if h != i and pos[up] not in ("VERB", "ADJ", "AUX"):
                break
            s, h = subject_of(up), up
        if s is None and pos[i] == "NOUN":
            s = next((c for c in kids[i] if rel(c) == "nmod:poss" and speaker(c)), None)
        if s is None:
            continue
        for c in kids[i]:
            r = rel(c)
            if r in ("ccomp", "xcomp", "obj"):
                key = r
            elif r in ("obl", "acl"):
                m = next((m for m in kids[c] if m < c and rel(m) in ("case", "mark")), None)
                if m is None:
                    continue
                key = r + ":" + low[m]
            else:
                continue
            a, b = subtree(c)
            if a <= i <= b:
                continue
            for k in kids[i]:
                if k <= b:
                    continue
                if rel(k) not in RUNS_ON:
                    break
                b = max(b, subtree(k)[1])
            while b > a and not wordy(b):
                b -= 1
            if not wordy(a) or sum(1 for k in range(a, b + 1) if wordy(k)) < 2:
                continue
            if sent[a] != sent[i] or sent[b] != sent[i]:
                continue
            yield (low[i], key), (toks[a][0], toks[b][1])


def main(gold_path, annotated_path):
    gold = {g["id"]: g for g in map(json.loads, open(gold_path, encoding="utf-8"))}
    agree, total = collections.Counter(), collections.Counter()
    for d in map(json.loads, open(annotated_path, encoding="utf-8")):
        g = gold[d["id"]]
        spans = [trim(g["text"], q["start"], q["end"]) for q in g.get("quotes", [])]
        for key, (s, e) in readings(d):
            s, e = trim(g["text"], s, e)
            total[key] += 1
            if any(min(b, e) - max(a, s) > 0 and min(b, e) - max(a, s) >= 0.5 * max(1, b - a)
                   for a, b in spans):
                agree[key] += 1
    for (w, r) in sorted(total):
        a, t = agree[(w, r)], total[(w, r)]
        if not ((t >= 3 and a / t >= 0.5) or (t == 2 and a == 2)):
            continue
        if not re.fullmatch(r"[a-z][a-z-]*", w) or (w in ACT and r != "ccomp"):
            continue
        print(f"{w}\t{r}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
