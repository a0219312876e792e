//! A server: c workers, a bounded FIFO queue, and the bookkeeping for its utilization.

use std::collections::VecDeque;

use super::config::ServerSpec;
use super::metrics::SERIES_SECONDS;
use super::time::Micros;

/// A server's stable identity; ids are never reused within a world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServerId(pub u32);

impl ServerId {
    /// The id as an index into the world's server list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a server is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerStatus {
    /// Booting; takes traffic from the given time (microseconds).
    Starting {
        /// When it will be ready, in simulated microseconds.
        ready_at: Micros,
    },
    /// Taking traffic.
    Up,
    /// Removed from the balancer; finishing the requests it already has.
    Draining,
    /// Crashed: serves nothing until restored.
    Down {
        /// When it crashed, in simulated microseconds.
        since: Micros,
    },
    /// Gone: drained and switched off.
    Removed,
}

/// One server in the world.
#[derive(Clone, Debug)]
pub struct Server {
    /// Its identity.
    pub id: ServerId,
    /// Its hardware and queue settings.
    pub spec: ServerSpec,
    /// Where it is in its life.
    pub status: ServerStatus,
    /// Workers serving a request right now (0..=workers).
    pub busy: u32,
    /// Requests waiting for a worker, oldest first, as request slots.
    pub queue: VecDeque<u32>,
    /// Requests assigned to it and not yet finished: on the way, queued or in service.
    pub outstanding: u32,
    /// Requests it has finished serving.
    pub served: u64,
    /// Requests it dropped because its queue was full.
    pub dropped: u64,
    /// Whether its queue has overflowed and not yet emptied.
    pub saturated: bool,
    /// When it was added, in simulated microseconds.
    pub added_at: Micros,
    /// When its current stretch of serving began (at once, or when it finished booting), in
    /// simulated microseconds; `None` while it boots, is down or is gone.
    pub up_since: Option<Micros>,
    /// Time spent serving in stretches that have ended, in microseconds.
    pub up_before: Micros,
    /// Its current chaos plan (a planned crash or restore with another number is stale).
    pub chaos_plan: u32,
    /// When it was last restored after a crash, in simulated microseconds; it rejoins the
    /// balancer only once health checks pass.
    pub restored_at: Option<Micros>,
    /// When it was switched off, in simulated microseconds, if it has been.
    pub removed_at: Option<Micros>,
    /// `dropped` at the last once-a-second tick (a second without drops ends saturation).
    pub dropped_at_tick: u64,
    /// `served` at the last once-a-second tick.
    served_at_tick: u64,
    /// Requests it finished serving in the last whole simulated second.
    pub served_last_second: u64,
    /// (utilization 0–1, queue length) at the end of each of the last simulated seconds, oldest
    /// first; at most one minute.
    pub history: VecDeque<(f64, u32)>,
    /// Utilization over the last simulated second, 0.0–1.0: busy worker-time over the worker-time
    /// it was up (taking traffic or draining) in that second, so a server that became ready
    /// mid-second is not diluted by the time it spent booting.
    pub utilization: f64,
    /// Sum of busy workers × microseconds since it was added.
    busy_integral: u64,
    /// `busy_integral` at the last once-a-second tick.
    busy_at_tick: u64,
    /// When `busy` last changed.
    last_change: Micros,
    /// Start of the current measuring period: the last tick, or when the server became ready.
    measure_from: Micros,
}

/// Worker-time of one server or a whole fleet over a measuring period, in worker-microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Time workers spent serving requests.
    pub busy: u64,
    /// Time workers were available: workers × the time the server was up (taking traffic or
    /// draining) during the period.
    pub available: u64,
}

impl Usage {
    /// Busy over available, 0–1 (0 when nothing was available).
    pub fn utilization(self) -> f64 {
        if self.available == 0 {
            0.0
        } else {
            (self.busy as f64 / self.available as f64).min(1.0)
        }
    }
}

impl std::ops::AddAssign for Usage {
    fn add_assign(&mut self, other: Usage) {
        self.busy += other.busy;
        self.available += other.available;
    }
}

impl Server {
    /// A new server that is `status` at time `now`.
    pub fn new(id: ServerId, spec: ServerSpec, status: ServerStatus, now: Micros) -> Self {
        Server {
            id,
            spec,
            status,
            busy: 0,
            queue: VecDeque::new(),
            outstanding: 0,
            served: 0,
            dropped: 0,
            saturated: false,
            added_at: now,
            up_since: (status == ServerStatus::Up).then_some(now),
            up_before: 0,
            restored_at: None,
            chaos_plan: 0,
            removed_at: None,
            dropped_at_tick: 0,
            served_at_tick: 0,
            served_last_second: 0,
            history: VecDeque::with_capacity(SERIES_SECONDS),
            utilization: 0.0,
            busy_integral: 0,
            busy_at_tick: 0,
            last_change: now,
            measure_from: now,
        }
    }

    /// Whether it is up (booted and not crashed or draining); the balancer sends it requests
    /// once its health checks agree.
    pub fn is_routable(&self) -> bool {
        self.status == ServerStatus::Up
    }

    /// Whether it is still booting.
    pub fn is_booting(&self) -> bool {
        matches!(self.status, ServerStatus::Starting { .. })
    }

    /// Whether it serves requests that reach it (up or draining).
    pub fn serves(&self) -> bool {
        matches!(self.status, ServerStatus::Up | ServerStatus::Draining)
    }

    /// Whether it is down.
    pub fn is_down(&self) -> bool {
        matches!(self.status, ServerStatus::Down { .. })
    }

