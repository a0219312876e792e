//! Commands as scenario timelines, shared links and course pages write them: an object with a
//! `type` and that type's fields, such as `{"type": "add-server", "size": "large"}`.

use super::fields::{join, Errors, Fields, Out, U32};
use super::{auth, database, edge, fleet, tls, ScenarioError};
use crate::json::Json;
use crate::sim::balancer::Algorithm;
use crate::sim::command::Command;
use crate::sim::config::MAX_ARRIVAL_RATE;
use crate::sim::security::{Endpoint, Tap};
use crate::sim::server::ServerId;
use crate::sim::storage::Replication;

/// Command types, as written in the `type` field.
pub(super) const STEP_TYPES: &str = "add-server, remove-server, crash-server, restore-server, set-retries, \
                                     set-chaos, fail-disk, replace-disk, crash-database, restore-database, \
                                     set-replication, set-algorithm, set-arrival-rate, burst, set-autoscaling, \
                                     set-target-utilization, start-attack, stop-attack, set-defence, set-auth, \
                                     steal-token, revoke-tokens, sign-in, call, sign-out, set-tls, place-tap, \
                                     set-encryption-at-rest, destroy-at-rest-key";

/// The commands of `entry`, an object with a `type` and that type's fields, under `path` (a
/// `set-defence` switches one defence for each field it gives).
pub fn command(entry: &Json, path: &str) -> Result<Vec<Command>, ScenarioError> {
    let errors = Errors::default();
    let commands = read(entry, path, &["type"], &errors);
    errors.result(commands)
}

