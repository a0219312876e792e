//! A panel's view, made again only when what it is made from changed, and handed on only when it
//! differs from the one on the page. The tour's and the challenges' panels are looked at on every
//! publish, a few times a second, and most looks change nothing.

/// The view on the page, and the state it was made from.
#[derive(Debug, Default)]
pub struct Shown<K, V> {
    /// What the view was last made from; `None` before the first.
    state: Option<K>,
    /// The view on the page.
    view: V,
}

impl<K: PartialEq, V: Clone + PartialEq> Shown<K, V> {
    /// The view `make` makes, if `state` differs from the one the last view was made from and
    /// the view differs from the one on the page. While `state` is unchanged, `make` is not
    /// called.
    pub fn changed(&mut self, state: K, make: impl FnOnce() -> V) -> Option<V> {
        if self.state.as_ref() == Some(&state) {
            return None;
        }
        self.state = Some(state);
        let view = make();
        (view != self.view).then(|| {
            self.view = view.clone();
            view
        })
    }
}

/// Whole simulated seconds from `now` until `until`, rounded up as a countdown shows them.
pub fn seconds_left(until: crate::sim::Micros, now: crate::sim::Micros) -> u64 {
    until.saturating_sub(now).div_ceil(crate::sim::time::SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_is_made_only_when_its_state_changed_and_handed_on_only_when_it_differs() {
        let mut shown: Shown<(u64, u64), String> = Shown::default();
        let mut made = 0;
        let mut look = |shown: &mut Shown<_, _>, state, text: &str| {
            shown.changed(state, || {
                made += 1;
                text.to_string()
            })
        };
        assert_eq!(look(&mut shown, (0, 0), "waiting"), Some("waiting".to_string()));
        assert_eq!(look(&mut shown, (0, 0), "never made"), None);
        // A new state whose view reads the same is made but not handed on.
        assert_eq!(look(&mut shown, (1, 0), "waiting"), None);
        assert_eq!(look(&mut shown, (1, 3), "3 s to go"), Some("3 s to go".to_string()));
        assert_eq!(made, 3);
        assert_eq!((seconds_left(2_500_000, 0), seconds_left(2_000_000, 0), seconds_left(1, 2)), (3, 2, 0));
    }
}
