//! Keys derived from the run's seed: HMAC-SHA256 of a label under the seed, as HKDF's expand
//! step does with one block, so each purpose gets its own 256-bit key and the same seed always
//! gives the same keys.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A 256-bit key.
pub type Key = [u8; 32];

/// The key for `label` (such as "tls edge") in the run seeded with `seed`.
pub fn derive(seed: u64, label: &str) -> Key {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&seed.to_le_bytes()).expect("HMAC takes a key of any length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_and_label_give_the_same_key_and_any_change_another() {
        assert_eq!(derive(7, "tls edge"), derive(7, "tls edge"));
        assert_ne!(derive(7, "tls edge"), derive(8, "tls edge"));
        assert_ne!(derive(7, "tls edge"), derive(7, "tls inner"));
    }
}