/// The commands of `entry`, whose fields `skip` (`type`, and a timeline's `at_s`) are read by
/// their caller, errors noted in `errors`.
pub(super) fn read(entry: &Json, path: &str, skip: &[&str], errors: &Errors) -> Vec<Command> {
    let at = join(path, "type");
    let kind = match (entry.as_object(), entry.get("type")) {
        (None, _) => Err((path, "must be an object like {\"type\": \"burst\"}".to_string())),
        (_, None) => Err((at.as_str(), format!("is missing; one of {STEP_TYPES}"))),
        (_, Some(kind)) => {
            kind.as_str().ok_or((at.as_str(), format!("must be a string, one of {STEP_TYPES}")))
        }
    };
    let kind = match kind {
        Ok(kind) => kind,
        Err((path, message)) => {
            errors.fail(path, message);
            return Vec::new();
        }
    };
    let fields = |known: &[&str]| Fields::entry(entry, path, known, skip, errors);
    let id = |f: &Fields, name: &str| {
        f.need(name);
        f.int(name, 0, U32, 0) as u32
    };
    let command = match kind {
        "add-server" => {
            let f = fields(&fleet::ADD_SERVER);
            Command::AddServer { spec: fleet::server(&f), boot: f.bool("boot", false) }
        }
        "remove-server" => {
            let f = fields(&["server"]);
            Command::RemoveServer(f.get("server").map(|_| ServerId(id(&f, "server"))))
        }
        "crash-server" => Command::CrashServer(ServerId(id(&fields(&["server"]), "server"))),
        "restore-server" => Command::RestoreServer(ServerId(id(&fields(&["server"]), "server"))),
        "set-retries" => Command::SetRetries(fleet::retries(&fields(&fleet::RETRIES))),
        "set-chaos" => {
            Command::SetChaos(fields(&["chaos"]).object("chaos", &fleet::CHAOS).map(|c| fleet::chaos(&c)))
        }
        "fail-disk" | "replace-disk" => {
            let f = fields(&["node", "disk"]);
            let (node, disk) = (database::node(&f), id(&f, "disk") as usize);
            if kind == "fail-disk" {
                Command::FailDisk { node, disk }
            } else {
                Command::ReplaceDisk { node, disk }
            }
        }
        "crash-database" => Command::CrashDatabase(database::node(&fields(&["node"]))),
        "restore-database" => Command::RestoreDatabase(database::node(&fields(&["node"]))),
        "set-replication" => {
            let f = fields(&["mode"]);
            f.need("mode");
            Command::SetReplication(Replication::ALL[f.choice("mode", &database::modes(), 0)])
        }
        "set-algorithm" => {
            let f = fields(&["algorithm"]);
            f.need("algorithm");
            Command::SetAlgorithm(
                Algorithm::ALL[f.choice("algorithm", &Algorithm::ALL.map(Algorithm::slug), 0)],
            )
        }
        "set-arrival-rate" => {
            let f = fields(&["rate"]);
            f.need("rate");
            Command::SetArrivalRate(f.f64("rate", 0.0, MAX_ARRIVAL_RATE, 0.0))
        }
        "burst" => {
            fields(&[]);
            Command::Burst
        }
        "set-autoscaling" => {
            let f = fields(&["enabled"]);
            f.need("enabled");
            Command::SetAutoscaling(f.bool("enabled", false))
        }
        "set-target-utilization" => {
            let f = fields(&["target"]);
            f.need("target");
            Command::SetTargetUtilization(f.f64("target", 0.05, 1.0, 1.0))
        }
        "start-attack" => {
            let f = fields(&["attack"]);
            f.need("attack");
            Command::StartAttack(
                f.object("attack", &edge::ATTACK).map(|a| edge::attack(&a, false)).unwrap_or_default(),
            )
        }
        "stop-attack" => {
            fields(&[]);
            Command::StopAttack
        }
        "set-defence" => {
            let settings = edge::defences(entry, path, skip, errors);
            if settings.is_empty() {
                errors.fail(path, format!("must set at least one of {}", edge::DEFENCES.join(", ")));
            }
            return settings.into_iter().map(Command::SetDefence).collect();
        }
        "set-auth" => set_auth(entry, path, skip, errors),
        "steal-token" => Command::StealToken { account: id(&fields(&["account"]), "account") },
        "revoke-tokens" => Command::RevokeTokens { account: id(&fields(&["account"]), "account") },
        "sign-in" => {
            let f = fields(&["name", "password"]);
            let text = |name: &str| {
                f.need(name);
                f.str(name).unwrap_or_default().to_string()
            };
            Command::SignIn { name: text("name"), password: text("password") }
        }
        "call" => {
            let f = fields(&["endpoint", "token"]);
            f.need("endpoint");
            let endpoint = Endpoint::ALL[f.choice("endpoint", &Endpoint::ALL.map(Endpoint::path), 0)];
            let token = f.get("token").map(|v| {
                v.as_str().and_then(bytes).unwrap_or_else(|| {
                    f.fail("token", "must be the token's bytes in hexadecimal, or null for none");
                    Vec::new()
                })
            });
            Command::Call { endpoint, token }
        }
        "sign-out" => {
            fields(&[]);
            Command::SignOut
        }
        "set-tls" => Command::SetTls(tls::tls(&fields(&tls::FIELDS))),
        "place-tap" => {
            let f = fields(&["link"]);
            Command::PlaceTap(f.get("link").map(|_| Tap::ALL[f.choice("link", &Tap::ALL.map(Tap::slug), 0)]))
        }
        "set-encryption-at-rest" => {
            let f = fields(&["on"]);
            f.need("on");
            Command::SetAtRest(f.bool("on", false))
        }
        "destroy-at-rest-key" => {
            fields(&[]);
            Command::DestroyAtRestKey
        }
        other => {
            errors.fail(&at, format!("unknown command type {}; one of {STEP_TYPES}", Json::str(other)));
            return Vec::new();
        }
    };
    vec![command]
}

/// `set-auth`: the `auth` block's fields, or `"on": false` alone to switch it off.
fn set_auth(entry: &Json, path: &str, skip: &[&str], errors: &Errors) -> Command {
    let on = join(path, "on");
    let members = entry.as_object().unwrap_or_default();
    match entry.get("on") {
        Some(Json::Bool(false)) => {
            if members.iter().any(|(k, _)| k != "on" && !skip.contains(&k.as_str())) {
                errors.fail(&on, "switches authentication off: give no other field with it".to_string());
            }
            Command::SetAuth(None)
        }
        None | Some(Json::Null | Json::Bool(true)) => {
            let skip = [skip, &["on"]].concat();
            Command::SetAuth(Some(auth::auth(&Fields::entry(entry, path, &auth::FIELDS, &skip, errors))))
        }
        Some(other) => {
            errors.invalid_type(&on, other, "a boolean");
            Command::SetAuth(None)
        }
    }
}

/// The bytes that `text`, pairs of hexadecimal digits, stands for.
fn bytes(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| char::from(c).to_digit(16);
    let mut bytes = Vec::with_capacity(text.len() / 2);
    for pair in text.as_bytes().chunks(2) {
        let [high, low] = pair else { return None };
        bytes.push((digit(*high)? * 16 + digit(*low)?) as u8);
    }
    Some(bytes)
}

