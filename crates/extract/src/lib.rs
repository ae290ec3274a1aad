//! Main-content text and metadata from HTML news pages.
//!
//! API contract used by `ingest` (filled in by the extraction work of issue 4):
//! [`extract_article`] never panics on any input and returns best-effort text.

use serde::{Deserialize, Serialize};

/// Metadata found in a page (JSON-LD, OpenGraph, `<meta>`, microdata, `<time>`, URL patterns).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// Normalized ISO 8601 (`2024-08-25` or `2024-08-25T10:00:00Z`).
    pub published: Option<String>,
    pub modified: Option<String>,
    pub publisher: Option<String>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub section: Option<String>,
    pub description: Option<String>,
}

/// The article: main text (paragraphs separated by blank lines) and metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub text: String,
    pub meta: PageMeta,
}

/// Extracts the main text and metadata of a page. `url` helps with relative links and URL dates.
pub fn extract_article(html: &str, url: Option<&str>) -> Article {
    let _ = url;
    let page = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("p").expect("static selector");
    let text = page
        .select(&sel)
        .map(|p| p.text().collect::<String>().trim().to_string())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    Article {
        text,
        meta: PageMeta::default(),
    }
}
