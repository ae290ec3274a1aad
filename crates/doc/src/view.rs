//! [`TokenView`]: the token-indexed tables every later stage reads (lower-cased forms, POS tags,
//! the sentence of each token), built once per document from its tokens, sentences and POS
//! layers and shared by the parser, coreference, relations and quotes ([`Document::view`]); and
//! [`DepTree`], the dependency layer's heads and dependents ([`Document::tree`]).

use crate::{Document, Upos, Xpos};

/// Token-indexed tables of one document. Built by [`Document::view`] from the tokens, sentences
/// and POS layers; adding one of those layers drops the cached view, so it never goes stale.
#[derive(Clone, Debug, Default)]
pub struct TokenView {
    /// Every lower-cased form, back to back; the spans below index into it.
    buf: String,
    lower: Vec<(u32, u32)>,
    /// Lower-cased with curly apostrophes folded (`’`, `‘` → `'`).
    apos: Vec<(u32, u32)>,
    /// Lower-cased with curly apostrophes and double quotes folded (`“`, `”` → `"`).
    folded: Vec<(u32, u32)>,
    /// Empty without a POS layer.
    upos: Vec<Upos>,
    xpos: Vec<Xpos>,
    /// The sentence (index into the sentences layer) of each token: the last one covering it,
    /// 0 for a token no sentence covers.
    sent_of: Vec<u32>,
    /// Each sentence's token range, clamped to the tokens (`t0 <= t1 <= n`), in layer order.
    sents: Vec<(u32, u32)>,
}

/// The dependency layer as a tree over the tokens: each token's head and its dependents. Built
/// by [`Document::tree`]; adding the tokens or dependency layer drops the cached tree.
#[derive(Clone, Debug, Default)]
pub struct DepTree {
    /// Each token's syntactic head, kept only when it names another token (`h < n`, `h != i`);
    /// empty without a dependency layer.
    head: Vec<Option<u32>>,
    /// The dependents of token `i` (in token order) are `kids[kid_at[i]..kid_at[i + 1]]`.
    kid_at: Vec<u32>,
    kids: Vec<usize>,
}

fn push_span(buf: &mut String, s: &str) -> (u32, u32) {
    let a = buf.len() as u32;
    buf.push_str(s);
    (a, buf.len() as u32)
}

impl TokenView {
    pub(crate) fn build(doc: &Document) -> TokenView {
        let toks = doc.token_items();
        let n = toks.len();
        let mut buf = String::with_capacity(toks.iter().map(|t| t.range.len() as usize).sum());
        let mut lower = Vec::with_capacity(n);
        let mut apos = Vec::with_capacity(n);
        let mut folded = Vec::with_capacity(n);
        let mut scratch = String::new();
        for t in toks {
            let s = doc.slice(t.range);
            let l = if s.is_ascii() {
                let a = buf.len();
                buf.extend(s.chars().map(|c| c.to_ascii_lowercase()));
                (a as u32, buf.len() as u32)
            } else {
                scratch.clear();
                scratch.push_str(&s.to_lowercase());
                push_span(&mut buf, &scratch)
            };
            lower.push(l);
            let curly_apos = |c: char| matches!(c, '’' | '‘');
            let curly_quote = |c: char| matches!(c, '“' | '”');
            if s.is_ascii() || !s.contains(|c| curly_apos(c) || curly_quote(c)) {
                apos.push(l);
                folded.push(l);
                continue;
            }
            let low = buf[l.0 as usize..l.1 as usize].to_string();
            let a = if low.contains(curly_apos) {
                push_span(&mut buf, &low.replace(['’', '‘'], "'"))
            } else {
                l
            };
            apos.push(a);
            let f = if low.contains(curly_quote) {
                let base = buf[a.0 as usize..a.1 as usize].to_string();
                push_span(&mut buf, &base.replace(['“', '”'], "\""))
            } else {
                a
            };
            folded.push(f);
        }
        let (upos, xpos) = match doc.pos() {
            Some(l) => l.items.iter().take(n).map(|p| (p.upos, p.xpos)).unzip(),
            None => (Vec::new(), Vec::new()),
        };
        let mut sent_of = vec![0u32; n];
        let mut sents = Vec::with_capacity(doc.sentence_items().len());
        for (k, s) in doc.sentence_items().iter().enumerate() {
            let t1 = (s.tokens.1 as usize).min(n);
            let t0 = (s.tokens.0 as usize).min(t1);
            for slot in sent_of.iter_mut().take(t1).skip(t0) {
                *slot = k as u32;
            }
            sents.push((t0 as u32, t1 as u32));
        }
        TokenView {
            buf,
            lower,
            apos,
            folded,
            upos,
            xpos,
            sent_of,
            sents,
        }
    }

