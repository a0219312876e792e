//! The trace panel under the stage: follow one request, a user's or a bot's (or the one whose
//! dot was clicked), and read who sent it, from which address, the path it took, each check it
//! met at the edge and what that check said, and where it is now or how it ended. Its status
//! line is announced politely, and only when it changes (it is drawn at most four times a
//! second, with the panels).

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::format::{count, millis};
use crate::sim::attack::{NatConfig, Origin};
use crate::sim::request::{DropReason, Loss};
use crate::sim::time::to_ms;
use crate::sim::trace::{Check, Conn, Ending, Turn};
use crate::sim::Leg;

use super::botnet_node::kind_name;
use super::button::button;
use super::follow::{Follow, Followed, WorldHandle};
use super::particles::at_edge;
use super::shot::Shot;

/// Who sent a request, such as "user 412", "user 12 behind the NAT" or "bot 7 (HTTP flood)".
pub fn origin_words(origin: Origin, nat: Option<NatConfig>) -> String {
    match origin {
        Origin::User(client) if nat.is_some_and(|n| client < n.users) => {
            format!("user {client} behind the NAT")
        }
        Origin::User(client) => format!("user {client}"),
        Origin::Bot(bot, kind) => format!("bot {bot} ({})", kind_name(kind)),
        Origin::Thief => "a thief with a stolen token".to_string(),
    }
}

/// Where the followed request is now, or how it ended.
pub fn whereabouts(f: &Followed) -> String {
    match f.trace.ending {
        Some(Ending::Served(latency)) => {
            let back = millis(to_ms(latency));
            return match f.trace.answer {
                Some((endpoint, status)) => {
                    format!(
                        "served: its response, {} to {}, came back {back} after it was sent",
                        status.describe(),
                        endpoint.path()
                    )
                }
                None => format!("served: its response came back {back} after it was sent"),
            };
        }
        Some(Ending::Lost(loss)) => return format!("ended, {}", loss.describe()),
        // The world remembers only the last few hundred endings; between two frames (at high
        // speed, or while the page was not drawing) more than that can end.
        None if f.lost_sight => {
            return match f.leg {
                Some(Leg::ToClient(_)) => {
                    "served; its time was not caught (too many requests ended in the same frame)".into()
                }
                _ => "ended; how was not caught (too many requests ended in the same frame)".into(),
            }
        }
        None => {}
    }
    match (f.leg, f.moving) {
        (Some(Leg::ToBalancer), true) => "on its way to the edge".into(),
        (Some(Leg::ToServer(s)), true) => format!("on its way from the balancer to server {}", s.0),
        (Some(Leg::Retrying(s)), true) => {
            format!("failed at server {}, heading back to the balancer to try another", s.0)
        }
        (Some(Leg::ToClient(s)), true) => format!("its response is on its way back from server {}", s.0),
        (Some(Leg::ToDatabase(s, n)), true) => {
            format!("its query is on its way from server {} to database node {}", s.0, n.0)
        }
        (Some(Leg::FromDatabase(n, s)), true) => {
            format!("the database's answer is on its way from node {} to server {}", n.0, s.0)
        }
        (None | Some(Leg::ToBalancer), false) => held(f),
        (Some(Leg::ToServer(s) | Leg::FromDatabase(_, s) | Leg::Retrying(s)), false) => {
            format!("at server {}, waiting in its queue or being served", s.0)
        }
        (Some(Leg::ToDatabase(_, n)), false) => format!("at database node {}, waiting or being served", n.0),
        (Some(Leg::ToClient(_)), false) => "arriving back".into(),
        (None, true) => "under way".into(),
    }
}

/// Where a request that is neither moving nor past the edge waits, from its last check.
fn held(f: &Followed) -> String {
    match f.trace.trace.checks().last() {
        Some(Check::Connection(Conn::HalfOpen)) => {
            "held at the edge: a half-open connection, waiting for a handshake".into()
        }
        Some(Check::Connection(Conn::Trickling)) => {
            "held at the edge: its connection open, its headers trickling in".into()
        }
        Some(Check::FairQueue(Turn::Waited)) => "waiting its turn in the fair queue at the edge".into(),
        _ => "at the edge".into(),
    }
}