    /// Whether it still exists (starting, up, draining or down).
    pub fn is_present(&self) -> bool {
        self.status != ServerStatus::Removed
    }

    /// Whether a worker is free.
    pub fn has_free_worker(&self) -> bool {
        self.busy < self.spec.workers
    }

    /// Whether the queue has room for one more request.
    pub fn has_queue_room(&self) -> bool {
        (self.queue.len() as u32) < self.spec.queue_capacity
    }

    /// Changes the number of busy workers by `delta` at `now`, keeping the busy-time integral.
    pub fn change_busy(&mut self, now: Micros, delta: i32) {
        self.accumulate(now);
        self.busy = self.busy.saturating_add_signed(delta);
    }

    /// Closes the measuring period that ends at `now`, sets `utilization` from it, and returns
    /// the period's usage. A booting server was not up, so it contributes nothing.
    pub fn tick(&mut self, now: Micros) -> Usage {
        let usage = self.usage_until(now);
        self.utilization = usage.utilization();
        self.busy_at_tick = self.busy_integral;
        self.measure_from = now;
        self.served_last_second = self.served - self.served_at_tick;
        self.served_at_tick = self.served;
        if self.history.len() == SERIES_SECONDS {
            self.history.pop_front();
        }
        self.history.push_back((self.utilization, self.queue.len() as u32));
        usage
    }

    /// Finishes booting at `now`: the server takes traffic, and is measured from this moment.
    pub fn become_ready(&mut self, now: Micros) {
        self.accumulate(now);
        self.status = ServerStatus::Up;
        self.up_since = Some(now);
        self.busy_at_tick = self.busy_integral;
        self.measure_from = now;
    }

    /// Crashes it at `now`: its workers stop and its queue empties (the world fails the requests
    /// they held). Returns its usage since the last tick, which the world still counts.
    pub fn crash(&mut self, now: Micros) -> Usage {
        let usage = self.usage_until(now);
        self.end_up_stretch(now);
        self.change_busy(now, -(self.busy as i32));
        self.queue.clear();
        self.busy_at_tick = self.busy_integral;
        self.measure_from = now;
        self.status = ServerStatus::Down { since: now };
        usage
    }

    /// Switches it off at `now`, returning its usage since the last tick (the unfinished
    /// period, which the world still counts in the second it ends).
    pub fn remove(&mut self, now: Micros) -> Usage {
        let usage = self.usage_until(now);
        self.end_up_stretch(now);
        self.status = ServerStatus::Removed;
        self.removed_at = Some(now);
        // Nothing shows a removed server's history, and its queue drained before it left: free
        // both, so churn leaves only this record behind (about 256 bytes a server).
        debug_assert!(self.queue.is_empty(), "a server is removed once drained");
        self.history = VecDeque::new();
        self.queue = VecDeque::new();
        usage
    }

    /// Time spent serving (up or draining) until `now`, in microseconds.
    pub fn up_time(&self, now: Micros) -> Micros {
        self.up_before + self.up_since.map_or(0, |since| now.saturating_sub(since))
    }

    fn end_up_stretch(&mut self, now: Micros) {
        self.up_before = self.up_time(now);
        self.up_since = None;
    }

    /// Usage from the start of the current measuring period to `now`.
    fn usage_until(&mut self, now: Micros) -> Usage {
        self.accumulate(now);
        if self.is_booting() || self.is_down() {
            return Usage::default();
        }
        let up = now.saturating_sub(self.measure_from);
        Usage { busy: self.busy_integral - self.busy_at_tick, available: self.spec.workers as u64 * up }
    }

    /// Busy worker-microseconds since the server was added, up to `now`.
    pub fn busy_time(&self, now: Micros) -> u64 {
        self.busy_integral + self.busy as u64 * now.saturating_sub(self.last_change)
    }

    fn accumulate(&mut self, now: Micros) {
        self.busy_integral += self.busy as u64 * now.saturating_sub(self.last_change);
        self.last_change = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::ServerSize;
    use crate::sim::time::SECOND;

    #[test]
    fn utilization_is_busy_worker_time_over_the_period() {
        let mut server = Server::new(ServerId(0), ServerSpec::preset(ServerSize::Large), ServerStatus::Up, 0);
        server.change_busy(0, 2); // 2 of 4 workers busy for the whole first second
        server.tick(SECOND);
        assert_eq!(server.utilization, 0.5);
        server.change_busy(SECOND + SECOND / 2, 2); // all 4 for the second half of the next second
        server.tick(2 * SECOND);
        assert_eq!(server.utilization, 0.75);
    }

    #[test]
    fn history_keeps_the_last_minute() {
        let mut server = Server::new(ServerId(0), ServerSpec::preset(ServerSize::Small), ServerStatus::Up, 0);
        server.queue.extend([1, 2, 3]);
        for second in 1..=75 {
            server.tick(second * SECOND);
        }
        assert_eq!(server.history.len(), SERIES_SECONDS);
        assert_eq!(server.history.back(), Some(&(0.0, 3)));
    }

    #[test]
    fn a_removed_server_frees_its_history_and_its_queue() {
        let mut server = Server::new(ServerId(0), ServerSpec::preset(ServerSize::Small), ServerStatus::Up, 0);
        server.queue.extend(0..1_000);
        server.queue.clear();
        for second in 1..=10 {
            server.tick(second * SECOND);
        }
        server.remove(11 * SECOND);
        assert_eq!((server.history.capacity(), server.queue.capacity()), (0, 0));
    }
}
