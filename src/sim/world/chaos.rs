//! Chaos: every running server crashes after an exponential time with mean MTBF, and every
//! crashed server is restored after an exponential time with mean MTTR, like Chaos Monkey; the
//! database's disks fail and are replaced the same way. Each server and disk has one plan at a
//! time: a crash, restore, failure or replacement by hand replaces it.

use rand_distr::{Distribution, Exp};

use super::World;
use crate::sim::config::ChaosConfig;
use crate::sim::event::EventKind;
use crate::sim::schedule::Action;
use crate::sim::server::ServerId;
use crate::sim::storage::{DiskState, NodeId};
use crate::sim::time::{round_micros, Micros};

impl World {
    /// Switches chaos on with `chaos`, or off with `None`; plans made before are dropped.
    pub(super) fn set_chaos(&mut self, chaos: Option<ChaosConfig>) {
        self.config.chaos = chaos;
        let present: Vec<ServerId> = self.servers.iter().filter(|s| s.is_present()).map(|s| s.id).collect();
        for id in present {
            self.plan_chaos(id);
        }
        self.plan_every_disk();
        self.log.push(self.now, EventKind::ChaosChanged { chaos });
    }

    /// Replaces server `id`'s chaos plan: a crash if it runs, a restore if it is down, nothing
    /// if chaos is off.
    pub(super) fn plan_chaos(&mut self, id: ServerId) {
        let server = &mut self.servers[id.index()];
        server.chaos_plan += 1;
        let (plan, down) = (server.chaos_plan, server.is_down());
        let Some(chaos) = self.config.chaos else { return };
        let (mean, action) = if down {
            (chaos.server_mttr, Action::ChaosRestore { server: id, plan })
        } else {
            (chaos.server_mtbf, Action::ChaosCrash { server: id, plan })
        };
        let at = self.now + self.exponential(mean);
        self.schedule.push(at, action);
    }

    /// Replaces the chaos plan of every disk of the database, if the world has one.
    pub(super) fn plan_every_disk(&mut self) {
        let disks: Vec<(usize, usize)> = match &self.database {
            Some(db) => db
                .disk_plans
                .iter()
                .enumerate()
                .flat_map(|(n, d)| (0..d.len()).map(move |i| (n, i)))
                .collect(),
            None => Vec::new(),
        };
        for (node, disk) in disks {
            self.plan_disk_chaos(NodeId(node as u32), disk);
        }
    }

    /// Replaces the chaos plan of disk `disk` of database node `node`: a replacement if it has
    /// failed, a failure if not, nothing if chaos is off.
    pub(super) fn plan_disk_chaos(&mut self, node: NodeId, disk: usize) {
        let Some(db) = self.database.as_mut() else { return };
        let plan = &mut db.disk_plans[node.index()][disk];
        *plan += 1;
        let plan = *plan;
        let failed = db.storage.nodes()[node.index()].disks()[disk] == DiskState::Failed;
        let Some(chaos) = self.config.chaos else { return };
        let (node, disk8) = (node.0 as u8, disk as u8);
        let (mean, action) = if failed {
            (chaos.disk_mttr, Action::ChaosDiskReplace { node, disk: disk8, plan })
        } else {
            (chaos.disk_mtbf, Action::ChaosDiskFail { node, disk: disk8, plan })
        };
        let at = self.now + self.exponential(mean);
        self.schedule.push(at, action);
    }

    /// Whether `plan` is still the current chaos plan of disk `disk` of database node `node`.
    pub(super) fn disk_plan_current(&self, node: u8, disk: u8, plan: u32) -> bool {
        self.database.as_ref().is_some_and(|db| db.disk_plans[usize::from(node)][usize::from(disk)] == plan)
    }

    /// Whether `plan` is still server `id`'s current chaos plan.
    pub(super) fn chaos_plan_current(&self, id: ServerId, plan: u32) -> bool {
        self.servers[id.index()].chaos_plan == plan
    }

    /// An exponential time with mean `mean`, in microseconds, from the world's generator.
    fn exponential(&mut self, mean: Micros) -> Micros {
        let exp = Exp::new(1.0 / mean.max(1) as f64).expect("positive rate");
        round_micros(exp.sample(&mut self.rng))
    }
}
