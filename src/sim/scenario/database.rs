//! The scenario fields for the database tier: the `database` block, read and written, and the
//! node a timeline entry names (`"primary"` or a node id).

use super::fields::{Fields, Out, U32};
use crate::json::Json;
use crate::sim::command::NodeRef;
use crate::sim::config::MAX_LINK_DELAY;
use crate::sim::database::DatabaseConfig;
use crate::sim::storage::{NodeId, Replication, MAX_DISKS, MAX_REPLICAS};
use crate::sim::time::to_ms;

/// The fields of the `database` block.
pub(super) const FIELDS: [&str; 12] = [
    "replicas",
    "replication",
    "replication_lag_ms",
    "disks",
    "rebuild_s",
    "read_share",
    "keys",
    "workers",
    "mean_service_ms",
    "queue_capacity",
    "link_ms",
    "failover_timeout_s",
];

/// Replication modes as scenario files spell them.
pub(super) fn modes() -> [&'static str; 2] {
    Replication::ALL.map(Replication::slug)
}

/// The database tier from the `database` block's fields (its own checks are made with the
/// world's).
pub(super) fn database(f: &Fields) -> DatabaseConfig {
    let mut db = DatabaseConfig::default();
    let s = &mut db.storage;
    s.replicas = f.int("replicas", 0, MAX_REPLICAS as u64, s.replicas as u64) as usize;
    s.replication = Replication::ALL[f.choice("replication", &modes(), 1)];
    s.replication_lag = f.ms("replication_lag_ms", 0.0, 3_600_000.0, s.replication_lag);
    s.disks = f.int("disks", 1, MAX_DISKS.into(), s.disks.into()) as u8;
    s.rebuild = f.secs("rebuild_s", 0.001, 86_400.0, s.rebuild);
    db.read_share = f.f64("read_share", 0.0, 1.0, db.read_share);
    db.keys = f.int("keys", 0, U32, db.keys.into()) as u32;
    db.workers = f.int("workers", 0, U32, db.workers.into()) as u32;
    db.mean_service = f.ms("mean_service_ms", 0.001, 3_600_000.0, db.mean_service);
    db.queue_capacity = f.int("queue_capacity", 0, U32, db.queue_capacity.into()) as u32;
    db.link = f.ms("link_ms", 0.0, to_ms(MAX_LINK_DELAY), db.link);
    db.failover_timeout = f.secs("failover_timeout_s", 0.001, 3_600.0, db.failover_timeout);
    db
}

/// The `database` block: the fields that differ from the defaults.
pub(super) fn database_json(db: &DatabaseConfig) -> Out {
    let (d, mut out) = (DatabaseConfig::default(), Out::default());
    let (s, ds) = (&db.storage, &d.storage);
    out.int("replicas", s.replicas as u64, ds.replicas as u64);
    out.str("replication", s.replication.slug(), ds.replication.slug());
    out.ms("replication_lag_ms", s.replication_lag, ds.replication_lag);
    out.int("disks", s.disks.into(), ds.disks.into());
    out.secs("rebuild_s", s.rebuild, ds.rebuild);
    out.num("read_share", db.read_share, d.read_share);
    out.int("keys", db.keys.into(), d.keys.into());
    out.int("workers", db.workers.into(), d.workers.into());
    out.ms("mean_service_ms", db.mean_service, d.mean_service);
    out.int("queue_capacity", db.queue_capacity.into(), d.queue_capacity.into());
    out.ms("link_ms", db.link, d.link);
    out.secs("failover_timeout_s", db.failover_timeout, d.failover_timeout);
    out
}

/// The node of the entry `f`'s field `node`: `"primary"`, or a node id (1 and 2 are the
/// replicas the tier starts with, 0 its first primary).
pub(super) fn node(f: &Fields) -> NodeRef {
    match f.need("node").map(|v| (v, v.as_str(), v.as_u64())) {
        Some((_, Some("primary"), _)) | None => NodeRef::Primary,
        Some((_, _, Some(id))) if id <= MAX_REPLICAS as u64 => NodeRef::Node(NodeId(id as u32)),
        Some((value, _, _)) => {
            f.fail("node", format!("must be \"primary\" or a node number 0–{MAX_REPLICAS}, got {value}"));
            NodeRef::Primary
        }
    }
}

/// A node as [`node`] reads it.
pub(super) fn node_json(node: NodeRef) -> Json {
    match node {
        NodeRef::Primary => Json::str("primary"),
        NodeRef::Node(id) => Json::int(id.0.into()),
    }
}
