//! The future-event list: pending actions ordered by (time, sequence number), so that two actions
//! due at the same microsecond always run in the order they were scheduled.

use std::hint::select_unpredictable;

use super::ring::Ring;
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
    /// The response for the request in this slot reaches its client. One for every request, so
    /// kept beside the schedule (in the world's deliveries) rather than in it.
    Delivered(u32),
    /// A starting server finishes booting; stale unless it is still booting until `at` (it may
    /// have crashed and been restored meanwhile).
    ServerReady { server: ServerId, at: Micros },
    /// A flash crowd ends; stale if `epoch` is not the current burst epoch.
    BurstEnd { epoch: u32 },
    /// Once a simulated second: metrics roll over and the autoscaler looks.
    Tick,
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

/// A place in the run order: a time in simulated microseconds in the high 64 bits, the order
/// it was scheduled in the low ones, so that one comparison orders two places.
pub(crate) type Place = u128;

/// The first place in the run order after every place at `time`.
pub(crate) fn place_after(time: Micros) -> Place {
    (u128::from(time) + 1) << 64
}

/// The time of `place`, in simulated microseconds.
pub(crate) fn time_of(place: Place) -> Micros {
    (place >> 64) as Micros
}

/// One pending action, with its place in the run order: its time in the high 64 bits, the
/// order it was scheduled in the low ones, so that one comparison orders two entries.
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: Place,
    action: Action,
}

/// A min-heap of entries in which each node has four children: half as deep as a binary heap,
/// so taking the earliest entry moves fewer entries.
#[derive(Debug, Default)]
struct QuadHeap {
    entries: Vec<Entry>,
}

impl QuadHeap {
    /// The earliest entry.
    fn peek(&self) -> Option<&Entry> {
        self.entries.first()
    }

    /// Adds `entry`.
    #[inline]
    fn push(&mut self, entry: Entry) {
        let hole = self.entries.len();
        self.entries.push(entry);
        self.climb(hole, entry);
    }

    /// Puts `entry` in the hole at `hole` or above it: parents later than it move down a level
    /// until one is not.
    #[inline(always)]
    fn climb(&mut self, mut hole: usize, entry: Entry) {
        while hole > 0 {
            let parent = (hole - 1) / 4;
            if self.entries[parent].key <= entry.key {
                break;
            }
            self.entries[hole] = self.entries[parent];
            hole = parent;
        }
        self.entries[hole] = entry;
    }

    /// Removes and returns the earliest entry. The last entry fills the hole the first leaves:
    /// it came from the bottom, so it nearly always belongs near the bottom again. The hole
    /// goes down to a leaf along the least children without comparing it at each level, and it
    /// then climbs back up the few levels it must (Floyd's way).
    fn pop(&mut self) -> Option<Entry> {
        let last = self.entries.pop()?;
        let Some(&first) = self.entries.first() else {
            return Some(last);
        };
        let len = self.entries.len();
        let mut hole = 0;
        loop {
            let start = 4 * hole + 1;
            if start >= len {
                break;
            }
            let child = if start + 4 <= len {
                // A full family: the least of four as a small tournament of selects, which
                // the processor runs without guessing (the winner is a coin toss).
                let key = |c: usize| self.entries[c].key;
                let a = select_unpredictable(key(start + 1) < key(start), start + 1, start);
                let b = select_unpredictable(key(start + 3) < key(start + 2), start + 3, start + 2);
                select_unpredictable(key(b) < key(a), b, a)
            } else {
                let mut child = start;
                for c in start + 1..len {
                    if self.entries[c].key < self.entries[child].key {
                        child = c;
                    }
                }
                child
            };
            self.entries[hole] = self.entries[child];
            hole = child;
        }
        self.climb(hole, last);
        Some(first)
    }
}

/// How many first-in, first-out lanes the schedule keeps (see [`Schedule`]).
const LANES: usize = 3;

/// Where the pending arrival is kept, among the places [`Schedule::earliest`] compares: after
/// the lanes.
const ARRIVAL: usize = LANES;

/// Where the heap's top is, among the places [`Schedule::earliest`] compares.
const HEAP: usize = LANES + 1;

