//! How many connection slots each source address holds: counted on every connection opened and
//! closed, so it is a hash map (one lookup per change) rather than an ordered map.
//!
//! A source's entry stays when its count falls to zero, as most sources (users opening one
//! connection at a time) come back soon; the zeros are cleared out once there are many of them.
//!
//! The map is only ever looked up and pruned, never iterated in order, and its hasher has no
//! random seed, so it cannot make two runs differ.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::Ipv4Addr;

/// How many entries at zero the map keeps before it clears them out.
const ZEROS_KEPT: usize = 4_096;

/// Slots held per source address; a source holding none may be absent or at zero.
#[derive(Clone, Debug, Default)]
pub(super) struct SourceCounts {
    counts: HashMap<u32, u32, BuildHasherDefault<AddressHasher>>,
    /// Entries at zero.
    zeros: usize,
}

impl PartialEq for SourceCounts {
    /// Equal when every source holds as many slots in both (entries at zero aside).
    fn eq(&self, other: &Self) -> bool {
        let holding =
            |a: &Self, b: &Self| a.counts.iter().all(|(k, &n)| n == 0 || b.counts.get(k) == Some(&n));
        holding(self, other) && holding(other, self)
    }
}

impl Eq for SourceCounts {}

impl SourceCounts {
    /// One more slot held by `source`.
    pub fn add(&mut self, source: Ipv4Addr) {
        match self.counts.entry(source.into()) {
            Entry::Occupied(mut held) => {
                if *held.get() == 0 {
                    self.zeros -= 1;
                }
                *held.get_mut() += 1;
            }
            Entry::Vacant(new) => {
                new.insert(1);
            }
        }
    }

    /// One slot fewer held by `source` (nothing if it holds none).
    pub fn remove(&mut self, source: Ipv4Addr) {
        let Some(count) = self.counts.get_mut(&u32::from(source)) else {
            return;
        };
        if *count == 0 {
            return;
        }
        *count -= 1;
        if *count == 0 {
            self.zeros += 1;
            if self.zeros > ZEROS_KEPT {
                self.counts.retain(|_, n| *n > 0);
                self.zeros = 0;
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
    fn counts_each_source_apart() {
        let (a, b) = (Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(10, 0, 0, 2));
        let mut counts = SourceCounts::default();
        counts.add(a);
        counts.add(a);
        counts.add(b);
        assert_eq!((counts.get(a), counts.get(b)), (2, 1));
        counts.remove(b);
        counts.remove(b);
        assert_eq!((counts.get(a), counts.get(b)), (2, 0));
        counts.add(b);
        assert_eq!((counts.get(a), counts.get(b)), (2, 1));
    }

    #[test]
    fn sources_holding_nothing_are_cleared_out_once_there_are_many() {
        let mut counts = SourceCounts::default();
        let kept = Ipv4Addr::new(192, 0, 2, 1);
        counts.add(kept);
        for n in 0..100_000u32 {
            let source = Ipv4Addr::from(n);
            counts.add(source);
            counts.remove(source);
            assert!(counts.counts.len() <= ZEROS_KEPT + 2, "at {n}: {} entries", counts.counts.len());
        }
        assert_eq!(counts.get(kept), 1);
        let mut fresh = SourceCounts::default();
        fresh.add(kept);
        assert_eq!(counts, fresh, "entries at zero make no difference");
    }
}