    fn form(&self, spans: &[(u32, u32)], i: usize) -> &str {
        spans
            .get(i)
            .and_then(|&(a, b)| self.buf.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Token `i` lower-cased (`str::to_lowercase`); `""` past the end.
    pub fn lower(&self, i: usize) -> &str {
        self.form(&self.lower, i)
    }

    /// [`Self::lower`] with curly apostrophes folded to `'`.
    pub fn lower_apos(&self, i: usize) -> &str {
        self.form(&self.apos, i)
    }

    /// [`Self::lower_apos`] with curly double quotes folded to `"`.
    pub fn lower_folded(&self, i: usize) -> &str {
        self.form(&self.folded, i)
    }

    /// Whether the document has a POS layer.
    pub fn has_pos(&self) -> bool {
        !self.upos.is_empty()
    }

    /// The UPOS of token `i`; `None` without a POS layer or past its end.
    pub fn upos(&self, i: usize) -> Option<Upos> {
        self.upos.get(i).copied()
    }

    /// The XPOS of token `i`; `None` without a POS layer or past its end.
    pub fn xpos(&self, i: usize) -> Option<Xpos> {
        self.xpos.get(i).copied()
    }

    /// The sentence of token `i` (index into the sentences layer; 0 when none covers it).
    pub fn sent_of(&self, i: usize) -> usize {
        self.sent_of.get(i).map_or(0, |&s| s as usize)
    }

    /// Each sentence's token range `[t0, t1)`, clamped to the tokens, in layer order.
    pub fn sents(&self) -> impl ExactSizeIterator<Item = (usize, usize)> + '_ {
        self.sents.iter().map(|&(a, b)| (a as usize, b as usize))
    }

    /// Sentence `k`'s token range, when it exists.
    pub fn sent(&self, k: usize) -> Option<(usize, usize)> {
        self.sents.get(k).map(|&(a, b)| (a as usize, b as usize))
    }
}

impl DepTree {
    pub(crate) fn build(doc: &Document) -> DepTree {
        let n = doc.token_items().len();
        let head: Vec<Option<u32>> = match doc.deps() {
            Some(l) => (0..n)
                .map(|i| {
                    l.items
                        .get(i)
                        .and_then(|d| d.head)
                        .filter(|&h| (h as usize) < n && h as usize != i)
                })
                .collect(),
            None => Vec::new(),
        };
        // Dependents in compressed rows: count, prefix-sum, fill (token order within a row).
        let mut kid_at = vec![0u32; if head.is_empty() { 0 } else { n + 1 }];
        for h in head.iter().flatten() {
            kid_at[*h as usize + 1] += 1;
        }
        let mut acc = 0;
        for k in kid_at.iter_mut() {
            acc += *k;
            *k = acc;
        }
        let mut kids = vec![0usize; kid_at.last().map_or(0, |&k| k as usize)];
        let mut fill = kid_at.clone();
        for (i, h) in head.iter().enumerate() {
            if let Some(h) = h {
                let slot = &mut fill[*h as usize];
                kids[*slot as usize] = i;
                *slot += 1;
            }
        }
        DepTree { head, kid_at, kids }
    }

