//! The handles every callback and the frame loop share, and what the app does with them: publish
//! a snapshot, start a run from a setup, apply the learner's commands, and say what the run is as
//! a link.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use super::bridge::Bridge;
use super::clock::Clock;
use super::controls::UI_MAX_SERVERS;
use super::layout::Flow;
use super::learning::Learning;
use super::metrics_feed::MetricsFeed;
use super::setup::Setup;
use super::shot::Shot;
use crate::course::link::Link;
use crate::course::{events, messages};
use crate::format::fixed;
use crate::sim::event::Event;
use crate::sim::script::Script;
use crate::sim::time::{to_secs, Micros};
use crate::sim::{Command, ServerId, World};
use crate::teach::captions::Caption;
use crate::teach::narrator::Narrator;

/// Events listed in the panel.
pub const EVENT_LINES: usize = 8;

/// What the panels show, published a few times a second.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    /// The world's snapshot.
    pub snapshot: Shot,
    /// Recent events, newest first, described.
    pub events: Vec<String>,
    /// Requests a dot stands for.
    pub per_dot: u64,
    /// Whether the world fell behind the chosen speed.
    pub behind: bool,
    /// The run's seed.
    pub seed: u64,
    /// The run's digest at the snapshot.
    pub digest: u64,
    /// The learner's changes so far.
    pub changes: usize,
}

/// The handles every callback and the frame loop share.
#[derive(Clone)]
pub struct Shared {
    /// The world.
    pub world: Rc<RefCell<World>>,
    /// The scenario's timeline and the learner's changes, with their simulated times.
    pub script: Rc<RefCell<Script>>,
    /// Pause, speed, and a moment to run to.
    pub clock: Rc<RefCell<Clock>>,
    /// Picks captions for new events.
    pub narrator: Rc<RefCell<Narrator>>,
    /// Requests a dot stands for, as the frame loop last drew them.
    pub per_dot: Rc<Cell<u64>>,
    /// Whether the world fell behind the chosen speed in the last frame.
    pub behind: Rc<Cell<bool>>,
    /// Which way the stage flows, as it last measured itself: the dots are laid out the same way.
    pub flow: Rc<Cell<Flow>>,
    /// The run's seed.
    pub seed: Rc<Cell<u64>>,
    /// The course page's side of the playground.
    pub bridge: Rc<Bridge>,
    /// Events told to the course page so far (the event log's position).
    pub announced: Rc<Cell<u64>>,
    /// What the panels show.
    pub published: UseStateHandle<Published>,
    /// What the metrics panel shows, fed apart.
    pub metrics: Rc<MetricsFeed>,
    /// The setup in force (read by callbacks made once, so kept here rather than in a state).
    pub setup: Rc<RefCell<Rc<Setup>>>,
    /// The setup in force, as the run panel shows it.
    pub shown_setup: UseStateHandle<Rc<Setup>>,
    /// The clock as the time controls show it.
    pub time_controls: UseStateHandle<Clock>,
    /// The caption shown.
    pub caption: UseStateHandle<Option<Caption>>,
    /// A refused command's or a bad file's reason, shown until the next command.
    pub problem: UseStateHandle<Option<String>>,
    /// The server the learner selected.
    pub selected: UseStateHandle<Option<ServerId>>,
    /// What the last Replay, New run, load or share did.
    pub run_note: UseStateHandle<Option<String>>,
    /// What the last Step did.
    pub step_note: UseStateHandle<Option<String>>,
    /// The link Share made, once asked.
    pub link: UseStateHandle<Option<String>>,
    /// The iframe Embed made, once asked.
    pub snippet: UseStateHandle<Option<String>>,
    /// The guided tour and the challenges, and what their panels show.
    pub learning: Learning,
}

impl Shared {
    /// Takes a snapshot for the panels, picks a caption for any new events, and tells a course
    /// page that embeds the playground of new captions, named events and its height.
    pub fn publish(&self) {
        let shot = self.publish_but_metrics();
        self.metrics.show(shot);
    }

    /// Publishes as [`Shared::publish`] does, but leaves the metrics panel's re-render to the
    /// next frame (the frame loop's [`MetricsFeed::show_pending`]).
    pub fn publish_in_turn(&self) {
        let shot = self.publish_but_metrics();
        self.metrics.show_later(shot);
    }

