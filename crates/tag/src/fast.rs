//! The decode path of the committed kind of model (greedy, one pass, no clusters), built at
//! load time from the unchanged model: feature templates hashed once, per-sentence word forms
//! in one reusable buffer, history keys precomputed per tag, and the weights in a
//! [`SparseTable`]. It computes the same feature keys in the same order as
//! `features::extract` and sums them as `Model::scores` does, so the tags are identical.

use crate::features::{self, normalize_into, shape_into, suffix};
use learn::hash::Template;
use learn::{Model, SparseTable};
use rustc_hash::FxHashMap;

const START: &str = "-START-";
const END: &str = "-END-";

/// Words whose partial scores a thread keeps before starting over.
const WORD_CACHE_MAX: usize = 1 << 15;

/// Partial class scores of a thread's words, with the id of the tables they belong to.
type WordScores = (u64, FxHashMap<Box<str>, Box<[f32]>>);

thread_local! {
    static WORD_SCORES: std::cell::RefCell<WordScores> =
        std::cell::RefCell::new((0, FxHashMap::default()));
}

/// Ids of decode tables (for the word-score cache), from 1.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Templates of the base features, in `features::push_base` order.
#[derive(Clone, Debug)]
struct Tpl {
    b: u64,
    w: Template,
    l: Template,
    s: Template,
    p: Template,
    sh: Template,
    first: Template,
    hyph: u64,
    wm1: Template,
    wm2: Template,
    wp1: Template,
    wp2: Template,
    wm1w: Template,
    wwp1: Template,
    sm1: Template,
    sp1: Template,
    shp1: Template,
}

/// Decode tables of a greedy one-pass tagger.
#[derive(Clone, Debug)]
pub(crate) struct Fast {
    /// Identifies these tables in the per-thread word-score cache.
    id: u64,
    table: SparseTable,
    tpl: Tpl,
    /// `h+1` key per dictionary class, then for `?`.
    hint: Vec<u64>,
    /// `t1` key per previous class, then for the sentence start.
    t1: Vec<u64>,
    /// `t2` key per (class two back, previous class), each in `0..=n` (n: start).
    t2: Vec<u64>,
    /// `t1w` and `t1s` with the previous tag hashed in, per previous class then start.
    t1w: Vec<Template>,
    t1s: Vec<Template>,
}

/// Word forms of one sentence in one buffer: per token the ranges of its normalized,
/// lower-cased and shape forms.
#[derive(Default)]
pub(crate) struct Words {
    buf: String,
    spans: Vec<[u32; 4]>,
    dict: Vec<Option<u16>>,
    keys: Vec<u64>,
    scores: Vec<f32>,
}

impl Words {
    fn norm(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|s| self.buf.get(s[0] as usize..s[1] as usize))
            .unwrap_or("")
    }
    fn lower(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|s| self.buf.get(s[1] as usize..s[2] as usize))
            .unwrap_or("")
    }
    fn shape(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .and_then(|s| self.buf.get(s[2] as usize..s[3] as usize))
            .unwrap_or("")
    }
}

