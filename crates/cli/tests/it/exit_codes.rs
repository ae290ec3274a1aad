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
