//! What a trial measures as the try runs: readings at its start, over the whole try, and over
//! the graded window, block by block.

use super::rules::Rules;
use crate::sim::security::Capture;
use crate::sim::storage::OutcomeKind;
use crate::sim::{Event, EventKind, ServerStatus, Snapshot};
use crate::teach::tour::reading::Reading;

/// One 10 s block of the graded window, read from the metrics' window when it closed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Block {
    /// Users' requests served with success in it.
    pub(super) served: u64,
    /// Users' requests that ended in it: served, lost or refused.
    pub(super) ended: u64,
    /// Users' p95 latency in it, in milliseconds; `None` if none was served.
    p95_ms: Option<f64>,
    /// Writes the database had acknowledged since the world started, when it closed.
    pub(super) acknowledged: u64,
}

/// Everything measured so far.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Measured {
    pub(super) rules: Rules,
    /// The reading when the try started.
    pub(super) start: Reading,
    /// The base arrival rate when the try started, in requests per second.
    pub(super) rate: f64,
    /// Server-seconds paid for, and users' requests blocked, before the try started.
    server_seconds_start: u64,
    users_blocked_start: u64,
    /// The latest reading.
    pub(super) latest: Reading,
    /// The lowest base arrival rate over the try, in requests per second.
    pub(super) min_rate: f64,
    /// The most servers run at once over the try.
    pub(super) most_servers: usize,
    /// The most capacity over the try, in requests per second.
    pub(super) most_capacity: f64,
    /// Users' requests the defences blocked over the try.
    pub(super) users_blocked: u64,
    /// Server-seconds paid for since the try started.
    pub(super) server_seconds: u64,
    /// Server-seconds paid for until the end of the latest block read.
    pub(super) paid: Option<u64>,
    /// Which ordeals happened.
    pub(super) crashed: bool,
    pub(super) disk_failed: bool,
    pub(super) stolen: bool,
    /// The reading at the first look in the graded window.
    pub(super) entered: Option<Reading>,
    /// The graded window's blocks read so far (`None` for one a too-rare look missed).
    pub(super) blocks: Vec<Option<Block>>,
    /// The eavesdropper's recordings kept at the last look, by request id.
    kept: Vec<u64>,
    /// Recordings made in the window, and those that gave away a password.
    pub(super) captured: u64,
    pub(super) passwords: u64,
    /// The eavesdropper was elsewhere than the rules' link at a look in the window.
    pub(super) tap_moved: bool,
    /// The attack was gone at a look in the window.
    pub(super) attack_stopped: bool,
    /// Authentication was off at a look in the window.
    pub(super) auth_off: bool,
}

/// Whether `capture` gives a password away: recorded in the clear, and a login form.
fn reveals_password(capture: &Capture) -> bool {
    capture.sealed.is_none() && capture.text.contains("password=")
}

/// Users' requests blocked by any defence since the world started.
fn users_blocked(snapshot: &Snapshot) -> u64 {
    snapshot.edge.blocked.iter().map(|(_, users, _)| users).sum()
}

impl Measured {
    /// Nothing measured yet, on a world that looks like `snapshot`.
    pub(super) fn new(rules: Rules, snapshot: &Snapshot) -> Measured {
        let start = Reading::of(snapshot);
        Measured {
            rules,
            latest: start.clone(),
            start,
            rate: snapshot.base_rate,
            server_seconds_start: snapshot.edge.server_seconds,
            users_blocked_start: users_blocked(snapshot),
            min_rate: snapshot.base_rate,
            most_servers: 0,
            most_capacity: 0.0,
            users_blocked: 0,
            server_seconds: 0,
            paid: None,
            crashed: false,
            disk_failed: false,
            stolen: false,
            entered: None,
            blocks: Vec::new(),
            kept: snapshot.captures.iter().map(|c| c.id).collect(),
            captured: 0,
            passwords: 0,
            tap_moved: false,
            attack_stopped: false,
            auth_off: false,
        }
    }

    /// Takes in one event of the try.
    pub(super) fn event(&mut self, event: &Event) {
        match event.kind {
            EventKind::ServerCrashed { .. } => self.crashed = true,
            EventKind::Storage(OutcomeKind::DiskFailed { .. }) => self.disk_failed = true,
            EventKind::StolenTokenUsed { .. } => self.stolen = true,
            _ => {}
        }
    }

    /// Takes in one look at the world, `in_window` if it falls in the graded window.
    pub(super) fn look(&mut self, snapshot: &Snapshot, in_window: bool) {
        let reading = Reading::of(snapshot);
        self.min_rate = self.min_rate.min(snapshot.base_rate);
        let running = snapshot.servers.iter().filter(|s| s.status != ServerStatus::Removed).count();
        self.most_servers = self.most_servers.max(running);
        self.most_capacity = self.most_capacity.max(snapshot.capacity);
        self.users_blocked = users_blocked(snapshot).saturating_sub(self.users_blocked_start);
        self.server_seconds = snapshot.edge.server_seconds.saturating_sub(self.server_seconds_start);
        self.stolen |= snapshot.auth.as_ref().is_some_and(|a| a.thief.is_some());
        if in_window {
            if self.entered.is_none() {
                self.entered = Some(reading.clone());
            }
            for capture in snapshot.captures.iter().filter(|c| !self.kept.contains(&c.id)) {
                self.captured += 1;
                self.passwords += u64::from(reveals_password(capture));
            }
            self.tap_moved |= self.rules.listen.is_some_and(|tap| snapshot.tap != Some(tap));
            self.attack_stopped |= snapshot.edge.attack.is_none();
            self.auth_off |= snapshot.auth.is_none();
        }
        self.kept = snapshot.captures.iter().map(|c| c.id).collect();
        self.latest = reading;
    }

    /// Reads the block of the graded window that closed `late` whole seconds ago (0 when the
    /// looks come at least once a second).
    pub(super) fn read_block(&mut self, snapshot: &Snapshot, late: u64) {
        // The seconds since the block closed are past the try's end if it was the last: take
        // off what the servers switched on now cost in them.
        let on = snapshot
            .servers
            .iter()
            .filter(|s| !matches!(s.status, ServerStatus::Removed | ServerStatus::Down { .. }))
            .count() as u64;
        self.paid = Some(self.server_seconds.saturating_sub(late * on));
        let recent = &snapshot.edge.recent;
        let latency = &snapshot.edge.recent_latency;
        self.blocks.push(Some(Block {
            served: recent.legit_served,
            ended: recent.legit_served + recent.legit_lost + recent.legit_refused,
            p95_ms: (latency.count > 0).then_some(latency.p95_ms),
            acknowledged: snapshot.database.as_ref().map_or(0, |d| d.acknowledged),
        }));
    }

    /// Users' p95 latency in the worst block read, in milliseconds, if any was served.
    pub(super) fn worst_p95(&self) -> Option<f64> {
        self.blocks.iter().flatten().filter_map(|b| b.p95_ms).reduce(f64::max)
    }

    /// Writes acknowledged in the last block read, if one was read after another reading.
    pub(super) fn last_writes(&self) -> Option<u64> {
        let mut acks: Vec<u64> = self.entered.iter().map(|r| r.acknowledged).collect();
        acks.extend(self.blocks.iter().flatten().map(|b| b.acknowledged));
        match acks.as_slice() {
            [.., before, last] => Some(last.saturating_sub(*before)),
            _ => None,
        }
    }
}