/// `bytes` as pairs of lowercase hexadecimal digits.
fn hex(bytes: &[u8]) -> String {
    let digit = |n: u8| char::from_digit(u32::from(n), 16).unwrap_or('0');
    bytes.iter().flat_map(|b| [digit(b >> 4), digit(b & 15)]).collect()
}

/// `command` as [`command`] reads it, its type first.
pub fn command_json(command: &Command) -> Json {
    let mut args = Out::default();
    let kind = match command {
        Command::AddServer { spec, boot } => {
            args.extend(fleet::server_json(spec, 1));
            args.bool("boot", *boot, false);
            "add-server"
        }
        Command::RemoveServer(id) => {
            if let Some(id) = id {
                args.put("server", Json::int(id.0.into()));
            }
            "remove-server"
        }
        Command::CrashServer(id) => {
            args.put("server", Json::int(id.0.into()));
            "crash-server"
        }
        Command::RestoreServer(id) => {
            args.put("server", Json::int(id.0.into()));
            "restore-server"
        }
        Command::SetRetries(r) => {
            args.put("max_attempts", Json::int(r.max_attempts.into()));
            args.put("budget", Json::number(r.budget));
            "set-retries"
        }
        Command::SetChaos(chaos) => {
            args.put("chaos", chaos.map_or(Json::Null, |c| fleet::chaos_json(&c).done()));
            "set-chaos"
        }
        Command::FailDisk { node, disk } | Command::ReplaceDisk { node, disk } => {
            args.put("node", database::node_json(*node));
            args.put("disk", Json::int(*disk as u64));
            if matches!(command, Command::FailDisk { .. }) {
                "fail-disk"
            } else {
                "replace-disk"
            }
        }
        Command::CrashDatabase(node) => {
            args.put("node", database::node_json(*node));
            "crash-database"
        }
        Command::RestoreDatabase(node) => {
            args.put("node", database::node_json(*node));
            "restore-database"
        }
        Command::SetReplication(mode) => {
            args.put("mode", Json::str(mode.slug()));
            "set-replication"
        }
        Command::StartAttack(attack) => {
            args.put("attack", edge::attack_json(attack, false).done());
            "start-attack"
        }
        Command::StopAttack => "stop-attack",
        Command::SetDefence(setting) => {
            let (name, value) = edge::defence_json(setting);
            args.put(name, value);
            "set-defence"
        }
        Command::SetAlgorithm(algorithm) => {
            args.put("algorithm", Json::str(algorithm.slug()));
            "set-algorithm"
        }
        Command::SetArrivalRate(rate) => {
            args.put("rate", Json::number(*rate));
            "set-arrival-rate"
        }
        Command::Burst => "burst",
        Command::SetAutoscaling(on) => {
            args.put("enabled", Json::Bool(*on));
            "set-autoscaling"
        }
        Command::SetTargetUtilization(target) => {
            args.put("target", Json::number(*target));
            "set-target-utilization"
        }
        Command::SetAuth(config) => {
            match config {
                Some(config) => args.extend(auth::auth_json(config)),
                None => args.put("on", Json::Bool(false)),
            }
            "set-auth"
        }
        Command::StealToken { account } => {
            args.put("account", Json::int((*account).into()));
            "steal-token"
        }
        Command::RevokeTokens { account } => {
            args.put("account", Json::int((*account).into()));
            "revoke-tokens"
        }
        Command::SignIn { name, password } => {
            args.put("name", Json::str(name));
            args.put("password", Json::str(password));
            "sign-in"
        }
        Command::Call { endpoint, token } => {
            args.put("endpoint", Json::str(endpoint.path()));
            args.put("token", token.as_ref().map_or(Json::Null, |t| Json::String(hex(t))));
            "call"
        }
        Command::SignOut => "sign-out",
        Command::SetTls(config) => {
            args.extend(tls::tls_json(config));
            "set-tls"
        }
        Command::PlaceTap(tap) => {
            args.put("link", tap.map_or(Json::Null, |t| Json::str(t.slug())));
            "place-tap"
        }
        Command::SetAtRest(on) => {
            args.put("on", Json::Bool(*on));
            "set-encryption-at-rest"
        }
        Command::DestroyAtRestKey => "destroy-at-rest-key",
    };
    let mut out = Out::default();
    out.put("type", Json::str(kind));
    out.extend(args);
    out.done()
}
