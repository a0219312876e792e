//! Servers that crash and are restored, and the balancer's health checks that notice: until a
//! crashed server fails `unhealthy_threshold` checks in a row it stays in rotation, and requests
//! sent to it fail; a restored server boots, then rejoins after `healthy_threshold` passes.

use super::World;
use crate::sim::command::CommandError;
use crate::sim::event::EventKind;
use crate::sim::health::Verdict;
use crate::sim::request::{FailReason, Loss, Phase};
use crate::sim::schedule::Action;
use crate::sim::server::{ServerId, ServerStatus};
use crate::sim::time::Micros;

impl World {
    /// Crashes server `id` now: the requests in its workers and queue fail (`server-crashed`);
    /// the balancer keeps sending it requests until its health checks catch it.
    pub(super) fn crash_server(&mut self, id: ServerId) -> Result<(), CommandError> {
        let server = self.servers.get(id.index()).ok_or(CommandError::UnknownServer(id))?;
        if !matches!(server.status, ServerStatus::Up | ServerStatus::Starting { .. }) {
            return Err(CommandError::CannotCrash(id));
        }
        self.departed += self.servers[id.index()].crash(self.now);
        let held: Vec<u32> = self
            .requests
            .slots()
            .filter(|(_, r)| r.server == Some(id) && matches!(r.phase, Phase::Queued | Phase::InService))
            .map(|(slot, _)| slot)
            .collect();
        for slot in held {
            self.servers[id.index()].outstanding -= 1;
            // The broken connection reaches the balancer a link's delay later.
            self.release_later(id);
            self.end_or_retry(slot, id, Loss::Failed(FailReason::ServerCrashed));
        }
        self.log.push(self.now, EventKind::ServerCrashed { server: id });
        self.plan_chaos(id);
        Ok(())
    }

    /// Restores crashed server `id`: it boots for the start-up delay, then rejoins the balancer
    /// once it passes its health checks.
    pub(super) fn restore_server(&mut self, id: ServerId) -> Result<(), CommandError> {
        let server = self.servers.get_mut(id.index()).ok_or(CommandError::UnknownServer(id))?;
        if !server.is_down() {
            return Err(CommandError::NotDown(id));
        }
        let ready_at = self.now + self.config.autoscale.startup_delay;
        server.status = ServerStatus::Starting { ready_at };
        server.restored_at = Some(self.now);
        self.schedule.push(ready_at, Action::ServerReady { server: id, at: ready_at });
        self.log.push(self.now, EventKind::ServerRestored { server: id, ready_at });
        self.plan_chaos(id);
        Ok(())
    }

    /// Sends a health check to server `id` and schedules the next one. A timeout shorter than
    /// the round trip fails the check whatever the server does.
    pub(super) fn health_check(&mut self, id: ServerId) {
        if !self.servers[id.index()].is_present() {
            return;
        }
        let config = self.config.health_check;
        let link = self.config.links.balancer_to_server;
        if 2 * link > config.timeout {
            self.schedule.push(self.now + config.timeout, Action::HealthResult { server: id, pass: false });
        } else {
            self.schedule.push(self.now + link, Action::HealthProbe { server: id, sent: self.now });
        }
        self.schedule.push(self.now + config.interval, Action::HealthCheck(id));
    }

    /// A check reaches server `id`: one that serves answers, and the answer is back a link's
    /// delay later; one that does not is caught when the check, sent at `sent`, times out.
    pub(super) fn health_probe(&mut self, id: ServerId, sent: Micros) {
        if self.servers[id.index()].serves() {
            let back = self.now + self.config.links.balancer_to_server;
            self.schedule.push(back, Action::HealthResult { server: id, pass: true });
        } else {
            let timeout = sent + self.config.health_check.timeout;
            self.schedule.push(timeout, Action::HealthResult { server: id, pass: false });
        }
    }

    /// A check's answer (or timeout) arrives: enough failures take the server out of rotation,
    /// enough passes put a restored server back.
    pub(super) fn health_result(&mut self, id: ServerId, pass: bool) {
        let server = &self.servers[id.index()];
        if !server.is_present() {
            return;
        }
        match self.health.record(&self.config.health_check, id, pass) {
            Verdict::MarkDown => {
                self.routable.retain(|r| *r != id);
                let down_for = match self.servers[id.index()].status {
                    ServerStatus::Down { since } => Some(self.now - since),
                    _ => None,
                };
                if let Some(after) = down_for {
                    self.metrics.record_detection(after);
                }
                self.log.push(self.now, EventKind::ServerMarkedDown { server: id, after: down_for });
            }
            // Only a server that serves rejoins (a draining one has left the balancer for good).
            Verdict::MarkUp if self.servers[id.index()].status == ServerStatus::Up => {
                let at = self.routable.partition_point(|r| *r < id);
                if self.routable.get(at) != Some(&id) {
                    self.routable.insert(at, id);
                }
                let back_after = self.servers[id.index()].restored_at.map(|t| self.now - t);
                if let Some(after) = back_after {
                    self.metrics.record_recovery(after);
                }
                self.log.push(self.now, EventKind::ServerMarkedUp { server: id, after: back_after });
            }
            // A server that cannot serve stays out, and the checks start counting again.
            Verdict::MarkUp => self.health.track(id, false),
            Verdict::Same => {}
        }
    }
}
