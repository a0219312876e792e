//! The request path: a user sends, the edge checks it (see [`super::edge`]), the balancer picks a
//! server, the server queues and serves, and the response travels back through the balancer to
//! the user. Every request ends here, once: served, dropped, failed or blocked.

use super::{DropMark, World, RECENT_DROPS, RECENT_TRACES};
use crate::sim::attack::{user_address, Origin};
use crate::sim::config::ServiceDistribution;
use crate::sim::draw::below;
use crate::sim::event::EventKind;
use crate::sim::request::{Call, DropReason, FailReason, Loss, Phase, Request};
use crate::sim::schedule::Action;
use crate::sim::server::ServerId;
use crate::sim::time::{round_micros, SECOND};
use crate::sim::trace::{Ending, TraceView};

impl World {
    /// A user sends a request: it sets off for the edge, and the next one is scheduled.
    pub(super) fn arrive(&mut self) {
        let client = below(&mut self.rng, self.config.clients.max(1));
        let address = user_address(client, self.config.nat);
        let call = if self.auth.is_some() { self.user_call(client) } else { Call::Plain };
        self.send(Origin::User(client), client, address, call);
        self.schedule_next_arrival(self.arrival_rate());
    }

    /// The balancer picks a server and forwards the request, or drops it if none can take it. A
    /// retry goes to another server than the one that failed it, when there is another.
    pub(super) fn route(&mut self, slot: u32) {
        // The balancer counts what it knows as this action runs.
        self.settle_balancer();
        let request = self.requests.get_mut(slot);
        let client = request.client;
        let failed_on = (request.phase == Phase::Retrying).then_some(request.server).flatten();
        let others: Vec<_>;
        let candidates = match failed_on {
            Some(tried) if self.routable.len() > 1 => {
                others = self.routable.iter().copied().filter(|id| *id != tried).collect();
                &others
            }
            _ => &self.routable,
        };
        let Some(id) = self.balancer.pick(candidates, &self.servers, client, &mut self.rng) else {
            self.drop_request(slot, None, DropReason::NoServer);
            return;
        };
        let end = self.now + self.config.links.balancer_to_server;
        // The same request as above: the pick touches only the balancer's side.
        request.server = Some(id);
        request.phase = Phase::ToServer;
        request.phase_start = self.now;
        request.phase_end = end;
        self.servers[id.index()].outstanding += 1;
        self.fold(id.0 as u64);
        self.schedule.push(end, Action::ReachServer(slot));
        if self.tls.inner_tap {
            self.tap_inner(slot, id);
        }
    }

    /// The request reaches its server: a free worker takes it, or it waits in the queue, or the
    /// queue is full and it is dropped (the refusal travels back through the balancer). A server
    /// that is down (or still booting after a restore) fails it.
    pub(super) fn admit(&mut self, slot: u32) {
        let request = self.requests.get_mut(slot);
        let id = request.server.expect("routed requests have a server");
        if request.origin.is_attack() && request.attempts == 1 {
            self.metrics.traffic.record_reached();
        }
        let server = &mut self.servers[id.index()];
        if !server.serves() {
            server.outstanding -= 1;
            self.release_later(id);
            self.end_or_retry(slot, id, Loss::Failed(FailReason::ServerDown));
            return;
        }
        if server.has_free_worker() {
            self.start_service(slot, id);
        } else if server.has_queue_room() {
            server.queue.push_back(slot);
            request.phase = Phase::Queued;
            request.phase_start = self.now;
        } else {
            server.outstanding -= 1;
            server.dropped += 1;
            if !server.saturated {
                server.saturated = true;
                self.log.push(self.now, EventKind::ServerSaturated { server: id });
            }
            self.release_later(id);
            self.end_or_retry(slot, id, Loss::Dropped(DropReason::QueueFull));
            self.finish_drain_if_idle(id);
        }
    }

    fn start_service(&mut self, slot: u32, id: ServerId) {
        let spec = &self.servers[id.index()].spec;
        let duration = match spec.distribution {
            ServiceDistribution::Fixed => spec.mean_service,
            ServiceDistribution::Exponential => {
                let mean = spec.mean_service.max(1) as f64;
                round_micros(self.service_draw.sample(mean, |mean| 1.0 / mean, &mut self.rng))
            }
        };
        // In end-to-end TLS the server decrypts the request first (0 otherwise).
        let duration = duration + self.tls.server_cpu;
        self.servers[id.index()].change_busy(self.now, 1);
        let request = self.requests.get_mut(slot);
        request.phase = Phase::InService;
        request.phase_start = self.now;
        request.phase_end = self.now + duration;
        let (id, attempt) = (request.id, request.attempts);
        self.schedule.push(self.now + duration, Action::ServiceDone { slot, id, attempt });
    }

    /// A worker finishes: the request's query goes to the database if there is one, else the
    /// response heads back; the worker takes the next queued request.
    pub(super) fn finish_service(&mut self, slot: u32) {
        let id = self.requests.get_mut(slot).server.expect("served requests have a server");
        let server = &mut self.servers[id.index()];
        server.change_busy(self.now, -1);
        server.outstanding -= 1;
        server.served += 1;
        let next = server.queue.pop_front();
        if self.auth.is_some() {
            self.answer(slot);
        }
        if self.database.is_some() {
            self.send_query(slot, id);
        } else {
            self.respond(slot, id);
        }
        match next {
            Some(waiting) => self.start_service(waiting, id),
            None => self.finish_drain_if_idle(id),
        }
    }