/// The way it has come so far, such as "user 3 → edge → balancer → server 1 → database node 0".
pub fn path(f: &Followed, source: &str) -> String {
    let mut hops = vec![source.to_string(), "edge".to_string()];
    let server = match f.leg {
        // Never seen moving: held at the edge, or found only once it had ended, when the way it
        // came follows from how it ended.
        None => {
            match f.trace.ending {
                Some(Ending::Served(_)) => {
                    hops.extend(["balancer", "a server", "balancer"].map(String::from));
                    hops.push(format!("back to {source}"));
                }
                Some(Ending::Lost(Loss::Dropped(DropReason::NoServer))) => hops.push("balancer".into()),
                Some(Ending::Lost(loss)) if !at_edge(loss) => {
                    hops.extend(["balancer", "a server"].map(String::from))
                }
                _ => {}
            }
            None
        }
        Some(Leg::ToBalancer) => {
            if f.trace.ending.is_none() && f.moving {
                hops.pop();
            }
            None
        }
        Some(Leg::ToServer(s) | Leg::Retrying(s) | Leg::ToClient(s) | Leg::ToDatabase(s, _))
        | Some(Leg::FromDatabase(_, s)) => Some(s),
    };
    if let Some(s) = server {
        hops.push("balancer".into());
        hops.push(format!("server {}", s.0));
        if let Some(n) = f.node {
            hops.push(format!("database node {}", n.0));
            if !matches!(f.leg, Some(Leg::ToDatabase(..))) {
                hops.push(format!("server {}", s.0));
            }
        }
        if matches!(f.leg, Some(Leg::ToClient(_))) {
            hops.push("balancer".into());
            hops.push(format!("back to {source}"));
        }
    }
    hops.join(" → ")
}

/// What the trace panel keeps between renders: why the last pick found nothing, if it did.
/// While a request in `follow` is followed, Escape stops following it and calls `onchange`.
#[hook]
pub fn use_trace_note(follow: Rc<Follow>, onchange: Callback<()>) -> UseStateHandle<Option<String>> {
    let note = use_state(|| None::<String>);
    let following = follow.id().is_some();
    use_effect_with(following, move |following| {
        let document = web_sys::window().and_then(|w| w.document()).filter(|_| *following);
        let listener = document.map(|document| {
            EventListener::new(&document, "keydown", move |event| {
                if event.dyn_ref::<KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
                    follow.clear();
                    onchange.emit(());
                }
            })
        });
        move || drop(listener)
    });
    note
}

/// Props of [`trace_panel`].
#[derive(Properties, PartialEq)]
pub struct TracePanelProps {
    /// The world at the last snapshot (whether an attack is on, the NAT).
    pub snapshot: Shot,
    /// The world, to pick a request from.
    pub world: WorldHandle,
    /// The request followed.
    pub follow: Rc<Follow>,
    /// Called after the learner follows a request or stops.
    pub onchange: Callback<()>,
}

