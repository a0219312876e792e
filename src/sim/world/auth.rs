//! Authentication in the world: users log in for a token and call with it, the app checks
//! each request when its server finishes it, and the sender learns the answer when the response
//! reaches it. Bots stuff leaked credentials into the login page, a thief replays a stolen
//! token, and the learner signs in and calls with real cryptography.
//!
//! Per request, the app decides from cheap state that mirrors what the real cryptography would
//! answer: each token is a number naming who it was issued to, when, until when, and whether
//! its signature holds (decided by the real `verify` when a forged token is made). Real PBKDF2
//! and HMAC run only for the learner's own sign-in and calls, and for the rows shown.

use std::collections::BTreeMap;

use rand::RngExt;

use super::World;
use crate::format::fixed;
use crate::sim::attack::{thief_address, Origin, MAX_BOTS};
use crate::sim::command::CommandError;
use crate::sim::draw::below;
use crate::sim::event::EventKind;
use crate::sim::request::{Call, Request};
use crate::sim::security::{
    account_name, account_named, alter, authorize, derive, sign, verify, AccountRow, Accounts, AuthConfig,
    AuthTotals, AuthView, CallResult, Claims, Endpoint, Key, Login, Role, Session, Status, TokenCheck, SHOWN,
};
use crate::sim::time::{to_secs, Micros};

/// A token the app issued (or a thief made), as the app would find it when checking it.
#[derive(Clone, Copy, Debug)]
struct Minted {
    account: u32,
    admin: bool,
    issued: Micros,
    expires: Micros,
    /// Whether its signature matches its claims (false for a forged or altered one).
    signature_ok: bool,
}

/// Where the thief is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Replaying the stolen token to `/orders`, about once a second.
    Replaying,
    /// The stolen token was refused: trying a forged one (claims altered to admin, a later
    /// expiry) on `/admin`, once.
    Forging,
}

/// A thief with a stolen token.
#[derive(Clone, Copy, Debug)]
struct Thief {
    account: u32,
    token: u32,
    stage: Stage,
    /// Whether a call of its worked yet (the event is told once).
    told: bool,
}

/// Everything authentication keeps while it is on.
#[derive(Debug)]
pub(super) struct AuthState {
    config: AuthConfig,
    accounts: Accounts,
    key: Key,
    /// The token each user holds, by client (0: none).
    held: Vec<u32>,
    /// The latest token issued to each account (0: none).
    last_issued: Vec<u32>,
    /// Tokens issued and not yet long expired, by number.
    tokens: BTreeMap<u32, Minted>,
    next_token: u32,
    totals: AuthTotals,
    thief: Option<Thief>,
    session: Option<Session>,
    last_call: Option<CallResult>,
}

impl AuthState {
    /// Authentication for `clients` users (one account each) in the run seeded with `seed`.
    pub(super) fn new(config: AuthConfig, seed: u64, clients: u32) -> Self {
        AuthState {
            config,
            accounts: Accounts::new(seed, clients, config.admins),
            key: derive(seed, "tokens"),
            held: vec![0; clients as usize],
            last_issued: vec![0; clients as usize],
            tokens: BTreeMap::new(),
            next_token: 1,
            totals: AuthTotals::default(),
            thief: None,
            session: None,
            last_call: None,
        }
    }

    /// What user `client` sends next: a login if it holds no token, else a call to `/orders`,
    /// or to `/admin` with the configured share.
    pub(super) fn user_call(&self, client: u32, draw: f64) -> Call {
        match self.held.get(client as usize).copied().unwrap_or(0) {
            0 => Call::Login { account: client, right: true },
            token if draw < self.config.admin_share => Call::Use { endpoint: Endpoint::Admin, token },
            token => Call::Use { endpoint: Endpoint::Orders, token },
        }
    }

    /// Keeps `minted` under the next token number, and returns the number.
    fn keep(&mut self, minted: Minted) -> u32 {
        let id = self.next_token;
        self.next_token = self.next_token.wrapping_add(1).max(1);
        self.tokens.insert(id, minted);
        id
    }

    fn mint(&mut self, account: u32, now: Micros) -> u32 {
        let admin = self.accounts.role(account) == Role::Admin;
        let expires = now + self.config.token_lifetime;
        let id = self.keep(Minted { account, admin, issued: now, expires, signature_ok: true });
        self.last_issued[account as usize] = id;
        id
    }

