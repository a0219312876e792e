//! The caption bar and the list of recent events: what just happened, in words.

use yew::prelude::*;

use crate::teach::captions::Caption;
use crate::teach::status::on_screen;

/// Props of [`caption_bar`].
#[derive(Properties, PartialEq)]
pub struct CaptionBarProps {
    /// The narrator's caption (none before it first speaks).
    pub caption: Option<Caption>,
    /// A refused command's reason, shown instead of the caption until the next command.
    pub problem: Option<String>,
    /// Whether simulated time is paused: then, with nothing else to tell, the bar says how to resume.
    pub paused: bool,
}

/// The caption, a plain line and a technical one, announced politely to screen readers. The
/// narrator changes it only when what it tells of changes, and the view rewrites only text that
/// changed, so the live region is not re-announced with every snapshot.
pub fn caption_bar(props: &CaptionBarProps) -> Html {
    let shown = on_screen(props.caption.as_ref(), props.paused);
    html! {
        <div id="caption" class="caption" role="status" aria-live="polite" aria-atomic="true">
            if let Some(problem) = &props.problem {
                <p class="plain problem">{ format!("⚠ {problem}") }</p>
            } else {
                <p class="plain">{ shown.plain }</p>
                if !shown.technical.is_empty() {
                    <p class="technical">{ shown.technical }</p>
                }
            }
        </div>
    }
}

/// Props of [`event_list`].
#[derive(Properties, PartialEq)]
pub struct EventListProps {
    /// Descriptions of recent events, newest first.
    pub lines: Vec<String>,
}

/// The most recent events, newest first.
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
