//! Inputs to tasks: command-line arguments (paths, URLs, `-`) expanded lazily into one task per
//! file, URL or stdin; folders walked recursively in sorted order, hidden and junk files skipped.

use crate::IngestError;
use std::path::{Path, PathBuf};

/// What the user asked to ingest.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file or a folder (walked recursively).
    Path(PathBuf),
    /// An `http(s)` URL of a page or feed, named by the user: fetched wherever it points.
    Url(String),
    /// An `http(s)` URL found inside content (an OPML outline in `list`): fetched only when it
    /// and its redirects reach public addresses, unless `allow_private` (see `sources`).
    Listed { url: String, list: String },
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// Reads a command-line argument: `-` is stdin, `http(s)://` a URL, `file://` and anything
    /// else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else if crate::http::is_http_url(arg) {
            Input::Url(arg.to_string())
        } else if let Some(p) = arg.strip_prefix("file://") {
            Input::Path(PathBuf::from(p.strip_prefix("localhost").unwrap_or(p)))
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// What makes two inputs the same source (a URL listed twice, or named and listed, is read
    /// once).
    pub fn key(&self) -> Input {
        match self {
            Input::Listed { url, .. } => Input::Url(url.clone()),
            other => other.clone(),
        }
    }
}

/// One unit of work: one file, one URL or stdin. The engine reads and commits tasks one at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Task {
    /// A file; `id` is its stable document id (`file:<folder>/<relative path>`).
    File {
        path: PathBuf,
        id: String,
    },
    /// A URL the user named.
    Url(String),
    /// A URL found inside content (see [`Input::Listed`]).
    Listed {
        url: String,
        list: String,
    },
    Stdin,
}

impl Task {
    /// The file path or URL, for messages.
    pub fn name(&self) -> String {
        match self {
            Task::File { path, .. } => path.display().to_string(),
            Task::Url(u) | Task::Listed { url: u, .. } => u.clone(),
            Task::Stdin => "<stdin>".to_string(),
        }
    }
}

/// Expands inputs lazily into tasks, in input order; folders in sorted (byte-wise file name)
/// order. A missing path or an unreadable folder entry is an `Err` item; expansion continues.
pub fn expand(inputs: &[Input]) -> Expand {
    Expand {
        inputs: inputs.iter().cloned().collect(),
        walk: None,
    }
}

/// The lazy iterator returned by [`expand`].
pub struct Expand {
    inputs: std::collections::VecDeque<Input>,
    walk: Option<Walk>,
}

struct Walk {
    it: Filtered,
    root: PathBuf,
    prefix: String,
}

impl Iterator for Expand {
    type Item = Result<Task, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(w) = &mut self.walk {
                match w.it.next() {
                    Some(Ok(entry)) => {
                        if entry.file_type().is_file() {
                            let rel = entry.path().strip_prefix(&w.root).unwrap_or(entry.path());
                            let id = format!("file:{}{}", w.prefix, slash_path(rel));
                            return Some(Ok(Task::File {
                                path: entry.into_path(),
                                id,
                            }));
                        }
                        continue;
                    }
                    Some(Err(e)) => {
                        let path = e.path().unwrap_or(&w.root).display().to_string();
                        let source = match e.loop_ancestor() {
                            Some(a) => std::io::Error::other(format!(
                                "symbolic link loop back to {}",
                                a.display()
                            )),
                            None => e
                                .into_io_error()
                                .unwrap_or_else(|| std::io::Error::other("cannot walk folder")),
                        };
                        return Some(Err(IngestError::Io { path, source }));
                    }
                    None => self.walk = None,
                }
            }
            let input = self.inputs.pop_front()?;
            match input {
                Input::Url(u) => return Some(Ok(Task::Url(u))),
                Input::Listed { url, list } => return Some(Ok(Task::Listed { url, list })),
                Input::Stdin => return Some(Ok(Task::Stdin)),
                Input::Path(p) => match std::fs::metadata(&p) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        return Some(Err(IngestError::NotFound {
                            path: p.display().to_string(),
                        }));
                    }
                    Err(source) => {
                        return Some(Err(IngestError::Io {
                            path: p.display().to_string(),
                            source,
                        }));
                    }
                    Ok(m) if m.is_dir() => {
                        let prefix = dir_name(&p).map(|n| format!("{n}/")).unwrap_or_default();
                        let it = walkdir::WalkDir::new(&p)
                            .follow_links(true)
                            .sort_by_file_name()
                            .into_iter()
                            .filter_entry(keep_entry as fn(&walkdir::DirEntry) -> bool);
                        self.walk = Some(Walk {
                            it,
                            root: p,
                            prefix,
                        });
                    }
                    Ok(_) => {
                        let id = file_id(&p);
                        return Some(Ok(Task::File { path: p, id }));
                    }
                },
            }
        }
    }
}

/// Hidden entries (`.git`, `.DS_Store`) and junk files are skipped when walking folders.
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || matches!(name, "Thumbs.db" | "desktop.ini" | "__MACOSX" | "Icon\r")
}

type Filtered = walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool>;

fn keep_entry(e: &walkdir::DirEntry) -> bool {
    e.depth() == 0 || !is_skipped_name(&e.file_name().to_string_lossy())
}

/// The id of a file given directly: `file:<parent folder name>/<file name>`.
pub fn file_id(path: &Path) -> String {
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let file = canon
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match canon.parent().and_then(dir_name) {
        Some(parent) => format!("file:{parent}/{file}"),
        None => format!("file:{file}"),
    }
}

fn dir_name(p: &Path) -> Option<String> {
    let canon = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canon
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
