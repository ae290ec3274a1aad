//! Bytes to text, the one charset decoder of the workspace (`ingest` and `newsgraph extract`
//! both call it, so a page decodes the same way whichever way it comes in): binary detection
//! and charset detection (BOM, HTTP header, `<meta>`, XML declaration, valid UTF-8, mostly-UTF-8
//! with stray windows-1252 bytes, then a `chardetng` guess that may use the URL's top-level
//! domain), never losing data silently.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How much of the start of a file the binary check and the declaration prescans look at.
const SNIFF_LEN: usize = 8192;
/// How much `chardetng` reads before guessing (enough for any real document, linear time).
const DETECT_LEN: usize = 1 << 20;

/// Text decoded from bytes, with the encoding used and how it was chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding (`UTF-8`, `windows-1252`, `UTF-16LE`...).
    pub encoding: &'static str,
    /// Where the encoding came from: `bom`, `http`, `meta`, `xml`, `utf8`, `utf8-mixed`,
    /// `detected`, `sniffed`.
    pub how: &'static str,
    /// Set when something was odd: a wrong declaration, a guess, or replaced bytes.
    pub warning: Option<String>,
}

/// Checks that `bytes` look like text. `Ok(Some(enc))` means a UTF-16 text without BOM was
/// recognised; `Err(why)` means binary.
pub fn check_binary(bytes: &[u8]) -> Result<Option<&'static Encoding>, String> {
    if Encoding::for_bom(bytes).is_some() {
        return Ok(None);
    }
    let sample = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    if let Some(kind) = magic_kind(sample) {
        return Err(format!("starts like a {kind}"));
    }
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if nuls > 0 {
        if let Some(enc) = utf16_without_bom(sample) {
            return Ok(Some(enc));
        }
        return Err(format!(
            "{nuls} NUL bytes in the first {} bytes",
            sample.len()
        ));
    }
    let controls = sample
        .iter()
        .filter(|&&b| matches!(b, 0x01..=0x08 | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f))
        .count();
    if !sample.is_empty() && controls * 10 > sample.len() {
        return Err(format!(
            "{controls} control characters in the first {} bytes",
            sample.len()
        ));
    }
    Ok(None)
}

/// The bytes after a UTF-16 BOM, as text, when they are really UTF-8 (or ASCII): valid UTF-8,
/// no NUL and no C0 control but tab, LF and CR (real UTF-16 text has NUL high bytes for ASCII
/// and control low bytes for CJK punctuation), and an odd length or an ASCII space or line
/// break. Decoding such bytes as UTF-16 would give CJK-looking garbage.
fn utf8_behind_utf16_bom(rest: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(rest).ok()?;
    let controls = rest
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    let spaced = rest.len() % 2 == 1 || rest.iter().any(|&b| matches!(b, b' ' | b'\n'));
    (!rest.is_empty() && !controls && spaced).then_some(text)
}

fn magic_kind(b: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive (or DOCX/EPUB)"),
        (b"\x1f\x8b", "gzip archive"),
        (b"\x7fELF", "executable"),
        (b"RIFF", "RIFF media file"),
        (b"\x00\x00\x00", "binary file"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| b.starts_with(m))
        .map(|(_, k)| *k)
}

/// UTF-16 without BOM: one byte of each pair is almost always NUL (Latin-script text).
fn utf16_without_bom(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd * 10 >= pairs * 7 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding named in an HTTP `Content-Type` header, if any.
pub fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let v = lower.get(at + 8..)?;
    let v = v.trim_start_matches(['"', '\'']);
    let end = v
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(v.len());
    Encoding::for_label(v.get(..end)?.as_bytes())
}

