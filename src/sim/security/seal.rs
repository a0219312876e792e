//! Authenticated encryption of a message, as TLS 1.3 and disk encryption use it:
//! ChaCha20-Poly1305 with a 96-bit nonce made from a counter, which must never repeat under one
//! key. Opening checks the authentication tag, so a flipped byte is refused, not decrypted into
//! garbage.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};

use super::keys::Key;

/// A sealed message: the counter its nonce came from, and the ciphertext with its 16-byte tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// The message's number under its key (the nonce is made from it).
    pub counter: u64,
    /// The ciphertext, then the authentication tag.
    pub bytes: Vec<u8>,
}

fn nonce(counter: u64) -> Nonce {
    let mut nonce = [0u8; 12];
    nonce[4..].copy_from_slice(&counter.to_be_bytes());
    nonce.into()
}

/// Encrypts and authenticates `message` under `key` as message number `counter`.
pub fn seal(key: &Key, counter: u64, message: &[u8]) -> Sealed {
    let cipher = ChaCha20Poly1305::new(key.into());
    let bytes = cipher.encrypt(&nonce(counter), message).expect("a message in memory always fits");
    Sealed { counter, bytes }
}

/// Checks and decrypts `sealed` under `key`: the message, or `None` if the key is wrong or a
/// byte was changed.
pub fn open(key: &Key, sealed: &Sealed) -> Option<Vec<u8>> {
    ChaCha20Poly1305::new(key.into()).decrypt(&nonce(sealed.counter), sealed.bytes.as_slice()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::security::derive;

    const LOGIN: &[u8] = b"POST /login\r\n\r\nuser=ada&password=correct horse";

    #[test]
    fn a_sealed_message_opens_with_its_key_and_shows_nothing_readable() {
        let key = derive(1, "tls edge");
        let sealed = seal(&key, 0, LOGIN);
        assert_eq!(sealed.bytes.len(), LOGIN.len() + 16, "the ciphertext and its tag");
        assert!(!sealed.bytes.windows(8).any(|w| w == b"password"));
        assert_eq!(open(&key, &sealed).as_deref(), Some(LOGIN));
        assert_ne!(seal(&key, 1, LOGIN).bytes, sealed.bytes, "another nonce, another ciphertext");
    }

    #[test]
    fn a_flipped_byte_or_the_wrong_key_fails_the_tag() {
        let key = derive(1, "tls edge");
        let sealed = seal(&key, 3, LOGIN);
        for at in [0, LOGIN.len() / 2, sealed.bytes.len() - 1] {
            let mut tampered = sealed.clone();
            tampered.bytes[at] ^= 0x01;
            assert_eq!(open(&key, &tampered), None, "byte {at} flipped");
        }
        assert_eq!(open(&derive(2, "tls edge"), &sealed), None);
        assert_eq!(open(&key, &Sealed { counter: 4, ..sealed }), None, "another nonce");
    }
}
