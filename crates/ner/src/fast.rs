//! Decode tables of the recognizer, built at load time from the unchanged model: feature
//! templates hashed once, and the integer weight rows of the label-history features summed per
//! (label two back, previous label) once and per (token, previous label) once per sentence
//! instead of once per beam hypothesis. Integer sums do not depend on their order and every
//! float operation of `recognizer::decode` is kept, so the results are identical.

use crate::bilou::Scheme;
use crate::features::{Tok, prefix, suffix};
use learn::hash::Template;
use learn::{IntTable, Model};

/// Classes of the recognizer.
pub(crate) const N: usize = Scheme::N;
/// Index of the sentence start among previous labels.
const START: usize = N;

/// Templates of the static features, in `features::extract_static` order.
#[derive(Clone, Debug)]
struct Tpl {
    b: u64,
    w: Template,
    l: Template,
    sh: Template,
    p: Template,
    s: Template,
    pos: Template,
    pos_m1: Template,
    pos_p1: Template,
    pos_m1pos: Template,
    pospos_p1: Template,
    w_m1: Template,
    w_m2: Template,
    w_p1: Template,
    w_p2: Template,
    sh_m1: Template,
    sh_p1: Template,
    sh_m1sh: Template,
    shsh_p1: Template,
    w_m1w: Template,
    ww_p1: Template,
    first: Template,
    c: Template,
    csh: Template,
    c_m1: Template,
    c_p1: Template,
    cb_m1: Template,
    cb_p1: Template,
    cc_m1cc: Template,
    cccc_p1: Template,
    caps: Template,
    capsdc: Template,
    dc: Template,
    cr: Template,
    crsh: Template,
    crfirst: Template,
    h: Template,
    hsh: Template,
    h_m1: Template,
    h_p1: Template,
    gz: Template,
    nogz: u64,
    xg: Template,
    xgsh: Template,
    rf: Template,
    rl: Template,
    drl: Template,
    drf: Template,
}

/// Label-history weights of a dense recognizer model (see the module doc).
#[derive(Clone, Debug)]
pub(crate) struct Fast {
    /// Identifies these tables in the per-thread word-row cache.
    id: u64,
    table: IntTable,
    tpl: Tpl,
    /// Summed `t1` + `t2t1` rows per (label two back, previous label), each in `0..=N`.
    pair: Vec<[i32; N]>,
    /// `t1w` and `t1sh` with the previous label hashed in, per previous label.
    t1w: Vec<Template>,
    t1sh: Vec<Template>,
    /// Whether class `c` may follow previous label `p` (`allowed[p][c]`, and at the last token).
    allowed: Vec<[bool; N]>,
    allowed_last: Vec<[bool; N]>,
}

impl Fast {
    /// Tables for `model` (None unless it is a dense model over the BILOU classes).
    pub(crate) fn new(model: &Model, names: &[String]) -> Option<Fast> {
        if !model.is_dense() || model.n_classes() != N || names.len() != N {
            return None;
        }
        let table = IntTable::new(model)?;
        let t = Template::new;
        let label: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .chain(std::iter::once("<s>"))
            .collect();
        let (t1, t2t1) = (t("t1"), t("t2t1"));
        let mut pair = Vec::with_capacity((N + 1) * (N + 1));
        for p2 in &label {
            for p1 in &label {
                let mut acc = [0i32; N];
                table.add_int(&[t1.key1(p1), t2t1.key2(p2, p1)], &mut acc);
                pair.push(acc);
            }
        }
        let prev = |p: usize| (p < N).then_some(p);
        let allowed = (0..=N)
            .map(|p| std::array::from_fn(|c| Scheme::allowed(prev(p), c, false)))
            .collect();
        let allowed_last = (0..=N)
            .map(|p| std::array::from_fn(|c| Scheme::allowed(prev(p), c, true)))
            .collect();
        Some(Fast {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            table,
            tpl: Tpl {
                b: t("b").bias(),
                w: t("w"),
                l: t("l"),
                sh: t("sh"),
                p: t("p"),
                s: t("s"),
                pos: t("pos"),
                pos_m1: t("pos-1"),
                pos_p1: t("pos+1"),
                pos_m1pos: t("pos-1pos"),
                pospos_p1: t("pospos+1"),
                w_m1: t("w-1"),
                w_m2: t("w-2"),
                w_p1: t("w+1"),
                w_p2: t("w+2"),
                sh_m1: t("sh-1"),
                sh_p1: t("sh+1"),
                sh_m1sh: t("sh-1sh"),
                shsh_p1: t("shsh+1"),
                w_m1w: t("w-1w"),
                ww_p1: t("ww+1"),
                first: t("first"),
                c: t("c"),
                csh: t("csh"),
                c_m1: t("c-1"),
                c_p1: t("c+1"),
                cb_m1: t("cb-1"),
                cb_p1: t("cb+1"),
                cc_m1cc: t("cc-1cc"),
                cccc_p1: t("cccc+1"),
                caps: t("caps"),
                capsdc: t("capsdc"),
                dc: t("dc"),
                cr: t("cr"),
                crsh: t("crsh"),
                crfirst: t("crfirst"),
                h: t("h"),
                hsh: t("hsh"),
                h_m1: t("h-1"),
                h_p1: t("h+1"),
                gz: t("gz"),
                nogz: t("nogz").bias(),
                xg: t("xg"),
                xgsh: t("xgsh"),
                rf: t("rf"),
                rl: t("rl"),
                drl: t("drl"),
                drf: t("drf"),
            },
            pair,
            t1w: label.iter().map(|p| t("t1w").then(p)).collect(),
            t1sh: label.iter().map(|p| t("t1sh").then(p)).collect(),
            allowed,
            allowed_last,
        })
    }

