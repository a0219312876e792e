//! The fleet: servers joining, booting, draining and leaving, the once-a-second tick that
//! measures them, and the autoscaler's decisions carried out.

use super::World;
use crate::sim::autoscale::{Member, Plan, Reading};
use crate::sim::command::CommandError;
use crate::sim::config::{ServerSpec, MAX_QUEUED, MAX_SERVERS};
use crate::sim::event::{EventKind, ScaleReason};
use crate::sim::schedule::Action;
use crate::sim::server::{Server, ServerId, ServerStatus, Usage};
use crate::sim::time::{Micros, SECOND};

impl World {
    pub(super) fn add_server(&mut self, spec: ServerSpec, boot: bool) -> Result<ServerId, CommandError> {
        spec.check().map_err(|(_, why)| CommandError::InvalidServer(why))?;
        let (servers_left, queue_left) = self.room();
        if servers_left == 0 {
            return Err(CommandError::TooManyServers { max: MAX_SERVERS });
        }
        if u64::from(spec.queue_capacity) > queue_left {
            return Err(CommandError::QueuesTooLong { max: MAX_QUEUED });
        }
        let id = ServerId(self.servers.len() as u32);
        let delay = if boot { self.config.autoscale.startup_delay } else { 0 };
        let ready_at = self.now + delay;
        let size = spec.size;
        let status = if delay > 0 { ServerStatus::Starting { ready_at } } else { ServerStatus::Up };
        self.servers.push(Server::new(id, spec, status, self.now));
        self.log.push(self.now, EventKind::ServerAdded { server: id, size, ready_at });
        self.health.track(id, delay == 0);
        self.plan_chaos(id);
        self.schedule.push(self.now + self.config.health_check.interval, Action::HealthCheck(id));
        if delay > 0 {
            self.schedule.push(ready_at, Action::ServerReady { server: id, at: ready_at });
        } else {
            self.routable.push(id);
        }
        Ok(id)
    }

    pub(super) fn server_ready(&mut self, id: ServerId, at: Micros) {
        let server = &mut self.servers[id.index()];
        if server.status == (ServerStatus::Starting { ready_at: at }) {
            server.become_ready(self.now);
            self.log.push(self.now, EventKind::ServerReady { server: id });
            // A restored server rejoins when its health checks pass (or is still in rotation
            // if they never caught its crash); a new one joins at once.
            if server.restored_at.is_none() {
                self.health.track(id, true);
                // Ids only grow, but a server may finish booting after a newer one: keep them sorted.
                let at = self.routable.partition_point(|r| *r < id);
                self.routable.insert(at, id);
            }
        }
    }

    /// Takes a server out: a booting one at once, a working one by draining it first.
    pub(super) fn remove_server(&mut self, id: Option<ServerId>) -> Result<(), CommandError> {
        let target = match id {
            Some(id) => self
                .servers
                .get(id.index())
                .filter(|s| s.is_routable() || s.is_booting() || s.is_down())
                .map(|s| s.id),
            None => self.servers.iter().rev().find(|s| s.is_booting()).map(|s| s.id).or(self
                .routable
                .iter()
                .rev()
                .find(|id| self.servers[id.index()].is_routable())
                .copied()),
        };
        let Some(target) = target else {
            return Err(match id {
                Some(id) => CommandError::NoSuchServer(id),
                None => CommandError::LastServer,
            });
        };
        // A booting or crashed server holds no requests: it goes at once.
        if self.servers[target.index()].is_booting() || self.servers[target.index()].is_down() {
            self.switch_off(target);
            return Ok(());
        }
        if self.routable.iter().filter(|id| self.servers[id.index()].is_routable()).count() == 1 {
            return Err(CommandError::LastServer);
        }
        self.health.forget(target);
        self.routable.retain(|r| *r != target);
        self.servers[target.index()].status = ServerStatus::Draining;
        self.log.push(self.now, EventKind::ServerDraining { server: target });
        self.finish_drain_if_idle(target);
        Ok(())
    }

    pub(super) fn finish_drain_if_idle(&mut self, id: ServerId) {
        let server = &self.servers[id.index()];
        if server.status == ServerStatus::Draining && server.outstanding == 0 {
            self.switch_off(id);
        }
    }

    fn switch_off(&mut self, id: ServerId) {
        self.routable.retain(|r| *r != id);
        self.health.forget(id);
        self.departed += self.servers[id.index()].remove(self.now);
        self.log.push(self.now, EventKind::ServerRemoved { server: id });
    }

