//! Small pure helpers: control-character cleaning, the normalized text hash used for
//! deduplication, and language detection.

use sha2::{Digest, Sha256};
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

thread_local! {
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` and turns a panic in it into `Err(message)`, without the panic hook printing a
/// message or backtrace: the hook (installed once, wrapping the previous one) is silent while a
/// call of this function runs on the same thread, and unchanged everywhere else. For parsers
/// from other crates (feed-rs, the article extractor) whose panics are input errors here.
pub(crate) fn catch_quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET_PANICS.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

/// Cleans text for storage: NUL, the other C0 controls and DEL are removed, except tab, LF and
/// CR; form feed and line tabulation become LF (they separate pages and lines). Returns the text
/// (borrowed when clean) and how many characters were removed or replaced.
pub fn strip_controls(text: &str) -> (Cow<'_, str>, usize) {
    let bad = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    let Some(first) = text.find(bad) else {
        return (Cow::Borrowed(text), 0);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..first).unwrap_or(""));
    let mut n = 0;
    for c in text.get(first..).unwrap_or("").chars() {
        if !bad(c) {
            out.push(c);
            continue;
        }
        n += 1;
        if matches!(c, '\x0b' | '\x0c') {
            out.push('\n');
        }
    }
    (Cow::Owned(out), n)
}

/// A hash of the text that survives trivial differences: NFKC, lower case, typographic quotes and
/// dashes folded to ASCII, all whitespace runs collapsed to one space, trimmed. SHA-256, hex.
/// The store uses it to recognise the same text ingested twice.
pub fn normalized_text_hash(text: &str) -> String {
    let mut h = Sha256::new();
    let mut pending_space = false;
    let mut started = false;
    let mut buf = [0u8; 4];
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            pending_space = started;
            continue;
        }
        let c = match c {
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
            c => c,
        };
        if pending_space {
            h.update(b" ");
            pending_space = false;
        }
        started = true;
        h.update(c.encode_utf8(&mut buf).as_bytes());
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}

/// Detects the language of a text from its first few kilobytes (BCP 47 tag such as `en`), when
/// `whatlang` is confident.
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(text.get(..end)?)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// Normalizes a language tag to BCP 47 casing: `en_gb` / `EN-gb` → `en-GB`, `zh-hant` →
/// `zh-Hant`. Empty tags give `None`.
pub fn bcp47(tag: &str) -> Option<String> {
    let parts: Vec<String> = tag
        .trim()
        .split(['-', '_'])
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(|(i, p)| match (i, p.len()) {
            (0, _) => p.to_ascii_lowercase(),
            (_, 2) => p.to_ascii_uppercase(),
            (_, 4) => {
                let lower = p.to_ascii_lowercase();
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            }
            _ => p.to_ascii_lowercase(),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("-"))
}

/// ISO 639-3 (whatlang) to the shorter ISO 639-1 code BCP 47 prefers, where one exists.
fn iso639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caught_panics_are_quiet_and_named() {
        let r: Result<(), String> = catch_quietly(|| panic!("parser bug at byte 7"));
        assert_eq!(r.unwrap_err(), "parser bug at byte 7");
        assert_eq!(catch_quietly(|| 5), Ok(5));
        // The flag is reset: a later panic elsewhere is reported by the usual hook.
        assert!(!QUIET_PANICS.with(std::cell::Cell::get));
    }

    #[test]
    fn controls_are_stripped() {
        assert_eq!(
            strip_controls("clean\ttext\r\n"),
            (Cow::Borrowed("clean\ttext\r\n"), 0)
        );
        let (t, n) = strip_controls("a\0b\u{1}c\x1bd\x7fe\x0cf\x0bg");
        assert_eq!(t, "abcde\nf\ng");
        assert_eq!(n, 6);
        // Non-ASCII text around the controls is kept intact.
        assert_eq!(strip_controls("Grüße\0 – 東京").0, "Grüße – 東京");
    }

    #[test]
    fn hash_ignores_trivial_differences() {
        let a = normalized_text_hash("“Hello”  World —\n\tok ");
        let b = normalized_text_hash("\"hello\" world -  ok");
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(a, normalized_text_hash("hello world ok"));
        // NFKC: the ligature ﬁ equals "fi".
        assert_eq!(normalized_text_hash("ﬁne"), normalized_text_hash("fine"));
    }

    #[test]
    fn language_tags_are_normalized() {
        assert_eq!(bcp47("en_gb").as_deref(), Some("en-GB"));
        assert_eq!(bcp47(" ZH-hant-tw ").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(bcp47("  "), None);
    }

    #[test]
    fn language_is_detected_when_reliable() {
        let en = "The city council approved the new budget on Tuesday after a long debate about schools and roads.";
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        let de = "Der Stadtrat hat am Dienstag nach einer langen Debatte über Schulen und Straßen den neuen Haushalt beschlossen.";
        assert_eq!(detect_language(de).as_deref(), Some("de"));
        assert_eq!(detect_language("ok"), None);
    }
}
