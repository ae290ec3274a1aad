//! Deterministic feature hashing: the same feature gives the same 64-bit key on every platform
//! and run. FNV-1a 64 is also here for checksums and ids.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 of `bytes`, continuing from `state` (start with [`fnv1a_start`]).
pub fn fnv1a_extend(mut state: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        state ^= u64::from(b);
        state = state.wrapping_mul(PRIME);
    }
    state
}

/// The FNV-1a 64 initial state.
pub const fn fnv1a_start() -> u64 {
    OFFSET
}

/// FNV-1a 64 of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_extend(OFFSET, bytes)
}

/// A reusable buffer of hashed features for one instance.
#[derive(Clone, Debug, Default)]
pub struct FeatureBuf {
    pub keys: Vec<u64>,
}

impl FeatureBuf {
    pub fn new() -> Self {
        FeatureBuf {
            keys: Vec::with_capacity(64),
        }
    }

    pub fn clear(&mut self) {
        self.keys.clear();
    }

    /// Adds the feature `template` = `parts` (joined by an unambiguous separator).
    pub fn push(&mut self, template: &str, parts: &[&str]) {
        let mut h = fast(0x51_7cc1_b727_220a, template.as_bytes());
        for p in parts {
            h = fast(h ^ 0x1f, p.as_bytes());
        }
        self.keys.push(mix(h));
    }

    /// Adds the feature `template` = numeric `parts` (cluster ids, label codes...).
    pub fn push_num(&mut self, template: &str, parts: &[u64]) {
        let mut h = fast(0x51_7cc1_b727_220a, template.as_bytes());
        for &p in parts {
            h = (h.rotate_left(5) ^ p ^ 0x2e).wrapping_mul(K);
        }
        self.keys.push(mix(h));
    }

    /// Adds a feature that is only a template name (a bias).
    pub fn push_bias(&mut self, template: &str) {
        self.keys
            .push(mix(fast(0x51_7cc1_b727_220a, template.as_bytes())));
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.keys
    }
}

const K: u64 = 0xf135_7aea_2e62_a9c5;

/// A feature template hashed once (at model load), so that the key of `template` = parts is
/// computed without hashing the template name again: [`Template::key`] gives exactly the key
/// [`FeatureBuf::push`] gives, [`Template::num`] that of [`FeatureBuf::push_num`] and
/// [`Template::bias`] that of [`FeatureBuf::push_bias`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template(u64);

impl Template {
    pub fn new(template: &str) -> Template {
        Template(fast(0x51_7cc1_b727_220a, template.as_bytes()))
    }

    /// The key of the template alone (a bias feature).
    #[inline]
    pub fn bias(self) -> u64 {
        mix(self.0)
    }

    /// The key of the template with string `parts`.
    #[inline]
    pub fn key(self, parts: &[&str]) -> u64 {
        let mut h = self.0;
        for p in parts {
            h = fast(h ^ 0x1f, p.as_bytes());
        }
        mix(h)
    }

    /// The key of the template with one string part.
    #[inline]
    pub fn key1(self, part: &str) -> u64 {
        mix(fast(self.0 ^ 0x1f, part.as_bytes()))
    }

    /// The key of the template with string parts `a`, `b`.
    #[inline]
    pub fn key2(self, a: &str, b: &str) -> u64 {
        mix(fast(fast(self.0 ^ 0x1f, a.as_bytes()) ^ 0x1f, b.as_bytes()))
    }

    /// The template with its first string part already hashed in (`t.then(a).key1(b)` equals
    /// `t.key2(a, b)`).
    #[inline]
    pub fn then(self, part: &str) -> Template {
        Template(fast(self.0 ^ 0x1f, part.as_bytes()))
    }

    /// The template with its first numeric part already hashed in.
    #[inline]
    pub fn then_num(self, part: u64) -> Template {
        Template((self.0.rotate_left(5) ^ part ^ 0x2e).wrapping_mul(K))
    }

    /// The key of the template with numeric `parts`.
    #[inline]
    pub fn num(self, parts: &[u64]) -> u64 {
        let mut h = self.0;
        for &p in parts {
            h = (h.rotate_left(5) ^ p ^ 0x2e).wrapping_mul(K);
        }
        mix(h)
    }
}

/// A 64-bit key of a string, for use as a numeric feature part ([`FeatureBuf::push_num`]).
pub fn str_key(s: &str) -> u64 {
    fast(0x2545_f491_4f6c_dd1d, s.as_bytes())
}

/// A fast deterministic byte hash (8 bytes per step, length-terminated); not FNV, but stable
/// across platforms and runs like it.
fn fast(mut h: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    let mut w = 0u64;
    for (i, &b) in rest.iter().enumerate() {
        w |= u64::from(b) << (8 * i);
    }
    h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    (h.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K)
}

/// Final avalanche so that keys are well spread for the hash table.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_separated() {
        // Published FNV-1a 64 test vector.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut f = FeatureBuf::new();
        f.push("w", &["ab", "c"]);
        f.push("w", &["a", "bc"]);
        f.push("w", &["ab", "c"]);
        f.push("w", &["abcdefghi"]);
        f.push("w", &["abcdefgh", "i"]);
        f.push_num("c", &[1, 2]);
        f.push_num("c", &[2, 1]);
        assert_ne!(f.keys[0], f.keys[1]);
        assert_eq!(f.keys[0], f.keys[2]);
        assert_ne!(f.keys[3], f.keys[4]);
        assert_ne!(f.keys[5], f.keys[6]);
        let t = Template::new("w");
        assert_eq!(t.key(&["ab", "c"]), f.keys[0]);
        assert_eq!(t.key2("ab", "c"), f.keys[0]);
        assert_eq!(t.then("ab").key1("c"), f.keys[0]);
        assert_eq!(t.key1("abcdefghi"), f.keys[3]);
        let c = Template::new("c");
        assert_eq!(c.num(&[1, 2]), f.keys[5]);
        assert_eq!(c.then_num(2).num(&[1]), f.keys[6]);
        let mut g = FeatureBuf::new();
        g.push_bias("b");
        assert_eq!(Template::new("b").bias(), g.keys[0]);
    }
}
