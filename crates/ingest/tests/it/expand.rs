//! Folder expansion: sorted, recursive, hidden files skipped, errors inline.

use ingest::{IngestError, Input, Task, expand};
use std::fs;

#[test]
fn folders_are_walked_in_sorted_order_skipping_hidden_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    fs::create_dir_all(root.join("b/inner")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    for f in [
        "z.txt",
        "a.txt",
        "b/inner/c.md",
        "b/d.html",
        ".DS_Store",
        ".git/config",
        "Thumbs.db",
    ] {
        fs::write(root.join(f), "Some text.").unwrap();
    }
    let single = tmp.path().join("single.txt");
    fs::write(&single, "x").unwrap();
    let inputs = vec![
        Input::Path(root.clone()),
        Input::Path(tmp.path().join("missing.txt")),
        Input::Url("https://example.test/feed".into()),
        Input::Path(single.clone()),
        Input::Stdin,
    ];
    let tasks: Vec<_> = expand(&inputs).collect();
    let ids: Vec<String> = tasks
        .iter()
        .map(|t| match t {
            Ok(Task::File { id, .. }) => id.clone(),
            Ok(Task::Url(u)) => u.clone(),
            Ok(Task::Stdin) => "-".into(),
            Err(e) => format!("ERR {e}"),
        })
        .collect();
    let dir = tmp.path().canonicalize().unwrap();
    let tmp_name = dir.file_name().unwrap().to_string_lossy();
    assert_eq!(
        ids,
        vec![
            "file:corpus/a.txt".to_string(),
            "file:corpus/b/d.html".into(),
            "file:corpus/b/inner/c.md".into(),
            "file:corpus/z.txt".into(),
            format!(
                "ERR {}: no such file or folder; check the path",
                tmp.path().join("missing.txt").display()
            ),
            "https://example.test/feed".into(),
            format!("file:{tmp_name}/single.txt"),
            "-".into(),
        ]
    );
    assert!(matches!(tasks[4], Err(IngestError::NotFound { .. })));
    // The same folder named differently gives the same ids.
    let again: Vec<_> = expand(&[Input::Path(root.join("b/.."))])
        .filter_map(|t| match t {
            Ok(Task::File { id, .. }) => Some(id),
            _ => None,
        })
        .collect();
    assert_eq!(again.first().map(String::as_str), Some("file:corpus/a.txt"));
}

#[test]
fn arguments_are_parsed() {
    assert_eq!(Input::parse("-"), Input::Stdin);
    assert_eq!(
        Input::parse("HTTPS://x.test/a"),
        Input::Url("HTTPS://x.test/a".into())
    );
    assert_eq!(
        Input::parse("file:///tmp/a.txt"),
        Input::Path("/tmp/a.txt".into())
    );
    assert_eq!(
        Input::parse("notes/a.txt"),
        Input::Path("notes/a.txt".into())
    );
}
