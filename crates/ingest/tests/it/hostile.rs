//! The hostile-input corpus (`tests/fixtures/hostile/` at the repository root, described in its
//! README.md) plus the big cases generated here: every file is either ingested correctly or gets
//! a clear error naming it, nothing panics, and the other files continue.

use crate::{NOW, hostile_dir, on_small_stack, read_file};
use ingest::{IngestError, IngestOptions, Input, NoCache, Task, TaskOutput, expand, read_task};
use std::collections::BTreeMap;
use std::fs;

fn corpus() -> BTreeMap<String, TaskOutput> {
    let opts = IngestOptions::default();
    let mut out = BTreeMap::new();
    for task in expand(&[Input::Path(hostile_dir())]) {
        let task = task.expect("every fixture is listed");
        let Task::File { path, .. } = &task else {
            panic!("files only")
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(name, read_task(&task, &opts, &NoCache, NOW));
    }
    out
}

fn only_error(out: &TaskOutput) -> &IngestError {
    assert_eq!(out.docs.len(), 1, "{:?}", out.docs);
    out.docs[0].as_ref().expect_err("should fail")
}

fn only_doc(out: &TaskOutput) -> &doc::Document {
    assert_eq!(out.docs.len(), 1, "{:?}", out.docs);
    out.docs[0].as_ref().expect("should be ingested")
}

#[test]
fn every_fixture_has_its_expected_outcome() {
    let all = on_small_stack(corpus);
    let names: Vec<&str> = all.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        vec![
            "README.md",
            "binary.png",
            "empty-feed.xml",
            "empty.txt",
            "invalid-utf8.txt",
            "latin1.html",
            "scripts-only.html",
            "truncated-feed.xml",
            "utf16le-bom.txt",
        ]
    );
    // Every error names its file.
    for (name, out) in &all {
        for e in out.docs.iter().filter_map(|d| d.as_ref().err()) {
            assert!(e.to_string().contains(name.as_str()), "{e}");
            assert!(e.source_name().ends_with(name.as_str()));
        }
        for w in &out.warnings {
            assert!(w.contains(name.as_str()), "{w}");
        }
    }

    assert!(
        matches!(only_error(&all["binary.png"]), IngestError::Binary { why, .. } if why.contains("PNG"))
    );
    assert!(matches!(
        only_error(&all["empty.txt"]),
        IngestError::Empty { .. }
    ));
    assert!(matches!(
        only_error(&all["scripts-only.html"]),
        IngestError::NoText { .. }
    ));
    // The complete first item is kept; the cut is an error naming the file.
    let truncated = &all["truncated-feed.xml"];
    assert_eq!(truncated.docs.len(), 2);
    let d = truncated.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.id, "https://harbour-gazette.example/ferry");
    assert!(
        d.text()
            .starts_with("The winter ferry timetable starts on Monday")
    );
    let e = truncated.docs[1].as_ref().unwrap_err();
    assert!(matches!(e, IngestError::Feed { .. }), "{e}");
    assert!(e.to_string().contains("only the 1 complete entries"), "{e}");

    let empty_feed = &all["empty-feed.xml"];
    assert!(empty_feed.docs.is_empty());
    assert!(
        empty_feed.warnings[0].contains("no entries"),
        "{:?}",
        empty_feed.warnings
    );

    let d = only_doc(&all["invalid-utf8.txt"]);
    for w in ["café", "naïve", "crème brûlée", "Zürich"] {
        assert!(d.text().contains(w), "{w} missing from {:?}", d.text());
    }
    assert!(!d.text().contains('\u{fffd}'));
    assert!(d.meta.extra["ingest_warning"].contains("not valid UTF-8"));
    assert!(all["invalid-utf8.txt"].warnings[0].contains("stray bytes"));

    let d = only_doc(&all["utf16le-bom.txt"]);
    assert_eq!(d.meta.title.as_deref(), Some("Weather Report"));
    assert!(d.text().contains("Zürich and Göteborg"));
    assert!(d.text().contains("Umeå"));
    assert!(!d.text().starts_with('\u{feff}'));
    assert_eq!(d.meta.extra["charset"], "UTF-16LE (bom)");

    let d = only_doc(&all["latin1.html"]);
    assert!(
        d.text()
            .contains("La fête a réuni des milliers de personnes près de la cathédrale"),
        "{}",
        d.text()
    );
    assert!(d.text().contains("Les cafés sont restés ouverts"));
    assert_eq!(d.meta.extra["charset"], "windows-1252 (meta)");
    assert_eq!(d.meta.language.as_deref(), Some("fr"));

    assert!(only_doc(&all["README.md"]).text().contains("hostile"));
}

