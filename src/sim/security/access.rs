//! Access control: which endpoint a request asks for, what its token turned out to be, and the
//! answer. Authentication asks "who are you?" (a valid token says); authorization asks "may you
//! do this?" (the token's role says). No valid token: 401 Unauthorized; a valid token without
//! the admin role on the admin page: 403 Forbidden; else 200.

use super::keys::Key;
use super::token::{verify, Claims, TokenError};
use crate::sim::time::Micros;

/// What a request asks the app for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    /// `POST /login`: a name and a password (and a second factor, when asked) for a token.
    Login,
    /// `GET /orders`: the user's own orders; any signed-in user may.
    Orders,
    /// `GET /admin`: the admin page; only the admin role may.
    Admin,
}

impl Endpoint {
    /// Every endpoint, in a fixed order.
    pub const ALL: [Endpoint; 3] = [Endpoint::Login, Endpoint::Orders, Endpoint::Admin];

    /// Its path: "/login", "/orders" or "/admin".
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Login => "/login",
            Endpoint::Orders => "/orders",
            Endpoint::Admin => "/admin",
        }
    }
}

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A plain user: its own orders.
    User,
    /// An administrator: the admin page too.
    Admin,
}

impl Role {
    /// "user" or "admin".
    pub fn label(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }
}

/// The app's answer to a request, as an HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 200: done.
    Ok,
    /// 401: no valid token (missing, malformed, forged, expired or revoked), or a login with a
    /// wrong password or no second factor.
    Unauthorized,
    /// 403: a valid token whose role may not do this.
    Forbidden,
    /// 423: the account is locked after too many failed logins.
    Locked,
    /// 429: too many login attempts from this address or for this account this minute.
    Throttled,
}

impl Status {
    /// The HTTP status code: 200, 401, 403, 423 or 429.
    pub fn code(self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::Unauthorized => 401,
            Status::Forbidden => 403,
            Status::Locked => 423,
            Status::Throttled => 429,
        }
    }

    /// The code and its name, such as "401 Unauthorized".
    pub fn describe(self) -> &'static str {
        match self {
            Status::Ok => "200 OK",
            Status::Unauthorized => "401 Unauthorized",
            Status::Forbidden => "403 Forbidden",
            Status::Locked => "423 Locked",
            Status::Throttled => "429 Too Many Requests",
        }
    }
}

/// What the app found when it checked the token a request presented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenCheck {
    /// No token at all.
    Missing,
    /// Not a token: the wrong length.
    Malformed,
    /// Its signature does not match its claims: forged or altered.
    BadSignature,
    /// Past its expiry.
    Expired,
    /// Issued before its account's tokens were revoked.
    Revoked,
    /// Signed, current and not revoked: these claims hold.
    Valid(Claims),
}

impl TokenCheck {
    /// Checks `token` with the real signature check under `key` at `now`; a token whose
    /// signature and expiry hold is then `Revoked` if `revoked(claims)` says so.
    pub fn of(key: &Key, token: Option<&[u8]>, now: Micros, revoked: impl Fn(&Claims) -> bool) -> TokenCheck {
        let Some(token) = token else { return TokenCheck::Missing };
        match verify(key, token, now) {
            Err(TokenError::Malformed) => TokenCheck::Malformed,
            Err(TokenError::BadSignature) => TokenCheck::BadSignature,
            Err(TokenError::Expired) => TokenCheck::Expired,
            Ok(claims) if revoked(&claims) => TokenCheck::Revoked,
            Ok(claims) => TokenCheck::Valid(claims),
        }
    }

