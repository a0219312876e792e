//! The test's own account of the tier, kept from the commands it gave and the acknowledgements
//! it saw, never from the model's counters: which node should hold which write when, which
//! writes are lost, and what each disk should be doing.

use std::collections::BTreeSet;

use ds_playground::sim::storage::{Replication, StorageConfig, SAMPLE_KEYS};
use ds_playground::sim::time::Micros;

/// What the test expects of the tier.
pub struct Shadow {
    config: StorageConfig,
    /// (key, acknowledged at) of version `i + 1`.
    writes: Vec<(u32, Micros)>,
    /// Whether version `i + 1` survives somewhere.
    alive: Vec<bool>,
    pub primary: usize,
    pub up: Vec<bool>,
    /// What each replica held when it last stopped receiving or started following anew.
    base: Vec<BTreeSet<u64>>,
    /// Since when each replica receives from a running primary, and the last version written
    /// before it started (`None`: it does not receive).
    since: Vec<Option<(Micros, u64)>>,
    /// For each disk, when it holds the data (`None`: failed).
    disks: Vec<Vec<Option<Micros>>>,
}

impl Shadow {
    pub fn new(config: StorageConfig) -> Self {
        let n = config.nodes();
        Shadow {
            config,
            writes: Vec::new(),
            alive: Vec::new(),
            primary: 0,
            up: vec![true; n],
            base: vec![BTreeSet::new(); n],
            since: vec![Some((0, 0)); n],
            disks: vec![vec![Some(0); config.disks as usize]; n],
        }
    }

    /// When version `v` reaches a replica that started following at `s`, after version `last`
    /// was written: a newer write after the lag (at once when synchronous), an older one it
    /// lacked one lag after it started following.
    fn arrival(&self, v: u64, (s, last): (Micros, u64)) -> Micros {
        let acked = self.writes[v as usize - 1].1;
        match (v > last, self.config.replication) {
            (true, Replication::Sync) => acked,
            (true, Replication::Async) => acked + self.config.replication_lag,
            (false, _) => s + self.config.replication_lag,
        }
    }

    /// A replica starting to follow now.
    fn following(&self, now: Micros) -> Option<(Micros, u64)> {
        Some((now, self.writes.len() as u64))
    }

    pub fn holds(&self, node: usize, v: u64, now: Micros) -> bool {
        self.alive[v as usize - 1]
            && (node == self.primary
                || self.base[node].contains(&v)
                || self.since[node].is_some_and(|s| now >= self.arrival(v, s)))
    }

    pub fn held(&self, node: usize, now: Micros) -> BTreeSet<u64> {
        (1..=self.writes.len() as u64).filter(|v| self.holds(node, *v, now)).collect()
    }

    fn alive_count(&self) -> usize {
        self.alive.iter().filter(|a| **a).count()
    }

    pub fn followers(&self) -> Vec<usize> {
        let primary_up = self.up[self.primary];
        (0..self.up.len()).filter(|r| *r != self.primary && self.up[*r] && primary_up).collect()
    }

    pub fn accepts_writes(&self, now: Micros) -> bool {
        let in_step = |r: &usize| self.held(*r, now).len() == self.alive_count();
        self.up[self.primary]
            && (self.config.replication == Replication::Async || self.followers().iter().any(in_step))
    }

    pub fn acknowledge(&mut self, key: u32, now: Micros) -> u64 {
        self.writes.push((key, now));
        self.alive.push(true);
        self.writes.len() as u64
    }

    /// `node` stops receiving: it keeps what it holds now.
    fn freeze(&mut self, node: usize, now: Micros) {
        self.base[node] = self.held(node, now);
        self.since[node] = None;
    }

    pub fn crash(&mut self, node: usize, now: Micros) {
        if node == self.primary {
            for r in self.followers() {
                self.freeze(r, now);
            }
        }
        self.freeze(node, now);
        self.up[node] = false;
    }