#[test]
fn file_over_the_size_cap_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    // Default cap (50 MiB): a sparse file, so nothing big is written or read.
    let big = tmp.path().join("huge.txt");
    let f = fs::File::create(&big).unwrap();
    f.set_len(ingest::DEFAULT_MAX_BYTES + 1).unwrap();
    let out = read_file(&big, &IngestOptions::default());
    match only_error(&out) {
        e @ IngestError::TooLarge { size, max, .. } => {
            assert_eq!(
                (*size, *max),
                (ingest::DEFAULT_MAX_BYTES + 1, ingest::DEFAULT_MAX_BYTES)
            );
            assert!(e.to_string().contains("huge.txt"), "{e}");
        }
        other => panic!("{other}"),
    }
    // A configured cap.
    let small = tmp.path().join("small.txt");
    fs::write(&small, "word ".repeat(400)).unwrap();
    let opts = IngestOptions {
        max_bytes: 1000,
        ..IngestOptions::default()
    };
    assert!(matches!(
        only_error(&read_file(&small, &opts)),
        IngestError::TooLarge { size: 2000, .. }
    ));
    let out = ingest::read_bytes(
        "<stdin>",
        "word ".repeat(400).as_bytes(),
        ingest::Format::Auto,
        &opts,
    );
    assert!(matches!(only_error(&out), IngestError::TooLarge { .. }));
}

#[test]
fn twenty_megabyte_single_line_is_one_document() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("one-line.txt");
    let line = "Rain fell all day on the valley and the river rose. ".repeat(400_000);
    assert!(line.len() >= 20_000_000);
    fs::write(&path, &line).unwrap();
    let len = line.len();
    let out = on_small_stack(move || read_file(&path, &IngestOptions::default()));
    let d = only_doc(&out);
    assert_eq!(d.text().len(), len);
    assert_eq!(d.meta.title, None);
    assert_eq!(d.meta.language.as_deref(), Some("en"));
}

#[test]
fn html_nested_ten_thousand_levels_does_not_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("deep.html");
    let html = format!(
        "<html><head><title>Deep</title></head><body>{}<p>Text at the bottom of the pit.</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    fs::write(&path, html).unwrap();
    let out = on_small_stack(move || read_file(&path, &IngestOptions::default()));
    let d = only_doc(&out);
    assert_eq!(d.text(), "Text at the bottom of the pit.");
    assert!(
        out.warnings[0].contains("levels deep"),
        "{:?}",
        out.warnings
    );

    // Just under the limit the page goes through the DOM extractor: still no overflow.
    let html = format!(
        "<html><body>{}<p>Text under five hundred divs.</p>{}</body></html>",
        "<div>".repeat(500),
        "</div>".repeat(500)
    );
    let out = on_small_stack(move || {
        ingest::read_bytes(
            "d500.html",
            html.as_bytes(),
            ingest::Format::Auto,
            &IngestOptions::default(),
        )
    });
    assert_eq!(only_doc(&out).text(), "Text under five hundred divs.");
    assert!(
        out.warnings.iter().all(|w| !w.contains("levels deep")),
        "{:?}",
        out.warnings
    );

    // Nested tables and lists count every level a parser would build.
    let html = format!("{}<p>Cell text.</p>", "<table><tr><td>".repeat(300));
    let out = on_small_stack(move || {
        ingest::read_bytes(
            "tables.html",
            html.as_bytes(),
            ingest::Format::Html,
            &IngestOptions::default(),
        )
    });
    assert_eq!(only_doc(&out).text(), "Cell text.");
    assert!(
        out.warnings[0].contains("levels deep"),
        "{:?}",
        out.warnings
    );

    // The same depth inside a feed entry body.
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>T</title><item><guid>urn:x:1</guid><description><![CDATA[{}Deep entry text.{}]]></description></item></channel></rss>",
        "<span>".repeat(10_000),
        "</span>".repeat(10_000)
    );
    let out = on_small_stack(move || {
        ingest::read_bytes(
            "deep.xml",
            rss.as_bytes(),
            ingest::Format::Auto,
            &IngestOptions::default(),
        )
    });
    assert_eq!(only_doc(&out).text(), "Deep entry text.");

    // Atom XHTML content and unknown RSS elements nested 10,000 deep: the feed parser copes too.
    let atom = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>urn:a:1</id><title>x</title><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{}Deep xhtml.{}</div></content></entry></feed>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>T</title><item><guid>urn:x:1</guid><description>Shallow text.</description><x>{}{}</x></item></channel></rss>",
        "<y>".repeat(10_000),
        "</y>".repeat(10_000)
    );
    let outs = on_small_stack(move || {
        let opts = IngestOptions::default();
        [
            ingest::read_bytes("atom.xml", atom.as_bytes(), ingest::Format::Auto, &opts),
            ingest::read_bytes("rss.xml", rss.as_bytes(), ingest::Format::Auto, &opts),
        ]
    });
    assert_eq!(only_doc(&outs[0]).text(), "Deep xhtml.");
    assert_eq!(only_doc(&outs[1]).text(), "Shallow text.");
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), "First good file with some words.").unwrap();
    fs::write(tmp.path().join("b.bin"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    fs::write(
        tmp.path().join("c.txt"),
        "Second good file with some words.",
    )
    .unwrap();
    let opts = IngestOptions::default();
    let results: Vec<bool> = expand(&[Input::Path(tmp.path().to_path_buf())])
        .map(|t| read_task(&t.unwrap(), &opts, &NoCache, NOW))
        .map(|o| o.docs.iter().all(Result::is_ok))
        .collect();
    assert_eq!(results, vec![true, false, true]);
}
