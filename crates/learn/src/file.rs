//! The versioned model file container and a little-endian binary writer/reader for payloads.
//!
//! Layout: magic `NGMODEL\0` (8 bytes), format version (u32 LE), kind (u32 length + UTF-8),
//! payload length (u64 LE), payload, FNV-1a 64 checksum of the payload (u64 LE).

use crate::hash::fnv1a;

/// Magic bytes that open every model file.
pub const MAGIC: &[u8; 8] = b"NGMODEL\0";
/// The container format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Why a model file cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a newsgraph model file (bad magic bytes)")]
    BadMagic,
    #[error("model format version {found} is not supported (this build reads version {expected})")]
    UnsupportedVersion { found: u32, expected: u32 },
    #[error("model file is a `{found}` model, expected `{expected}`")]
    WrongKind { found: String, expected: String },
    #[error("model file is truncated")]
    Truncated,
    #[error("model file is corrupt: checksum mismatch")]
    Checksum,
    #[error("model file is corrupt: {0}")]
    Corrupt(String),
    #[error("cannot read model file {path}: {message}")]
    Io { path: String, message: String },
}

/// Wraps a payload in the container.
pub fn wrap(kind: &str, payload: &[u8]) -> Vec<u8> {
    let mut w = Writer::new();
    w.bytes_raw(MAGIC);
    w.u32(FORMAT_VERSION);
    w.str(kind);
    w.u64(payload.len() as u64);
    w.bytes_raw(payload);
    w.u64(fnv1a(payload));
    w.into_inner()
}

/// Checks the container and returns the payload of a model of kind `kind`.
pub fn unwrap<'a>(bytes: &'a [u8], kind: &str) -> Result<&'a [u8], ModelError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    let mut r = Reader::new(&bytes[MAGIC.len()..]);
    let version = r.u32()?;
    if version != FORMAT_VERSION {
        return Err(ModelError::UnsupportedVersion {
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let found = r.str()?;
    if found != kind {
        return Err(ModelError::WrongKind {
            found,
            expected: kind.to_string(),
        });
    }
    let len = usize::try_from(r.u64()?).map_err(|_| ModelError::Truncated)?;
    let payload = r.take(len)?;
    let sum = r.u64()?;
    if fnv1a(payload) != sum {
        return Err(ModelError::Checksum);
    }
    if !r.is_empty() {
        return Err(ModelError::Corrupt("trailing bytes after checksum".into()));
    }
    Ok(payload)
}

/// Reads a whole file, mapping IO errors to [`ModelError::Io`].
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|e| ModelError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Little-endian binary writer.
#[derive(Clone, Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }

    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn bytes_raw(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// A length-prefixed byte string.
    pub fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.bytes_raw(b);
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
}

/// Little-endian binary reader; every read checks bounds.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf }
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if n > self.buf.len() {
            return Err(ModelError::Truncated);
        }
        let (a, b) = self.buf.split_at(n);
        self.buf = b;
        Ok(a)
    }

    fn arr<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.arr::<1>()?[0])
    }

    pub fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.arr()?))
    }

    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.arr()?))
    }

    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.arr()?))
    }

    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.arr()?))
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], ModelError> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    pub fn str(&mut self) -> Result<String, ModelError> {
        let b = self.bytes()?;
        std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|_| ModelError::Corrupt("invalid UTF-8 string".into()))
    }

    pub fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.u32()? as usize;
        if n > self.buf.len() {
            return Err(ModelError::Truncated);
        }
        (0..n).map(|_| self.str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_round_trip_and_errors() {
        let file = wrap("pos", b"hello");
        assert_eq!(unwrap(&file, "pos").unwrap(), b"hello");
        assert!(matches!(
            unwrap(&file, "ner"),
            Err(ModelError::WrongKind { .. })
        ));
        assert_eq!(unwrap(b"garbage!garbage", "pos"), Err(ModelError::BadMagic));
        let mut bad = file.clone();
        let n = bad.len();
        bad[n - 10] ^= 1; // inside the payload
        assert_eq!(unwrap(&bad, "pos"), Err(ModelError::Checksum));
        let mut v2 = file.clone();
        v2[8] = 2;
        assert_eq!(
            unwrap(&v2, "pos"),
            Err(ModelError::UnsupportedVersion {
                found: 2,
                expected: 1
            })
        );
        assert_eq!(
            unwrap(&file[..file.len() - 3], "pos"),
            Err(ModelError::Truncated)
        );
        let msg = ModelError::UnsupportedVersion {
            found: 2,
            expected: 1,
        }
        .to_string();
        assert!(msg.contains("version 2"));
    }

    #[test]
    fn reader_checks_bounds() {
        let mut w = Writer::new();
        w.u32(7);
        w.str("ab");
        w.strs(&["x".to_string()]);
        w.f32(1.5);
        let b = w.into_inner();
        let mut r = Reader::new(&b);
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.str().unwrap(), "ab");
        assert_eq!(r.strs().unwrap(), vec!["x".to_string()]);
        assert_eq!(r.f32().unwrap(), 1.5);
        assert_eq!(r.u8(), Err(ModelError::Truncated));
        let mut r = Reader::new(&[255, 255, 255, 255]);
        assert_eq!(r.bytes(), Err(ModelError::Truncated));
    }
}