/// The encoding declared inside the document: `<?xml encoding>` or `<meta charset>` /
/// `<meta http-equiv=content-type>` in the first bytes (comments skipped).
pub fn declared_in_document(bytes: &[u8]) -> Option<(&'static Encoding, &'static str)> {
    let head = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if !trimmed.starts_with('<') {
        return None;
    }
    if let Some(rest) = trimmed.strip_prefix("<?xml")
        && let Some(end) = rest.find("?>")
        && let Some(label) = attr(&parse_attrs(rest.get(..end).unwrap_or("")), "encoding")
        && let Some(enc) = Encoding::for_label(label.trim().as_bytes())
    {
        return Some((enc, "xml"));
    }
    for tag in meta_tags(&head) {
        if let Some(cs) = attr(&tag, "charset")
            && let Some(enc) = Encoding::for_label(cs.trim().as_bytes())
        {
            return Some((enc, "meta"));
        }
        let is_ct =
            attr(&tag, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
        if is_ct
            && let Some(content) = attr(&tag, "content")
            && let Some(enc) = charset_from_content_type(content)
        {
            return Some((enc, "meta"));
        }
    }
    None
}

/// Attributes (lower-cased names, raw values) of one tag's inside.
type Attrs = Vec<(String, String)>;

fn attr<'a>(attrs: &'a Attrs, name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The `<meta>` tags of `s`, outside comments, in order (a linear scan).
fn meta_tags(s: &str) -> Vec<Attrs> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let Some(k) = s.get(pos..).and_then(|r| r.find('<')) {
        let at = pos + k;
        let rest = s.get(at..).unwrap_or("");
        if rest.starts_with("<!--") {
            pos = rest
                .get(4..)
                .and_then(|r| r.find("-->"))
                .map_or(s.len(), |e| at + 4 + e + 3);
            continue;
        }
        let end = rest.find('>').map_or(s.len(), |e| at + e);
        let is_meta = rest
            .get(..5)
            .is_some_and(|n| n.eq_ignore_ascii_case("<meta"))
            && rest
                .as_bytes()
                .get(5)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
        if is_meta {
            out.push(parse_attrs(s.get(at + 5..end).unwrap_or("")));
        }
        pos = end.max(at + 1);
    }
    out
}

/// `name=value` pairs of a tag's inside (quoted or bare values; names lower-cased).
fn parse_attrs(inner: &str) -> Attrs {
    let b = inner.as_bytes();
    let mut i = 0usize;
    let mut out = Vec::new();
    while i < b.len() {
        while b
            .get(i)
            .is_some_and(|&c| c.is_ascii_whitespace() || c == b'/')
        {
            i += 1;
        }
        let start = i;
        while b
            .get(i)
            .is_some_and(|&c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'/'))
        {
            i += 1;
        }
        let name = inner.get(start..i).unwrap_or("").to_ascii_lowercase();
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let vs = i + 1;
                    let ve = b
                        .get(vs..)
                        .and_then(|r| r.iter().position(|&c| c == q))
                        .map_or(b.len(), |e| vs + e);
                    value = inner.get(vs..ve).unwrap_or("").to_string();
                    i = ve + 1;
                }
                _ => {
                    let vs = i;
                    while b.get(i).is_some_and(|&c| !c.is_ascii_whitespace()) {
                        i += 1;
                    }
                    value = inner.get(vs..i).unwrap_or("").to_string();
                }
            }
        }
        if name.is_empty() {
            i += 1;
        } else {
            out.push((name, value));
        }
    }
    out
}

/// Decodes `bytes` to text. Order: BOM, the HTTP charset, the document's own declaration,
/// valid UTF-8, then a `chardetng` guess. Bytes that the chosen encoding cannot map are replaced
/// only as a last resort, and then `warning` says so.
pub fn decode(bytes: &[u8], http: Option<&'static Encoding>) -> Decoded {
    decode_with_url(bytes, http, None)
}

