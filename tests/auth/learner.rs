//! The learner's own sign-in and calls, with real cryptography: a password checked against its
//! PBKDF2 hash, a token signed with HMAC-SHA256, and every role, endpoint and token state
//! answered 200, 401 or 403; altered, forged, expired and revoked tokens refused.

use ds_playground::sim::security::{derive, sign, Claims, Endpoint, Role, Status};
use ds_playground::sim::time::SECOND;
use ds_playground::sim::{Command, World};

use super::common::scenario;

fn world(auth: &str) -> World {
    World::new(scenario(11, &format!(r#""auth": {auth}"#)).config)
}

fn sign_in(world: &mut World, name: &str, password: &str) -> Status {
    world.apply(Command::SignIn { name: name.into(), password: password.into() }).unwrap();
    world.auth().unwrap().last_call.unwrap().status
}

fn call(world: &mut World, endpoint: Endpoint, token: Option<Vec<u8>>) -> Status {
    world.apply(Command::Call { endpoint, token }).unwrap();
    world.auth().unwrap().last_call.unwrap().status
}

#[test]
fn the_accounts_table_shows_real_hashes_and_the_first_admin() {
    let world = world(r#"{"admins": 2}"#);
    let auth = world.auth().unwrap();
    let names: Vec<&str> = auth.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["ada", "grace", "alan", "edsger", "barbara", "ken"]);
    assert!(auth.accounts.iter().all(|a| a.role == Role::User && !a.locked && !a.taken_over));
    assert_eq!(auth.admin_name, "user198");
    let ada = &auth.accounts[0];
    assert!(ada.hash.matches(&auth.demo_password) && !ada.hash.matches("password"));
    assert!(!auth.accounts[1].hash.matches(&auth.demo_password), "each account has its own password");
    assert_ne!(auth.accounts[0].hash.salt, auth.accounts[1].hash.salt);
}

#[test]
fn every_role_endpoint_and_token_gets_its_answer() {
    let mut world = world(r#"{"admins": 2, "token_lifetime_s": 60}"#);
    let password = world.auth().unwrap().demo_password;
    assert_eq!(sign_in(&mut world, "ada", "wrong-horse-11"), Status::Unauthorized);
    assert_eq!(sign_in(&mut world, "nobody", &password), Status::Unauthorized);
    assert!(world.auth().unwrap().session.is_none());
    assert_eq!(sign_in(&mut world, "ada", &password), Status::Ok);
    let ada = world.auth().unwrap().session.unwrap();
    assert_eq!((ada.name.as_str(), ada.claims.user, ada.claims.admin), ("ada", 0, false));
    assert_eq!(ada.token.len(), 45);

    // An admin's password is derived like any other; the learner reads it nowhere but here.
    let accounts = ds_playground::sim::security::Accounts::new(11, 200, 2);
    assert_eq!(sign_in(&mut world, "user199", &accounts.password(199)), Status::Ok);
    let admin = world.auth().unwrap().session.unwrap();
    assert!(admin.claims.admin);

    let mut altered = ada.token.clone();
    altered[4] = 1; // promote oneself to admin
    let forged = sign(&derive(12, "tokens"), Claims { user: 0, admin: true, expires: 3_600 * SECOND });
    // A token, and the answers on /login, /orders and /admin.
    type Row = (&'static str, Option<Vec<u8>>, [Status; 3]);
    let table: [Row; 6] = [
        ("none", None, [Status::Ok, Status::Unauthorized, Status::Unauthorized]),
        ("malformed", Some(vec![1, 2, 3]), [Status::Ok, Status::Unauthorized, Status::Unauthorized]),
        ("altered", Some(altered), [Status::Ok, Status::Unauthorized, Status::Unauthorized]),
        ("forged", Some(forged), [Status::Ok, Status::Unauthorized, Status::Unauthorized]),
        ("user", Some(ada.token.clone()), [Status::Ok, Status::Ok, Status::Forbidden]),
        ("admin", Some(admin.token.clone()), [Status::Ok, Status::Ok, Status::Ok]),
    ];
    let (mut unauthorized, mut forbidden) = (0, 0);
    for (what, token, answers) in table {
        for (endpoint, expected) in Endpoint::ALL.into_iter().zip(answers) {
            assert_eq!(
                call(&mut world, endpoint, token.clone()),
                expected,
                "{what} token on {}",
                endpoint.path()
            );
            unauthorized += u64::from(expected == Status::Unauthorized);
            forbidden += u64::from(expected == Status::Forbidden);
        }
    }
    let auth = world.auth().unwrap();
    assert_eq!((auth.totals.unauthorized, auth.totals.forbidden), (unauthorized, forbidden));
    assert_eq!((auth.totals.logins, auth.totals.failed_logins), (2, 2));

    // Revoked: ada's tokens until now; a new sign-in works again.
    world.advance_to(5 * SECOND);
    world.apply(Command::RevokeTokens { account: 0 }).unwrap();
    assert_eq!(call(&mut world, Endpoint::Orders, Some(ada.token.clone())), Status::Unauthorized);
    assert!(world.auth().unwrap().last_call.unwrap().why.contains("revoked"));
    assert_eq!(call(&mut world, Endpoint::Orders, Some(admin.token.clone())), Status::Ok, "only ada's");
    world.advance_to(6 * SECOND);
    assert_eq!(sign_in(&mut world, "ada", &password), Status::Ok);
    let fresh = world.auth().unwrap().session.unwrap();
    assert_eq!(call(&mut world, Endpoint::Orders, Some(fresh.token.clone())), Status::Ok);

    // Expired: a minute after it was issued.
    world.advance_to(66 * SECOND);
    assert_eq!(call(&mut world, Endpoint::Orders, Some(fresh.token)), Status::Unauthorized);
    assert!(world.auth().unwrap().last_call.unwrap().why.contains("expired"));
    world.apply(Command::SignOut).unwrap();
    assert!(world.auth().unwrap().session.is_none());
}

#[test]
fn the_learner_meets_the_lockout_and_the_throttle_too() {
    let mut world = world(r#"{"lockout": {"after": 3, "for_s": 60}}"#);
    let password = world.auth().unwrap().demo_password;
    for _ in 0..3 {
        assert_eq!(sign_in(&mut world, "ada", "guess"), Status::Unauthorized);
    }
    assert!(world.auth().unwrap().accounts[0].locked);
    assert_eq!(sign_in(&mut world, "ada", &password), Status::Locked, "the right password too");
    assert_eq!(world.auth().unwrap().totals.lockouts, 1);
    world.advance_to(61 * SECOND);
    assert_eq!(sign_in(&mut world, "ada", &password), Status::Ok);

    let mut world = self::world(r#"{"throttle_per_account": 2}"#);
    assert_eq!(sign_in(&mut world, "grace", "a"), Status::Unauthorized);
    assert_eq!(sign_in(&mut world, "grace", "b"), Status::Unauthorized);
    let grace = ds_playground::sim::security::Accounts::new(11, 200, 2).password(1);
    assert_eq!(sign_in(&mut world, "grace", &grace), Status::Throttled);
    assert_eq!(world.auth().unwrap().totals.throttled, 1);
}
