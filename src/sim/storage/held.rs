//! The writes one node holds durably, kept as runs of consecutive versions: a node receives
//! writes in commit order, so its data is a few long runs however many writes it holds.

use std::collections::BTreeMap;

/// A node's data: a set of acknowledged writes, by version.
#[derive(Clone, Debug, Default)]
pub(super) struct Held {
    /// Runs of versions held: first version → last version, both included; runs never touch.
    runs: BTreeMap<u64, u64>,
    /// How many versions it holds.
    count: usize,
}

impl Held {
    /// Stores version `version` (again, if it is there already).
    pub(super) fn insert(&mut self, version: u64) {
        if self.contains(version) {
            return;
        }
        self.count += 1;
        // Join the run ending just before it, and the run starting just after it.
        let before = self.runs.range(..version).next_back().filter(|(_, last)| **last + 1 == version);
        let first = before.map_or(version, |(first, _)| *first);
        let last = match self.runs.remove(&(version + 1)) {
            Some(last) => last,
            None => version,
        };
        self.runs.insert(first, last);
    }

    /// Drops version `version`, if it is there.
    pub(super) fn remove(&mut self, version: u64) {
        let Some((&first, &last)) = self.runs.range(..=version).next_back().filter(|(_, l)| **l >= version)
        else {
            return;
        };
        self.count -= 1;
        self.runs.remove(&first);
        if first < version {
            self.runs.insert(first, version - 1);
        }
        if version < last {
            self.runs.insert(version + 1, last);
        }
    }

    /// Drops every version older than `version`; returns how many it held.
    pub(super) fn remove_below(&mut self, version: u64) -> usize {
        let mut removed = 0;
        while let Some((&first, &last)) = self.runs.first_key_value().filter(|(first, _)| **first < version) {
            self.runs.remove(&first);
            let kept = (version <= last).then_some(version);
            removed += (kept.map_or(last + 1, |v| v) - first) as usize;
            if let Some(v) = kept {
                self.runs.insert(v, last);
            }
        }
        self.count -= removed;
        removed
    }

    /// Whether it holds version `version`.
    pub(super) fn contains(&self, version: u64) -> bool {
        self.runs.range(..=version).next_back().is_some_and(|(_, last)| *last >= version)
    }

    /// How many writes it holds.
    pub(super) fn len(&self) -> usize {
        self.count
    }

    /// The versions it holds, oldest first.
    pub(super) fn versions(&self) -> impl Iterator<Item = u64> + '_ {
        self.runs.iter().flat_map(|(first, last)| *first..=*last)
    }

    /// The versions it holds from `version` on, oldest first.
    pub(super) fn versions_from(&self, version: u64) -> impl Iterator<Item = u64> + '_ {
        let start = self.runs.range(..=version).next_back().map_or(version, |(first, _)| *first);
        self.runs.range(start..).flat_map(move |(first, last)| *first.max(&version)..=*last)
    }

    /// The newest of `versions` (ascending) it holds: what a read returns, given every version
    /// of the key read.
    pub(super) fn newest_of(&self, versions: &[u64]) -> Option<u64> {
        // From the newest run down, the newest version of the key within it.
        for (&first, &last) in self.runs.iter().rev() {
            let below = versions.partition_point(|v| *v <= last);
            match below.checked_sub(1).map(|i| versions[i]) {
                Some(v) if v >= first => return Some(v),
                Some(_) => continue,
                None => return None,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_and_split_and_reads_find_the_newest_version_held() {
        let mut held = Held::default();
        for v in [1, 2, 4, 5, 3, 3] {
            held.insert(v);
        }
        assert_eq!((held.len(), held.runs.len()), (5, 1), "1–5 is one run");
        held.remove(3);
        held.remove(9);
        assert_eq!(held.versions().collect::<Vec<_>>(), vec![1, 2, 4, 5]);
        assert_eq!((held.contains(3), held.contains(4), held.len()), (false, true, 4));
        // Versions of one key: 2, 3 and 7; the newest held is 2.
        assert_eq!(held.newest_of(&[2, 3, 7]), Some(2));
        assert_eq!(held.newest_of(&[3, 5]), Some(5));
        assert_eq!(held.newest_of(&[3, 6]), None);
        assert_eq!(held.newest_of(&[]), None);
        assert_eq!(held.versions_from(3).collect::<Vec<_>>(), vec![4, 5]);
        assert_eq!(held.versions_from(5).collect::<Vec<_>>(), vec![5]);
        held.remove(1);
        held.remove(5);
        assert_eq!(held.versions().collect::<Vec<_>>(), vec![2, 4]);
        (6..=9).for_each(|v| held.insert(v));
        assert_eq!((held.remove_below(7), held.remove_below(1), held.len()), (3, 0, 3));
        assert_eq!(held.versions().collect::<Vec<_>>(), vec![7, 8, 9]);
    }
}
