//! The app: owns the world, runs the frame loop, and turns the learner's clicks (and a course
//! page's requests) into commands.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, KeyboardEvent};
use yew::prelude::*;

use crate::course::link::Link;
use crate::course::messages::{self, Request};
use crate::format::fixed;
use crate::sim::time::to_secs;
use crate::sim::{Command, ServerId, World, WorldConfig};
use crate::teach::captions::Caption;
use crate::teach::narrator::Narrator;

use super::address;
use super::bridge::Bridge;
use super::clock::Clock;
use super::controls::{Controls, Topic};
use super::follow::{Follow, WorldHandle};
use super::layout::Flow;
use super::learn_actions;
use super::learn_panels::learn_panels;
use super::learning::use_learning;
use super::loading::{fresh_seed, from_link, load, Source, Start};
use super::metrics_feed::{MetricsArea, MetricsFeed};
use super::motion::prefers_reduced_motion;
use super::narration::{caption_bar, event_list, CaptionBarProps, EventListProps};
use super::run_actions::{answer, embed, export, share};
use super::run_loop::use_run_loop;
use super::run_panel::RunPanel;
use super::setup::Setup;
use super::shared::{Published, Shared};
use super::shortcuts::{self, Shortcut};
use super::shot::Shot;
use super::stage::Stage;

/// How the page is shown: whole, or embedded in a course page with some of its parts.
#[derive(Clone, Debug, PartialEq)]
struct View {
    /// A compact layout for an iframe (`embed=1`).
    embed: bool,
    /// The control groups shown, in tab order.
    groups: Vec<Topic>,
    /// Whether captions show.
    captions: bool,
}

impl View {
    fn of(link: &Link) -> View {
        let groups = match &link.controls {
            Some(slugs) => Topic::ALL.into_iter().filter(|t| slugs.iter().any(|s| s == t.slug())).collect(),
            None => Topic::ALL.to_vec(),
        };
        View { embed: link.embed, groups, captions: link.captions }
    }
}

/// Whether `link` names a run (a scenario, a seed, changes or a moment), not only how to show it.
fn opens_a_run(link: &Link) -> bool {
    link.setup != crate::course::link::Setup::Default
        || link.seed.is_some()
        || link.run.is_some()
        || link.at.is_some()
}

