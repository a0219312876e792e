//! The users' accounts: names, roles, passwords and salts derived from the run's seed, stored
//! hashes computed only for the rows a learner looks at, and each account's login state:
//! failures in a row, a lock, throttle windows, whether a bot got in, and when its tokens were
//! last revoked.
//!
//! Throttling counts attempts in a fixed one-minute window per account and per source address:
//! the window opens with the first attempt after the previous one closed, and every attempt in
//! it counts (refused ones too); past the limit, attempts are refused with 429 until it closes.
//! (A fixed window lets up to twice the limit through across a window's edge; a token bucket
//! would not, at the cost of a little more state. The edge's rate limit is the token bucket.)

use std::cell::OnceCell;
use std::collections::BTreeMap;

use super::access::{Role, Status};
use super::auth::LoginDefences;
use super::keys::derive;
use super::password::{hash_password, PasswordHash};
use crate::sim::time::{Micros, SECOND};

/// A throttle's window: one minute.
pub const WINDOW: Micros = 60 * SECOND;

/// How many accounts the accounts table shows, whose hashes are kept once computed.
pub const SHOWN: usize = 6;

const NAMES: [&str; SHOWN] = ["ada", "grace", "alan", "edsger", "barbara", "ken"];

const FIRST: [&str; 16] = [
    "amber", "brisk", "cobalt", "dusty", "early", "frosty", "golden", "hollow", "ivory", "jolly", "lunar",
    "misty", "nimble", "olive", "quiet", "rusty",
];

const SECOND_WORD: [&str; 16] = [
    "falcon", "badger", "comet", "dingo", "ember", "fern", "gecko", "harbor", "island", "jackal", "kettle",
    "lantern", "meadow", "otter", "pepper", "walrus",
];

/// The name of account number `account`: "ada", "grace", "alan", "edsger", "barbara", "ken",
/// then "user6", "user7", …
pub fn account_name(account: u32) -> String {
    match NAMES.get(account as usize) {
        Some(name) => name.to_string(),
        None => format!("user{account}"),
    }
}

/// The password of account `account` in the run seeded with `seed`: two words and a number,
/// such as "amber-falcon-42".
pub fn password_of(seed: u64, account: u32) -> String {
    let bytes = derive(seed, &format!("password {account}"));
    let (a, b) = (bytes[0] as usize % FIRST.len(), bytes[1] as usize % SECOND_WORD.len());
    format!("{}-{}-{}", FIRST[a], SECOND_WORD[b], 10 + bytes[2] % 90)
}

/// The account named `name` among `count`, if there is one.
pub fn account_named(name: &str, count: u32) -> Option<u32> {
    let n = match NAMES.iter().position(|n| *n == name) {
        Some(i) => i as u32,
        None => name.strip_prefix("user")?.parse::<u32>().ok().filter(|n| *n as usize >= SHOWN)?,
    };
    (n < count && account_name(n) == name).then_some(n)
}

/// A one-minute throttle window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Window {
    start: Micros,
    count: u32,
}

impl Window {
    /// Counts an attempt at `now`; whether it is within `limit`.
    fn admit(&mut self, now: Micros, limit: u32) -> bool {
        if self.count == 0 || now >= self.start + WINDOW {
            *self = Window { start: now, count: 0 };
        }
        self.count = self.count.saturating_add(1);
        self.count <= limit
    }
}

/// One account's login state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LoginState {
    failures: u32,
    locked_until: Micros,
    window: Window,
    taken_over: bool,
    locked_out_counted: bool,
    /// Tokens issued before this time are revoked (0: none).
    revoked_before: Micros,
}

/// How a login attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Login {
    /// The right password (and second factor): a token is issued.
    Ok,
    /// The wrong password.
    WrongPassword,
    /// The right password, but no second factor.
    NoSecondFactor,
    /// The account is locked.
    Locked,
    /// Over a throttle's limit this minute.
    Throttled,
}

impl Login {
    /// The HTTP answer.
    pub fn status(self) -> Status {
        match self {
            Login::Ok => Status::Ok,
            Login::WrongPassword | Login::NoSecondFactor => Status::Unauthorized,
            Login::Locked => Status::Locked,
            Login::Throttled => Status::Throttled,
        }
    }
}

/// Every account of the site and its login state.
#[derive(Debug)]
pub struct Accounts {
    seed: u64,
    admins: u32,
    states: Vec<LoginState>,
    by_address: BTreeMap<u32, Window>,
    shown: Vec<OnceCell<PasswordHash>>,
}

