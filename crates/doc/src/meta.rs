//! `DocMeta`: where a document came from and what its publisher says about it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Source metadata of a document. Everything but `id` is optional: plain text files have none.
///
/// Dates are ISO 8601 strings as found after normalization by the reader (`2024-08-25` or
/// `2024-08-25T10:00:00Z`); the core never reads a clock, so `retrieved_at` is set by the IO edge.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Stable identifier: the interchange `id`, or one derived from URL / GUID / path.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Feed entry GUID / Atom id, when the document came from a feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Publication date or date-time (ISO 8601). Relative time expressions resolve against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// URL or title of the feed the document came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved_at: Option<String>,
    /// BCP 47 language tag (`en`), declared or detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where the bytes were read from: a file path or URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Anything else worth keeping (section, description, stripped feed footer, caption...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl DocMeta {
    pub fn new(id: impl Into<String>) -> Self {
        DocMeta {
            id: id.into(),
            ..Default::default()
        }
    }

    /// The publication date as `YYYY-MM-DD`, when `published` starts with one.
    pub fn published_date(&self) -> Option<&str> {
        let p = self.published.as_deref()?;
        let d = p.get(..10)?;
        let b = d.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        ok.then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_date_takes_the_day() {
        let mut m = DocMeta::new("x");
        assert_eq!(m.published_date(), None);
        m.published = Some("2024-08-25T10:00:00Z".into());
        assert_eq!(m.published_date(), Some("2024-08-25"));
        m.published = Some("Aug 25".into());
        assert_eq!(m.published_date(), None);
    }
}