/// The playground.
#[function_component(App)]
pub fn app() -> Html {
    // The address the page was opened with says what to load and how to show it.
    let opened = use_memo((), |_| Link::parse(&address::query()));
    let link = opened.as_ref().as_ref().ok().cloned().unwrap_or_default();
    let view = use_memo((), |_| View::of(&link));
    let bridge = {
        let origins = link.origins.clone();
        (*use_memo((), move |_| Rc::new(Bridge::new(&origins)))).clone()
    };
    let playground = use_memo((), |_| Rc::new(Setup::playground()));
    let world = {
        let playground = playground.clone();
        use_mut_ref(move || {
            World::new(WorldConfig { seed: fresh_seed(), ..playground.scenario.config.clone() })
        })
    };
    let reduced_motion = *use_memo((), |_| prefers_reduced_motion());
    let mut initial_clock = Clock::default();
    initial_clock.paused = reduced_motion || link.paused;
    let clock = use_mut_ref(move || initial_clock);
    let script = use_mut_ref(|| crate::sim::script::Script::new(playground.scenario.timeline.clone()));
    let narrator = {
        let seen = world.borrow().events().total();
        use_mut_ref(move || Narrator::after(seen))
    };
    let seed = {
        let first = world.borrow().config().seed;
        (*use_memo((), move |_| Rc::new(Cell::new(first)))).clone()
    };
    let setup = {
        let playground = (*playground).clone();
        use_mut_ref(move || playground)
    };
    let shown_setup = use_state(|| (*playground).clone());
    let per_dot = use_memo((), |_| Rc::new(Cell::new(1)));
    let behind = use_memo((), |_| Rc::new(Cell::new(false)));
    let flow = use_memo((), |_| Rc::new(Cell::new(Flow::default())));
    let announced = use_memo((), |_| Rc::new(Cell::new(0)));
    // The request the learner follows: picked on the stage, its dot ringed by the frame loop.
    let follow = use_memo((), |_| Rc::new(Follow::default()));
    let published = {
        let world = world.clone();
        let first_seed = seed.get();
        use_state(move || {
            let mut world = world.borrow_mut();
            Published {
                snapshot: Shot(Rc::new(world.snapshot())),
                events: Vec::new(),
                per_dot: 1,
                behind: false,
                seed: first_seed,
                digest: world.digest(),
                changes: 0,
            }
        })
    };
    let metrics = {
        let first = published.snapshot.clone();
        (*use_memo((), move |_| Rc::new(MetricsFeed::new(first)))).clone()
    };
    let caption = use_state(|| None::<Caption>);
    let problem = use_state(|| None::<String>);
    let selected = use_state(|| None::<ServerId>);
    let run_note = use_state(|| None::<String>);
    let step_note = use_state(|| None::<String>);
    let link_made = use_state(|| None::<String>);
    let snippet = use_state(|| None::<String>);
    // Dragging over the page fires many times a second: only a change re-renders.
    let dropping = use_state_eq(|| false);
    let time_controls = use_state(move || initial_clock);
    let learning = use_learning();
    let canvas = use_node_ref();
    let shared = Shared {
        world,
        script,
        clock,
        narrator,
        per_dot: (*per_dot).clone(),
        behind: (*behind).clone(),
        flow: (*flow).clone(),
        seed,
        bridge: bridge.clone(),
        announced: (*announced).clone(),
        published: published.clone(),
        metrics: metrics.clone(),
        setup,
        shown_setup: shown_setup.clone(),
        time_controls: time_controls.clone(),
        caption: caption.clone(),
        problem: problem.clone(),
        selected: selected.clone(),
        run_note: run_note.clone(),
        step_note: step_note.clone(),
        link: link_made.clone(),
        snippet: snippet.clone(),
        learning,
    };

    use_run_loop(&shared, canvas.clone(), (*follow).clone());

    let onflow = {
        let flow = shared.flow.clone();
        Callback::from(move |measured: Flow| flow.set(measured))
    };
    let oncommand = {
        let shared = shared.clone();
        Callback::from(move |command: Command| {
            let _ = shared.command(command);
        })
    };
    let onspeed = {
        let (shared, time_controls) = (shared.clone(), time_controls.clone());
        Callback::from(move |speed| {
            let mut clock = shared.clock.borrow_mut();
            clock.speed = speed;
            time_controls.set(*clock);
        })
    };
    let ontogglepause = {
        let shared = shared.clone();
        Callback::from(move |_| {
            let paused = shared.clock.borrow().paused;
            shared.set_paused(!paused);
        })
    };
    let onstep = {
        let shared = shared.clone();
        Callback::from(move |_| {
            shared.set_paused(true);
            let note = {
                let mut world = shared.world.borrow_mut();
                let mut script = shared.script.borrow_mut();
                // A command due before the next action is the next thing that happens.
                // (A command at the same microsecond as the next action comes after it.)
                match script.next().filter(|(at, _)| *at < world.next_time()).map(|(at, c)| (at, c.clone())) {
                    Some((at, command)) => {
                        script.advance_within(&mut world, at, usize::MAX);
                        format!("{} s: applied {}", fixed(to_secs(at), 6), command.describe())
                    }
                    None => world.step_explained().describe(),
                }
            };
            shared.step_note.set(Some(format!("Step: {note}")));
            shared.publish();
        })
    };
    let onreplay = {
        let shared = shared.clone();
        Callback::from(move |_| {
            let changes = shared.script.borrow().changes();
            let seed = shared.seed.get();
            shared.run_note.set(Some(format!(
                "Replaying seed {seed} from 0 s with your {} change{} at the same simulated times.",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" }
            )));
            let setup = (**shared.setup.borrow()).clone();
            shared.start(setup, seed, changes, None);
        })
    };
    let onnewrun = {
        let shared = shared.clone();
        Callback::from(move |_| {
            let fresh = fresh_seed();
            shared.run_note.set(Some(format!("New run: seed {fresh}, the same scenario, no changes yet.")));
            let setup = (**shared.setup.borrow()).clone();
            shared.start(setup, fresh, Vec::new(), None);
        })
    };
    let loaded_note = {
        let run_note = run_note.clone();
        move |result: Result<String, String>| {
            if let Ok(title) = result {
                run_note.set(Some(format!("Loaded {title}.")));
            }
        }
    };
    let onload = {
        let (shared, loaded_note) = (shared.clone(), loaded_note.clone());
        Callback::from(move |name: String| {
            load(&shared, Source::Named(name), Start::default(), loaded_note.clone())
        })
    };
    let onfile = {
        let (shared, loaded_note) = (shared.clone(), loaded_note.clone());
        Callback::from(move |file: web_sys::File| {
            let (shared, loaded_note, name) = (shared.clone(), loaded_note.clone(), file.name());
            super::fetch::file_text(&file, &name.clone(), move |text| match text {
                Ok(text) => load(&shared, Source::Text(text, name), Start::default(), loaded_note),
                Err(why) => shared.problem.set(Some(format!("{why}. The playground was left as it was."))),
            });
        })
    };
    let onexport = {
        let shared = shared.clone();
        Callback::from(move |_| export(&shared))
    };
    let onshare = {
        let shared = shared.clone();
        Callback::from(move |_| share(&shared))
    };
    let onembed = {
        let (shared, groups) = (shared.clone(), view.groups.clone());
        Callback::from(move |_| embed(&shared, &groups))
    };
    let onselect = {
        let selected = selected.clone();
        Callback::from(move |id: ServerId| selected.set(if *selected == Some(id) { None } else { Some(id) }))
    };
    let ondragover = {
        let dropping = dropping.clone();
        Callback::from(move |e: DragEvent| {
            // Taking the event tells the browser a file may be dropped here.
            e.prevent_default();
            dropping.set(true);
        })
    };
    let ondragleave = {
        let dropping = dropping.clone();
        Callback::from(move |_: DragEvent| dropping.set(false))
    };
    let ondrop = {
        let (dropping, onfile) = (dropping.clone(), onfile.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dropping.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                onfile.emit(file);
            }
        })
    };

    // On opening: the link's setup, then `ready` for a course page; and its requests from then on.
    {
        let (shared, opened, bridge) = (shared.clone(), opened.clone(), bridge.clone());
        use_effect_with((), move |_| {
            let ready = {
                let shared = shared.clone();
                move |_: Result<String, String>| {
                    let setup = shared.setup.borrow().clone();
                    let now = to_secs(shared.world.borrow().now());
                    // Events from here on are announced; the world's own start is not news.
                    shared.announced.set(shared.world.borrow().events().total());
                    shared.bridge.ready(&messages::ready(shared.seed.get(), setup.name.as_deref(), now));
                }
            };
            match opened.as_ref() {
                Err(e) => {
                    shared.problem.set(Some(format!(
                        "This page's address has a problem: {e}. The playground shows its own world."
                    )));
                    ready(Ok(String::new()));
                }
                Ok(link) if link.chapter.is_some() || link.challenge.is_some() => {
                    learn_actions::open_from_link(&shared, link);
                    ready(Ok(String::new()));
                }
                Ok(link) if !opens_a_run(link) => ready(Ok(String::new())),
                Ok(link) => {
                    let (source, start) = from_link(link);
                    let (note, replaying) = (shared.run_note.clone(), start.replay_to.is_some());
                    load(&shared, source, start, move |result| {
                        // A replay says where it is going, then where it stopped, instead.
                        if let (Ok(title), false) = (&result, replaying) {
                            note.set(Some(format!("Opened {title} from the link.")));
                        }
                        ready(result);
                    });
                }
            }
            let onrequest = {
                let shared = shared.clone();
                Callback::from(move |request: Request| answer(&shared, request))
            };
            let listener = bridge.listen(onrequest);
            move || drop(listener)
        });
    }

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
    let setup_shown = &*shown_setup;
    let full_page = address::url(&Link { embed: false, ..link.clone() });
    html! {
        <div class={classes!("app", view.embed.then_some("embed"), dropping.then_some("dropping"))} {ondragover} {ondragleave} {ondrop}>
            if view.embed {
                <p class="embed-bar">
                    <a href={full_page} target="_blank" rel="noopener">{"Open the whole playground ↗"}</a>
                </p>
            } else {
                <header>
                    <h1>{"Distributed Systems Playground"}</h1>
                    <p class="tagline">{"Scaling, load balancing, failures, attacks and security: add servers, switch algorithms, crash a server or kill a disk and watch the rest carry on; start a flood and see what each defence stops; listen on a link, steal a disk, sign in and see what encryption and access control keep out."}</p>
                </header>
            }
            if view.captions || problem.is_some() {
                { caption_bar(&CaptionBarProps { caption: (*caption).clone().filter(|_| view.captions), problem: (*problem).clone(), paused: time_controls.paused }) }
            }
            <main class="layout">
                <div class="stage-area">
                    <Stage still={reduced_motion} snapshot={p.snapshot.clone()} selected={selected_now} {onselect} oncommand={oncommand.clone()} {onflow} canvas={canvas} per_dot={p.per_dot} behind={p.behind} paused={time_controls.paused}
                        world={WorldHandle(shared.world.clone())} follow={(*follow).clone()} />
                </div>
                <aside class="side-column">
                    { learn_panels(&shared, !view.embed || link.chapter.is_some(), !view.embed || link.challenge.is_some()) }
                    <Controls snapshot={p.snapshot.clone()} world={WorldHandle(shared.world.clone())} paused={time_controls.paused} speed={time_controls.speed}
                        selected={selected_now} groups={view.groups.clone()} step_note={(*step_note).clone()} {oncommand} {ontogglepause} {onstep} {onspeed} />
                    if !view.embed {
                        <RunPanel seed={p.seed} changes={p.changes} digest={p.digest} now={p.snapshot.now}
                            scenario={setup_shown.name.clone()} about={(setup_shown.title(), setup_shown.scenario.description.clone())}
                            note={(*run_note).clone()} link={(*link_made).clone()} snippet={(*snippet).clone()}
                            {onreplay} {onnewrun} {onload} {onfile} {onexport} {onshare} {onembed} />
                        { event_list(&EventListProps { lines: p.events.clone() }) }
                    }
                </aside>
                <div class="metrics-area">
                    <MetricsArea feed={metrics} />
                </div>
            </main>
        </div>
    }
}
