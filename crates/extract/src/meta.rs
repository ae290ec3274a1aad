//! Page metadata from JSON-LD, OpenGraph, `<meta>`, microdata, `<time>`, `<link>` and the URL.
//!
//! Each field takes the first source that has it, in this order: JSON-LD article object
//! (`NewsArticle`, `Article`, `ReportageNewsArticle`, `BlogPosting`, ..., found at top level, in
//! arrays or in `@graph`), OpenGraph / `article:*`, other `<meta>` names (Dublin Core, Parse.ly,
//! Sailthru, ...), microdata `itemprop`, `<time datetime>`, and finally the URL. Dates go
//! through [`crate::normalize_date`].

use crate::PageMeta;
use crate::dates::{date_from_url, normalize_date};
use crate::dom::{Data, Dom};
use serde_json::Value;

/// What the JSON-LD article object offers.
#[derive(Default)]
pub(crate) struct LdArticle {
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub publisher: Option<String>,
    pub section: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
    pub body: Option<String>,
    pub site_name: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "posting",
];

fn type_names(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_ascii_lowercase))
            .collect(),
        _ => Vec::new(),
    }
}

/// Flattens top-level arrays and `@graph` lists (bounded depth).
fn collect_objects<'v>(v: &'v Value, out: &mut Vec<&'v Value>, depth: u32) {
    if depth > 4 || out.len() > 256 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_objects(x, out, depth + 1)),
        Value::Object(o) => {
            out.push(v);
            if let Some(g) = o.get("@graph") {
                collect_objects(g, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn clean(s: &str) -> Option<String> {
    let t = decode_entities(s.split_whitespace().collect::<Vec<_>>().join(" ").as_str());
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Decodes the handful of entities that leak into JSON-LD and attribute text.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&#8217;", "’")
        .replace("&rsquo;", "’")
}

/// A name from a string, `{name}` object or array of them.
fn names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            for part in split_authors(s) {
                push_author(out, &part);
            }
        }
        Value::Array(a) => a.iter().take(32).for_each(|x| names(x, out)),
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                match n {
                    Value::String(s) => push_author(out, s),
                    other => names(other, out),
                }
            }
        }
        _ => {}
    }
}

fn first_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(first_string),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("@id"))
            .or_else(|| o.get("url"))
            .and_then(first_string),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses JSON-LD blocks and picks the article object.
pub(crate) fn json_ld(blocks: &[String]) -> LdArticle {
    let mut ld = LdArticle::default();
    let mut parsed: Vec<Value> = Vec::new();
    for b in blocks {
        let t = b
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("//]]>")
            .trim_end_matches("]]>")
            .trim()
            .trim_end_matches(';');
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            parsed.push(v);
        } else if let Ok(v) = serde_json::from_str::<Value>(&t.replace(['\n', '\r', '\t'], " ")) {
            // Raw newlines inside strings are a common JSON-LD defect.
            parsed.push(v);
        }
    }
    let mut objs = Vec::new();
    for v in &parsed {
        collect_objects(v, &mut objs, 0);
    }
    let article = objs
        .iter()
        .find(|o| {
            type_names(o)
                .iter()
                .any(|t| ARTICLE_TYPES.contains(&t.as_str()))
        })
        .copied()
        .or_else(|| {
            objs.iter()
                .find(|o| o.get("articleBody").is_some() || o.get("datePublished").is_some())
                .copied()
        });
    for o in &objs {
        let types = type_names(o);
        if types
            .iter()
            .any(|t| t == "website" || t == "organization" || t == "newsmediaorganization")
            && ld.site_name.is_none()
        {
            ld.site_name = o
                .get("name")
                .and_then(first_string)
                .filter(|p| !p.starts_with("http"));
        }
    }
    let Some(a) = article else {
        return ld;
    };
    ld.headline = a
        .get("headline")
        .or_else(|| a.get("name"))
        .and_then(first_string);
    // `{"@id": ...}` references point at other objects of the graph (Yoast-style).
    let by_id = |v: &Value| -> Value {
        let resolve_one = |x: &Value| -> Value {
            match (x.get("@id").and_then(Value::as_str), x.get("name")) {
                (Some(id), None) => objs
                    .iter()
                    .find(|o| {
                        o.get("@id").and_then(Value::as_str) == Some(id) && o.get("name").is_some()
                    })
                    .map_or(Value::Null, |o| (*o).clone()),
                _ => x.clone(),
            }
        };
        match v {
            Value::Array(items) => Value::Array(items.iter().take(32).map(resolve_one).collect()),
            other => resolve_one(other),
        }
    };
    if let Some(au) = a.get("author").or_else(|| a.get("creator")) {
        names(&by_id(au), &mut ld.authors);
    }
    ld.published = a
        .get("datePublished")
        .or_else(|| a.get("dateCreated"))
        .and_then(first_string)
        .and_then(|s| normalize_date(&s));
    ld.modified = a
        .get("dateModified")
        .and_then(first_string)
        .and_then(|s| normalize_date(&s));
    ld.publisher = a
        .get("publisher")
        .map(by_id)
        .as_ref()
        .and_then(first_string)
        .filter(|p| !p.starts_with("http") && !p.starts_with('#'));
    ld.section = a.get("articleSection").and_then(first_string);
    ld.description = a.get("description").and_then(first_string);
    ld.language = a.get("inLanguage").and_then(first_string);
    ld.url = a
        .get("url")
        .and_then(first_string)
        .or_else(|| a.get("mainEntityOfPage").and_then(first_string))
        .filter(|u| u.starts_with("http"));
    ld.body = a
        .get("articleBody")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    ld
}

