//! Attributions read from the dependency tree: a cue word of `data/cues.tsv` whose content is a
//! dependent (`X argued that …` ccomp, `X wants to …` xcomp, `X endorsed …` obj, `X spoke about
//! …` obl, `X's decision to …` acl) and whose subject is a speaker (a name, a person pronoun or
//! a nominal). These add to the pattern rules of `extract`: a content that overlaps a quotation
//! already found, or a cue inside one, is left out.

use crate::extract::Cand;
use crate::lexicon::non_speaker_pronoun;
use crate::view::View;
use doc::{Dependency, Document, TextRange, Upos, Xpos};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The cue table, embedded.
const TABLE: &str = include_str!("../data/cues.tsv");

/// The most tokens a content or speaker subtree is read over (a sentence's worth).
const MAX_SUBTREE: usize = 200;

/// The most verbs climbed from a participle or infinitive cue to the subject it shares.
const MAX_CHAIN: usize = 3;

/// `(word, relation)` pairs of the table.
fn cues() -> &'static HashSet<(String, String)> {
    static CUES: OnceLock<HashSet<(String, String)>> = OnceLock::new();
    CUES.get_or_init(|| parse_table(TABLE))
}

fn parse_table(t: &str) -> HashSet<(String, String)> {
    t.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split('\t');
            let w = it.next()?.trim();
            let r = it.next()?.trim();
            (!w.is_empty() && !r.is_empty()).then(|| (w.to_lowercase(), r.to_string()))
        })
        .collect()
}

/// Whether `(word, relation)` is a cue of the table.
pub(crate) fn is_cue(word: &str, rel: &str) -> bool {
    cues().contains(&(word.to_string(), rel.to_string()))
}

struct Tree<'d> {
    deps: &'d [Dependency],
    /// The document's shared dependency tree (children).
    tree: &'d doc::DepTree,
}

impl Tree<'_> {
    fn rel(&self, i: usize) -> &str {
        self.deps.get(i).map_or("", |d| d.rel.as_str())
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.deps.get(i)?.head.map(|h| h as usize)
    }

    fn kids(&self, i: usize) -> &[usize] {
        self.tree.kids(i)
    }

    /// The token range `lo..=hi` of `i`'s subtree (bounded in size).
    fn subtree(&self, i: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        let mut seen = 0usize;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > MAX_SUBTREE {
                break;
            }
            lo = lo.min(x);
            hi = hi.max(x);
            stack.extend(self.kids(x).iter().copied());
        }
        (lo, hi)
    }
}

/// A speaker token: a name, a nominal or a person pronoun.
fn speaker_ok(v: &View, i: usize) -> bool {
    if crate::lexicon::is_time_word(v.low(i)) {
        return false;
    }
    match v.upos(i) {
        Some(Upos::Pron) => !non_speaker_pronoun(v.low(i)),
        Some(Upos::Propn | Upos::Noun) => true,
        _ => false,
    }
}

/// The relative pronouns of `data/relative_speakers.txt`.
static RELATIVE: std::sync::LazyLock<::lexicon::WordSet> = std::sync::LazyLock::new(|| {
    ::lexicon::WordSet::parse(include_str!("../data/relative_speakers.txt"))
});

/// The noun a relative pronoun subject stands for (`the voters who said …`: `voters`), when
/// that noun could speak.
fn relative_head(v: &View, t: &Tree, i: usize) -> Option<usize> {
    if !RELATIVE.contains(v.low(i)) || t.rel(i) != "nsubj" {
        return None;
    }
    let clause = t.head(i)?;
    if t.rel(clause) != "acl:relcl" {
        return None;
    }
    let n = t.head(clause)?;
    speaker_ok(v, n).then_some(n)
}

/// A subject that speaks: a speaker token, or a relative pronoun standing for one.
fn subject_ok(v: &View, t: &Tree, i: usize) -> bool {
    speaker_ok(v, i) || relative_head(v, t, i).is_some()
}

/// The phrase a relative pronoun speaker stands for (`Ode, who said …`: `Ode`), for resolving
/// its entity; `None` for any other speaker.
pub(crate) fn antecedent(
    doc: &Document,
    v: &View,
    speaker: (usize, usize),
) -> Option<(usize, usize)> {
    let t = tree(doc, v)?;
    if speaker.1 != speaker.0 + 1 {
        return None;
    }
    let n = relative_head(v, &t, speaker.0)?;
    Some(speaker_span(v, &t, n))
}

