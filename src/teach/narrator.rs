//! Choosing what the caption bar says: the newest event whose situation still holds, told with
//! today's numbers, or else how things stand now.

use crate::sim::event::{Event, EventKind};
use crate::sim::time::Micros;
use crate::sim::{ServerId, Snapshot};

use super::captions::{caption_for, Caption, Kind};
use super::situation::holds;
use super::status::{status, welcome};

/// Remembers the newest event of each kind of caption and says which caption holds now.
///
/// A newer event of a kind replaces the older one at once (never held back because a similar
/// caption was shown lately); a caption gives way as soon as its situation ends. Text changes
/// only when the caption to show changes, so the polite live region is not re-announced on every
/// published snapshot.
#[derive(Clone, Debug, Default)]
pub struct Narrator {
    /// The first event not yet heard.
    next_seq: u64,
    /// Whether any event has been heard (until then the status is the welcome).
    heard: bool,
    /// The newest event of each kind, at most one per [`Kind`].
    latest: Vec<Event>,
    /// Servers the autoscaler added, whose finishing their boot is part of its decision's story.
    added_by_autoscaler: Vec<ServerId>,
    /// Servers the autoscaler drained, whose leaving is part of its decision's story.
    drained_by_autoscaler: Vec<ServerId>,
    /// The caption last returned by [`Narrator::narrate`].
    shown: Option<Caption>,
}

impl Narrator {
    /// A narrator that stays quiet about the first `seen` events (those that built the world).
    pub fn after(seen: u64) -> Self {
        Narrator { next_seq: seen, ..Narrator::default() }
    }

    /// Hears events not heard before and returns the caption to show with `now` if it differs
    /// from the one returned last time; `None` means keep showing that one.
    pub fn narrate<'a>(
        &mut self,
        events: impl Iterator<Item = &'a Event>,
        now: &Snapshot,
    ) -> Option<Caption> {
        self.hear(events);
        let caption = self.caption(now);
        if self.shown.as_ref() == Some(&caption) {
            return None;
        }
        self.shown = Some(caption.clone());
        Some(caption)
    }

    /// The caption for `now`: the newest heard event whose situation still holds, told with the
    /// numbers of `now`, or else the status (the welcome, if nothing has been heard yet).
    pub fn caption(&self, now: &Snapshot) -> Caption {
        match self.latest.iter().filter(|e| holds(e, now)).max_by_key(|e| e.seq) {
            Some(event) => caption_for(event, now),
            None if self.heard => status(now),
            None => welcome(now),
        }
    }

    fn hear<'a>(&mut self, events: impl Iterator<Item = &'a Event>) {
        // An autoscaling decision adds or removes its servers at once, right after it is logged;
        // `run` is where the next such event would be (same time, next seq) in this batch.
        let mut run: Option<(Micros, u64)> = None;
        let first = self.next_seq;
        for event in events.filter(|e| e.seq >= first) {
            self.next_seq = event.seq + 1;
            self.heard = true;
            let in_run = run == Some((event.time, event.seq));
            run = None;
            if self.told_by_decision(event, in_run) {
                if in_run {
                    run = Some((event.time, event.seq + 1));
                }
                continue;
            }
            match &event.kind {
                EventKind::Autoscaled { .. } => run = Some((event.time, event.seq + 1)),
                // A new setting supersedes the last decision: it was made under the old one.
                EventKind::AutoscalingChanged { .. } => {
                    self.latest.retain(|e| Kind::of(e) != Kind::Autoscaled)
                }
                _ => {}
            }
            let kind = Kind::of(event);
            self.latest.retain(|e| Kind::of(e) != kind);
            self.latest.push(event.clone());
        }
    }

    /// Whether `event` belongs to an autoscaling decision's story rather than having a caption of
    /// its own: the servers it adds or removes at once (`in_run`), the ones it added finishing
    /// their boot, and the ones it drained leaving.
    fn told_by_decision(&mut self, event: &Event, in_run: bool) -> bool {
        match &event.kind {
            EventKind::ServerAdded { server, .. } if in_run => self.added_by_autoscaler.push(*server),
            EventKind::ServerDraining { server } if in_run => self.drained_by_autoscaler.push(*server),
            EventKind::ServerReady { server } => return take(&mut self.added_by_autoscaler, *server),
            EventKind::ServerRemoved { server } => {
                // A server the autoscaler added may leave before it finishes booting.
                take(&mut self.added_by_autoscaler, *server);
                return take(&mut self.drained_by_autoscaler, *server) || in_run;
            }
            _ => return false,
        }
        true
    }
}

/// Removes `id` from `ids`; whether it was there.
fn take(ids: &mut Vec<ServerId>, id: ServerId) -> bool {
    let before = ids.len();
    ids.retain(|s| *s != id);
    ids.len() != before
}