/// [`decode`] with the page's URL, whose top-level domain helps the last-resort guess
/// (`.ru` pages are more likely windows-1251 than windows-1252).
pub fn decode_with_url(
    bytes: &[u8],
    http: Option<&'static Encoding>,
    url: Option<&str>,
) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or(&[]);
        if enc != UTF_8
            && let Some(text) = utf8_behind_utf16_bom(rest)
        {
            return Decoded {
                text: text.to_string(),
                encoding: UTF_8.name(),
                how: "bom-mismatch",
                warning: Some(format!(
                    "the byte order mark says {} but the bytes after it are UTF-8 text (no NUL bytes); decoded as UTF-8",
                    enc.name()
                )),
            };
        }
        return finish(enc, rest, "bom", None);
    }
    if let Ok(Some(enc)) = check_binary(bytes) {
        return finish(enc, bytes, "sniffed", None);
    }
    let mut warning = None;
    let declared = http
        .map(|e| (e, "http"))
        .or_else(|| declared_in_document(bytes));
    if let Some((enc, how)) = declared {
        // A document cannot declare UTF-16 in ASCII-compatible bytes (WHATWG: treat as UTF-8).
        let enc = if enc == UTF_16LE || enc == UTF_16BE {
            UTF_8
        } else {
            enc
        };
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return Decoded {
                text: text.into_owned(),
                encoding: enc.name(),
                how,
                warning: None,
            };
        }
        warning = Some(format!(
            "declared charset {} ({how}) does not match the bytes",
            enc.name()
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            how: "utf8",
            warning,
        };
    }
    if let Some(d) = mostly_utf8(bytes, warning.as_deref()) {
        return d;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = bytes.get(..DETECT_LEN).unwrap_or(bytes);
    det.feed(sample, sample.len() == bytes.len());
    let tld = url
        .and_then(|u| u.split_once("://").map(|(_, r)| r))
        .and_then(|r| r.split(['/', ':', '?', '#']).next())
        .and_then(|h| h.rsplit('.').next())
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        // chardetng panics on upper case, non-ASCII and periods.
        .map(str::to_ascii_lowercase);
    let guess = det.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Allow,
    );
    let note = format!("not valid UTF-8; decoded as {} (guessed)", guess.name());
    let warning = Some(match warning {
        Some(w) => format!("{w}; {note}"),
        None => note,
    });
    finish(guess, bytes, "detected", warning)
}

/// Valid UTF-8 with a few stray legacy bytes (text pasted from two sources): the valid parts
/// stay UTF-8 and each invalid byte is read as windows-1252, so nothing is lost or garbled.
fn mostly_utf8(bytes: &[u8], prior: Option<&str>) -> Option<Decoded> {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    // Some real UTF-8 text beyond ASCII, and invalid bytes a minority of the non-ASCII.
    if multibyte == 0 || invalid > multibyte * 4 {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + invalid);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let (t, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
        text.push_str(&t);
    }
    let note =
        format!("not valid UTF-8: {invalid} stray bytes read as windows-1252, the rest as UTF-8");
    Some(Decoded {
        text,
        encoding: UTF_8.name(),
        how: "utf8-mixed",
        warning: Some(match prior {
            Some(w) => format!("{w}; {note}"),
            None => note,
        }),
    })
}

