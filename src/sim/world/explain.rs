//! One step, explained: what the next simulated action was and what came of it, in words, for
//! the learner who presses Step.

use super::World;
use crate::format::fixed;
use crate::sim::database::Query;
use crate::sim::event::EventKind;
use crate::sim::request::{DropReason, Loss, Phase};
use crate::sim::schedule::{time_of, Action};
use crate::sim::server::ServerStatus;
use crate::sim::time::{to_ms, to_secs, Micros};
use crate::sim::trace::Ending;

/// Finishes a step's sentence from the world as the step left it.
type Outcome = Box<dyn Fn(&World) -> String>;

/// What one step did.
#[derive(Clone, Debug, PartialEq)]
pub struct StepNote {
    /// When it happened, in simulated microseconds.
    pub time: Micros,
    /// What happened, such as "request #41 reached server 2 and joined its queue (3 waiting)".
    pub text: String,
}

impl StepNote {
    /// The note with its time, such as "12.345678 s: request #41 …".
    pub fn describe(&self) -> String {
        format!("{} s: {}", fixed(to_secs(self.time), 6), self.text)
    }
}

impl World {
    /// Runs the next action that changes something (skipping arrivals made stale by a rate
    /// change) and says what it did.
    pub fn step_explained(&mut self) -> StepNote {
        loop {
            if let Some(note) = self.step_return() {
                return note;
            }
            let (_, action) = self.peek();
            if let Some(text) = self.explain(action) {
                let time = self.step();
                return StepNote { time, text: text(self) };
            }
            self.step();
        }
    }

    /// Lets the next response pass back through the balancer, if it does so before the next
    /// scheduled action, and says so.
    fn step_return(&mut self) -> Option<StepNote> {
        let (place, server) = self.balancer.next_return()?;
        if self.next_place() < place {
            return None;
        }
        self.balancer.settle(place + 1);
        self.now = time_of(place);
        let text = format!(
            "a response from server {} passed back through the load balancer ({} still open there)",
            server.0,
            self.balancer.active(server)
        );
        Some(StepNote { time: self.now, text })
    }

