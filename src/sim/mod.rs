//! The model: a pure, seeded, discrete-event simulation of clients, a load balancer and servers.
//!
//! Nothing here knows about the browser. Time is simulated in integer microseconds and only
//! advances when the world is told to; randomness comes from one RNG seeded from the config, so
//! the same seed and the same commands always give the same events.

pub mod attack;
pub mod autoscale;
pub mod balancer;
pub mod command;
pub mod config;
pub mod database;
mod draw;
pub mod edge;
pub mod event;
pub mod health;
pub mod latency;
pub mod metrics;
mod placed;
pub mod report;
pub mod request;
mod ring;
pub mod scenario;
mod schedule;
pub mod script;
pub mod security;
pub mod server;
pub mod snapshot;
pub mod storage;
pub mod time;
pub mod trace;
pub mod traffic;
pub mod world;

pub use balancer::Algorithm;
pub use command::{Command, CommandError};
pub use config::{
    AutoscaleConfig, BurstConfig, ChaosConfig, HealthCheckConfig, Links, RetryConfig, ServerSize, ServerSpec,
    ServiceDistribution, WorldConfig,
};
pub use event::{Event, EventKind};
pub use request::{DropReason, FailReason, Leg, RequestView};
pub use server::{ServerId, ServerStatus};
pub use snapshot::Snapshot;
pub use time::Micros;
pub use world::World;
