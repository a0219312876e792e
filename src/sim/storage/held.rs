//! The writes one node holds durably, found by version and by key.

use std::collections::{BTreeMap, BTreeSet};

use super::ledger::Write;

/// A node's data: a set of acknowledged writes.
#[derive(Clone, Debug, Default)]
pub(super) struct Held {
    /// Versions held, in commit order.
    versions: BTreeSet<u64>,
    /// Versions held of each key.
    by_key: BTreeMap<u32, BTreeSet<u64>>,
}

impl Held {
    /// Stores `write` (again, if it is there already).
    pub(super) fn insert(&mut self, write: Write) {
        if self.versions.insert(write.version) {
            self.by_key.entry(write.key).or_default().insert(write.version);
        }
    }

    /// Drops `write`, if it is there.
    pub(super) fn remove(&mut self, write: Write) {
        if self.versions.remove(&write.version) {
            let versions = self.by_key.get_mut(&write.key).expect("every version is filed under its key");
            versions.remove(&write.version);
            if versions.is_empty() {
                self.by_key.remove(&write.key);
            }
        }
    }

    /// Whether it holds version `version`.
    pub(super) fn contains(&self, version: u64) -> bool {
        self.versions.contains(&version)
    }

    /// How many writes it holds.
    pub(super) fn len(&self) -> usize {
        self.versions.len()
    }

    /// The versions it holds, oldest first.
    pub(super) fn versions(&self) -> impl Iterator<Item = u64> + '_ {
        self.versions.iter().copied()
    }

    /// The newest version of `key` it holds: what a read of `key` returns.
    pub(super) fn latest(&self, key: u32) -> Option<u64> {
        self.by_key.get(&key).and_then(|v| v.last().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_return_the_newest_version_held() {
        let mut held = Held::default();
        let (a, b) = (Write { key: 7, version: 1 }, Write { key: 7, version: 3 });
        held.insert(a);
        held.insert(b);
        held.insert(b);
        assert_eq!((held.len(), held.latest(7), held.latest(8)), (2, Some(3), None));
        held.remove(b);
        assert_eq!(held.latest(7), Some(1));
        held.remove(a);
        assert_eq!((held.len(), held.latest(7), held.contains(1)), (0, None, false));
        assert_eq!(held.versions().count(), 0);
    }
}
