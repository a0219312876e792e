//! A fair queue across sources: each source address waits in its own queue, and the queues are
//! served in turn, one request each, in address order (round robin, as deficit round robin
//! does with equal packets). A source that floods only lengthens its own queue; a source with
//! one request waiting is served within one turn of the sources that are waiting, however much
//! the others send.

use std::collections::{BTreeMap, VecDeque};
use std::net::Ipv4Addr;

/// How many requests one source may have waiting by default.
pub const PER_SOURCE: usize = 16;

/// Per-source queues served in turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FairQueue<T> {
    /// Each waiting source's queue, by address; sources with nothing waiting are absent.
    /// Keyed by the address as a number, which orders as addresses do and compares faster.
    queues: BTreeMap<u32, VecDeque<T>>,
    /// The source served last; the next turn goes to the first one after it.
    last: Option<u32>,
    /// The most one source may have waiting.
    per_source: usize,
    /// Items waiting, over all sources.
    len: usize,
}

impl<T> Default for FairQueue<T> {
    /// Empty, with room for [`PER_SOURCE`] per source.
    fn default() -> Self {
        FairQueue::new(PER_SOURCE)
    }
}

impl<T> FairQueue<T> {
    /// An empty queue holding at most `per_source` items for each source.
    pub fn new(per_source: usize) -> Self {
        FairQueue { queues: BTreeMap::new(), last: None, per_source, len: 0 }
    }

    /// Puts `item` at the back of `source`'s queue; gives it back if that queue is full.
    pub fn push(&mut self, source: Ipv4Addr, item: T) -> Result<(), T> {
        let key = u32::from(source);
        let queue = self.queues.entry(key).or_default();
        if queue.len() >= self.per_source {
            if queue.is_empty() {
                self.queues.remove(&key);
            }
            return Err(item);
        }
        queue.push_back(item);
        self.len += 1;
        Ok(())
    }

    /// The next item in turn: the front of the first waiting source after the one served last
    /// (in address order, wrapping round).
    pub fn pop(&mut self) -> Option<(Ipv4Addr, T)> {
        // The first waiting source after the last one served, else the first of all.
        let after = self.last.and_then(|a| a.checked_add(1));
        let next = match after {
            Some(from) => self.queues.range(from..).next(),
            None if self.last.is_some() => None,
            None => self.queues.iter().next(),
        }
        .or_else(|| self.queues.iter().next())
        .map(|(a, _)| *a)?;
        let queue = self.queues.get_mut(&next).expect("a waiting source has a queue");
        let item = queue.pop_front().expect("waiting sources have something waiting");
        if queue.is_empty() {
            self.queues.remove(&next);
        }
        self.last = Some(next);
        self.len -= 1;
        Some((Ipv4Addr::from(next), item))
    }

    /// Items waiting, over all sources.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many sources have something waiting.
    pub fn sources(&self) -> usize {
        self.queues.len()
    }

    /// How many items `source` has waiting.
    pub fn waiting(&self, source: Ipv4Addr) -> usize {
        self.queues.get(&u32::from(source)).map_or(0, VecDeque::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
    const B: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
    const C: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 3);

    #[test]
    fn sources_take_turns_whatever_their_backlog() {
        let mut q = FairQueue::new(10);
        for i in 0..5 {
            q.push(A, ("a", i)).unwrap();
        }
        q.push(C, ("c", 0)).unwrap();
        q.push(B, ("b", 0)).unwrap();
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|(_, item)| item)).collect();
        assert_eq!(order, vec![("a", 0), ("b", 0), ("c", 0), ("a", 1), ("a", 2), ("a", 3), ("a", 4)]);
        assert!(q.is_empty() && q.sources() == 0);
    }

    #[test]
    fn a_newcomer_is_served_within_one_turn() {
        let mut q = FairQueue::new(100);
        for i in 0..50 {
            q.push(A, i).unwrap();
        }
        assert_eq!(q.pop(), Some((A, 0)));
        q.push(C, 99).unwrap();
        assert_eq!(q.pop(), Some((C, 99)));
        assert_eq!(q.pop(), Some((A, 1)));
    }

    #[test]
    fn a_full_source_is_refused_and_others_are_not() {
        let mut q = FairQueue::new(2);
        assert_eq!((q.push(A, 1), q.push(A, 2), q.push(A, 3)), (Ok(()), Ok(()), Err(3)));
        assert_eq!(q.push(B, 4), Ok(()));
        assert_eq!((q.len(), q.waiting(A), q.waiting(B)), (3, 2, 1));
        let mut none = FairQueue::new(0);
        assert_eq!(none.push(A, 1), Err(1));
        assert_eq!(none.sources(), 0);
    }

    #[test]
    fn the_last_address_wraps_round() {
        let top = Ipv4Addr::new(255, 255, 255, 255);
        let mut q = FairQueue::new(4);
        q.push(top, 1).unwrap();
        q.push(top, 2).unwrap();
        q.push(A, 3).unwrap();
        assert_eq!(q.pop(), Some((A, 3)));
        assert_eq!(q.pop(), Some((top, 1)));
        assert_eq!(q.pop(), Some((top, 2)));
        assert_eq!(q.pop(), None);
    }
}
