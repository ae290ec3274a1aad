//! The resolver: clusters named mentions by name compatibility, then walks the sentences in order,
//! resolving pronouns and role nominals by agreement and salience. What titles, appositives and
//! copulas call an entity ("the prime minister") is read as it goes, for the nominals that
//! follow, and kept as [`RoleReading`]s; the `relate` crate makes the facts.

use crate::lexicon::{self, Gender};
use doc::{Document, EntityLabel, TextRange, Upos, Xpos};
use std::collections::BTreeMap;

/// One entity of the document: its named mentions and every span that refers to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// Canonical name; `None` for an entity only referred to by pronouns or nominals.
    pub canonical: Option<String>,
    /// Majority label of the named mentions; `None` for an unnamed entity.
    pub label: Option<EntityLabel>,
    /// Every span (names, pronouns, nominals), in text order.
    pub spans: Vec<TextRange>,
    /// Indices of its named mentions in the entities layer, in text order.
    pub mentions: Vec<usize>,
    /// Role and descriptor titles found for it (lowercased), in text order.
    pub roles: Vec<String>,
}

/// Everything the resolver found in one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    /// For each entities-layer mention, the index of its entity in `entities`.
    pub mention_entity: Vec<Option<usize>>,
    /// What the text calls each named entity, in reading order (the facts are `relate`'s).
    pub readings: Vec<RoleReading>,
}

/// The construction a [`RoleReading`] was read from (the `relate` crate sets a fact's
/// confidence by it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// Title words before a name ("President X", "former Gov. X").
    Title,
    /// A lowercase descriptor before a name ("Ukrainian restaurateur X", "an actor named X").
    Descriptor,
    /// A noun phrase set off after a name ("X, the co-chair of Y,").
    Appositive,
    /// A predicate nominal ("X is a journalist").
    Copula,
    /// "Y, of which X is a coordinator".
    OfWhich,
    /// "Y, founded by X".
    FoundedBy,
    /// "X founded Y".
    Founded,
}

/// What one reading says about its entity.
#[derive(Clone, Debug, PartialEq)]
pub enum Said {
    /// A role title (lowercased), with the organization as a mention when the text names one,
    /// else the words of an "of" phrase after it ("of the regional council").
    Role {
        title: String,
        object: Option<u32>,
        of_text: Option<String>,
    },
    /// A descriptor or past role, as written ("Ukrainian restaurateur", "former president").
    Description { value: String },
    /// The entity founded the organization mention `object`.
    Founded { object: u32 },
}

/// One thing the text says an entity is (a title, appositive, copula or "founded"), read by the
/// resolver: coreference uses the titles to resolve later role nominals, and `relate` turns the
/// readings into facts.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleReading {
    /// The entity's first named mention (an entities-layer index).
    pub subject: u32,
    pub said: Said,
    pub form: Form,
    /// The sentence it was read in.
    pub evidence: TextRange,
}

/// Resolves coreference and reads role titles. Reads the tokens, sentences, POS and entities
/// layers; missing layers simply give fewer results.
pub fn resolve(doc: &Document) -> Resolution {
    resolve_with(doc, &Salience::default())
}

/// Weights of the pronoun salience score (the defaults were set on GUM train).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Salience {
    /// Penalty per sentence between the pronoun and the candidate's last mention.
    pub per_sentence: f64,
    /// Penalty per token of distance.
    pub per_token: f64,
    /// Bonus when the candidate's last mention is a clause subject.
    pub subject: f64,
    /// Bonus times ln(number of mentions so far).
    pub frequency: f64,
    /// Penalty for an entity with no name (only pronouns or nominals).
    pub unnamed: f64,
    /// Sentences a he/she (first tier) and a they may look back.
    pub person_window: usize,
    pub group_window: usize,
}

impl Default for Salience {
    fn default() -> Self {
        Salience {
            per_sentence: 3.0,
            per_token: 1.0 / 40.0,
            subject: 0.5,
            frequency: 1.5,
            unnamed: 0.5,
            person_window: 3,
            group_window: 1,
        }
    }
}

/// [`resolve`] with explicit salience weights.
pub fn resolve_with(doc: &Document, salience: &Salience) -> Resolution {
    let ctx = Ctx::new(doc);
    let mut st = State::new(&ctx, *salience);
    st.cluster_names();
    for s in 0..ctx.sents.len() {
        st.extract_titles(s);
        st.resolve_anaphors(s);
        st.extract_relations(s);
    }
    st.finish()
}

/// The role readings of a document read off the coreference layer it already carries
/// (`doc.coref()`), without resolving again: each chain stands for an entity, its named mentions
/// give the readings' subjects and its other spans (pronouns, nominals) are the anaphors the
/// appositive and copula patterns start from. Empty without a coref layer.
pub fn role_readings_from_layer(doc: &Document) -> Vec<RoleReading> {
    let Some(layer) = doc.coref() else {
        return Vec::new();
    };
    let ctx = Ctx::new(doc);
    let mut st = State::new(&ctx, Salience::default());
    let ix = doc::CorefIndex::from_chains(&layer.items);
    st.clusters = layer
        .items
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut cl = Cluster::new(c.label == EntityLabel::Per);
            cl.labels.insert(c.label, (1, usize::MAX - k));
            cl
        })
        .collect();
    let mentions = doc.entity_items();
    for (u, m) in ctx.ments.iter().enumerate() {
        let chain = m.members.iter().find_map(|&k| {
            mentions
                .get(k)
                .and_then(|mm| ix.exact(mm.range).or_else(|| ix.chain_of(mm.range)))
        });
        if let Some(c) = chain
            && let Some(cl) = st.clusters.get_mut(c)
        {
            cl.named.push(u);
            cl.insert_span((m.t0, m.t1));
            if let Some(slot) = st.of_mention.get_mut(u) {
                *slot = Some(c);
            }
        }
    }
    // The chains' other spans (pronouns, nominals) are anaphors, keyed by their first token.
    for (c, chain) in layer.items.iter().enumerate() {
        for s in &chain.spans {
            let a = ctx.toks.partition_point(|t| t.end <= s.start);
            let b = ctx.toks.partition_point(|t| t.start < s.end);
            if a < b && ctx.ment_at.get(a).copied().flatten().is_none() {
                st.anaphor.insert(a, (b, c));
            }
        }
    }
    for s in 0..ctx.sents.len() {
        st.extract_titles(s);
        st.extract_relations(s);
    }
    st.finish().readings
}

// ---------------------------------------------------------------------------------------------
// Context: the document's layers as token-indexed tables.

struct Sent {
    t0: usize,
    t1: usize,
    range: TextRange,
}

struct Ment {
    t0: usize,
    t1: usize,
    label: EntityLabel,
    /// Token indices of the name proper: titles, articles and possessives stripped.
    n0: usize,
    n1: usize,
    /// Title words stripped from the front of the span (e.g. `President`).
    title: Vec<usize>,
    /// Entities-layer mentions that make up this unit (one, or the fragments of a split name).
    members: Vec<usize>,
}

pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    toks: Vec<TextRange>,
    /// The shared token view (tags).
    tv: &'a doc::TokenView,
    sents: Vec<Sent>,
    sent_of: Vec<usize>,
    ments: Vec<Ment>,
    /// Unit covering each token.
    ment_at: Vec<Option<usize>>,
    /// Whether each token lies inside quotation marks.
    quoted: Vec<bool>,
    /// Unit of each entities-layer mention.
    unit_of: Vec<Option<usize>>,
}

fn is_possessive(w: &str) -> bool {
    matches!(w, "’s" | "'s" | "’" | "'" | "s")
}

