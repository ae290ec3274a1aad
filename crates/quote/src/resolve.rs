//! Speaker resolution: names, surnames, pronouns and role nominals to a canonical entity name.

use crate::extract::Cand;
use crate::lexicon::*;
use crate::view::View;
use doc::{EntityLabel, Mention, TextRange};
use std::collections::BTreeMap;

/// How many tokens back a role nominal looks for the name it was given.
const ROLE_WINDOW: usize = 3000;

/// A name mention: a run of capitalized words (titles stripped) or an entity mention.
#[derive(Clone, Debug)]
struct Name {
    r: TextRange,
    toks: (usize, usize),
    text: String,
    last: String,
    person: bool,
    org: bool,
    /// The entity the NER layer resolved it to, when it did.
    entity: Option<String>,
}

/// An antecedent for pronouns: a person name or a role nominal ("the correspondent").
#[derive(Clone, Debug)]
struct Antecedent {
    r: TextRange,
    entity: Option<String>,
    /// A role nominal's head token, resolved only when a pronoun picks it.
    role: Option<usize>,
}

pub(crate) struct Resolver<'v, 'a> {
    v: &'v View<'a>,
    names: Vec<Name>,
    speech: Vec<TextRange>,
    antecedents: Vec<Antecedent>,
    /// The longest name for each (last word, organisation?) pair, by index into `names`.
    longest: BTreeMap<(String, bool), usize>,
}

impl<'v, 'a> Resolver<'v, 'a> {
    pub fn new(
        v: &'v View<'a>,
        mentions: Option<&[Mention]>,
        cands: &[Cand],
        speech: Vec<TextRange>,
    ) -> Self {
        let mut names = cap_runs(v);
        if let Some(ms) = mentions {
            let mut found = Vec::new();
            for m in ms {
                if !matches!(m.label, EntityLabel::Per | EntityLabel::Org) {
                    continue;
                }
                let a = v.toks.partition_point(|t| t.r.end <= m.range.start);
                let b = v.toks.partition_point(|t| t.r.start < m.range.end);
                if a >= b {
                    continue;
                }
                let words: Vec<&str> = (a..b)
                    .filter(|&i| !(is_title(v.low(i)) && i + 1 < b) && v.is_word(i))
                    .map(|i| v.s(i))
                    .collect();
                let Some(last) = words.last() else { continue };
                // A tagger's PER on `Siberian Battalion` is an organisation.
                let person = m.label == EntityLabel::Per && !is_org_head(&last.to_lowercase());
                found.push(Name {
                    r: m.range,
                    toks: (a, b),
                    text: words.join(" "),
                    last: (*last).to_string(),
                    person,
                    org: !person,
                    entity: m.entity.clone(),
                });
            }
            // A person mention replaces the capitalized runs it overlaps, unless a run holds it
            // and says more (`George [H.W.] Bush` around a mention of `George`): that run is
            // then a person.
            names.sort_by_key(|n| (n.r.start, n.r.end));
            let mut keep = Vec::with_capacity(found.len());
            for m in found {
                let k = names.partition_point(|n| n.r.end <= m.r.start);
                let longer = names.get(k).filter(|n| {
                    n.r.contains_range(m.r) && n.toks.1 - n.toks.0 > m.toks.1 - m.toks.0
                });
                if m.person && m.entity.is_none() && longer.is_some() {
                    if let Some(n) = names.get_mut(k) {
                        n.person = true;
                    }
                } else {
                    keep.push(m);
                }
            }
            let mut per: Vec<TextRange> = keep.iter().filter(|n| n.person).map(|n| n.r).collect();
            per.sort_by_key(|r| (r.start, r.end));
            names.retain(|n| {
                let k = per.partition_point(|r| r.end <= n.r.start);
                !per.get(k).is_some_and(|r| r.overlaps(n.r))
            });
            names.extend(keep);
            names.sort_by_key(|n| (n.r.start, n.r.end));
        }
        // Names used as named speakers are persons (unless known organisations).
        let mut speaker_lasts: Vec<String> = Vec::new();
        for c in cands {
            let Some((a, b)) = c.speaker else { continue };
            if (b == a + 1 || !is_determiner(v.low(a)))
                && let Some(n) = names
                    .get(..names.partition_point(|n| n.toks.0 < b))
                    .unwrap_or(&[])
                    .iter()
                    .rev()
                    .take_while(|n| n.toks.0 >= a)
                    .find(|n| n.toks.1 == b)
                && !n.org
            {
                speaker_lasts.push(n.last.clone());
            }
        }
        speaker_lasts.sort();
        speaker_lasts.dedup();
        for n in &mut names {
            if !n.org && speaker_lasts.binary_search(&n.last).is_ok() {
                n.person = true;
            }
        }
        let mut longest: BTreeMap<(String, bool), usize> = BTreeMap::new();
        for (k, n) in names.iter().enumerate() {
            let key = (n.last.clone(), n.org);
            let better = longest
                .get(&key)
                .and_then(|&b| names.get(b))
                .is_none_or(|b| (n.toks.1 - n.toks.0) > (b.toks.1 - b.toks.0));
            if better {
                longest.insert(key, k);
            }
        }
        let mut speech = speech;
        speech.sort_by_key(|r| (r.start, r.end));
        let mut r = Resolver {
            v,
            names,
            speech,
            antecedents: Vec::new(),
            longest,
        };
        r.antecedents = r.collect_antecedents();
        r
    }

