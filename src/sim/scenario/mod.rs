//! Scenario files: a JSON description of a starting world and a timeline of commands.
//!
//! Every field is optional; what is left out takes the default from [`WorldConfig`]. Errors name
//! the field (as a path such as `servers[1].workers`) and what is wrong with it.

mod auth;
mod edge;
mod tls;

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use super::balancer::Algorithm;
use super::command::{Command, NodeRef};
use super::config::{
    in_range, ChaosConfig, ServerSize, ServerSpec, ServiceDistribution, WorldConfig, MAX_ARRIVAL_RATE,
    MAX_LINK_DELAY, MAX_SERVERS,
};
use super::database::DatabaseConfig;
use super::server::ServerId;
use super::storage::{NodeId, Replication, MAX_DISKS, MAX_REPLICAS};
use super::time::{from_ms, from_secs, to_ms, Micros};

/// What is wrong with a scenario, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// Path of the offending field, such as `servers[1].workers` (empty for the whole file).
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// A parsed, checked scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The world to start from.
    pub config: WorldConfig,
    /// Commands to apply at given simulated times (microseconds), in time order.
    pub timeline: Vec<(Micros, Command)>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    seed: Option<u64>,
    arrival_rate: Option<f64>,
    clients: Option<u32>,
    algorithm: Option<Algorithm>,
    links: Option<LinksFile>,
    servers: Option<Vec<ServerGroup>>,
    autoscale: Option<AutoscaleFile>,
    burst: Option<BurstFile>,
    health_check: Option<HealthCheckFile>,
    retries: Option<RetriesFile>,
    chaos: Option<ChaosFile>,
    database: Option<DatabaseFile>,
    nat: Option<edge::NatFile>,
    edge: Option<edge::EdgeFile>,
    attack: Option<edge::AttackFile>,
    defences: Option<Value>,
    auth: Option<auth::AuthFile>,
    tls: Option<tls::TlsFile>,
    encryption_at_rest: Option<bool>,
    timeline: Option<Vec<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttackArg {
    attack: edge::AttackFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseFile {
    replicas: Option<usize>,
    replication: Option<ReplicationArg>,
    replication_lag_ms: Option<f64>,
    disks: Option<u8>,
    read_share: Option<f64>,
    rebuild_s: Option<f64>,
    keys: Option<u32>,
    workers: Option<u32>,
    mean_service_ms: Option<f64>,
    queue_capacity: Option<u32>,
    link_ms: Option<f64>,
    failover_timeout_s: Option<f64>,
}

/// Replication as scenario files spell it.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum ReplicationArg {
    Sync,
    Async,
}