impl Accounts {
    /// `count` accounts of the run seeded with `seed`, the last `admins` of them admins.
    pub fn new(seed: u64, count: u32, admins: u32) -> Self {
        Accounts {
            seed,
            admins: admins.min(count),
            states: vec![LoginState::default(); count as usize],
            by_address: BTreeMap::new(),
            shown: (0..SHOWN.min(count as usize)).map(|_| OnceCell::new()).collect(),
        }
    }

    /// How many accounts there are.
    pub fn count(&self) -> u32 {
        self.states.len() as u32
    }

    /// Sets how many of the last accounts are admins.
    pub fn set_admins(&mut self, admins: u32) {
        self.admins = admins.min(self.count());
    }

    /// The role of `account`.
    pub fn role(&self, account: u32) -> Role {
        if account >= self.count() - self.admins {
            Role::Admin
        } else {
            Role::User
        }
    }

    /// The first admin, if there is one.
    pub fn first_admin(&self) -> Option<u32> {
        (self.admins > 0).then(|| self.count() - self.admins)
    }

    /// The password of `account`: two words and a number, such as "amber-falcon-42", derived
    /// from the seed.
    pub fn password(&self, account: u32) -> String {
        password_of(self.seed, account)
    }

    /// The salt of `account`: 16 bytes derived from the seed.
    pub fn salt(&self, account: u32) -> [u8; 16] {
        let key = derive(self.seed, &format!("salt {account}"));
        key[..16].try_into().expect("16 of 32 bytes")
    }