    /// The response heads from server `id` back through the balancer to the client. The
    /// balancer counts the request as active until the response passes back through it.
    // Inlined: once for every request, from `finish_service`.
    #[inline(always)]
    pub(super) fn respond(&mut self, slot: u32, id: ServerId) {
        let links = self.config.links;
        let end = self.now + links.balancer_to_server + links.client_to_balancer;
        let request = self.requests.get_mut(slot);
        request.phase = Phase::ToClient;
        request.phase_start = self.now;
        request.phase_end = end;
        self.release_later(id);
        let place = self.schedule.reserve(end);
        self.deliveries.push(place, slot);
    }

    /// The response (or refusal, or broken connection) from server `id` passes back through the
    /// balancer a link's delay from now; the balancer stops counting its request as active then.
    // Inlined: once for every request, from `respond`.
    #[inline(always)]
    pub(super) fn release_later(&mut self, id: ServerId) {
        let place = self.schedule.reserve(self.now + self.config.links.balancer_to_server);
        self.balancer.release_at(place, id);
    }

    /// A request lost at server `id`: it heads back to the balancer to try another server if
    /// retries allow (tries left, and a retry left in the budget), else it ends.
    pub(super) fn end_or_retry(&mut self, slot: u32, id: ServerId, loss: Loss) {
        let retries = self.config.retries;
        let tries_left = self.requests.get_mut(slot).attempts < retries.max_attempts;
        // A budget of 1 is no budget; otherwise each retry spends one that requests earned.
        let affordable = retries.budget >= 1.0 || self.retry_tokens >= 1.0;
        if tries_left && affordable {
            if retries.budget < 1.0 {
                self.retry_tokens -= 1.0;
            }
            let request = self.requests.get_mut(slot);
            request.attempts += 1;
            request.phase = Phase::Retrying;
            request.phase_start = self.now;
            request.phase_end = self.now + self.config.links.balancer_to_server;
            let back = request.phase_end;
            self.metrics.record_retry();
            self.fold(0xE0 + u64::from(loss == Loss::Dropped(DropReason::QueueFull)));
            self.schedule.push(back, Action::ReachBalancer(slot));
            return;
        }
        self.end_request(slot, Some(id), loss);
    }

    pub(super) fn drop_request(&mut self, slot: u32, server: Option<ServerId>, reason: DropReason) {
        self.end_request(slot, server, Loss::Dropped(reason));
    }

    /// Ends the request in `slot` unserved, counting how.
    pub(super) fn end_request(&mut self, slot: u32, server: Option<ServerId>, loss: Loss) {
        let request = self.requests.remove(slot);
        self.leave_edge(&request);
        self.remember(&request, Ending::Lost(loss));
        let blocked = match loss {
            Loss::Blocked(defence) => Some(defence),
            _ => None,
        };
        self.metrics.traffic.record_lost(request.origin.is_attack(), blocked);
        match loss {
            Loss::Dropped(reason) => {
                self.fold(0xD0 + reason.index() as u64);
                self.metrics.record_drop(reason);
            }
            Loss::Failed(reason) => {
                self.fold(0xF0 + reason.index() as u64);
                self.metrics.record_failure(reason);
            }
            Loss::Blocked(defence) => {
                self.fold(0xB0 + defence.index() as u64);
                self.metrics.record_blocked();
            }
        }
        if self.recent_drops.len() == RECENT_DROPS {
            self.recent_drops.pop_front();
        }
        self.recent_drops.push_back(DropMark { time: self.now, server, loss });
    }

    /// A response reaches its user (or its bot): the request is served. With authentication
    /// on, its sender learns the app's answer; a user's request refused (401, 403, 423, 429)
    /// was served but is no success for the user.
    pub(super) fn deliver(&mut self, slot: u32) {
        let request = self.requests.remove(slot);
        let latency = self.now - request.created;
        let ok = request.call == Call::Plain || self.learn(&request);
        let user = !request.origin.is_attack();
        self.metrics.record_served(latency, user && ok);
        if user && !ok {
            self.metrics.traffic.record_refused();
        }
        self.leave_edge(&request);
        self.remember(&request, Ending::Served(latency));
    }

    /// Keeps the trace of a request that ended, for the learner to look up.
    fn remember(&mut self, request: &Request, ending: Ending) {
        if self.recent_traces.len() == RECENT_TRACES {
            self.recent_traces.pop_front();
        }
        self.recent_traces.push_back(TraceView {
            id: request.id,
            origin: request.origin,
            address: request.address,
            trace: request.trace,
            ending: Some(ending),
            answer: request.call.answer(),
        });
    }

    /// Draws a fresh time to the next arrival at the current rate. Poisson arrivals are
    /// memoryless, so redrawing after a rate change is exact.
    pub(super) fn restart_arrivals(&mut self) {
        self.arrival_epoch += 1;
        self.next_arrival = self.now as f64;
        let rate = self.arrival_rate();
        // At no rate, no arrival until the next restart.
        if rate > 0.0 && rate.is_finite() {
            self.schedule_next_arrival(rate);
        }
    }

    /// Schedules the next arrival at `rate`, the arrival rate now. The rate changes only with a
    /// restart, so it is checked there: an arrival of the current epoch runs only if the restart
    /// found the rate positive, and it still is.
    fn schedule_next_arrival(&mut self, rate: f64) {
        debug_assert!(rate > 0.0 && rate.is_finite(), "arrivals run only at a positive rate");
        let gap = self.arrival_draw.sample(rate, |rate| rate / SECOND as f64, &mut self.rng);
        // Keep the exact time in floating point so rounding to whole microseconds never drifts.
        self.next_arrival += gap;
        let at = round_micros(self.next_arrival).max(self.now);
        self.schedule.push(at, Action::Arrival { epoch: self.arrival_epoch });
    }
}
