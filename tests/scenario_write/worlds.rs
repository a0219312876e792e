//! Random worlds a scenario file can describe: every field of `WorldConfig` and its parts,
//! anywhere in the range the file format takes.

use proptest::prelude::*;

use ds_playground::sim::attack::{
    AttackConfig, AttackKind, NatConfig, MAX_ATTACK_RATE, MAX_BOTS, MAX_RATE_PER_BOT,
};
use ds_playground::sim::database::DatabaseConfig;
use ds_playground::sim::edge::{DefenceSetting, Defences, EdgeConfig, Firewall, IdsConfig, RateLimit};
use ds_playground::sim::security::{AuthConfig, Lockout, LoginDefences, TlsConfig, TlsMode, TlsVersion};
use ds_playground::sim::storage::{Replication, StorageConfig};
use ds_playground::sim::time::{Micros, MILLISECOND, SECOND};
use ds_playground::sim::{
    Algorithm, AutoscaleConfig, BurstConfig, ChaosConfig, HealthCheckConfig, Links, RetryConfig, ServerSize,
    ServerSpec, ServiceDistribution, WorldConfig,
};

/// A time from `low` to `high` microseconds, or one of its ends (where ranges go wrong).
pub fn time(low: Micros, high: Micros) -> impl Strategy<Value = Micros> {
    prop_oneof![1 => Just(low), 1 => Just(high), 6 => low..=high]
}

/// A number from `low` to `high`, or one of its ends.
pub fn real(low: f64, high: f64) -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(low), 1 => Just(high), 6 => low..=high]
}

/// Any of `all`.
pub fn one_of<T: Clone + std::fmt::Debug + 'static>(all: &[T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all.to_vec())
}

/// `default` about half the time, else anything `s` gives.
fn or_default<T: Clone + std::fmt::Debug + 'static>(
    s: impl Strategy<Value = T> + 'static,
    default: T,
) -> BoxedStrategy<T> {
    prop_oneof![Just(default), s].boxed()
}

/// Any server a file or an `add-server` entry describes.
pub fn server() -> impl Strategy<Value = ServerSpec> {
    (
        one_of(&ServerSize::ALL),
        prop::option::of(1..=1_000u32),
        time(1, 3_600 * SECOND),
        one_of(&ServiceDistribution::ALL),
        prop::option::of(0..=50_000u32),
        1..=1_000u32,
    )
        .prop_map(|(size, workers, mean_service, distribution, queue, weight)| {
            let preset = ServerSpec::preset(size);
            let workers = workers.unwrap_or(preset.workers);
            ServerSpec {
                size,
                workers,
                mean_service,
                distribution,
                queue_capacity: queue.unwrap_or(workers * 10),
                weight,
            }
        })
}

/// Up to 20 servers, in groups of equal neighbours (the most queued requests stay under the
/// world's million).
fn servers() -> impl Strategy<Value = Vec<ServerSpec>> {
    prop::collection::vec((server(), 1..=4usize), 1..=5)
        .prop_map(|groups| groups.into_iter().flat_map(|(spec, n)| std::iter::repeat_n(spec, n)).collect())
}

fn autoscale() -> impl Strategy<Value = AutoscaleConfig> {
    (
        (any::<bool>(), real(0.05, 1.0), time(0, 3_600 * SECOND), 1..=3_600u64, 1..=60u64),
        (time(0, 3_600 * SECOND), time(0, 3_600 * SECOND), real(0.0, 1_000.0), 0..=100usize),
        (real(0.0, 100.0), 1..=100usize, 1..=100usize, one_of(&ServerSize::ALL)),
    )
        .prop_map(
            |((enabled, target, startup, sync, window), (down, up, up_percent, up_servers), rest)| {
                let (down_percent, a, b, size) = rest;
                AutoscaleConfig {
                    enabled,
                    target_utilization: target,
                    startup_delay: startup,
                    sync_period: sync * SECOND,
                    metric_window: window * SECOND,
                    scale_down_stabilization: down,
                    scale_up_stabilization: up,
                    scale_up_percent: up_percent,
                    scale_up_servers: up_servers,
                    scale_down_percent: down_percent,
                    min_servers: a.min(b),
                    max_servers: a.max(b),
                    size,
                }
            },
        )
}

/// Any retry settings.
pub fn retries() -> impl Strategy<Value = RetryConfig> {
    (1..=5u8, real(0.0, 1.0)).prop_map(|(max_attempts, budget)| RetryConfig { max_attempts, budget })
}