    fn in_speech(&self, r: TextRange) -> bool {
        let k = self.speech.partition_point(|s| s.start <= r.start);
        k.checked_sub(1)
            .and_then(|k| self.speech.get(k))
            .is_some_and(|s| s.contains_range(r))
    }

    fn collect_antecedents(&self) -> Vec<Antecedent> {
        let mut out: Vec<Antecedent> = self
            .names
            .iter()
            .filter(|n| n.person && !self.in_speech(n.r))
            .map(|n| Antecedent {
                r: n.r,
                entity: Some(self.canonical(n)),
                role: None,
            })
            .collect();
        let v = self.v;
        for i in 1..v.toks.len() {
            if is_role_noun(v.low(i))
                && matches!(v.low(i - 1), "the" | "a" | "an")
                && !v.in_region(i)
                && let Some(t) = v.toks.get(i)
            {
                out.push(Antecedent {
                    r: t.r,
                    entity: None,
                    role: Some(i),
                });
            }
        }
        out.sort_by_key(|a| a.r.start);
        out
    }

    /// The longest name in the document sharing this name's last word.
    fn canonical(&self, n: &Name) -> String {
        if let Some(e) = &n.entity {
            return e.clone();
        }
        self.longest
            .get(&(n.last.clone(), n.org))
            .and_then(|&k| self.names.get(k))
            .unwrap_or(n)
            .text
            .clone()
    }

    /// The person a role noun at token `i` stands for: the name given that role earlier.
    fn resolve_role(&self, i: usize) -> Option<String> {
        let v = self.v;
        let head = v.low(i);
        let pos = v.toks.get(i)?.r.start;
        // Look back a bounded stretch: roles are given near where they are used.
        for j in (i.saturating_sub(ROLE_WINDOW)..i).rev() {
            if v.low(j) != head {
                continue;
            }
            let (lo, hi) = v.toks.get(j).and_then(|t| v.sents.get(t.sent)).copied()?;
            let first = self.names.partition_point(|n| n.toks.0 < lo);
            let best = self
                .names
                .get(first..)
                .unwrap_or(&[])
                .iter()
                .take_while(|n| n.toks.0 < hi)
                .filter(|n| !n.org && n.toks.1 <= hi)
                .filter(|n| n.r.end <= pos)
                .filter(|n| {
                    n.toks.1 <= j + 1 && j - n.toks.1.min(j) <= 8
                        || n.toks.0 == j + 1
                        || n.toks.0 == j + 2 && matches!(v.s(j + 1), "]" | ")")
                })
                .min_by_key(|n| n.toks.0.abs_diff(j));
            if let Some(n) = best {
                return Some(self.canonical(n));
            }
        }
        None
    }