    /// The replica to promote and the writes it lacks, or `None` if no failover can happen.
    pub fn fail_over(&mut self, now: Micros) -> Option<(usize, Vec<u64>)> {
        let old = self.primary;
        let candidates = (0..self.up.len()).filter(|r| *r != old && self.up[*r] && !self.up[old]);
        let promoted = candidates.max_by_key(|r| (self.held(*r, now).len(), std::cmp::Reverse(*r)))?;
        let holds = self.held(promoted, now);
        let lost = self.lose((1..=self.writes.len() as u64).filter(|v| !holds.contains(v)));
        for r in (0..self.up.len()).filter(|r| self.up[*r] && *r != promoted) {
            self.base[r] = self.held(r, now);
            self.since[r] = self.following(now);
        }
        self.primary = promoted;
        Some((promoted, lost))
    }

    pub fn restore(&mut self, node: usize, now: Micros) {
        self.up[node] = true;
        if node == self.primary {
            self.followers().into_iter().for_each(|r| self.since[r] = self.following(now));
        } else if self.up[self.primary] {
            self.since[node] = self.following(now);
        }
    }

    /// The primary's data is gone: what no replica holds is lost.
    pub fn lose_primary_data(&mut self, now: Micros) -> Vec<u64> {
        let on_replicas = |v: &u64| (0..self.up.len()).any(|r| r != self.primary && self.holds(r, *v, now));
        let gone: Vec<u64> = (1..=self.writes.len() as u64).filter(|v| !on_replicas(v)).collect();
        self.lose(gone.into_iter())
    }

    /// Marks the surviving ones of `versions` lost and returns them.
    fn lose(&mut self, versions: impl Iterator<Item = u64>) -> Vec<u64> {
        let versions: Vec<u64> = versions.filter(|v| self.alive[*v as usize - 1]).collect();
        versions.iter().for_each(|v| self.alive[*v as usize - 1] = false);
        versions
    }

    /// Every lost version, oldest first.
    pub fn lost(&self) -> Vec<u64> {
        (1..=self.writes.len() as u64).filter(|v| !self.alive[*v as usize - 1]).collect()
    }

    /// The distinct keys of the oldest of `versions`, as a loss names them.
    pub fn sample_keys(&self, versions: &[u64]) -> Vec<u32> {
        let mut keys = Vec::new();
        for v in versions {
            let key = self.writes[*v as usize - 1].0;
            if keys.len() < SAMPLE_KEYS && !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }

    /// (unshipped, age of the oldest) for replica `node`.
    pub fn lag(&self, node: usize, now: Micros) -> (usize, Micros) {
        let held = self.held(node, now);
        let missing: Vec<u64> = self.held(self.primary, now).difference(&held).copied().collect();
        (missing.len(), missing.first().map_or(0, |v| now - self.writes[*v as usize - 1].1))
    }

    /// The version of `key` a read from `node` returns.
    pub fn read(&self, node: usize, key: u32, now: Micros) -> Option<u64> {
        self.held(node, now).into_iter().filter(|v| self.writes[*v as usize - 1].0 == key).max()
    }

    pub fn disk_healthy(&self, node: usize, disk: usize, now: Micros) -> bool {
        self.disks[node][disk].is_some_and(|ready| ready <= now)
    }

    pub fn disk_failed(&self, node: usize, disk: usize) -> bool {
        self.disks[node][disk].is_none()
    }

    pub fn healthy_disks(&self, node: usize, now: Micros) -> usize {
        (0..self.disks[node].len()).filter(|d| self.disk_healthy(node, *d, now)).count()
    }

    /// Fails a disk; with no healthy disk left, every disk of the node is out.
    pub fn fail_disk(&mut self, node: usize, disk: usize, now: Micros) {
        self.disks[node][disk] = None;
        if self.healthy_disks(node, now) == 0 {
            self.disks[node].iter_mut().for_each(|d| *d = None);
        }
    }

    pub fn replace_disk(&mut self, node: usize, disk: usize, now: Micros) {
        let copy = if self.healthy_disks(node, now) > 0 { self.config.rebuild } else { 0 };
        self.disks[node][disk] = Some(now + copy);
    }
}
