//! Reader for CoNLL-2012-style coreference files as GUM distributes them
//! (`tokIndex<TAB>token<TAB>(type-id[-WikiTitle]` brackets, `# begin document NAME`).
//!
//! Pure: it parses text given by the caller. Malformed lines are skipped, unbalanced brackets
//! are dropped; nothing panics.

use std::collections::BTreeMap;

/// A gold mention: token span `[start, end)` (document token indices), its entity id and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldMention {
    pub start: usize,
    pub end: usize,
    pub entity: String,
    pub etype: String,
}

/// One document of a CoNLL coreference file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConllDoc {
    pub name: String,
    pub tokens: Vec<String>,
    /// Token index where each blank-line-separated block starts (sentences, when the file has them).
    pub blocks: Vec<usize>,
    pub mentions: Vec<GoldMention>,
}

impl ConllDoc {
    /// Gold clusters as lists of token spans, in order of first mention.
    pub fn clusters(&self) -> Vec<Vec<(usize, usize)>> {
        let mut order: Vec<&str> = Vec::new();
        let mut by: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for m in &self.mentions {
            let e = by.entry(m.entity.as_str()).or_default();
            if e.is_empty() {
                order.push(m.entity.as_str());
            }
            e.push((m.start, m.end));
        }
        order
            .into_iter()
            .filter_map(|k| by.remove(k))
            .map(|mut v| {
                v.sort();
                v.dedup();
                v
            })
            .collect()
    }
}

/// Parses every document of a file.
pub fn parse(text: &str) -> Vec<ConllDoc> {
    let mut docs = Vec::new();
    let mut cur: Option<ConllDoc> = None;
    // Open brackets per entity id: (start token, type).
    let mut open: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut new_block = true;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# begin document") {
            if let Some(d) = cur.take() {
                docs.push(d);
            }
            open.clear();
            new_block = true;
            cur = Some(ConllDoc {
                name: rest
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .to_string(),
                ..Default::default()
            });
            continue;
        }
        if line.starts_with("# end document") {
            if let Some(d) = cur.take() {
                docs.push(d);
            }
            open.clear();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            new_block = true;
            continue;
        }
        let Some(doc) = cur.as_mut() else { continue };
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(token), Some(tags)) = (cols.get(1), cols.last()) else {
            continue;
        };
        if cols.len() < 3 {
            continue;
        }
        let ti = doc.tokens.len();
        if new_block {
            doc.blocks.push(ti);
            new_block = false;
        }
        doc.tokens.push((*token).to_string());
        for item in brackets(tags) {
            match item {
                Bracket::Open(label) => {
                    let (ty, id) = split_label(&label);
                    open.entry(id).or_default().push((ti, ty));
                }
                Bracket::Close(label) => {
                    let (_, id) = split_label(&label);
                    if let Some((start, ty)) = open.get_mut(&id).and_then(|v| v.pop()) {
                        doc.mentions.push(GoldMention {
                            start,
                            end: ti + 1,
                            entity: id,
                            etype: ty,
                        });
                    }
                }
                Bracket::Single(label) => {
                    let (ty, id) = split_label(&label);
                    doc.mentions.push(GoldMention {
                        start: ti,
                        end: ti + 1,
                        entity: id,
                        etype: ty,
                    });
                }
            }
        }
    }
    if let Some(d) = cur.take() {
        docs.push(d);
    }
    for d in &mut docs {
        d.mentions
            .sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    }
    docs
}

enum Bracket {
    Open(String),
    Close(String),
    Single(String),
}

/// Splits a coreference column such as `(abstract-1(person-3-Lord_Byron)` into brackets.
fn brackets(col: &str) -> Vec<Bracket> {
    let mut out = Vec::new();
    if col == "_" || col == "-" {
        return out;
    }
    let chars: Vec<char> = col.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let opening = chars.get(i) == Some(&'(');
        if opening {
            i += 1;
        }
        let start = i;
        while i < chars.len() && chars.get(i) != Some(&'(') && chars.get(i) != Some(&')') {
            i += 1;
        }
        let label: String = chars
            .get(start..i)
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        let closing = chars.get(i) == Some(&')');
        if closing {
            i += 1;
        }
        let label = label.trim().to_string();
        match (opening, closing) {
            _ if label.is_empty() => {}
            (true, true) => out.push(Bracket::Single(label)),
            (true, false) => out.push(Bracket::Open(label)),
            (false, true) => out.push(Bracket::Close(label)),
            (false, false) => {}
        }
        if !opening && !closing && i == start {
            i += 1;
        }
    }
    out
}

/// `person-3-Lord_Byron` → (`person`, `3`); a bare `3` → (``, `3`).
fn split_label(label: &str) -> (String, String) {
    let mut parts = label.splitn(3, '-');
    let a = parts.next().unwrap_or("");
    match parts.next() {
        Some(b) => (a.to_string(), b.to_string()),
        None => (String::new(), a.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_and_single_brackets() {
        let text = "# begin document demo\n\
0\tMary\t(person-1-Mary_X)\n\
1\tmet\t_\n\
2\ther\t(person-2(person-1-Mary_X)\n\
3\told\t_\n\
4\tfriend\tperson-2)\n\
\n\
5\tShe\t(person-1)\n\
6\tsmiled\t_\n\
# end document\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.name, "demo");
        assert_eq!(d.tokens.len(), 7);
        assert_eq!(d.blocks, vec![0, 5]);
        let clusters = d.clusters();
        assert_eq!(clusters, vec![vec![(0, 1), (2, 3), (5, 6)], vec![(2, 5)]]);
    }

    #[test]
    fn broken_brackets_are_dropped() {
        let text = "# begin document x\n0\tA\tperson-9)\n1\tB\t(person-8\n2\tC\t((\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 1);
        assert!(docs[0].mentions.is_empty());
    }
}
