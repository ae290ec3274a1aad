//! Ingestion: files, folders, `http(s)` URLs and stdin into [`doc::Document`]s with source metadata.
//!
//! The flow is `expand` (inputs → lazy [`Task`]s) then [`read_task`] (one task → documents), so a
//! caller can store and commit one task at a time. Everything between the bytes and the documents
//! is pure ([`read_source`], [`read_bytes`]); IO lives only in [`expand`], [`read_task`],
//! [`http::fetch`] and [`now_iso8601`]. One bad file, entry or line is one `Err` among the
//! results, never a panic and never the end of the run.
//!
//! Formats: plain text and Markdown, HTML pages (main text through `extract`), RSS 0.9–2.0 /
//! Atom / JSON Feed (one document per entry), OPML (feed URLs returned as new inputs) and
//! interchange JSONL. Charsets: BOM, HTTP header, `<meta>`, XML declaration, then detection.
//! Stored text never carries NUL or other C0 controls (tab, LF and CR stay).
//!
//! Sources ([`sources`]): what the user names may be anything; what content lists (OPML
//! outlines) is indirect: `http(s)` only, public addresses only unless
//! [`IngestOptions::allow_private`], local paths only from a local OPML file, and OPML nesting
//! and listed feeds are capped per run ([`ListLimits`]).

pub mod charset;
mod error;
mod expand;
pub mod feed;
pub mod html;
pub mod http;
mod jsonl;
mod markup;
mod opml;
pub mod sources;
mod text;
mod util;

pub use error::IngestError;
pub use expand::{Expand, Input, Task, expand, file_id, is_skipped_name};
pub use http::{
    FetchCache, FetchOutcome, Fetched, HttpOptions, MemoryCache, NoCache, USER_AGENT, Validators,
    fetch, is_http_url, resolve_url,
};
pub use jsonl::parse_jsonl;
pub use opml::parse_opml;
pub use sources::{DEFAULT_MAX_FEEDS, DEFAULT_MAX_OPML_DEPTH, ListLimits, address_class};
pub use util::{bcp47, detect_language, normalized_text_hash, strip_controls};

use doc::{DocMeta, Document};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Limits and switches for ingestion.
#[derive(Clone, Debug, PartialEq)]
pub struct IngestOptions {
    /// Files (and stdin) larger than this are refused with [`IngestError::TooLarge`].
    pub max_bytes: u64,
    pub http: HttpOptions,
    /// Detect `meta.language` with `whatlang` when the source does not declare it.
    pub detect_language: bool,
    /// Let URLs found inside content (OPML outlines, their redirects) reach loopback, private,
    /// link-local and other non-public addresses. Local paths in fetched content stay refused.
    pub allow_private: bool,
    /// How deep OPML lists may nest (a list the user names is level 1).
    pub max_opml_depth: u32,
    /// How many inputs all OPML lists of one run may add.
    pub max_feeds: usize,
    /// Annotation threads (`None`: one per core, as rayon counts them). The writer is one more.
    pub threads: Option<usize>,
    /// Documents written per transaction (at least 1). A crash loses at most the documents of
    /// the open transaction, never part of one.
    pub batch_docs: usize,
}

/// Default documents per write transaction.
pub const DEFAULT_BATCH_DOCS: usize = 64;

/// Default file size cap: 50 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            http: HttpOptions::default(),
            detect_language: true,
            allow_private: false,
            max_opml_depth: DEFAULT_MAX_OPML_DEPTH,
            max_feeds: DEFAULT_MAX_FEEDS,
            threads: None,
            batch_docs: DEFAULT_BATCH_DOCS,
        }
    }
}

