//! `IngestError`: every way reading one input can fail, each message naming the file or URL.

/// One failed input (a file, URL, feed entry or JSONL line). Every message starts with the file
/// path or URL (and the line for JSONL) and says what to do about it. One error never stops the
/// other inputs: readers return `Vec<Result<Document, IngestError>>`.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: no such file or folder; check the path")]
    NotFound { path: String },

    #[error("{path}: cannot read ({source}); check that it exists and is readable")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{path}: looks like a binary file ({why}); only text, HTML, RSS/Atom/JSON feeds, OPML and JSONL can be ingested"
    )]
    Binary { path: String, why: String },

    #[error(
        "{path}: is {size} bytes, over the limit of {max} bytes; raise the size limit or split the file"
    )]
    TooLarge { path: String, size: u64, max: u64 },

    #[error("{path}: is empty (no text); nothing to ingest")]
    Empty { path: String },

    #[error("{path}: no text found ({why})")]
    NoText { path: String, why: String },

    #[error(
        "{path}: not a readable feed ({msg}); check that it is a complete RSS, Atom or JSON Feed document"
    )]
    Feed { path: String, msg: String },

    #[error("{path}: not a readable OPML subscription list ({msg})")]
    Opml { path: String, msg: String },

    #[error(
        "{path}:{line}: {msg}; each line must be a JSON object with a string `id` and a non-empty string `text`"
    )]
    Jsonl {
        path: String,
        line: usize,
        msg: String,
    },

    #[error("{url}: only http:// and https:// URLs can be fetched")]
    UnsupportedUrl { url: String },

    #[error("{url}: not fetched: {why}")]
    Refused { url: String, why: String },

    #[error(
        "{path}: not read: listed in {list}, which is fetched content (or stdin); local files and folders are read only when named on the command line or in a local OPML file"
    )]
    LocalNotAllowed { path: String, list: String },

    #[error(
        "{path}: OPML lists nested more than {max} deep; its {skipped} outlines were not followed (raise the limit with --max-opml-depth)"
    )]
    OpmlTooDeep {
        path: String,
        max: u32,
        skipped: usize,
    },

    #[error(
        "{path}: {skipped} listed feeds not followed: this run reached its limit of {max} feeds from OPML lists (raise it with --max-feeds)"
    )]
    TooManyFeeds {
        path: String,
        max: usize,
        skipped: usize,
    },

    #[error("{url}: the server answered HTTP {status}; check the URL")]
    HttpStatus { url: String, status: u16 },

    #[error("{url}: more than {max} redirects; check the URL")]
    TooManyRedirects { url: String, max: u32 },

    #[error("{url}: the response is larger than {max} bytes; raise the download size limit")]
    BodyTooLarge { url: String, max: u64 },

    #[error("{url}: timed out ({what}); the server is slow or unreachable, try again later")]
    Timeout { url: String, what: String },

    #[error("{url}: download failed ({msg})")]
    Fetch { url: String, msg: String },

    #[error("{path}: {source}")]
    Doc {
        path: String,
        #[source]
        source: doc::DocError,
    },
}

impl IngestError {
    /// The file path or URL the error is about.
    pub fn source_name(&self) -> &str {
        match self {
            IngestError::NotFound { path }
            | IngestError::Io { path, .. }
            | IngestError::Binary { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::Empty { path }
            | IngestError::NoText { path, .. }
            | IngestError::Feed { path, .. }
            | IngestError::Opml { path, .. }
            | IngestError::LocalNotAllowed { path, .. }
            | IngestError::OpmlTooDeep { path, .. }
            | IngestError::TooManyFeeds { path, .. }
            | IngestError::Jsonl { path, .. }
            | IngestError::Doc { path, .. } => path,
            IngestError::UnsupportedUrl { url }
            | IngestError::Refused { url, .. }
            | IngestError::HttpStatus { url, .. }
            | IngestError::TooManyRedirects { url, .. }
            | IngestError::BodyTooLarge { url, .. }
            | IngestError::Timeout { url, .. }
            | IngestError::Fetch { url, .. } => url,
        }
    }
}