    /// Publishes to every panel but the metrics panel, and returns the snapshot for it.
    fn publish_but_metrics(&self) -> Shot {
        let (snapshot, events, caption, digest, looked) = {
            let mut world = self.world.borrow_mut();
            let snapshot = world.snapshot();
            let looked = self.learning.look(&world, &snapshot);
            let caption = self.narrator.borrow_mut().narrate(world.events().iter(), &snapshot);
            let events = world.events().iter().rev().take(EVENT_LINES).map(Event::describe).collect();
            if self.bridge.announcing() {
                self.announce(&world, caption.as_ref());
            }
            (snapshot, events, caption, world.digest(), looked)
        };
        self.learning.show(looked);
        if caption.is_some() {
            self.caption.set(caption);
        }
        let shot = Shot(Rc::new(snapshot));
        self.published.set(Published {
            snapshot: shot.clone(),
            events,
            per_dot: self.per_dot.get(),
            behind: self.behind.get(),
            seed: self.seed.get(),
            digest,
            changes: self.script.borrow().change_count(),
        });
        shot
    }

    /// Tells the course page of a new caption and of the named events since the last time.
    fn announce(&self, world: &World, caption: Option<&Caption>) {
        for event in world.events().since(self.announced.get()) {
            let lost = events::failover_lost_writes(&event.kind).then_some("data-lost");
            for name in events::name(&event.kind).into_iter().chain(lost) {
                self.bridge.post(&messages::event(name, to_secs(event.time), &event.describe()));
            }
        }
        self.announced.set(world.events().total());
        if let Some(caption) = caption {
            self.bridge.post(&messages::caption(&caption.plain, &caption.technical));
        }
        self.bridge.announce_height();
    }

    /// Starts a run from 0 s: `setup`'s world with `seed`, its timeline, and the learner's
    /// earlier `changes` replayed at their times. With `replay_to`, time runs as fast as it can
    /// to that moment and stops there.
    pub fn start(&self, setup: Setup, seed: u64, changes: Vec<(Micros, Command)>, replay_to: Option<Micros>) {
        let mut config = setup.scenario.config.clone();
        config.seed = seed;
        let world = World::new(config);
        *self.narrator.borrow_mut() = Narrator::after(world.events().total());
        self.announced.set(world.events().total());
        *self.world.borrow_mut() = world;
        self.learning.restart(&mut self.world.borrow_mut());
        *self.script.borrow_mut() = Script::with_changes(setup.scenario.timeline.clone(), changes);
        self.seed.set(seed);
        let setup = Rc::new(setup);
        *self.setup.borrow_mut() = setup.clone();
        self.shown_setup.set(setup);
        if let Some(moment) = replay_to {
            let at = fixed(to_secs(moment), 3);
            self.run_note.set(Some(format!("Replaying the run to {at} s, as fast as the page can…")));
        }
        let mut clock = self.clock.borrow_mut();
        clock.replay_to = replay_to;
        self.time_controls.set(*clock);
        drop(clock);
        self.problem.set(None);
        self.step_note.set(None);
        self.selected.set(None);
        self.caption.set(None);
        self.link.set(None);
        self.snippet.set(None);
        self.publish();
    }

    /// Applies the learner's `command` now, recording it as their latest change; says why if the
    /// world refuses it.
    pub fn command(&self, command: Command) -> Result<(), String> {
        if matches!(command, Command::RemoveServer(_)) {
            self.selected.set(None);
        }
        let mut world = self.world.borrow_mut();
        let present = world.servers().iter().filter(|s| s.is_present()).count();
        let result = match command {
            Command::AddServer { .. } if present >= UI_MAX_SERVERS => {
                Err(format!("the controls stop at {UI_MAX_SERVERS} servers"))
            }
            command => {
                self.learning.before_command(&mut world);
                let mut script = self.script.borrow_mut();
                let replaying = script.replaying();
                let applied = script.apply_now(&mut world, command).map_err(|e| e.to_string());
                if applied.is_ok() && replaying {
                    self.run_note.set(Some(format!(
                        "Your change at {} s takes over: the rest of the replay is dropped.",
                        fixed(to_secs(world.now()), 1),
                    )));
                }
                applied
            }
        };
        drop(world);
        self.problem.set(result.clone().err());
        self.publish();
        result
    }

    /// The link that opens this run again: the setup, the seed, the learner's changes, and this
    /// moment (the run is replayed to it and paused there).
    pub fn link(&self) -> Link {
        let mut world = self.world.borrow_mut();
        // The actions of this very microsecond finish first, so the moment is a whole one.
        let now = world.now();
        world.advance_to(now);
        let changes = self.script.borrow().changes();
        Link {
            setup: self.setup.borrow().in_link(),
            seed: Some(self.seed.get()),
            run: (!changes.is_empty()).then(|| crate::sim::scenario::timeline_json(&changes).to_string()),
            at: Some(world.now()),
            ..Link::default()
        }
    }

    /// Pauses or plays, and tells a course page.
    pub fn set_paused(&self, paused: bool) {
        let mut clock = self.clock.borrow_mut();
        clock.paused = paused;
        self.time_controls.set(*clock);
        drop(clock);
        let now = to_secs(self.world.borrow().now());
        self.bridge.post(&messages::state(paused, now));
        // The panels show the moment time stopped at, not the last snapshot before it.
        self.publish();
    }
}
