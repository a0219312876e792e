//! What the stage shows of the security topic: a padlock on each link, closed where TLS
//! protects it and open where it runs in the clear (drawn once the learner has TLS on or an
//! eavesdropper out), the eavesdropper on its link, and a padlock on the database's disks when
//! they are encrypted.

use yew::prelude::*;

use crate::format::fixed;
use crate::sim::security::{Tap, TlsMode};

use super::layout::{Layout, Point};
use crate::sim::Snapshot;

/// A padlock at `at`, closed or open, with its name for screen readers.
fn padlock(at: Point, closed: bool, label: &str) -> Html {
    let shackle =
        if closed { "M -4 -1 V -5 A 4 4 0 0 1 4 -5 V -1" } else { "M -4 -1 V -5 A 4 4 0 0 1 4 -5 V -7" };
    html! {
        <g class={classes!("padlock", if closed { "closed" } else { "open" })} role="img" aria-label={label.to_string()}
            transform={format!("translate({} {}) scale(1.4)", fixed(at.x, 1), fixed(at.y - 16.0, 1))}>
            <path class="shackle" d={shackle} />
            <rect x="-6" y="-1" width="12" height="9" rx="1.5" />
        </g>
    }
}

/// The eavesdropper: an eye just below the link it listens on.
fn eye(at: Point, label: &str) -> Html {
    html! {
        <g class="eavesdropper" role="img" aria-label={label.to_string()}
            transform={format!("translate({} {}) scale(1.4)", fixed(at.x, 1), fixed(at.y + 16.0, 1))}>
            <path d="M -8 0 Q 0 -7 8 0 Q 0 7 -8 0 Z" />
            <circle r="2.5" />
        </g>
    }
}

/// The marks for the world `snap` on the stage laid out as `layout`.
pub fn security_marks(layout: &Layout, snap: &Snapshot) -> Html {
    let mode = snap.tls.config.mode;
    let tap = snap.tap;
    let shown = mode != TlsMode::Off || tap.is_some();
    let outer = layout.ways_in.get(layout.ways_in.len() / 2).map(|r| r.at(0.45));
    let inner = layout.routes.first().map(|r| r.at(0.5));
    let outer_closed = mode != TlsMode::Off;
    let inner_closed = mode == TlsMode::EndToEnd;
    let words = |closed: bool, link: &str| {
        if closed {
            format!("The link {link} is encrypted")
        } else {
            format!("The link {link} is in the clear")
        }
    };
    html! {
        <g class="security-marks">
            if let (true, Some(p)) = (shown, outer) {
                { padlock(p, outer_closed, &words(outer_closed, Tap::Outer.label())) }
            }
            if let (true, Some(p)) = (shown, inner) {
                { padlock(p, inner_closed, &words(inner_closed, Tap::Inner.label())) }
            }
            if let Some(p) = tap.and_then(|t| if t == Tap::Outer { outer } else { inner }) {
                { eye(p, "An eavesdropper listens on this link") }
            }
            if let (true, Some(p)) = (snap.at_rest.on, layout.database.first()) {
                { padlock(Point { x: p.x, y: p.y - 18.0 }, snap.at_rest.key.is_some(), "The database's disks are encrypted") }
            }
        </g>
    }
}
