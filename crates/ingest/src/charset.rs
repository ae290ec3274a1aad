//! Bytes to text: the workspace's one charset decoder lives in `extract::charset` (so a page
//! decodes the same way through `ingest` and `newsgraph extract`); this module re-exports it
//! under the names ingest has always used.

pub use extract::charset::{
    Decoded, charset_from_content_type, check_binary, declared_in_document, decode, decode_with_url,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ingest_and_extract_decode_a_page_the_same_way() {
        let pages: [&[u8]; 4] = [
            b"<meta charset=\"iso-8859-1\"><p>caf\xe9 cr\xe8me</p>",
            b"<p>Der B\xfcrgermeister sagte, die Stra\xdfe werde gesperrt.</p>",
            b"<p>caf\xc3\xa9 and na\xefve</p>",
            b"\xef\xbb\xbf<p>plain</p>",
        ];
        for bytes in pages {
            for url in [None, Some("https://zeitung.example.de/a")] {
                let ours = decode_with_url(bytes, None, url).text;
                let theirs = extract::decode_html(bytes, None, url);
                assert_eq!(ours.trim_start_matches('\u{feff}'), theirs);
            }
        }
    }
}