/// Splits "A, B and C" into names.
fn split_authors(s: &str) -> Vec<String> {
    let s = s.trim();
    let s = strip_by(s);
    s.split([',', ';', '|', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn strip_by(s: &str) -> &str {
    let t = s.trim();
    for pre in ["By ", "by ", "BY ", "Von ", "Par ", "Por "] {
        if let Some(r) = t.strip_prefix(pre) {
            return r.trim();
        }
    }
    t
}

fn push_author(out: &mut Vec<String>, s: &str) {
    let Some(mut c) = clean(strip_by(s)) else {
        return;
    };
    // "Ann Lee | Daily News", "ANN LEE, AP Auto Writer": keep the name.
    if let Some((head, _)) = c.split_once(" | ") {
        c = head.trim().to_string();
    }
    if let Some((head, tail)) = c.split_once(", ") {
        let t = tail.to_ascii_lowercase();
        const ROLES: [&str; 8] = [
            "writer",
            "reporter",
            "correspondent",
            "editor",
            "staff",
            "press",
            "contributor",
            "columnist",
        ];
        if ROLES.iter().any(|r| t.contains(r)) {
            c = head.trim().to_string();
        }
    }
    if c.is_empty() || c.to_ascii_lowercase().contains("admin") {
        return;
    }
    if c.starts_with("http") || c.len() > 80 || c.contains('@') || out.len() >= 16 {
        return;
    }
    if !out.iter().any(|x| x.eq_ignore_ascii_case(&c)) {
        out.push(c);
    }
}

/// Resolves `href` against `base` (scheme-relative, root-relative and relative paths).
pub(crate) fn resolve_url(href: &str, base: Option<&str>) -> String {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_string();
    }
    let Some(base) = base else {
        return href.to_string();
    };
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(r) = href.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    let host = rest.split('/').next().unwrap_or(rest);
    if href.starts_with('/') {
        return format!("{scheme}://{host}{href}");
    }
    let dir = match base.rfind('/') {
        Some(k) if k > scheme.len() + 2 => base.get(..=k).unwrap_or(base),
        _ => return format!("{scheme}://{host}/{href}"),
    };
    format!("{dir}{href}")
}

/// Everything the metadata pass found.
pub(crate) struct MetaOut {
    pub meta: PageMeta,
    pub ld_body: Option<String>,
}

/// Collects page metadata.
pub(crate) fn collect(dom: &Dom<'_>, jsonld: &[String], url: Option<&str>) -> MetaOut {
    let ld = json_ld(jsonld);
    // <meta> tags, keyed by lower-cased property/name/itemprop/http-equiv.
    let mut metas: Vec<(String, &str)> = Vec::new();
    let mut title_tag: Option<String> = None;
    let mut canonical: Option<String> = None;
    let mut lang: Option<String> = None;
    let mut micro_pub: Option<String> = None;
    let mut micro_mod: Option<String> = None;
    let mut micro_authors: Vec<String> = Vec::new();
    let mut time_pub: Option<String> = None;
    let mut first_h1: Option<String> = None;
    for (i, node) in dom.nodes.iter().enumerate() {
        let Data::Elem(e) = node.data else { continue };
        match e.name() {
            "html" if lang.is_none() => {
                lang = e
                    .attr("lang")
                    .or_else(|| e.attr("xml:lang"))
                    .and_then(clean);
            }
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))
                    .or_else(|| e.attr("http-equiv"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    for k in k.split_whitespace() {
                        metas.push((k.to_ascii_lowercase(), v));
                    }
                }
            }
            "title" if title_tag.is_none() => {
                title_tag = clean(&dom.text_of(i));
            }
            "link" => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if canonical.is_none() && rel.split_whitespace().any(|r| r == "canonical") {
                    canonical = e.attr("href").and_then(clean).map(|h| resolve_url(&h, url));
                }
            }
            "h1" if first_h1.is_none() => {
                first_h1 = clean(&dom.text_of(i));
            }
            "time" if time_pub.is_none() => {
                time_pub = e.attr("datetime").and_then(normalize_date);
            }
            _ => {}
        }
        if let Some(ip) = e.attr("itemprop") {
            let ip = ip.to_ascii_lowercase();
            let val = || {
                e.attr("content")
                    .or_else(|| e.attr("datetime"))
                    .map(str::to_string)
                    .unwrap_or_else(|| dom.text_of(i))
            };
            if ip.split_whitespace().any(|p| p == "datepublished")
                && micro_pub.is_none()
                && e.name() != "meta"
            {
                micro_pub = normalize_date(&val());
            } else if ip.split_whitespace().any(|p| p == "datemodified")
                && micro_mod.is_none()
                && e.name() != "meta"
            {
                micro_mod = normalize_date(&val());
            } else if ip
                .split_whitespace()
                .any(|p| p == "author" || p == "creator")
                && e.name() != "meta"
            {
                // The name is the itemprop=name inside, else the element text.
                let end = node.end as usize;
                let inner = (i + 1..end).find(|&k| {
                    dom.nodes
                        .get(k)
                        .and_then(|n| n.attr("itemprop"))
                        .is_some_and(|p| p.eq_ignore_ascii_case("name"))
                });
                let name = match inner {
                    Some(k) => dom
                        .nodes
                        .get(k)
                        .and_then(|n| n.attr("content"))
                        .map(str::to_string)
                        .unwrap_or_else(|| dom.text_of(k)),
                    None => e
                        .attr("content")
                        .map(str::to_string)
                        .unwrap_or_else(|| dom.text_of(i)),
                };
                for a in split_authors(&name) {
                    push_author(&mut micro_authors, &a);
                }
            }
        }
    }
    let m = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| {
                metas
                    .iter()
                    .find(|(mk, v)| mk == k && !v.trim().is_empty())
                    .map(|(_, v)| *v)
            })
            .and_then(clean)
    };
    let md = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .filter(|(mk, _)| mk == k)
                .find_map(|(_, v)| normalize_date(v))
        })
    };

    let mut meta = PageMeta {
        title: ld
            .headline
            .clone()
            .or_else(|| {
                m(&[
                    "og:title",
                    "twitter:title",
                    "dc.title",
                    "sailthru.title",
                    "parsely-title",
                ])
            })
            .or(first_h1)
            .or(title_tag),
        ..PageMeta::default()
    };

    let mut authors = ld.authors.clone();
    if authors.is_empty() {
        for k in [
            "author",
            "article:author",
            "dc.creator",
            "dcterms.creator",
            "parsely-author",
            "sailthru.author",
            "byl",
            "twitter:creator",
        ] {
            for (mk, v) in &metas {
                if mk == k && !(k == "twitter:creator" && v.starts_with('@')) {
                    for a in split_authors(v) {
                        push_author(&mut authors, &a);
                    }
                }
            }
            if !authors.is_empty() {
                break;
            }
        }
    }
    if authors.is_empty() {
        authors = micro_authors;
    }
    meta.authors = authors;

    meta.published = ld
        .published
        .clone()
        .or_else(|| {
            md(&[
                "article:published_time",
                "og:published_time",
                "article:published",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "published_time",
                "dc.date.issued",
                "dcterms.issued",
                "dc.date",
                "dcterms.date",
                "dc.date.created",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
                "article.published",
                "originalpublicationdate",
                "date",
                "displaydate",
                "cxenseparse:recs:publishtime",
            ])
        })
        .or(micro_pub)
        .or(time_pub)
        .or_else(|| url.and_then(date_from_url));
    meta.modified = ld.modified.clone().or_else(|| {
        md(&[
            "article:modified_time",
            "og:updated_time",
            "article:modified",
            "datemodified",
            "dcterms.modified",
            "dc.date.modified",
            "last-modified",
            "lastmod",
            "modified",
        ])
        .or(micro_mod)
    });
    meta.publisher = ld
        .publisher
        .clone()
        .or_else(|| {
            m(&[
                "og:site_name",
                "dc.publisher",
                "dcterms.publisher",
                "application-name",
                "publisher",
            ])
        })
        .or(ld.site_name.clone());
    meta.canonical_url = canonical
        .or_else(|| m(&["og:url", "twitter:url"]))
        .or(ld.url.clone())
        .or_else(|| url.map(str::to_string));
    meta.language = lang
        .or_else(|| m(&["content-language", "dc.language", "language", "og:locale"]))
        .or(ld.language.clone())
        .map(|l| l.replace('_', "-"));
    meta.section = ld.section.clone().or_else(|| {
        m(&[
            "article:section",
            "section",
            "parsely-section",
            "sailthru.section",
            "category",
        ])
    });
    meta.description = m(&[
        "og:description",
        "description",
        "twitter:description",
        "dc.description",
    ])
    .or(ld.description.clone());
    MetaOut {
        meta,
        ld_body: ld.body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_nested_authors() {
        let b = r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Daily"},
          {"@type":["NewsArticle"],"headline":"H","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chen"}],
           "datePublished":"2024-08-25T10:00:00+02:00","publisher":{"@type":"Organization","name":"Daily Co"},
           "articleSection":["World"]}]}"#;
        let ld = json_ld(&[b.to_string()]);
        assert_eq!(ld.headline.as_deref(), Some("H"));
        assert_eq!(
            ld.authors,
            vec!["Ann Lee".to_string(), "Bo Chen".to_string()]
        );
        assert_eq!(ld.published.as_deref(), Some("2024-08-25T08:00:00Z"));
        assert_eq!(ld.publisher.as_deref(), Some("Daily Co"));
        assert_eq!(ld.section.as_deref(), Some("World"));
        assert_eq!(ld.site_name.as_deref(), Some("Daily"));
    }

    #[test]
    fn id_references_resolve_in_the_graph() {
        let b = r#"{"@graph":[{"@type":"Article","headline":"H","author":{"@id":"https://s.example/#p1"},
          "publisher":{"@id":"https://s.example/#org"}},
          {"@type":"Person","@id":"https://s.example/#p1","name":"Rui Sato"},
          {"@type":"Organization","@id":"https://s.example/#org","name":"S Daily"}]}"#;
        let ld = json_ld(&[b.to_string()]);
        assert_eq!(ld.authors, vec!["Rui Sato".to_string()]);
        assert_eq!(ld.publisher.as_deref(), Some("S Daily"));
        let unresolved = r#"{"@type":"Article","publisher":{"@id":"https://s.example/#org"}}"#;
        assert_eq!(json_ld(&[unresolved.to_string()]).publisher, None);
    }

    #[test]
    fn bad_json_is_ignored() {
        let ld = json_ld(&["{not json".to_string()]);
        assert!(ld.headline.is_none());
    }

    #[test]
    fn urls() {
        assert_eq!(
            resolve_url("/a/b", Some("https://x.org/c/d")),
            "https://x.org/a/b"
        );
        assert_eq!(
            resolve_url("e", Some("https://x.org/c/d")),
            "https://x.org/c/e"
        );
        assert_eq!(
            resolve_url("//y.org/z", Some("http://x.org/")),
            "http://y.org/z"
        );
        assert_eq!(
            split_authors("By Ann Lee and Bo Chen"),
            vec!["Ann Lee", "Bo Chen"]
        );
        let mut v = Vec::new();
        push_author(&mut v, "TOM KRISHER, AP Auto Writer");
        push_author(&mut v, "Amy Kuperinsky | NJ Advance Media");
        push_author(&mut v, "admin");
        assert_eq!(
            v,
            vec!["TOM KRISHER".to_string(), "Amy Kuperinsky".to_string()]
        );
    }
}
