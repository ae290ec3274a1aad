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
            Ok(Task::Url(u) | Task::Listed { url: u, .. }) => u.clone(),
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

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_and_walking_continues() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("news");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("a.txt"), "A text.").unwrap();
    fs::write(root.join("c.txt"), "C text.").unwrap();
    std::os::unix::fs::symlink(&root, root.join("b-loop")).unwrap();
    std::os::unix::fs::symlink(root.join("missing"), root.join("broken.txt")).unwrap();
    let out: Vec<String> = expand(&[Input::Path(root.clone())])
        .map(|t| match t {
            Ok(Task::File { id, .. }) => id,
            Ok(other) => format!("{other:?}"),
            Err(e) => format!("ERR {e}"),
        })
        .collect();
    assert_eq!(out.len(), 4, "{out:?}");
    assert_eq!(out[0], "file:news/a.txt");
    assert!(
        out[1].starts_with("ERR ") && out[1].contains("b-loop") && out[1].contains("loop"),
        "{}",
        out[1]
    );
    assert!(
        out[2].starts_with("ERR ") && out[2].contains("broken.txt"),
        "{}",
        out[2]
    );
    assert_eq!(out[3], "file:news/c.txt");
}