impl From<ReplicationArg> for Replication {
    fn from(arg: ReplicationArg) -> Self {
        match arg {
            ReplicationArg::Sync => Replication::Sync,
            ReplicationArg::Async => Replication::Async,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChaosFile {
    server_mtbf_s: Option<f64>,
    server_mttr_s: Option<f64>,
    disk_mtbf_s: Option<f64>,
    disk_mttr_s: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HealthCheckFile {
    interval_ms: Option<f64>,
    timeout_ms: Option<f64>,
    unhealthy_threshold: Option<u32>,
    healthy_threshold: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RetriesFile {
    max_attempts: Option<u8>,
    budget: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinksFile {
    client_to_balancer_ms: Option<f64>,
    balancer_to_server_ms: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerGroup {
    size: ServerSize,
    count: Option<u32>,
    workers: Option<u32>,
    mean_service_ms: Option<f64>,
    service: Option<ServiceDistribution>,
    queue_capacity: Option<u32>,
    weight: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AutoscaleFile {
    enabled: Option<bool>,
    target_utilization: Option<f64>,
    startup_delay_s: Option<f64>,
    sync_period_s: Option<f64>,
    metric_window_s: Option<f64>,
    scale_down_stabilization_s: Option<f64>,
    scale_up_stabilization_s: Option<f64>,
    scale_up_percent: Option<f64>,
    scale_up_servers: Option<usize>,
    scale_down_percent: Option<f64>,
    min_servers: Option<usize>,
    max_servers: Option<usize>,
    size: Option<ServerSize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BurstFile {
    multiplier: Option<f64>,
    duration_s: Option<f64>,
}

/// The arguments of each timeline command type (the `type` and `at_s` fields removed).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SizeArg {
    size: ServerSize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AlgorithmArg {
    algorithm: Algorithm,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateArg {
    rate: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnabledArg {
    enabled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetArg {
    target: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerArg {
    server: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArg {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiskArg {
    /// `"primary"` or a node id, read by [`node_ref`].
    node: Value,
    disk: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeOnlyArg {
    /// `"primary"` or a node id, read by [`node_ref`].
    node: Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModeArg {
    mode: ReplicationArg,
}

/// Timeline command types, as written in the `type` field.
const STEP_TYPES: &str = "add-server, remove-server, crash-server, restore-server, fail-disk, \
                          replace-disk, crash-database, restore-database, set-replication, set-algorithm, \
                          set-arrival-rate, burst, set-autoscaling, set-target-utilization, start-attack, \
                          stop-attack, set-defence, set-auth, steal-token, revoke-tokens, set-tls, \
                          place-tap, set-encryption-at-rest, destroy-at-rest-key";

/// Parses and checks a scenario from JSON text.
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    let file: File = from_json(text, "")?;
    let mut config = WorldConfig::default();
    let err = |path: &str, message: String| ScenarioError { path: path.to_string(), message };
    let range =
        |path: &str, value: f64, min: f64, max: f64| in_range(value, min, max).map_err(|why| err(path, why));

    config.seed = file.seed.unwrap_or(config.seed);
    if let Some(rate) = file.arrival_rate {
        config.arrival_rate = range("arrival_rate", rate, 0.0, MAX_ARRIVAL_RATE)?;
    }
    if let Some(clients) = file.clients {
        config.clients = range("clients", clients as f64, 1.0, 1e6)? as u32;
    }
    config.algorithm = file.algorithm.unwrap_or(config.algorithm);
    let max_link_ms = to_ms(MAX_LINK_DELAY);
    if let Some(links) = file.links {
        if let Some(ms) = links.client_to_balancer_ms {
            config.links.client_to_balancer =
                from_ms(range("links.client_to_balancer_ms", ms, 0.0, max_link_ms)?);
        }
        if let Some(ms) = links.balancer_to_server_ms {
            config.links.balancer_to_server =
                from_ms(range("links.balancer_to_server_ms", ms, 0.0, max_link_ms)?);
        }
    }
    if let Some(groups) = file.servers {
        config.servers.clear();
        for (i, group) in groups.into_iter().enumerate() {
            let path = format!("servers[{i}]");
            let mut spec = ServerSpec::preset(group.size);
            spec.workers = group.workers.unwrap_or(spec.workers);
            if let Some(ms) = group.mean_service_ms {
                spec.mean_service =
                    from_ms(range(&format!("{path}.mean_service_ms"), ms, 0.001, 3_600_000.0)?);
            }
            spec.distribution = group.service.unwrap_or(spec.distribution);
            spec.queue_capacity = group.queue_capacity.unwrap_or(spec.workers.saturating_mul(10));
            spec.weight = group.weight.unwrap_or(spec.weight);
            spec.check().map_err(|(field, why)| err(&format!("{path}.{field}"), why))?;
            let count =
                range(&format!("{path}.count"), group.count.unwrap_or(1) as f64, 1.0, MAX_SERVERS as f64)?;
            config.servers.extend(std::iter::repeat_n(spec, count as usize));
        }
        if config.servers.len() > MAX_SERVERS {
            return Err(err(
                "servers",
                format!("must add up to 1–{MAX_SERVERS} servers, got {}", config.servers.len()),
            ));
        }
    }
    if let Some(a) = file.autoscale {
        let c = &mut config.autoscale;
        c.enabled = a.enabled.unwrap_or(c.enabled);
        if let Some(t) = a.target_utilization {
            c.target_utilization = range("autoscale.target_utilization", t, 0.05, 1.0)?;
        }
        if let Some(s) = a.startup_delay_s {
            c.startup_delay = from_secs(range("autoscale.startup_delay_s", s, 0.0, 3600.0)?);
        }
        // Decisions and measurements happen on the once-a-second tick: whole seconds.
        let whole = |path: &str, s: f64, min: f64, max: f64| {
            range(path, s, min, max).and_then(|s| {
                if s.fract() == 0.0 {
                    Ok(from_secs(s))
                } else {
                    Err(err(path, format!("must be a whole number of seconds, got {s}")))
                }
            })
        };
        if let Some(s) = a.sync_period_s {
            c.sync_period = whole("autoscale.sync_period_s", s, 1.0, 3600.0)?;
        }
        if let Some(s) = a.metric_window_s {
            c.metric_window = whole("autoscale.metric_window_s", s, 1.0, 60.0)?;
        }
        if let Some(s) = a.scale_down_stabilization_s {
            c.scale_down_stabilization =
                from_secs(range("autoscale.scale_down_stabilization_s", s, 0.0, 3600.0)?);
        }
        if let Some(s) = a.scale_up_stabilization_s {
            c.scale_up_stabilization =
                from_secs(range("autoscale.scale_up_stabilization_s", s, 0.0, 3600.0)?);
        }
        if let Some(p) = a.scale_up_percent {
            c.scale_up_percent = range("autoscale.scale_up_percent", p, 0.0, 1000.0)?;
        }
        if let Some(n) = a.scale_up_servers {
            c.scale_up_servers =
                range("autoscale.scale_up_servers", n as f64, 0.0, MAX_SERVERS as f64)? as usize;
        }
        if let Some(p) = a.scale_down_percent {
            c.scale_down_percent = range("autoscale.scale_down_percent", p, 0.0, 100.0)?;
        }
        c.min_servers = a.min_servers.unwrap_or(c.min_servers);
        c.max_servers = a.max_servers.unwrap_or(c.max_servers);
        range("autoscale.max_servers", c.max_servers as f64, 1.0, MAX_SERVERS as f64)?;
        range("autoscale.min_servers", c.min_servers as f64, 1.0, c.max_servers as f64)?;
        c.size = a.size.unwrap_or(c.size);
    }
    if let Some(b) = file.burst {
        if let Some(m) = b.multiplier {
            config.burst.multiplier = range("burst.multiplier", m, 1.0, 100.0)?;
        }
        if let Some(s) = b.duration_s {
            config.burst.duration = from_secs(range("burst.duration_s", s, 0.001, 3600.0)?);
        }
    }
    if let Some(h) = file.health_check {
        let c = &mut config.health_check;
        if let Some(ms) = h.interval_ms {
            c.interval = from_ms(range("health_check.interval_ms", ms, 10.0, 600_000.0)?);
        }
        if let Some(ms) = h.timeout_ms {
            c.timeout = from_ms(range("health_check.timeout_ms", ms, 1.0, 600_000.0)?);
        }
        if let Some(n) = h.unhealthy_threshold {
            c.unhealthy_threshold = range("health_check.unhealthy_threshold", n as f64, 1.0, 100.0)? as u32;
        }
        if let Some(n) = h.healthy_threshold {
            c.healthy_threshold = range("health_check.healthy_threshold", n as f64, 1.0, 100.0)? as u32;
        }
    }
    if let Some(r) = file.retries {
        if let Some(n) = r.max_attempts {
            config.retries.max_attempts = range("retries.max_attempts", n as f64, 1.0, 5.0)? as u8;
        }
        if let Some(b) = r.budget {
            config.retries.budget = range("retries.budget", b, 0.0, 1.0)?;
        }
    }
    if let Some(c) = file.chaos {
        let mut chaos = ChaosConfig::default();
        if let Some(s) = c.server_mtbf_s {
            chaos.server_mtbf = from_secs(range("chaos.server_mtbf_s", s, 0.001, 1e6)?);
        }
        if let Some(s) = c.server_mttr_s {
            chaos.server_mttr = from_secs(range("chaos.server_mttr_s", s, 0.001, 1e6)?);
        }
        if let Some(s) = c.disk_mtbf_s {
            chaos.disk_mtbf = from_secs(range("chaos.disk_mtbf_s", s, 0.001, 1e6)?);
        }
        if let Some(s) = c.disk_mttr_s {
            chaos.disk_mttr = from_secs(range("chaos.disk_mttr_s", s, 0.001, 1e6)?);
        }
        config.chaos = Some(chaos);
    }
    if let Some(d) = file.database {
        let mut db = DatabaseConfig::default();
        let storage = &mut db.storage;
        if let Some(n) = d.replicas {
            storage.replicas = range("database.replicas", n as f64, 0.0, MAX_REPLICAS as f64)? as usize;
        }
        storage.replication = d.replication.map_or(storage.replication, Replication::from);
        if let Some(ms) = d.replication_lag_ms {
            storage.replication_lag = from_ms(range("database.replication_lag_ms", ms, 0.0, 3_600_000.0)?);
        }
        if let Some(n) = d.disks {
            storage.disks = range("database.disks", f64::from(n), 1.0, f64::from(MAX_DISKS))? as u8;
        }
        if let Some(s) = d.rebuild_s {
            storage.rebuild = from_secs(range("database.rebuild_s", s, 0.001, 86_400.0)?);
        }
        if let Some(share) = d.read_share {
            db.read_share = range("database.read_share", share, 0.0, 1.0)?;
        }
        db.keys = d.keys.unwrap_or(db.keys);
        db.workers = d.workers.unwrap_or(db.workers);
        if let Some(ms) = d.mean_service_ms {
            db.mean_service = from_ms(range("database.mean_service_ms", ms, 0.001, 3_600_000.0)?);
        }
        db.queue_capacity = d.queue_capacity.unwrap_or(db.queue_capacity);
        if let Some(ms) = d.link_ms {
            db.link = from_ms(range("database.link_ms", ms, 0.0, max_link_ms)?);
        }
        if let Some(s) = d.failover_timeout_s {
            db.failover_timeout = from_secs(range("database.failover_timeout_s", s, 0.001, 3_600.0)?);
        }
        config.database = Some(db);
    }
    if let Some(n) = file.nat {
        config.nat = Some(edge::nat(n)?);
    }
    if let Some(e) = file.edge {
        config.edge = edge::edge(e)?;
    }
    if let Some(a) = file.attack {
        config.attack = Some(edge::attack(a, "attack", true)?);
    }
    if let Some(d) = file.defences {
        for setting in edge::defences(&d, "defences")? {
            config.defences.set(setting);
        }
    }
    if let Some(a) = file.auth {
        config.auth = Some(auth::auth(a, "auth")?);
    }
    if let Some(t) = file.tls {
        config.tls = tls::tls(t, "tls")?;
    }
    config.encryption_at_rest = file.encryption_at_rest.unwrap_or(config.encryption_at_rest);
    // What is left to check spans fields: how many servers, how much they queue together.
    config.check().map_err(|(path, why)| err(path, why))?;
    let mut timeline = Vec::new();
    for (i, entry) in file.timeline.unwrap_or_default().into_iter().enumerate() {
        timeline.extend(timeline_entry(entry, &format!("timeline[{i}]"))?);
    }
    // Stable: entries at the same time keep the file's order.
    timeline.sort_by_key(|(at, _)| *at);
    Ok(Scenario { config, timeline })
}

/// The commands of one timeline entry, all at its time (a `set-defence` may switch several).
fn timeline_entry(mut entry: Value, path: &str) -> Result<Vec<(Micros, Command)>, ScenarioError> {
    let err = |field: &str, message: &str| ScenarioError {
        path: format!("{path}{field}"),
        message: message.to_string(),
    };
    let object = entry
        .as_object_mut()
        .ok_or_else(|| err("", "must be an object like {\"at_s\": 5, \"type\": \"burst\"}"))?;
    let at = object.remove("at_s").ok_or_else(|| err(".at_s", "is missing (seconds from the start)"))?;
    let at = at
        .as_f64()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .ok_or_else(|| err(".at_s", "must be a number of seconds, 0 or more"))?;
    let kind =
        object.remove("type").ok_or_else(|| err(".type", &format!("is missing; one of {STEP_TYPES}")))?;
    let kind =
        kind.as_str().ok_or_else(|| err(".type", &format!("must be a string, one of {STEP_TYPES}")))?;
    let args = entry.to_string();
    let range = |field: &str, value: f64, min: f64, max: f64| {
        in_range(value, min, max).map_err(|why| err(field, &why))
    };
    let command = match kind {
        "add-server" => {
            let SizeArg { size } = from_json(&args, path)?;
            Command::AddServer { spec: ServerSpec::preset(size), boot: false }
        }
        "remove-server" => from_json::<NoArg>(&args, path).map(|_| Command::RemoveServer(None))?,
        "crash-server" => Command::CrashServer(ServerId(from_json::<ServerArg>(&args, path)?.server)),
        "restore-server" => Command::RestoreServer(ServerId(from_json::<ServerArg>(&args, path)?.server)),
        "fail-disk" => {
            let DiskArg { node, disk } = from_json(&args, path)?;
            Command::FailDisk { node: node_ref(node).map_err(|why| err(".node", &why))?, disk }
        }
        "replace-disk" => {
            let DiskArg { node, disk } = from_json(&args, path)?;
            Command::ReplaceDisk { node: node_ref(node).map_err(|why| err(".node", &why))?, disk }
        }
        "crash-database" => {
            let node = from_json::<NodeOnlyArg>(&args, path)?.node;
            Command::CrashDatabase(node_ref(node).map_err(|why| err(".node", &why))?)
        }
        "restore-database" => {
            let node = from_json::<NodeOnlyArg>(&args, path)?.node;
            Command::RestoreDatabase(node_ref(node).map_err(|why| err(".node", &why))?)
        }
        "set-replication" => Command::SetReplication(from_json::<ModeArg>(&args, path)?.mode.into()),
        "set-algorithm" => Command::SetAlgorithm(from_json::<AlgorithmArg>(&args, path)?.algorithm),
        "set-arrival-rate" => {
            let rate = from_json::<RateArg>(&args, path)?.rate;
            Command::SetArrivalRate(range(".rate", rate, 0.0, MAX_ARRIVAL_RATE)?)
        }
        "burst" => from_json::<NoArg>(&args, path).map(|_| Command::Burst)?,
        "set-autoscaling" => Command::SetAutoscaling(from_json::<EnabledArg>(&args, path)?.enabled),
        "set-target-utilization" => {
            let target = from_json::<TargetArg>(&args, path)?.target;
            Command::SetTargetUtilization(range(".target", target, 0.05, 1.0)?)
        }
        "start-attack" => {
            let AttackArg { attack } = from_json(&args, path)?;
            Command::StartAttack(edge::attack(attack, &format!("{path}.attack"), false)?)
        }
        "stop-attack" => from_json::<NoArg>(&args, path).map(|_| Command::StopAttack)?,
        "set-tls" => Command::SetTls(tls::tls(from_json(&args, path)?, path)?),
        "place-tap" => Command::PlaceTap(from_json::<tls::TapArg>(&args, path)?.tap()),
        "set-encryption-at-rest" => Command::SetAtRest(from_json::<tls::OnArg>(&args, path)?.on),
        "destroy-at-rest-key" => from_json::<NoArg>(&args, path).map(|_| Command::DestroyAtRestKey)?,
        "set-defence" => {
            let settings = edge::defences(&entry, path)?;
            if settings.is_empty() {
                return Err(err("", &format!("must set at least one of {}", edge::DEFENCES)));
            }
            let at = from_secs(at);
            return Ok(settings.into_iter().map(|s| (at, Command::SetDefence(s))).collect());
        }
        other => match auth::timeline_command(other, &args, path)? {
            Some(command) => command,
            None => {
                return Err(err(".type", &format!("unknown command type {other:?}; one of {STEP_TYPES}")))
            }
        },
    };
    Ok(vec![(from_secs(at), command)])
}

/// The node a timeline entry names: `"primary"`, or a node id (1 and 2 are the replicas the
/// tier starts with, 0 its first primary).
fn node_ref(arg: Value) -> Result<NodeRef, String> {
    match (&arg, arg.as_u64()) {
        (Value::String(name), _) if name == "primary" => Ok(NodeRef::Primary),
        (_, Some(id)) if id as usize <= MAX_REPLICAS => Ok(NodeRef::Node(NodeId(id as u32))),
        _ => Err(format!("must be \"primary\" or a node number 0–{MAX_REPLICAS}, got {arg}")),
    }
}

/// Deserializes `text`, turning serde's error into one that names the field under `prefix`.
fn from_json<T: for<'de> Deserialize<'de>>(text: &str, prefix: &str) -> Result<T, ScenarioError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.path().to_string();
        // serde_path_to_error writes "." for the top level and "?" when the text is not JSON at all.
        let path = match (prefix, inner.as_str()) {
            (p, "." | "?") => p.to_string(),
            ("", i) => i.to_string(),
            (p, i) => format!("{p}.{i}"),
        };
        let mut message = e.into_inner().to_string();
        // A timeline entry is re-read on its own, so serde's line and column would mislead.
        if let (false, Some(at)) = (prefix.is_empty(), message.find(" at line ")) {
            message.truncate(at);
        }
        ScenarioError { path, message }
    })
}