/// The speaker span of subject head `s`: from its subtree's first token to the head and the
/// name parts after it (`the party's chairman`, `Senator Ann Ode`), never a relative clause.
fn speaker_span(v: &View, t: &Tree, s: usize) -> (usize, usize) {
    let (lo, _) = t.subtree(s);
    let mut e = s + 1;
    while e < v.toks.len()
        && t.head(e) == Some(s)
        && matches!(t.rel(e), "flat" | "compound" | "flat:name")
    {
        e += 1;
    }
    // Start after a comma or the first word of an appositive when the subtree reaches back.
    let lo = (lo..s).rev().find(|&k| v.s(k) == ",").map_or(lo, |k| k + 1);
    (lo, e)
}

/// Whether dependent `c` of cue word `i` is what `i` reports: a clause under any verb (`X
/// contended that …`), or a relation the table lists for the word (`X wants to …`, `X spoke
/// about …`).
fn is_content(v: &View, t: &Tree, i: usize, c: usize) -> bool {
    let rel = t.rel(c);
    let key = match rel {
        "ccomp" | "xcomp" | "obj" => rel.to_string(),
        "obl" | "acl" => {
            let Some(&m) = t
                .kids(c)
                .iter()
                .find(|&&m| m < c && matches!(t.rel(m), "case" | "mark"))
            else {
                return false;
            };
            format!("{rel}:{}", v.low(m))
        }
        _ => return false,
    };
    (rel == "ccomp" && v.upos(i) == Some(Upos::Verb)) || is_cue(v.low(i), &key)
}

/// A participle or coordinated verb that reports on its own (`…, claiming that …`, `… and
/// called for …`): it ends the content of the attribution it hangs off.
fn own_attribution(v: &View, t: &Tree, k: usize) -> bool {
    matches!(t.rel(k), "advcl" | "conj")
        && v.upos(k) == Some(Upos::Verb)
        && t.kids(k).iter().any(|&c| {
            c > k && is_content(v, t, k, c) && {
                let (a, b) = t.subtree(c);
                b > a
            }
        })
}

/// A passive participle that opens its sentence as an adjunct (`Asked whether …, X said`).
fn opening_participle(doc: &Document, v: &View, t: &Tree, i: usize) -> bool {
    let opens = v
        .toks
        .get(i)
        .and_then(|tk| v.sents.get(tk.sent))
        .is_some_and(|&(lo, _)| (lo..i).all(|k| !v.is_word(k)));
    // The parser may take it for a main verb in the past (`Asked` root, VBD): with no
    // subject of its own it is still the participle.
    opens
        && matches!(t.rel(i), "advcl" | "root")
        && !t.kids(i).iter().any(|&k| t.rel(k).starts_with("nsubj"))
        && doc
            .pos()
            .and_then(|p| p.items.get(i))
            .is_some_and(|p| matches!(p.xpos, Xpos::Vbn | Xpos::Vbd))
}

/// The document's tree over the view's tokens, when it has one that fits.
fn tree<'d>(doc: &'d Document, v: &View) -> Option<Tree<'d>> {
    let layer = doc.deps()?;
    if !v.has_pos() || layer.items.len() != v.toks.len() {
        return None;
    }
    let deps = layer.items.as_slice();
    Some(Tree {
        deps,
        tree: doc.tree(),
    })
}

/// The words of `data/withheld.txt`: a content `to comment` (`declined to comment on X`)
/// says that nothing was said.
static WITHHELD: std::sync::LazyLock<::lexicon::WordSet> =
    std::sync::LazyLock::new(|| ::lexicon::WordSet::parse(include_str!("../data/withheld.txt")));

/// The relations of `data/runs_on.txt`: a cue's later dependents its content runs on over.
static RUNS_ON: std::sync::LazyLock<::lexicon::WordSet> =
    std::sync::LazyLock::new(|| ::lexicon::WordSet::parse(include_str!("../data/runs_on.txt")));

/// Whether a content of tokens `a..` is a withheld statement (`to comment on pricing`).
fn withheld(v: &View, a: usize) -> bool {
    v.low(a) == "to" && WITHHELD.contains(v.low(a + 1))
}