fn is_punct(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| !c.is_alphanumeric())
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn starts_lower(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_lowercase())
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document) -> Self {
        let toks: Vec<TextRange> = doc.token_items().iter().map(|t| t.range).collect();
        let n = toks.len();
        let mut sents = Vec::new();
        let mut sent_of = vec![0usize; n];
        for s in doc.sentence_items() {
            let t0 = (s.tokens.0 as usize).min(n);
            let t1 = (s.tokens.1 as usize).clamp(t0, n);
            for slot in sent_of.iter_mut().take(t1).skip(t0) {
                *slot = sents.len();
            }
            sents.push(Sent {
                t0,
                t1,
                range: s.range,
            });
        }
        if sents.is_empty() && n > 0 {
            let range = toks
                .first()
                .zip(toks.last())
                .map_or(TextRange::new(0, 0), |(a, b)| a.cover(*b));
            sents.push(Sent {
                t0: 0,
                t1: n,
                range,
            });
        }
        // Raw mentions as token spans, in text order.
        let mut raw: Vec<(usize, usize, usize, EntityLabel)> = Vec::new();
        // Place compounds, trimmed once the units are built (the joining below still sees
        // "Lithuania-based" as a modifier of the next name).
        let mut trims: Vec<(usize, TextRange)> = Vec::new();
        for (mi, m) in doc.entity_items().iter().enumerate() {
            let t0 = toks.partition_point(|t| t.end <= m.range.start);
            let mut t1 = t0;
            while toks.get(t1).is_some_and(|t| t.start < m.range.end) {
                t1 += 1;
            }
            if t1 > t0 {
                let mut label = m.label;
                // "Lithuania-based" as one token: the name is the place before "-based".
                // ("New York-based": the last token carries the suffix.)
                if let Some(r) = toks.get(t1 - 1)
                    && let Some(place) = place_compound_len(doc.slice(*r))
                {
                    trims.push((t1 - 1, TextRange::new(r.start, r.start + place as u32)));
                    label = EntityLabel::Loc;
                }
                raw.push((t0, t1, mi, label));
            }
        }
        raw.sort();
        let word = |i: usize| toks.get(i).map_or("", |r| doc.slice(*r));
        // Initials between or next to person names ("George [H.W.] Bush") are part of the name,
        // whatever label the tagger gave them.
        let brackets_only =
            |a: usize, b: usize| (a..b).all(|i| matches!(word(i), "[" | "]" | "(" | ")"));
        for k in 0..raw.len() {
            let Some(&(t0, t1, _, label)) = raw.get(k) else {
                continue;
            };
            if label == EntityLabel::Per || t1 != t0 + 1 || !is_initials(word(t0)) {
                continue;
            }
            let prev_per = k
                .checked_sub(1)
                .and_then(|j| raw.get(j))
                .is_some_and(|p| p.3 == EntityLabel::Per && p.1 <= t0 && brackets_only(p.1, t0));
            let next_per = raw
                .get(k + 1)
                .is_some_and(|n| n.3 == EntityLabel::Per && t1 <= n.0 && brackets_only(t1, n.0));
            if (prev_per || next_per)
                && let Some(slot) = raw.get_mut(k)
            {
                slot.3 = EntityLabel::Per;
            }
        }
        // Units: mentions the tagger split into adjacent fragments ("Free Nations" + "of" +
        // "Post-Russia Forum", "George" + "[H.W.]" + "Bush") are joined into one unit.
        let mut ments: Vec<Ment> = Vec::new();
        let mut labels: Vec<Vec<(EntityLabel, usize)>> = Vec::new();
        for (t0, t1, mi, label) in raw {
            if let Some(prev) = ments.last_mut()
                && t0 >= prev.t1
                && joinable(
                    &word,
                    prev.t1,
                    t0,
                    labels.last().map_or(&[][..], |v| &v[..]),
                    label,
                )
            {
                prev.t1 = prev.t1.max(t1);
                prev.members.push(mi);
                if let Some(l) = labels.last_mut() {
                    l.push((label, t1 - t0));
                }
                continue;
            }
            if ments.last().is_some_and(|p| t0 < p.t1) {
                // Overlapping mention (should not happen): keep it apart, unlinked.
                continue;
            }
            ments.push(Ment {
                t0,
                t1,
                label,
                n0: t0,
                n1: t1,
                title: Vec::new(),
                members: vec![mi],
            });
            labels.push(vec![(label, t1 - t0)]);
        }
        let mut ment_at = vec![None; n];
        for (ui, u) in ments.iter_mut().enumerate() {
            for slot in ment_at.iter_mut().take(u.t1).skip(u.t0) {
                *slot = Some(ui);
            }
            if let Some(l) = labels.get(ui) {
                let last = word(u.t1.saturating_sub(1));
                u.label = unit_label(l, last);
            }
        }
        let mut of_mention = vec![None; doc.entity_items().len()];
        for (ui, u) in ments.iter().enumerate() {
            for &m in &u.members {
                if let Some(slot) = of_mention.get_mut(m) {
                    *slot = Some(ui);
                }
            }
        }
        let quoted = quoted_tokens(doc, &toks);
        let mut toks = toks;
        for (t, r) in trims {
            if let Some(slot) = toks.get_mut(t) {
                *slot = r;
            }
        }
        let mut ctx = Ctx {
            doc,
            toks,
            tv: doc.view(),
            sents,
            sent_of,
            ments,
            ment_at,
            unit_of: of_mention,
            quoted,
        };
        for i in 0..ctx.ments.len() {
            ctx.clean_name(i);
        }
        ctx.relabel_fragments();
        ctx
    }

    /// The entities-layer index that stands for a unit (its first fragment).
    fn layer_index(&self, unit: usize) -> Option<u32> {
        self.ments
            .get(unit)
            .and_then(|u| u.members.iter().min())
            .map(|&m| m as u32)
    }

    fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |r| self.doc.slice(*r))
    }

    fn pos(&self, i: usize) -> Upos {
        self.tv.upos(i).unwrap_or(Upos::X)
    }

    fn lower(&self, i: usize) -> String {
        self.word(i).to_lowercase()
    }

    fn sent(&self, i: usize) -> usize {
        self.sent_of.get(i).copied().unwrap_or(0)
    }

    fn span_range(&self, t0: usize, t1: usize) -> Option<TextRange> {
        let a = self.toks.get(t0)?;
        let b = self.toks.get(t1.checked_sub(1)?)?;
        (a.start <= b.end).then(|| TextRange::new(a.start, b.end))
    }

    /// Strips articles, titles (for people) and trailing possessives/punctuation from a mention.
    fn clean_name(&mut self, i: usize) {
        let Some(m) = self.ments.get(i) else { return };
        let (mut a, mut b, label) = (m.t0, m.t1, m.label);
        let mut title = Vec::new();
        while a < b {
            let w = self.word(a);
            let lw = w.to_lowercase();
            if lw == "the" || is_punct(w) || (b - a > 1 && is_attributive_compound(w)) {
                a += 1;
            } else if label == EntityLabel::Per && b - a > 1 && lexicon::title(w).is_some() {
                title.push(a);
                a += 1;
            } else if label == EntityLabel::Per
                && b - a > 1
                && lw
                    .strip_prefix("then-")
                    .is_some_and(|rest| lexicon::title(rest).is_some())
            {
                a += 1;
            } else {
                break;
            }
        }
        while b > a && (is_possessive(self.word(b - 1)) || is_punct(self.word(b - 1))) {
            b -= 1;
        }
        if let Some(m) = self.ments.get_mut(i) {
            m.n0 = a;
            m.n1 = b;
            m.title = title;
        }
    }

    /// Name words of a mention (original case).
    fn name_words(&self, i: usize) -> Vec<&'a str> {
        self.ments
            .get(i)
            .map(|m| (m.n0..m.n1).map(|t| self.word(t)).collect())
            .unwrap_or_default()
    }

    /// The name as written in the text: its tokens with single spaces where the text has
    /// whitespace, brackets left out (`George [H.W.] Bush` → `George H.W. Bush`).
    fn name_text(&self, i: usize) -> String {
        let Some(m) = self.ments.get(i) else {
            return String::new();
        };
        let mut out = String::new();
        let mut prev_end: Option<u32> = None;
        for t in m.n0..m.n1 {
            let Some(r) = self.toks.get(t) else { continue };
            let w = self.doc.slice(*r);
            if matches!(w, "[" | "]" | "(" | ")") {
                prev_end = Some(r.end);
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
            if let Some(pe) = prev_end
                && pe < r.start
                && !out.ends_with(' ')
                && !out.is_empty()
            {
                out.push(' ');
            }
            out.push_str(w);
            prev_end = Some(r.end);
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A one-word person name that never occurs as part of a person's full name but does occur
    /// inside an organization or place name of the document ("Ingria" in "Free Ingria") is a
    /// fragment of that name: it takes that name's label.
    fn relabel_fragments(&mut self) {
        // For every word of a multiword name: is it in a person's name, and the label of the
        // first other name it is in.
        let mut seen: BTreeMap<String, (bool, Option<EntityLabel>)> = BTreeMap::new();
        for m in &self.ments {
            if m.n1.saturating_sub(m.n0) < 2 {
                continue;
            }
            for t in m.n0..m.n1 {
                let e = seen.entry(self.lower(t)).or_insert((false, None));
                if m.label == EntityLabel::Per {
                    e.0 = true;
                } else if e.1.is_none() {
                    e.1 = Some(m.label);
                }
            }
        }
        let mut changes = Vec::new();
        for (i, m) in self.ments.iter().enumerate() {
            if m.label != EntityLabel::Per || m.n1.saturating_sub(m.n0) != 1 {
                continue;
            }
            if let Some(&(false, Some(l))) = seen.get(&self.lower(m.n0)) {
                changes.push((i, l));
            }
        }
        for (i, l) in changes {
            if let Some(m) = self.ments.get_mut(i) {
                m.label = l;
            }
        }
    }

    /// True when token `t` is a one-word MISC mention (a nationality such as "Ukrainian").
    fn is_nationality(&self, t: usize) -> bool {
        self.ment_at
            .get(t)
            .copied()
            .flatten()
            .and_then(|u| self.ments.get(u))
            .is_some_and(|x| x.label == EntityLabel::Misc && x.t1 - x.t0 == 1)
    }

    /// True when a clause boundary lies strictly between two tokens.
    fn clause_boundary(&self, from: usize, to: usize) -> bool {
        // Far apart in one (run-on) sentence: treat as different clauses.
        if to.saturating_sub(from) > 80 {
            return true;
        }
        (from..to).any(|t| {
            let w = self.lower(t);
            lexicon::clause_boundary(&w) || self.pos(t) == Upos::Sconj
        })
    }

    /// True when the span at `t0` is the subject of its clause: no noun or verb precedes it in
    /// the sentence since the last clause boundary.
    fn is_subject(&self, t0: usize) -> bool {
        let s0 = self.sents.get(self.sent(t0)).map_or(0, |s| s.t0);
        for t in (s0.max(t0.saturating_sub(60))..t0).rev() {
            let w = self.word(t);
            if matches!(w, "," | ";" | ":" | "“" | "”" | "\"" | "—") {
                return true;
            }
            if matches!(
                self.pos(t),
                Upos::Verb | Upos::Aux | Upos::Noun | Upos::Propn | Upos::Pron
            ) {
                return false;
            }
        }
        true
    }
}

// ---------------------------------------------------------------------------------------------
// Clusters.

#[derive(Clone, Debug)]
struct Cluster {
    /// Named mentions (entities-layer indices).
    named: Vec<usize>,
    /// Token spans of every member, named or not.
    spans: Vec<(usize, usize)>,
    /// For unnamed entities: a person (he/she, person noun) or a group (they).
    person: bool,
    gender: Option<Gender>,
    /// Role and description titles, lowercased.
    roles: Vec<String>,
    /// Set when merged into another cluster.
    merged_into: Option<usize>,
    /// Distinct names (lowercased word lists), in order of first use.
    names: Vec<Vec<String>>,
    /// Lowercased capitalized words written just before one of its names (see `add_named`),
    /// for "the republic" after "Republic of Ichkeria".
    context_heads: Vec<String>,
    /// Per label: (named mentions with it, order of its first mention, reversed).
    labels: BTreeMap<EntityLabel, (usize, usize)>,
}

impl Cluster {
    fn new(person: bool) -> Self {
        Cluster {
            named: Vec::new(),
            spans: Vec::new(),
            person,
            gender: None,
            roles: Vec::new(),
            merged_into: None,
            names: Vec::new(),
            context_heads: Vec::new(),
            labels: BTreeMap::new(),
        }
    }

    /// Last member span starting before token `t`.
    fn last_before(&self, t: usize) -> Option<(usize, usize)> {
        let k = self.spans.partition_point(|s| s.0 < t);
        k.checked_sub(1).and_then(|i| self.spans.get(i)).copied()
    }

    /// Last member span before token `t` that satisfies `ok`, scanning back from `t`.
    fn last_before_where(
        &self,
        t: usize,
        ok: impl Fn(&(usize, usize)) -> bool,
    ) -> Option<(usize, usize)> {
        let k = self.spans.partition_point(|s| s.0 < t);
        self.spans.get(..k)?.iter().rev().find(|s| ok(s)).copied()
    }

    /// Adds a member span, keeping `spans` sorted.
    fn insert_span(&mut self, span: (usize, usize)) {
        let k = self.spans.partition_point(|s| *s < span);
        self.spans.insert(k, span);
    }
}

struct State<'c, 'a> {
    ctx: &'c Ctx<'a>,
    clusters: Vec<Cluster>,
    /// Cluster of each entities-layer mention.
    of_mention: Vec<Option<usize>>,
    /// Cluster of anaphor spans, keyed by start token.
    anaphor: BTreeMap<usize, (usize, usize)>,
    readings: Vec<RoleReading>,
    w: Salience,
    /// Clusters by the lowercased words of their names, and by their names' acronyms.
    word_index: BTreeMap<String, Vec<usize>>,
    acro_index: BTreeMap<String, Vec<usize>>,
    /// Cluster of every member span, by start token (candidate windows for anaphors).
    span_index: BTreeMap<usize, usize>,
}

impl<'c, 'a> State<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, w: Salience) -> Self {
        State {
            ctx,
            w,
            word_index: BTreeMap::new(),
            acro_index: BTreeMap::new(),
            span_index: BTreeMap::new(),
            clusters: Vec::new(),
            of_mention: vec![None; ctx.ments.len()],
            anaphor: BTreeMap::new(),
            readings: Vec::new(),
        }
    }

    fn label_of(&self, c: usize) -> Option<EntityLabel> {
        let cl = self.clusters.get(c)?;
        cl.labels
            .iter()
            .max_by_key(|(_, (n, first))| (*n, *first))
            .map(|(l, _)| *l)
    }

    fn is_person(&self, c: usize) -> bool {
        match self.label_of(c) {
            Some(l) => l == EntityLabel::Per,
            None => self.clusters.get(c).is_some_and(|cl| cl.person),
        }
    }

    fn add_named(&mut self, c: usize, m: usize) {
        let Some(mm) = self.ctx.ments.get(m) else {
            return;
        };
        let name: Vec<String> = (mm.n0..mm.n1).map(|t| self.ctx.lower(t)).collect();
        if let Some(cl) = self.clusters.get_mut(c) {
            let k = cl.named.len();
            cl.named.push(m);
            cl.labels.entry(mm.label).or_insert((0, usize::MAX - k)).0 += 1;
            if cl.names.len() < MAX_NAMES_PER_CLUSTER && !cl.names.contains(&name) {
                cl.names.push(name);
            }
            cl.insert_span((mm.t0, mm.t1));
            // Capitalized words written right before the name, up to three back, with only
            // "of" or capitalized words between ("Republic of" + "Ichkeria").
            let ctx = self.ctx;
            for i in mm.t0.saturating_sub(3)..mm.t0 {
                if cl.context_heads.len() < MAX_NAMES_PER_CLUSTER
                    && starts_upper(ctx.word(i))
                    && (i + 1..mm.t0).all(|j| ctx.lower(j) == "of" || starts_upper(ctx.word(j)))
                {
                    let w = ctx.lower(i);
                    if !cl.context_heads.contains(&w) {
                        cl.context_heads.push(w);
                    }
                }
            }
            if cl.gender.is_none() {
                cl.gender = mm
                    .title
                    .iter()
                    .find_map(|&t| lexicon::title(self.ctx.word(t)).flatten());
            }
            if cl.gender.is_none() && mm.label == EntityLabel::Per {
                // The given name of a full name ("Betty Smith"), or a lone given name ("Betty").
                cl.gender = (mm.n0 < mm.n1)
                    .then(|| lexicon::given_name_gender(self.ctx.word(mm.n0)))
                    .flatten();
            }
        }
        if let Some(slot) = self.of_mention.get_mut(m) {
            *slot = Some(c);
        }
        self.span_index.insert(mm.t0, c);
        let words: Vec<String> = (mm.n0..mm.n1).map(|t| self.ctx.lower(t)).collect();
        for w in &words {
            push_recent(self.word_index.entry(w.clone()).or_default(), c);
        }
        if words.len() >= 2 {
            for a in acronyms(&words) {
                push_recent(self.acro_index.entry(a).or_default(), c);
            }
        }
    }

    /// Clusters sharing a name word with `words` or whose acronym `words` is, ascending.
    fn candidates(&self, words: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = words
            .iter()
            .filter_map(|w| self.word_index.get(w))
            .flatten()
            .copied()
            .collect();
        if let [one] = words {
            let key: String = one.chars().filter(|c| c.is_alphanumeric()).collect();
            if let Some(v) = self.acro_index.get(&key) {
                out.extend(v.iter().copied());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Clusters with a member span starting in `[from, to)`, ascending.
    fn in_window(&self, from: usize, to: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .span_index
            .range(from..to)
            .map(|(_, &c)| self.root(c))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// First token of the sentence `back` sentences before the one holding token `t`, and no
    /// more than 60 tokens a sentence back (run-on text has no sentences to count).
    fn window_start(&self, t: usize, back: usize) -> usize {
        let s = self.ctx.sent(t).saturating_sub(back);
        let start = self.ctx.sents.get(s).map_or(0, |x| x.t0);
        start.max(t.saturating_sub(60 * (back + 1)))
    }

    fn new_cluster(&mut self, person: bool) -> usize {
        self.clusters.push(Cluster::new(person));
        self.clusters.len() - 1
    }

    /// Names of a cluster's mentions as lowercased word lists.
    fn names(&self, c: usize) -> &[Vec<String>] {
        self.clusters.get(c).map_or(&[], |cl| cl.names.as_slice())
    }

    fn last_pos(&self, c: usize) -> usize {
        self.clusters
            .get(c)
            .and_then(|cl| cl.spans.last().map(|s| s.0))
            .unwrap_or(0)
    }

    // -----------------------------------------------------------------------------------------
    // Step 1: named mentions.

    fn cluster_names(&mut self) {
        for m in 0..self.ctx.ments.len() {
            let words: Vec<String> = self
                .ctx
                .name_words(m)
                .iter()
                .map(|w| w.to_lowercase())
                .collect();
            if words.is_empty() || !self.ctx.name_words(m).iter().any(|w| starts_upper(w)) {
                continue;
            }
            let label = self.ctx.ments.get(m).map_or(EntityLabel::Misc, |x| x.label);
            // "Free" + tagged "Ingria": an untagged capitalized word before a one-word name that
            // completes a known multiword name joins that name's entity.
            if words.len() == 1
                && let Some(c) = self.extended_match(m, &words)
            {
                self.add_named(c, m);
                continue;
            }
            let at = self.ctx.ments.get(m).map_or(0, |x| x.t0);
            let target = if label == EntityLabel::Per {
                self.match_person(&words, at).or_else(|| {
                    self.match_other(&words, label)
                        .filter(|&c| self.names(c).contains(&words))
                })
            } else {
                self.match_other(&words, label)
            };
            let c = match target {
                Some(c) => c,
                None => self.new_cluster(label == EntityLabel::Per),
            };
            self.add_named(c, m);
        }
    }

    fn live(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.clusters.len()).filter(|&c| {
            self.clusters
                .get(c)
                .is_some_and(|cl| cl.merged_into.is_none())
        })
    }

    /// Person clusters sharing a name word with `words`.
    fn person_clusters(&self, words: &[String]) -> Vec<usize> {
        self.candidates(words)
            .into_iter()
            .filter(|&c| self.label_of(c) == Some(EntityLabel::Per))
            .collect()
    }

    fn extended_match(&self, m: usize, words: &[String]) -> Option<usize> {
        let t0 = self.ctx.ments.get(m)?.n0;
        let prev = t0.checked_sub(1)?;
        let pw = self.ctx.word(prev);
        if !starts_upper(pw)
            || self.ctx.ment_at.get(prev).copied().flatten().is_some()
            || self
                .ctx
                .sents
                .get(self.ctx.sent(t0))
                .is_some_and(|s| s.t0 == prev)
        {
            return None;
        }
        let mut ext = vec![pw.to_lowercase()];
        ext.extend(words.iter().cloned());
        self.candidates(&ext)
            .into_iter()
            .filter(|&c| self.names(c).contains(&ext))
            .max_by_key(|&c| self.last_pos(c))
    }

    /// The person cluster a PER name joins: a compatible full name, or for a bare name the most
    /// recent person with that surname (or first name).
    fn match_person(&self, words: &[String], at: usize) -> Option<usize> {
        let people = self.person_clusters(words);
        let last = words.last()?;
        if words.len() >= 2 {
            // Full name: same surname and compatible first name.
            let mut best: Option<usize> = None;
            for &c in &people {
                let names = self.names(c);
                let full: Vec<&Vec<String>> = names.iter().filter(|n| n.len() >= 2).collect();
                let ok = if full.is_empty() {
                    // Only bare names so far: join when one of them is this surname.
                    names
                        .iter()
                        .any(|n| n.len() == 1 && n.first() == Some(last))
                } else {
                    full.iter().all(|f| {
                        (f.last() == Some(last) && first_compatible(f, words))
                            || f.ends_with(words)
                            || words.ends_with(f)
                    })
                };
                if ok && best.is_none_or(|b| self.last_pos(c) > self.last_pos(b)) {
                    best = Some(c);
                }
            }
            return best;
        }
        // Bare name: surname of a known person, else a first name. A person whose full name
        // was given in the last two sentences wins (most recent first); otherwise the person
        // mentioned most often (the document's topic) does.
        let ctx = self.ctx;
        let by = |surname: bool| -> Option<usize> {
            let cands: Vec<usize> = people
                .iter()
                .copied()
                .filter(|&c| {
                    self.names(c).iter().any(|n| {
                        if surname {
                            n.last() == Some(last)
                        } else {
                            n.len() >= 2 && n.first() == Some(last)
                        }
                    })
                })
                .collect();
            // Named mentions are added in text order: scan back while within two sentences.
            let fresh = |c: usize| -> Option<usize> {
                self.clusters
                    .get(c)?
                    .named
                    .iter()
                    .rev()
                    .filter_map(|&u| ctx.ments.get(u))
                    .filter(|x| x.t0 < at)
                    .take_while(|x| ctx.sent(at).saturating_sub(ctx.sent(x.t0)) <= 2)
                    .find(|x| x.n1 - x.n0 >= 2)
                    .map(|x| x.t0)
            };
            let recent = cands
                .iter()
                .copied()
                .filter_map(|c| Some((fresh(c)?, c)))
                .max();
            if let Some((_, c)) = recent {
                return Some(c);
            }
            cands.into_iter().max_by_key(|&c| {
                (
                    self.clusters.get(c).map_or(0, |cl| cl.spans.len()),
                    self.last_pos(c),
                )
            })
        };
        by(true).or_else(|| by(false))
    }

    /// The cluster an organization/place/misc name joins: the same name, its acronym, or a
    /// multiword name contained in (or containing) an earlier one of the same label.
    fn match_other(&self, words: &[String], label: EntityLabel) -> Option<usize> {
        // The clusters `words` is an acronym of (see `acronyms`), looked up once.
        let acronym_of: &[usize] = match words {
            [one] if !one.contains(' ') => {
                let key: String = one.chars().filter(|c| c.is_alphanumeric()).collect();
                if key.chars().count() >= 2 {
                    self.acro_index.get(&key).map_or(&[], Vec::as_slice)
                } else {
                    &[]
                }
            }
            _ => &[],
        };
        let mut best: Option<(u8, usize)> = None;
        for c in self.candidates(words) {
            let clabel = self.label_of(c);
            let names = self.names(c);
            let acronym = clabel != Some(EntityLabel::Per) && acronym_of.contains(&c);
            let mut rank = 0u8;
            for n in names {
                if n.as_slice() == words {
                    rank = rank.max(3);
                } else if acronym && n.len() >= 2 {
                    rank = rank.max(2);
                } else if clabel.is_some_and(|l| l != EntityLabel::Per)
                    && label != EntityLabel::Per
                    && words.len() >= 2
                    && n.len() >= 2
                    && (contains_seq(n, words) || contains_seq(words, n))
                {
                    rank = rank.max(1);
                }
            }
            // A bare surname the tagger labelled ORG/LOC/MISC still joins a known person.
            if rank == 0
                && words.len() == 1
                && clabel == Some(EntityLabel::Per)
                && names
                    .iter()
                    .any(|n| n.len() >= 2 && n.last() == words.last())
            {
                rank = 1;
            }
            if rank > 0
                && best.is_none_or(|(r, b)| {
                    rank > r || (rank == r && self.last_pos(c) > self.last_pos(b))
                })
            {
                best = Some((rank, c));
            }
        }
        best.map(|(_, c)| c)
    }

    // -----------------------------------------------------------------------------------------
    // Step 2: pronouns and role nominals, sentence by sentence.

    fn resolve_anaphors(&mut self, s: usize) {
        let Some(sent) = self.ctx.sents.get(s) else {
            return;
        };
        let (t0, t1) = (sent.t0, sent.t1);
        let mut t = t0;
        while t < t1 {
            if self.ctx.ment_at.get(t).copied().flatten().is_some() {
                t += 1;
                continue;
            }
            let w = self.ctx.word(t);
            if let Some(p) = lexicon::pronoun(w) {
                self.resolve_pronoun(t, p);
                t += 1;
                continue;
            }
            if let Some(end) = self.resolve_nominal(t) {
                t = end;
                continue;
            }
            t += 1;
        }
    }

    fn attach(&mut self, c: usize, span: (usize, usize)) {
        if let Some(cl) = self.clusters.get_mut(c) {
            cl.insert_span(span);
        }
        self.anaphor.insert(span.0, (span.1, c));
        self.span_index.insert(span.0, c);
    }

    fn resolve_pronoun(&mut self, t: usize, p: lexicon::PronounInfo) {
        let ctx = self.ctx;
        let st = ctx.sent(t);
        let person = p.gender.is_some();
        if person
            && !p.object
            && let Some(c) = self.cataphor(t)
        {
            self.attach(c, (t, t + 1));
            return;
        }
        let mut best: Option<(f64, usize)> = None;
        // A first tier close by; for he/she a second, wider tier of named people only.
        let tiers: Vec<(usize, bool)> = if person {
            vec![(self.w.person_window, true), (8, false)]
        } else {
            vec![(self.w.group_window, true)]
        };
        for &(max_dist, anon_ok) in &tiers {
            if best.is_some() {
                break;
            }
            for c in self.in_window(self.window_start(t, max_dist), t) {
                let Some(cl) = self.clusters.get(c) else {
                    continue;
                };
                let outside = !ctx.quoted.get(t).copied().unwrap_or(false);
                let last = if outside {
                    cl.last_before_where(t, |s| !ctx.quoted.get(s.0).copied().unwrap_or(false))
                } else {
                    cl.last_before(t)
                };
                let Some(last) = last else {
                    continue;
                };
                // Agreement.
                let label = self.label_of(c);
                let agrees = if person {
                    self.is_person(c)
                        && match (cl.gender, p.gender) {
                            (Some(a), Some(b)) => a == b,
                            _ => true,
                        }
                } else {
                    match label {
                        Some(EntityLabel::Org) => true,
                        Some(EntityLabel::Misc) => {
                            let n = self.names(c);
                            n.iter().any(|w| w.last().is_some_and(|x| x.ends_with('s')))
                        }
                        Some(_) => false,
                        None => !cl.person,
                    }
                };
                if !agrees {
                    continue;
                }
                let sd = st.saturating_sub(ctx.sent(last.0));
                if sd > max_dist
                    || (!person && label == Some(EntityLabel::Org) && sd > 1)
                    || (!anon_ok && label.is_none())
                {
                    continue;
                }
                // "they" prefers a plural common noun in between ("the leaders ... their") to a
                // name before it.
                if !person
                    && label.is_some()
                    && (last.1..t).any(|i| {
                        ctx.tv.xpos(i) == Some(Xpos::Nns)
                            && ctx.ment_at.get(i).copied().flatten().is_none()
                    })
                {
                    continue;
                }
                let same_clause = sd == 0 && !ctx.clause_boundary(last.1, t);
                if p.object && same_clause {
                    continue;
                }
                if p.reflexive && sd > 0 {
                    continue;
                }
                let w = &self.w;
                let mut score = -w.per_sentence * sd as f64 - (t - last.0) as f64 * w.per_token;
                if ctx.is_subject(last.0) {
                    score += w.subject;
                }
                score += w.frequency * ((cl.named.len() + cl.spans.len()) as f64).ln();
                if label.is_none() {
                    // Unnamed entities are weaker antecedents than named ones at equal distance.
                    score -= w.unnamed;
                }
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, c));
                }
            }
        }
        let c = match best {
            Some((_, c)) => c,
            None => self.new_cluster(person),
        };
        if let Some(cl) = self.clusters.get_mut(c)
            && cl.gender.is_none()
        {
            cl.gender = p.gender;
        }
        self.attach(c, (t, t + 1));
    }

    /// "When he had the chance, Pavel Mezerin enlisted": a he/she in a fronted subordinate
    /// clause refers to the person named right after the clause.
    fn cataphor(&self, t: usize) -> Option<usize> {
        let ctx = self.ctx;
        let sent = ctx.sents.get(ctx.sent(t))?;
        let first = ctx.lower(sent.t0);
        if !lexicon::fronted_subordinator(&first) {
            return None;
        }
        let comma = (t..sent.t1).find(|&i| ctx.word(i) == ",")?;
        if (sent.t0..t).any(|i| ctx.word(i) == ",") {
            return None;
        }
        let u = ctx.ment_at.get(comma + 1).copied().flatten()?;
        if ctx
            .ments
            .get(u)
            .is_none_or(|x| x.label != EntityLabel::Per || x.t0 != comma + 1)
        {
            return None;
        }
        self.of_mention
            .get(u)
            .copied()
            .flatten()
            .map(|c| self.root(c))
    }

    /// A definite role nominal at `t` ("the prime minister", "the forum"): resolves it and
    /// returns the token after it, or `None` when `t` starts no such nominal.
    fn resolve_nominal(&mut self, t: usize) -> Option<usize> {
        let ctx = self.ctx;
        if ctx.lower(t) != "the" {
            return None;
        }
        let mut e = t + 1;
        while e < t + 5
            && ctx.ment_at.get(e).copied().flatten().is_none()
            && starts_lower(ctx.word(e))
            && matches!(ctx.pos(e), Upos::Adj | Upos::Noun)
        {
            e += 1;
        }
        // The head is a noun; an organization head the tagger took for an adjective ("the
        // republic was ...") counts too.
        let head_noun = ctx.pos(e - 1) == Upos::Noun || lexicon::org_head(&ctx.lower(e - 1));
        if e == t + 1 || e - t > 4 || !head_noun {
            return None;
        }
        // The NP must end here: not followed by more nominal material, a name or "of".
        let next = ctx.word(e);
        if matches!(ctx.pos(e), Upos::Noun | Upos::Propn) || next == "of" {
            return None;
        }
        let head = ctx.lower(e - 1);
        let phrase: Vec<String> = (t + 1..e).map(|i| ctx.lower(i)).collect();
        let phrase = phrase.join(" ");
        let st = ctx.sent(t);
        let mut best: Option<(u8, usize, usize)> = None; // (rank, last position, cluster)
        for c in self.in_window(self.window_start(t, 25), t) {
            let Some(cl) = self.clusters.get(c) else {
                continue;
            };
            let Some(last) = cl.last_before(t) else {
                continue;
            };
            let sd = st.saturating_sub(ctx.sent(last.0));
            let label = self.label_of(c);
            let by_role = cl
                .roles
                .iter()
                .any(|r| r == &phrase || r.rsplit(' ').next() == Some(head.as_str()));
            let by_name = label.is_some_and(|l| l != EntityLabel::Per)
                && lexicon::org_head(&head)
                && self
                    .names(c)
                    .iter()
                    .any(|n| n.len() >= 2 && n.iter().any(|w| w == &head));
            let by_group = lexicon::group_noun(&head) && label == Some(EntityLabel::Org) && sd <= 2;
            // "the Chechen Republic of Ichkeria … the republic" where the tagger named only
            // "Ichkeria": the head written right before one of the cluster's names.
            let by_context = label.is_some_and(|l| l != EntityLabel::Per)
                && lexicon::org_head(&head)
                && cl.context_heads.contains(&head);
            let rank = if by_role {
                3
            } else if by_name || by_context {
                2
            } else if by_group {
                1
            } else {
                0
            };
            if rank == 0 || sd > 25 {
                continue;
            }
            let key = (rank, last.0, c);
            if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                best = Some(key);
            }
        }
        match best {
            Some((_, _, c)) => self.attach(c, (t, e)),
            None if lexicon::person_noun(&head) && ctx.lower(t) == "the" => {
                let c = self.new_cluster(true);
                if let Some(cl) = self.clusters.get_mut(c) {
                    cl.roles.push(phrase);
                }
                self.attach(c, (t, e));
            }
            None => return None,
        }
        Some(e)
    }

    /// The cluster a token belongs to (named mention or resolved anaphor).
    fn cluster_at(&self, t: usize) -> Option<(usize, usize)> {
        if let Some(m) = self.ctx.ment_at.get(t).copied().flatten() {
            let c = self.of_mention.get(m).copied().flatten()?;
            let end = self.ctx.ments.get(m).map_or(t + 1, |x| x.t1);
            return Some((self.root(c), end));
        }
        let (end, c) = self.anaphor.get(&t).copied()?;
        Some((self.root(c), end))
    }

    fn root(&self, mut c: usize) -> usize {
        while let Some(n) = self.clusters.get(c).and_then(|cl| cl.merged_into) {
            c = n;
        }
        c
    }

    /// The named mention a relation about cluster `c` uses as its subject: the first one.
    fn subject_of(&self, c: usize) -> Option<u32> {
        // Named mentions join their clusters in text order (`cluster_names`): the first is the
        // smallest.
        self.clusters
            .get(c)?
            .named
            .first()
            .and_then(|&u| self.ctx.layer_index(u))
    }

    // -----------------------------------------------------------------------------------------
    // Step 3: what titles, appositives and copulas call an entity.

    /// Titles and pre-name descriptors of the person mentions of sentence `s`.
    fn extract_titles(&mut self, s: usize) {
        let ctx = self.ctx;
        let Some(sent) = ctx.sents.get(s) else {
            return;
        };
        let (t0, t1, evidence) = (sent.t0, sent.t1, sent.range);
        // Titles and pre-name descriptors of person mentions in this sentence.
        let first = ctx.ments.partition_point(|x| x.t0 < t0);
        let last = ctx.ments.partition_point(|x| x.t0 < t1);
        let ments: Vec<usize> = (first..last.max(first)).collect();
        for &m in &ments {
            let Some(mm) = ctx.ments.get(m) else { continue };
            if mm.label != EntityLabel::Per {
                continue;
            }
            let Some(c) = self.of_mention.get(m).copied().flatten() else {
                continue;
            };
            // Title words inside the span plus capitalized title words right before it.
            let mut title: Vec<usize> = mm.title.clone();
            let mut b = mm.t0;
            while b > t0 {
                let w = ctx.word(b - 1);
                let bare = w.strip_prefix("then-").unwrap_or(w);
                if matches!(w, "[" | "]" | "(" | ")") {
                    b -= 1;
                } else if starts_upper(bare) && lexicon::title(bare).is_some() {
                    title.insert(0, b - 1);
                    b -= 1;
                } else {
                    break;
                }
            }
            let words: Vec<String> = title
                .iter()
                .map(|&i| {
                    let w = ctx.word(i);
                    w.strip_prefix("then-").unwrap_or(w).to_string()
                })
                .filter(|w| !lexicon::is_title_modifier(w) && !is_country_prefix(w))
                .collect();
            if !words.is_empty() {
                let value = words.join(" ");
                // "former President X", "Former Pennsylvania Gov. X".
                let before = b.saturating_sub(2).max(t0)..b;
                if title.iter().any(|&i| is_former(ctx.word(i)))
                    || before.into_iter().any(|i| is_former(ctx.word(i)))
                {
                    // "Former President X": a past role, kept as a description only.
                    self.add_description(c, &format!("former {value}"), evidence, Form::Title);
                } else {
                    self.add_role(c, &value, None, None, evidence, Form::Title);
                }
                continue;
            }
            // "a young Shakespearean actor named X": the NP before "named"/"called".
            let named_at = mm
                .t0
                .checked_sub(1)
                .filter(|&n| n > t0 && matches!(ctx.lower(n).as_str(), "named" | "called"));
            let end = named_at.unwrap_or(mm.t0);
            // Lowercase descriptor run right before the name ("chess grandmaster and dissident").
            let mut a = end;
            while a > t0 {
                let w = ctx.word(a - 1);
                let p = ctx.pos(a - 1);
                let ok = (starts_lower(w) && matches!(p, Upos::Noun | Upos::Adj))
                    || (w == "and" && a < end)
                    || (starts_upper(w) && p == Upos::Adj);
                let in_name = ctx.ment_at.get(a - 1).copied().flatten();
                if (ok && in_name.is_none()) || (starts_upper(w) && ctx.is_nationality(a - 1)) {
                    a -= 1;
                } else {
                    break;
                }
            }
            while a < end && ctx.word(a) == "and" {
                a += 1;
            }
            if a < end && ctx.pos(end - 1) == Upos::Noun && ctx.word(end - 1) != "and" {
                let head = ctx.lower(end - 1);
                let value = describe(ctx, a, end);
                if lexicon::role(&head).is_some() && (a..end).any(|i| is_former(ctx.word(i))) {
                    self.add_description(c, &value, evidence, Form::Descriptor);
                } else if lexicon::role(&head).is_some() && !value.contains(" and ") {
                    // The role's own words ("prime minister"), not the descriptor: a
                    // nationality before it is not part of the title.
                    let title = role_title(ctx, a, end);
                    self.add_role(c, &title, None, None, evidence, Form::Descriptor);
                } else if lexicon::person_noun(&head) {
                    self.add_description(c, &value, evidence, Form::Descriptor);
                }
            }
        }
    }

    /// Appositives, copulas, "of which X is a ROLE" and "founded" in sentence `s`.
    fn extract_relations(&mut self, s: usize) {
        let ctx = self.ctx;
        let Some(sent) = ctx.sents.get(s) else {
            return;
        };
        let (t0, t1, evidence) = (sent.t0, sent.t1, sent.range);
        let mut t = t0;
        while t < t1 {
            let Some((c, end)) = self.cluster_at(t) else {
                t += 1;
                continue;
            };
            let is_named = ctx.ment_at.get(t).copied().flatten().is_some();
            let w_end = ctx.word(end);
            if is_named && w_end == "," {
                // "X, the co-chair of Y," / "X, a separatist movement in ..."
                if ctx.lower(end + 1) == "founded" && ctx.lower(end + 2) == "by" {
                    self.founded_by(c, end + 3, t1, evidence);
                } else {
                    self.predicate_nominal(c, end + 1, t1, evidence, Form::Appositive);
                }
                if ctx.lower(end + 1) == "of"
                    && ctx.lower(end + 2) == "which"
                    && let Some((sc, send)) = self.cluster_at(end + 3)
                    && lexicon::copula(ctx.word(send))
                {
                    self.role_of_which(sc, c, t, send + 1, t1, evidence);
                }
            } else if lexicon::copula(w_end)
                && !(is_possessive(w_end) && is_named)
                && !(t >= 2 && ctx.lower(t - 1) == "which" && ctx.lower(t - 2) == "of")
            {
                let mut k = end + 1;
                while matches!(
                    ctx.lower(k).as_str(),
                    "also" | "now" | "still" | "currently"
                ) {
                    k += 1;
                }
                if self.is_person(c) {
                    self.predicate_nominal(c, k, t1, evidence, Form::Copula);
                }
            } else if matches!(
                ctx.lower(end).as_str(),
                "founded" | "co-founded" | "cofounded"
            ) && self.is_person(c)
            {
                let mut k = end + 1;
                if ctx.lower(k) == "the" {
                    k += 1;
                }
                if let Some(o) = ctx.ment_at.get(k).copied().flatten()
                    && ctx
                        .ments
                        .get(o)
                        .is_some_and(|x| x.label != EntityLabel::Per)
                    && let Some(subj) = self.subject_of(c)
                    && let Some(object) = ctx.layer_index(o)
                {
                    self.read(subj, Said::Founded { object }, Form::Founded, evidence);
                }
            }
            t = end.max(t + 1);
        }
    }

    fn read(&mut self, subject: u32, said: Said, form: Form, evidence: TextRange) {
        self.readings.push(RoleReading {
            subject,
            said,
            form,
            evidence,
        });
    }

    /// Notes role `title` of cluster `c` (for the nominals that follow) and reads it.
    fn add_role(
        &mut self,
        c: usize,
        title: &str,
        object: Option<u32>,
        of_text: Option<String>,
        evidence: TextRange,
        form: Form,
    ) {
        let title = title.trim().to_lowercase();
        if title.is_empty() {
            return;
        }
        if let Some(cl) = self.clusters.get_mut(c)
            && cl.roles.len() < MAX_NAMES_PER_CLUSTER
            && !cl.roles.contains(&title)
        {
            cl.roles.push(title.clone());
        }
        let Some(subj) = self.subject_of(c) else {
            return;
        };
        let said = Said::Role {
            title,
            object,
            of_text,
        };
        self.read(subj, said, form, evidence);
    }

    fn add_description(&mut self, c: usize, value: &str, evidence: TextRange, form: Form) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let head = value.rsplit(' ').next().unwrap_or("").to_lowercase();
        if let Some(cl) = self.clusters.get_mut(c)
            && cl.roles.len() < MAX_NAMES_PER_CLUSTER
            && !cl.roles.contains(&head)
        {
            cl.roles.push(head);
        }
        if let Some(subj) = self.subject_of(c) {
            let said = Said::Description {
                value: value.to_string(),
            };
            self.read(subj, said, form, evidence);
        }
    }

    /// An indefinite or definite NP at `k` predicated of cluster `c` (appositive or copula).
    fn predicate_nominal(
        &mut self,
        c: usize,
        k: usize,
        t1: usize,
        evidence: TextRange,
        form: Form,
    ) {
        let ctx = self.ctx;
        let appositive = form == Form::Appositive;
        let det = ctx.lower(k);
        let mut a = k;
        if matches!(det.as_str(), "a" | "an" | "the" | "one") {
            a += 1;
        } else if !(appositive
            && starts_lower(ctx.word(k))
            && matches!(ctx.pos(k), Upos::Noun | Upos::Adj))
        {
            return;
        }
        // Pre-head material up to a preposition or a boundary.
        let mut e = a;
        while e < t1 {
            let w = ctx.word(e);
            let lw = w.to_lowercase();
            let p = ctx.pos(e);
            let ok = (matches!(p, Upos::Noun | Upos::Adj | Upos::Propn | Upos::Num)
                || lw == "and"
                || lw == "-")
                && (ctx.ment_at.get(e).copied().flatten().is_none() || ctx.is_nationality(e))
                && !is_punct(w);
            if !ok {
                break;
            }
            e += 1;
        }
        while e > a && ctx.word(e - 1) == "and" {
            e -= 1;
        }
        if e == a || ctx.pos(e - 1) != Upos::Noun {
            return;
        }
        if a == k && !is_punct(ctx.word(e)) {
            return;
        }
        let head = ctx.lower(e - 1);
        let label = self.label_of(c);
        let is_person = self.is_person(c);
        // Role title: the last two words when they form a role ("prime minister"), else the
        // lowercase words after any adjectives.
        let lower_words: Vec<String> = (a..e).map(|i| ctx.lower(i)).collect();
        let role_kind = lexicon::role(&lower_words.join(" "));
        let former = (k..e).any(|i| is_former(ctx.word(i)));
        if is_person && role_kind.is_some() && former {
            // "a former civil rights lawyer": a past role, kept as a description only.
            self.add_description(c, &describe(ctx, a, e), evidence, form);
        } else if is_person && role_kind.is_some() {
            let title = role_title(ctx, a, e);
            // "of Y": the organization, as a mention when it is one.
            let mut object = None;
            let mut of_text = None;
            if lexicon::role_preposition(ctx.word(e)) {
                let mut o = e + 1;
                if ctx.lower(o) == "the" {
                    o += 1;
                }
                // "the Chechen Republic of Ichkeria" with only "Ichkeria" tagged: the name the
                // capitalized words lead to.
                let mut q = o;
                while q < t1
                    && q < o + 4
                    && (ctx.ment_at.get(q).copied().flatten().is_none() || ctx.is_nationality(q))
                    && (starts_upper(ctx.word(q)) || (q > o && ctx.lower(q) == "of"))
                {
                    q += 1;
                }
                if q > o && ctx.ment_at.get(q).copied().flatten().is_some() {
                    o = q;
                }
                // "an adviser in Eau Claire": what follows "in" is most often where the person
                // works, not whom for, whatever label the tagger gave it.
                let in_place = ctx.lower(e) == "in";
                // "head of South Africa's Anglicans": a possessor is not the organization,
                // unless what it owns is its government ("prime minister of Ichkeria's
                // government-in-exile").
                let possessor = |x: &Ment| {
                    is_possessive(ctx.word(x.t1))
                        && !matches!(
                            ctx.lower(x.t1 + 1).as_str(),
                            "government" | "government-in-exile" | "administration" | "cabinet"
                        )
                };
                if let Some(om) = ctx.ment_at.get(o).copied().flatten()
                    && !in_place
                    && ctx
                        .ments
                        .get(om)
                        .is_some_and(|x| x.label != EntityLabel::Per && !possessor(x))
                {
                    object = ctx.layer_index(om);
                } else if ctx.word(e) == "of" {
                    let mut z = e + 1;
                    while z < t1 && z < e + 6 && !is_punct(ctx.word(z)) && ctx.pos(z) != Upos::Verb
                    {
                        z += 1;
                    }
                    if z > e + 1 {
                        of_text = Some((e..z).map(|i| ctx.word(i)).collect::<Vec<_>>().join(" "));
                    }
                }
            }
            self.add_role(c, &title, object, of_text, evidence, form);
        } else if (is_person && lexicon::person_noun(&head))
            || (appositive
                && label.is_some_and(|l| l != EntityLabel::Per)
                && det != "the"
                && !lexicon::person_noun(&head)
                && (is_punct(ctx.word(e)) || lexicon::role_preposition(ctx.word(e))))
        {
            let value = if is_person {
                describe(ctx, a, e)
            } else {
                (a..e).map(|i| ctx.word(i)).collect::<Vec<_>>().join(" ")
            };
            self.add_description(c, &value, evidence, form);
        }
    }

    /// "Y, of which he is a coordinator": the role of `sc` in organization mention at `org_t`.
    fn role_of_which(
        &mut self,
        sc: usize,
        org_c: usize,
        org_t: usize,
        k: usize,
        t1: usize,
        evidence: TextRange,
    ) {
        let ctx = self.ctx;
        if !self.is_person(sc) || self.is_person(org_c) {
            return;
        }
        let mut a = k;
        if matches!(ctx.lower(a).as_str(), "a" | "an" | "the" | "one") {
            a += 1;
        }
        let mut e = a;
        while e < t1 && starts_lower(ctx.word(e)) && matches!(ctx.pos(e), Upos::Noun | Upos::Adj) {
            e += 1;
        }
        if e == a || lexicon::role(&ctx.lower(e - 1)).is_none() {
            return;
        }
        let title = role_title(ctx, a, e);
        let object = ctx
            .ment_at
            .get(org_t)
            .copied()
            .flatten()
            .and_then(|m| ctx.layer_index(m));
        self.add_role(sc, &title, object, None, evidence, Form::OfWhich);
    }

    /// "ORG, founded by ... PER": `founded(PER, ORG)`.
    fn founded_by(&mut self, org_c: usize, k: usize, t1: usize, evidence: TextRange) {
        let ctx = self.ctx;
        if self.is_person(org_c) {
            return;
        }
        let Some(org) = self.subject_of(org_c) else {
            return;
        };
        let mut t = k;
        while t < t1 && t < k + 10 && ctx.word(t) != "," {
            if let Some(m) = ctx.ment_at.get(t).copied().flatten()
                && ctx
                    .ments
                    .get(m)
                    .is_some_and(|x| x.label == EntityLabel::Per)
            {
                if let Some(c) = self.of_mention.get(m).copied().flatten()
                    && let Some(subj) = self.subject_of(self.root(c))
                {
                    // The object is the organization mention in this sentence, not its first one.
                    let here = (0..ctx.ments.len())
                        .rev()
                        .find(|&o| {
                            ctx.ments.get(o).is_some_and(|x| x.t1 <= k)
                                && self.of_mention.get(o).copied().flatten() == Some(org_c)
                        })
                        .and_then(|o| ctx.layer_index(o))
                        .unwrap_or(org);
                    let said = Said::Founded { object: here };
                    self.read(subj, said, Form::FoundedBy, evidence);
                }
                return;
            }
            t += 1;
        }
    }

    // -----------------------------------------------------------------------------------------
    // Output.

    fn finish(self) -> Resolution {
        let ctx = self.ctx;
        let mut entities = Vec::new();
        let mut remap = vec![None; self.clusters.len()];
        // Order entities by first span.
        let mut order: Vec<usize> = self
            .live()
            .filter(|&c| self.clusters.get(c).is_some_and(|cl| !cl.spans.is_empty()))
            .collect();
        order.sort_by_key(|&c| {
            self.clusters
                .get(c)
                .and_then(|cl| cl.spans.iter().min().copied())
                .unwrap_or((usize::MAX, 0))
        });
        for c in order {
            let Some(cl) = self.clusters.get(c) else {
                continue;
            };
            let mut spans: Vec<TextRange> = Vec::new();
            for &(a, b) in &cl.spans {
                if let Some(r) = ctx.span_range(a, b) {
                    spans.push(r);
                }
            }
            // Named mentions keep their own ranges exactly.
            let named_ranges: std::collections::HashSet<TextRange> = cl
                .named
                .iter()
                .filter_map(|&u| ctx.ments.get(u))
                .filter_map(|unit| ctx.span_range(unit.t0, unit.t1))
                .collect();
            spans.retain(|s| !named_ranges.contains(s));
            for &u in &cl.named {
                let Some(unit) = ctx.ments.get(u) else {
                    continue;
                };
                for &m in &unit.members {
                    if let Some(mm) = ctx.doc.entity_items().get(m) {
                        spans.push(mm.range);
                    }
                }
            }
            spans.sort();
            spans.dedup();
            let mut named = cl.named.clone();
            named.sort();
            remap[c] = Some(entities.len());
            entities.push(Entity {
                canonical: self.canonical(c),
                label: self.label_of(c),
                spans,
                mentions: named,
                roles: cl.roles.clone(),
            });
        }
        let mention_entity = ctx
            .unit_of
            .iter()
            .map(|u| {
                let c = u.and_then(|u| self.of_mention.get(u).copied().flatten())?;
                remap.get(self.root(c)).copied().flatten()
            })
            .collect();
        Resolution {
            entities,
            mention_entity,
            readings: self.readings,
        }
    }

    /// The longest well-formed name of a cluster: most words, then most characters, then first.
    fn canonical(&self, c: usize) -> Option<String> {
        let cl = self.clusters.get(c)?;
        let mut best: Option<(usize, usize, String)> = None;
        for &m in &cl.named {
            let words = self.ctx.name_words(m);
            let text = self.ctx.name_text(m);
            if text.is_empty() {
                continue;
            }
            let acronym = words.len() == 1 && is_all_caps(words.first().copied().unwrap_or(""));
            let n = if acronym { 0 } else { words.len() };
            let key = (n, text.chars().count());
            if best.as_ref().is_none_or(|(bn, bl, _)| key > (*bn, *bl)) {
                best = Some((key.0, key.1, text));
            }
        }
        best.map(|(_, _, t)| t)
    }
}