/// The key of an empty lane's front: later than any entry.
const EMPTY: u128 = u128::MAX;

/// The lane an action goes to if it comes no earlier than the lane's last entry. Actions that
/// usually follow the same fixed delay share a lane, as each then comes after the one scheduled
/// before it: the client's link to the balancer; the balancer's link to a server (both ways, and
/// health checks' probes and answers); the next health check. The next arrival has a place of
/// its own ([`ARRIVAL`]).
fn lane(action: &Action) -> Option<usize> {
    match action {
        Action::ReachBalancer(_) => Some(0),
        Action::ReachServer(_) | Action::HealthProbe { .. } | Action::HealthResult { .. } => Some(1),
        Action::HealthCheck(_) => Some(2),
        Action::Arrival { .. } => Some(ARRIVAL),
        _ => None,
    }
}

/// The future-event list: a heap, and beside it a few first-in, first-out lanes for the
/// actions that follow a delay of fixed length (most of them). An action scheduled
/// no earlier than its lane's last entry joins the lane's back, in O(1), and the lane stays in
/// (time, sequence) order because sequence numbers only grow; any other action goes to the
/// heap. The clients' next arrival has a single place beside the lanes: only one is live at a
/// time, so another scheduled while one is pending (after a rate change) goes to the heap. The
/// earliest pending action is the least of the heap's top, the lanes' fronts and the arrival,
/// so the order is exactly that of a single heap.
#[derive(Debug)]
pub(crate) struct Schedule {
    heap: QuadHeap,
    lanes: [Ring<Entry>; LANES],
    /// The key of each lane's front, then of the pending arrival, or [`EMPTY`].
    fronts: [u128; LANES + 1],
    /// The pending arrival's action, when `fronts[ARRIVAL]` is not [`EMPTY`].
    arrival: Action,
    next_seq: u64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            heap: QuadHeap::default(),
            lanes: Default::default(),
            fronts: [EMPTY; LANES + 1],
            arrival: Action::Tick,
            next_seq: 0,
        }
    }
}

impl Schedule {
    /// Schedules `action` at `time`.
    #[inline(always)]
    pub fn push(&mut self, time: Micros, action: Action) {
        let entry = Entry { key: self.reserve(time), action };
        if let Some(i) = lane(&action) {
            if i == ARRIVAL {
                // A stale arrival may still be pending (after a rate change): the new one then
                // waits in the heap.
                if self.fronts[ARRIVAL] == EMPTY {
                    self.fronts[ARRIVAL] = entry.key;
                    self.arrival = action;
                    return;
                }
            } else {
                let lane = &mut self.lanes[i];
                if lane.back().is_none_or(|last| last.key < entry.key) {
                    if lane.is_empty() {
                        self.fronts[i] = entry.key;
                    }
                    lane.push_back(entry);
                    return;
                }
            }
        }
        self.heap.push(entry);
    }

    /// The place in the run order an action scheduled now at `time` would take, for work kept
    /// outside the schedule that must still run in its order (the balancer's releases).
    #[inline(always)]
    pub fn reserve(&mut self, time: Micros) -> Place {
        let place = u128::from(time) << 64 | u128::from(self.next_seq);
        self.next_seq += 1;
        place
    }

    /// The place of the earliest pending action.
    pub fn peek_place(&self) -> Option<Place> {
        self.earliest().map(|(_, key)| key)
    }

    /// Where the earliest pending entry is ([`HEAP`], [`ARRIVAL`] or a lane's index) and its
    /// key, if anything is pending.
    #[inline]
    fn earliest(&self) -> Option<(usize, u128)> {
        let (mut at, mut best) = (HEAP, self.heap.peek().map_or(EMPTY, |e| e.key));
        // Most fronts differ in their time, the high half of the key: compare that first.
        let mut best_time = (best >> 64) as u64;
        for i in 0..=ARRIVAL {
            let key = self.fronts[i];
            let time = (key >> 64) as u64;
            if time < best_time || (time == best_time && key < best) {
                (at, best, best_time) = (i, key, time);
            }
        }
        (best != EMPTY).then_some((at, best))
    }