/// Input formats. `Auto` sniffs the content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    #[default]
    Auto,
    Text,
    Markdown,
    Html,
    /// RSS, Atom or JSON Feed.
    Feed,
    Opml,
    Jsonl,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Opml => "opml",
            Format::Jsonl => "jsonl",
        }
    }

    /// The format a file extension suggests (`Auto` when unknown or ambiguous, like `.json`).
    pub fn from_extension(path: &Path) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" | "mdown" => Format::Markdown,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "xml" | "rss" | "atom" | "rdf" => Format::Feed,
            "opml" => Format::Opml,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => Format::Auto,
        }
    }

    /// The format an HTTP `Content-Type` suggests. `text/plain` and JSON stay `Auto` (servers
    /// mislabel them), XML types say `Feed` and are confirmed by content.
    pub fn from_content_type(ct: &str) -> Format {
        let ct = ct.to_ascii_lowercase();
        let mime = ct.split(';').next().unwrap_or("").trim();
        match mime {
            "text/html" | "application/xhtml+xml" => Format::Html,
            "application/feed+json" => Format::Feed,
            "text/x-opml" | "application/x-opml" | "text/x-opml+xml" => Format::Opml,
            "text/markdown" | "text/x-markdown" => Format::Markdown,
            "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => {
                Format::Jsonl
            }
            m if m.ends_with("xml") || m.contains("rss") || m.contains("atom") => Format::Feed,
            _ => Format::Auto,
        }
    }
}

/// Guesses the format from decoded text: JSON Feed or JSONL for `{`, by root element for markup
/// (`rss`/`feed`/`rdf:RDF` → feed, `opml`, else HTML), plain text otherwise.
pub fn sniff(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        let mut end = t.len().min(4096);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        let head = t.get(..end).unwrap_or("");
        return if head.contains("jsonfeed.org/version") {
            Format::Feed
        } else {
            Format::Jsonl
        };
    }
    if t.starts_with('<') {
        return match markup::root_element(t).as_deref() {
            Some("rss" | "feed" | "rdf:rdf" | "rdf" | "channel") => Format::Feed,
            Some("opml") => Format::Opml,
            _ => Format::Html,
        };
    }
    Format::Text
}

fn resolve_format(hint: Format, text: &str) -> Format {
    match hint {
        Format::Auto => sniff(text),
        // .xml/.rss/.atom: an OPML list or an HTML page saved as XML is read as such; any other
        // XML goes to the feed parser, which says why it is not a feed.
        Format::Feed => {
            let t = text.trim_start();
            match markup::root_element(t).as_deref() {
                Some("opml") => Format::Opml,
                Some("html") => Format::Html,
                _ if t.starts_with('{') => sniff(t),
                _ => Format::Feed,
            }
        }
        // A feed or OPML file saved as .html is still a feed.
        Format::Html => match sniff(text) {
            f @ (Format::Opml | Format::Feed) => f,
            _ => Format::Html,
        },
        other => other,
    }
}

/// Where some bytes came from, for ids and metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    /// File path or URL, for messages and `meta.source`.
    pub name: String,
    /// Document id for single-document formats (text, HTML without canonical URL); the prefix
    /// for feed entries without id or link.
    pub id: String,
    /// The final URL when fetched over HTTP.
    pub url: Option<String>,
    /// The HTTP `Content-Type`, when fetched.
    pub content_type: Option<String>,
    /// ISO 8601 time of reading (set by the IO edge).
    pub retrieved_at: Option<String>,
    /// Folder of the file, to resolve relative paths in OPML.
    pub base_dir: Option<PathBuf>,
    /// Read from a local file (named by the user or by a local OPML file). Only then may an
    /// OPML list local paths; in fetched content and stdin they are refused.
    pub local: bool,
    pub hint: Format,
}

/// What one task gave.
#[derive(Debug, Default)]
pub struct TaskOutput {
    /// The file path or URL read.
    pub source: String,
    /// The format it was read as (`None` when reading failed before sniffing).
    pub format: Option<Format>,
    /// One result per document (feed entry, JSONL line, or the single text/page).
    pub docs: Vec<Result<Document, IngestError>>,
    /// Inputs an OPML file lists: [`Input::Listed`] URLs, and local paths only when the OPML is
    /// a local file. Fetching them is the caller's decision (see [`ListLimits`]).
    pub discovered: Vec<Input>,
    /// The server answered 304: nothing changed since the cached validators.
    pub not_modified: bool,
    /// Non-fatal notes, each naming the source (charset guessed, empty feed, skipped entries...).
    pub warnings: Vec<String>,
    /// Validators of a fetched URL (`(requested url, validators)`), to save with
    /// [`TaskOutput::save_validators`] once the documents are stored.
    pub validators: Option<(String, Validators)>,
}

