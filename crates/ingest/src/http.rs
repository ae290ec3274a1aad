//! HTTP(S) fetching with `ureq`: timeouts, a body size cap, a redirect limit, an honest user
//! agent and conditional GET (ETag / Last-Modified) through a cache the caller implements.

use crate::IngestError;
use std::collections::BTreeMap;
use std::time::Duration;
use ureq::ResponseExt;

/// The user agent every request sends.
pub const USER_AGENT: &str = concat!(
    "newsgraph/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/newsgraph)"
);

/// Limits for one download.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpOptions {
    /// TCP connect (and DNS) timeout.
    pub connect_timeout: Duration,
    /// Longest wait for any single read (headers or body).
    pub read_timeout: Duration,
    /// Cap on the whole exchange, redirects and body included.
    pub total_timeout: Duration,
    /// Responses with a larger body are refused.
    pub max_body_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    pub user_agent: String,
    /// Connect only to public addresses (no loopback, private, link-local, shared, multicast or
    /// unspecified), checked on the resolved address of the first request and of every
    /// redirect, and without a proxy (so the check sees the real target). Set for URLs found
    /// inside content; see [`crate::sources`].
    pub public_only: bool,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            total_timeout: Duration::from_secs(60),
            max_body_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            user_agent: USER_AGENT.to_string(),
            public_only: false,
        }
    }
}

/// Validators from a previous fetch, sent back for a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Where the caller keeps validators between runs (the engine stores them in its database).
pub trait FetchCache {
    /// Validators saved for this URL (as requested, before redirects).
    fn validators(&self, url: &str) -> Option<Validators>;
    /// Saves validators for this URL. Call it after the documents of the fetch are stored, so a
    /// crash in between cannot hide them behind a 304 next time.
    fn store(&mut self, url: &str, v: &Validators);
}

/// A cache that remembers nothing: every fetch is unconditional.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoCache;

impl FetchCache for NoCache {
    fn validators(&self, _url: &str) -> Option<Validators> {
        None
    }
    fn store(&mut self, _url: &str, _v: &Validators) {}
}

/// An in-memory cache (tests, one-shot runs).
#[derive(Clone, Debug, Default)]
pub struct MemoryCache(pub BTreeMap<String, Validators>);

impl FetchCache for MemoryCache {
    fn validators(&self, url: &str) -> Option<Validators> {
        self.0.get(url).cloned()
    }
    fn store(&mut self, url: &str, v: &Validators) {
        self.0.insert(url.to_string(), v.clone());
    }
}

/// A successful download.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    /// The URL as asked for.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Validators the server sent (empty when it sent none).
    pub validators: Validators,
}

/// The outcome of a fetch that did not fail.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchOutcome {
    Body(Fetched),
    /// 304: nothing changed since the validators in the cache.
    NotModified,
}

/// Whether a string is an http(s) URL.
pub fn is_http_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// Resolves `href` against an absolute http(s) `base` (`/path`, `//host/path`, `path`); returns
/// `href` itself when it is already absolute, `None` when it cannot be made absolute.
pub fn resolve_url(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if is_http_url(href) {
        return Some(href.to_string());
    }
    let base = base.filter(|b| is_http_url(b))?;
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let scheme_end = base.find("://")? + 3;
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{}{rest}", base.get(..scheme_end)?));
    }
    let after = base.get(scheme_end..)?;
    let host_end = scheme_end + after.find(['/', '?', '#']).unwrap_or(after.len());
    let origin = base.get(..host_end)?;
    if href.starts_with('/') {
        return Some(format!("{origin}{href}"));
    }
    if href.contains(':') && !href.starts_with('.') {
        return None; // another scheme (mailto:, javascript:...)
    }
    let path = base.get(host_end..)?;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path
        .rfind('/')
        .map_or("/", |i| path.get(..=i).unwrap_or("/"));
    let href = href.strip_prefix("./").unwrap_or(href);
    Some(format!("{origin}{dir}{href}"))
}

/// Downloads `url` (GET), sending the cached validators. 304 is [`FetchOutcome::NotModified`];
/// other non-2xx statuses, timeouts, too many redirects and oversized bodies are errors naming
/// the URL. Redirects are followed to http(s) URLs only; with `opts.public_only` every hop must
/// resolve to a public address ([`IngestError::Refused`] otherwise). The cache is only read
/// here; see [`FetchCache::store`].
pub fn fetch(
    url: &str,
    opts: &HttpOptions,
    cache: &dyn FetchCache,
) -> Result<FetchOutcome, IngestError> {
    if !is_http_url(url) {
        return Err(IngestError::UnsupportedUrl { url: url.into() });
    }
    let mut config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(opts.max_redirects)
        .max_redirects_will_error(true)
        .user_agent(opts.user_agent.as_str())
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_resolve(Some(opts.connect_timeout))
        .timeout_per_read(Some(opts.read_timeout))
        .timeout_global(Some(opts.total_timeout));
    if opts.public_only {
        config = config.proxy(None);
    }
    let agent = ureq::Agent::with_parts(
        config.build(),
        ureq::unversioned::transport::DefaultConnector::default(),
        crate::sources::GuardedResolver::new(opts.public_only),
    );
    let mut req = agent.get(url).header(
        "Accept",
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.9, text/plain;q=0.8, */*;q=0.5",
    );
    if let Some(v) = cache.validators(url) {
        if let Some(etag) = &v.etag {
            req = req.header("If-None-Match", etag.as_str());
        }
        if let Some(lm) = &v.last_modified {
            req = req.header("If-Modified-Since", lm.as_str());
        }
    }
    let mut resp = req.call().map_err(|e| map_err(url, e, opts))?;
    let status = resp.status().as_u16();
    if status == 304 {
        return Ok(FetchOutcome::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(IngestError::HttpStatus {
            url: url.into(),
            status,
        });
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let content_type = header("content-type");
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    if let Some(len) = header("content-length").and_then(|l| l.parse::<u64>().ok())
        && len > opts.max_body_bytes
    {
        return Err(IngestError::BodyTooLarge {
            url: url.into(),
            max: opts.max_body_bytes,
        });
    }
    let final_url = resp.get_uri().to_string();
    let body = resp
        .body_mut()
        .with_config()
        .limit(opts.max_body_bytes)
        .read_to_vec()
        .map_err(|e| map_err(url, e, opts))?;
    Ok(FetchOutcome::Body(Fetched {
        url: url.into(),
        final_url,
        status,
        content_type,
        body,
        validators,
    }))
}

fn map_err(url: &str, e: ureq::Error, opts: &HttpOptions) -> IngestError {
    let url = url.to_string();
    if let ureq::Error::Io(io) = &e
        && let Some(b) = io
            .get_ref()
            .and_then(|x| x.downcast_ref::<crate::sources::Blocked>())
    {
        return IngestError::Refused {
            url,
            why: b.to_string(),
        };
    }
    match e {
        ureq::Error::Timeout(t) => IngestError::Timeout {
            url,
            what: t.to_string(),
        },
        ureq::Error::TooManyRedirects => IngestError::TooManyRedirects {
            url,
            max: opts.max_redirects,
        },
        ureq::Error::BodyExceedsLimit(_) => IngestError::BodyTooLarge {
            url,
            max: opts.max_body_bytes,
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => IngestError::Timeout {
            url,
            what: io.to_string(),
        },
        other => IngestError::Fetch {
            url,
            msg: other.to_string(),
        },
    }
}
