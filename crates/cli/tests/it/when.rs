//! Time on quotes and timelines: `quotes` shows the time a quote refers to with its evidence,
//! `timeline NAME` lists dated quotes as events in date order, `annotate` writes the time.

use super::ng;

/// Two dated quotes (this spring, in March) and an undated one, published 2024-08-25.
const ARTICLE: &str = concat!(
    "{\"id\": \"exiles\", \"date\": \"2024-08-25\", \"title\": \"Exiles in Kyiv\", \"text\": ",
    "\"Akhmed Zakayev leads the Chechen government-in-exile.\\n\\n",
    "“I could not have imagined my fate,” Zakayev told Foreign Policy during an interview in Kyiv this spring.\\n\\n",
    "Oleg Magaletsky founded the forum.\\n\\n",
    "“We need to be prepared for big changes,” Magaletsky said in March.\\n\\n",
    "“We are still here,” Zakayev said.\\n\"}\n"
);

fn ingest(dir: &std::path::Path) {
    std::fs::write(dir.join("exiles.jsonl"), ARTICLE).unwrap();
    let out = ng(dir)
        .args(["ingest", "--quiet", "exiles.jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = ng(dir).args(["--json"]).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn quotes_carry_the_time_they_refer_to_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path());
    let q = json(dir.path(), &["quotes"]);
    let rows = q.as_array().unwrap();
    let time_of = |start: &str| {
        rows.iter()
            .find(|r| r["text"].as_str().unwrap().starts_with(start))
            .map(|r| (r["time"].clone(), r["time_text"].clone()))
            .unwrap()
    };
    assert_eq!(
        time_of("I could not"),
        (
            serde_json::json!("2024-SP"),
            serde_json::json!("this spring")
        )
    );
    assert_eq!(
        time_of("We need"),
        (serde_json::json!("2024-03"), serde_json::json!("March"))
    );
    // No time expression: no time, and never the publication date.
    assert_eq!(
        time_of("We are still"),
        (serde_json::Value::Null, serde_json::Value::Null)
    );

    let out = ng(dir.path()).args(["quotes"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("time spring 2024 (“this spring”)"), "{text}");
    assert!(text.contains("time March 2024 (“March”)"), "{text}");
}

#[test]
fn timeline_lists_dated_quotes_as_events_in_date_order() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path());
    let t = json(dir.path(), &["timeline", "Zakayev"]);
    let dated = t["dated"].as_array().unwrap();
    let quotes: Vec<&serde_json::Value> = dated.iter().filter(|r| r["kind"] == "quote").collect();
    assert_eq!(quotes.len(), 1, "{t}");
    assert_eq!(quotes[0]["value"], "2024-SP");
    assert_eq!(quotes[0]["speaker"], "Akhmed Zakayev");
    assert_eq!(quotes[0]["time_text"], "this spring");
    assert_eq!(quotes[0]["doc"]["title"], "Exiles in Kyiv");
    // The expression that dates the quote is not listed twice.
    assert!(
        !dated
            .iter()
            .any(|r| r["kind"] == "timex" && r["text"] == "this spring"),
        "{t}"
    );

    // Across the store: spring sorts after March, before the publication date's month.
    let all = json(dir.path(), &["timeline"]);
    let values: Vec<&str> = all["dated"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "quote")
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, vec!["2024-03", "2024-SP"], "{all}");

    let out = ng(dir.path())
        .args(["timeline", "Zakayev"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        // The value is printed as people write it.
        text.contains(
            "spring 2024     [quote] Akhmed Zakayev: “I could not have imagined my fate,”"
        ),
        "{text}"
    );
    assert!(text.contains("— “this spring”, Exiles in Kyiv"), "{text}");
}

#[test]
fn annotate_writes_the_quote_time_as_extra_keys() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"id\": \"a\", \"date\": \"2024-08-25\", \"text\": \"“We need to be prepared,” Magaletsky said in March.\"}\n";
    let out = ng(dir.path())
        .args(["annotate", "-", "--quiet"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let q = &v["quotes"][0];
    assert_eq!(q["time"], "2024-03");
    // Code points: “ is one character, so "March" starts at 45.
    assert_eq!(
        q["time_evidence"],
        serde_json::json!({"start": 45, "end": 50})
    );
}
