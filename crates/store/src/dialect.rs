//! SQLite's dialect rewritten for PostgreSQL, one statement text at a time (the result is
//! cached per connection). The store writes its SQL once, for SQLite, following three
//! conventions that make this rewrite a token scan rather than a parser:
//! - SQL keywords in capitals, column names in lower case (`end` is a column, `END` closes a
//!   `CASE`; PostgreSQL reserves the word, so the column is quoted);
//! - values only as `?N` placeholders (never spliced into the text);
//! - full-text search only through the store's search functions (FTS5 has no rewrite here).
//!
//! The rewrites: placeholders become pieces the connection fills with literals; `INSERT OR
//! IGNORE` → `ON CONFLICT DO NOTHING`; `BEGIN IMMEDIATE` → `BEGIN` plus the writers' advisory
//! lock; `GLOB 'pattern'` → a regular expression; two-argument `max`/`min` → `GREATEST`/`LEAST`;
//! `group_concat(x)` → `string_agg(x::text, ',')`; `json_each` → `json_array_elements_text`;
//! `json_valid(x)` → a cast to `json`; `LIKE` → `ILIKE` (SQLite's LIKE ignores ASCII case);
//! `ORDER BY` terms get SQLite's `NULL` order (first ascending, last descending); and in
//! schema text `INTEGER PRIMARY KEY` → `BIGSERIAL PRIMARY KEY`, `INTEGER` → `BIGINT`, `REAL` →
//! `DOUBLE PRECISION`, `BLOB` → `BYTEA`, `TEXT` → `TEXT COLLATE "C"` (byte order, as SQLite's
//! `BINARY`), `WITHOUT ROWID` dropped, and FTS5 virtual tables and their triggers dropped (the
//! PostgreSQL schema adds `tsvector` columns with GIN indexes instead, see `schema.rs`).

use crate::sql::PG_WRITE_LOCK;

/// A piece of translated SQL.
#[derive(Debug, PartialEq)]
pub(crate) enum Piece {
    Sql(String),
    /// Placeholder `?N` (1-based).
    Param(usize),
}

/// A statement translated for PostgreSQL, with holes for its values.
#[derive(Debug)]
pub(crate) struct Template {
    pub(crate) pieces: Vec<Piece>,
    pub(crate) len_hint: usize,
}

impl Template {
    /// The text with every placeholder as `NULL` (for statements without values).
    pub(crate) fn sql(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Sql(s) => out.push_str(s),
                Piece::Param(_) => out.push_str("NULL"),
            }
        }
        out
    }
}

struct Out {
    pieces: Vec<Piece>,
    cur: String,
}

impl Out {
    fn push(&mut self, s: &str) {
        self.cur.push_str(s);
    }
    fn param(&mut self, n: usize) {
        let s = std::mem::take(&mut self.cur);
        self.pieces.push(Piece::Sql(s));
        self.pieces.push(Piece::Param(n));
    }
}

/// What closing a parenthesis must add.
#[derive(Clone, Copy, PartialEq)]
enum Close {
    Plain,
    /// `string_agg(x::text, ',')`.
    GroupConcat,
    /// `(x)::json IS NOT NULL`.
    JsonValid,
}

/// An `ORDER BY` clause being rewritten: its parenthesis depth and whether the current term
/// is descending.
struct Order {
    depth: usize,
    desc: bool,
}

