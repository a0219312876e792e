//! The botnet's attack: it starts (from a command, or at its time from the world's config),
//! its bots send their traffic as a Poisson stream, and it stops, its bots dropping the
//! connections they hold.

use std::net::Ipv4Addr;

use rand::RngExt;
use rand_distr::{Distribution, Exp};

use super::World;
use crate::sim::attack::{bot_address, AttackConfig, AttackKind, Origin};
use crate::sim::command::CommandError;
use crate::sim::draw::below;
use crate::sim::event::EventKind;
use crate::sim::request::{Call, DropReason};
use crate::sim::schedule::Action;
use crate::sim::time::{round_micros, SECOND};

impl World {
    /// A bot sends: a request, a SYN, a connection or a packet, by the attack's kind. Forged
    /// and reflected traffic comes from any address at all.
    pub(super) fn attack_arrive(&mut self) {
        let Some(attack) = self.attack else { return };
        let bot = below(&mut self.rng, attack.bots);
        let address = match attack.kind {
            AttackKind::SynFlood | AttackKind::Volumetric => Ipv4Addr::from(self.rng.random::<u32>()),
            AttackKind::HttpFlood | AttackKind::Slowloris | AttackKind::CredentialStuffing => {
                bot_address(bot)
            }
        };
        let call = match attack.kind {
            AttackKind::CredentialStuffing => self.stuffing_call(attack.hit_rate),
            _ => Call::Plain,
        };
        self.send(Origin::Bot(bot, attack.kind), self.config.clients + bot, address, call);
        self.schedule_next_attack();
    }

    fn schedule_next_attack(&mut self) {
        let Some(attack) = self.attack else { return };
        let gap = Exp::new(attack.rate() / SECOND as f64).expect("positive rate").sample(&mut self.rng);
        self.next_attack += gap;
        let at = round_micros(self.next_attack).max(self.now);
        self.schedule.push(at, Action::AttackArrival { epoch: self.attack_epoch });
    }

    /// Starts (or restarts with new settings) the botnet's attack.
    pub(super) fn start_attack(&mut self, attack: AttackConfig) -> Result<(), CommandError> {
        attack.check().map_err(|(what, why)| CommandError::Attack(format!("{what}: {why}")))?;
        self.stop_bots();
        self.attack = Some(attack);
        self.attack_epoch += 1;
        self.next_attack = self.now as f64;
        self.schedule_next_attack();
        self.log.push(self.now, EventKind::AttackStarted { attack, uplink_loss: self.uplink_loss() });
        Ok(())
    }

    /// The attack of the world's config starts at its time, unless an attack was started or
    /// stopped before then (which takes its place, or calls it off).
    pub(super) fn scenario_attack_starts(&mut self) {
        if let (Some(attack), true) = (self.config.attack, self.scenario_attack_pending()) {
            let _ = self.start_attack(attack);
        }
    }

    /// Whether the attack of the world's config is still to start.
    pub(super) fn scenario_attack_pending(&self) -> bool {
        self.attack_epoch == 0 && self.config.attack.is_some()
    }

    /// Stops the attack: the bots stop sending and drop the connections they hold open. An
    /// attack still to start (from the world's config) is called off.
    pub(super) fn stop_attack(&mut self) -> Result<(), CommandError> {
        if self.attack.is_none() && !self.scenario_attack_pending() {
            return Err(CommandError::NoAttack);
        }
        self.stop_bots();
        self.attack_epoch += 1;
        // An attack called off before it started is not news.
        if self.attack.take().is_some() {
            self.log.push(self.now, EventKind::AttackStopped);
        }
        Ok(())
    }

    fn stop_bots(&mut self) {
        for slot in self.edge.release_trickling() {
            self.requests.get_mut(slot).conn = None;
            self.drop_request(slot, None, DropReason::Abandoned);
        }
    }
}
