//! Random commands of every kind, with any arguments a timeline entry can hold.

use proptest::prelude::*;

use super::worlds::{attack, auth, chaos, defence, one_of, retries, server, time, tls};
use ds_playground::sim::command::NodeRef;
use ds_playground::sim::security::{Endpoint, Tap};
use ds_playground::sim::storage::{NodeId, Replication};
use ds_playground::sim::time::{Micros, SECOND};
use ds_playground::sim::{Algorithm, Command, ServerId};

fn node() -> impl Strategy<Value = NodeRef> {
    prop_oneof![Just(NodeRef::Primary), (0..=2u32).prop_map(|id| NodeRef::Node(NodeId(id)))]
}

/// Any command, each kind as likely as another.
pub fn command() -> impl Strategy<Value = Command> {
    let id = || any::<u32>().prop_map(ServerId);
    let disk = || (node(), 0..=u32::MAX as usize);
    prop_oneof![
        (server(), any::<bool>()).prop_map(|(spec, boot)| Command::AddServer { spec, boot }),
        prop::option::of(id()).prop_map(Command::RemoveServer),
        id().prop_map(Command::CrashServer),
        id().prop_map(Command::RestoreServer),
        retries().prop_map(Command::SetRetries),
        prop::option::of(chaos()).prop_map(Command::SetChaos),
        disk().prop_map(|(node, disk)| Command::FailDisk { node, disk }),
        disk().prop_map(|(node, disk)| Command::ReplaceDisk { node, disk }),
        node().prop_map(Command::CrashDatabase),
        node().prop_map(Command::RestoreDatabase),
        one_of(&Replication::ALL).prop_map(Command::SetReplication),
        attack(false).prop_map(Command::StartAttack),
        Just(Command::StopAttack),
        defence().prop_map(Command::SetDefence),
        one_of(&Algorithm::ALL).prop_map(Command::SetAlgorithm),
        (0.0..=200_000.0f64).prop_map(Command::SetArrivalRate),
        Just(Command::Burst),
        any::<bool>().prop_map(Command::SetAutoscaling),
        (0.05..=1.0f64).prop_map(Command::SetTargetUtilization),
        prop::option::of(auth(1_000_000)).prop_map(Command::SetAuth),
        any::<u32>().prop_map(|account| Command::StealToken { account }),
        any::<u32>().prop_map(|account| Command::RevokeTokens { account }),
        (any::<String>(), any::<String>()).prop_map(|(name, password)| Command::SignIn { name, password }),
        (one_of(&Endpoint::ALL), prop::option::of(prop::collection::vec(any::<u8>(), 0..50)))
            .prop_map(|(endpoint, token)| Command::Call { endpoint, token }),
        Just(Command::SignOut),
        tls().prop_map(Command::SetTls),
        prop::option::of(one_of(&Tap::ALL)).prop_map(Command::PlaceTap),
        any::<bool>().prop_map(Command::SetAtRest),
        Just(Command::DestroyAtRestKey),
    ]
}

/// Commands at times up to a simulated day, in time order.
pub fn timeline() -> impl Strategy<Value = Vec<(Micros, Command)>> {
    prop::collection::vec((time(0, 86_400 * SECOND), command()), 0..8).prop_map(|mut timeline| {
        timeline.sort_by_key(|(at, _)| *at);
        timeline
    })
}
