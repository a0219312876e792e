//! The scenario fields for the servers and the balancer in front of them: `links`, `servers`,
//! `autoscale`, `burst`, `health_check`, `retries` and `chaos`, read and written; the server
//! fields serve `add-server` too, the `retries` fields `set-retries`, the `chaos` ones
//! `set-chaos`.

use super::fields::{Fields, Out, U32};
use crate::json::Json;
use crate::sim::config::{
    in_range, ChaosConfig, RetryConfig, ServerSize, ServerSpec, ServiceDistribution, WorldConfig,
    MAX_LINK_DELAY, MAX_SERVERS,
};
use crate::sim::time::{from_secs, to_ms, to_secs, Micros};

/// The fields of a group of servers in `servers`.
const GROUP: [&str; 7] =
    ["size", "count", "workers", "mean_service_ms", "service", "queue_capacity", "weight"];

/// The fields of an `add-server` entry.
pub(super) const ADD_SERVER: [&str; 7] =
    ["size", "workers", "mean_service_ms", "service", "queue_capacity", "weight", "boot"];

/// The fields of the `retries` block and of `set-retries`.
pub(super) const RETRIES: [&str; 2] = ["max_attempts", "budget"];

/// The fields of the `chaos` block and of a `set-chaos` entry's `chaos`.
pub(super) const CHAOS: [&str; 4] = ["server_mtbf_s", "server_mttr_s", "disk_mtbf_s", "disk_mttr_s"];

const AUTOSCALE: [&str; 13] = [
    "enabled",
    "target_utilization",
    "startup_delay_s",
    "sync_period_s",
    "metric_window_s",
    "scale_down_stabilization_s",
    "scale_up_stabilization_s",
    "scale_up_percent",
    "scale_up_servers",
    "scale_down_percent",
    "min_servers",
    "max_servers",
    "size",
];

/// The sizes as scenario files spell them.
fn sizes() -> [&'static str; 2] {
    ServerSize::ALL.map(ServerSize::label)
}

/// One server's hardware from the fields of a group or an `add-server` entry (`size` needed).
pub(super) fn server(f: &Fields) -> ServerSpec {
    f.need("size");
    let mut spec = ServerSpec::preset(ServerSize::ALL[f.choice("size", &sizes(), 0)]);
    spec.workers = f.int("workers", 0, U32, spec.workers.into()) as u32;
    spec.mean_service = f.ms("mean_service_ms", 0.001, 3_600_000.0, spec.mean_service);
    let services = ServiceDistribution::ALL.map(ServiceDistribution::slug);
    spec.distribution = ServiceDistribution::ALL[f.choice("service", &services, 0)];
    spec.queue_capacity = f.int("queue_capacity", 0, U32, spec.workers.saturating_mul(10).into()) as u32;
    spec.weight = f.int("weight", 0, U32, spec.weight.into()) as u32;
    if let Err((field, why)) = spec.check() {
        f.fail(field, why);
    }
    spec
}

/// The size, then `count` unless 1, then the fields that set `spec` apart from its size's preset.
pub(super) fn server_json(spec: &ServerSpec, count: u64) -> Out {
    let (preset, mut out) = (ServerSpec::preset(spec.size), Out::default());
    out.put("size", Json::str(spec.size.label()));
    out.int("count", count, 1);
    out.int("workers", spec.workers.into(), preset.workers.into());
    out.ms("mean_service_ms", spec.mean_service, preset.mean_service);
    out.str("service", spec.distribution.slug(), preset.distribution.slug());
    out.int("queue_capacity", spec.queue_capacity.into(), spec.workers.saturating_mul(10).into());
    out.int("weight", spec.weight.into(), preset.weight.into());
    out
}