impl TaskOutput {
    fn new(source: &str) -> Self {
        TaskOutput {
            source: source.to_string(),
            ..TaskOutput::default()
        }
    }

    fn fail(source: &str, e: IngestError) -> Self {
        let mut out = TaskOutput::new(source);
        out.docs.push(Err(e));
        out
    }

    /// Saves the fetch validators in the cache (call after the documents are committed).
    pub fn save_validators(&self, cache: &mut dyn FetchCache) {
        if let Some((url, v)) = &self.validators
            && !v.is_empty()
        {
            cache.store(url, v);
        }
    }

    /// Number of documents read and number of errors.
    pub fn counts(&self) -> (usize, usize) {
        let ok = self.docs.iter().filter(|d| d.is_ok()).count();
        (ok, self.docs.len() - ok)
    }
}

/// Reads one task: the file, the URL (conditional GET through `cache`) or stdin, then its
/// documents. `now` (ISO 8601, may be empty) becomes `meta.retrieved_at`; pass
/// [`now_iso8601`] in production and a fixed string in tests.
pub fn read_task(
    task: &Task,
    opts: &IngestOptions,
    cache: &dyn FetchCache,
    now: &str,
) -> TaskOutput {
    let retrieved_at = (!now.is_empty()).then(|| now.to_string());
    match task {
        Task::File { path, id } => {
            let name = path.display().to_string();
            let bytes = match read_file_capped(path, opts.max_bytes) {
                Ok(b) => b,
                Err(e) => return TaskOutput::fail(&name, e),
            };
            let src = Source {
                name,
                id: id.clone(),
                url: None,
                content_type: None,
                retrieved_at,
                base_dir: path.parent().map(Path::to_path_buf),
                local: true,
                hint: Format::from_extension(path),
            };
            read_source(&src, &bytes, opts)
        }
        Task::Stdin => {
            let name = "<stdin>";
            let mut bytes = Vec::new();
            let stdin = std::io::stdin();
            let read = stdin
                .lock()
                .take(opts.max_bytes.saturating_add(1))
                .read_to_end(&mut bytes);
            if let Err(source) = read {
                return TaskOutput::fail(
                    name,
                    IngestError::Io {
                        path: name.into(),
                        source,
                    },
                );
            }
            let hash = normalized_text_hash(&String::from_utf8_lossy(&bytes));
            let src = Source {
                name: name.into(),
                id: format!("stdin:{}", hash.get(..16).unwrap_or(&hash)),
                retrieved_at,
                ..Source::default()
            };
            read_source(&src, &bytes, opts)
        }
        Task::Url(url) => read_url(url, &opts.http, opts, cache, retrieved_at),
        Task::Listed { url, .. } => {
            let http = HttpOptions {
                public_only: !opts.allow_private,
                ..opts.http.clone()
            };
            read_url(url, &http, opts, cache, retrieved_at)
        }
    }
}

fn read_url(
    url: &str,
    http: &HttpOptions,
    opts: &IngestOptions,
    cache: &dyn FetchCache,
    retrieved_at: Option<String>,
) -> TaskOutput {
    match http::fetch(url, http, cache) {
        Err(e) => TaskOutput::fail(url, e),
        Ok(FetchOutcome::NotModified) => {
            let mut out = TaskOutput::new(url);
            out.not_modified = true;
            out
        }
        Ok(FetchOutcome::Body(f)) => {
            let mut hint = f
                .content_type
                .as_deref()
                .map_or(Format::Auto, Format::from_content_type);
            if hint == Format::Auto {
                let path = f.final_url.split(['?', '#']).next().unwrap_or("");
                hint = Format::from_extension(Path::new(path));
            }
            let src = Source {
                name: url.to_string(),
                id: f.final_url.clone(),
                url: Some(f.final_url.clone()),
                content_type: f.content_type.clone(),
                retrieved_at,
                base_dir: None,
                local: false,
                hint,
            };
            let mut out = read_source(&src, &f.body, opts);
            out.validators = Some((f.url.clone(), f.validators.clone()));
            out
        }
    }
}