    /// Describes `action` before it runs, as a function that finishes the sentence from the
    /// world after it ran; `None` for actions that change nothing.
    fn explain(&mut self, action: Action) -> Option<Outcome> {
        let request = |world: &mut World, slot: u32| {
            let r = world.requests.get_mut(slot);
            (r.id, r.client, r.server.map(|s| s.0), r.created)
        };
        Some(match action {
            Action::Arrival { epoch } if epoch != self.arrival_epoch => return None,
            Action::AttackArrival { epoch } if epoch != self.attack_epoch => return None,
            Action::AttackArrival { .. } => {
                let id = self.next_request_id;
                Box::new(move |_| format!("a bot sent request #{id} towards the edge"))
            }
            Action::AttackStart if !self.scenario_attack_pending() => return None,
            Action::AttackStart => Box::new(|_| "the scenario's attack started".to_string()),
            Action::EdgeSweep if !self.edge_notes.sweep_due(self.next_time()) => return None,
            Action::EdgeSweep => Box::new(|w| {
                format!(
                    "the edge closed the connections that timed out ({} slots held)",
                    w.edge.table().len()
                )
            }),
            Action::EdgeDispatch => Box::new(|w| {
                format!(
                    "the fair queue sent on the requests whose turn came ({} still waiting)",
                    w.edge.waiting()
                )
            }),
            Action::BurstEnd { epoch } if epoch != self.burst_epoch => return None,
            Action::Arrival { .. } => {
                let id = self.next_request_id;
                Box::new(move |_| format!("a client sent request #{id} towards the load balancer"))
            }
            Action::ReachBalancer(slot) => {
                let (id, ..) = request(self, slot);
                Box::new(move |w| {
                    let live = w.requests.iter().find(|r| r.id == id);
                    let last = |t: &crate::sim::trace::Trace| {
                        t.checks().last().map(|c| c.to_string()).unwrap_or_default()
                    };
                    match (live, w.trace(id).and_then(|t| t.ending.map(|e| (t, e)))) {
                        (Some(r), _) if r.phase == Phase::AtEdge => {
                            format!("request #{id} reached the edge, which holds it ({})", last(&r.trace))
                        }
                        (Some(r), _) => match r.server {
                            Some(s) => format!("request #{id} reached the load balancer, which sent it to server {}", s.0),
                            None => format!("request #{id} reached the load balancer"),
                        },
                        (None, Some((t, Ending::Lost(loss)))) if loss != Loss::Dropped(DropReason::NoServer) => match last(&t.trace) {
                            check if check.is_empty() => format!("request #{id} reached the edge and ended there: {}", loss.describe()),
                            check => format!("request #{id} reached the edge and ended there: {} ({check})", loss.describe()),
                        },
                        _ => format!("request #{id} reached the load balancer; no server could take it, so it was dropped"),
                    }
                })
            }
            Action::ReachServer(slot) => {
                let (id, _, server, _) = request(self, slot);
                let server = server.unwrap_or_default();
                Box::new(move |w| {
                    let waiting = w.servers[server as usize].queue.len();
                    match w.requests.iter().find(|r| r.id == id).map(|r| r.phase) {
                        Some(Phase::InService) => {
                            format!("request #{id} reached server {server} and a free worker took it")
                        }
                        Some(Phase::Queued) => format!(
                            "request #{id} reached server {server} and joined its queue ({waiting} waiting)"
                        ),
                        Some(Phase::Retrying) => format!(
                            "request #{id} reached server {server}, which could not take it; it heads back to be tried on another"
                        ),
                        _ => match w.recent_drops.back().map(|d| d.loss) {
                            Some(Loss::Failed(_)) => format!("request #{id} reached server {server}, which is down: it failed"),
                            _ => format!("request #{id} reached server {server}, whose queue was full: dropped"),
                        },
                    }
                })
            }
            Action::ServiceDone { slot, id, attempt } if !self.in_service(slot, id, attempt) => return None,
            Action::ServiceDone { slot, .. } => {
                let (id, _, server, _) = request(self, slot);
                let server = server.unwrap_or_default();
                let waiting = !self.servers[server as usize].queue.is_empty();
                Box::new(move |w| {
                    let next = if waiting { "; the worker takes the next request in the queue" } else { "" };
                    let after = w.requests.iter().find(|r| r.id == id);
                    let then = match after.map(|r| (r.phase, r.node)) {
                        Some((Phase::ToDatabase, Some(node))) => {
                            format!("its query heads to database node {}", node.0)
                        }
                        Some(_) => "its response heads back".to_string(),
                        None => "the database could not take its query: it failed".to_string(),
                    };
                    format!("server {server} finished request #{id}; {then}{next}")
                })
            }
            Action::Delivered(slot) => {
                let (id, client, _, created) = request(self, slot);
                let now = self.next_time();
                let latency = to_ms(now - created);
                Box::new(move |_| {
                    format!(
                        "the response to request #{id} reached client {client}, {} ms after it was sent",
                        fixed(latency, 0)
                    )
                })
            }
            Action::ServerReady { server, at }
                if self.servers[server.index()].status != (ServerStatus::Starting { ready_at: at }) =>
            {
                return None
            }
            Action::ServerReady { server, .. } => {
                Box::new(move |_| format!("server {} finished booting and takes traffic", server.0))
            }
            Action::BurstEnd { .. } => Box::new(|_| "the flash crowd ended".to_string()),
            Action::ChaosCrash { server, plan } | Action::ChaosRestore { server, plan }
                if !self.chaos_plan_current(server, plan) =>
            {
                return None
            }
            Action::ChaosCrash { server, .. } => {
                Box::new(move |_| format!("chaos crashed server {}", server.0))
            }
            Action::ChaosRestore { server, .. } => Box::new(move |_| {
                format!("chaos restored server {}; it boots before its health checks can pass", server.0)
            }),
            Action::HealthCheck(server) => {
                Box::new(move |_| format!("the load balancer sent server {} a health check", server.0))
            }
            Action::HealthProbe { server, .. } => Box::new(move |w| {
                let answer =
                    if w.servers[server.index()].serves() { "answers" } else { "is down: no answer" };
                format!("a health check reached server {}, which {answer}", server.0)
            }),
            Action::HealthResult { server, pass } => Box::new(move |w| {
                let verdict = if pass { "passed" } else { "failed" };
                let rotation = if w.in_rotation(server) { "in rotation" } else { "out of rotation" };
                format!("server {}'s health check {verdict}; it is {rotation}", server.0)
            }),
            Action::ReachDatabase(slot) => {
                let (id, ..) = request(self, slot);
                let node = self.requests.get_mut(slot).node.map_or(0, |n| n.0);
                Box::new(move |w| {
                    match w.requests.iter().find(|r| r.id == id).map(|r| r.phase) {
                    Some(Phase::DatabaseService) => {
                        format!("request #{id}'s query reached database node {node} and a worker took it")
                    }
                    Some(Phase::DatabaseQueued) => {
                        format!("request #{id}'s query reached database node {node} and waits its turn")
                    }
                    _ => format!("request #{id}'s query reached database node {node}, which could not take it: it failed"),
                }
                })
            }
            Action::DatabaseDone { slot, id }
                if !self
                    .requests
                    .get(slot)
                    .is_some_and(|r| r.id == id && r.phase == Phase::DatabaseService) =>
            {
                return None
            }
            Action::DatabaseDone { slot, .. } => {
                let (id, ..) = request(self, slot);
                let r = self.requests.get_mut(slot);
                let (node, query) = (r.node.map_or(0, |n| n.0), r.query);
                Box::new(move |w| {
                    let answered = w.requests.iter().any(|r| r.id == id);
                    match (query, answered) {
                        (Some(Query::Write(key)), true) => {
                            format!("database node {node} acknowledged request #{id}'s write of key {key}")
                        }
                        (Some(Query::Write(key)), false) => {
                            format!("database node {node} refused request #{id}'s write of key {key}: no replica in step")
                        }
                        (_, _) => format!("database node {node} answered request #{id}'s read"),
                    }
                })
            }
            Action::BackFromDatabase(slot) => {
                let (id, _, server, _) = request(self, slot);
                let server = server.unwrap_or_default();
                Box::new(move |_| {
                    format!("the database's answer for request #{id} reached server {server}, which responds")
                })
            }
            Action::FailoverDue
                if self.database.as_ref().is_none_or(|db| db.failover_at != Some(self.next_time())) =>
            {
                return None
            }
            Action::FailoverDue => Box::new(|w| match w.database.as_ref() {
                Some(db) if db.storage.nodes()[db.storage.primary().index()].is_up() => {
                    format!(
                        "the failover timeout ended: node {} is promoted to primary",
                        db.storage.primary().0
                    )
                }
                _ => "the failover timeout ended, but no replica is running to promote".to_string(),
            }),
            Action::StorageDue => Box::new(|_| {
                "the database caught up: rebuilds and writes on their way to replicas".to_string()
            }),
            Action::ChaosDiskFail { node, disk, plan } | Action::ChaosDiskReplace { node, disk, plan }
                if !self.disk_plan_current(node, disk, plan) =>
            {
                return None
            }
            Action::ChaosDiskFail { node, disk, .. } => {
                Box::new(move |_| format!("chaos failed disk {disk} of database node {node}"))
            }
            Action::ChaosDiskReplace { node, disk, .. } => {
                Box::new(move |_| format!("chaos replaced disk {disk} of database node {node}; it rebuilds"))
            }
            Action::Tick => Box::new(|w| {
                let point = w.metrics.series().next_back().copied().unwrap_or_default();
                let scaled = w.log.iter().rev().take_while(|e| e.time == w.now).find_map(|e| match e.kind {
                    EventKind::Autoscaled { from, to, .. } => {
                        Some(format!("; the autoscaler went from {from} to {to} servers"))
                    }
                    _ => None,
                });
                format!(
                    "second {} closed: {} served, {} dropped, {} failed, servers {}% busy{}",
                    point.second + 1,
                    point.served,
                    point.dropped,
                    point.failed,
                    fixed(point.utilization * 100.0, 0),
                    scaled.unwrap_or_default(),
                )
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::server::ServerId;
    use crate::sim::WorldConfig;

    #[test]
    fn every_step_says_what_it_did() {
        let mut world = World::new(WorldConfig::default());
        let notes: Vec<StepNote> = (0..200).map(|_| world.step_explained()).collect();
        assert!(notes.windows(2).all(|w| w[0].time <= w[1].time));
        let said = |what: &str| notes.iter().any(|n| n.text.contains(what));
        for what in [
            "sent request #0",
            "reached the load balancer",
            "reached server",
            "finished request",
            "reached client",
            "passed back",
        ] {
            assert!(said(what), "no step said {what:?}: {:?}", &notes[..10]);
        }
        assert!(notes[0].describe().starts_with(&format!("{:.6} s: ", to_secs(notes[0].time))));
    }

    #[test]
    fn stepping_keeps_the_balancer_as_running_does() {
        let config = WorldConfig { arrival_rate: 200.0, ..WorldConfig::default() };
        let (mut stepped, mut run) = (World::new(config.clone()), World::new(config));
        let (mut returns, mut compared) = (0, 0);
        for _ in 0..2_000 {
            let note = stepped.step_explained();
            returns += usize::from(note.text.contains("passed back through the load balancer"));
            // Run the other world to just before the stepped one's next moment.
            let next = stepped
                .next_time()
                .min(stepped.balancer.next_return().map_or(Micros::MAX, |(p, _)| time_of(p)));
            if next > note.time {
                run.advance_within(note.time, usize::MAX);
                let ids = 0..stepped.servers.len() as u32;
                let active =
                    |w: &World| ids.clone().map(|i| w.balancer_active(ServerId(i))).collect::<Vec<_>>();
                assert_eq!(active(&stepped), active(&run), "at {} µs", note.time);
                compared += 1;
            }
        }
        assert!(returns > 100 && compared > 1_000, "{returns} returns, {compared} moments compared");
    }
}