/// Index just past the parenthesis that closes the one opened at `open` (skipping quotes).
fn matching(b: &[u8], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\'' | b'"' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Whether the parenthesized text opened at `open` has a comma at its top level.
fn has_top_comma(b: &[u8], open: usize) -> bool {
    let end = matching(b, open);
    let mut depth = 0;
    let mut i = open;
    while i < end {
        match b[i] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' if depth == 1 => return true,
            b'\'' | b'"' => {
                let q = b[i];
                i += 1;
                while i < end && b[i] != q {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// A GLOB pattern as an anchored POSIX regular expression.
fn glob_to_regex(glob: &str) -> String {
    let mut re = String::from("^");
    let mut in_class = false;
    for c in glob.chars() {
        match c {
            '[' if !in_class => {
                in_class = true;
                re.push('[');
            }
            ']' if in_class => {
                in_class = false;
                re.push(']');
            }
            _ if in_class => re.push(c),
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '.' | '+' | '(' | ')' | '{' | '}' | '^' | '$' | '|' | '\\' => {
                re.push('\\');
                re.push(c);
            }
            _ => re.push(c),
        }
    }
    re.push('$');
    re.replace("''", "'")
}

/// The next word (identifier or keyword) at `i`, if any.
fn word_at(b: &[u8], i: usize) -> Option<&str> {
    let start = i;
    let mut j = i;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        j += 1;
    }
    (j > start && !b[start].is_ascii_digit())
        .then(|| std::str::from_utf8(&b[start..j]).unwrap_or(""))
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Translates one SQLite statement text (one or several statements) for PostgreSQL.
pub(crate) fn translate(sql: &str) -> Template {
    let b = sql.as_bytes();
    let mut out = Out {
        pieces: Vec::new(),
        cur: String::with_capacity(sql.len() + 32),
    };
    let mut parens: Vec<Close> = Vec::new();
    let mut order: Option<Order> = None;
    let mut on_conflict_nothing = false;
    let mut next_param = 1;
    let mut i = 0;

    // Closes an ORDER BY term with SQLite's NULL order.
    fn end_term(out: &mut Out, order: &mut Option<Order>) {
        if let Some(o) = order {
            // Before the whitespace that ended the term.
            let kept = out.cur.trim_end().len();
            let tail = out.cur.split_off(kept);
            out.push(if o.desc {
                " NULLS LAST"
            } else {
                " NULLS FIRST"
            });
            out.push(&tail);
            o.desc = false;
        }
    }
    // Ends a statement: ORDER BY term, pending ON CONFLICT.
    fn end_statement(out: &mut Out, order: &mut Option<Order>, conflict: &mut bool) {
        end_term(out, order);
        *order = None;
        if std::mem::take(conflict) {
            // Before a RETURNING clause, if any.
            match out.cur.rfind(" RETURNING ") {
                Some(at) => out.cur.insert_str(at, " ON CONFLICT DO NOTHING"),
                None => out.push(" ON CONFLICT DO NOTHING"),
            }
        }
    }

    while i < b.len() {
        let c = b[i];
        // Comments.
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        // Quoted strings and identifiers, copied as they are.
        if c == b'\'' || c == b'"' {
            let start = i;
            i += 1;
            while i < b.len() {
                if b[i] == c {
                    if b.get(i + 1) == Some(&c) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push(&sql[start..i]);
            continue;
        }
        if c == b'?' {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let n = if j > i + 1 {
                sql[i + 1..j].parse().unwrap_or(0)
            } else {
                next_param
            };
            next_param = n + 1;
            out.param(n);
            i = j;
            continue;
        }
        if c == b'(' {
            parens.push(Close::Plain);
            out.push("(");
            i += 1;
            continue;
        }
        if c == b')' {
            if let Some(o) = &order
                && o.depth == parens.len()
            {
                end_term(&mut out, &mut order);
                order = None;
            }
            match parens.pop() {
                Some(Close::GroupConcat) => out.push("::text, ',')"),
                Some(Close::JsonValid) => out.push(")::json IS NOT NULL)"),
                _ => out.push(")"),
            }
            i += 1;
            continue;
        }
        if c == b',' {
            if let Some(o) = &order
                && o.depth == parens.len()
            {
                end_term(&mut out, &mut order);
            }
            out.push(",");
            i += 1;
            continue;
        }
        if c == b';' {
            end_statement(&mut out, &mut order, &mut on_conflict_nothing);
            out.push(";");
            i += 1;
            continue;
        }
        if let Some(w) = word_at(b, i).filter(|_| i == 0 || !is_word_byte(b[i - 1])) {
            let after = i + w.len();
            let next_at = skip_space(b, after);
            let next = word_at(b, next_at);
            match w {
                "end" => out.push("\"end\""),
                "GLOB" if b.get(next_at) == Some(&b'\'') => {
                    let close = {
                        let mut j = next_at + 1;
                        while j < b.len() && !(b[j] == b'\'' && b.get(j + 1) != Some(&b'\'')) {
                            j += if b[j] == b'\'' { 2 } else { 1 };
                        }
                        j.min(b.len())
                    };
                    let pattern = &sql[next_at + 1..close];
                    out.push("~ '");
                    out.push(&glob_to_regex(pattern).replace('\'', "''"));
                    out.push("'");
                    i = (close + 1).min(b.len());
                    continue;
                }
                "LIKE" => out.push("ILIKE"),
                "INSERT" if next == Some("OR") => {
                    let kind_at = skip_space(b, next_at + 2);
                    if word_at(b, kind_at) == Some("IGNORE") {
                        on_conflict_nothing = true;
                    }
                    out.push("INSERT");
                    i = kind_at + word_at(b, kind_at).map_or(0, str::len);
                    continue;
                }
                "BEGIN" if next == Some("IMMEDIATE") => {
                    out.push(&format!(
                        "BEGIN; SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})"
                    ));
                    i = next_at + "IMMEDIATE".len();
                    continue;
                }
                "CREATE" if matches!(next, Some("VIRTUAL") | Some("TRIGGER")) => {
                    // Skip the statement: a trigger up to `END;`, a virtual table up to `;`.
                    let trigger = next == Some("TRIGGER");
                    let mut j = next_at;
                    loop {
                        if j >= b.len() {
                            break;
                        }
                        if b[j] == b'\'' {
                            j = matching_quote(b, j);
                            continue;
                        }
                        if b[j] == b';' && !trigger {
                            j += 1;
                            break;
                        }
                        if trigger
                            && word_at(b, j) == Some("END")
                            && !is_word_byte(b[j - 1])
                            && b.get(skip_space(b, j + 3)) == Some(&b';')
                        {
                            j = skip_space(b, j + 3) + 1;
                            break;
                        }
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                "WITHOUT" if next == Some("ROWID") => {
                    i = next_at + "ROWID".len();
                    continue;
                }
                "INTEGER" => {
                    let pk = next == Some("PRIMARY");
                    out.push(if pk { "BIGSERIAL" } else { "BIGINT" });
                }
                "REAL" => out.push("DOUBLE PRECISION"),
                "BLOB" => out.push("BYTEA"),
                "TEXT" => out.push("TEXT COLLATE \"C\""),
                "DESC" if order.is_some() => {
                    if let Some(o) = &mut order {
                        o.desc = true;
                    }
                    out.push("DESC");
                }
                "LIMIT" | "OFFSET" | "UNION" | "EXCEPT" | "INTERSECT" if order.is_some() => {
                    end_term(&mut out, &mut order);
                    order = None;
                    out.push(w);
                }
                "ORDER" if next == Some("BY") => {
                    out.push("ORDER BY");
                    order = Some(Order {
                        depth: parens.len(),
                        desc: false,
                    });
                    i = next_at + 2;
                    continue;
                }
                "max" | "min" | "MAX" | "MIN"
                    if b.get(after) == Some(&b'(') && has_top_comma(b, after) =>
                {
                    out.push(if w.eq_ignore_ascii_case("max") {
                        "GREATEST"
                    } else {
                        "LEAST"
                    });
                }
                "group_concat" if b.get(after) == Some(&b'(') => {
                    out.push("string_agg(");
                    parens.push(Close::GroupConcat);
                    i = after + 1;
                    continue;
                }
                "json_valid" if b.get(after) == Some(&b'(') => {
                    out.push("((");
                    parens.push(Close::JsonValid);
                    i = after + 1;
                    continue;
                }
                "json_each" => out.push("json_array_elements_text"),
                _ => out.push(w),
            }
            i = after;
            continue;
        }
        // Anything else, one character at a time (keeping UTF-8 whole).
        let len = utf8_len(c);
        out.push(&sql[i..(i + len).min(sql.len())]);
        i += len;
    }
    end_statement(&mut out, &mut order, &mut on_conflict_nothing);
    let last = std::mem::take(&mut out.cur);
    out.pieces.push(Piece::Sql(last));
    let len_hint = out
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Sql(s) => s.len(),
            Piece::Param(_) => 8,
        })
        .sum();
    Template {
        pieces: out.pieces,
        len_hint,
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn matching_quote(b: &[u8], open: usize) -> usize {
    let q = b[open];
    let mut j = open + 1;
    while j < b.len() {
        if b[j] == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(sql: &str) -> String {
        translate(sql)
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Sql(s) => s.clone(),
                Piece::Param(n) => format!("${n}"),
            })
            .collect()
    }

    #[test]
    fn placeholders_columns_and_upserts() {
        assert_eq!(
            text("SELECT start, end FROM m WHERE id = ?1 AND x = ?2"),
            "SELECT start, \"end\" FROM m WHERE id = $1 AND x = $2"
        );
        assert_eq!(
            text("INSERT OR IGNORE INTO t(a) VALUES (?1) RETURNING id"),
            "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id"
        );
        assert_eq!(
            text("SET pinned = max(pinned, excluded.pinned), n = max(n)"),
            "SET pinned = GREATEST(pinned, excluded.pinned), n = max(n)"
        );
        assert_eq!(
            text("SELECT group_concat(f.id) FROM f"),
            "SELECT string_agg(f.id::text, ',') FROM f"
        );
    }

    #[test]
    fn order_by_keeps_sqlite_null_order() {
        assert_eq!(
            text("SELECT a FROM t ORDER BY a DESC, b LIMIT ?1"),
            "SELECT a FROM t ORDER BY a DESC NULLS LAST, b NULLS FIRST LIMIT $1"
        );
        assert_eq!(
            text("SELECT (SELECT x FROM u ORDER BY y) FROM t"),
            "SELECT (SELECT x FROM u ORDER BY y NULLS FIRST) FROM t"
        );
    }

    #[test]
    fn glob_strings_comments_and_schema() {
        assert_eq!(
            text("WHERE v GLOB '[0-9]*' AND s = 'it''s ?1 end' -- don't\n"),
            "WHERE v ~ '^[0-9].*$' AND s = 'it''s ?1 end' \n"
        );
        assert_eq!(
            text("CREATE TABLE t (id INTEGER PRIMARY KEY, x REAL, b BLOB, s TEXT) WITHOUT ROWID;"),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, x DOUBLE PRECISION, b BYTEA, s TEXT COLLATE \"C\") ;"
        );
        assert_eq!(
            text(
                "CREATE VIRTUAL TABLE f USING fts5(a, b);\nCREATE TRIGGER g AFTER INSERT ON t BEGIN\n INSERT INTO f VALUES (1);\nEND;\nSELECT 1;"
            ),
            "\n\nSELECT 1;"
        );
    }
}