    /// The keys of `features::extract_static` for token `t` that depend on the word alone
    /// (its forms, clusters and capitalization ratio are functions of the word): the same for
    /// every occurrence of the word, so their summed row may be cached.
    pub(crate) fn word_keys(&self, t: &Tok, f: &mut Vec<u64>) {
        let tp = &self.tpl;
        let (lower, shape) = (t.lower.as_str(), t.shape.as_str());
        f.push(tp.b);
        f.push(tp.w.key1(&t.norm));
        f.push(tp.l.key1(lower));
        f.push(tp.sh.key1(shape));
        for n in 1..=4 {
            f.push(tp.p.key1(prefix(lower, n)));
            f.push(tp.s.key1(suffix(lower, n)));
        }
        let shape_key = learn::hash::str_key(shape);
        for (v, &c) in t.cl.iter().enumerate() {
            f.push(tp.c.num(&[v as u64, c]));
            f.push(tp.csh.num(&[v as u64, c, shape_key]));
        }
        f.push(tp.cr.num(&[t.cap]));
        f.push(tp.crsh.num(&[t.cap, shape_key]));
    }

    /// The other keys of `features::extract_static` for token `i` (appended to `f`).
    pub(crate) fn context_keys(
        &self,
        toks: &[Tok],
        caps_sentence: bool,
        i: usize,
        f: &mut Vec<u64>,
    ) {
        let Some(t) = toks.get(i) else { return };
        let tp = &self.tpl;
        let at = |k: isize| -> Option<&Tok> {
            let j = i as isize + k;
            if j < 0 { None } else { toks.get(j as usize) }
        };
        let lw = |k: isize| at(k).map_or(if k < 0 { "<s>" } else { "</s>" }, |t| t.lower.as_str());
        let sh = |k: isize| at(k).map_or("<>", |t| t.shape.as_str());
        let ps = |k: isize| at(k).map_or("<>", |t| t.pos.as_str());
        let (lower, shape, pos) = (t.lower.as_str(), t.shape.as_str(), t.pos.as_str());
        let (pm1, pp1) = (ps(-1), ps(1));
        f.push(tp.pos.key1(pos));
        f.push(tp.pos_m1.key1(pm1));
        f.push(tp.pos_p1.key1(pp1));
        f.push(tp.pos_m1pos.key2(pm1, pos));
        f.push(tp.pospos_p1.key2(pos, pp1));
        let (wm1, wp1) = (lw(-1), lw(1));
        f.push(tp.w_m1.key1(wm1));
        f.push(tp.w_m2.key1(lw(-2)));
        f.push(tp.w_p1.key1(wp1));
        f.push(tp.w_p2.key1(lw(2)));
        let (sm1, sp1) = (sh(-1), sh(1));
        f.push(tp.sh_m1.key1(sm1));
        f.push(tp.sh_p1.key1(sp1));
        f.push(tp.sh_m1sh.key2(sm1, shape));
        f.push(tp.shsh_p1.key2(shape, sp1));
        f.push(tp.w_m1w.key2(wm1, lower));
        f.push(tp.ww_p1.key2(lower, wp1));
        if i == 0 {
            f.push(tp.first.key1(shape));
        }
        let shape_key = learn::hash::str_key(shape);
        let cl = |k: isize, v: usize| at(k).and_then(|t| t.cl.get(v).copied()).unwrap_or(u64::MAX);
        f.push(tp.c_m1.num(&[cl(-1, 0)]));
        f.push(tp.c_p1.num(&[cl(1, 0)]));
        f.push(tp.cb_m1.num(&[cl(-1, 1)]));
        f.push(tp.cb_p1.num(&[cl(1, 1)]));
        f.push(tp.cc_m1cc.num(&[cl(-1, 2), t.cl[2]]));
        f.push(tp.cccc_p1.num(&[t.cl[2], cl(1, 2)]));
        if caps_sentence {
            f.push(tp.caps.key1(lower));
            f.push(tp.capsdc.num(&[u64::from(t.doc_cap)]));
        }
        if t.doc_cap {
            f.push(tp.dc.key1(shape));
        }
        if i == 0 {
            f.push(tp.crfirst.num(&[t.cap]));
        }
        f.push(tp.h.num(&[t.hist]));
        f.push(tp.hsh.num(&[t.hist, shape_key]));
        f.push(tp.h_m1.num(&[at(-1).map_or(u64::MAX, |t| t.hist)]));
        f.push(tp.h_p1.num(&[at(1).map_or(u64::MAX, |t| t.hist)]));
        for &g in &t.gz {
            f.push(tp.gz.num(&[u64::from(g)]));
        }
        if t.gz.is_empty() {
            f.push(tp.nogz);
        }
        for &g in &t.xg {
            f.push(tp.xg.num(&[u64::from(g)]));
            f.push(tp.xgsh.num(&[u64::from(g), shape_key]));
        }
        let (first, last) = crate::features::name_run(toks, caps_sentence, i);
        if let Some(w) = first {
            f.push(tp.rf.key1(w));
        }
        if let Some(w) = last {
            f.push(tp.rl.key1(w));
        }
        if !t.dr_last.is_empty() {
            f.push(tp.drl.key1(&t.dr_last));
        }
        if !t.dr_first.is_empty() {
            f.push(tp.drf.key1(&t.dr_first));
        }
    }