    /// The canonical entity a speaker noun phrase (tokens `a..b`) refers to.
    pub fn entity(&self, a: usize, b: usize) -> Option<String> {
        let v = self.v;
        if b == a + 1 {
            let low = v.low(a);
            if matches!(low, "he" | "she") {
                let at = v.toks.get(a)?.r.start;
                let k = self.antecedents.partition_point(|x| x.r.end <= at);
                let ante = self.antecedents.get(k.checked_sub(1)?)?;
                return match ante.role {
                    Some(t) => self.resolve_role(t),
                    None => ante.entity.clone(),
                };
            }
            if is_pronoun(low) {
                return None;
            }
        }
        let last = b.checked_sub(1)?;
        // A group (`Analysts`, `Obama administration officials`) is never a person: at most
        // the named body inside it.
        if !v.is_cap(last) || is_group_noun(v.low(last)) {
            let possessive = (a..last).any(|k| v.is_possessive(k));
            if is_role_noun(v.low(last)) && !possessive {
                return self.resolve_role(last);
            }
            // `the official U.S. position`, `White House officials`: the named body. A
            // possessive (`Trump’s spokesman`) names someone else, and `Russian officials`
            // name no body.
            if possessive {
                return None;
            }
            let upto = self.names.partition_point(|n| n.toks.0 < b);
            let n = self
                .names
                .get(..upto)
                .unwrap_or(&[])
                .iter()
                .rev()
                .take_while(|n| n.toks.0 >= a)
                .find(|n| {
                    n.toks.0 >= a
                        && n.toks.1 <= last
                        && !n.person
                        && !["an", "ian", "ese", "ish", "ic"]
                            .iter()
                            .any(|s| n.last.ends_with(s))
                })?;
            return Some(self.canonical(n));
        }
        let upto = self.names.partition_point(|n| n.toks.0 < b);
        let found = self
            .names
            .get(..upto)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(|n| n.toks.0 + 16 >= a)
            .find(|n| n.toks.1 == b && n.toks.0 >= a.saturating_sub(2));
        if let Some(n) = found {
            return Some(self.canonical(n));
        }
        // A transcript label (`PENCE:`): the name it abbreviates, or the label itself.
        let label = v.s(last);
        if b == a + 1 && label.chars().all(|c| !c.is_lowercase()) {
            let low = v.low(last);
            let n = self
                .names
                .iter()
                .filter(|n| n.last.to_lowercase() == low && n.toks.0 != a)
                .max_by_key(|n| n.toks.1 - n.toks.0);
            return Some(n.map_or_else(|| label.to_string(), |n| self.canonical(n)));
        }
        None
    }
}

/// Runs of capitalized words with leading function words and titles stripped.
fn cap_runs(v: &View) -> Vec<Name> {
    let mut out = Vec::new();
    let n = v.toks.len();
    let mut i = 0;
    while i < n {
        if !v.is_cap(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        let sent = v.toks.get(i).map(|t| t.sent);
        loop {
            while j < n && v.is_cap(j) && v.toks.get(j).map(|t| t.sent) == sent {
                j += 1;
            }
            // An editorial insertion inside a name: `George [H.W.] Bush`.
            let close = (j + 1..(j + 4).min(n)).find(|&k| v.s(k) == "]");
            match close {
                Some(c)
                    if v.s(j) == "["
                        && (j + 1..c).all(|k| v.is_cap(k))
                        && v.is_cap(c + 1)
                        && v.toks.get(c + 1).map(|t| t.sent) == sent =>
                {
                    j = c + 1;
                }
                _ => break,
            }
        }
        let mut a = i;
        let mut titled = false;
        let mut the = false;
        while a < j
            && (is_cap_stop(v.low(a)) || is_honorific(v.low(a)) || is_title(v.low(a)) && a + 1 < j)
        {
            titled |= is_honorific(v.low(a));
            the |= v.low(a) == "the";
            a += 1;
        }
        // `South Dakota Gov. Kristi Noem`: the name starts after the last honorific.
        if let Some(t) = (a..j.saturating_sub(1))
            .rev()
            .find(|&k| is_honorific(v.low(k)))
        {
            titled = true;
            a = t + 1;
        }
        // Trailing titles/stop words are no part of a name either.
        let mut b = j;
        while b > a && is_cap_stop(v.low(b - 1)) {
            b -= 1;
        }
        if a < b
            && let (Some(s), Some(e)) = (v.toks.get(a), v.toks.get(b - 1))
        {
            let words: Vec<&str> = (a..b)
                .map(|k| v.s(k))
                .filter(|w| !matches!(*w, "[" | "]"))
                .collect();
            out.push(Name {
                r: TextRange::new(s.r.start, e.r.end),
                toks: (a, b),
                text: words.join(" "),
                last: v.s(b - 1).to_string(),
                person: titled && !the,
                org: the,
                entity: None,
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// The group nouns of `data/groups.txt`, parsed once.
static GROUPS: std::sync::LazyLock<::lexicon::WordSet> =
    std::sync::LazyLock::new(|| ::lexicon::WordSet::parse(include_str!("../data/groups.txt")));

/// A plural noun naming a group of people (`officials`, `analysts`).
pub(crate) fn is_group_noun(low: &str) -> bool {
    GROUPS.contains(low)
}