impl Fast {
    pub(crate) fn new(model: &Model, tags: &[String]) -> Fast {
        let t = Template::new;
        let tpl = Tpl {
            b: t("b").bias(),
            w: t("w"),
            l: t("l"),
            s: t("s"),
            p: t("p"),
            sh: t("sh"),
            first: t("first"),
            hyph: t("hyph").bias(),
            wm1: t("w-1"),
            wm2: t("w-2"),
            wp1: t("w+1"),
            wp2: t("w+2"),
            wm1w: t("w-1w"),
            wwp1: t("ww+1"),
            sm1: t("s-1"),
            sp1: t("s+1"),
            shp1: t("sh+1"),
        };
        let names: Vec<&str> = tags
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(START))
            .collect();
        let h1 = t("h+1");
        let hint = tags
            .iter()
            .map(|x| h1.key1(x))
            .chain(std::iter::once(h1.key1("?")))
            .collect();
        let t1 = names.iter().map(|p| t("t1").key1(p)).collect();
        let t2t = t("t2");
        let mut t2 = Vec::with_capacity(names.len() * names.len());
        for p2 in &names {
            let a = t2t.then(p2);
            for p1 in &names {
                t2.push(a.key1(p1));
            }
        }
        let t1w = names.iter().map(|p| t("t1w").then(p)).collect();
        let t1s = names.iter().map(|p| t("t1s").then(p)).collect();
        Fast {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            table: SparseTable::new(model),
            tpl,
            hint,
            t1,
            t2,
            t1w,
            t1s,
        }
    }

    /// Greedy decoding of one sentence (dictionary words get their dictionary tag).
    pub(crate) fn tag(
        &self,
        words: &[&str],
        dict: &FxHashMap<String, u16>,
        ws: &mut Words,
    ) -> Vec<usize> {
        ws.buf.clear();
        ws.spans.clear();
        ws.dict.clear();
        for w in words {
            let a = ws.buf.len();
            normalize_into(w, &mut ws.buf);
            let b = ws.buf.len();
            if ws.buf.is_char_boundary(a) {
                let norm = ws.buf.get(a..b).unwrap_or("");
                ws.dict.push(dict.get(norm).copied());
                if norm.is_ascii() {
                    for k in a..b {
                        let c = ws.buf.as_bytes().get(k).copied().unwrap_or(b' ');
                        ws.buf.push(char::from(c.to_ascii_lowercase()));
                    }
                } else {
                    let lower = norm.to_lowercase();
                    ws.buf.push_str(&lower);
                }
            }
            let c = ws.buf.len();
            shape_into(w, &mut ws.buf);
            ws.spans
                .push([a as u32, b as u32, c as u32, ws.buf.len() as u32]);
        }
        let n_classes = self.table.n_classes();
        let start = self.t1.len().saturating_sub(1);
        let tpl = &self.tpl;
        let mut out: Vec<usize> = Vec::with_capacity(words.len());
        let mut keys = std::mem::take(&mut ws.keys);
        let mut scores = std::mem::take(&mut ws.scores);
        let n = words.len();
        for i in 0..n {
            if let Some(&Some(c)) = ws.dict.get(i) {
                out.push(usize::from(c));
                continue;
            }
            let norm = ws.norm(i);
            let lower = ws.lower(i);
            let shape = ws.shape(i);
            // The first features read the word alone, and scores start at zero: their partial
            // sums are a function of the word, kept per thread.
            let word = words.get(i).copied().unwrap_or("");
            WORD_SCORES.with(|cache| {
                let mut cache = cache.borrow_mut();
                if cache.0 != self.id || cache.1.len() >= WORD_CACHE_MAX {
                    cache.0 = self.id;
                    cache.1.clear();
                }
                if let Some(r) = cache.1.get(word) {
                    scores.clear();
                    scores.extend_from_slice(r);
                    return;
                }
                keys.clear();
                keys.push(tpl.b);
                keys.push(tpl.w.key1(norm));
                keys.push(tpl.l.key1(lower));
                for k in 1..=4 {
                    keys.push(tpl.s.key1(suffix(lower, k)));
                }
                for k in 1..=3 {
                    keys.push(tpl.p.key1(features::prefix(lower, k)));
                }
                keys.push(tpl.sh.key1(shape));
                self.table.prefetch(&keys);
                scores.clear();
                scores.resize(n_classes, 0.0);
                self.table.add_scores(&keys, &mut scores);
                cache.1.insert(word.into(), scores.as_slice().into());
            });
            keys.clear();
            if i == 0 {
                keys.push(tpl.first.key1(shape));
            }
            if norm.contains('-') {
                keys.push(tpl.hyph);
            }
            let at = |k: isize| -> &str {
                let j = i as isize + k;
                if j < 0 {
                    START
                } else if (j as usize) < n {
                    ws.lower(j as usize)
                } else {
                    END
                }
            };
            let (m1, m2, n1, n2) = (at(-1), at(-2), at(1), at(2));
            keys.push(tpl.wm1.key1(m1));
            keys.push(tpl.wm2.key1(m2));
            keys.push(tpl.wp1.key1(n1));
            keys.push(tpl.wp2.key1(n2));
            keys.push(tpl.wm1w.key2(m1, lower));
            keys.push(tpl.wwp1.key2(lower, n1));
            keys.push(tpl.sm1.key1(suffix(m1, 3)));
            keys.push(tpl.sp1.key1(suffix(n1, 3)));
            if i + 1 < n {
                keys.push(tpl.shp1.key1(ws.shape(i + 1)));
                let h = match ws.dict.get(i + 1) {
                    Some(&Some(c)) => usize::from(c),
                    _ => self.hint.len() - 1,
                };
                keys.push(self.hint.get(h).copied().unwrap_or(0));
            }
            let p1 = out.last().copied().unwrap_or(start).min(start);
            let p2 = out
                .len()
                .checked_sub(2)
                .and_then(|j| out.get(j))
                .copied()
                .unwrap_or(start)
                .min(start);
            keys.push(self.t1.get(p1).copied().unwrap_or(0));
            keys.push(self.t2.get(p2 * (start + 1) + p1).copied().unwrap_or(0));
            if let Some(t) = self.t1w.get(p1) {
                keys.push(t.key1(lower));
            }
            if let Some(t) = self.t1s.get(p1) {
                keys.push(t.key1(suffix(lower, 3)));
            }
            self.table.prefetch(&keys);
            self.table.add_scores(&keys, &mut scores);
            out.push(learn::perceptron::argmax(&scores));
        }
        ws.keys = keys;
        ws.scores = scores;
        out
    }
}