/// Any chaos settings.
pub fn chaos() -> impl Strategy<Value = ChaosConfig> {
    let t = || time(MILLISECOND, 1_000_000 * SECOND);
    (t(), t(), t(), t()).prop_map(|(server_mtbf, server_mttr, disk_mtbf, disk_mttr)| ChaosConfig {
        server_mtbf,
        server_mttr,
        disk_mtbf,
        disk_mttr,
    })
}

fn database() -> impl Strategy<Value = DatabaseConfig> {
    (
        (
            0..=2usize,
            one_of(&Replication::ALL),
            time(0, 3_600 * SECOND),
            1..=3u8,
            time(MILLISECOND, 86_400 * SECOND),
        ),
        (real(0.0, 1.0), 1..=1_000_000u32, 1..=1_000u32, time(1, 3_600 * SECOND)),
        (0..=100_000u32, time(0, 2 * SECOND), time(MILLISECOND, 3_600 * SECOND)),
    )
        .prop_map(
            |((replicas, replication, lag, disks, rebuild), (read_share, keys, workers, service), rest)| {
                // Synchronous replication needs a replica to wait for.
                let replication = if replicas == 0 { Replication::Async } else { replication };
                let storage = StorageConfig { replicas, replication, replication_lag: lag, disks, rebuild };
                let (queue_capacity, link, failover_timeout) = rest;
                DatabaseConfig {
                    storage,
                    read_share,
                    keys,
                    workers,
                    mean_service: service,
                    queue_capacity,
                    link,
                    failover_timeout,
                }
            },
        )
}

fn edge() -> impl Strategy<Value = EdgeConfig> {
    (1..=1usize << 20, time(MILLISECOND, 3_600 * SECOND), real(0.001, 1e6), time(0, 2 * SECOND)).prop_map(
        |(connection_slots, syn_timeout, uplink_mbps, scrubbing_delay)| EdgeConfig {
            connection_slots,
            syn_timeout,
            uplink_mbps,
            scrubbing_delay,
        },
    )
}

/// An attack; it starts at 0 unless `timed`.
pub fn attack(timed: bool) -> impl Strategy<Value = AttackConfig> {
    let latest = if timed { 1_000_000 * SECOND } else { 0 };
    (one_of(&AttackKind::ALL), 1..=MAX_BOTS, 0.0..=1.0f64, time(0, latest), real(0.0, 1.0)).prop_map(
        |(kind, bots, share, start, hit_rate)| {
            // Any rate up to what the botnet may send altogether (a hair under, so that
            // bots × rate does not round over it).
            let most = MAX_RATE_PER_BOT.min(MAX_ATTACK_RATE / f64::from(bots) * 0.999_999);
            let rate_per_bot = (0.001 + share * (most - 0.001)).min(most);
            AttackConfig { kind, bots, rate_per_bot, start, hit_rate }
        },
    )
}

/// Rules from a few lines, some blank or commented, the default policy anywhere.
fn firewall() -> impl Strategy<Value = Firewall> {
    const LINES: [&str; 7] = [
        "deny from 45.0.0.0/8",
        "allow proto tcp port 443",
        "",
        "deny path /admin # the page's admin",
        "# a comment",
        "deny proto udp",
        "  allow from 10.0.0.0/8  ",
    ];
    (prop::collection::vec(one_of(&LINES), 0..6), prop::option::of((0..6usize, one_of(&["allow", "deny"]))))
        .prop_map(|(mut lines, default)| {
            if let Some((at, action)) = default {
                lines.insert(
                    at.min(lines.len()),
                    if action == "deny" { "default deny" } else { "default allow" },
                );
            }
            Firewall::parse(&lines.join("\n")).expect("the rules are valid")
        })
}

/// Any defence switched on or off, with any settings.
pub fn defence() -> impl Strategy<Value = DefenceSetting> {
    let timeout = || prop::option::of(time(MILLISECOND, 3_600 * SECOND));
    prop_oneof![
        prop::option::of(firewall()).prop_map(DefenceSetting::Firewall),
        prop::option::of((0..=1_000u32, 1..=1_000u32).prop_map(|(rate, burst)| RateLimit { rate, burst }))
            .prop_map(DefenceSetting::RateLimit),
        any::<bool>().prop_map(DefenceSetting::FairQueue),
        prop::option::of(
            (1..=1_000_000u32, prop::option::of(time(1, 86_400 * SECOND)))
                .prop_map(|(threshold, auto_block)| IdsConfig { threshold, auto_block })
        )
        .prop_map(DefenceSetting::Ids),
        any::<bool>().prop_map(DefenceSetting::SynCookies),
        prop::option::of(1..=1_000_000u32).prop_map(DefenceSetting::ConnectionLimit),
        timeout().prop_map(DefenceSetting::HeaderTimeout),
        timeout().prop_map(DefenceSetting::IdleTimeout),
        any::<bool>().prop_map(DefenceSetting::Scrubbing),
    ]
}

