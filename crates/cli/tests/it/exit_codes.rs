//! Exit codes as the README promises them: 0 success, 1 a user or input error, 2 an internal
//! error.

use crate::ng;

#[test]
fn a_file_that_is_not_a_database_is_a_user_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let junk = dir.path().join("notes.db");
    std::fs::write(&junk, vec![0x42u8; 4096]).expect("write");
    for cmd in [&["stats"][..], &["entities"][..], &["search", "x"][..]] {
        let out = ng(dir.path())
            .args(cmd)
            .arg("--db")
            .arg(&junk)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd:?}: {stderr}");
        assert!(stderr.contains("notes.db"), "{cmd:?}: {stderr}");
    }
}

#[test]
fn a_database_path_that_cannot_be_opened_is_a_user_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = ng(dir.path())
        .args(["stats", "--db"])
        .arg(dir.path().join("no/such/dir/g.db"))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn success_is_zero() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = dir.path().join("note.txt");
    std::fs::write(
        &text,
        "Maria Lindqvist chairs the Harbour Trust in Malmo.\n",
    )
    .expect("write");
    for cmd in [&["ingest", "--quiet", "note.txt"][..], &["stats"][..]] {
        let out = ng(dir.path()).args(cmd).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_database_from_a_newer_version_is_a_user_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = ng(dir.path()).arg("stats").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    // SQLite keeps `PRAGMA user_version` (the schema version) at bytes 60..64 of the header.
    let db = dir.path().join("newsgraph.db");
    let mut bytes = std::fs::read(&db).expect("read");
    bytes[60..64].copy_from_slice(&9_999u32.to_be_bytes());
    std::fs::write(&db, bytes).expect("write");
    let out = ng(dir.path()).arg("stats").output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("9999"), "{stderr}");
}

#[test]
fn a_damaged_store_is_an_internal_error() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("note.txt"),
        "Maria Lindqvist chairs the Harbour Trust in Malmo.\n",
    )
    .expect("write");
    let out = ng(dir.path())
        .args(["ingest", "--quiet", "note.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    // Damage what newsgraph itself wrote: a layer's encoded items. Reading them back is not
    // the user's error but the program's (or the disk's): exit 2.
    let conn = rusqlite::Connection::open(dir.path().join("newsgraph.db")).expect("open");
    let n = conn
        .execute(
            "UPDATE layers SET items = x'ffffffff' WHERE kind = 'tokens'",
            [],
        )
        .expect("update");
    assert_eq!(n, 1);
    drop(conn);
    let out = ng(dir.path())
        .args(["export", "--format", "jsonl"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
