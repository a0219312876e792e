//! A run's commands with their simulated times: the timeline a scenario plays, and the journal
//! of a learner's changes that Replay plays again. Applying the same commands at the same times
//! to a world with the same seed gives the same run, step for step.

use super::command::{Command, CommandError};
use super::time::Micros;
use super::world::World;

/// Commands at simulated times (microseconds), in time order; those before `next` have been
/// applied, the rest are still to come.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    commands: Vec<(Micros, Command)>,
    next: usize,
}

impl Script {
    /// A script that will apply `commands` (sorted by time, stable) as the world reaches them.
    pub fn new(mut commands: Vec<(Micros, Command)>) -> Self {
        commands.sort_by_key(|(at, _)| *at);
        Script { commands, next: 0 }
    }

    /// Advances `world` to `until`, applying each pending command when the world reaches its
    /// time, running at most `max_steps` simulated steps between two commands. Returns whether
    /// it got to `until` (else the world fell behind, as with [`World::advance_within`]), and
    /// the commands the world refused, with their times.
    pub fn advance_within(
        &mut self,
        world: &mut World,
        until: Micros,
        max_steps: usize,
    ) -> (bool, Vec<(Micros, CommandError)>) {
        let mut refused = Vec::new();
        while let Some((at, command)) = self.commands.get(self.next).filter(|(at, _)| *at <= until) {
            if !world.advance_within(*at, max_steps) {
                return (false, refused);
            }
            if let Err(e) = world.apply(command.clone()) {
                refused.push((*at, e));
            }
            self.next += 1;
        }
        (world.advance_within(until, max_steps), refused)
    }

    /// Applies `command` to `world` now and records it as the latest of the run. The actions
    /// still due at this very microsecond run first, as they do before a command on replay, so
    /// the replay is exact even after a Step or a frame that fell behind. Any commands still to
    /// come are dropped (a learner's own change takes over from a replay). A refused command
    /// changes nothing and is not recorded.
    pub fn apply_now(&mut self, world: &mut World, command: Command) -> Result<(), CommandError> {
        world.advance_to(world.now());
        world.apply(command.clone())?;
        self.commands.truncate(self.next);
        self.commands.push((world.now(), command));
        self.next = self.commands.len();
        Ok(())
    }

    /// The whole script, applied and pending, in time order.
    pub fn commands(&self) -> &[(Micros, Command)] {
        &self.commands
    }

    /// The next command still to come, with its time in simulated microseconds.
    pub fn next(&self) -> Option<&(Micros, Command)> {
        self.commands.get(self.next)
    }

    /// Commands still to come.
    pub fn pending(&self) -> usize {
        self.commands.len() - self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;
    use crate::sim::{ServerSize, ServerSpec, WorldConfig};

    #[test]
    fn replaying_a_journal_gives_the_same_run() {
        // A server added at 1 s boots until 6 s, the very microsecond of a tick. The learner
        // steps onto its becoming ready (the tick is still due at 6 s) and only then adds a
        // server: the replay must put that change after the tick too.
        let config = WorldConfig { seed: 9, ..WorldConfig::default() };
        let mut live = World::new(config.clone());
        let mut journal = Script::default();
        let booting = Command::AddServer { spec: ServerSpec::preset(ServerSize::Small), boot: true };
        live.advance_to(SECOND);
        journal.apply_now(&mut live, booting).unwrap();
        live.advance_to(6 * SECOND - 1);
        while live.servers()[2].is_booting() {
            live.step();
        }
        assert_eq!(live.now(), 6 * SECOND);
        assert_eq!(live.next_time(), 6 * SECOND, "the tick is still due");
        let add = Command::AddServer { spec: ServerSpec::preset(ServerSize::Large), boot: false };
        journal.apply_now(&mut live, add).unwrap();
        live.advance_to(7 * SECOND + 3);
        journal.apply_now(&mut live, Command::Burst).unwrap();
        live.advance_to(12 * SECOND);

        let mut replay = Script::new(journal.commands().to_vec());
        let mut world = World::new(config);
        let (done, refused) = replay.advance_within(&mut world, 12 * SECOND, usize::MAX);
        assert!(done && refused.is_empty());
        assert_eq!(world.digest(), live.digest());
        assert_eq!(world.events().iter().collect::<Vec<_>>(), live.events().iter().collect::<Vec<_>>());
        // The second that closed at 6 s counted the servers up at its end: the same in both.
        assert_eq!(world.metrics().series().collect::<Vec<_>>(), live.metrics().series().collect::<Vec<_>>());
        assert_eq!(replay.pending(), 0);
    }

    #[test]
    fn a_new_command_during_a_replay_drops_the_rest() {
        let mut script =
            Script::new(vec![(SECOND, Command::Burst), (9 * SECOND, Command::SetArrivalRate(5.0))]);
        let mut world = World::new(WorldConfig::default());
        script.advance_within(&mut world, 2 * SECOND, usize::MAX);
        assert_eq!(script.pending(), 1);
        script.apply_now(&mut world, Command::SetArrivalRate(50.0)).unwrap();
        assert_eq!(script.pending(), 0);
        assert_eq!(script.commands().len(), 2);
    }
}