    /// The earliest pending action and its place.
    pub fn peek(&self) -> Option<(Place, Action)> {
        let entry = match self.earliest()? {
            (HEAP, _) => self.heap.peek(),
            (ARRIVAL, key) => return Some((key, self.arrival)),
            (i, _) => self.lanes[i].front(),
        }?;
        Some((entry.key, entry.action))
    }

    /// Removes and returns the earliest pending action, with its place, if that place comes
    /// before `limit`.
    #[inline]
    pub fn pop_before(&mut self, limit: Place) -> Option<(Place, Action)> {
        let (place, key) = self.earliest()?;
        if key >= limit {
            return None;
        }
        let entry = if place == HEAP {
            self.heap.pop()
        } else if place == ARRIVAL {
            self.fronts[ARRIVAL] = EMPTY;
            return Some((key, self.arrival));
        } else {
            let lane = &mut self.lanes[place];
            let entry = lane.pop_front();
            self.fronts[place] = lane.front().map_or(EMPTY, |e| e.key);
            entry
        }?;
        Some((entry.key, entry.action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The next action and its time, as the world takes them.
    fn pop(schedule: &mut Schedule) -> Option<(Micros, Action)> {
        schedule.pop_before(Place::MAX).map(|(place, action)| (time_of(place), action))
    }

    #[test]
    fn runs_actions_in_time_order_then_in_the_order_they_were_scheduled() {
        let mut schedule = Schedule::default();
        // Lane actions out of order fall back to the heap; equal times keep their order.
        let pushes = [
            (50, Action::ReachBalancer(0)),
            (30, Action::ReachBalancer(1)),
            (30, Action::Tick),
            (70, Action::ReachBalancer(2)),
            (30, Action::ReachServer(3)),
            (10, Action::Arrival { epoch: 1 }),
            (70, Action::HealthProbe { server: ServerId(4), sent: 0 }),
            (70, Action::ReachBalancer(5)),
        ];
        for (time, action) in pushes {
            schedule.push(time, action);
        }
        assert_eq!(schedule.peek_place().map(time_of), Some(10));
        assert_eq!(schedule.pop_before(place_after(9)), None, "nothing is due before 10");
        let mut order = Vec::new();
        while let Some(next) = pop(&mut schedule) {
            order.push(next);
        }
        let mut expected: Vec<_> = pushes.iter().copied().enumerate().collect();
        expected.sort_by_key(|(seq, (time, _))| (*time, *seq));
        assert_eq!(order, expected.into_iter().map(|(_, p)| p).collect::<Vec<_>>());
        assert_eq!(schedule.peek(), None);
    }

    proptest::proptest! {
        /// Pushes and pops interleaved at random, with delays that keep lanes in order and
        /// delays that do not, come out as a sort by (time, order scheduled) would give them.
        #[test]
        fn pops_in_time_then_schedule_order(steps in proptest::collection::vec((0u64..5, 0u64..200, 0u8..3), 1..400)) {
            let mut schedule = Schedule::default();
            let mut pending: Vec<(Micros, u64, Action)> = Vec::new();
            let (mut now, mut seq) = (0, 0);
            for (kind, delay, pops) in steps {
                let action = match kind {
                    0 => Action::ReachBalancer(seq as u32),
                    1 => Action::ReachServer(seq as u32),
                    2 => Action::HealthCheck(ServerId(seq as u32)),
                    3 => Action::Arrival { epoch: seq as u32 },
                    _ => Action::ServiceDone { slot: seq as u32, id: seq, attempt: 1 },
                };
                schedule.push(now + delay, action);
                pending.push((now + delay, seq, action));
                seq += 1;
                for _ in 0..pops {
                    pending.sort_by_key(|(time, seq, _)| std::cmp::Reverse((*time, *seq)));
                    let expected = pending.pop().map(|(time, _, action)| (time, action));
                    proptest::prop_assert_eq!(pop(&mut schedule), expected);
                    if let Some((time, _)) = expected {
                        now = time;
                    }
                }
            }
        }
    }

    #[test]
    fn an_action_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Action>(), 16);
    }
}