    /// What the app finds when checking token number `token` at `now`. A token forgotten is one
    /// that expired a while ago.
    fn check(&self, token: u32, now: Micros) -> TokenCheck {
        if token == 0 {
            return TokenCheck::Missing;
        }
        match self.tokens.get(&token) {
            None => TokenCheck::Expired,
            Some(t) if !t.signature_ok => TokenCheck::BadSignature,
            Some(t) if now >= t.expires => TokenCheck::Expired,
            Some(t) if self.accounts.revoked(t.account, t.issued) => TokenCheck::Revoked,
            Some(t) => TokenCheck::Valid(Claims { user: t.account, admin: t.admin, expires: t.expires }),
        }
    }

    /// A token made by altering token `stolen`'s claims to the admin role and a later expiry:
    /// the real signature check decides, once, whether its signature still holds.
    fn forge(&mut self, stolen: u32, now: Micros) -> u32 {
        let Some(t) = self.tokens.get(&stolen).copied() else { return 0 };
        let stolen_bytes = sign(&self.key, Claims { user: t.account, admin: t.admin, expires: t.expires });
        let expires = now + self.config.token_lifetime;
        let forged = alter(&stolen_bytes, Claims { user: t.account, admin: true, expires });
        let signature_ok = verify(&self.key, &forged, now).is_ok();
        self.keep(Minted { account: t.account, admin: true, issued: t.issued, expires, signature_ok })
    }

    /// Whether a real token's claims were revoked: its issue time is read as its expiry less
    /// the lifetime in force.
    fn revoked(&self, claims: &Claims) -> bool {
        let issued = claims.expires.saturating_sub(self.config.token_lifetime);
        self.accounts.revoked(claims.user, issued)
    }

    fn view(&self, now: Micros) -> AuthView {
        let shown = (self.accounts.count() as usize).min(SHOWN) as u32;
        AuthView {
            config: self.config,
            totals: self.totals,
            accounts: (0..shown)
                .map(|a| AccountRow {
                    name: account_name(a),
                    role: self.accounts.role(a),
                    hash: self.accounts.hash(a),
                    locked: self.accounts.locked(a, now),
                    taken_over: self.accounts.taken_over(a),
                })
                .collect(),
            session: self.session.clone(),
            last_call: self.last_call.clone(),
            thief: self.thief.map(|t| t.account),
            demo_password: self.accounts.password(0),
            admin_name: self.accounts.first_admin().map(account_name).unwrap_or_default(),
        }
    }
}

impl World {
    /// Authentication as the learner sees it, if it is on.
    pub fn auth(&self) -> Option<AuthView> {
        self.auth.as_ref().map(|a| a.view(self.now))
    }

    /// What user `client` sends, authentication being on.
    pub(super) fn user_call(&mut self, client: u32) -> Call {
        let draw = self.rng.random::<f64>();
        self.auth.as_ref().map_or(Call::Plain, |a| a.user_call(client, draw))
    }

    /// A credential-stuffing bot's login: a random account of this site, and a password that is
    /// right with the attack's hit rate (a user who reused a leaked one).
    pub(super) fn stuffing_call(&mut self, hit_rate: f64) -> Call {
        if self.auth.is_none() {
            return Call::Plain;
        }
        let account = below(&mut self.rng, self.config.clients.max(1));
        Call::Login { account, right: self.rng.random::<f64>() < hit_rate }
    }

