//! OPML subscription lists: the feed URLs (and local feed paths) they list, as new inputs.

use crate::Input;
use crate::markup::{self, Tok};
use std::path::{Path, PathBuf};

/// Every `<outline xmlUrl=...>` of an OPML document, in document order, without duplicates.
/// `http(s)` URLs become [`Input::Url`]; `file://` URLs and other values become
/// [`Input::Path`], relative ones resolved against `base_dir` (the OPML file's folder).
/// Returns the inputs and warnings for entries that cannot be used. Whether they may be read
/// is the caller's decision (`read_source` marks URLs as listed and refuses paths from fetched
/// lists). A `<!DOCTYPE>` (internal subset included) is skipped; entities it declares are never
/// expanded.
pub fn parse_opml(
    text: &str,
    base_dir: Option<&Path>,
) -> Result<(Vec<Input>, Vec<String>), String> {
    match markup::root_element(text).as_deref() {
        Some("opml") => {}
        Some(other) => return Err(format!("the root element is <{other}>, not <opml>")),
        None => return Err("no XML root element".into()),
    }
    let mut inputs: Vec<Input> = Vec::new();
    let mut warnings = Vec::new();
    let mut saw_body = false;
    for t in markup::Scanner::new(text) {
        let Tok::Start(name, attrs, _) = t else {
            continue;
        };
        if name == "body" {
            saw_body = true;
        }
        if name != "outline" {
            continue;
        }
        let Some(url) = attrs.get("xmlurl").map(str::trim).filter(|u| !u.is_empty()) else {
            continue;
        };
        let input = to_input(url, base_dir);
        match input {
            Some(i) if !inputs.contains(&i) => inputs.push(i),
            Some(_) => {}
            None => warnings.push(format!(
                "outline xmlUrl {url:?} is neither http(s) nor a file path; skipped"
            )),
        }
    }
    if !saw_body {
        return Err("no <body> element; the file may be truncated".into());
    }
    Ok((inputs, warnings))
}

fn to_input(url: &str, base_dir: Option<&Path>) -> Option<Input> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(Input::Url(url.to_string()));
    }
    if lower.starts_with("file://") {
        let raw = url.get(7..).unwrap_or("");
        // file://localhost/path and file:///path
        let raw = raw.strip_prefix("localhost").unwrap_or(raw);
        return Some(Input::Path(PathBuf::from(percent_decode(raw))));
    }
    // Any other scheme (feed:, ftp:...) is not supported; Windows drive letters are paths.
    if let Some(colon) = url.find(':') {
        let scheme = url.get(..colon).unwrap_or("");
        if scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        {
            return None;
        }
    }
    let p = PathBuf::from(url);
    Some(Input::Path(match base_dir {
        Some(b) if p.is_relative() => b.join(p),
        _ => p,
    }))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_become_inputs() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>S</title></head><body>
          <outline text="News"><outline type="rss" xmlUrl="https://a.test/feed?x=1&amp;y=2"/>
          <outline type="rss" xmlUrl="feeds/local.xml"/><outline xmlUrl="file:///srv/f%20x.xml"/>
          <outline xmlUrl="https://a.test/feed?x=1&amp;y=2"/><outline xmlUrl="ftp://old"/></outline></body></opml>"#;
        let (inputs, warnings) = parse_opml(opml, Some(Path::new("/subs"))).unwrap();
        assert_eq!(
            inputs,
            vec![
                Input::Url("https://a.test/feed?x=1&y=2".into()),
                Input::Path(PathBuf::from("/subs/feeds/local.xml")),
                Input::Path(PathBuf::from("/srv/f x.xml")),
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert!(parse_opml("<rss/>", None).is_err());
        assert!(parse_opml("<opml><head>", None).is_err());
    }

    #[test]
    fn doctype_is_read_and_entities_are_not_expanded() {
        let opml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE opml [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<opml version="2.0"><head><title>&lol2;</title></head><body>
  <outline text="Wire" type="rss" xmlUrl="https://wire.test/rss"/>
  <outline text="X" type="rss" xmlUrl="https://x.test/&xxe;"/>
</body></opml>"#;
        let (inputs, _) = parse_opml(opml, None).unwrap();
        assert_eq!(
            inputs,
            vec![
                Input::Url("https://wire.test/rss".into()),
                Input::Url("https://x.test/&xxe;".into()),
            ]
        );
        let simple = "<!DOCTYPE opml SYSTEM \"opml.dtd\"><opml><body><outline xmlUrl=\"https://a.test/\"/></body></opml>";
        assert_eq!(parse_opml(simple, None).unwrap().0.len(), 1);
        assert_eq!(crate::sniff(opml), crate::Format::Opml);
        assert!(parse_opml("<opml><head>", None).is_err());
    }
}
