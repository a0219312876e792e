//! A panel's view, made again only when what it is made from changed, and handed on only when it
//! differs from the one on the page. The tour's and the challenges' panels are looked at on every
//! publish, a few times a second, and most looks change nothing.

use crate::sim::time::SECOND;
use crate::sim::Micros;

/// What a panel's view is made from: how many changes were made to its state, the phase it is
/// in (a number for each), and the whole seconds its countdown shows (0 without one). While it
/// is unchanged, so is the view.
pub type State = (u64, u8, u64);

/// The view on the page, and the state it was made from.
#[derive(Debug)]
pub struct Shown<V> {
    /// What the view was last made from.
    state: State,
    /// The view on the page.
    view: V,
}

impl<V: Clone + PartialEq> Shown<V> {
    /// The first view, made from `state`.
    pub fn new(state: State, view: V) -> Shown<V> {
        Shown { state, view }
    }

    /// The view on the page.
    pub fn view(&self) -> &V {
        &self.view
    }

    /// The view `make` makes, if `state` differs from the one the view on the page was made from
    /// and the new view differs from it. While `state` is unchanged, `make` is not called.
    pub fn changed(&mut self, state: State, make: impl FnOnce() -> V) -> Option<V> {
        if state == self.state {
            return None;
        }
        self.state = state;
        let view = make();
        (view != self.view).then(|| {
            self.view = view.clone();
            view
        })
    }
}

/// Whole simulated seconds from `now` until `until`, rounded up as a countdown shows them.
pub fn seconds_left(until: Micros, now: Micros) -> u64 {
    until.saturating_sub(now).div_ceil(SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_is_made_only_when_its_state_changed_and_handed_on_only_when_it_differs() {
        let mut shown = Shown::new((0, 0, 0), "waiting".to_string());
        let mut made = 0;
        let mut look = |shown: &mut Shown<String>, state, text: &str| {
            shown.changed(state, || {
                made += 1;
                text.to_string()
            })
        };
        assert_eq!(look(&mut shown, (0, 0, 0), "never made"), None);
        // A new state whose view reads the same is made but not handed on.
        assert_eq!(look(&mut shown, (1, 0, 0), "waiting"), None);
        assert_eq!(look(&mut shown, (1, 2, 3), "3 s to go"), Some("3 s to go".to_string()));
        assert_eq!(look(&mut shown, (1, 2, 3), "never made"), None);
        assert_eq!(look(&mut shown, (1, 2, 2), "2 s to go"), Some("2 s to go".to_string()));
        assert_eq!(made, 3);
        assert_eq!(shown.view(), "2 s to go");
        assert_eq!((seconds_left(2_500_000, 0), seconds_left(2_000_000, 0), seconds_left(1, 2)), (3, 2, 0));
    }
}
