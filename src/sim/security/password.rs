//! Passwords stored as salted, deliberately slow hashes: PBKDF2-HMAC-SHA256, with a few
//! iterations (the playground runs in a browser; real systems use 600,000 or Argon2id). Two
//! users with the same password get different hashes, and checking a guess costs as much as
//! making the hash.

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

/// Iterations of the hash: few, so the playground stays quick (OWASP asks 600,000 for PBKDF2).
pub const ITERATIONS: u32 = 1_000;

/// A stored password: its salt and its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordHash {
    /// A salt of 16 bytes, one per user.
    pub salt: [u8; 16],
    /// PBKDF2-HMAC-SHA256 of the password under the salt, 32 bytes.
    pub hash: [u8; 32],
}

impl PasswordHash {
    /// Whether `guess` is the password.
    pub fn matches(&self, guess: &str) -> bool {
        hash_password(guess, self.salt).hash == self.hash
    }
}

/// Hashes `password` with `salt`.
pub fn hash_password(password: &str, salt: [u8; 16]) -> PasswordHash {
    let mut hash = [0u8; 32];
    pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, ITERATIONS, &mut hash);
    PasswordHash { salt, hash }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_salted_hash_checks_the_password_and_differs_per_salt() {
        let stored = hash_password("correct horse", [1; 16]);
        assert!(stored.matches("correct horse"));
        assert!(!stored.matches("correct hors"));
        assert_ne!(hash_password("correct horse", [2; 16]).hash, stored.hash);
    }

    #[test]
    fn the_hash_is_pbkdf2_hmac_sha256() {
        // RFC 7914, section 11: PBKDF2-HMAC-SHA256, "passwd", salt "salt", 1 iteration.
        let mut out = [0u8; 16];
        pbkdf2_hmac::<Sha256>(b"passwd", b"salt", 1, &mut out);
        assert_eq!(
            out,
            [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91, 0xc2, 0x25, 0x44, 0xb6, 0x05]
        );
    }
}
