//! Measures how fast ingest reads documents (no store, no annotation):
//! `read_throughput [DIR]`. Without DIR it writes 2,000 small text files, 200 three-item RSS
//! feeds and 200 HTML pages to a temporary folder and reads those, then times the big hostile
//! cases (20 MB single line, HTML nested 10,000 deep).

use ingest::{IngestOptions, Input, NoCache, expand, read_task};
use std::path::Path;
use std::time::Instant;

fn main() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = match std::env::args().nth(1) {
        Some(d) => d.into(),
        None => {
            write_corpus(tmp.path());
            tmp.path().to_path_buf()
        }
    };
    let opts = IngestOptions::default();
    let t = Instant::now();
    let (mut tasks, mut docs, mut errors) = (0usize, 0usize, 0usize);
    for task in expand(&[Input::Path(dir)]) {
        tasks += 1;
        match task {
            Ok(task) => {
                let out = read_task(&task, &opts, &NoCache, "2026-01-01T00:00:00Z");
                let (ok, bad) = out.counts();
                docs += ok;
                errors += bad;
            }
            Err(_) => errors += 1,
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{tasks} files, {docs} documents, {errors} errors in {secs:.2} s: {:.0} documents/s",
        docs as f64 / secs
    );

    let line = "Rain fell all day on the valley and the river rose. ".repeat(400_000);
    let t = Instant::now();
    let out = ingest::read_bytes("one-line.txt", line.as_bytes(), ingest::Format::Auto, &opts);
    println!(
        "20 MB single line: {} document(s) in {:.2} s",
        out.counts().0,
        t.elapsed().as_secs_f64()
    );
    let deep = format!(
        "{}<p>x y z</p>{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let t = Instant::now();
    let out = ingest::read_bytes("deep.html", deep.as_bytes(), ingest::Format::Auto, &opts);
    println!(
        "HTML nested 10,000 deep: {} document(s) in {:.3} s",
        out.counts().0,
        t.elapsed().as_secs_f64()
    );
}

fn write_corpus(dir: &Path) {
    let para = "The council met on Tuesday to discuss the new bridge, the school budget and the \
                summer market. Residents asked questions about parking and the river path.";
    for i in 0..2000 {
        let text = format!("Council Notes {i}\n\n{para}\n\n{para} Item {i}.\n");
        std::fs::write(dir.join(format!("t{i:04}.txt")), text).expect("write");
    }
    for i in 0..200 {
        let items: String = (0..3)
            .map(|j| {
                format!(
                    "<item><title>Story {i}-{j}</title><link>https://x.test/{i}/{j}</link>\
                     <pubDate>Sun, 25 Aug 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>{para}</p>\
                     <p>The post Story appeared first on Test.</p>]]></description></item>"
                )
            })
            .collect();
        let rss =
            format!("<rss version=\"2.0\"><channel><title>T{i}</title>{items}</channel></rss>");
        std::fs::write(dir.join(format!("f{i:03}.xml")), rss).expect("write");
        let html = format!(
            "<html lang=en><head><title>Page {i}</title></head><body><nav>Menu</nav>\
             <article><h1>Page {i}</h1><p>{para}</p><p>{para}</p></article></body></html>"
        );
        std::fs::write(dir.join(format!("p{i:03}.html")), html).expect("write");
    }
}
