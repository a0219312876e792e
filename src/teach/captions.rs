//! Short captions for what just happened: a plain line in the mentoring dialogue's analogies
//! (highway lanes, spreading traffic) and a technical line beside it.

use crate::sim::event::{Event, EventKind};
use crate::sim::time::{to_secs, Micros, SECOND};
use crate::sim::Snapshot;

/// The same kind of caption is not repeated within this much simulated time (10 s).
pub const REPEAT_GAP: Micros = 10 * SECOND;

/// Which idea a caption teaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Adding capacity: more lanes on the highway.
    Scaling,
    /// Spreading requests over servers.
    LoadBalancing,
    /// Too much traffic for the capacity.
    Saturation,
}

/// One caption.
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    /// What it teaches.
    pub topic: Topic,
    /// The plain-language line, using the dialogue's analogy.
    pub plain: String,
    /// The technical line beside it.
    pub technical: String,
}

/// The caption for `event`, if it deserves one, given the world as it is now.
pub fn caption_for(event: &Event, now: &Snapshot) -> Option<Caption> {
    let up = now.up_servers();
    let capacity = now.capacity.round();
    let caption =
        |topic, plain: &str, technical: String| Some(Caption { topic, plain: plain.to_string(), technical });
    match &event.kind {
        EventKind::ServerAdded { server, size, ready_at } if *ready_at > event.time => caption(
            Topic::Scaling,
            "A new lane is being built: it opens once the server has booted.",
            format!("Server {} ({}) boots for {:.0} s before it takes traffic.", server.0, size.label(), to_secs(ready_at - event.time)),
        ),
        EventKind::ServerAdded { server, size, .. } => caption(
            Topic::Scaling,
            "Like adding a lane to a highway: more traffic can flow at once.",
            format!("Scaled out: server {} ({}) joins; {up} servers can serve about {capacity} req/s.", server.0, size.label()),
        ),
        EventKind::ServerReady { server } => caption(
            Topic::Scaling,
            "The new lane is open and cars start using it.",
            format!("Server {} finished booting; {up} servers, about {capacity} req/s of capacity.", server.0),
        ),
        EventKind::ServerDraining { server } => caption(
            Topic::Scaling,
            "Closing a lane: cars already on it finish their trip first.",
            format!("Server {} is draining: no new requests, in-flight ones complete. Nothing is lost.", server.0),
        ),
        EventKind::AlgorithmChanged { algorithm } => caption(
            Topic::LoadBalancing,
            "Spreading traffic so no single server is overwhelmed.",
            format!("{}: {}", algorithm.name(), algorithm.explanation()),
        ),
        EventKind::ServerSaturated { server } => caption(
            Topic::Saturation,
            "A jammed lane: this server gets more cars than it can take, so some are turned away.",
            format!("Server {}'s queue is full: arrivals beyond it are dropped. Add servers or balance better.", server.0),
        ),
        EventKind::BurstStarted { rate, until } => caption(
            Topic::Saturation,
            "Rush hour: a flash crowd floods the road all at once.",
            format!("Arrivals jump to {rate:.0} req/s for {:.0} s against about {capacity} req/s of capacity.", to_secs(until - event.time)),
        ),
        EventKind::Autoscaled { from, to, utilization, .. } => caption(
            Topic::Scaling,
            if to > from {
                "Traffic is building, so the highway adds lanes by itself, but building takes time."
            } else {
                "Traffic is light, so the highway closes a lane it does not need."
            },
            format!(
                "Autoscaler: {:.0}% busy against a {:.0}% target, so {from} → {to} servers.",
                utilization * 100.0,
                now.autoscale.target_utilization * 100.0
            ),
        ),
        EventKind::ArrivalRateChanged { rate } if *rate > now.capacity => caption(
            Topic::Saturation,
            "More cars than the lanes can carry: queues will grow until some are turned away.",
            format!("{rate:.0} req/s offered against about {capacity} req/s of capacity (utilization above 100%)."),
        ),
        _ => None,
    }
}

/// Chooses which caption to show as events arrive, without repeating itself.
#[derive(Clone, Debug, Default)]
pub struct Narrator {
    next_seq: u64,
    last: Option<(Topic, String, Micros)>,
}

impl Narrator {
    /// A narrator that stays quiet about the first `seen` events (those that built the world).
    pub fn after(seen: u64) -> Self {
        Narrator { next_seq: seen, last: None }
    }

    /// Looks at events not seen before and returns a caption for the newest one that earns one,
    /// unless the same caption was shown less than [`REPEAT_GAP`] ago.
    pub fn narrate<'a>(
        &mut self,
        events: impl Iterator<Item = &'a Event>,
        now: &Snapshot,
    ) -> Option<Caption> {
        let fresh: Vec<&Event> = events.filter(|e| e.seq >= self.next_seq).collect();
        if let Some(last) = fresh.last() {
            self.next_seq = last.seq + 1;
        }
        let (event, caption) = fresh.iter().rev().find_map(|e| caption_for(e, now).map(|c| (*e, c)))?;
        let repeat = self.last.as_ref().is_some_and(|(topic, plain, at)| {
            *topic == caption.topic && *plain == caption.plain && event.time < at + REPEAT_GAP
        });
        if repeat {
            return None;
        }
        self.last = Some((caption.topic, caption.plain.clone(), event.time));
        Some(caption)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::{ServerSize, ServerSpec};
    use crate::sim::{Command, World, WorldConfig};

    fn narrate(world: &mut World, narrator: &mut Narrator) -> Option<Caption> {
        let snapshot = world.snapshot();
        narrator.narrate(world.events().iter(), &snapshot)
    }

    #[test]
    fn scaling_out_is_explained_as_adding_a_lane() {
        let mut world = World::new(WorldConfig::default());
        let mut narrator = Narrator::after(world.events().total());
        assert_eq!(narrate(&mut world, &mut narrator), None, "building the world is not news");
        let spec = ServerSpec::preset(ServerSize::Large);
        world.apply(Command::AddServer { spec, boot: false }).unwrap();
        let caption = narrate(&mut world, &mut narrator).expect("a caption for scaling out");
        assert_eq!(caption.topic, Topic::Scaling);
        assert!(caption.plain.contains("lane"), "{caption:?}");
        assert!(caption.technical.contains("3 servers"), "{caption:?}");
        assert_eq!(narrate(&mut world, &mut narrator), None, "each event is told once");
    }

    #[test]
    fn saturation_is_told_once_per_repeat_gap() {
        let config = WorldConfig { arrival_rate: 500.0, ..WorldConfig::default() };
        let mut world = World::new(config);
        let mut narrator = Narrator::after(world.events().total());
        world.advance_to(2 * SECOND);
        let caption = narrate(&mut world, &mut narrator).expect("two small servers at 500 req/s saturate");
        assert_eq!(caption.topic, Topic::Saturation);
        assert!(caption.plain.contains("jammed"), "{caption:?}");
        world.advance_to(4 * SECOND);
        let again = narrate(&mut world, &mut narrator);
        assert!(
            again.as_ref().is_none_or(|c| c.plain != caption.plain),
            "the same caption again within 10 s: {again:?}"
        );
    }
}
