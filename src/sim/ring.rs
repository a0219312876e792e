//! A first-in, first-out queue of small copyable items in a ring whose size is a power of two,
//! so that finding a place is one mask rather than a comparison: the schedule's lanes and the
//! work kept beside it take and add one item per request at each step of its path.

/// Items in the order they were added.
#[derive(Clone, Debug)]
pub(crate) struct Ring<T> {
    /// The ring: empty, or a power of two long.
    slots: Vec<T>,
    /// Where the first item is.
    head: usize,
    /// How many items there are.
    len: usize,
}

impl<T> Default for Ring<T> {
    fn default() -> Self {
        Ring { slots: Vec::new(), head: 0, len: 0 }
    }
}

impl<T: Copy> Ring<T> {
    /// How many slots a ring starts with.
    const FIRST_SIZE: usize = 16;

    /// Whether the ring holds nothing.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The first item.
    #[inline(always)]
    pub fn front(&self) -> Option<&T> {
        (self.len > 0).then(|| &self.slots[self.head])
    }

    /// The last item.
    #[inline(always)]
    pub fn back(&self) -> Option<&T> {
        (self.len > 0).then(|| &self.slots[(self.head + self.len - 1) & (self.slots.len() - 1)])
    }

    /// Adds `item` after the last.
    #[inline(always)]
    pub fn push_back(&mut self, item: T) {
        if self.len == self.slots.len() {
            self.grow(item);
        }
        let at = (self.head + self.len) & (self.slots.len() - 1);
        self.slots[at] = item;
        self.len += 1;
    }

    /// Removes and returns the first item.
    #[inline(always)]
    pub fn pop_front(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let item = self.slots[self.head];
        self.head = (self.head + 1) & (self.slots.len() - 1);
        self.len -= 1;
        Some(item)
    }

    /// The items in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        let mask = self.slots.len().wrapping_sub(1);
        (0..self.len).map(move |i| &self.slots[(self.head + i) & mask])
    }

    /// Puts `item` at position `at` (0 is the front), moving the items from there on back.
    pub fn insert(&mut self, at: usize, item: T) {
        let mut items: Vec<T> = self.iter().copied().collect();
        items.insert(at, item);
        *self = Ring::default();
        for item in items {
            self.push_back(item);
        }
    }

    /// Twice as many slots (or the first ones), the items moved to the front in order; `fill`
    /// fills the new slots.
    #[cold]
    fn grow(&mut self, fill: T) {
        let size = (self.slots.len() * 2).max(Self::FIRST_SIZE);
        let mut slots = Vec::with_capacity(size);
        slots.extend(self.iter().copied());
        slots.resize(size, fill);
        self.slots = slots;
        self.head = 0;
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;

    proptest::proptest! {
        /// Any mix of adding, taking and inserting leaves the same items as a `VecDeque` would.
        #[test]
        fn behaves_as_a_double_ended_queue(steps in proptest::collection::vec((0u8..4, 0u32..1000), 0..600)) {
            let (mut ring, mut deque) = (Ring::default(), VecDeque::new());
            for (kind, value) in steps {
                match kind {
                    0 | 1 => {
                        ring.push_back(value);
                        deque.push_back(value);
                    }
                    2 => proptest::prop_assert_eq!(ring.pop_front(), deque.pop_front()),
                    _ => {
                        let at = value as usize % (deque.len() + 1);
                        ring.insert(at, value);
                        deque.insert(at, value);
                    }
                }
                proptest::prop_assert_eq!(ring.front(), deque.front());
                proptest::prop_assert_eq!(ring.back(), deque.back());
                proptest::prop_assert_eq!(ring.is_empty(), deque.is_empty());
                proptest::prop_assert!(ring.iter().eq(deque.iter()));
            }
        }
    }
}