fn read_file_capped(path: &Path, max: u64) -> Result<Vec<u8>, IngestError> {
    let name = || path.display().to_string();
    let io = |source| IngestError::Io {
        path: name(),
        source,
    };
    let file = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            IngestError::NotFound { path: name() }
        } else {
            io(e)
        }
    })?;
    let len = file.metadata().map_err(io)?.len();
    if len > max {
        return Err(IngestError::TooLarge {
            path: name(),
            size: len,
            max,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}

/// Reads in-memory bytes (stdin, tests) named `name`, which is also the document id for
/// single-document formats.
pub fn read_bytes(name: &str, bytes: &[u8], hint: Format, opts: &IngestOptions) -> TaskOutput {
    let src = Source {
        name: name.to_string(),
        id: name.to_string(),
        hint,
        ..Source::default()
    };
    read_source(&src, bytes, opts)
}

/// Reads bytes from a known source into documents. Pure: no IO, no clock.
pub fn read_source(src: &Source, bytes: &[u8], opts: &IngestOptions) -> TaskOutput {
    let name = src.name.as_str();
    let size = bytes.len() as u64;
    if size > opts.max_bytes {
        return TaskOutput::fail(
            name,
            IngestError::TooLarge {
                path: name.into(),
                size,
                max: opts.max_bytes,
            },
        );
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return TaskOutput::fail(name, IngestError::Empty { path: name.into() });
    }
    if let Err(why) = charset::check_binary(bytes) {
        return TaskOutput::fail(
            name,
            IngestError::Binary {
                path: name.into(),
                why,
            },
        );
    }
    let http_enc = src
        .content_type
        .as_deref()
        .and_then(charset::charset_from_content_type);
    let dec = charset::decode_with_url(bytes, http_enc, src.url.as_deref());
    let text = dec.text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return TaskOutput::fail(name, IngestError::Empty { path: name.into() });
    }
    let format = resolve_format(src.hint, text);
    let mut out = TaskOutput::new(name);
    out.format = Some(format);
    let mut common = DocMeta {
        source: Some(name.to_string()),
        retrieved_at: src.retrieved_at.clone(),
        ..DocMeta::default()
    };
    if dec.how != "utf8" {
        common
            .extra
            .insert("charset".into(), format!("{} ({})", dec.encoding, dec.how));
    }
    let mut doc_warnings: Vec<String> = Vec::new();
    if let Some(w) = &dec.warning {
        doc_warnings.push(w.clone());
    }
    let entries: Vec<Result<(DocMeta, String), IngestError>> = match format {
        Format::Text | Format::Markdown | Format::Auto => {
            let text = html::normalize_newlines(text);
            let mut meta = common.clone();
            meta.id = src.id.clone();
            meta.url = src.url.clone();
            let markdown = format == Format::Markdown;
            match text::front_matter(&text).filter(|_| markdown) {
                Some((fm, body)) => {
                    let get = |k: &str| fm.get(k).cloned();
                    meta.title = get("title")
                        .or_else(|| text::title_of(text.get(body..).unwrap_or(""), true));
                    meta.published = get("date").or_else(|| get("published"));
                    meta.modified = get("updated")
                        .or_else(|| get("modified"))
                        .or_else(|| get("lastmod"));
                    meta.language = get("lang").or_else(|| get("language"));
                    meta.authors = get("author").into_iter().collect();
                    meta.url = meta.url.or_else(|| {
                        get("canonical")
                            .or_else(|| get("url"))
                            .filter(|u| http::is_http_url(u))
                    });
                }
                None => meta.title = text::title_of(&text, markdown),
            }
            vec![Ok((meta, text))]
        }
        Format::Html => vec![page_entry(src, text, &common, &mut doc_warnings)],
        Format::Feed => match feed::parse_feed(text, src.url.as_deref(), &src.id) {
            Err(msg) => vec![Err(IngestError::Feed {
                path: name.into(),
                msg,
            })],
            Ok(parsed) => {
                if parsed.entries.is_empty() && parsed.warnings.is_empty() {
                    out.warnings.push(format!(
                        "{name}: the feed has no entries; nothing to ingest"
                    ));
                }
                out.warnings
                    .extend(parsed.warnings.iter().map(|w| format!("{name}: {w}")));
                let n = parsed.entries.len();
                let mut entries: Vec<_> = parsed
                    .entries
                    .into_iter()
                    .map(|e| Ok((merge(&common, e.meta), e.text)))
                    .collect();
                if let Some(msg) = parsed.damaged {
                    entries.push(Err(IngestError::Feed {
                        path: name.into(),
                        msg: format!(
                            "{msg}; the file is damaged or cut off, only the {n} complete entries before the damage were read"
                        ),
                    }));
                }
                entries
            }
        },
        Format::Opml => {
            match opml::parse_opml(text, src.base_dir.as_deref()) {
                Ok((inputs, warnings)) => {
                    if inputs.is_empty() {
                        out.warnings
                            .push(format!("{name}: the OPML file lists no feeds"));
                    }
                    for input in inputs {
                        match input {
                            Input::Url(url) => out.discovered.push(Input::Listed {
                                url,
                                list: name.to_string(),
                            }),
                            Input::Path(p) if !src.local => {
                                out.docs.push(Err(IngestError::LocalNotAllowed {
                                    path: p.display().to_string(),
                                    list: name.to_string(),
                                }))
                            }
                            other => out.discovered.push(other),
                        }
                    }
                    out.warnings
                        .extend(warnings.iter().map(|w| format!("{name}: {w}")));
                }
                Err(msg) => out.docs.push(Err(IngestError::Opml {
                    path: name.into(),
                    msg,
                })),
            }
            Vec::new()
        }
        Format::Jsonl => jsonl::parse_jsonl(text, name)
            .into_iter()
            .map(|r| r.map(|(m, t)| (merge(&common, m), t)))
            .collect(),
    };
    out.warnings
        .extend(doc_warnings.iter().map(|w| format!("{name}: {w}")));
    let mut removed = 0usize;
    for entry in entries {
        let doc = entry.and_then(|(mut meta, text)| {
            let (text, n) = strip_controls(&text);
            removed += n;
            if let Some(t) = meta.title.take() {
                let (t, n) = strip_controls(&t);
                removed += n;
                meta.title = Some(t.into_owned());
            }
            if !doc_warnings.is_empty() {
                meta.extra
                    .insert("ingest_warning".into(), doc_warnings.join("; "));
            }
            meta.language = meta.language.as_deref().and_then(bcp47);
            if meta.language.is_none() && opts.detect_language {
                meta.language = detect_language(&text);
            }
            Document::new(meta, text).map_err(|source| IngestError::Doc {
                path: name.into(),
                source,
            })
        });
        out.docs.push(doc);
    }
    if removed > 0 {
        out.warnings.push(format!(
            "{name}: removed {removed} control characters (NUL or other C0 controls) from the text"
        ));
    }
    out
}

/// Fills the fields a reader left empty from the source-level metadata.
fn merge(common: &DocMeta, mut meta: DocMeta) -> DocMeta {
    meta.source = meta.source.or_else(|| common.source.clone());
    meta.retrieved_at = meta.retrieved_at.or_else(|| common.retrieved_at.clone());
    for (k, v) in &common.extra {
        meta.extra.entry(k.clone()).or_insert_with(|| v.clone());
    }
    meta
}

fn page_entry(
    src: &Source,
    html_text: &str,
    common: &DocMeta,
    warnings: &mut Vec<String>,
) -> Result<(DocMeta, String), IngestError> {
    let page = html::read_page(html_text, src.url.as_deref());
    warnings.extend(page.warnings);
    if page.text.trim().is_empty() {
        return Err(IngestError::NoText {
            path: src.name.clone(),
            why: "the page has no visible text, only markup or scripts".into(),
        });
    }
    let pm = page.meta;
    let canonical = pm
        .canonical_url
        .and_then(|u| http::resolve_url(src.url.as_deref(), &u));
    let mut meta = common.clone();
    // A fetched page is known by its canonical URL (else its final URL); a file by its path.
    meta.id = match (&src.url, &canonical) {
        (Some(_), Some(c)) => c.clone(),
        _ => src.id.clone(),
    };
    meta.url = canonical.or_else(|| src.url.clone());
    meta.title = pm.title;
    meta.authors = pm.authors;
    meta.published = pm.published;
    meta.modified = pm.modified;
    meta.publisher = pm.publisher;
    meta.language = pm.language;
    if let Some(s) = pm.section {
        meta.extra.insert("section".into(), s);
    }
    if let Some(d) = pm.description {
        meta.extra.insert("description".into(), d);
    }
    Ok((meta, page.text))
}

/// The current UTC time as ISO 8601 (`2026-11-27T09:50:53Z`). The only clock read in this
/// crate: call it at the IO edge and pass the result to [`read_task`].
pub fn now_iso8601() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Formats Unix seconds as ISO 8601 UTC; out-of-range values give the epoch.
pub fn iso8601_from_unix(secs: u64) -> String {
    i64::try_from(secs)
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(
            sniff("<?xml version='1.0'?><rss version='2.0'>"),
            Format::Feed
        );
        assert_eq!(
            sniff("  <feed xmlns='http://www.w3.org/2005/Atom'>"),
            Format::Feed
        );
        assert_eq!(sniff("<opml version='2.0'>"), Format::Opml);
        assert_eq!(sniff("<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            sniff("{\"version\":\"https://jsonfeed.org/version/1.1\"}"),
            Format::Feed
        );
        assert_eq!(sniff("{\"id\":\"a\",\"text\":\"b\"}"), Format::Jsonl);
        assert_eq!(sniff("Plain words."), Format::Text);
        assert_eq!(resolve_format(Format::Feed, "<note>x</note>"), Format::Feed);
        assert_eq!(
            resolve_format(Format::Feed, "<!doctype html><html>"),
            Format::Html
        );
        assert_eq!(resolve_format(Format::Feed, "<opml>"), Format::Opml);
        assert_eq!(
            resolve_format(Format::Html, "<rss version='2.0'>"),
            Format::Feed
        );
        assert_eq!(
            resolve_format(Format::Text, "<rss version='2.0'>"),
            Format::Text
        );
        assert_eq!(
            Format::from_content_type("application/rss+xml; charset=utf-8"),
            Format::Feed
        );
        assert_eq!(Format::from_content_type("text/html"), Format::Html);
        assert_eq!(
            Format::from_extension(Path::new("a/b.MD")),
            Format::Markdown
        );
    }

    #[test]
    fn urls_resolve_against_a_base() {
        let base = Some("https://news.test/world/2024/story.html?x=1");
        assert_eq!(
            resolve_url(base, "/a/b").as_deref(),
            Some("https://news.test/a/b")
        );
        assert_eq!(
            resolve_url(base, "//cdn.test/c").as_deref(),
            Some("https://cdn.test/c")
        );
        assert_eq!(
            resolve_url(base, "other.html").as_deref(),
            Some("https://news.test/world/2024/other.html")
        );
        assert_eq!(
            resolve_url(Some("https://news.test"), "a").as_deref(),
            Some("https://news.test/a")
        );
        assert_eq!(
            resolve_url(base, "http://x.test/").as_deref(),
            Some("http://x.test/")
        );
        assert_eq!(resolve_url(base, "mailto:a@b.test"), None);
        assert_eq!(resolve_url(None, "/a"), None);
        assert_eq!(resolve_url(Some("file:///x"), "/a"), None);
    }

    #[test]
    fn unix_time_formats() {
        assert_eq!(iso8601_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_from_unix(1_724_580_000), "2024-08-25T10:00:00Z");
        assert_eq!(iso8601_from_unix(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn text_document() {
        let out = read_bytes(
            "notes.txt",
            b"Budget Passes\r\n\r\nThe council approved the budget on Tuesday after a long debate.",
            Format::Text,
            &IngestOptions::default(),
        );
        let d = out.docs[0].as_ref().unwrap();
        assert_eq!(d.meta.id, "notes.txt");
        assert_eq!(d.meta.title.as_deref(), Some("Budget Passes"));
        assert!(d.text().starts_with("Budget Passes\n\nThe council"));
        assert_eq!(d.meta.language.as_deref(), Some("en"));
    }
}