/// Reads `links`, `servers`, `autoscale`, `burst`, `health_check`, `retries` and `chaos` of
/// the file `f` into `config`.
pub(super) fn read(f: &Fields, config: &mut WorldConfig) {
    let max_link_ms = to_ms(MAX_LINK_DELAY);
    if let Some(l) = f.object("links", &["client_to_balancer_ms", "balancer_to_server_ms"]) {
        let links = &mut config.links;
        links.client_to_balancer = l.ms("client_to_balancer_ms", 0.0, max_link_ms, links.client_to_balancer);
        links.balancer_to_server = l.ms("balancer_to_server_ms", 0.0, max_link_ms, links.balancer_to_server);
    }
    if let Some(groups) = f.array("servers") {
        config.servers.clear();
        for (i, group) in groups.iter().enumerate() {
            let g = Fields::new(group, &format!("servers[{i}]"), &GROUP, f.errors);
            let spec = server(&g);
            let count = g.int("count", 1, MAX_SERVERS as u64, 1);
            config.servers.extend(std::iter::repeat_n(spec, count as usize));
        }
        if config.servers.len() > MAX_SERVERS {
            f.fail(
                "servers",
                format!("must add up to 1–{MAX_SERVERS} servers, got {}", config.servers.len()),
            );
        }
    }
    if let Some(a) = f.object("autoscale", &AUTOSCALE) {
        autoscale(&a, config);
    }
    if let Some(b) = f.object("burst", &["multiplier", "duration_s"]) {
        let burst = &mut config.burst;
        burst.multiplier = b.f64("multiplier", 1.0, 100.0, burst.multiplier);
        burst.duration = b.secs("duration_s", 0.001, 3600.0, burst.duration);
    }
    let health = ["interval_ms", "timeout_ms", "unhealthy_threshold", "healthy_threshold"];
    if let Some(h) = f.object("health_check", &health) {
        let c = &mut config.health_check;
        c.interval = h.ms("interval_ms", 10.0, 600_000.0, c.interval);
        c.timeout = h.ms("timeout_ms", 1.0, 600_000.0, c.timeout);
        c.unhealthy_threshold = h.int("unhealthy_threshold", 1, 100, c.unhealthy_threshold.into()) as u32;
        c.healthy_threshold = h.int("healthy_threshold", 1, 100, c.healthy_threshold.into()) as u32;
    }
    if let Some(r) = f.object("retries", &RETRIES) {
        config.retries = retries(&r);
    }
    if let Some(c) = f.object("chaos", &CHAOS) {
        config.chaos = Some(chaos(&c));
    }
}

fn autoscale(a: &Fields, config: &mut WorldConfig) {
    let c = &mut config.autoscale;
    c.enabled = a.bool("enabled", c.enabled);
    c.target_utilization = a.f64("target_utilization", 0.05, 1.0, c.target_utilization);
    c.startup_delay = a.secs("startup_delay_s", 0.0, 3600.0, c.startup_delay);
    // Decisions and measurements happen on the once-a-second tick: whole seconds.
    let whole = |name: &str, max: f64, default: Micros| {
        let s = a.f64(name, 1.0, max, to_secs(default));
        if s.fract() != 0.0 {
            a.fail(name, format!("must be a whole number of seconds, got {}", crate::format::number(s)));
        }
        from_secs(s)
    };
    c.sync_period = whole("sync_period_s", 3600.0, c.sync_period);
    c.metric_window = whole("metric_window_s", 60.0, c.metric_window);
    c.scale_down_stabilization =
        a.secs("scale_down_stabilization_s", 0.0, 3600.0, c.scale_down_stabilization);
    c.scale_up_stabilization = a.secs("scale_up_stabilization_s", 0.0, 3600.0, c.scale_up_stabilization);
    c.scale_up_percent = a.f64("scale_up_percent", 0.0, 1000.0, c.scale_up_percent);
    let most = MAX_SERVERS as u64;
    c.scale_up_servers = a.int("scale_up_servers", 0, most, c.scale_up_servers as u64) as usize;
    c.scale_down_percent = a.f64("scale_down_percent", 0.0, 100.0, c.scale_down_percent);
    let min = a.int("min_servers", 0, U32, c.min_servers as u64);
    c.max_servers = a.int("max_servers", 1, most, c.max_servers as u64) as usize;
    if let Err(why) = in_range(min as f64, 1.0, c.max_servers as f64) {
        a.fail("min_servers", why);
    }
    c.min_servers = min as usize;
    c.size = ServerSize::ALL[a.choice("size", &sizes(), 0)];
}

/// Retries from the fields of the `retries` block or a `set-retries` entry.
pub(super) fn retries(r: &Fields) -> RetryConfig {
    let d = RetryConfig::default();
    RetryConfig {
        max_attempts: r.int("max_attempts", 1, 5, d.max_attempts.into()) as u8,
        budget: r.f64("budget", 0.0, 1.0, d.budget),
    }
}

