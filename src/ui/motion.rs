//! Whether the learner asked their system for less motion (`prefers-reduced-motion`): then the
//! playground starts paused, paints no moving dots, and shows the flows by the links' thickness
//! and a count on each link instead.

/// Whether the page is asked for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}
