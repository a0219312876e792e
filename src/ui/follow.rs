//! The request a learner follows: picked from a kind of source or by clicking its dot, watched
//! every frame so that its ending is caught before the world forgets it (the world remembers only
//! the last few hundred endings), and read by the trace panel a few times a second.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::sim::storage::NodeId;
use crate::sim::time::Micros;
use crate::sim::trace::TraceView;
use crate::sim::{Leg, World};

use super::particles::Dots;

/// The app's world, shared with the views that look things up in it when the learner asks.
/// Two handles are equal when they share one world.
#[derive(Clone, Debug)]
pub struct WorldHandle(pub Rc<RefCell<World>>);

impl PartialEq for WorldHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What is known of the followed request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Followed {
    /// Who sent it, the checks it met and, once it ended, how.
    pub trace: TraceView,
    /// The link it was last seen moving on, if it was seen moving.
    pub leg: Option<Leg>,
    /// The database node its query was seen going to or coming from, if any.
    pub node: Option<NodeId>,
    /// Whether it is moving now.
    pub moving: bool,
    /// Whether it ended unseen: the world forgot it before a frame caught its ending.
    pub lost_sight: bool,
}

/// The request the learner follows, if any. Shared by the stage, which picks it, and the frame
/// loop, which watches it; equal only to itself.
#[derive(Debug, Default)]
pub struct Follow {
    id: Cell<Option<u64>>,
    seen: Cell<Option<Followed>>,
    /// When it was picked, in simulated microseconds: a world whose clock went back before
    /// that (a replay or a new run) is another world, and the request is forgotten.
    since: Cell<Micros>,
}

impl PartialEq for Follow {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Follow {
    /// The followed request's id, if any.
    pub fn id(&self) -> Option<u64> {
        self.id.get()
    }

    /// What is known of it, if one is followed and it was found.
    pub fn seen(&self) -> Option<Followed> {
        self.id.get().and(self.seen.get())
    }

    /// Follows request `id` of `world` from now.
    pub fn pick(&self, world: &World, id: u64) {
        let leg = world.moving().find(|r| r.id == id).map(|r| r.leg);
        self.id.set(Some(id));
        self.since.set(world.now());
        self.seen.set(world.trace(id).map(|trace| Followed {
            trace,
            leg,
            node: leg.and_then(node_of),
            moving: leg.is_some(),
            lost_sight: false,
        }));
    }

    /// Follows the newest request from a bot if `attack`, else from a user: one on its way if
    /// there is one, else the one that ended last. Returns whether there was one.
    pub fn pick_newest(&self, world: &World, attack: bool) -> bool {
        let moving = world.moving().filter(|r| r.attack == attack).map(|r| r.id).max();
        let ended = || world.recent_traces().rev().find(|t| t.origin.is_attack() == attack).map(|t| t.id);
        match moving.or_else(ended) {
            Some(id) => {
                self.pick(world, id);
                true
            }
            None => false,
        }
    }

    /// Stops following.
    pub fn clear(&self) {
        self.id.set(None);
        self.seen.set(None);
    }

    /// Once a frame, after `dots` were computed for `world` with this request followed: notes
    /// where it moves, and reads its trace again unless it is still on the link it was on (its
    /// checks change only when it leaves one), until it has ended.
    pub fn watch(&self, world: &World, dots: &Dots) {
        let Some(id) = self.id.get() else { return };
        if world.now() < self.since.get() {
            return self.clear();
        }
        let Some(mut seen) = self.seen.get() else { return };
        if seen.trace.ending.is_some() || seen.lost_sight {
            return;
        }
        let leg = dots.followed.filter(|_| dots.follow == Some(id)).map(|(leg, _)| leg);
        let same_link = leg.is_some() && leg == seen.leg && seen.moving;
        seen.moving = leg.is_some();
        seen.leg = leg.or(seen.leg);
        seen.node = leg.and_then(node_of).or(seen.node);
        if !same_link {
            match world.trace(id) {
                Some(trace) => seen.trace = trace,
                None => seen.lost_sight = true,
            }
        }
        self.seen.set(Some(seen));
    }
}

/// The database node a link leads to or from, if it is one of a query's.
fn node_of(leg: Leg) -> Option<NodeId> {
    match leg {
        Leg::ToDatabase(_, node) | Leg::FromDatabase(node, _) => Some(node),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::attack::AttackConfig;
    use crate::sim::time::{from_ms, SECOND};
    use crate::sim::trace::Ending;
    use crate::sim::{Command, WorldConfig};
    use crate::ui::layout::{Flow, Layout};

    /// Runs `world` frame by frame (16.7 ms each) for `frames`, watching what `follow` follows.
    fn run(world: &mut World, follow: &Follow, frames: u64) {
        let mut dots = Dots::default();
        for _ in 0..frames {
            world.advance_to(world.now() + from_ms(16.7));
            let layout = Layout::for_world(world, Flow::Across);
            dots.follow = follow.id();
            dots.compute(world, &layout, from_ms(500.0));
            follow.watch(world, &dots);
        }
    }

    #[test]
    fn a_users_request_is_followed_from_its_source_to_its_ending() {
        let mut world = World::new(WorldConfig::default());
        world.advance_to(2 * SECOND);
        let follow = Follow::default();
        assert!(follow.pick_newest(&world, false));
        let first = follow.seen().unwrap();
        assert!(!first.trace.origin.is_attack() && first.moving && first.leg == Some(Leg::ToBalancer));
        assert!(!follow.pick_newest(&world, true), "no bot without an attack");
        run(&mut world, &follow, 60);
        let last = follow.seen().unwrap();
        assert!(matches!(last.trace.ending, Some(Ending::Served(_))), "{last:?}");
        assert!(matches!(last.leg, Some(Leg::ToClient(_))), "seen on its way back: {last:?}");
        assert!(!last.lost_sight && !last.moving);
    }

    #[test]
    fn a_bots_request_under_a_heavy_flood_is_caught_ending_and_a_replay_forgets_it() {
        let mut world = World::new(WorldConfig::default());
        let attack = AttackConfig { bots: 200, rate_per_bot: 50.0, ..AttackConfig::default() };
        world.apply(Command::StartAttack(attack)).unwrap();
        world.advance_to(SECOND);
        let follow = Follow::default();
        assert!(follow.pick_newest(&world, true));
        assert!(follow.seen().unwrap().trace.origin.is_attack());
        // 10,000 requests a second: the world's memory of endings lasts about 50 ms.
        run(&mut world, &follow, 120);
        let seen = follow.seen().unwrap();
        assert!(seen.trace.ending.is_some() && !seen.lost_sight, "{seen:?}");
        let mut replay = World::new(WorldConfig::default());
        replay.advance_to(SECOND / 2);
        run(&mut replay, &follow, 1);
        assert_eq!(follow.id(), None, "another world");
    }
}