/// Chaos from the fields of the `chaos` block or a `set-chaos` entry's `chaos`.
pub(super) fn chaos(c: &Fields) -> ChaosConfig {
    let d = ChaosConfig::default();
    ChaosConfig {
        server_mtbf: c.secs("server_mtbf_s", 0.001, 1e6, d.server_mtbf),
        server_mttr: c.secs("server_mttr_s", 0.001, 1e6, d.server_mttr),
        disk_mtbf: c.secs("disk_mtbf_s", 0.001, 1e6, d.disk_mtbf),
        disk_mttr: c.secs("disk_mttr_s", 0.001, 1e6, d.disk_mttr),
    }
}

/// The fields of `chaos` that differ from the defaults.
pub(super) fn chaos_json(c: &ChaosConfig) -> Out {
    let (d, mut out) = (ChaosConfig::default(), Out::default());
    out.secs("server_mtbf_s", c.server_mtbf, d.server_mtbf);
    out.secs("server_mttr_s", c.server_mttr, d.server_mttr);
    out.secs("disk_mtbf_s", c.disk_mtbf, d.disk_mtbf);
    out.secs("disk_mttr_s", c.disk_mttr, d.disk_mttr);
    out
}

/// Writes the fields of `config` that `read` reads, where they differ from `d`, the defaults.
pub(super) fn write(config: &WorldConfig, d: &WorldConfig, out: &mut Out) {
    let mut links = Out::default();
    links.ms("client_to_balancer_ms", config.links.client_to_balancer, d.links.client_to_balancer);
    links.ms("balancer_to_server_ms", config.links.balancer_to_server, d.links.balancer_to_server);
    out.nested("links", links);
    if config.servers != d.servers {
        out.put("servers", servers_json(&config.servers));
    }
    let (a, da) = (&config.autoscale, &d.autoscale);
    let mut auto = Out::default();
    auto.bool("enabled", a.enabled, da.enabled);
    auto.num("target_utilization", a.target_utilization, da.target_utilization);
    auto.secs("startup_delay_s", a.startup_delay, da.startup_delay);
    auto.secs("sync_period_s", a.sync_period, da.sync_period);
    auto.secs("metric_window_s", a.metric_window, da.metric_window);
    auto.secs("scale_down_stabilization_s", a.scale_down_stabilization, da.scale_down_stabilization);
    auto.secs("scale_up_stabilization_s", a.scale_up_stabilization, da.scale_up_stabilization);
    auto.num("scale_up_percent", a.scale_up_percent, da.scale_up_percent);
    auto.int("scale_up_servers", a.scale_up_servers as u64, da.scale_up_servers as u64);
    auto.num("scale_down_percent", a.scale_down_percent, da.scale_down_percent);
    auto.int("min_servers", a.min_servers as u64, da.min_servers as u64);
    auto.int("max_servers", a.max_servers as u64, da.max_servers as u64);
    auto.str("size", a.size.label(), da.size.label());
    out.nested("autoscale", auto);
    let mut burst = Out::default();
    burst.num("multiplier", config.burst.multiplier, d.burst.multiplier);
    burst.secs("duration_s", config.burst.duration, d.burst.duration);
    out.nested("burst", burst);
    let (h, dh) = (&config.health_check, &d.health_check);
    let mut health = Out::default();
    health.ms("interval_ms", h.interval, dh.interval);
    health.ms("timeout_ms", h.timeout, dh.timeout);
    health.int("unhealthy_threshold", h.unhealthy_threshold.into(), dh.unhealthy_threshold.into());
    health.int("healthy_threshold", h.healthy_threshold.into(), dh.healthy_threshold.into());
    out.nested("health_check", health);
    let mut retries = Out::default();
    retries.int("max_attempts", config.retries.max_attempts.into(), d.retries.max_attempts.into());
    retries.num("budget", config.retries.budget, d.retries.budget);
    out.nested("retries", retries);
    if let Some(c) = &config.chaos {
        out.put("chaos", chaos_json(c).done());
    }
}

/// The servers as groups of equal neighbours.
fn servers_json(servers: &[ServerSpec]) -> Json {
    let mut groups: Vec<(&ServerSpec, u64)> = Vec::new();
    for spec in servers {
        match groups.last_mut() {
            Some((last, count)) if *last == spec => *count += 1,
            _ => groups.push((spec, 1)),
        }
    }
    Json::Array(groups.into_iter().map(|(spec, count)| server_json(spec, count).done()).collect())
}
