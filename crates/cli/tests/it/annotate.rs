//! `annotate`: interchange JSONL in, layers out, id/text/date unchanged.

use super::ng;

#[test]
fn annotate_keeps_id_text_date_and_adds_tokens_and_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"“We are ready,” Zakayev said. He left.\", \"date\": \"2024-03-01\", \"extra\": 1}\n",
        "{\"id\": \"b\", \"text\": \"Plain ASCII text here.\", \"date\": null}\n",
    );
    let out = ng(dir.path())
        .args(["annotate", "-", "--quiet"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["text"], "“We are ready,” Zakayev said. He left.");
    assert_eq!(lines[0]["date"], "2024-03-01");
    assert_eq!(lines[0]["extra"], 1);
    assert_eq!(lines[1]["date"], serde_json::Value::Null);
    // Code-point offsets: the first token is the opening quote, 0..1.
    assert_eq!(lines[0]["tokens"][0], serde_json::json!([0, 1]));
    assert_eq!(lines[0]["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn annotate_reports_bad_lines_and_continues() {
    let dir = tempfile::tempdir().unwrap();
    let input =
        "{\"id\": \"a\", \"text\": \"One.\"}\nnot json\n{\"id\": \"c\", \"text\": \"Three.\"}\n";
    let out = ng(dir.path())
        .args(["annotate", "--quiet"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}

#[test]
fn annotate_writes_deps_one_head_per_token_and_one_root_per_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"id\": \"a\", \"text\": \"The council met on Monday. It voted to leave.\"}\n";
    let out = ng(dir.path())
        .args(["annotate", "-", "--quiet"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let deps = v["deps"].as_array().unwrap();
    let tokens = v["tokens"].as_array().unwrap();
    assert_eq!(deps.len(), tokens.len());
    let roots = deps.iter().filter(|d| d["head"] == -1).count();
    assert_eq!(roots, v["sentences"].as_array().unwrap().len());
    for d in deps {
        let h = d["head"].as_i64().unwrap();
        assert!(h >= -1 && h < tokens.len() as i64);
        assert!(!d["rel"].as_str().unwrap().is_empty());
    }
}

#[test]
fn export_jsonl_writes_the_stored_deps() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(
        &file,
        "The council met on Monday. It voted to leave the league.\n",
    )
    .unwrap();
    let db = dir.path().join("n.db");
    let ok = ng(dir.path())
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--quiet"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = ng(dir.path())
        .arg("--db")
        .arg(&db)
        .args(["export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let deps = v["deps"].as_array().expect("deps are stored and exported");
    assert_eq!(deps.len(), v["tokens"].as_array().unwrap().len());
    let roots = deps.iter().filter(|d| d["head"] == -1).count();
    assert_eq!(roots, v["sentences"].as_array().unwrap().len());
}