fn finish(
    enc: &'static Encoding,
    bytes: &[u8],
    how: &'static str,
    warning: Option<String>,
) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let warning = if had_errors {
        let note = format!(
            "some bytes are invalid in {} and were replaced with U+FFFD",
            enc.name()
        );
        Some(match warning {
            Some(w) => format!("{w}; {note}"),
            None => note,
        })
    } else {
        warning
    };
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        how,
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins() {
        let mut b = vec![0xff, 0xfe];
        for u in "Grüße".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b, None);
        assert_eq!(d.text, "Grüße");
        assert_eq!((d.encoding, d.how), ("UTF-16LE", "bom"));
        assert!(check_binary(&b).is_ok());
    }

    #[test]
    fn utf16_bom_before_utf8_bytes_is_reported_not_garbled() {
        for bom in [&[0xff, 0xfe][..], &[0xfe, 0xff][..]] {
            let mut b = bom.to_vec();
            b.extend_from_slice("The council met on Tuesday. Grüße aus Köln.\n".as_bytes());
            let d = decode(&b, None);
            assert_eq!(d.text, "The council met on Tuesday. Grüße aus Köln.\n");
            assert_eq!((d.encoding, d.how), ("UTF-8", "bom-mismatch"));
            assert!(d.warning.unwrap().contains("byte order mark says UTF-16"));
        }
        // Real UTF-16 CJK text (with CJK punctuation) keeps its BOM decoding.
        let mut b = vec![0xff, 0xfe];
        for u in "上海市政府宣布了新的预算。市民表示欢迎，".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b, None);
        assert_eq!(d.how, "bom");
        assert_eq!(d.text, "上海市政府宣布了新的预算。市民表示欢迎，");
    }

    #[test]
    fn utf16_without_bom_is_text() {
        let b: Vec<u8> = "Plain words here"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(check_binary(&b), Ok(Some(UTF_16BE)));
        assert_eq!(decode(&b, None).text, "Plain words here");
    }

    #[test]
    fn meta_charset_is_read() {
        let html = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        let d = decode(html, None);
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.how, "meta");
        assert!(d.text.contains("café"));
        let http_equiv =
            b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>\xcf";
        assert_eq!(decode(http_equiv, None).encoding, "windows-1251");
    }

    #[test]
    fn xml_declaration_is_read() {
        let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>na\xefve</rss>";
        let d = decode(xml, None);
        assert_eq!(d.how, "xml");
        assert!(d.text.contains("naïve"));
    }

    #[test]
    fn http_charset_beats_meta() {
        let ct = charset_from_content_type("text/html; charset=\"UTF-8\"");
        assert_eq!(ct, Some(UTF_8));
        let d = decode("<meta charset=latin1>é".as_bytes(), ct);
        assert_eq!((d.text.as_str(), d.how), ("<meta charset=latin1>é", "http"));
    }

    #[test]
    fn wrong_declaration_falls_back_with_warning() {
        let d = decode(b"<meta charset=utf-8>caf\xe9 cr\xe8me br\xfbl\xe9e", None);
        assert!(d.text.contains("crème"), "{}", d.text);
        assert!(d.warning.unwrap().contains("does not match"));
    }

    #[test]
    fn invalid_utf8_is_guessed_not_dropped() {
        let d = decode(b"Le caf\xe9 est fran\xe7ais et tr\xe8s bon.", None);
        assert_eq!(d.how, "detected");
        assert!(d.text.contains("français"), "{}", d.text);
        assert!(d.warning.is_some());
    }

    #[test]
    fn url_tld_hint_is_safe_and_used() {
        // chardetng panics on upper-case or dotted TLDs: they are normalised or ignored.
        let bytes = b"\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0, \xea\xe0\xea \xe4\xe5\xeb\xe0?";
        for url in [
            "HTTP://NEWS.EXAMPLE.RU/A",
            "https://x.example.ru.",
            "no-scheme",
            "https://[::1]/",
        ] {
            let d = decode_with_url(bytes, None, Some(url));
            assert_eq!(d.how, "detected");
        }
        let ru = decode_with_url(bytes, None, Some("https://news.example.ru/a"));
        assert!(ru.text.starts_with("Привет"), "{}", ru.text);
    }

    #[test]
    fn meta_inside_a_comment_is_not_read() {
        let html = b"<!-- <meta charset=\"koi8-r\"> --><meta charset='windows-1252'><p>caf\xe9</p>";
        assert_eq!(
            declared_in_document(html).map(|(e, how)| (e.name(), how)),
            Some(("windows-1252", "meta"))
        );
    }

    #[test]
    fn mixed_utf8_keeps_both_parts() {
        let d = decode(b"caf\xc3\xa9 and na\xefve", None);
        assert_eq!(d.text, "café and naïve");
        assert_eq!(d.how, "utf8-mixed");
        assert!(d.warning.unwrap().contains("1 stray bytes"));
    }

    #[test]
    fn binary_is_refused() {
        assert!(check_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
        assert!(check_binary(b"abc\0def\0ghi\x01\x02\x03").is_err());
        assert!(check_binary(&[1u8, 2, 3, 4, 5, 6, b'a', b'b']).is_err());
        assert_eq!(check_binary(b"plain\ttext\r\n"), Ok(None));
    }
}