/// Corrects the quotations the pattern rules found with the tree, when there is one: an act
/// verb with a bare object reports nothing (`Ichkeria declared independence in 1991 and …`);
/// a withheld statement (`declined to comment on X`) is no quote; a reported content stops
/// before a coordinated clause with a subject of its own (`South Africa said A, and the
/// military said B`: B is the military's); the speaker of a cue verb is its subject
/// (`Intelligence reports seen by Reuters suggest …` is the reports', not Reuters').
pub(crate) fn amend(doc: &Document, v: &View, cands: &mut Vec<Cand>) {
    let first_tok = |b: u32| v.toks.partition_point(|t| t.r.start < b);
    if let Some(t) = tree(doc, v) {
        cands.retain(|c| {
            let Some((ci, ce)) = c.cue else { return true };
            let act = ce == ci + 1
                && crate::syntax::is_cue(v.low(ci), "act")
                && t.kids(ci).iter().any(|&k| t.rel(k) == "obj")
                && !t
                    .kids(ci)
                    .iter()
                    .any(|&k| matches!(t.rel(k), "ccomp" | "parataxis"));
            !act && (c.marked || !withheld(v, first_tok(c.content.start)))
        });
        for c in cands.iter_mut() {
            let Some((ci, ce)) = c.cue else { continue };
            if ce != ci + 1 || v.upos(ci) != Some(Upos::Verb) {
                continue;
            }
            // A speaker the patterns took from inside the subject's modifiers (`reports seen
            // by Reuters suggest`): the subject itself speaks.
            if let Some(s) = t
                .kids(ci)
                .iter()
                .copied()
                .find(|&k| t.rel(k) == "nsubj" && speaker_ok(v, k))
                && !c.marked
                && let Some((a, b)) = c.speaker
                && !(a <= s && s < b)
                && {
                    let (lo, hi) = t.subtree(s);
                    lo <= a && b <= hi + 1 && a > s
                }
            {
                c.speaker = Some(speaker_span(v, &t, s));
            }
            if c.marked || c.direct {
                continue;
            }
            // A coordinated clause with its own subject ends the content.
            let (lo, hi) = (first_tok(c.content.start), first_tok(c.content.end));
            // So does a participle or coordinated verb that reports on its own (`X criticized
            // A, claiming that B`: B is a second attribution).
            let Some(&k) = t.kids(ci).iter().find(|&&k| {
                k > lo
                    && k < hi
                    && ((t.rel(k) == "conj"
                        && v.cue_at(k).is_some()
                        && t.kids(k).iter().any(|&x| t.rel(x) == "nsubj" && x > lo))
                        || own_attribution(v, &t, k))
                    && !v.in_region(t.subtree(k).0)
            }) else {
                continue;
            };
            let mut e = t.subtree(k).0.max(lo);
            while e > lo && (!v.is_word(e - 1) || matches!(t.rel(e - 1), "cc" | "punct")) {
                e -= 1;
            }
            if (lo..e).filter(|&x| v.is_word(x)).count() >= 2
                && let (Some(ta), Some(tb)) = (v.toks.get(lo), v.toks.get(e - 1))
            {
                c.content = TextRange::new(ta.r.start, tb.r.end);
                // Quoted pieces after the cut belong to the later attribution.
                c.regions.retain(|&r| {
                    (lo..e).any(|x| v.toks.get(x).is_some_and(|t| t.region == Some(r)))
                });
            }
        }
    }
}

