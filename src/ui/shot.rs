//! The world as last published, as the panels share it.

use std::ops::Deref;
use std::rc::Rc;

use crate::sim::Snapshot;

/// One publication of the world's snapshot. Two are equal when they are the same publication:
/// every publication follows a change (time moved, or the learner acted), so comparing them
/// field by field would only cost what re-rendering saves.
#[derive(Clone, Debug)]
pub struct Shot(pub Rc<Snapshot>);

impl PartialEq for Shot {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Shot {
    type Target = Snapshot;

    fn deref(&self) -> &Snapshot {
        &self.0
    }
}
