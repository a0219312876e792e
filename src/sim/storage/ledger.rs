//! The ledger of acknowledged writes: every write the primary acknowledged, when, and whether a
//! copy of it survives anywhere.

use std::collections::BTreeMap;

use crate::sim::time::Micros;

/// How many keys a [`Loss`] names.
pub const SAMPLE_KEYS: usize = 8;

/// An acknowledged write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Write {
    /// The key written.
    pub key: u32,
    /// Its commit number, from 1: unique to this write and never reused, so a higher version of a
    /// key is a newer value.
    pub version: u64,
}

/// Acknowledged writes that no surviving copy holds any more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loss {
    /// How many.
    pub count: usize,
    /// The distinct keys of the oldest of them, at most [`SAMPLE_KEYS`], oldest first.
    pub keys: Vec<u32>,
}

/// One acknowledged write, as the ledger keeps it.
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: u32,
    acked_at: Micros,
    lost: bool,
}

/// Every acknowledged write, in commit order.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Entry `i` is version `i + 1`.
    entries: Vec<Entry>,
    /// Every acknowledged version of each key, oldest first.
    by_key: BTreeMap<u32, Vec<u64>>,
    /// How many entries are lost.
    lost: usize,
    /// The distinct keys of the first writes lost, at most [`SAMPLE_KEYS`], in the order lost.
    lost_keys: Vec<u32>,
}

impl Ledger {
    /// Records a write of `key` acknowledged at `now` and gives it the next version.
    pub(super) fn acknowledge(&mut self, key: u32, now: Micros) -> Write {
        self.entries.push(Entry { key, acked_at: now, lost: false });
        let version = self.entries.len() as u64;
        self.by_key.entry(key).or_default().push(version);
        Write { key, version }
    }

    /// How many writes have been acknowledged.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing has been acknowledged yet.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The write with version `version` (from 1 to [`Ledger::len`]).
    pub fn write(&self, version: u64) -> Write {
        Write { key: self.entry(version).key, version }
    }

    /// When version `version` was acknowledged, in simulated microseconds.
    pub fn acked_at(&self, version: u64) -> Micros {
        self.entry(version).acked_at
    }

    /// The newest acknowledged version of `key`, whether or not a copy of it survives.
    pub fn latest(&self, key: u32) -> Option<u64> {
        self.versions_of(key).last().copied()
    }

    /// Every acknowledged version of `key`, oldest first.
    pub fn versions_of(&self, key: u32) -> &[u64] {
        self.by_key.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Whether version `version` is lost: no surviving copy holds it.
    pub fn is_lost(&self, version: u64) -> bool {
        self.entry(version).lost
    }

    /// How many acknowledged writes are lost.
    pub fn lost_count(&self) -> usize {
        self.lost
    }

    /// The distinct keys of the first acknowledged writes lost, at most [`SAMPLE_KEYS`], in the
    /// order they were lost (oldest first within one loss).
    pub fn lost_keys(&self) -> &[u32] {
        &self.lost_keys
    }

    /// Every lost acknowledged write, oldest first.
    pub fn lost(&self) -> impl Iterator<Item = Write> + '_ {
        (1..=self.len() as u64).filter(|v| self.is_lost(*v)).map(|v| self.write(v))
    }

    /// Marks `versions` (oldest first) lost and says which were not lost already.
    pub(super) fn lose(&mut self, versions: impl IntoIterator<Item = u64>) -> Loss {
        let mut loss = Loss::default();
        for version in versions {
            let entry = &mut self.entries[version as usize - 1];
            if entry.lost {
                continue;
            }
            entry.lost = true;
            loss.count += 1;
            if loss.keys.len() < SAMPLE_KEYS && !loss.keys.contains(&entry.key) {
                loss.keys.push(entry.key);
            }
            if self.lost_keys.len() < SAMPLE_KEYS && !self.lost_keys.contains(&entry.key) {
                self.lost_keys.push(entry.key);
            }
        }
        self.lost += loss.count;
        loss
    }

    fn entry(&self, version: u64) -> &Entry {
        &self.entries[(version as usize).checked_sub(1).expect("versions start at 1")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_counts_each_write_once_and_names_distinct_keys() {
        let mut ledger = Ledger::default();
        assert!(ledger.is_empty());
        for (i, key) in [5, 5, 9, 1].into_iter().enumerate() {
            assert_eq!(ledger.acknowledge(key, i as Micros * 10), Write { key, version: i as u64 + 1 });
        }
        assert_eq!((ledger.latest(5), ledger.acked_at(3), ledger.write(4).key), (Some(2), 20, 1));
        assert_eq!(ledger.lose([1, 2, 3]), Loss { count: 3, keys: vec![5, 9] });
        assert_eq!(ledger.lose([3, 4]), Loss { count: 1, keys: vec![1] });
        assert_eq!((ledger.lost_count(), ledger.lost().count(), ledger.latest(5)), (4, 4, Some(2)));
        assert_eq!(ledger.lost_keys(), &[5, 9, 1]);
    }
}
