//! Attributions read from the dependency tree: a cue word of `data/cues.tsv` whose content is a
//! dependent (`X argued that …` ccomp, `X wants to …` xcomp, `X endorsed …` obj, `X spoke about
//! …` obl, `X's decision to …` acl) and whose subject is a speaker (a name, a person pronoun or
//! a nominal). These add to the pattern rules of `extract`: a content that overlaps a quotation
//! already found, or a cue inside one, is left out.

use crate::extract::Cand;
use crate::lexicon::non_speaker_pronoun;
use crate::view::View;
use doc::{Dependency, Document, TextRange, Upos};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The cue table, embedded.
const TABLE: &str = include_str!("../data/cues.tsv");

/// The most tokens a content or speaker subtree is read over (a sentence's worth).
const MAX_SUBTREE: usize = 200;

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

/// Adds the attributions of the table; `found` are the quotations already found (any order).
pub(crate) fn complements(doc: &Document, v: &View, found: &[Cand]) -> Vec<Cand> {
    let Some(layer) = doc.deps() else {
        return Vec::new();
    };
    if !v.has_pos() || layer.items.len() != v.toks.len() {
        return Vec::new();
    }
    let deps = layer.items.as_slice();
    let t = Tree {
        deps,
        tree: doc.tree(),
    };
    let mut taken: Vec<TextRange> = found.iter().map(|c| c.content).collect();
    taken.sort_by_key(|r| (r.start, r.end));
    let overlaps = |taken: &[TextRange], r: TextRange| {
        let k = taken.partition_point(|d| d.start < r.end);
        taken
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take(8)
            .any(|d| d.overlaps(r) || d.contains_range(r))
    };
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
                .find(|&c| matches!(t.rel(c), "nsubj" | "nsubj:pass") && speaker_ok(v, c))
        };
        // The subject; a participle or infinitive takes its head's (`…, arguing that`); a noun
        // cue its possessor (`the senator's decision to`).
        let mut subj = subject_of(i);
        if subj.is_none()
            && matches!(t.rel(i), "advcl" | "xcomp" | "conj")
            && let Some(h) = t.head(i)
        {
            subj = subject_of(h);
        }
        if subj.is_none() && v.upos(i) == Some(Upos::Noun) {
            subj = t
                .kids(i)
                .iter()
                .copied()
                .find(|&c| t.rel(c) == "nmod:poss" && speaker_ok(v, c));
        }
        let Some(s) = subj else { continue };
        for &c in t.kids(i) {
            let rel = t.rel(c);
            let key = match rel {
                "ccomp" | "xcomp" | "obj" => rel.to_string(),
                "obl" | "acl" => {
                    let Some(&m) = t
                        .kids(c)
                        .iter()
                        .find(|&&m| m < c && matches!(t.rel(m), "case" | "mark"))
                    else {
                        continue;
                    };
                    format!("{rel}:{}", v.low(m))
                }
                _ => continue,
            };
            if !is_cue(v.low(i), &key) {
                continue;
            }
            let (a, mut b) = t.subtree(c);
            if a <= i && i <= b {
                continue;
            }
            while b > a && !v.is_word(b) {
                b -= 1;
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
            if content.start >= content.end || overlaps(&taken, content) {
                continue;
            }
            let speaker = speaker_span(v, &t, s);
            let k = taken.partition_point(|d| d.start < content.start);
            taken.insert(k, content);
            out.push(Cand {
                content,
                direct: false,
                speaker: Some(speaker),
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