/// "former", "ex-", "retired": the role that follows is a past one.
fn is_former(w: &str) -> bool {
    let w = w.to_lowercase();
    w == "former" || w == "retired" || w == "ex" || w.starts_with("ex-")
}

/// The byte length of the place in a place compound ("Lithuania-based" → 9): a capitalized
/// word before `-based`, `-born` or `-headquartered`.
pub(crate) fn place_compound_len(word: &str) -> Option<usize> {
    let cut = ["-based", "-born", "-headquartered"]
        .iter()
        .find_map(|suf| {
            let k = word.len().checked_sub(suf.len())?;
            word.get(k..)
                .is_some_and(|t| t.eq_ignore_ascii_case(suf))
                .then_some(k)
        })?;
    let place = word.get(..cut)?;
    (place.chars().next().is_some_and(char::is_uppercase)
        && place
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '.'))
    .then_some(cut)
}

/// First names agree: equal, or one is an initial of the other (`H.` / `Harry`).
fn first_compatible(a: &[String], b: &[String]) -> bool {
    let (Some(fa), Some(fb)) = (a.first(), b.first()) else {
        return true;
    };
    if fa == fb {
        return true;
    }
    let initial = |x: &str| x.trim_end_matches('.').chars().count() == 1;
    (initial(fa) || initial(fb)) && fa.chars().next() == fb.chars().next()
}

