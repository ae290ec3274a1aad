//! The one seam between the store's logic and a database engine: a connection that is SQLite
//! or PostgreSQL, statements, rows and a small neutral value type. The store's queries are
//! written once, in SQLite's dialect with `?N` placeholders; [`crate::dialect`] rewrites each
//! statement once for PostgreSQL.
//!
//! The PostgreSQL side sends every statement as one simple-protocol query with its values
//! rendered as SQL literals (strings quoted, bytes as `bytea` hex) and reads every value back
//! as text, so the untyped values the store binds (an integer into a flag column, a `NULL`
//! compared with `IS NULL`) behave as they do in SQLite and no parameter type has to be
//! inferred.

use crate::StoreError;
use crate::dialect::{Piece, Template};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

pub(crate) type Result<T> = std::result::Result<T, StoreError>;

/// A value bound into a statement, borrowed from the caller.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ValueRef<'a> {
    Null,
    Integer(i64),
    /// SQLite stores it as 0 or 1; PostgreSQL reads it as a boolean or an integer, as the
    /// context needs (`'1'` and `'0'` are both).
    Bool(bool),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be bound into a statement.
pub(crate) trait ToValue {
    fn value(&self) -> ValueRef<'_>;
}

macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn value(&self) -> ValueRef<'_> {
                ValueRef::Integer(*self as i64)
            }
        }
    )*};
}
int_to_value!(u64, usize);

macro_rules! lossless_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn value(&self) -> ValueRef<'_> {
                ValueRef::Integer(i64::from(*self))
            }
        }
    )*};
}
lossless_to_value!(i64, i32, u32, u8, u16, i16);

impl ToValue for bool {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Bool(*self)
    }
}
impl ToValue for f64 {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Real(*self)
    }
}
impl ToValue for f32 {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Real(f64::from(*self))
    }
}
impl ToValue for str {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}
impl ToValue for String {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}
impl ToValue for [u8] {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}
impl ToValue for Vec<u8> {
    fn value(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn value(&self) -> ValueRef<'_> {
        match self {
            Some(v) => v.value(),
            None => ValueRef::Null,
        }
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn value(&self) -> ValueRef<'_> {
        (**self).value()
    }
}

/// Binds a list of values (`params![...]`, an array, or `()` for none).
pub(crate) trait Params {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToValue]) -> R) -> R;
}
impl Params for () {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToValue]) -> R) -> R {
        f(&[])
    }
}
impl Params for &[&dyn ToValue] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToValue]) -> R) -> R {
        f(self)
    }
}
impl<const N: usize> Params for &[&dyn ToValue; N] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToValue]) -> R) -> R {
        f(self)
    }
}
impl<T: ToValue, const N: usize> Params for [T; N] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToValue]) -> R) -> R {
        let refs: Vec<&dyn ToValue> = self.iter().map(|v| v as &dyn ToValue).collect();
        f(&refs)
    }
}

/// `params![a, b, c]`: a list of values of different types.
macro_rules! params {
    () => { () };
    ($($x:expr),+ $(,)?) => {
        &[$(&$x as &dyn $crate::sql::ToValue),+] as &[&dyn $crate::sql::ToValue]
    };
}
pub(crate) use params;

struct Bind<'a>(&'a dyn ToValue);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as V};
        Ok(ToSqlOutput::Borrowed(match self.0.value() {
            ValueRef::Null => V::Null,
            ValueRef::Integer(i) => V::Integer(i),
            ValueRef::Bool(b) => V::Integer(i64::from(b)),
            ValueRef::Real(f) => V::Real(f),
            ValueRef::Text(s) => V::Text(s.as_bytes()),
            ValueRef::Blob(b) => V::Blob(b),
        }))
    }
}

fn bind_lite(stmt: &mut rusqlite::Statement<'_>, args: &[&dyn ToValue]) -> Result<()> {
    for (i, a) in args.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, Bind(*a))?;
    }
    Ok(())
}

/// What a column can be read as.
pub(crate) trait FromValue: Sized {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self>;
    /// From PostgreSQL's text form (`None` is SQL `NULL`).
    fn from_text(v: Option<&str>) -> Result<Self>;
}

fn bad_type(what: &str, got: impl std::fmt::Debug) -> StoreError {
    StoreError::Corrupt(format!("expected {what}, found {got:?}"))
}

fn text_or_null<'a>(v: Option<&'a str>, what: &str) -> Result<&'a str> {
    v.ok_or_else(|| bad_type(what, "NULL"))
}

