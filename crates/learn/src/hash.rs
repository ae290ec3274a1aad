//! Deterministic feature hashing (FNV-1a 64): the same feature string gives the same key on
//! every platform and run.

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
        let mut h = fnv1a_extend(OFFSET, template.as_bytes());
        for p in parts {
            h = fnv1a_extend(h, &[0x1f]);
            h = fnv1a_extend(h, p.as_bytes());
        }
        self.keys.push(mix(h));
    }

    /// Adds a feature that is only a template name (a bias).
    pub fn push_bias(&mut self, template: &str) {
        self.keys.push(mix(fnv1a(template.as_bytes())));
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.keys
    }
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
        assert_ne!(f.keys[0], f.keys[1]);
        assert_eq!(f.keys[0], f.keys[2]);
    }
}
