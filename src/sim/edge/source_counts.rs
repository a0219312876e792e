//! How many connection slots each source address holds: counted on every connection opened and
//! closed. Users' own addresses (one block, numbered by client) are counted in a table indexed
//! by their place in the block, grown to the highest seen; any other source in a hash map (one
//! lookup per change).
//!
//! A source's entry in the map stays when its count falls to zero, as most sources (users opening one
//! connection at a time) come back soon; the zeros are cleared out once there are many of them.
//!
//! The map is only ever looked up and pruned, never iterated in order, and its hasher has no
//! random seed, so it cannot make two runs differ.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::Ipv4Addr;

use crate::sim::attack::{USERS_BASE, USERS_SPAN};

/// How many entries at zero the map keeps before it clears them out.
const ZEROS_KEPT: usize = 4_096;

/// Slots held per source address; a source holding none may be absent or at zero.
#[derive(Clone, Debug, Default)]
pub(super) struct SourceCounts {
    /// Slots held by each user's own address, by its place in the users' block.
    users: Vec<u32>,
    /// Slots held by every other source.
    counts: HashMap<u32, u32, BuildHasherDefault<AddressHasher>>,
    /// Entries at zero.
    zeros: usize,
}

impl PartialEq for SourceCounts {
    /// Equal when every source holds as many slots in both (entries at zero aside).
    fn eq(&self, other: &Self) -> bool {
        let holding =
            |a: &Self, b: &Self| a.counts.iter().all(|(k, &n)| n == 0 || b.counts.get(k) == Some(&n));
        let users = (0..self.users.len().max(other.users.len()))
            .all(|i| self.users.get(i).unwrap_or(&0) == other.users.get(i).unwrap_or(&0));
        users && holding(self, other) && holding(other, self)
    }
}

impl Eq for SourceCounts {}

impl SourceCounts {
    /// One more slot held by `source`.
    #[inline(always)]
    pub fn add(&mut self, source: Ipv4Addr) {
        // A user's address already counted is the common case (one per request): kept inline,
        // the rest out of line.
        match user_place(source).and_then(|place| self.users.get_mut(place)) {
            Some(count) => *count += 1,
            None => self.add_other(source),
        }
    }

    /// One more slot held by `source`: a user's address not yet in the table, or another one.
    #[inline(never)]
    fn add_other(&mut self, source: Ipv4Addr) {
        if let Some(place) = user_place(source) {
            if place >= self.users.len() {
                self.users.resize(place + 1, 0);
            }
            self.users[place] += 1;
            return;
        }
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
    #[inline(always)]
    pub fn remove(&mut self, source: Ipv4Addr) {
        // A user's address is the common case (one per request): kept inline, the rest out of
        // line.
        match user_place(source) {
            Some(place) => {
                if let Some(count) = self.users.get_mut(place) {
                    *count = count.saturating_sub(1);
                }
            }
            None => self.remove_other(source),
        }
    }

    /// One slot fewer held by `source`, not a user's address.
    #[inline(never)]
    fn remove_other(&mut self, source: Ipv4Addr) {
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
    #[inline]
    pub fn get(&self, source: Ipv4Addr) -> usize {
        if let Some(place) = user_place(source) {
            return self.users.get(place).map_or(0, |&n| n as usize);
        }
        self.counts.get(&u32::from(source)).map_or(0, |&n| n as usize)
    }
}

/// The place of `source` in the users' block, if it is a user's own address.
#[inline]
fn user_place(source: Ipv4Addr) -> Option<usize> {
    let offset = u32::from(source).wrapping_sub(USERS_BASE);
    (offset < USERS_SPAN).then_some(offset as usize)
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
    fn counts_each_source_apart_users_and_others() {
        let users = (0..3).map(|client| crate::sim::attack::user_address(client * 1_000, None));
        let others =
            [Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(45, 0, 0, 2), Ipv4Addr::new(198, 17, 255, 255)];
        for (a, b) in users.clone().zip(users.skip(1)).chain([(others[0], others[1]), (others[1], others[2])])
        {
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
            let mut same = SourceCounts::default();
            same.add(b);
            assert_ne!(counts, same);
            same.add(a);
            same.add(a);
            assert_eq!(counts, same);
        }
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
