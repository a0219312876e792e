//! The future-event list: pending actions ordered by (time, sequence number), so that two actions
//! due at the same microsecond always run in the order they were scheduled.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::server::ServerId;
use super::time::Micros;

/// Something the world will do at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Action {
    /// A client sends the next request; stale if `epoch` is not the current arrival epoch.
    Arrival { epoch: u32 },
    /// The request in this slot reaches the load balancer.
    ReachBalancer(u32),
    /// The request in this slot reaches its server.
    ReachServer(u32),
    /// The request in this slot finishes service at its server; stale unless the slot still
    /// holds that request (by id), in service on the same attempt (its server may have crashed
    /// and the request been retried elsewhere meanwhile).
    ServiceDone { slot: u32, id: u64, attempt: u8 },
    /// The response for the request in this slot reaches its client.
    Delivered(u32),
    /// A starting server finishes booting; stale unless it is still booting until `at` (it may
    /// have crashed and been restored meanwhile).
    ServerReady { server: ServerId, at: Micros },
    /// A flash crowd ends; stale if `epoch` is not the current burst epoch.
    BurstEnd { epoch: u32 },
    /// Once a simulated second: metrics roll over and the autoscaler looks.
    Tick,
    /// A response (or a refusal) from this server passes back through the balancer, which stops
    /// counting the request as active there.
    Released(ServerId),
    /// Chaos crashes this server; stale unless `plan` is still the server's chaos plan.
    ChaosCrash { server: ServerId, plan: u32 },
    /// Chaos restores this server; stale unless `plan` is still the server's chaos plan.
    ChaosRestore { server: ServerId, plan: u32 },
    /// The balancer checks this server's health.
    HealthCheck(ServerId),
    /// A health check reaches this server, sent at `sent`: it answers if it serves.
    HealthProbe { server: ServerId, sent: Micros },
    /// The answer (or the timeout) of a health check of this server arrives at the balancer.
    HealthResult { server: ServerId, pass: bool },
    /// The query of the request in this slot reaches its database node.
    ReachDatabase(u32),
    /// A database node finishes the query of request `id` in this slot; stale unless the slot
    /// still holds that request in database service (its node may have stopped meanwhile).
    DatabaseDone { slot: u32, id: u64 },
    /// The database's answer for the request in this slot reaches its server.
    BackFromDatabase(u32),
    /// The failover timeout ends; stale unless a failover is still due now.
    FailoverDue,
    /// The storage catches up to now: a rebuild passes a milestone, or writes reach replicas.
    StorageDue,
    /// Chaos fails this disk; stale unless `plan` is still the disk's chaos plan.
    ChaosDiskFail { node: u8, disk: u8, plan: u32 },
    /// Chaos replaces this failed disk; stale unless `plan` is still the disk's chaos plan.
    ChaosDiskReplace { node: u8, disk: u8, plan: u32 },
    /// A bot sends; stale if `epoch` is not the current attack epoch.
    AttackArrival { epoch: u32 },
    /// A scenario's attack starts.
    AttackStart,
    /// The edge carries out its connection table's timeouts; stale unless planned for now.
    EdgeSweep,
    /// The fair queue sends on the requests whose turn has come.
    EdgeDispatch,
}

/// A min-heap of actions keyed by (time, sequence).
#[derive(Debug, Default)]
pub(crate) struct Schedule {
    heap: BinaryHeap<Reverse<(Micros, u64, Action)>>,
    next_seq: u64,
}

impl Schedule {
    /// Schedules `action` at `time`.
    pub fn push(&mut self, time: Micros, action: Action) {
        self.heap.push(Reverse((time, self.next_seq, action)));
        self.next_seq += 1;
    }

    /// The earliest pending action and its time.
    pub fn peek(&self) -> Option<(Micros, Action)> {
        self.heap.peek().map(|Reverse((t, _, a))| (*t, *a))
    }

    /// The time of the earliest pending action.
    pub fn peek_time(&self) -> Option<Micros> {
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Removes and returns the earliest pending action.
    pub fn pop(&mut self) -> Option<(Micros, Action)> {
        self.heap.pop().map(|Reverse((t, _, a))| (t, a))
    }
}