    /// The summed row of [`Fast::word_keys`] for `word` (the raw token text of `t`), from the
    /// per-thread cache of this model when there.
    fn word_row(&self, word: &str, t: &Tok, f: &mut Vec<u64>) -> [i32; N] {
        WORD_ROWS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != self.id || cache.1.len() >= WORD_CACHE_MAX {
                cache.0 = self.id;
                cache.1.clear();
            }
            if let Some(r) = cache.1.get(word) {
                return *r;
            }
            f.clear();
            self.word_keys(t, f);
            let mut acc = [0i32; N];
            self.table.add_int(f, &mut acc);
            cache.1.insert(word.into(), acc);
            acc
        })
    }

    /// The integer label-history row of token `t` after labels `p2`, `p1` (`START` = none):
    /// the `t1` + `t2t1` pair row plus the token's (`t1w` + `t1sh`) row for `p1`, computed into
    /// `memo[p1]` on first use.
    #[inline]
    fn label_row(
        &self,
        t: &Tok,
        p2: usize,
        p1: usize,
        memo: &mut [Option<[i32; N]>; N + 1],
    ) -> [i32; N] {
        let tok = match memo.get_mut(p1) {
            Some(Some(r)) => *r,
            Some(slot) => {
                let mut acc = [0i32; N];
                if let (Some(w), Some(s)) = (self.t1w.get(p1), self.t1sh.get(p1)) {
                    self.table
                        .add_int(&[w.key1(&t.lower), s.key1(&t.shape)], &mut acc);
                }
                *slot = Some(acc);
                acc
            }
            None => [0; N],
        };
        let mut row = self.pair.get(p2 * (N + 1) + p1).copied().unwrap_or([0; N]);
        for (a, b) in row.iter_mut().zip(tok) {
            *a = a.wrapping_add(b);
        }
        row
    }
}