    /// The app checks the request in `slot` as its server finishes it: the password of a login
    /// (throttles, lock, second factor) or the token of a call (signature, expiry, revocation,
    /// role). The answer rides back with the response.
    pub(super) fn answer(&mut self, slot: u32) {
        let Some(auth) = self.auth.as_mut() else { return };
        let request = self.requests.get_mut(slot);
        let (origin, address, now) = (request.origin, u32::from(request.address), self.now);
        let mut news = None;
        let answered = match request.call {
            Call::Login { account, right } if account < auth.accounts.count() => {
                let bot = origin.is_attack();
                let defences = auth.config.defences;
                // Users have their phone for the second factor; bots with a leaked password do not.
                let (login, _) = auth.accounts.login(now, account, Some(address), right, !bot, &defences);
                let t = &mut auth.totals;
                let mut token = 0;
                match login {
                    Login::Ok => {
                        t.logins += 1;
                        if bot {
                            if auth.accounts.take_over(account) {
                                t.takeovers += 1;
                                if t.takeovers == 1 {
                                    news = Some(EventKind::AccountTakenOver { account });
                                }
                            }
                        } else {
                            token = auth.mint(account, now);
                        }
                    }
                    Login::WrongPassword | Login::NoSecondFactor => t.failed_logins += 1,
                    Login::Locked => {
                        t.failed_logins += 1;
                        if !bot && auth.accounts.lock_out(account) {
                            t.lockouts += 1;
                            if t.lockouts == 1 {
                                news = Some(EventKind::UsersLockedOut { account });
                            }
                        }
                    }
                    Login::Throttled => t.throttled += 1,
                }
                Call::Answered { endpoint: Endpoint::Login, status: login.status(), token }
            }
            Call::Login { .. } => {
                auth.totals.failed_logins += 1;
                Call::Answered { endpoint: Endpoint::Login, status: Status::Unauthorized, token: 0 }
            }
            Call::Use { endpoint, token } => {
                let status = authorize(auth.check(token, now), endpoint);
                match status {
                    Status::Unauthorized => auth.totals.unauthorized += 1,
                    Status::Forbidden => auth.totals.forbidden += 1,
                    Status::Ok if origin == Origin::Thief => {
                        auth.totals.stolen_token_uses += 1;
                        if let Some(thief) = auth.thief.as_mut().filter(|t| t.token == token && !t.told) {
                            thief.told = true;
                            news = Some(EventKind::StolenTokenUsed { account: thief.account });
                        }
                    }
                    _ => {}
                }
                Call::Answered { endpoint, status, token }
            }
            other => other,
        };
        request.call = answered;
        if let Call::Answered { status, .. } = answered {
            self.fold(0xA000 + u64::from(status.code()));
        }
        if let Some(kind) = news {
            self.log.push(now, kind);
        }
    }

    /// The response to `request` reached its sender, who learns the app's answer: a user keeps
    /// the token a login issued, or drops one that was refused; a thief whose stolen token is
    /// refused tries a forged one, and then gives up. Whether the answer was 200 (or the
    /// request was not checked).
    pub(super) fn learn(&mut self, request: &Request) -> bool {
        let Call::Answered { endpoint, status, token } = request.call else { return true };
        let Some(auth) = self.auth.as_mut() else { return status == Status::Ok };
        match request.origin {
            Origin::User(client) => {
                let held = auth.held.get_mut(client as usize);
                match (endpoint, status, held) {
                    (Endpoint::Login, Status::Ok, Some(held)) => *held = token,
                    (Endpoint::Orders | Endpoint::Admin, Status::Unauthorized, Some(held))
                        if *held == token =>
                    {
                        *held = 0
                    }
                    _ => {}
                }
            }
            Origin::Thief if status != Status::Ok => match auth.thief {
                Some(t) if t.token == token && t.stage == Stage::Replaying => {
                    let forged = auth.forge(token, self.now);
                    auth.thief = Some(Thief { token: forged, stage: Stage::Forging, ..t });
                }
                Some(t) if t.token == token => auth.thief = None,
                _ => {}
            },
            _ => {}
        }
        status == Status::Ok
    }

    /// Once a second: the thief calls, and tokens and throttle windows long past are forgotten.
    pub(super) fn auth_tick(&mut self) {
        let Some(auth) = self.auth.as_mut() else { return };
        let now = self.now;
        // Keep a token for a minute past its expiry, so the check can still tell a forged one.
        auth.tokens.retain(|_, t| now < t.expires + 60 * crate::sim::time::SECOND);
        auth.accounts.forget_closed_windows(now);
        let Some(thief) = auth.thief else { return };
        let endpoint = match thief.stage {
            Stage::Replaying => Endpoint::Orders,
            Stage::Forging => Endpoint::Admin,
        };
        let client = self.config.clients + MAX_BOTS;
        self.send(Origin::Thief, client, thief_address(), Call::Use { endpoint, token: thief.token });
    }

    /// Switches authentication on (keeping the accounts' state if it was on) or off.
    pub(super) fn set_auth(&mut self, config: Option<AuthConfig>) -> Result<(), CommandError> {
        match config {
            Some(c) => {
                c.check(self.config.clients)
                    .map_err(|(field, why)| CommandError::Auth(format!("{field}: {why}")))?;
                match self.auth.as_mut() {
                    Some(auth) => {
                        auth.config = c;
                        auth.accounts.set_admins(c.admins);
                    }
                    None => {
                        self.auth = Some(Box::new(AuthState::new(c, self.config.seed, self.config.clients)))
                    }
                }
            }
            None => self.auth = None,
        }
        self.config.auth = config;
        self.log.push(self.now, EventKind::AuthChanged { auth: config });
        Ok(())
    }

