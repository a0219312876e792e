//! The app: owns the world, runs the frame loop, and turns the learner's clicks into commands.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, KeyboardEvent};
use yew::prelude::*;

use crate::format::fixed;
use crate::sim::attack::NatConfig;
use crate::sim::database::DatabaseConfig;
use crate::sim::edge::EdgeConfig;
use crate::sim::event::Event;
use crate::sim::script::Script;
use crate::sim::security::AuthConfig;
use crate::sim::time::{from_ms, to_secs};
use crate::sim::{Command, ServerId, World, WorldConfig};
use crate::teach::captions::Caption;
use crate::teach::narrator::Narrator;

use super::canvas::paint;
use super::clock::{advance_within_budget, Clock, SIMULATION_BUDGET_MS};
use super::controls::{Controls, UI_MAX_SERVERS};
use super::follow::{Follow, WorldHandle};
use super::frame_loop::FrameLoop;
use super::layout::{Flow, Layout};
use super::metrics_panel::{metrics_panel, MetricsPanelProps};
use super::narration::{caption_bar, event_list, CaptionBarProps, EventListProps};
use super::particles::Dots;
use super::shortcuts::{self, Shortcut};
use super::shot::Shot;
use super::stage::Stage;

/// Wall time between two snapshots for the panels, in milliseconds (four a second).
pub const PUBLISH_EVERY_MS: f64 = 250.0;

/// Events listed in the panel.
pub const EVENT_LINES: usize = 8;

/// Wall time a dropped request takes to fall away, in milliseconds.
const DROP_FALL_MS: f64 = 700.0;

/// What the panels show, published a few times a second.
#[derive(Clone, Debug, PartialEq)]
struct Published {
    snapshot: Shot,
    events: Vec<String>,
    per_dot: u64,
    behind: bool,
}

/// The handles every callback and the frame loop share.
#[derive(Clone)]
struct Shared {
    world: Rc<RefCell<World>>,
    /// The learner's changes so far, with their simulated times (replayed by Replay).
    script: Rc<RefCell<Script>>,
    clock: Rc<RefCell<Clock>>,
    narrator: Rc<RefCell<Narrator>>,
    per_dot: Rc<Cell<u64>>,
    behind: Rc<Cell<bool>>,
    /// Which way the stage flows, as it last measured itself: the dots are laid out the same way.
    flow: Rc<Cell<Flow>>,
    published: UseStateHandle<Published>,
    caption: UseStateHandle<Option<Caption>>,
    problem: UseStateHandle<Option<String>>,
    selected: UseStateHandle<Option<ServerId>>,
    run_note: UseStateHandle<Option<String>>,
    step_note: UseStateHandle<Option<String>>,
}

impl Shared {
    /// Takes a snapshot for the panels and picks a caption for any new events.
    fn publish(&self) {
        let (snapshot, events, caption) = {
            let mut world = self.world.borrow_mut();
            let snapshot = world.snapshot();
            let caption = self.narrator.borrow_mut().narrate(world.events().iter(), &snapshot);
            let events = world.events().iter().rev().take(EVENT_LINES).map(Event::describe).collect();
            (snapshot, events, caption)
        };
        if caption.is_some() {
            self.caption.set(caption);
        }
        self.published.set(Published {
            snapshot: Shot(Rc::new(snapshot)),
            events,
            per_dot: self.per_dot.get(),
            behind: self.behind.get(),
        });
    }

    /// Starts the world again from 0 s with `seed` and the default setup, then plays `script`:
    /// the same changes at the same simulated times.
    fn restart(&self, seed: u64, script: Script) {
        let world = World::new(page_world(seed));
        *self.narrator.borrow_mut() = Narrator::after(world.events().total());
        *self.world.borrow_mut() = world;
        *self.script.borrow_mut() = script;
        self.problem.set(None);
        self.step_note.set(None);
        self.selected.set(None);
        self.caption.set(None);
        self.publish();
    }
}

/// A fresh seed from the browser's random source (1 if there is none).
fn fresh_seed() -> u64 {
    getrandom::u32().map_or(1, u64::from)
}

/// Whether the learner asked their system for less motion: then the playground starts paused.
fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The page's clock, in milliseconds.
fn wall_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Servers starting, up or draining.
fn present(world: &World) -> usize {
    world.servers().iter().filter(|s| s.is_present()).count()
}

/// The world a learner starts from: the default servers, with a database tier (a primary and
/// one replica, each on a two-disk mirror) so the disks are there from the first page, 200 of
/// the users sharing one address behind a NAT, a small edge (1 024 connection slots, a
/// 100 Mbit/s uplink) so that each attack bites at the page's scale, and authentication on
/// (users sign in for a token and call with it), with TLS off for the learner to switch on.
fn page_world(seed: u64) -> WorldConfig {
    WorldConfig {
        seed,
        database: Some(DatabaseConfig::default()),
        nat: Some(NatConfig::default()),
        edge: EdgeConfig { connection_slots: 1_024, uplink_mbps: 100.0, ..EdgeConfig::default() },
        auth: Some(AuthConfig::default()),
        ..WorldConfig::default()
    }
}