    /// Whether the document had a dependency layer when the tree was built.
    pub fn has_deps(&self) -> bool {
        !self.head.is_empty()
    }

    /// The syntactic head of token `i`: another token, `None` for a root or without a parse.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.head.get(i).copied().flatten().map(|h| h as usize)
    }

    /// The dependents of token `i`, in token order (empty without a parse).
    pub fn kids(&self, i: usize) -> &[usize] {
        match (self.kid_at.get(i), self.kid_at.get(i + 1)) {
            (Some(&a), Some(&b)) => self.kids.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::*;

    fn doc() -> Document {
        let text = "O’Brien said “Yes” TODAY";
        let mut d = Document::new(DocMeta::new("v"), text).unwrap();
        let spans = [(0, 9), (10, 14), (15, 18), (18, 21), (21, 24), (25, 30)];
        let toks = spans
            .iter()
            .map(|&(a, b)| Token {
                range: TextRange::new(a, b),
            })
            .collect();
        d.set_tokens(Layer::new(Producer::new("t", "1"), toks))
            .unwrap();
        d
    }

    #[test]
    fn forms_are_lower_cased_and_folded() {
        let d = doc();
        let v = d.view();
        assert_eq!(v.len(), 6);
        assert_eq!(v.lower(0), "o’brien");
        assert_eq!(v.lower_apos(0), "o'brien");
        assert_eq!(v.lower_folded(0), "o'brien");
        assert_eq!(v.lower(2), "“");
        assert_eq!(v.lower_apos(2), "“");
        assert_eq!(v.lower_folded(2), "\"");
        assert_eq!(v.lower(5), "today");
        assert_eq!(v.lower(6), "");
        assert!(!v.has_pos());
        assert_eq!(v.upos(0), None);
    }

    #[test]
    fn adding_a_layer_rebuilds_the_view() {
        let mut d = doc();
        assert_eq!(d.view().sents().len(), 0);
        let s = Sentence {
            range: TextRange::new(0, 30),
            tokens: (0, 99),
        };
        d.set_sentences(Layer::new(Producer::new("t", "1"), vec![s]))
            .unwrap();
        assert_eq!(d.view().sent(0), Some((0, 6)));
        assert_eq!(d.view().sent_of(5), 0);
        let tags = (0..6)
            .map(|i| PosTag {
                upos: if i == 0 { Upos::Propn } else { Upos::X },
                xpos: Xpos::Xx,
            })
            .collect();
        d.set_pos(Layer::new(Producer::new("t", "1"), tags))
            .unwrap();
        assert_eq!(d.view().upos(0), Some(Upos::Propn));
        assert_eq!(d.view().xpos(1), Some(Xpos::Xx));
        // A layer the view does not read keeps it: the same tables, not a rebuild.
        let before: *const TokenView = d.view();
        d.set_timexes(Layer::new(Producer::new("t", "1"), Vec::new()))
            .unwrap();
        assert!(std::ptr::eq(before, d.view()));
        assert!(!d.tree().has_deps());
        // "said" heads everything; token 5 points at itself and token 4 past the end: no head.
        let heads = [Some(1), None, Some(1), Some(1), Some(99), Some(5)];
        let deps = heads
            .iter()
            .map(|&head| Dependency {
                head,
                rel: "dep".into(),
            })
            .collect();
        d.set_deps(Layer::new(Producer::new("t", "1"), deps))
            .unwrap();
        let v = d.tree();
        assert!(v.has_deps());
        assert_eq!(v.head(0), Some(1));
        assert_eq!(v.head(1), None);
        assert_eq!(v.head(4), None);
        assert_eq!(v.head(5), None);
        assert_eq!(v.kids(1), &[0, 2, 3]);
        assert_eq!(v.kids(0), &[] as &[usize]);
        assert_eq!(v.kids(42), &[] as &[usize]);
    }
}