/// Words whose rows a thread keeps before starting over.
const WORD_CACHE_MAX: usize = 1 << 16;

/// The id of the tables word rows belong to, and the rows by word.
type WordRows = (u64, rustc_hash::FxHashMap<Box<str>, [i32; N]>);

thread_local! {
    /// Per thread: the id of the tables the rows belong to, and the word rows.
    static WORD_ROWS: std::cell::RefCell<WordRows> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
}

/// Ids of decode tables (for the word-row cache), from 1.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The word-only fields of a [`Tok`] (functions of the word and the model's clusters).
struct WordForms {
    norm: Box<str>,
    lower: Box<str>,
    shape: Box<str>,
    cl: [u64; 3],
    cap: u64,
}

/// The id of the tables word forms belong to, and the forms by word.
type WordFormCache = (u64, rustc_hash::FxHashMap<Box<str>, WordForms>);

thread_local! {
    /// Per thread: the id of the tables the forms belong to, and the forms by word.
    static WORD_FORMS: std::cell::RefCell<WordFormCache> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
}

impl Fast {
    /// `features::prepare` with the word-only fields from a per-thread cache (same tokens).
    pub(crate) fn prepare(
        &self,
        words: &[&str],
        pos: &[&str],
        caps: &rustc_hash::FxHashSet<String>,
        clusters: &crate::clusters::Clusters,
    ) -> Vec<Tok> {
        WORD_FORMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != self.id || cache.1.len() >= WORD_CACHE_MAX {
                cache.0 = self.id;
                cache.1.clear();
            }
            words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let e = match cache.1.get(*w) {
                        Some(e) => e,
                        None => {
                            let norm = tag::normalize(w);
                            let lower = norm.to_lowercase();
                            let cl = clusters
                                .lookup(&norm, &lower)
                                .map_or([0; 3], |ids| ids.map(|x| u64::from(x) + 1));
                            let cap = clusters
                                .cap_ratio_lower(&lower)
                                .map_or(0, |c| u64::from(c) + 1);
                            cache.1.entry((*w).into()).or_insert(WordForms {
                                norm: norm.into(),
                                lower: lower.into(),
                                shape: crate::features::tag_shape(w).into(),
                                cl,
                                cap,
                            })
                        }
                    };
                    Tok {
                        hist: 0,
                        cap: e.cap,
                        gz: Vec::new(),
                        xg: Vec::new(),
                        dr_last: String::new(),
                        dr_first: String::new(),
                        cl: e.cl,
                        doc_cap: caps.contains(&*e.lower),
                        shape: e.shape.to_string(),
                        pos: pos.get(i).map_or("?", |p| p).to_string(),
                        norm: e.norm.to_string(),
                        lower: e.lower.to_string(),
                    }
                })
                .collect()
        })
    }
}

/// A partial label sequence in the beam: its score and its last two classes (`START`: none).
#[derive(Clone, Copy, Debug)]
struct Hyp {
    score: f32,
    p1: usize,
    p2: usize,
}

