//! A small CoNLL-U reader: sentences with their `# text`, document and paragraph marks, and words
//! (form, UPOS, XPOS) with multiword tokens resolved.

use std::io::BufRead;

/// One syntactic word of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub upos: String,
    pub xpos: String,
}

/// A surface token: a word, or a multiword token (`don't`) with the words it contains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Surface {
    pub form: String,
    /// Index range into `Sentence::words`.
    pub words: (usize, usize),
}

/// One sentence of a CoNLL-U file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub words: Vec<Word>,
    pub surface: Vec<Surface>,
    /// The sentence starts a new document (`# newdoc`).
    pub new_doc: bool,
    /// The sentence starts a new paragraph (`# newpar`).
    pub new_par: bool,
}

/// Reads all sentences. Malformed lines are skipped; a missing `# text` is rebuilt from forms.
pub fn read(reader: impl BufRead) -> std::io::Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut mwt_end = 0usize;
    for line in reader.lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                finish(&mut cur);
                out.push(std::mem::take(&mut cur));
            }
            mwt_end = 0;
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(t) = c.strip_prefix("text =") {
                cur.text = t.trim().to_string();
            } else if c.starts_with("newdoc") {
                cur.new_doc = true;
                cur.new_par = true;
            } else if c == "newpar" || c.starts_with("newpar ") {
                cur.new_par = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty nodes
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                continue;
            };
            let first = cur.words.len();
            cur.surface.push(Surface {
                form: cols[1].to_string(),
                words: (first, first + b.saturating_sub(a) + 1),
            });
            mwt_end = b;
            continue;
        }
        let Ok(n) = id.parse::<usize>() else { continue };
        let idx = cur.words.len();
        cur.words.push(Word {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
        });
        if n > mwt_end {
            cur.surface.push(Surface {
                form: cols[1].to_string(),
                words: (idx, idx + 1),
            });
        }
    }
    if !cur.words.is_empty() {
        finish(&mut cur);
        out.push(cur);
    }
    Ok(out)
}

fn finish(s: &mut Sentence) {
    if s.text.is_empty() {
        s.text = s
            .surface
            .iter()
            .map(|t| t.form.as_str())
            .collect::<Vec<_>>()
            .join(" ");
    }
    let n = s.words.len();
    for t in &mut s.surface {
        t.words.1 = t.words.1.min(n);
        t.words.0 = t.words.0.min(t.words.1);
    }
}

/// Reads a CoNLL-U file.
pub fn read_path(path: &std::path::Path) -> std::io::Result<Vec<Sentence>> {
    read(std::io::BufReader::new(std::fs::File::open(path)?))
}

/// Byte spans of the surface tokens in `s.text`, found left to right; tokens not found in the
/// text (rare normalizations) get `None`.
pub fn surface_spans(s: &Sentence) -> Vec<Option<(usize, usize)>> {
    let mut pos = 0usize;
    let mut out = Vec::with_capacity(s.surface.len());
    for t in &s.surface {
        match s
            .text
            .get(pos..)
            .and_then(|rest| rest.find(t.form.as_str()))
        {
            Some(off) => {
                let a = pos + off;
                let b = a + t.form.len();
                out.push(Some((a, b)));
                pos = b;
            }
            None => out.push(None),
        }
    }
    out
}

/// Byte spans of the syntactic words in `s.text`: a multiword token whose words spell it out
/// (`do` + `n't` = `don't`) is split into its words; otherwise it counts as one span (given to
/// its first word, the others get `None`).
pub fn word_spans(s: &Sentence) -> Vec<Option<(usize, usize)>> {
    let mut out = vec![None; s.words.len()];
    for (t, span) in s.surface.iter().zip(surface_spans(s)) {
        let Some((a, b)) = span else { continue };
        let ws = s.words.get(t.words.0..t.words.1).unwrap_or(&[]);
        let joined: String = ws.iter().map(|w| w.form.as_str()).collect();
        if ws.len() > 1 && joined == t.form {
            let mut p = a;
            for (k, w) in ws.iter().enumerate() {
                if let Some(slot) = out.get_mut(t.words.0 + k) {
                    *slot = Some((p, p + w.form.len()));
                }
                p += w.form.len();
            }
        } else if let Some(slot) = out.get_mut(t.words.0) {
            *slot = Some((a, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t0\troot\t_\t_\n\n# text = Hi\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_words_and_multiword_tokens() {
        let s = read(SAMPLE.as_bytes()).unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0].new_doc && !s[1].new_doc);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].surface.len(), 4);
        assert_eq!(s[0].words[2].upos, "PART");
        let spans = word_spans(&s[0]);
        assert_eq!(spans[1], Some((2, 4)));
        assert_eq!(spans[2], Some((4, 7)));
        assert_eq!(spans[4], Some((12, 13)));
    }
}