fn defences() -> impl Strategy<Value = Defences> {
    prop::collection::vec(defence(), 0..9).prop_map(|settings| {
        let mut defences = Defences::default();
        settings.into_iter().for_each(|s| defences.set(s));
        defences
    })
}

/// Authentication for a world of `clients` accounts or more.
pub fn auth(clients: u32) -> impl Strategy<Value = AuthConfig> {
    let lockout = (1..=1_000_000u32, time(SECOND, 86_400 * SECOND))
        .prop_map(|(after, duration)| Lockout { after, duration });
    (
        time(SECOND, 86_400 * SECOND),
        0..=clients,
        real(0.0, 1.0),
        prop::option::of(1..=1_000_000u32),
        prop::option::of(1..=1_000_000u32),
        prop::option::of(lockout),
        any::<bool>(),
    )
        .prop_map(|(token_lifetime, admins, admin_share, account, address, lockout, second_factor)| {
            AuthConfig {
                token_lifetime,
                admins,
                admin_share,
                defences: LoginDefences {
                    throttle_per_account: account,
                    throttle_per_address: address,
                    lockout,
                    second_factor,
                },
            }
        })
}

/// Any TLS settings.
pub fn tls() -> impl Strategy<Value = TlsConfig> {
    let cpu = || time(0, SECOND);
    (
        one_of(&TlsMode::ALL),
        one_of(&TlsVersion::ALL),
        any::<bool>(),
        time(0, 3_600 * SECOND),
        cpu(),
        cpu(),
        cpu(),
    )
        .prop_map(|(mode, version, resumption, keepalive, handshake_cpu, resumed_cpu, record_cpu)| {
            TlsConfig { mode, version, resumption, keepalive, handshake_cpu, resumed_cpu, record_cpu }
        })
}

/// Any world a scenario file can describe, each part left at its default about half the time.
pub fn world() -> impl Strategy<Value = WorldConfig> {
    let d = WorldConfig::default();
    let links =
        (time(0, 2 * SECOND), time(0, 2 * SECOND)).prop_map(|(client_to_balancer, balancer_to_server)| {
            Links { client_to_balancer, balancer_to_server }
        });
    let burst = (real(1.0, 100.0), time(MILLISECOND, 3_600 * SECOND))
        .prop_map(|(multiplier, duration)| BurstConfig { multiplier, duration });
    let health =
        (time(10 * MILLISECOND, 600 * SECOND), time(MILLISECOND, 600 * SECOND), 1..=100u32, 1..=100u32)
            .prop_map(|(interval, timeout, unhealthy_threshold, healthy_threshold)| HealthCheckConfig {
                interval,
                timeout,
                unhealthy_threshold,
                healthy_threshold,
            });
    let nat = (0..=1_000_000u32, 1..=65_536u32).prop_map(|(users, addresses)| NatConfig { users, addresses });
    (
        (any::<u64>(), or_default(real(0.0, 200_000.0), d.arrival_rate), 1..=1_000_000u32),
        (one_of(&Algorithm::ALL), or_default(servers(), d.servers.clone()), or_default(links, d.links)),
        (or_default(autoscale(), d.autoscale), or_default(burst, d.burst)),
        (or_default(health, d.health_check), or_default(retries(), d.retries)),
        (prop::option::of(chaos()), prop::option::of(database()), prop::option::of(nat)),
        (or_default(edge(), d.edge), defences(), prop::option::of(attack(true))),
        (0..=1u32, tls(), any::<bool>()),
    )
        .prop_flat_map(|(basics, fleet, scaling, balancer, failures, edge, rest)| {
            let (seed, arrival_rate, clients) = basics;
            let (algorithm, servers, links) = fleet;
            let ((autoscale, burst), (health_check, retries)) = (scaling, balancer);
            let ((chaos, database, nat), (edge, defences, attack)) = (failures, edge);
            let (with_auth, tls, encryption_at_rest) = rest;
            let config = WorldConfig {
                seed,
                arrival_rate,
                clients,
                algorithm,
                servers,
                links,
                autoscale,
                burst,
                health_check,
                retries,
                chaos,
                database,
                nat,
                edge,
                defences,
                attack,
                auth: None,
                tls,
                encryption_at_rest,
            };
            let auth = if with_auth == 1 { auth(clients).prop_map(Some).boxed() } else { Just(None).boxed() };
            (Just(config), auth).prop_map(|(config, auth)| WorldConfig { auth, ..config })
        })
}