/// The playground.
#[function_component(App)]
pub fn app() -> Html {
    let seed = use_state(fresh_seed);
    let world = use_mut_ref(|| World::new(page_world(*seed)));
    let reduced_motion = *use_memo((), |_| prefers_reduced_motion());
    let initial_clock = {
        let mut clock = Clock::default();
        clock.paused = reduced_motion;
        clock
    };
    let clock = use_mut_ref(move || initial_clock);
    let script = use_mut_ref(Script::default);
    let narrator = {
        let seen = world.borrow().events().total();
        use_mut_ref(move || Narrator::after(seen))
    };
    let per_dot = use_memo((), |_| Rc::new(Cell::new(1)));
    let behind = use_memo((), |_| Rc::new(Cell::new(false)));
    let flow = use_memo((), |_| Rc::new(Cell::new(Flow::default())));
    // The request the learner follows: picked on the stage, its dot ringed by the frame loop.
    let follow = use_memo((), |_| Rc::new(Follow::default()));
    let published = {
        let world = world.clone();
        use_state(move || {
            let mut world = world.borrow_mut();
            Published {
                snapshot: Shot(Rc::new(world.snapshot())),
                events: Vec::new(),
                per_dot: 1,
                behind: false,
            }
        })
    };
    let caption = use_state(|| None::<Caption>);
    let problem = use_state(|| None::<String>);
    let selected = use_state(|| None::<ServerId>);
    let run_note = use_state(|| None::<String>);
    let step_note = use_state(|| None::<String>);
    let time_controls = use_state(move || initial_clock);
    let canvas = use_node_ref();
    let shared = Shared {
        world,
        script,
        clock,
        narrator,
        per_dot: (*per_dot).clone(),
        behind: (*behind).clone(),
        flow: (*flow).clone(),
        published: published.clone(),
        caption: caption.clone(),
        problem: problem.clone(),
        selected: selected.clone(),
        run_note: run_note.clone(),
        step_note: step_note.clone(),
    };

    {
        let shared = shared.clone();
        let canvas = canvas.clone();
        let follow = (*follow).clone();
        use_effect_with((), move |_| {
            let dots = RefCell::new(Dots::default());
            let layout: RefCell<Option<Layout>> = RefCell::new(None);
            let last_publish = Cell::new(f64::NEG_INFINITY);
            let frames = FrameLoop::start(move |now_ms| {
                let (advance, speed) = {
                    let mut clock = shared.clock.borrow_mut();
                    (clock.frame(now_ms), clock.speed)
                };
                let restaged = {
                    let mut world = shared.world.borrow_mut();
                    let until = world.now() + advance;
                    let mut script = shared.script.borrow_mut();
                    let caught_up = advance == 0
                        || advance_within_budget(
                            &mut world,
                            &mut script,
                            until,
                            SIMULATION_BUDGET_MS,
                            wall_ms,
                        );
                    shared.behind.set(!caught_up);
                    // Lay the stage out again only when the servers on it change.
                    let mut layout = layout.borrow_mut();
                    let flow = shared.flow.get();
                    let restaged = layout.as_ref().is_none_or(|l| !l.fits(&world, flow));
                    if restaged {
                        *layout = Some(Layout::for_world(&world, flow));
                    }
                    let mut dots = dots.borrow_mut();
                    if let Some(layout) = layout.as_ref() {
                        dots.follow = follow.id();
                        dots.compute(&world, layout, from_ms(DROP_FALL_MS * speed));
                        follow.watch(&world, &dots);
                    }
                    shared.per_dot.set(dots.per_dot);
                    if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                        paint(&canvas, &dots);
                    }
                    restaged
                };
                // The panels follow at once when a server joins or leaves the stage, so the SVG
                // and the dots agree and a server leaving is seen even at high speed.
                if restaged || now_ms - last_publish.get() >= PUBLISH_EVERY_MS {
                    last_publish.set(now_ms);
                    shared.publish();
                }
            });
            move || drop(frames)
        });
    }

    let onflow = {
        let flow = shared.flow.clone();
        Callback::from(move |measured: Flow| flow.set(measured))
    };
    let oncommand = {
        let (shared, problem, selected) = (shared.clone(), problem.clone(), selected.clone());
        Callback::from(move |command: Command| {
            if matches!(command, Command::RemoveServer(_)) {
                selected.set(None);
            }
            let mut world = shared.world.borrow_mut();
            let result = match command {
                // Scenarios may hold up to 100 servers; the controls stop at 32 to stay readable.
                Command::AddServer { .. } if present(&world) >= UI_MAX_SERVERS => {
                    Err(format!("the controls stop at {UI_MAX_SERVERS} servers"))
                }
                command => {
                    let mut script = shared.script.borrow_mut();
                    let replaying = script.pending() > 0;
                    let applied = script.apply_now(&mut world, command).map_err(|e| e.to_string());
                    shared.run_note.set(match (&applied, replaying) {
                        (Ok(()), true) => Some(format!(
                            "Your change at {} s takes over: the rest of the replay is dropped.",
                            fixed(to_secs(world.now()), 1),
                        )),
                        _ => None,
                    });
                    applied
                }
            };
            drop(world);
            problem.set(result.err());
            shared.publish();
        })
    };
    let set_clock = {
        let (shared, time_controls) = (shared.clone(), time_controls.clone());
        move |change: fn(&mut Clock, f64), value: f64| {
            let mut clock = shared.clock.borrow_mut();
            change(&mut clock, value);
            time_controls.set(*clock);
        }
    };
    let ontogglepause = {
        let set_clock = set_clock.clone();
        Callback::from(move |_| set_clock(|c, _| c.paused = !c.paused, 0.0))
    };
    let onspeed = {
        let set_clock = set_clock.clone();
        Callback::from(move |speed| set_clock(|c, s| c.speed = s, speed))
    };
    let onstep = {
        let shared = shared.clone();
        Callback::from(move |_| {
            set_clock(|c, _| c.paused = true, 0.0);
            let note = {
                let mut world = shared.world.borrow_mut();
                let mut script = shared.script.borrow_mut();
                // A replayed change due before the next action is the next thing that happens.
                // (A change at the same microsecond as the next action comes after it.)
                match script.next().filter(|(at, _)| *at < world.next_time()).cloned() {
                    Some((at, command)) => {
                        script.advance_within(&mut world, at, usize::MAX);
                        format!("{} s: replayed your change: {}", fixed(to_secs(at), 6), command.describe())
                    }
                    None => world.step_explained().describe(),
                }
            };
            shared.step_note.set(Some(format!("Step: {note}")));
            shared.publish();
        })
    };
    let onreplay = {
        let (shared, seed) = (shared.clone(), seed.clone());
        Callback::from(move |_| {
            let changes = shared.script.borrow().commands().to_vec();
            shared.run_note.set(Some(format!(
                "Replaying seed {} from 0 s with your {} change{} at the same simulated times.",
                *seed,
                changes.len(),
                if changes.len() == 1 { "" } else { "s" }
            )));
            shared.restart(*seed, Script::new(changes));
        })
    };
    let onnewrun = {
        let (shared, seed) = (shared.clone(), seed.clone());
        Callback::from(move |_| {
            let fresh = fresh_seed();
            seed.set(fresh);
            shared.run_note.set(Some(format!("New run: seed {fresh}, the default setup, no changes yet.")));
            shared.restart(fresh, Script::default());
        })
    };
    let onselect = {
        let selected = selected.clone();
        Callback::from(move |id: ServerId| selected.set(if *selected == Some(id) { None } else { Some(id) }))
    };

    {
        let (ontogglepause, onstep, oncommand) = (ontogglepause.clone(), onstep.clone(), oncommand.clone());
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            // Not passive: the shortcuts call preventDefault (Space must not scroll the page).
            let options = EventListenerOptions::enable_prevent_default();
            let listener = document.map(|document| {
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                    let Some(shortcut) = shortcuts::from_event(event) else { return };
                    event.prevent_default();
                    match shortcut {
                        Shortcut::TogglePause => ontogglepause.emit(()),
                        Shortcut::Step => onstep.emit(()),
                        Shortcut::Command(command) => oncommand.emit(command),
                    }
                })
            });
            move || drop(listener)
        });
    }

    let p = &*published;
    // A selected server that has since gone is no longer selected.
    let selected_now = selected.filter(|id| {
        p.snapshot.servers.iter().any(|s| s.id == *id && s.status != crate::sim::ServerStatus::Removed)
    });
    html! {
        <div class="app">
            <header>
                <h1>{"Distributed Systems Playground"}</h1>
                <p class="tagline">{"Scaling, load balancing, failures, attacks and security: add servers, switch algorithms, crash a server or kill a disk and watch the rest carry on; start a flood and see what each defence stops; listen on a link, steal a disk, sign in and see what encryption and access control keep out."}</p>
            </header>
            { caption_bar(&CaptionBarProps { caption: (*caption).clone(), problem: (*problem).clone(), paused: time_controls.paused }) }
            <main class="layout">
                <div class="stage-area">
                    <Stage snapshot={p.snapshot.clone()} selected={selected_now} {onselect} oncommand={oncommand.clone()} {onflow} canvas={canvas} per_dot={p.per_dot} behind={p.behind} paused={time_controls.paused}
                        world={WorldHandle(shared.world.clone())} follow={(*follow).clone()} />
                </div>
                <aside class="side-column">
                    <Controls snapshot={p.snapshot.clone()} world={WorldHandle(shared.world.clone())} paused={time_controls.paused} speed={time_controls.speed}
                        selected={selected_now} seed={*seed} changes={shared.script.borrow().commands().len()}
                        run_note={(*run_note).clone()} step_note={(*step_note).clone()} {oncommand} {ontogglepause} {onstep} {onspeed} {onreplay} {onnewrun} />
                    { event_list(&EventListProps { lines: p.events.clone() }) }
                </aside>
                <div class="metrics-area">
                    { metrics_panel(&MetricsPanelProps { snapshot: p.snapshot.clone() }) }
                </div>
            </main>
        </div>
    }
}
