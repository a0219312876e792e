//! How many connection slots each source address holds: counted on every connection opened and
//! closed, so it is a hash map (one lookup per change) rather than an ordered map.
//!
//! The map is only ever looked up, never iterated, and its hasher has no random seed, so it
//! cannot make two runs differ.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::Ipv4Addr;

/// Slots held per source address; sources holding none are absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct SourceCounts {
    counts: HashMap<u32, u32, BuildHasherDefault<AddressHasher>>,
}

impl SourceCounts {
    /// One more slot held by `source`.
    pub fn add(&mut self, source: Ipv4Addr) {
        *self.counts.entry(source.into()).or_insert(0) += 1;
    }

    /// One slot fewer held by `source` (nothing if it holds none).
    pub fn remove(&mut self, source: Ipv4Addr) {
        let key = u32::from(source);
        if let Some(count) = self.counts.get_mut(&key) {
            *count -= 1;
            if *count == 0 {
                self.counts.remove(&key);
            }
        }
    }

    /// How many slots `source` holds.
    pub fn get(&self, source: Ipv4Addr) -> usize {
        self.counts.get(&u32::from(source)).map_or(0, |&n| n as usize)
    }
}

/// Fibonacci hashing of an address: one multiplication, no seed.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(b.into());
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_source_apart_and_forgets_those_at_zero() {
        let (a, b) = (Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(10, 0, 0, 2));
        let mut counts = SourceCounts::default();
        counts.add(a);
        counts.add(a);
        counts.add(b);
        assert_eq!((counts.get(a), counts.get(b)), (2, 1));
        counts.remove(b);
        counts.remove(b);
        assert_eq!((counts.get(a), counts.get(b)), (2, 0));
        assert!(counts.counts.len() == 1, "a source holding nothing is forgotten");
    }
}
