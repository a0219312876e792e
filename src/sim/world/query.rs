//! The request path's database stage: after its server's work, a request reads or writes one
//! key at a database node, and the answer comes back through the server.

use rand::RngExt;
use rand_distr::{Distribution, Exp};

use super::World;
use crate::sim::database::{Admission, Query};
use crate::sim::draw::below;
use crate::sim::request::{FailReason, Loss, Phase};
use crate::sim::schedule::Action;
use crate::sim::server::ServerId;
use crate::sim::time::round_micros;

impl World {
    /// Server `id` sends the request's query to the node that takes it, or fails the request if
    /// none can.
    pub(super) fn send_query(&mut self, slot: u32, id: ServerId) {
        let db = self.database.as_ref().expect("queries are sent only with a database");
        let (read_share, keys, link) = (db.config().read_share, db.config().keys, db.config().link);
        let key = below(&mut self.rng, keys);
        // Each request reads with the read share's probability, else writes.
        let query = if self.rng.random::<f64>() < read_share { Query::Read(key) } else { Query::Write(key) };
        let db = self.database.as_mut().expect("checked above");
        // Nodes stop and start only through calls that the world acts on at once, so which
        // nodes run is known without bringing the storage up to now.
        let node = match db.pick(query) {
            Ok(node) => node,
            Err(reason) => return self.fail_at_server(slot, id, reason),
        };
        let request = self.requests.get_mut(slot);
        request.query = Some(query);
        request.node = Some(node);
        request.phase = Phase::ToDatabase;
        request.phase_start = self.now;
        request.phase_end = self.now + link;
        self.fold(node.0 as u64);
        self.schedule.push(self.now + link, Action::ReachDatabase(slot));
    }

    /// The query reaches its node: a worker takes it, or it waits, or it fails because the node
    /// is down or its queue is full.
    pub(super) fn reach_database(&mut self, slot: u32) {
        let request = self.requests.get_mut(slot);
        let node = request.node.expect("queries have a node");
        let server = request.server.expect("queries come from a server");
        let db = self.database.as_mut().expect("queries are sent only with a database");
        if !db.storage.nodes()[node.index()].is_up() {
            return self.fail_at_server(slot, server, FailReason::DatabaseDown);
        }
        // Its disks are sealed under a destroyed key: the node cannot read them.
        if self.at_rest.shredded {
            return self.fail_at_server(slot, server, FailReason::KeyDestroyed);
        }
        match db.admit(node, slot) {
            Admission::Serving => self.start_query(slot),
            Admission::Queued => {
                let request = self.requests.get_mut(slot);
                request.phase = Phase::DatabaseQueued;
                request.phase_start = self.now;
            }
            Admission::Full => self.fail_at_server(slot, server, FailReason::DatabaseBusy),
        }
    }

    /// A worker of the request's node starts on its query.
    fn start_query(&mut self, slot: u32) {
        let db = self.database.as_ref().expect("queries are sent only with a database");
        let mean = db.config().mean_service.max(1) as f64;
        let service = round_micros(Exp::new(1.0 / mean).expect("positive rate").sample(&mut self.rng));
        let request = self.requests.get_mut(slot);
        let hold = db.hold_time(request.query.expect("queries have a kind"), service);
        request.phase = Phase::DatabaseService;
        request.phase_start = self.now;
        request.phase_end = self.now + hold;
        let id = request.id;
        self.schedule.push(self.now + hold, Action::DatabaseDone { slot, id });
    }

    /// The node finishes the query: a write is acknowledged (or refused), a read returns the
    /// newest version the node holds, stale if an acknowledged one is newer; the answer heads
    /// back to the server, and the worker takes the next waiting query.
    pub(super) fn finish_query(&mut self, slot: u32, id: u64) {
        let live = self.requests.get(slot).is_some_and(|r| r.id == id && r.phase == Phase::DatabaseService);
        if !live {
            return;
        }
        let request = self.requests.get_mut(slot);
        let (node, query) =
            (request.node.expect("queries have a node"), request.query.expect("queries have a kind"));
        let server = request.server.expect("queries come from a server");
        let db = self.database.as_mut().expect("queries are sent only with a database");
        let next = db.stations[node.index()].finish();
        let refused = match query {
            Query::Write(key) => {
                let refused = db.storage.write(self.now, key).is_err();
                // An asynchronous write is on its way to the replicas: the view sees it arrive
                // even if no other query comes by.
                self.plan_delivery();
                refused
            }
            Query::Read(key) => {
                // Writes due at replicas by now arrive before the read.
                db.storage.advance(self.now);
                let fresh = db.storage.read(node, key).is_none_or(|read| read.is_fresh());
                self.metrics.record_read(fresh);
                false
            }
        };
        self.absorb_storage();
        if let Some(waiting) = next {
            self.start_query(waiting);
        }
        if refused {
            return self.fail_at_server(slot, server, FailReason::WriteRefused);
        }
        let link = self.database.as_ref().expect("checked above").config().link;
        let request = self.requests.get_mut(slot);
        request.phase = Phase::FromDatabase;
        request.phase_start = self.now;
        request.phase_end = self.now + link;
        self.schedule.push(self.now + link, Action::BackFromDatabase(slot));
    }

    /// The answer is back at the server, which sends the response on to the client.
    pub(super) fn back_from_database(&mut self, slot: u32) {
        let server = self.requests.get_mut(slot).server.expect("queries come from a server");
        self.respond(slot, server);
    }

    /// The request ends failed at its server (the database could not answer); the failure
    /// travels back through the balancer, which stops counting it as active there.
    pub(super) fn fail_at_server(&mut self, slot: u32, server: ServerId, reason: FailReason) {
        self.release_later(server);
        self.end_request(slot, Some(server), Loss::Failed(reason));
    }
}