fn int_of_text(s: &str) -> Result<i64> {
    match s {
        "t" => Ok(1),
        "f" => Ok(0),
        _ => s.parse().map_err(|_| bad_type("an integer", s)),
    }
}

macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
                match v {
                    rusqlite::types::ValueRef::Integer(i) => {
                        <$t>::try_from(i).map_err(|_| bad_type(stringify!($t), i))
                    }
                    other => Err(bad_type("an integer", other.data_type())),
                }
            }
            fn from_text(v: Option<&str>) -> Result<Self> {
                let i = int_of_text(text_or_null(v, "an integer")?)?;
                <$t>::try_from(i).map_err(|_| bad_type(stringify!($t), i))
            }
        }
    )*};
}
int_from_value!(i32, u32, u64, usize);

impl FromValue for i64 {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Integer(i) => Ok(i),
            other => Err(bad_type("an integer", other.data_type())),
        }
    }
    fn from_text(v: Option<&str>) -> Result<Self> {
        int_of_text(text_or_null(v, "an integer")?)
    }
}

impl FromValue for bool {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        Ok(i64::from_lite(v)? != 0)
    }
    fn from_text(v: Option<&str>) -> Result<Self> {
        Ok(i64::from_text(v)? != 0)
    }
}

impl FromValue for f64 {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Real(f) => Ok(f),
            rusqlite::types::ValueRef::Integer(i) => Ok(i as f64),
            other => Err(bad_type("a number", other.data_type())),
        }
    }
    fn from_text(v: Option<&str>) -> Result<Self> {
        let s = text_or_null(v, "a number")?;
        match s {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => s.parse().map_err(|_| bad_type("a number", s)),
        }
    }
}

impl FromValue for f32 {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        Ok(f64::from_lite(v)? as f32)
    }
    fn from_text(v: Option<&str>) -> Result<Self> {
        Ok(f64::from_text(v)? as f32)
    }
}

impl FromValue for String {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t)
                .map(str::to_string)
                .map_err(|_| bad_type("UTF-8 text", "invalid bytes")),
            other => Err(bad_type("text", other.data_type())),
        }
    }
    fn from_text(v: Option<&str>) -> Result<Self> {
        Ok(text_or_null(v, "text")?.to_string())
    }
}

impl FromValue for Vec<u8> {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Blob(b) => Ok(b.to_vec()),
            other => Err(bad_type("a blob", other.data_type())),
        }
    }
    fn from_text(v: Option<&str>) -> Result<Self> {
        let s = text_or_null(v, "a blob")?;
        let hex = s.strip_prefix("\\x").ok_or_else(|| bad_type("bytea", s))?;
        let digit = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(bad_type("a hex digit", c as char)),
        };
        hex.as_bytes()
            .chunks(2)
            .map(|p| match p {
                [h, l] => Ok((digit(*h)? << 4) | digit(*l)?),
                _ => Err(bad_type("bytea", "odd length")),
            })
            .collect()
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        match v {
            rusqlite::types::ValueRef::Null => Ok(None),
            v => T::from_lite(v).map(Some),
        }
    }
    fn from_text(v: Option<&str>) -> Result<Self> {
        match v {
            None => Ok(None),
            v => T::from_text(v).map(Some),
        }
    }
}

/// One result row.
pub(crate) enum Row<'a> {
    Lite(&'a rusqlite::Row<'a>),
    Pg(&'a [Option<String>]),
}

impl Row<'_> {
    /// Column `i` (0-based) as `T`.
    pub(crate) fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        match self {
            Row::Lite(r) => T::from_lite(r.get_ref(i)?),
            Row::Pg(cells) => {
                let cell = cells
                    .get(i)
                    .ok_or_else(|| bad_type("a column", format!("index {i}")))?;
                T::from_text(cell.as_deref())
            }
        }
    }
}

/// `Ok(None)` for a query that returned no row.
pub(crate) trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The lock every PostgreSQL writer takes for its transaction (`pg_advisory_xact_lock`): the
/// writes of one transaction (a batch of documents and their entity resolution, a curation
/// command, a migration) are serialized, as SQLite's single write lock serializes them.
pub(crate) const PG_WRITE_LOCK: i64 = 0x6e65_7773_6772_6170; // "newsgrap"

/// A PostgreSQL connection with its translated-statement cache.
pub(crate) struct PgConn {
    pub(crate) client: RefCell<postgres::Client>,
    cache: RefCell<HashMap<String, Arc<Template>>>,
    /// Whether a transaction is open (set by `BEGIN`, cleared by `COMMIT`/`ROLLBACK`).
    in_tx: Cell<bool>,
    /// The target, with any password removed, for messages.
    pub(crate) target: String,
}