    /// The stored hash of `account`'s password: real PBKDF2, computed when first asked for (and
    /// kept, for the accounts the table shows).
    pub fn hash(&self, account: u32) -> PasswordHash {
        let make = || hash_password(&self.password(account), self.salt(account));
        match self.shown.get(account as usize) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// Whether `account` is locked at `now`.
    pub fn locked(&self, account: u32, now: Micros) -> bool {
        self.states[account as usize].locked_until > now
    }

    /// Whether a bot has logged into `account`.
    pub fn taken_over(&self, account: u32) -> bool {
        self.states[account as usize].taken_over
    }

    /// Marks `account` taken over; whether it was not before.
    pub fn take_over(&mut self, account: u32) -> bool {
        !std::mem::replace(&mut self.states[account as usize].taken_over, true)
    }

    /// Notes that `account`'s user was refused for a lock; whether for the first time.
    pub fn lock_out(&mut self, account: u32) -> bool {
        !std::mem::replace(&mut self.states[account as usize].locked_out_counted, true)
    }

    /// Revokes every token of `account` issued at or before `now`.
    pub fn revoke(&mut self, account: u32, now: Micros) {
        self.states[account as usize].revoked_before = now + 1;
    }

    /// Whether a token of `account` issued at `issued` is revoked.
    pub fn revoked(&self, account: u32, issued: Micros) -> bool {
        self.states.get(account as usize).is_some_and(|s| issued < s.revoked_before)
    }

    /// A login attempt for `account` at `now` from `address` (a number; `None` for the
    /// learner's own form), with the right password or not, and a second factor or not, under
    /// `defences`. The checks run in the order a login page runs them: throttles (address,
    /// then account), the lock, the password, the second factor. Returns the outcome and
    /// whether this attempt locked the account.
    pub fn login(
        &mut self,
        now: Micros,
        account: u32,
        address: Option<u32>,
        right_password: bool,
        second_factor: bool,
        defences: &LoginDefences,
    ) -> (Login, bool) {
        if let (Some(limit), Some(address)) = (defences.throttle_per_address, address) {
            if !self.by_address.entry(address).or_default().admit(now, limit) {
                return (Login::Throttled, false);
            }
        }
        let state = &mut self.states[account as usize];
        if let Some(limit) = defences.throttle_per_account {
            if !state.window.admit(now, limit) {
                return (Login::Throttled, false);
            }
        }
        if state.locked_until > now {
            return (Login::Locked, false);
        }
        let outcome = match (right_password, second_factor || !defences.second_factor) {
            (true, true) => Login::Ok,
            (true, false) => Login::NoSecondFactor,
            (false, _) => Login::WrongPassword,
        };
        if outcome == Login::Ok {
            state.failures = 0;
            return (outcome, false);
        }
        state.failures += 1;
        match defences.lockout {
            Some(lockout) if state.failures >= lockout.after => {
                state.failures = 0;
                state.locked_until = now + lockout.duration;
                (outcome, true)
            }
            _ => (outcome, false),
        }
    }

    /// Forgets throttle windows that closed before `now` (so the table of addresses stays as
    /// small as the addresses trying now).
    pub fn forget_closed_windows(&mut self, now: Micros) {
        self.by_address.retain(|_, w| now < w.start + WINDOW);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::security::Lockout;

    #[test]
    fn names_passwords_and_salts_come_from_the_seed() {
        assert_eq!(
            (0..7).map(account_name).collect::<Vec<_>>(),
            ["ada", "grace", "alan", "edsger", "barbara", "ken", "user6"]
        );
        assert_eq!(account_named("ken", 200), Some(5));
        assert_eq!(account_named("user150", 200), Some(150));
        assert_eq!(account_named("user3", 200), None, "account 3 is edsger");
        assert_eq!(account_named("user200", 200), None);
        assert_eq!(account_named("user06", 200), None);
        let (a, b) = (Accounts::new(1, 200, 2), Accounts::new(2, 200, 2));
        assert_eq!(a.password(0), Accounts::new(1, 200, 2).password(0));
        assert_ne!((a.password(0), a.salt(0)), (b.password(0), b.salt(0)));
        assert_ne!(a.salt(0), a.salt(1));
        let password = a.password(0);
        let words: Vec<&str> = password.split('-').collect();
        assert_eq!(words.len(), 3, "{password}");
        assert!(words[2].parse::<u8>().is_ok_and(|n| (10..100).contains(&n)), "{password}");
        assert!(a.hash(0).matches(&a.password(0)) && !a.hash(0).matches(&a.password(1)));
        assert_eq!(a.hash(0), a.hash(0));
        assert_eq!(
            (a.role(0), a.role(197), a.role(198), a.role(199)),
            (Role::User, Role::User, Role::Admin, Role::Admin)
        );
        assert_eq!(a.first_admin(), Some(198));
    }

    #[test]
    fn throttles_lock_and_second_factor_refuse_in_turn() {
        let mut accounts = Accounts::new(1, 10, 0);
        let per_account = LoginDefences { throttle_per_account: Some(3), ..Default::default() };
        for i in 0..3 {
            assert_eq!(
                accounts.login(i, 1, Some(i as u32), false, false, &per_account).0,
                Login::WrongPassword
            );
        }
        assert_eq!(accounts.login(10, 1, Some(9), true, false, &per_account).0, Login::Throttled);
        assert_eq!(
            accounts.login(WINDOW, 1, Some(9), true, false, &per_account).0,
            Login::Ok,
            "a new window"
        );

        let per_address = LoginDefences { throttle_per_address: Some(2), ..Default::default() };
        assert_eq!(accounts.login(0, 2, Some(7), false, false, &per_address).0, Login::WrongPassword);
        assert_eq!(accounts.login(1, 3, Some(7), false, false, &per_address).0, Login::WrongPassword);
        assert_eq!(accounts.login(2, 4, Some(7), true, false, &per_address).0, Login::Throttled);
        assert_eq!(accounts.login(2, 4, Some(8), true, false, &per_address).0, Login::Ok, "another address");
        assert_eq!(accounts.login(2, 4, None, true, false, &per_address).0, Login::Ok, "no address");

        let lockout =
            LoginDefences { lockout: Some(Lockout { after: 2, duration: 100 }), ..Default::default() };
        assert_eq!(accounts.login(0, 5, None, false, false, &lockout), (Login::WrongPassword, false));
        assert_eq!(accounts.login(1, 5, None, false, false, &lockout), (Login::WrongPassword, true));
        assert!(accounts.locked(5, 1) && accounts.locked(5, 100) && !accounts.locked(5, 101));
        assert_eq!(
            accounts.login(50, 5, None, true, false, &lockout).0,
            Login::Locked,
            "the right password too"
        );
        assert_eq!(accounts.login(101, 5, None, true, false, &lockout).0, Login::Ok);

        let second = LoginDefences { second_factor: true, ..Default::default() };
        assert_eq!(accounts.login(0, 6, None, true, false, &second).0, Login::NoSecondFactor);
        assert_eq!(accounts.login(0, 6, None, true, true, &second).0, Login::Ok);
        assert_eq!(Login::NoSecondFactor.status().code(), 401);
    }

    #[test]
    fn revoking_refuses_tokens_issued_until_then() {
        let mut accounts = Accounts::new(1, 3, 0);
        assert!(!accounts.revoked(1, 0));
        accounts.revoke(1, 500);
        assert!(accounts.revoked(1, 0) && accounts.revoked(1, 500) && !accounts.revoked(1, 501));
        assert!(!accounts.revoked(0, 0) && !accounts.revoked(7, 0));
    }
}
