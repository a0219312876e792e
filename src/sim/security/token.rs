//! Signed tokens, as a login issues them: who, which role, until when, signed with HMAC-SHA256
//! under the server's key. A valid token works until it expires (a stolen one too); a forged or
//! altered one fails the signature check.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::keys::Key;
use crate::sim::time::Micros;

/// What a token says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claims {
    /// The user it was issued to.
    pub user: u32,
    /// Whether it carries the admin role.
    pub admin: bool,
    /// When it stops working, in simulated microseconds.
    pub expires: Micros,
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// It is not 45 bytes long (claims and signature).
    Malformed,
    /// Its signature does not match its claims: forged or altered.
    BadSignature,
    /// It expired.
    Expired,
}

impl Claims {
    fn bytes(&self) -> [u8; 13] {
        let mut b = [0u8; 13];
        b[..4].copy_from_slice(&self.user.to_be_bytes());
        b[4] = u8::from(self.admin);
        b[5..].copy_from_slice(&self.expires.to_be_bytes());
        b
    }
}

fn mac(key: &Key, claims: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(claims);
    mac
}

/// The token for `claims`: the claims (13 bytes) and their signature (32 bytes).
pub fn sign(key: &Key, claims: Claims) -> Vec<u8> {
    let body = claims.bytes();
    let mut token = body.to_vec();
    token.extend_from_slice(&mac(key, &body).finalize().into_bytes());
    token
}

/// `token` with its claims replaced by `claims` and its signature kept, as a forger alters a
/// token without the key: the signature no longer matches (unless the claims are unchanged).
pub fn alter(token: &[u8], claims: Claims) -> Vec<u8> {
    let mut altered = claims.bytes().to_vec();
    altered.extend_from_slice(token.get(13..).unwrap_or_default());
    altered
}

/// The claims of `token` if its signature holds under `key` and it has not expired at `now`.
pub fn verify(key: &Key, token: &[u8], now: Micros) -> Result<Claims, TokenError> {
    if token.len() != 45 {
        return Err(TokenError::Malformed);
    }
    let (body, signature) = token.split_at(13);
    // `verify_slice` compares in constant time.
    mac(key, body).verify_slice(signature).map_err(|_| TokenError::BadSignature)?;
    let user = u32::from_be_bytes(body[..4].try_into().expect("4 bytes"));
    let expires = u64::from_be_bytes(body[5..].try_into().expect("8 bytes"));
    let claims = Claims { user, admin: body[4] == 1, expires };
    if now >= expires {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::security::derive;
    use crate::sim::time::SECOND;

    #[test]
    fn a_token_works_until_it_expires_and_an_altered_one_never() {
        let key = derive(5, "tokens");
        let claims = Claims { user: 12, admin: false, expires: 60 * SECOND };
        let token = sign(&key, claims);
        assert_eq!(verify(&key, &token, 59 * SECOND), Ok(claims));
        assert_eq!(verify(&key, &token, 60 * SECOND), Err(TokenError::Expired));
        // Promoting oneself to admin changes the claims, so the signature no longer matches.
        let mut promoted = token.clone();
        promoted[4] = 1;
        assert_eq!(verify(&key, &promoted, 0), Err(TokenError::BadSignature));
        assert_eq!(
            verify(&derive(6, "tokens"), &token, 0),
            Err(TokenError::BadSignature),
            "forged elsewhere"
        );
        assert_eq!(verify(&key, &token[..44], 0), Err(TokenError::Malformed));
        let forged = alter(&token, Claims { admin: true, expires: 120 * SECOND, ..claims });
        assert_eq!(forged.len(), token.len());
        assert_eq!(verify(&key, &forged, 0), Err(TokenError::BadSignature), "altered claims");
        assert_eq!(alter(&token, claims), token, "the same claims, the same token");
    }
}