    fn auth_on(&mut self, account: Option<u32>) -> Result<&mut AuthState, CommandError> {
        let auth =
            self.auth.as_deref_mut().ok_or_else(|| CommandError::Auth("authentication is off".into()))?;
        match account {
            Some(a) if a >= auth.accounts.count() => Err(CommandError::Auth(format!(
                "there is no account {a}: accounts are 0–{}",
                auth.accounts.count() - 1
            ))),
            _ => Ok(auth),
        }
    }

    /// A thief steals the token `account`'s user holds, or else the one it was issued last.
    pub(super) fn steal_token(&mut self, account: u32) -> Result<(), CommandError> {
        let auth = self.auth_on(Some(account))?;
        let token = [auth.held[account as usize], auth.last_issued[account as usize]]
            .into_iter()
            .find(|t| auth.tokens.contains_key(t))
            .ok_or_else(|| {
                CommandError::Auth(format!(
                    "{} has no token to steal yet: not signed in",
                    account_name(account)
                ))
            })?;
        auth.thief = Some(Thief { account, token, stage: Stage::Replaying, told: false });
        Ok(())
    }

    /// Revokes every token `account` was issued until now.
    pub(super) fn revoke_tokens(&mut self, account: u32) -> Result<(), CommandError> {
        let now = self.now;
        self.auth_on(Some(account))?.accounts.revoke(account, now);
        self.log.push(now, EventKind::TokensRevoked { account });
        Ok(())
    }

    /// The learner signs in: the real PBKDF2 check against the stored hash, and a real signed
    /// token, under the login page's throttle per account, lockout and second factor (the
    /// learner has theirs).
    pub(super) fn sign_in(&mut self, name: &str, password: &str) -> Result<(), CommandError> {
        let now = self.now;
        let auth = self.auth_on(None)?;
        let account = account_named(name, auth.accounts.count());
        let right = account.is_some_and(|a| auth.accounts.hash(a).matches(password));
        let defences = auth.config.defences;
        let login = match account {
            Some(a) => auth.accounts.login(now, a, None, right, true, &defences).0,
            None => Login::WrongPassword,
        };
        let t = &mut auth.totals;
        let why = match login {
            Login::Ok => {
                t.logins += 1;
                let a = account.expect("a login that worked has an account");
                let admin = auth.accounts.role(a) == Role::Admin;
                let claims = Claims { user: a, admin, expires: now + auth.config.token_lifetime };
                let token = sign(&auth.key, claims);
                auth.session = Some(Session { name: name.to_string(), token, claims });
                format!(
                    "the password matches the stored PBKDF2 hash: a token signed with the server's key, valid until {} s",
                    fixed(to_secs(claims.expires), 0),
                )
            }
            Login::WrongPassword | Login::NoSecondFactor => {
                t.failed_logins += 1;
                "wrong name or password".to_string()
            }
            Login::Locked => {
                t.failed_logins += 1;
                let a = account.expect("only an account can be locked");
                if auth.accounts.lock_out(a) {
                    t.lockouts += 1;
                }
                "the account is locked after too many failed logins; wait, or ask an admin".to_string()
            }
            Login::Throttled => {
                t.throttled += 1;
                "too many login attempts for this account this minute".to_string()
            }
        };
        auth.last_call = Some(CallResult { endpoint: Endpoint::Login, status: login.status(), why });
        Ok(())
    }

    /// The learner calls `endpoint` with `token`: the real signature and expiry check, then
    /// revocation and role.
    pub(super) fn call(&mut self, endpoint: Endpoint, token: Option<&[u8]>) -> Result<(), CommandError> {
        let now = self.now;
        let auth = self.auth_on(None)?;
        let check = TokenCheck::of(&auth.key, token, now, |c| auth.revoked(c));
        let status = authorize(check, endpoint);
        match status {
            Status::Unauthorized => auth.totals.unauthorized += 1,
            Status::Forbidden => auth.totals.forbidden += 1,
            _ => {}
        }
        auth.last_call = Some(CallResult { endpoint, status, why: check.why(endpoint).to_string() });
        Ok(())
    }

    /// The learner signs out.
    pub(super) fn sign_out(&mut self) -> Result<(), CommandError> {
        self.auth_on(None)?.session = None;
        Ok(())
    }
}
