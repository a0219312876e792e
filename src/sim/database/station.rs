//! One database node's workers and queue: the queries it is serving and those waiting.

use std::collections::VecDeque;

/// What became of a query that reached a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// A worker took it at once.
    Serving,
    /// It waits in the queue.
    Queued,
    /// The queue was full: it fails.
    Full,
}

/// The workers and queue of one node.
#[derive(Clone, Debug, Default)]
pub struct Station {
    /// Workers busy now.
    pub busy: u32,
    /// Request slots waiting, oldest first.
    pub queue: VecDeque<u32>,
    /// Queries served since the start.
    pub served: u64,
}

impl Station {
    /// Takes in the request in `slot`, given `workers` and `queue_capacity`.
    pub fn admit(&mut self, slot: u32, workers: u32, queue_capacity: u32) -> Admission {
        if self.busy < workers {
            self.busy += 1;
            Admission::Serving
        } else if self.queue.len() < queue_capacity as usize {
            self.queue.push_back(slot);
            Admission::Queued
        } else {
            Admission::Full
        }
    }

    /// A worker finished: it takes the next waiting request, returned, or goes idle.
    pub fn finish(&mut self) -> Option<u32> {
        self.served += 1;
        let next = self.queue.pop_front();
        if next.is_none() {
            self.busy -= 1;
        }
        next
    }

    /// Queries in service or waiting.
    pub fn load(&self) -> usize {
        self.busy as usize + self.queue.len()
    }

    /// Empties it (the node stopped): every worker idle, every waiting request forgotten.
    pub fn clear(&mut self) {
        self.busy = 0;
        self.queue.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_serves_then_queues_then_refuses() {
        let mut station = Station::default();
        let admitted: Vec<_> = (0..4).map(|slot| station.admit(slot, 2, 1)).collect();
        use Admission::*;
        assert_eq!(admitted, vec![Serving, Serving, Queued, Full]);
        assert_eq!(station.load(), 3);
        assert_eq!(station.finish(), Some(2), "the waiting query takes the free worker");
        assert_eq!((station.finish(), station.finish(), station.busy), (None, None, 0));
        assert_eq!(station.served, 3);
    }
}
