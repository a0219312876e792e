//! The frame loop: each display frame it advances the world by the wall time that passed (times
//! the speed, within a budget), or towards a shared link's moment as fast as it can; places and
//! paints the moving dots; and publishes a snapshot for the panels a few times a second. The
//! budget is what is left of the frame once its other work, timed in the frames before, is
//! counted (see [`FrameBudget`]). While
//! the page is hidden the loop stops, and the world waits: coming back, it goes on from where it
//! was, with nothing to catch up.

use std::cell::{Cell, RefCell};
use std::ops::Not;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::canvas::paint;
use super::clock::advance_within_budget;
use super::follow::Follow;
use super::frame_budget::{FrameBudget, FrameKind};
use super::frame_loop::FrameLoop;
use super::layout::Layout;
use super::motion::prefers_reduced_motion;
use super::particles::Dots;
use super::shared::Shared;
use crate::format::fixed;
use crate::sim::time::{from_ms, to_secs};

/// Wall time between two snapshots for the panels, in milliseconds (four a second).
pub const PUBLISH_EVERY_MS: f64 = 250.0;

/// Wall time a dropped request takes to fall away, in milliseconds.
const DROP_FALL_MS: f64 = 700.0;

/// The page's clock, in milliseconds.
fn wall_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Runs the frame loop while the app is mounted, drawing the dots on `canvas` and ringing the
/// request `follow` names.
#[hook]
pub fn use_run_loop(shared: &Shared, canvas: NodeRef, follow: Rc<Follow>) {
    let shared = shared.clone();
    use_effect_with((), move |_| {
        // With reduced motion no dot moves: the stage shows flows by its links instead.
        let still = prefers_reduced_motion();
        let dots = RefCell::new(Dots::default());
        let layout: RefCell<Option<Layout>> = RefCell::new(None);
        let last_publish = Cell::new(f64::NEG_INFINITY);
        let budget = Rc::new(RefCell::new(FrameBudget::default()));
        let shared_for_frames = shared.clone();
        let on_frame = Rc::new(move |now_ms: f64| {
            let started = wall_ms();
            let shared = &shared_for_frames;
            let publish_due = now_ms - last_publish.get() >= PUBLISH_EVERY_MS;
            let kind = if publish_due {
                FrameKind::Publishing
            } else if shared.metrics.has_pending() {
                FrameKind::Metrics
            } else {
                FrameKind::Plain
            };
            let budget_ms = budget.borrow_mut().begin(now_ms, kind);
            let mut simulated_ms = 0.0;
            let (advance, speed, target) = {
                let mut clock = shared.clock.borrow_mut();
                (clock.frame(now_ms), clock.speed, clock.replay_to)
            };
            let (restaged, reached) = {
                let mut world = shared.world.borrow_mut();
                // A shared link's moment is run to as fast as the budget allows.
                let until = target.unwrap_or(world.now() + advance);
                let mut script = shared.script.borrow_mut();
                let caught_up = until <= world.now() || {
                    let from = wall_ms();
                    let reached = advance_within_budget(&mut world, &mut script, until, budget_ms, wall_ms);
                    simulated_ms = wall_ms() - from;
                    reached
                };
                shared.behind.set(!caught_up && target.is_none());
                // Lay the stage out again only when the servers on it change.
                let mut layout = layout.borrow_mut();
                let flow = shared.flow.get();
                let restaged = layout.as_ref().is_none_or(|l| !l.fits(&world, flow));
                if restaged {
                    *layout = Some(Layout::for_world(&world, flow));
                }
                let mut dots = dots.borrow_mut();
                if let (Some(layout), false) = (layout.as_ref(), still) {
                    dots.follow = follow.id();
                    dots.compute(&world, layout, from_ms(DROP_FALL_MS * speed));
                    follow.watch(&world, &dots);
                }
                shared.per_dot.set(dots.per_dot);
                if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                    paint(&canvas, &dots);
                }
                (restaged, target.filter(|_| caught_up))
            };
            if let Some(moment) = reached {
                shared.clock.borrow_mut().replay_to = None;
                shared.set_paused(true);
                shared.run_note.set(Some(format!(
                    "Replayed to {} s, the moment the link was made: press Play to go on.",
                    fixed(to_secs(moment), 3)
                )));
            }
            // The panels follow at once when a server joins or leaves the stage, so the SVG
            // and the dots agree and a server leaving is seen even at high speed.
            let kind = if restaged || reached.is_some() {
                last_publish.set(now_ms);
                shared.publish();
                FrameKind::Publishing
            } else if publish_due {
                // The metrics panel re-renders in the next frame, not in this one's.
                last_publish.set(now_ms);
                shared.publish_in_turn();
                FrameKind::Publishing
            } else if shared.metrics.has_pending() {
                shared.metrics.show_pending();
                FrameKind::Metrics
            } else {
                FrameKind::Plain
            };
            // The panels re-render in a microtask queued by the publishing: time the frame's
            // other work in one queued after it.
            let budget = Rc::clone(&budget);
            after_rendering(move || budget.borrow_mut().record(kind, wall_ms() - started - simulated_ms));
        });
        let start = move || {
            let on_frame = Rc::clone(&on_frame);
            FrameLoop::start(move |now_ms| on_frame(now_ms))
        };
        // Without a document (never, in a browser) the loop runs and nothing watches.
        let document = web_sys::window().and_then(|w| w.document());
        let hidden = document.as_ref().is_some_and(|d| d.hidden());
        let frames = Rc::new(RefCell::new(hidden.not().then(&start)));
        let watching = Rc::clone(&frames);
        let listener = document.map(|document| {
            let page = document.clone();
            EventListener::new(&document, "visibilitychange", move |_| {
                let mut frames = watching.borrow_mut();
                if page.hidden() {
                    // Dropping the loop cancels its next frame.
                    *frames = None;
                    shared.clock.borrow_mut().rest();
                } else if frames.is_none() {
                    *frames = Some(start());
                }
            })
        });
        move || {
            drop(listener);
            frames.borrow_mut().take();
        }
    });
}

/// Calls `then` once the work queued so far (such as Yew's re-render) is done: in a microtask.
fn after_rendering(then: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let then = Closure::once_into_js(then);
        window.queue_microtask(then.unchecked_ref());
    }
}
