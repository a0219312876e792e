//! Forgetting a part at a time: per-source state that no longer changes any verdict is dropped
//! in slices, a bounded number of entries per call, so that no single moment pays for a whole
//! pass over every source.

use std::collections::BTreeMap;

/// Goes through at most `at_most` entries of `map` from key `from` on, in key order, dropping
/// those `forget` says to. Returns how many went and the key to carry on from next time (0 once
/// the pass reached the end).
pub fn forget_part<V>(
    map: &mut BTreeMap<u32, V>,
    from: u32,
    at_most: usize,
    forget: impl Fn(&V) -> bool,
) -> (usize, u32) {
    let mut gone = Vec::new();
    let mut next = 0;
    for (seen, (key, value)) in map.range(from..).enumerate() {
        if seen == at_most {
            next = *key;
            break;
        }
        if forget(value) {
            gone.push(*key);
        }
    }
    for key in &gone {
        map.remove(key);
    }
    (gone.len(), next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_cover_every_entry_once_per_pass() {
        let mut map: BTreeMap<u32, u32> = (0..10).map(|k| (k * 3, k)).collect();
        let odd = |v: &u32| v % 2 == 1;
        assert_eq!(forget_part(&mut map, 0, 4, odd), (2, 12));
        assert_eq!(forget_part(&mut map, 12, 4, odd), (2, 24));
        assert_eq!(forget_part(&mut map, 24, 4, odd), (1, 0));
        assert_eq!(map.values().copied().collect::<Vec<_>>(), vec![0, 2, 4, 6, 8]);
        assert_eq!(forget_part(&mut map, 0, usize::MAX, |_| true), (5, 0));
        assert!(map.is_empty());
    }
}