impl PgConn {
    pub(crate) fn new(client: postgres::Client, target: String) -> PgConn {
        PgConn {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
            in_tx: Cell::new(false),
            target,
        }
    }

    fn template(&self, sql: &str) -> Arc<Template> {
        if let Some(t) = self.cache.borrow().get(sql) {
            return Arc::clone(t);
        }
        let t = Arc::new(crate::dialect::translate(sql));
        self.cache
            .borrow_mut()
            .insert(sql.to_string(), Arc::clone(&t));
        t
    }

    /// Runs SQL text as it is (one or several statements); returns the rows of the last
    /// statement that returned rows and the count of the last command.
    pub(crate) fn run(&self, sql: &str) -> Result<(Vec<Vec<Option<String>>>, u64)> {
        use postgres::SimpleQueryMessage as M;
        let head: String = sql
            .trim_start()
            .chars()
            .take(12)
            .collect::<String>()
            .to_ascii_uppercase();
        let result = self.client.borrow_mut().simple_query(sql);
        if head.starts_with("COMMIT") || (head.starts_with("ROLLBACK") && !head.contains(" TO")) {
            self.in_tx.set(false);
        }
        let messages = result?;
        if head.starts_with("BEGIN") {
            self.in_tx.set(true);
        }
        let mut rows = Vec::new();
        let mut count = 0;
        for m in messages {
            match m {
                M::Row(r) => {
                    rows.push((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect());
                }
                M::CommandComplete(n) => count = n,
                _ => {}
            }
        }
        Ok((rows, count))
    }

    /// Runs a template with its values.
    fn run_template(
        &self,
        t: &Template,
        args: &[&dyn ToValue],
    ) -> Result<(Vec<Vec<Option<String>>>, u64)> {
        let sql = render(t, args)?;
        self.run(&sql)
    }
}

/// The SQL text of a template with its values as literals.
fn render(t: &Template, args: &[&dyn ToValue]) -> Result<String> {
    let mut out = String::with_capacity(t.len_hint + 16 * args.len());
    for piece in &t.pieces {
        match piece {
            Piece::Sql(s) => out.push_str(s),
            Piece::Param(n) => {
                let v = args
                    .get(n.wrapping_sub(1))
                    .map_or(ValueRef::Null, |a| a.value());
                literal(&mut out, v)?;
            }
        }
    }
    Ok(out)
}

/// Appends `v` as a PostgreSQL literal.
fn literal(out: &mut String, v: ValueRef<'_>) -> Result<()> {
    use std::fmt::Write;
    match v {
        ValueRef::Null => out.push_str("NULL"),
        ValueRef::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        ValueRef::Bool(b) => out.push_str(if b { "'1'" } else { "'0'" }),
        ValueRef::Real(f) if f.is_nan() => out.push_str("'NaN'::float8"),
        ValueRef::Real(f) if f.is_infinite() => out.push_str(if f > 0.0 {
            "'Infinity'::float8"
        } else {
            "'-Infinity'::float8"
        }),
        // Rust prints the shortest text that reads back as the same double.
        ValueRef::Real(f) => {
            let _ = write!(out, "{f:?}::float8");
        }
        ValueRef::Text(s) => {
            if s.contains('\0') {
                return Err(StoreError::Corrupt(
                    "text with a NUL character cannot be stored in PostgreSQL".into(),
                ));
            }
            out.push('\'');
            for c in s.chars() {
                if c == '\'' {
                    out.push('\'');
                }
                out.push(c);
            }
            out.push('\'');
        }
        ValueRef::Blob(b) => {
            out.push_str("'\\x");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out.push_str("'::bytea");
        }
    }
    Ok(())
}

/// An open connection to either engine.
pub(crate) enum Conn {
    Lite(rusqlite::Connection),
    Pg(Box<PgConn>),
}

enum LiteStmt<'c> {
    Cached(rusqlite::CachedStatement<'c>),
    Plain(rusqlite::Statement<'c>),
}

impl<'c> std::ops::Deref for LiteStmt<'c> {
    type Target = rusqlite::Statement<'c>;
    fn deref(&self) -> &Self::Target {
        match self {
            LiteStmt::Cached(s) => s,
            LiteStmt::Plain(s) => s,
        }
    }
}
impl std::ops::DerefMut for LiteStmt<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            LiteStmt::Cached(s) => s,
            LiteStmt::Plain(s) => s,
        }
    }
}

