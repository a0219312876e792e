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
    /// When it was switched off, in simulated microseconds, if it has been.
    pub removed_at: Option<Micros>,
    /// `dropped` at the last once-a-second tick (a second without drops ends saturation).
    pub dropped_at_tick: u64,
    /// (utilization 0–1, queue length) at the end of each of the last simulated seconds, oldest
    /// first; at most one minute.
    pub history: VecDeque<(f64, u32)>,
    /// Utilization over the last full simulated second, 0.0–1.0.
    pub utilization: f64,
    /// Sum of busy workers × microseconds since it was added.
    busy_integral: u64,
    /// `busy_integral` at the last once-a-second tick.
    busy_at_tick: u64,
    /// When `busy` last changed.
    last_change: Micros,
    /// When the last measuring period ended (or the server was added).
    last_tick: Micros,
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
            removed_at: None,
            dropped_at_tick: 0,
            history: VecDeque::with_capacity(SERIES_SECONDS),
            utilization: 0.0,
            busy_integral: 0,
            busy_at_tick: 0,
            last_change: now,
            last_tick: now,
        }
    }

    /// Whether the balancer may send it new requests.
    pub fn is_routable(&self) -> bool {
        self.status == ServerStatus::Up
    }

    /// Whether it is still booting.
    pub fn is_booting(&self) -> bool {
        matches!(self.status, ServerStatus::Starting { .. })
    }

    /// Whether it still exists (starting, up or draining).
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

    /// Closes the measuring period that ends at `now` and sets `utilization` from it.
    pub fn tick(&mut self, now: Micros) {
        self.accumulate(now);
        let busy = self.busy_integral - self.busy_at_tick;
        self.busy_at_tick = self.busy_integral;
        let period = now.saturating_sub(self.last_tick).max(1);
        self.last_tick = now;
        let possible = self.spec.workers as u64 * period;
        self.utilization = (busy as f64 / possible as f64).min(1.0);
        if self.history.len() == SERIES_SECONDS {
            self.history.pop_front();
        }
        self.history.push_back((self.utilization, self.queue.len() as u32));
    }

    /// Switches it off at `now`.
    pub fn remove(&mut self, now: Micros) {
        self.accumulate(now);
        self.status = ServerStatus::Removed;
        self.removed_at = Some(now);
        // Nothing shows a removed server's history; free it so churn does not pile up memory.
        self.history = VecDeque::new();
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
}
