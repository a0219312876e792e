//! The ledger of acknowledged writes: every write the primary acknowledged, when, and whether a
//! copy of it survives anywhere.
//!
//! A long run acknowledges millions of writes, so the ledger remembers in full only the ones
//! whose fate is still open, and at least the newest [`RECENT`]. A write is *settled* once every
//! node holds it, or once it is lost and no node holds it. From then on, nothing tells the
//! settled surviving writes apart: a node gains writes only from the primary, which holds all of
//! them or none, and loses them all at once (its data gone) or as a failover cuts them (the
//! promoted node lacks all of them or none). So a node holds all of them or none; they are read
//! through the newest of each key, lost together, and missed together. The ledger forgets each
//! settled write, oldest first, and keeps of them only that shared fate: how many, the oldest one
//! and when it was acknowledged, the first keys, whether they are lost, and for each key the
//! newest forgotten version. A settled lost write is held by no node and never will be again; it
//! is already counted. Versions stay commit numbers: the ledger counts every write it forgot.

use std::collections::{BTreeMap, VecDeque};

use super::held::Held;
use crate::sim::time::Micros;

/// How many keys a [`Loss`] names.
pub const SAMPLE_KEYS: usize = 8;

/// How many of the newest acknowledged writes the ledger always remembers, settled or not (a
/// stolen disk shows rows from the newest few thousand).
pub const RECENT: usize = 8_192;

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

/// One remembered acknowledged write.
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: u32,
    acked_at: Micros,
    lost: bool,
}

/// The forgotten writes that survived when they were forgotten, which share one fate.
#[derive(Clone, Debug, Default)]
struct Settled {
    /// The oldest of them, and when it was acknowledged.
    oldest: Option<(u64, Micros)>,
    /// How many.
    count: usize,
    /// The distinct keys of the oldest of them, at most [`SAMPLE_KEYS`], oldest first.
    keys: Vec<u32>,
    /// Whether they are lost (all of them).
    lost: bool,
}

/// The versions of one key.
#[derive(Clone, Debug, Default)]
struct Versions {
    /// The newest forgotten version that survived when it was forgotten.
    settled: Option<u64>,
    /// The newest forgotten version, lost or not.
    forgotten: Option<u64>,
    /// The remembered versions, oldest first, after some forgotten ones not yet dropped (at
    /// most as many as remembered ones, so dropping them costs little per write).
    recent: Vec<u64>,
}

impl Versions {
    /// The remembered versions, oldest first, given the oldest remembered version `first`.
    fn remembered(&self, first: u64) -> &[u64] {
        &self.recent[self.recent.partition_point(|v| *v < first)..]
    }
}

/// The acknowledged writes: the ones still remembered in commit order, and what the forgotten
/// ones share.
#[derive(Clone, Debug)]
pub struct Ledger {
    /// The remembered writes: entry `i` is version `first + i`.
    entries: VecDeque<Entry>,
    /// The oldest remembered version; every older one is forgotten.
    first: u64,
    /// What the forgotten surviving writes share.
    settled: Settled,
    /// The versions of each key written.
    by_key: BTreeMap<u32, Versions>,
    /// How many acknowledged writes are lost, remembered or not.
    lost: usize,
    /// The distinct keys of the first writes lost, at most [`SAMPLE_KEYS`], in the order lost.
    lost_keys: Vec<u32>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger {
            entries: VecDeque::new(),
            first: 1,
            settled: Settled::default(),
            by_key: BTreeMap::new(),
            lost: 0,
            lost_keys: Vec::new(),
        }
    }
}

impl Ledger {
    /// Records a write of `key` acknowledged at `now` and gives it the next version.
    pub(super) fn acknowledge(&mut self, key: u32, now: Micros) -> Write {
        self.entries.push_back(Entry { key, acked_at: now, lost: false });
        let version = self.len() as u64;
        self.by_key.entry(key).or_default().recent.push(version);
        Write { key, version }
    }

    /// How many writes have been acknowledged, remembered or not.
    pub fn len(&self) -> usize {
        (self.first - 1) as usize + self.entries.len()
    }

    /// Whether nothing has been acknowledged yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The oldest version the ledger still remembers (one past [`Ledger::len`] when it remembers
    /// none). It remembers every newer one, and at least the newest [`RECENT`].
    pub fn oldest_remembered(&self) -> u64 {
        self.first
    }