fn is_all_caps(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// The acronyms a multiword name may go by, lowercased: its initials (e.g. `fnprf`), with or
/// without function words and with hyphenated parts counted separately or not.
fn acronyms(words: &[String]) -> Vec<String> {
    let function = lexicon::acronym_stop_word;
    let mut out = Vec::new();
    for keep_fn in [false, true] {
        for split_hyphen in [false, true] {
            let mut s = String::new();
            for w in words {
                if !keep_fn && function(w) {
                    continue;
                }
                let parts: Vec<&str> = if split_hyphen {
                    w.split('-').collect()
                } else {
                    vec![w.as_str()]
                };
                for p in parts {
                    if let Some(ch) = p.chars().next() {
                        s.push(ch);
                    }
                }
            }
            if s.chars().count() >= 2 && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Distinct names kept per cluster. Real entities have a handful of names; run-on hostile text
/// can give one cluster thousands, and every later name would be compared with each.
const MAX_NAMES_PER_CLUSTER: usize = 32;

/// Clusters kept per name word or acronym in the candidate indices: the most recent ones. A
/// word shared by more entities than this is no evidence of identity, and an unbounded list
/// would make matching quadratic in the document's length.
const MAX_CANDIDATES_PER_KEY: usize = 48;

/// Adds `c` to a candidate list (ascending cluster numbers), dropping the oldest past the cap.
fn push_recent(list: &mut Vec<usize>, c: usize) {
    if list.contains(&c) {
        return;
    }
    list.push(c);
    if list.len() > MAX_CANDIDATES_PER_KEY {
        list.remove(0);
    }
}

/// True when `needle` occurs as a contiguous run of `hay`.
fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Which tokens lie between opening and closing quotation marks. Curly quotes say which side
/// they are; straight quotes toggle. A line break closes any open quotation.
fn quoted_tokens(doc: &Document, toks: &[TextRange]) -> Vec<bool> {
    let text = doc.text();
    let mut out = Vec::with_capacity(toks.len());
    let mut inside = false;
    let mut prev_end = 0usize;
    for r in toks {
        let gap = text.get(prev_end..r.start as usize).unwrap_or("");
        if gap.contains('\n') {
            inside = false;
        }
        prev_end = r.end as usize;
        match doc.slice(*r) {
            "“" | "«" | "„" => {
                inside = true;
                out.push(false);
            }
            "”" | "»" => {
                inside = false;
                out.push(false);
            }
            "\"" | "``" | "''" => {
                inside = !inside;
                out.push(false);
            }
            _ => out.push(inside),
        }
    }
    out
}

/// Whether a mention starting at `t0` continues the unit ending at `gap0` (tokens between are the
/// gap): directly adjacent name fragments, "X of Y" organization names, and person names split
/// around bracketed initials.
fn joinable<'w>(
    word: &impl Fn(usize) -> &'w str,
    gap0: usize,
    t0: usize,
    prev: &[(EntityLabel, usize)],
    label: EntityLabel,
) -> bool {
    let gap: Vec<&str> = (gap0..t0).map(word).collect();
    let before = word(gap0.saturating_sub(1));
    if is_attributive_compound(before) {
        return false;
    }
    if gap.is_empty() {
        return starts_upper(word(t0)) || word(t0).starts_with("post-");
    }
    let prev_per = prev.iter().all(|(l, _)| *l == EntityLabel::Per);
    if prev_per && label == EntityLabel::Per {
        return gap.len() <= 4
            && gap
                .iter()
                .all(|w| matches!(*w, "[" | "]" | "(" | ")") || is_initials(w))
            && (gap.iter().any(|w| is_initials(w))
                || is_initials(word(t0))
                || is_initials(before));
    }
    gap == ["of"] && !prev_per && label != EntityLabel::Per && starts_upper(word(t0))
}

/// `Lithuania-based`, `Kremlin-backed`: a name turned into a modifier, not part of the next name.
fn is_attributive_compound(w: &str) -> bool {
    w.rsplit_once('-')
        .is_some_and(|(_, tail)| starts_lower(tail) && tail.len() > 2 && !w.starts_with("post-"))
}

/// `H.W.`, `J.`, `F.D.R.`: initials with periods.
fn is_initials(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (1..=3).contains(&letters)
        && w.ends_with('.')
        && w.chars().all(|c| c.is_uppercase() || c == '.')
}

/// The label of a unit from its fragments' labels: a name ending in an organization noun is an
/// organization; a joined name takes the label covering most tokens, persons last.
fn unit_label(parts: &[(EntityLabel, usize)], last_word: &str) -> EntityLabel {
    let lw = last_word.to_lowercase();
    if lexicon::group_noun(&lw) {
        return EntityLabel::Org;
    }
    if lexicon::place_head(&lw) {
        return EntityLabel::Loc;
    }
    if parts.len() == 1 {
        return parts.first().map_or(EntityLabel::Misc, |p| p.0);
    }
    let mut weight: BTreeMap<EntityLabel, usize> = BTreeMap::new();
    for (l, n) in parts {
        *weight.entry(*l).or_default() += n;
    }
    if weight.keys().any(|l| *l != EntityLabel::Per) {
        weight.remove(&EntityLabel::Per);
    }
    weight
        .into_iter()
        .max_by_key(|(l, n)| (*n, std::cmp::Reverse(*l)))
        .map_or(EntityLabel::Misc, |(l, _)| l)
}

fn is_country_prefix(w: &str) -> bool {
    let t = w.trim_end_matches('.');
    t.eq_ignore_ascii_case("u.s") || t.eq_ignore_ascii_case("us") || t.eq_ignore_ascii_case("uk")
}

/// A role title from an NP's pre-head words: the role words and any lowercase noun modifiers,
/// without evaluative adjectives ("a longtime co-chair" → "co-chair").
fn role_title(ctx: &Ctx<'_>, a: usize, e: usize) -> String {
    let words: Vec<String> = (a..e).map(|i| ctx.lower(i)).collect();
    if let [.., x, y] = words.as_slice() {
        let two = format!("{x} {y}");
        if is_two_word_role(&two) {
            return two;
        }
    }
    words.last().cloned().unwrap_or_default()
}

fn is_two_word_role(two: &str) -> bool {
    matches!(
        two,
        "prime minister"
            | "vice president"
            | "secretary general"
            | "general secretary"
            | "foreign minister"
            | "defense minister"
            | "finance minister"
    )
}

/// A descriptor's value: capitalized modifiers (nationalities) and nouns, evaluative lowercase
/// adjectives dropped ("a soft-spoken and personable Ukrainian restaurateur" → "Ukrainian
/// restaurateur").
fn describe(ctx: &Ctx<'_>, a: usize, e: usize) -> String {
    let mut out: Vec<&str> = Vec::new();
    for i in a..e {
        let w = ctx.word(i);
        let p = ctx.pos(i);
        let keep = starts_upper(w) || p == Upos::Noun || (w == "and" && !out.is_empty());
        if keep {
            out.push(w);
        } else if w == "and" {
            continue;
        }
    }
    while out.last() == Some(&"and") {
        out.pop();
    }
    // Drop an "and" left dangling between two dropped adjectives.
    let mut cleaned: Vec<&str> = Vec::new();
    for (k, w) in out.iter().enumerate() {
        if *w == "and" && (k == 0 || out.get(k + 1).is_none()) {
            continue;
        }
        cleaned.push(w);
    }
    cleaned.join(" ")
}
