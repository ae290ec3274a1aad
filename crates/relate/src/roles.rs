//! The role, title and descriptor facts: `holds_role` (with `leads`, `member_of`,
//! `employed_by` or `founded` when the role names its organization), `description` and
//! `founded`, made from what the coreference resolver read titles, appositives and copulas to
//! call each entity ([`coref::RoleReading`], taken off the coref layer the pipeline already
//! added: coreference runs once). This module decides the facts: their predicates, values and
//! confidences; coreference only reads.

use coref::{Form, RoleReading, Said};
use doc::{Document, EntityLabel, Relation, TextRange};
use ontology::Predicate;
use std::collections::HashSet;

/// The role facts of a document, read off its coref layer (none without one).
pub fn role_relations(doc: &Document) -> Vec<Relation> {
    facts(doc, &coref::role_readings_from_layer(doc))
}

/// The confidence lost by a descriptor read where a role can stand ("a former lawyer", "a
/// farmer" after a name): the phrase says less than a title does.
const DESCRIPTOR_DROP: f32 = 0.15;

/// A fact's confidence by the construction it was read from.
fn confidence(form: Form, said: &Said) -> f32 {
    let described = matches!(said, Said::Description { .. });
    let (role, description) = match form {
        // "President X" is a title; "former President X" a past one, kept as a description.
        Form::Title => (0.85, 0.7),
        Form::Descriptor => (0.7, 0.6),
        Form::Appositive => (0.8, 0.8 - DESCRIPTOR_DROP),
        Form::Copula => (0.75, 0.75 - DESCRIPTOR_DROP),
        Form::OfWhich => (0.7, 0.7),
        Form::FoundedBy | Form::Founded => (0.75, 0.75),
    };
    if described { description } else { role }
}

type Key = (u32, Predicate, Option<u32>, Option<String>, TextRange, u32);

/// The facts the readings state, one per (subject, predicate, object, value, evidence,
/// confidence), ordered by evidence start, subject and predicate (reading order within).
pub(crate) fn facts(doc: &Document, readings: &[RoleReading]) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    let mut seen: HashSet<Key> = HashSet::new();
    let mut push = |subject: u32,
                    predicate: Predicate,
                    object: Option<u32>,
                    object_value: Option<String>,
                    evidence: TextRange,
                    confidence: f32| {
        let key = (
            subject,
            predicate,
            object,
            object_value.clone(),
            evidence,
            confidence.to_bits(),
        );
        if seen.insert(key) {
            out.push(Relation {
                subject,
                predicate: predicate.as_str().to_string(),
                object,
                object_value,
                evidence,
                confidence,
                valid_from: None,
                valid_to: None,
                status: None,
            });
        }
    };
    for r in readings {
        let conf = confidence(r.form, &r.said);
        match &r.said {
            Said::Role {
                title,
                object,
                of_text,
            } => {
                let value = match (object, of_text) {
                    (None, Some(of)) => format!("{title} {of}"),
                    _ => title.clone(),
                };
                push(
                    r.subject,
                    Predicate::HoldsRole,
                    *object,
                    Some(value),
                    r.evidence,
                    conf,
                );
                // A minister "of France" is no member of France; a president or prime
                // minister of a place does lead it.
                let place = object
                    .and_then(|o| doc.entity_items().get(o as usize))
                    .is_some_and(|m| m.label == EntityLabel::Loc);
                if let Some(o) = object
                    && let Some(pred) = ontology::role_noun_predicate(title)
                    && !(place && matches!(pred, Predicate::MemberOf | Predicate::EmployedBy))
                {
                    push(r.subject, pred, Some(*o), None, r.evidence, conf);
                }
            }
            Said::Description { value } => push(
                r.subject,
                Predicate::Description,
                None,
                Some(value.clone()),
                r.evidence,
                conf,
            ),
            Said::Founded { object } => push(
                r.subject,
                Predicate::Founded,
                Some(*object),
                None,
                r.evidence,
                conf,
            ),
        }
    }
    out.sort_by(|a, b| {
        (a.evidence.start, a.subject, &a.predicate).cmp(&(
            b.evidence.start,
            b.subject,
            &b.predicate,
        ))
    });
    out
}

/// The role facts name an entity by its chain's first mention; this crate's readers name the
/// mention in the evidence sentence. Each argument becomes the mention of the same chain
/// inside the evidence sentence when there is one, so that one fact has one form.
pub(crate) fn localize(doc: &Document, mut rels: Vec<Relation>) -> Vec<Relation> {
    let Some(layer) = doc.coref() else {
        return rels;
    };
    let ix = doc::CorefIndex::from_chains(&layer.items);
    let ents = doc.entity_items();
    let chain: Vec<Option<usize>> = ents.iter().map(|m| ix.exact(m.range)).collect();
    // Mentions of each chain, in text order.
    let mut by_chain: Vec<Vec<u32>> = vec![Vec::new(); layer.items.len()];
    for (i, c) in chain.iter().enumerate() {
        if let (Some(c), Ok(i)) = (c, u32::try_from(i))
            && let Some(v) = by_chain.get_mut(*c)
        {
            v.push(i);
        }
    }
    let local = |m: u32, ev: TextRange| -> u32 {
        let Some(Some(c)) = chain.get(m as usize) else {
            return m;
        };
        let Some(ms) = by_chain.get(*c) else { return m };
        let k = ms.partition_point(|&x| {
            ents.get(x as usize)
                .is_some_and(|e| e.range.start < ev.start)
        });
        ms.get(k)
            .copied()
            .filter(|&x| {
                ents.get(x as usize)
                    .is_some_and(|e| ev.contains_range(e.range))
            })
            .unwrap_or(m)
    };
    for r in &mut rels {
        let in_ev = |m: u32| {
            ents.get(m as usize)
                .is_some_and(|e| r.evidence.contains_range(e.range))
        };
        if !in_ev(r.subject) {
            r.subject = local(r.subject, r.evidence);
        }
        if let Some(o) = r.object
            && !in_ev(o)
        {
            r.object = Some(local(o, r.evidence));
        }
    }
    rels
}

/// A "former …" or "ex-…" description of a role ("former security chief", "ex-chairman") is
/// a role that ended: `holds_role` with status `former`.
pub(crate) fn former_role(mut r: Relation) -> Relation {
    if r.predicate != Predicate::Description {
        return r;
    }
    let Some(rest) = r.object_value.as_deref().and_then(|v| {
        v.strip_prefix("former ")
            .or_else(|| v.strip_prefix("Former "))
            .map(str::to_string)
            .or_else(|| {
                let (first, tail) = v.split_at(v.find(' ').unwrap_or(v.len()));
                crate::syntax::ex_role(first).map(|role| role.to_owned() + tail)
            })
    }) else {
        return r;
    };
    let title: Vec<String> = rest
        .split_whitespace()
        .filter(|w| !w.starts_with(char::is_uppercase) || coref::is_title_word(w))
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let title = title.join(" ");
    if !title.is_empty() && coref::is_role(&title) {
        r.predicate = Predicate::HoldsRole.as_str().into();
        r.object_value = Some(title);
        r.status = Some(ontology::FORMER.into());
    }
    r
}