    /// How many writes it remembers.
    pub fn remembered(&self) -> usize {
        self.entries.len()
    }

    /// The write with version `version`; `None` unless it is remembered.
    pub fn write(&self, version: u64) -> Option<Write> {
        self.entry(version).map(|e| Write { key: e.key, version })
    }

    /// When version `version` was acknowledged, in simulated microseconds; `None` unless it is
    /// remembered.
    pub fn acked_at(&self, version: u64) -> Option<Micros> {
        self.entry(version).map(|e| e.acked_at)
    }

    /// The newest acknowledged version of `key`, whether or not a copy of it survives.
    pub fn latest(&self, key: u32) -> Option<u64> {
        let versions = self.by_key.get(&key)?;
        versions.recent.last().copied().filter(|v| *v >= self.first).or(versions.forgotten)
    }

    /// Whether version `version` is lost (no surviving copy holds it); `None` unless it is
    /// remembered.
    pub fn is_lost(&self, version: u64) -> Option<bool> {
        self.entry(version).map(|e| e.lost)
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

    /// Every lost acknowledged write still remembered, oldest first.
    pub fn lost(&self) -> impl Iterator<Item = Write> + '_ {
        let lost = self.remembered_writes().filter(|(_, e)| e.lost);
        lost.map(|(version, e)| Write { key: e.key, version })
    }

    /// The newest version of `key` that `held` (a running node's data) holds: what a read of
    /// the key from that node returns.
    pub(super) fn newest_held(&self, held: &Held, key: u32) -> Option<u64> {
        let versions = self.by_key.get(&key)?;
        // A node holds every forgotten surviving write or none, so of the forgotten versions of
        // a key it can only hold the newest; the lost ones it discarded when it rejoined.
        held.newest_of(versions.remembered(self.first)).or(versions.settled.filter(|v| held.contains(*v)))
    }

    /// When the oldest write a node misses, `version`, was acknowledged. A forgotten write
    /// missed means every forgotten surviving write is, the oldest of them first.
    pub(super) fn missed_since(&self, version: u64) -> Micros {
        match self.entry(version) {
            Some(entry) => entry.acked_at,
            None => self.settled.oldest.map_or(0, |(_, at)| at),
        }
    }

    /// The oldest forgotten write, if the forgotten writes survive: a node holds it exactly
    /// when it holds every one of them.
    pub(super) fn settled_survivor(&self) -> Option<u64> {
        self.settled.oldest.filter(|_| !self.settled.lost).map(|(v, _)| v)
    }

    /// Whether the forgotten writes a node may still hold are lost, and it must discard them.
    pub(super) fn settled_lost(&self) -> bool {
        self.settled.lost
    }

    /// The remembered versions that are lost, oldest first.
    pub(super) fn remembered_lost(&self) -> impl Iterator<Item = u64> + '_ {
        self.remembered_writes().filter(|(_, e)| e.lost).map(|(v, _)| v)
    }

    /// Marks lost, oldest first, every surviving write that `gone` says no surviving copy holds
    /// any more, and says which they were. The forgotten ones share one fate: `gone` is asked
    /// about the oldest of them for all.
    pub(super) fn lose_where(&mut self, gone: impl Fn(u64) -> bool) -> Loss {
        let mut loss = Loss::default();
        if self.settled_survivor().is_some_and(&gone) {
            self.settled.lost = true;
            loss.count += self.settled.count;
            for key in &self.settled.keys {
                name(&mut loss.keys, *key);
                name(&mut self.lost_keys, *key);
            }
        }
        for (i, entry) in self.entries.iter_mut().enumerate() {
            if entry.lost || !gone(self.first + i as u64) {
                continue;
            }
            entry.lost = true;
            loss.count += 1;
            name(&mut loss.keys, entry.key);
            name(&mut self.lost_keys, entry.key);
        }
        self.lost += loss.count;
        loss
    }

    /// Forgets the oldest remembered writes, while more than [`RECENT`] are remembered and
    /// `settled(version, lost)` says the oldest is settled: every node holds it, or it is lost
    /// and no node holds it.
    pub(super) fn forget_settled(&mut self, settled: impl Fn(u64, bool) -> bool) {
        while self.entries.len() > RECENT && settled(self.first, self.entries[0].lost) {
            let entry = self.entries.pop_front().expect("more than RECENT entries");
            let version = self.first;
            self.first += 1;
            let versions = self.by_key.get_mut(&entry.key).expect("every written key has versions");
            let stale = versions.recent.partition_point(|v| *v <= version);
            if 2 * stale >= versions.recent.len() {
                versions.recent.drain(..stale);
            }
            versions.forgotten = Some(version);
            if entry.lost {
                continue;
            }
            if self.settled.lost {
                // The forgotten writes lost before are held by no node now (every node holds this
                // one, so each has discarded the lost writes since): they are counted, and this
                // one starts a new shared fate.
                self.settled = Settled::default();
            }
            self.settled.oldest.get_or_insert((version, entry.acked_at));
            self.settled.count += 1;
            name(&mut self.settled.keys, entry.key);
            versions.settled = Some(version);
        }
    }

    fn remembered_writes(&self) -> impl Iterator<Item = (u64, &Entry)> + '_ {
        self.entries.iter().enumerate().map(|(i, e)| (self.first + i as u64, e))
    }

    fn entry(&self, version: u64) -> Option<&Entry> {
        self.entries.get(usize::try_from(version.checked_sub(self.first)?).ok()?)
    }
}

