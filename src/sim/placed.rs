//! Work kept beside the schedule rather than in it: one item for nearly every request, each due
//! at its own place in the run order and nearly always due after the one added before it (it
//! follows a link of fixed length), so a first-in, first-out queue holds them in order and the
//! world checks only its front against the next scheduled action.

use super::ring::Ring;
use super::schedule::Place;

/// Items in run order, each at its [`Place`].
#[derive(Clone, Debug)]
pub(crate) struct PlacedQueue<T> {
    items: Ring<(Place, T)>,
    /// The place of the first item, or `Place::MAX` when there is none: read before every
    /// action, so kept apart.
    front: Place,
}

impl<T> Default for PlacedQueue<T> {
    fn default() -> Self {
        PlacedQueue { items: Ring::default(), front: Place::MAX }
    }
}

impl<T: Copy> PlacedQueue<T> {
    /// Adds `item` at `place`. Usually it goes to the back; only after a link became faster can
    /// an item come before one added earlier, and it is then put in its place.
    #[inline(always)]
    pub fn push(&mut self, place: Place, item: T) {
        if self.items.back().is_none_or(|&(last, _)| last < place) {
            // Only an item into an empty queue becomes the first.
            if self.items.is_empty() {
                self.front = place;
            }
            self.items.push_back((place, item));
        } else {
            self.insert(place, item);
        }
    }

    /// Puts `item` at `place` before the last item, which is rare: out of line, so that the
    /// usual push stays small where it is inlined.
    #[cold]
    #[inline(never)]
    fn insert(&mut self, place: Place, item: T) {
        let at = self.items.iter().take_while(|&&(p, _)| p < place).count();
        self.items.insert(at, (place, item));
        self.front = self.front.min(place);
    }

    /// The place of the first item, or `Place::MAX` when there is none.
    #[inline(always)]
    pub fn front_place(&self) -> Place {
        self.front
    }

    /// The first item and its place.
    pub fn peek(&self) -> Option<(Place, T)> {
        self.items.front().copied()
    }

    /// Removes and returns the first item if its place comes before `limit`.
    #[inline]
    pub fn pop_before(&mut self, limit: Place) -> Option<(Place, T)> {
        if self.front >= limit {
            return None;
        }
        let first = self.items.pop_front();
        self.front = self.items.front().map_or(Place::MAX, |&(place, _)| place);
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_out_in_place_order_even_when_one_overtakes() {
        let mut queue = PlacedQueue::default();
        assert_eq!(queue.front_place(), Place::MAX);
        for (place, item) in [(10, 'a'), (20, 'b'), (40, 'd'), (30, 'c'), (5, 'z')] {
            queue.push(place, item);
        }
        assert_eq!(queue.front_place(), 5);
        assert_eq!(queue.pop_before(5), None, "limit is exclusive");
        let mut out = Vec::new();
        while let Some((place, item)) = queue.pop_before(35) {
            out.push((place, item));
        }
        assert_eq!(out, vec![(5, 'z'), (10, 'a'), (20, 'b'), (30, 'c')]);
        assert_eq!(queue.peek(), Some((40, 'd')));
        assert_eq!(queue.front_place(), 40);
        assert_eq!(queue.pop_before(Place::MAX), Some((40, 'd')));
        assert_eq!(queue.front_place(), Place::MAX);
    }
}
