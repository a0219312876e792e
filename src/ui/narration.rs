//! The caption bar and the list of recent events: what just happened, in words.

use yew::prelude::*;

use crate::teach::captions::Caption;

/// What the caption bar says before anything has happened.
pub const WELCOME: &str =
    "Requests flow from clients through the load balancer to the servers. Add servers or raise the traffic and watch.";

/// What the caption bar says when the playground starts paused because motion is reduced.
pub const WELCOME_PAUSED: &str = "Requests will flow from clients through the load balancer to the servers. \
     Time is paused because your system asks for less motion: press Play or Step when ready.";

/// Props of [`CaptionBar`].
#[derive(Properties, PartialEq)]
pub struct CaptionBarProps {
    /// The caption to show, if any.
    pub caption: Option<Caption>,
    /// A refused command's reason, shown instead of the caption until the next command.
    pub problem: Option<String>,
    /// Whether the playground started paused because the system asks for less motion.
    pub reduced_motion: bool,
}

/// The caption, announced politely to screen readers when it changes.
#[function_component(CaptionBar)]
pub fn caption_bar(props: &CaptionBarProps) -> Html {
    html! {
        <div id="caption" class="caption" role="status" aria-live="polite" aria-atomic="true">
            if let Some(problem) = &props.problem {
                <p class="plain problem">{ format!("⚠ {problem}") }</p>
            } else if let Some(c) = &props.caption {
                <p class="plain">{ &c.plain }</p>
                <p class="technical">{ &c.technical }</p>
            } else {
                <p class="plain">{ if props.reduced_motion { WELCOME_PAUSED } else { WELCOME } }</p>
            }
        </div>
    }
}

/// Props of [`EventList`].
#[derive(Properties, PartialEq)]
pub struct EventListProps {
    /// Descriptions of recent events, newest first.
    pub lines: Vec<String>,
}

/// The most recent events, newest first.
#[function_component(EventList)]
pub fn event_list(props: &EventListProps) -> Html {
    html! {
        <section class="events" aria-label="Recent events">
            <h2>{"Events"}</h2>
            if props.lines.is_empty() {
                <p class="hint">{"Nothing yet."}</p>
            }
            <ol>{ for props.lines.iter().map(|l| html! { <li>{ l }</li> }) }</ol>
        </section>
    }
}