    /// Once a simulated second: close the second's measurements and let the autoscaler look.
    pub(super) fn tick(&mut self) {
        // Busy worker-time over the worker-time servers were up, so a big server counts for more
        // and a server up for part of the second counts for that part.
        let mut usage = std::mem::take(&mut self.departed);
        for server in self.servers.iter_mut().filter(|s| s.is_present()) {
            usage += server.tick(self.now);
            // A saturated server has recovered once a whole second passes without a drop.
            if server.saturated && server.dropped == server.dropped_at_tick {
                server.saturated = false;
                self.log.push(self.now, EventKind::ServerRecovered { server: server.id });
            }
            server.dropped_at_tick = server.dropped;
        }
        let serving = self.serving().count();
        let lag = self.database.as_ref().map_or(0, |db| db.view(self.now).max_lag());
        self.metrics.roll(self.second, serving, usage.utilization(), lag);
        let on = self.servers.iter().filter(|s| s.is_present() && !s.is_down()).count();
        self.metrics.traffic.roll(self.second, on as u64);
        self.watch_edge();
        self.second += 1;
        self.watch_retries();
        if self.config.autoscale.enabled {
            self.autoscale(usage);
        }
        if self.auth.is_some() {
            self.auth_tick();
        }
        self.schedule.push(self.now + SECOND, Action::Tick);
    }

    /// A second in which retries were at least half as many as new requests (and 10 or more)
    /// starts a retry storm; one with a tenth or fewer (none at all, in a quiet second) ends it.
    fn watch_retries(&mut self) {
        let Some(last) = self.metrics.series().next_back().copied() else { return };
        let stormy = last.retries >= 10 && 2 * last.retries >= last.arrivals;
        let calm = 10 * last.retries <= last.arrivals;
        if stormy && !self.retry_storm {
            self.retry_storm = true;
            self.log.push(self.now, EventKind::RetryStorm { retries: last.retries, arrivals: last.arrivals });
        } else if calm && self.retry_storm {
            self.retry_storm = false;
            self.log.push(self.now, EventKind::RetryStormOver);
        }
    }

    fn autoscale(&mut self, usage: Usage) {
        let config = self.config.autoscale;
        let members: Vec<Member> = self
            .servers
            .iter()
            .filter(|s| s.is_routable() || s.is_booting())
            .map(|s| Member { id: s.id, workers: s.spec.workers, booting: s.is_booting() })
            .collect();
        let size = ServerSpec::preset(config.size);
        let mut plan = self.autoscaler.on_second(&config, self.now, usage, &members, size.workers);
        // The world's own limits (servers, queued requests) may leave room for fewer.
        let room = self.room_for(&size);
        if plan.add > room {
            plan.workers -= (plan.add - room) as u32 * size.workers;
            plan.add = room;
        }
        if plan.is_empty() {
            return;
        }
        let from = members.len();
        let to = from + plan.add - plan.remove.len();
        // Outside [min, max] the limits decide, whatever the load; inside, the load does.
        let reason = if from > config.max_servers {
            ScaleReason::Maximum
        } else if from < config.min_servers {
            ScaleReason::Minimum
        } else {
            ScaleReason::Load
        };
        let reading = plan.reading.unwrap_or(Reading {
            busy_workers: usage.busy as f64 / SECOND as f64,
            utilization: usage.utilization(),
        });
        self.log.push(
            self.now,
            EventKind::Autoscaled {
                from,
                to,
                utilization: reading.utilization,
                busy_workers: reading.busy_workers,
                asked: plan.asked,
                workers: plan.workers,
                reason,
            },
        );
        self.carry_out(plan, size);
    }

    /// How many more servers like `spec` the world can hold now.
    fn room_for(&self, spec: &ServerSpec) -> usize {
        let (servers_left, queue_left) = self.room();
        match queue_left.checked_div(u64::from(spec.queue_capacity)) {
            Some(by_queue) => servers_left.min(by_queue as usize),
            None => servers_left,
        }
    }

    /// What the world can still hold: servers, and queue slots over all servers.
    fn room(&self) -> (usize, u64) {
        let present = self.servers.iter().filter(|s| s.is_present());
        let queued: u64 = present.clone().map(|s| u64::from(s.spec.queue_capacity)).sum();
        (MAX_SERVERS.saturating_sub(present.count()), MAX_QUEUED.saturating_sub(queued))
    }

    fn carry_out(&mut self, plan: Plan, size: ServerSpec) {
        for _ in 0..plan.add {
            // `room_for` made sure each one fits.
            let _ = self.add_server(size.clone(), true);
        }
        for id in plan.remove {
            // The plan never removes the last server taking traffic, so this cannot fail.
            let _ = self.remove_server(Some(id));
        }
    }
}
