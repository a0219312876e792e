//! Drives the tier and the test's shadow side by side, one command at a time, and checks after
//! each that the tier's acknowledgements, failovers, lag, reads and disks match the shadow.

use ds_playground::sim::storage::{
    DiskState, Loss, NodeId, Outcome, OutcomeKind, Storage, StorageConfig, Write,
};
use ds_playground::sim::time::Micros;
use proptest::prelude::*;

use crate::shadow::Shadow;
use crate::Op;

/// A tier, its shadow, and everything seen so far.
pub struct Run {
    pub storage: Storage,
    pub shadow: Shadow,
    pub now: Micros,
    pub acks: Vec<Write>,
    pub outcomes: Vec<Outcome>,
    /// Crash a node only while every other node runs (one failure at a time).
    pub one_failure_at_a_time: bool,
}

impl Run {
    pub fn new(config: StorageConfig) -> Self {
        Run {
            storage: Storage::new(config),
            shadow: Shadow::new(config),
            now: 0,
            acks: Vec::new(),
            outcomes: Vec::new(),
            one_failure_at_a_time: false,
        }
    }

    fn nodes(&self) -> usize {
        self.storage.nodes().len()
    }

    /// Carries out `op`; a disk failure is skipped when it would fail a node's last healthy disk.
    pub fn apply(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let now = self.now;
        let disks = self.storage.config().disks as usize;
        match *op {
            Op::Write(key) => {
                let accepts = self.shadow.accepts_writes(now);
                let result = self.storage.write(now, key);
                prop_assert_eq!(result.is_ok(), accepts, "write {:?}", result);
                if let Ok(write) = result {
                    prop_assert_eq!(write.version, self.shadow.acknowledge(key, now));
                    self.acks.push(write);
                }
            }
            Op::Advance(by) => {
                self.now += by;
                self.storage.advance(self.now);
            }
            Op::FailDisk(node, disk) => {
                let (node, disk) = (node % self.nodes(), disk % disks);
                let last =
                    self.shadow.disk_healthy(node, disk, now) && self.shadow.healthy_disks(node, now) == 1;
                if !self.shadow.disk_failed(node, disk) && !last {
                    self.storage.fail_disk(now, id(node), disk).unwrap();
                    self.shadow.fail_disk(node, disk, now);
                }
            }
            Op::Replace(node, disk) => {
                let (node, disk) = (node % self.nodes(), disk % disks);
                if self.shadow.disk_failed(node, disk) {
                    self.storage.replace_disk(now, id(node), disk).unwrap();
                    self.shadow.replace_disk(node, disk, now);
                }
            }
            Op::Crash(node) => {
                let node = node.map_or(self.shadow.primary, |n| n % self.nodes());
                let others_up = (0..self.nodes()).all(|n| n == node || self.shadow.up[n]);
                let allowed = !self.one_failure_at_a_time || others_up;
                if self.shadow.up[node] && allowed {
                    self.storage.crash(now, id(node)).unwrap();
                    self.shadow.crash(node, now);
                }
            }
            Op::FailOver => {
                let expected = self.shadow.fail_over(now);
                let result = self.storage.fail_over(now);
                prop_assert_eq!(result.ok(), expected.as_ref().map(|(p, _)| id(*p)));
                if let Some((promoted, lost)) = expected {
                    let loss = Loss { count: lost.len(), keys: self.shadow.sample_keys(&lost) };
                    let seen = self.storage.take_outcomes();
                    let failover = seen.iter().find_map(|o| match &o.kind {
                        OutcomeKind::FailoverDone { promoted: p, loss, .. } => Some((*p, loss.clone())),
                        _ => None,
                    });
                    prop_assert_eq!(failover, Some((id(promoted), loss)));
                    self.outcomes.extend(seen);
                }
            }
            Op::Restore(node) => {
                let node = node % self.nodes();
                if !self.shadow.up[node] {
                    self.storage.restore(now, id(node)).unwrap();
                    self.shadow.restore(node, now);
                }
            }
        }
        self.outcomes.extend(self.storage.take_outcomes());
        self.check()
    }

    /// The tier's lag, reads and disks agree with the shadow's.
    pub fn check(&self) -> Result<(), TestCaseError> {
        let now = self.now;
        for node in 0..self.nodes() {
            let lag = self.storage.lag(id(node)).map(|l| (l.unshipped, l.oldest));
            let expected = (node != self.shadow.primary).then(|| self.shadow.lag(node, now));
            prop_assert_eq!(lag, expected, "lag of node {}", node);
            for key in 0..crate::KEYS {
                let read = self.storage.read(id(node), key).map(|r| r.version);
                let expected = self.shadow.up[node].then(|| self.shadow.read(node, key, now));
                prop_assert_eq!(read, expected, "read of key {} from node {}", key, node);
            }
            for (disk, state) in self.storage.nodes()[node].disks().into_iter().enumerate() {
                let healthy = self.shadow.disk_healthy(node, disk, now);
                prop_assert_eq!(state == DiskState::Healthy, healthy, "disk {} of node {}", disk, node);
            }
        }
        Ok(())
    }
}

pub fn id(node: usize) -> NodeId {
    NodeId(node as u32)
}