/// Adds the attributions of the table; `found` are the quotations already found (any order).
pub(crate) fn complements(doc: &Document, v: &View, found: &[Cand]) -> Vec<Cand> {
    let Some(t) = tree(doc, v) else {
        return Vec::new();
    };
    let mut taken: Vec<TextRange> = found.iter().map(|c| c.content).collect();
    taken.sort_by_key(|r| (r.start, r.end));
    // Whether `test` holds for one of the (at most 8) latest ranges taken that start before `r` ends.
    let near = |taken: &[TextRange], r: TextRange, test: fn(TextRange, TextRange) -> bool| {
        let k = taken.partition_point(|d| d.start < r.end);
        taken
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take(8)
            .any(|&d| test(d, r))
    };
    let overlaps = |taken: &[TextRange], r: TextRange| {
        near(taken, r, |d, r| d.overlaps(r) || d.contains_range(r))
    };
    // Whether a content crosses or sits inside a quotation already found (holding one is fine).
    let crosses = |taken: &[TextRange], r: TextRange| {
        near(taken, r, |d, r| {
            d.overlaps(r) && !r.contains_range(d) || d.contains_range(r)
        })
    };
    let found_cues: Vec<(TextRange, usize)> = found
        .iter()
        .filter_map(|c| Some((c.content, c.cue?.0)))
        .collect();
    let mut out: Vec<Cand> = Vec::new();
    for i in 0..v.toks.len() {
        if v.in_region(i) || !matches!(v.upos(i), Some(Upos::Verb | Upos::Adj | Upos::Noun)) {
            continue;
        }
        let Some(tok) = v.toks.get(i) else { continue };
        let cue_r = tok.r;
        if overlaps(&taken, cue_r) {
            continue;
        }
        let subject_of = |h: usize| {
            t.kids(h)
                .iter()
                .copied()
                // A passive's subject is what was talked about or to (`X is expected to`,
                // `X was asked whether`), never the speaker.
                .find(|&c| t.rel(c) == "nsubj" && subject_ok(v, &t, c))
        };
        // The subject; a participle or infinitive takes its head's (`…, arguing that`); a noun
        // cue its possessor (`the senator's decision to`).
        let mut subj = subject_of(i);
        // `Asked whether …, X said`: a passive participle opening its sentence reports what
        // was asked of the subject; its speaker is the agent (`Asked by Y to …`) or unnamed.
        let opener = subj.is_none() && opening_participle(doc, v, &t, i);
        // Up a short chain of verbs: `X decided to order …`, `…, X said, adding that …`.
        let mut h = i;
        for _ in 0..MAX_CHAIN {
            if subj.is_some() || opener || !matches!(t.rel(h), "advcl" | "xcomp" | "conj") {
                break;
            }
            let Some(up) = t.head(h) else { break };
            if h != i && !matches!(v.upos(up), Some(Upos::Verb | Upos::Adj | Upos::Aux)) {
                break;
            }
            subj = subject_of(up);
            h = up;
        }
        if subj.is_none() && v.upos(i) == Some(Upos::Noun) {
            subj = t
                .kids(i)
                .iter()
                .copied()
                .find(|&c| t.rel(c) == "nmod:poss" && speaker_ok(v, c));
        }
        if subj.is_none() && !opener {
            continue;
        }
        let subj = subj.or_else(|| {
            t.kids(i)
                .iter()
                .copied()
                .find(|&c| t.rel(c) == "obl:agent" && speaker_ok(v, c))
        });
        // `declined to comment on X`: a withheld statement under another verb says nothing.
        if t.rel(i) == "xcomp" && WITHHELD.contains(v.low(i)) {
            continue;
        }
        for &c in t.kids(i) {
            // An opening participle needs a content of the table (`Asked whether`), not any
            // clause.
            if !is_content(v, &t, i, c) || opener && !is_cue(v.low(i), t.rel(c)) {
                continue;
            }
            let (a, mut b) = t.subtree(c);
            if a <= i && i <= b {
                continue;
            }
            // The content runs on over the cue's later dependents (`discussed his plan for
            // veterans at an event …`: the parser hangs `at an event` off the verb), never over
            // an attribution of its own (`…, claiming that …`, `… and called for …`).
            for &k in t.kids(i) {
                if k <= b {
                    continue;
                }
                if !RUNS_ON.contains(t.rel(k)) || own_attribution(v, &t, k) {
                    break;
                }
                b = b.max(t.subtree(k).1);
            }
            while b > a && !v.is_word(b) {
                b -= 1;
            }
            if withheld(v, a) {
                continue;
            }
            // A content of one word (`stung`, `which`) or one opening on punctuation is a
            // fragment of a larger construction, not what was said.
            if !v.is_word(a) || (a..=b).filter(|&k| v.is_word(k)).count() < 2 {
                continue;
            }
            let (Some(ta), Some(tb)) = (v.toks.get(a), v.toks.get(b)) else {
                continue;
            };
            if ta.sent != tok.sent || tb.sent != tok.sent {
                continue;
            }
            let content = TextRange::new(ta.r.start, tb.r.end);
            // A content may hold quotations already found (`X pledged to act against what it
            // called “a threat”`: the outer attribution keeps its source, the inner its
            // speaker), never cross one, sit inside one or hold the same cue's.
            if content.start >= content.end
                || crosses(&taken, content)
                || found_cues
                    .iter()
                    .any(|&(r, q)| q == i && content.contains_range(r))
            {
                continue;
            }
            let speaker = subj.map(|s| speaker_span(v, &t, s));
            let k = taken.partition_point(|d| d.start < content.start);
            taken.insert(k, content);
            out.push(Cand {
                content,
                direct: false,
                speaker,
                cue: Some((i, i + 1)),
                confidence: 0.5,
                regions: Vec::new(),
                para: tok.para,
                marked: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_holds_the_main_relations() {
        let t = parse_table("# comment\nargued\tccomp\n\nspoke\tobl:about\nbad line\n");
        assert!(t.contains(&("argued".to_string(), "ccomp".to_string())));
        assert!(t.contains(&("spoke".to_string(), "obl:about".to_string())));
        assert_eq!(t.len(), 2);
        assert!(is_cue("said", "ccomp"));
        assert!(is_cue("wants", "obj") || is_cue("wanted", "xcomp"));
        // Not speech: declaring independence, finding a thing.
        assert!(!is_cue("declared", "obj"));
        assert!(!is_cue("found", "obj"));
        for l in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut it = l.split('\t');
            let (w, r) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
            assert!(!w.is_empty() && w == w.to_lowercase(), "{l:?}");
            assert!(
                matches!(r, "ccomp" | "xcomp" | "obj" | "act")
                    || r.starts_with("obl:")
                    || r.starts_with("acl:"),
                "{l:?}"
            );
        }
    }
}