/// `recognizer::decode` with a positive beam, on the tables of `fast`: identical classes, and
/// identical probabilities where the class is not `O` (0 there: outside mentions they are not
/// read); `words` are the raw tokens `toks` were prepared from.
pub(crate) fn decode(
    fast: &Fast,
    words: &[&str],
    toks: &[Tok],
    caps_sentence: bool,
    model: &Model,
    beam: usize,
    margin: f32,
) -> Option<(Vec<usize>, Vec<f32>)> {
    let scale = model.scale();
    let mut f: Vec<u64> = Vec::with_capacity(64);
    // The context keys of the next token are computed and prefetched one token ahead, so their
    // cache misses overlap with the beam work of this token.
    let mut ctx: Vec<u64> = Vec::with_capacity(64);
    let mut ctx_next: Vec<u64> = Vec::with_capacity(64);
    if !toks.is_empty() {
        fast.context_keys(toks, caps_sentence, 0, &mut ctx_next);
        fast.table.prefetch(&ctx_next);
    }
    let mut base: Vec<[f32; N]> = Vec::with_capacity(toks.len());
    let mut memos: Vec<[Option<[i32; N]>; N + 1]> = Vec::with_capacity(toks.len());
    // Per token: (hypothesis extended at the previous token, class).
    // All layers in one vector: token `i`'s are `layers[starts[i]..starts[i + 1]]`.
    let mut layers: Vec<(usize, usize)> = Vec::with_capacity(toks.len() * beam);
    let mut starts: Vec<usize> = Vec::with_capacity(toks.len() + 1);
    starts.push(0);
    let mut hyps = vec![Hyp {
        score: 0.0,
        p1: START,
        p2: START,
    }];
    let mut next: Vec<Hyp> = Vec::with_capacity(beam);
    let mut cands: Vec<(f32, usize, usize)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let last = i + 1 == toks.len();
        let mut acc = match words.get(i) {
            Some(w) => fast.word_row(w, t, &mut f),
            None => {
                f.clear();
                fast.word_keys(t, &mut f);
                let mut acc = [0i32; N];
                fast.table.add_int(&f, &mut acc);
                acc
            }
        };
        std::mem::swap(&mut ctx, &mut ctx_next);
        ctx_next.clear();
        if i + 1 < toks.len() {
            fast.context_keys(toks, caps_sentence, i + 1, &mut ctx_next);
            fast.table.prefetch(&ctx_next);
        }
        fast.table.add_all(&ctx, &mut acc);
        let mut row = [0f32; N];
        for (o, &a) in row.iter_mut().zip(&acc) {
            *o += a as f32 * scale;
        }
        base.push(row);
        memos.push([None; N + 1]);
        let memo = memos.last_mut()?;
        let allowed = if last {
            &fast.allowed_last
        } else {
            &fast.allowed
        };
        cands.clear();
        let mut top = f32::NEG_INFINITY;
        for (k, h) in hyps.iter().enumerate() {
            let lab = fast.label_row(t, h.p2, h.p1, memo);
            let ok = allowed.get(h.p1)?;
            for c in 0..N {
                let s = row[c] + lab[c] as f32 * scale;
                let total = h.score + s;
                if total >= top - margin && ok[c] {
                    top = top.max(total);
                    cands.push((total, k, c));
                }
            }
        }
        cands.retain(|x| x.0 >= top - margin);
        cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        next.clear();
        let layer_start = layers.len();
        for &(score, k, c) in &cands {
            let p1 = hyps.get(k).map_or(START, |h| h.p1);
            if next.iter().any(|h| h.p1 == c && h.p2 == p1) {
                continue;
            }
            next.push(Hyp {
                score,
                p1: c,
                p2: p1,
            });
            layers.push((k, c));
            if next.len() >= beam {
                break;
            }
        }
        if next.is_empty() {
            return None;
        }
        starts.push(layers.len());
        debug_assert!(layers.len() > layer_start);
        std::mem::swap(&mut hyps, &mut next);
    }
    let mut classes = vec![0; toks.len()];
    let mut k = 0;
    for i in (0..starts.len().saturating_sub(1)).rev() {
        let (a, b) = (starts[i], starts[i + 1]);
        let Some(&(back, c)) = layers.get(a..b).and_then(|l| l.get(k)) else {
            break;
        };
        if let Some(x) = classes.get_mut(i) {
            *x = c;
        }
        k = back;
    }
    // The probability of each chosen class given the chosen history, for the tokens of
    // mentions only (the confidence of a mention reads no other token; `O` tokens get 0).
    let mut probs = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        if classes.get(i).is_none_or(|&c| c == 0) {
            probs.push(0.0);
            continue;
        }
        let prev = |k: usize| {
            i.checked_sub(k)
                .and_then(|j| classes.get(j))
                .copied()
                .unwrap_or(START)
        };
        let memo = memos.get_mut(i)?;
        let lab = fast.label_row(t, prev(2), prev(1), memo);
        let row = base.get(i)?;
        let mut scores = [0f32; N];
        for c in 0..N {
            scores[c] = row[c] + lab[c] as f32 * scale;
        }
        let c = classes.get(i).copied().unwrap_or(0);
        let sc = scores.get(c).copied().unwrap_or(0.0);
        let z: f32 = scores.iter().map(|&s| (s - sc).exp()).sum();
        probs.push(if z > 0.0 && z.is_finite() {
            1.0 / z
        } else {
            0.0
        });
    }
    Some((classes, probs))
}