    /// Why the app answered as it did, in a few words.
    pub fn why(self, endpoint: Endpoint) -> &'static str {
        match (self, authorize(self, endpoint)) {
            (_, Status::Ok) if endpoint == Endpoint::Login => {
                "anyone may try to sign in; /login takes a password"
            }
            (TokenCheck::Missing, _) => "no token: sign in first",
            (TokenCheck::Malformed, _) => "that is not a token (a token is 45 bytes: claims and a signature)",
            (TokenCheck::BadSignature, _) => "the signature does not match the claims: forged or altered",
            (TokenCheck::Expired, _) => "the token has expired: sign in again",
            (TokenCheck::Revoked, _) => "the account's tokens were revoked: sign in again",
            (TokenCheck::Valid(_), Status::Forbidden) => {
                "a valid token, but only the admin role may open /admin"
            }
            _ => "a valid token for this page",
        }
    }
}

/// The answer to a request for `endpoint` presenting a token found to be `token`. `/login` is
/// open to anyone (its password is checked elsewhere); any other endpoint needs a valid token
/// (else 401), and `/admin` the admin role (else 403).
pub fn authorize(token: TokenCheck, endpoint: Endpoint) -> Status {
    match (endpoint, token) {
        (Endpoint::Login, _) => Status::Ok,
        (Endpoint::Admin, TokenCheck::Valid(claims)) if !claims.admin => Status::Forbidden,
        (_, TokenCheck::Valid(_)) => Status::Ok,
        _ => Status::Unauthorized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::security::{derive, sign};
    use crate::sim::time::SECOND;

    #[test]
    fn every_role_endpoint_and_token_state_gets_its_answer() {
        let claims = |admin| Claims { user: 3, admin, expires: 60 * SECOND };
        let refused = [
            TokenCheck::Missing,
            TokenCheck::Malformed,
            TokenCheck::BadSignature,
            TokenCheck::Expired,
            TokenCheck::Revoked,
        ];
        for token in refused {
            assert_eq!(authorize(token, Endpoint::Orders), Status::Unauthorized, "{token:?}");
            assert_eq!(authorize(token, Endpoint::Admin), Status::Unauthorized, "{token:?}");
            assert_eq!(authorize(token, Endpoint::Login), Status::Ok, "{token:?}");
        }
        let user = TokenCheck::Valid(claims(false));
        let admin = TokenCheck::Valid(claims(true));
        assert_eq!(authorize(user, Endpoint::Orders), Status::Ok);
        assert_eq!(authorize(user, Endpoint::Admin), Status::Forbidden);
        assert_eq!(authorize(admin, Endpoint::Orders), Status::Ok);
        assert_eq!(authorize(admin, Endpoint::Admin), Status::Ok);
        assert_eq!(
            [Status::Ok, Status::Unauthorized, Status::Forbidden, Status::Locked, Status::Throttled]
                .map(Status::code),
            [200, 401, 403, 423, 429]
        );
    }

    #[test]
    fn the_real_check_tells_forged_altered_expired_and_revoked_tokens_apart() {
        let key = derive(9, "tokens");
        let claims = Claims { user: 4, admin: false, expires: 60 * SECOND };
        let token = sign(&key, claims);
        let never = |_: &Claims| false;
        assert_eq!(TokenCheck::of(&key, Some(&token), 0, never), TokenCheck::Valid(claims));
        assert_eq!(TokenCheck::of(&key, None, 0, never), TokenCheck::Missing);
        assert_eq!(TokenCheck::of(&key, Some(&token[1..]), 0, never), TokenCheck::Malformed);
        let mut altered = token.clone();
        altered[4] = 1;
        assert_eq!(TokenCheck::of(&key, Some(&altered), 0, never), TokenCheck::BadSignature);
        let forged = sign(&derive(10, "tokens"), Claims { admin: true, ..claims });
        assert_eq!(TokenCheck::of(&key, Some(&forged), 0, never), TokenCheck::BadSignature);
        assert_eq!(TokenCheck::of(&key, Some(&token), 60 * SECOND, never), TokenCheck::Expired);
        assert_eq!(TokenCheck::of(&key, Some(&token), 0, |c: &Claims| c.user == 4), TokenCheck::Revoked);
        assert_eq!(
            authorize(TokenCheck::of(&key, Some(&altered), 0, never), Endpoint::Admin),
            Status::Unauthorized
        );
    }
}
