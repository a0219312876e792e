//! The metrics panel's own feed of snapshots. The panel is the page's largest re-render (cards,
//! charts, the tables); fed apart from the rest of the page, it re-renders only when it is given
//! a snapshot, and the frame loop gives it each of its snapshots one frame after the rest of the
//! page has re-rendered with it, so the two re-renders never fall in one frame. A change the
//! learner makes is shown everywhere at once.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::metrics_panel::{metrics_panel, MetricsPanelProps};
use super::shot::Shot;

/// Where the metrics panel gets its snapshots.
pub struct MetricsFeed {
    /// The snapshot the panel shows, or is about to.
    latest: RefCell<Shot>,
    /// A snapshot to show at the next [`MetricsFeed::show_pending`].
    pending: RefCell<Option<Shot>>,
    /// Sets the panel's snapshot, once the panel is on the page.
    panel: RefCell<Option<UseStateSetter<Shot>>>,
}

impl MetricsFeed {
    /// A feed whose panel starts with `first`.
    pub fn new(first: Shot) -> Self {
        MetricsFeed { latest: RefCell::new(first), pending: RefCell::new(None), panel: RefCell::new(None) }
    }

    /// Shows `shot` on the panel now (it re-renders in this frame).
    pub fn show(&self, shot: Shot) {
        self.pending.borrow_mut().take();
        *self.latest.borrow_mut() = shot.clone();
        if let Some(panel) = self.panel.borrow().as_ref() {
            panel.set(shot);
        }
    }

    /// Keeps `shot` to show at the next [`MetricsFeed::show_pending`].
    pub fn show_later(&self, shot: Shot) {
        *self.pending.borrow_mut() = Some(shot);
    }

    /// Whether a snapshot waits to be shown.
    pub fn has_pending(&self) -> bool {
        self.pending.borrow().is_some()
    }

    /// Shows the snapshot kept by [`MetricsFeed::show_later`], if any.
    pub fn show_pending(&self) {
        let pending = self.pending.borrow_mut().take();
        if let Some(shot) = pending {
            self.show(shot);
        }
    }
}

/// Props of [`MetricsArea`].
#[derive(Properties)]
pub struct MetricsAreaProps {
    /// Where the panel's snapshots come from.
    pub feed: Rc<MetricsFeed>,
}

impl PartialEq for MetricsAreaProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.feed, &other.feed)
    }
}

/// The metrics panel, re-rendered only when its feed gives it a snapshot.
#[function_component(MetricsArea)]
pub fn metrics_area(props: &MetricsAreaProps) -> Html {
    let shot = use_state(|| props.feed.latest.borrow().clone());
    {
        let (feed, setter) = (props.feed.clone(), shot.setter());
        use_effect_with((), move |_| {
            // A snapshot shown before the panel was on the page is shown now.
            setter.set(feed.latest.borrow().clone());
            *feed.panel.borrow_mut() = Some(setter);
            move || {
                feed.panel.borrow_mut().take();
            }
        });
    }
    metrics_panel(&MetricsPanelProps { snapshot: (*shot).clone() })
}
