//! `newsgraph extract`: main text and metadata of HTML pages.
//!
//! `newsgraph extract PAGE.html [--json] [--url URL]` prints the article text (with `--json`:
//! `{"text", "meta", "source_map"}`; `meta` carries `captions`, `credits` and `bylines`, which are
//! kept out of the text). `newsgraph extract --explain PAGE.html` prints each block of the page
//! with why it was kept or dropped. `newsgraph extract --jsonl PAGES.jsonl [-o OUT.jsonl]`
//! reads `{"id", "html", "url"?}` lines and writes `{"id", "text", "meta"}` lines, the format
//! `score.py extract` reads. Bad lines are reported on stderr with their line number and skipped;
//! the command then fails after writing every good line.

use anyhow::Context;
use clap::Args;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// An HTML page (any encoding: BOM, <meta charset> or detection).
    pub page: Option<PathBuf>,
    /// A JSONL file of pages ({"id","html","url"?} per line).
    #[arg(long, conflicts_with = "page")]
    pub jsonl: Option<PathBuf>,
    /// Output file for --jsonl (default: stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print metadata as JSON too.
    #[arg(long)]
    pub json: bool,
    /// The page's URL (for relative links and URL dates) when extracting one page.
    #[arg(long)]
    pub url: Option<String>,
    /// Show each block of the page and why it was kept or dropped (one page only).
    #[arg(long, conflicts_with_all = ["jsonl", "json"])]
    pub explain: bool,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.jsonl {
        return run_jsonl(path, args.output.as_deref());
    }
    let Some(page) = args.page else {
        anyhow::bail!("give an HTML page or --jsonl PAGES.jsonl");
    };
    let bytes = std::fs::read(&page).with_context(|| format!("reading {}", page.display()))?;
    let out = std::io::stdout();
    let mut w = out.lock();
    if args.explain {
        let html = extract::decode_html(&bytes, None, args.url.as_deref());
        let report = extract::explain(&html, args.url.as_deref());
        return quiet_broken_pipe(w.write_all(report.as_bytes()));
    }
    let a = extract::extract_article_bytes(&bytes, None, args.url.as_deref());
    let written = if args.json {
        serde_json::to_writer_pretty(&mut w, &a)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(w))
    } else {
        writeln!(w, "{}", a.text)
    };
    quiet_broken_pipe(written)
}

/// A reader that closed the pipe early (`| head`) is not an error.
fn quiet_broken_pipe(r: std::io::Result<()>) -> anyhow::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// One output line.
#[derive(serde::Serialize)]
struct OutLine<'a> {
    id: &'a str,
    text: &'a str,
    meta: &'a extract::PageMeta,
}

/// One input line.
#[derive(serde::Deserialize)]
struct InLine {
    id: serde_json::Value,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

fn run_jsonl(path: &Path, output: Option<&Path>) -> anyhow::Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let reader = std::io::BufReader::new(file);
    let mut w: Box<dyn Write> = match output {
        Some(o) => Box::new(BufWriter::new(
            std::fs::File::create(o).with_context(|| format!("creating {}", o.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut bad = 0usize;
    let mut done = 0usize;
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: reading", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let page: InLine = match serde_json::from_str(&line) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}:{}: skipped: bad JSON: {e}", path.display(), n + 1);
                bad += 1;
                continue;
            }
        };
        let id = match &page.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let a = extract::extract_article(page.html.as_deref().unwrap_or(""), page.url.as_deref());
        let line = OutLine {
            id: &id,
            text: &a.text,
            meta: &a.meta,
        };
        let written = serde_json::to_writer(&mut w, &line)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(w));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e.into());
        }
        done += 1;
    }
    quiet_broken_pipe(w.flush())?;
    if bad > 0 {
        anyhow::bail!("{done} pages extracted, {bad} bad line(s) skipped");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_lists_blocks_with_verdicts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let page = dir.path().join("page.html");
        std::fs::write(
            &page,
            "<html><body><nav><a href=/>Home</a> <a href=/w>World</a></nav><article>\
             <p>The council met on Monday, and after a long debate, it approved the plan for the \
             harbour, which had waited for years.</p><p>Work starts in spring, the mayor said, \
             and should take two years.</p></article><div class=related><a href=/x>Other story</a></div></body></html>",
        )
        .expect("write");
        let args = ExtractArgs {
            page: Some(page),
            jsonl: None,
            output: None,
            json: false,
            url: None,
            explain: true,
        };
        run(args).expect("explain runs");
        let html = std::fs::read(dir.path().join("page.html")).expect("read");
        let report = extract::explain(&extract::decode_html(&html, None, None), None);
        assert!(report.contains("KEEP"), "{report}");
        assert!(report.contains("The council met on Monday"), "{report}");
        assert!(report.contains("DROP"), "{report}");
        assert!(report.contains("Other story"), "{report}");
        assert!(report.contains("RESULT"), "{report}");
    }

    #[test]
    fn jsonl_mode_writes_scorable_lines_and_reports_bad_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("pages.jsonl");
        let output = dir.path().join("out.jsonl");
        let page = "<html><head><title>T</title></head><body><article><p>The council met on Monday, \
                    and after a long debate, it approved the plan for the harbour.</p></article></body></html>";
        let lines = format!(
            "{}\n\nnot json\n{}\n",
            serde_json::json!({"id": "p1", "html": page, "url": "https://x.example/2024/01/02/a"}),
            serde_json::json!({"id": "p2", "html": ""})
        );
        std::fs::write(&input, lines).expect("write input");
        let err = run_jsonl(&input, Some(output.as_path())).expect_err("bad line is reported");
        assert!(err.to_string().contains("1 bad line"));
        let out = std::fs::read_to_string(&output).expect("output");
        let rows: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["id"], "p1");
        assert!(
            rows[0]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("The council met on Monday"))
        );
        assert_eq!(rows[0]["meta"]["published"], "2024-01-02");
        assert_eq!(rows[1]["text"], "");
    }
}