/// Adds `key` to `keys` if there is room and it is not there yet.
fn name(keys: &mut Vec<u32>, key: u32) {
    if keys.len() < SAMPLE_KEYS && !keys.contains(&key) {
        keys.push(key);
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
        let key_of_4 = ledger.write(4).map(|w| w.key);
        assert_eq!((ledger.latest(5), ledger.acked_at(3), key_of_4), (Some(2), Some(20), Some(1)));
        assert_eq!(ledger.lose_where(|v| v <= 3), Loss { count: 3, keys: vec![5, 9] });
        assert_eq!(ledger.lose_where(|v| v >= 3), Loss { count: 1, keys: vec![1] });
        assert_eq!((ledger.lost_count(), ledger.lost().count(), ledger.latest(5)), (4, 4, Some(2)));
        assert_eq!(ledger.lost_keys(), &[5, 9, 1]);
        assert_eq!((ledger.write(0), ledger.write(5), ledger.is_lost(5)), (None, None, None));
    }

    #[test]
    fn settled_writes_are_forgotten_down_to_the_recent_ones_and_lost_together() {
        let mut ledger = Ledger::default();
        let writes = 10 * RECENT as u64;
        for v in 1..=writes {
            ledger.acknowledge((v % 100) as u32, v);
            if v == 7 {
                // Lost before it settles: counted once, and never again.
                assert_eq!(ledger.lose_where(|v| v == 7).count, 1);
            }
            // Every node holds everything but the lost write.
            ledger.forget_settled(|_, _| true);
            assert!(ledger.remembered() <= RECENT);
        }
        assert_eq!((ledger.len() as u64, ledger.oldest_remembered()), (writes, writes - RECENT as u64 + 1));
        assert!(ledger.by_key.values().all(|k| k.recent.len() <= RECENT / 25));
        assert!(ledger.by_key.values().all(|k| k.remembered(ledger.first).len() <= RECENT / 50));
        let newest = writes - (writes - 7) % 100;
        assert_eq!((ledger.latest(7), ledger.acked_at(1), ledger.lost().count()), (Some(newest), None, 0));
        let mut held = Held::default();
        (1..=writes).filter(|v| *v != 7).for_each(|v| held.insert(v));
        assert_eq!(ledger.newest_held(&held, 7), Some(newest));
        held.remove(newest);
        held.remove(newest - 100);
        assert_eq!(ledger.newest_held(&held, 7), Some(newest - 200), "a node missing recent versions");
        // A node that holds none of the old writes misses them since the oldest survivor.
        assert_eq!((ledger.settled_survivor(), ledger.missed_since(3)), (Some(1), 1));
        // Losing the oldest survivor loses every forgotten survivor, named from the oldest.
        let forgotten = writes as usize - RECENT - 1;
        let loss = ledger.lose_where(|v| v < 40);
        assert_eq!(loss.count, forgotten);
        assert_eq!(loss.keys, vec![1, 2, 3, 4, 5, 6, 8, 9]);
        assert_eq!(ledger.lost_count(), forgotten + 1);
        assert_eq!(ledger.lost_keys(), &[7, 1, 2, 3, 4, 5, 6, 8]);
        assert!(ledger.settled_lost());
        assert_eq!(ledger.lose_where(|_| false).count, 0);
    }
}