/// A prepared statement.
pub(crate) enum Stmt<'c> {
    Lite(LiteStmtBox<'c>),
    Pg(&'c PgConn, Arc<Template>),
}

/// A SQLite statement (boxed: a cached statement is large).
pub(crate) struct LiteStmtBox<'c>(Box<LiteStmt<'c>>);

impl Stmt<'_> {
    /// Runs the statement; returns the number of rows changed.
    pub(crate) fn execute(&mut self, p: impl Params) -> Result<usize> {
        p.with(|args| match self {
            Stmt::Lite(s) => {
                let s = &mut *s.0;
                s.clear_bindings();
                bind_lite(s, args)?;
                Ok(s.raw_execute()?)
            }
            Stmt::Pg(c, t) => Ok(c.run_template(t, args)?.1 as usize),
        })
    }

    /// The rows, each mapped by `f`.
    pub(crate) fn query_map<T>(
        &mut self,
        p: impl Params,
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        p.with(|args| match self {
            Stmt::Lite(s) => {
                let s = &mut *s.0;
                s.clear_bindings();
                bind_lite(s, args)?;
                let mut rows = s.raw_query();
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(f(&Row::Lite(r)));
                }
                Ok(out.into_iter())
            }
            Stmt::Pg(c, t) => {
                let (rows, _) = c.run_template(t, args)?;
                Ok(rows
                    .iter()
                    .map(|r| f(&Row::Pg(r)))
                    .collect::<Vec<_>>()
                    .into_iter())
            }
        })
    }

    /// The first row mapped by `f`; [`StoreError::NoRows`] when there is none.
    pub(crate) fn query_row<T>(
        &mut self,
        p: impl Params,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        p.with(|args| match self {
            Stmt::Lite(s) => {
                let s = &mut *s.0;
                s.clear_bindings();
                bind_lite(s, args)?;
                let mut rows = s.raw_query();
                match rows.next()? {
                    Some(r) => f(&Row::Lite(r)),
                    None => Err(StoreError::NoRows),
                }
            }
            Stmt::Pg(c, t) => {
                let (rows, _) = c.run_template(t, args)?;
                match rows.first() {
                    Some(r) => f(&Row::Pg(r)),
                    None => Err(StoreError::NoRows),
                }
            }
        })
    }
}

impl Conn {
    /// Prepares a statement kept in the connection's cache.
    pub(crate) fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        match self {
            Conn::Lite(c) => Ok(Stmt::Lite(LiteStmtBox(Box::new(LiteStmt::Cached(
                c.prepare_cached(sql)?,
            ))))),
            Conn::Pg(c) => Ok(Stmt::Pg(c, c.template(sql))),
        }
    }

    /// Prepares a one-off statement.
    pub(crate) fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        match self {
            Conn::Lite(c) => Ok(Stmt::Lite(LiteStmtBox(Box::new(LiteStmt::Plain(
                c.prepare(sql)?,
            ))))),
            Conn::Pg(c) => Ok(Stmt::Pg(c, Arc::new(crate::dialect::translate(sql)))),
        }
    }

    pub(crate) fn execute(&self, sql: &str, p: impl Params) -> Result<usize> {
        self.prepare(sql)?.execute(p)
    }

    pub(crate) fn query_row<T>(
        &self,
        sql: &str,
        p: impl Params,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare(sql)?.query_row(p, f)
    }

    /// Runs several statements without values.
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(sql)?),
            Conn::Pg(c) => {
                c.run(&crate::dialect::translate(sql).sql())?;
                Ok(())
            }
        }
    }

    /// Whether no transaction is open.
    pub(crate) fn is_autocommit(&self) -> bool {
        match self {
            Conn::Lite(c) => c.is_autocommit(),
            Conn::Pg(c) => !c.in_tx.get(),
        }
    }

    pub(crate) fn is_pg(&self) -> bool {
        matches!(self, Conn::Pg(_))
    }

    /// Opens a write transaction: SQLite's `BEGIN IMMEDIATE` (the write lock now), PostgreSQL's
    /// `BEGIN` plus the writers' advisory lock. Rolled back when dropped uncommitted.
    pub(crate) fn transaction(&mut self) -> Result<Transaction<'_>> {
        self.execute_batch("BEGIN IMMEDIATE")?;
        Ok(Transaction {
            conn: self,
            done: false,
        })
    }
}

/// An open write transaction; derefs to its connection.
pub(crate) struct Transaction<'c> {
    conn: &'c Conn,
    done: bool,
}

impl Transaction<'_> {
    pub(crate) fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}
