//! Reads interchange JSONL (`id`, `text`, `date`), extracts quotes and writes predictions with
//! code-point offsets. Usage: `quote_jsonl [--split] [--designations] IN.jsonl OUT.jsonl`
//! (`-` for stdin/stdout). Prints words/s to stderr.

use anyhow::{Context, Result};
use doc::{Annotator, DocMeta, Document, OffsetIndex, TextRange};
use quotes::{QuoteExtractor, designations};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, BufWriter, Write};

fn span(idx: &OffsetIndex, r: TextRange) -> Value {
    json!({"start": idx.byte_to_char(r.start), "end": idx.byte_to_char(r.end)})
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let merge = !args.iter().any(|a| a == "--split");
    let with_designations = args.iter().any(|a| a == "--designations");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let input: Box<dyn BufRead> = match paths.first().map(|s| s.as_str()) {
        None | Some("-") => Box::new(BufReader::new(std::io::stdin())),
        Some(p) => Box::new(BufReader::new(
            std::fs::File::open(p).with_context(|| format!("open {p}"))?,
        )),
    };
    let mut out: Box<dyn Write> = match paths.get(1).map(|s| s.as_str()) {
        None | Some("-") => Box::new(BufWriter::new(std::io::stdout())),
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("create {p}"))?,
        )),
    };
    let tok = tokenize::Tokenizer::new();
    let qx = QuoteExtractor::new().merge_split_quotes(merge);
    let (mut ndocs, mut nwords) = (0usize, 0usize);
    let mut busy = std::time::Duration::ZERO;
    let mut busy_quote = std::time::Duration::ZERO;
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).with_context(|| format!("line {}", n + 1))?;
        let id = v["id"].as_str().unwrap_or("").to_string();
        let text = v["text"].as_str().unwrap_or("").to_string();
        let mut meta = DocMeta::new(id.clone());
        meta.published = v["date"].as_str().map(str::to_string);
        let mut d = Document::new(meta, text.clone())?;
        let t0 = std::time::Instant::now();
        tok.annotate(&mut d)?;
        let tq = std::time::Instant::now();
        qx.annotate(&mut d)?;
        busy_quote += tq.elapsed();
        let des = if with_designations {
            designations(&d)
        } else {
            Vec::new()
        };
        busy += t0.elapsed();
        ndocs += 1;
        nwords += text.split_whitespace().count();
        let idx = d.offset_index();
        let quotes: Vec<Value> = d
            .quote_items()
            .iter()
            .map(|q| {
                json!({
                    "start": idx.byte_to_char(q.range.start),
                    "end": idx.byte_to_char(q.range.end),
                    "direct": q.direct,
                    "speaker": q.speaker.map(|r| span(&idx, r)),
                    "cue": q.cue.map(|r| span(&idx, r)),
                    "speaker_entity": q.speaker_entity,
                    "confidence": q.confidence,
                })
            })
            .collect();
        let mut o = json!({"id": id, "text": text, "date": v["date"], "quotes": quotes});
        if with_designations {
            o["designations"] = des.iter().map(|&r| span(&idx, r)).collect();
        }
        writeln!(out, "{o}")?;
    }
    out.flush()?;
    let secs = busy.as_secs_f64().max(1e-9);
    let qsecs = busy_quote.as_secs_f64().max(1e-9);
    eprintln!(
        "docs={ndocs} words={nwords} seconds={secs:.3} words_per_s={:.0} (all annotators run) \
         quote_seconds={qsecs:.3} quote_words_per_s={:.0}",
        nwords as f64 / secs,
        nwords as f64 / qsecs
    );
    Ok(())
}
