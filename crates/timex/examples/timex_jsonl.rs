//! Reads interchange JSONL (`id`, `text`, `date`), tags time expressions and writes
//! `{"id","text","date","timexes":[{"start","end","type","value"}]}` with code-point offsets.
//!
//! Usage: `timex_jsonl < in.jsonl > out.jsonl` (or `timex_jsonl IN [OUT]`).
//! With `--bench`, prints the tagger's own throughput (tokenization excluded) to stderr.

use doc::{Annotator, DocMeta, Document};
use std::io::{BufRead, BufReader, Write};
use timex::TimexTagger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let input: Box<dyn BufRead> = match files.first() {
        Some(p) => Box::new(BufReader::new(std::fs::File::open(p)?)),
        None => Box::new(BufReader::new(std::io::stdin())),
    };
    let mut out: Box<dyn Write> = match files.get(1) {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let tok = tokenize::Tokenizer::new();
    let tagger = TimexTagger::new();
    let mut docs = Vec::new();
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let id = v["id"].as_str().unwrap_or("").to_string();
        let text = v["text"].as_str().unwrap_or("").to_string();
        let mut meta = DocMeta::new(id);
        meta.published = v["date"].as_str().map(str::to_string);
        let mut d = Document::new(meta, text)?;
        tok.annotate(&mut d)?;
        docs.push(d);
    }
    if bench {
        // Words as throughput.py counts them: whitespace-separated.
        let words: usize = docs
            .iter()
            .map(|d| d.text().split_whitespace().count())
            .sum();
        let tokens: usize = docs.iter().map(|d| d.token_items().len()).sum();
        let reps = 20;
        let mut best = f64::MAX;
        let mut n = 0usize;
        for _ in 0..reps {
            let t0 = std::time::Instant::now();
            n = 0;
            for d in &docs {
                n += tagger.tag(d).len();
            }
            best = best.min(t0.elapsed().as_secs_f64());
        }
        eprintln!(
            "timex: {} docs, {words} words, {tokens} tokens, {n} timexes, best of {reps}: {:.4} s, {:.0} words/s, {:.0} tokens/s",
            docs.len(),
            best,
            words as f64 / best,
            tokens as f64 / best
        );
    }
    for mut d in docs {
        tagger.annotate(&mut d)?;
        let idx = d.offset_index();
        let timexes: Vec<serde_json::Value> = d
            .timex_items()
            .iter()
            .map(|t| {
                serde_json::json!({
                    "start": idx.byte_to_char(t.range.start),
                    "end": idx.byte_to_char(t.range.end),
                    "type": t.kind.as_str(),
                    "value": t.value,
                    "text": d.slice(t.range),
                })
            })
            .collect();
        let o = serde_json::json!({
            "id": d.meta.id,
            "text": d.text(),
            "date": d.meta.published,
            "timexes": timexes,
        });
        writeln!(out, "{o}")?;
    }
    out.flush()?;
    Ok(())
}
