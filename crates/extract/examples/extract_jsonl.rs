//! Bench and scoring driver: reads `{"id","html","url"?}` JSONL, writes `{"id","text","meta"}`.
//!
//! usage: extract_jsonl IN.jsonl [OUT.jsonl] [--reps N]
//! Prints pages/s of the extraction alone (JSON reading excluded; best of N passes) to stderr.

use std::io::{BufRead, Write};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut reps = 1usize;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--reps" {
            reps = it.next().and_then(|v| v.parse().ok()).unwrap_or(1);
        } else {
            paths.push(a.clone());
        }
    }
    let input = paths
        .first()
        .ok_or_else(|| anyhow::anyhow!("usage: extract_jsonl IN.jsonl [OUT.jsonl] [--reps N]"))?;
    let mut pages: Vec<(String, String, Option<String>)> = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(input)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let id = v
            .get("id")
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_string();
        let html = v
            .get("html")
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_string();
        let url = v.get("url").and_then(|x| x.as_str()).map(str::to_string);
        pages.push((id, html, url));
    }
    let mut best = f64::INFINITY;
    let mut arts = Vec::new();
    for _ in 0..reps.max(1) {
        let t0 = Instant::now();
        arts = pages
            .iter()
            .map(|(_, h, u)| extract::extract_article(h, u.as_deref()))
            .collect::<Vec<_>>();
        best = best.min(t0.elapsed().as_secs_f64());
    }
    let mb: f64 = pages.iter().map(|p| p.1.len() as f64).sum::<f64>() / 1e6;
    eprintln!(
        "{} pages in {:.3}s: {:.1} pages/s, {:.1} MB html/s (best of {})",
        pages.len(),
        best,
        pages.len() as f64 / best,
        mb / best,
        reps.max(1)
    );
    // How much of the text the source map covers, and whether every span points at the same
    // first word on both sides.
    let (mut covered, mut total, mut spans, mut agree) = (0usize, 0usize, 0usize, 0usize);
    for ((_, html, _), a) in pages.iter().zip(&arts) {
        total += a.text.len();
        for s in &a.source_map {
            covered += s.text.len() as usize;
            spans += 1;
            let first = |x: &str| {
                x.split(|c: char| !c.is_ascii_alphanumeric())
                    .find(|w| !w.is_empty())
                    .map(str::to_string)
            };
            let t = a.text.get(s.text.as_usize()).and_then(first);
            let h = html.get(s.html.as_usize()).and_then(first);
            agree += usize::from(t.is_some() && t == h);
        }
    }
    eprintln!(
        "source map: {spans} spans cover {:.1}% of text bytes; {agree} spans agree on their first word",
        100.0 * covered as f64 / total.max(1) as f64
    );
    if let Some(out) = paths.get(1) {
        let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
        for ((id, _, _), a) in pages.iter().zip(&arts) {
            let line = serde_json::json!({"id": id, "text": a.text, "meta": a.meta});
            writeln!(w, "{line}")?;
        }
    }
    Ok(())
}