/// Buttons to follow a request and what is known of the one followed; `note` comes from
/// [`use_trace_note`].
pub fn trace_panel(props: &TracePanelProps, note: &UseStateHandle<Option<String>>) -> Html {
    let following = props.follow.id().is_some();
    let pick = |attack: bool| {
        let (world, follow, onchange, note) =
            (props.world.clone(), props.follow.clone(), props.onchange.clone(), note.clone());
        Callback::from(move |_: MouseEvent| {
            let found = world.0.try_borrow().is_ok_and(|w| follow.pick_newest(&w, attack));
            let who = if attack { "bot's" } else { "user's" };
            note.set((!found).then(|| format!("No {who} request is under way or ended a moment ago.")));
            onchange.emit(());
        })
    };
    let stop = {
        let (follow, onchange) = (props.follow.clone(), props.onchange.clone());
        Callback::from(move |_: MouseEvent| {
            follow.clear();
            onchange.emit(());
        })
    };
    let snap = &props.snapshot;
    let seen = props.follow.seen();
    let source = seen.map(|f| origin_words(f.trace.origin, snap.edge.nat));
    let status = match (&seen, &source) {
        (Some(f), Some(source)) => {
            format!("Following request {} from {source}: {}.", count(f.trace.id), whereabouts(f))
        }
        _ if following => "The followed request is no longer known.".to_string(),
        _ => String::new(),
    };
    html! {
        <section class="trace-panel" aria-labelledby="trace-title">
            <div class="trace-actions">
                <h2 id="trace-title">{"Follow a request"}</h2>
                { button("follow-user", "Follow a user's request", false, pick(false)) }
                if snap.edge.attack.is_some() {
                    { button("follow-bot", "Follow a bot's request", false, pick(true)) }
                }
                if following {
                    { button("stop-following", "Stop following", false, stop) }
                }
                <span class="hint">{ if following { "Esc stops following" } else { "or click a moving dot" } }</span>
            </div>
            <p id="trace-status" class="trace-status" aria-live="polite">{ status }</p>
            if let Some(problem) = (**note).clone().filter(|_| !following) {
                <p class="trace-note">{ problem }</p>
            }
            if let (Some(f), Some(source)) = (seen, source) {
                <dl class="trace-facts">
                    <dt>{"From"}</dt>
                    <dd>{ format!("{source}, address {}", f.trace.address) }</dd>
                    <dt>{ if f.trace.ending.is_some() || f.lost_sight { "Path" } else { "Path so far" } }</dt>
                    <dd>{ path(&f, &source) }</dd>
                    <dt>{"Checks at the edge"}</dt>
                    <dd>
                        if f.trace.trace.checks().next().is_some() {
                            <ol class="trace-checks">
                                { for f.trace.trace.checks().map(|c| html! { <li>{ c.to_string() }</li> }) }
                            </ol>
                        } else if f.trace.ending.is_none() && f.leg == Some(Leg::ToBalancer) && f.moving {
                            {"none yet: it has not reached the edge"}
                        } else {
                            {"none"}
                        }
                    </dd>
                    <dt>{ if f.trace.ending.is_some() || f.lost_sight { "Ended" } else { "Now" } }</dt>
                    <dd>{ whereabouts(&f) }</dd>
                </dl>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::attack::AttackKind;
    use crate::sim::edge::Defence;
    use crate::sim::security::{Endpoint, Status};
    use crate::sim::storage::NodeId;
    use crate::sim::trace::{Trace, TraceView};
    use crate::sim::ServerId;
    use std::net::Ipv4Addr;

    fn followed(origin: Origin, leg: Option<Leg>, moving: bool, ending: Option<Ending>) -> Followed {
        let trace = TraceView {
            id: 7,
            origin,
            address: Ipv4Addr::new(198, 18, 0, 7),
            trace: Trace::default(),
            ending,
            answer: None,
        };
        Followed { trace, leg, node: None, moving, lost_sight: false }
    }

    #[test]
    fn a_source_is_named_with_its_nat_or_its_attack() {
        let nat = Some(NatConfig { users: 200, addresses: 1 });
        assert_eq!(origin_words(Origin::User(12), nat), "user 12 behind the NAT");
        assert_eq!(origin_words(Origin::User(412), nat), "user 412");
        assert_eq!(origin_words(Origin::User(12), None), "user 12");
        assert_eq!(origin_words(Origin::Bot(7, AttackKind::SynFlood), None), "bot 7 (SYN flood)");
    }

    #[test]
    fn where_a_request_is_and_the_way_it_came() {
        let user = Origin::User(3);
        let on_the_way = followed(user, Some(Leg::ToBalancer), true, None);
        assert_eq!(whereabouts(&on_the_way), "on its way to the edge");
        assert_eq!(path(&on_the_way, "user 3"), "user 3");
        let mut at_db = followed(user, Some(Leg::ToDatabase(ServerId(1), NodeId(0))), true, None);
        at_db.node = Some(NodeId(0));
        assert_eq!(path(&at_db, "user 3"), "user 3 → edge → balancer → server 1 → database node 0");
        let mut back = followed(user, Some(Leg::ToClient(ServerId(1))), false, Some(Ending::Served(142_000)));
        back.node = Some(NodeId(0));
        assert_eq!(
            path(&back, "user 3"),
            "user 3 → edge → balancer → server 1 → database node 0 → server 1 → balancer → back to user 3"
        );
        assert_eq!(whereabouts(&back), "served: its response came back 142 ms after it was sent");
        // With authentication on, the app's answer is part of how it ended.
        back.trace.answer = Some((Endpoint::Admin, Status::Forbidden));
        assert_eq!(
            whereabouts(&back),
            "served: its response, 403 Forbidden to /admin, came back 142 ms after it was sent"
        );
        let blocked = followed(user, None, false, Some(Ending::Lost(Loss::Blocked(Defence::RateLimit))));
        assert_eq!(whereabouts(&blocked), "ended, blocked by rate limiting");
        assert_eq!(path(&blocked, "user 3"), "user 3 → edge");
        // Found only once it had ended: the way it must have come.
        let served = followed(user, None, false, Some(Ending::Served(90_000)));
        assert_eq!(
            path(&served, "user 3"),
            "user 3 → edge → balancer → a server → balancer → back to user 3"
        );
        let dropped = followed(user, None, false, Some(Ending::Lost(Loss::Dropped(DropReason::QueueFull))));
        assert_eq!(path(&dropped, "user 3"), "user 3 → edge → balancer → a server");
        let mut half_open =
            followed(Origin::Bot(2, AttackKind::SynFlood), Some(Leg::ToBalancer), false, None);
        half_open.trace.trace.push(Check::Connection(Conn::HalfOpen));
        assert_eq!(
            whereabouts(&half_open),
            "held at the edge: a half-open connection, waiting for a handshake"
        );
        assert_eq!(path(&half_open, "bot 2"), "bot 2 → edge");
        let queued = followed(user, Some(Leg::ToServer(ServerId(4))), false, None);
        assert_eq!(whereabouts(&queued), "at server 4, waiting in its queue or being served");
    }
}
