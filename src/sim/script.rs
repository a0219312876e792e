//! A run's commands with their simulated times: the timeline a scenario plays, and the journal
//! of a learner's changes that Replay (or a shared link) plays again. Applying the same commands
//! at the same times to a world with the same seed gives the same run, step for step.

use super::command::{Command, CommandError};
use super::time::Micros;
use super::world::World;

/// One command of a script, and whose it is.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    at: Micros,
    command: Command,
    /// The learner's change (dropped from a replay when the learner changes something else),
    /// not the scenario's (which always plays).
    change: bool,
}

/// Commands at simulated times (microseconds), in time order; those before `next` have been
/// applied, the rest are still to come. At the same microsecond the scenario's commands come
/// before the learner's changes, as they do live.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    entries: Vec<Entry>,
    next: usize,
}

impl Script {
    /// A script that will apply a scenario's `timeline` (sorted by time, stable) as the world
    /// reaches it.
    pub fn new(timeline: Vec<(Micros, Command)>) -> Self {
        Script::with_changes(timeline, Vec::new())
    }

    /// A scenario's `timeline` with a learner's earlier `changes` to replay among it.
    pub fn with_changes(timeline: Vec<(Micros, Command)>, changes: Vec<(Micros, Command)>) -> Self {
        let planned = timeline.into_iter().map(|(at, command)| Entry { at, command, change: false });
        let changes = changes.into_iter().map(|(at, command)| Entry { at, command, change: true });
        let mut entries: Vec<Entry> = planned.chain(changes).collect();
        entries.sort_by_key(|e| (e.at, e.change));
        Script { entries, next: 0 }
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
        while let Some(entry) = self.entries.get(self.next).filter(|e| e.at <= until) {
            if !world.advance_within(entry.at, max_steps) {
                return (false, refused);
            }
            if let Err(e) = world.apply(entry.command.clone()) {
                refused.push((entry.at, e));
            }
            self.next += 1;
        }
        (world.advance_within(until, max_steps), refused)
    }

    /// Applies the learner's `command` to `world` now and records it as their latest change.
    /// The actions and commands still due at this very microsecond run first, as they do before
    /// a change on replay, so the replay is exact even after a Step or a frame that fell behind.
    /// The learner's changes still to come are dropped (their own change takes over from a
    /// replay); the scenario's stay. A refused command changes nothing and is not recorded.
    pub fn apply_now(&mut self, world: &mut World, command: Command) -> Result<(), CommandError> {
        self.advance_within(world, world.now(), usize::MAX);
        world.apply(command.clone())?;
        let next = self.next;
        let mut index = 0;
        self.entries.retain(|e| {
            index += 1;
            index <= next || !e.change
        });
        self.entries.insert(next, Entry { at: world.now(), command, change: true });
        self.next += 1;
        Ok(())
    }

    /// Every command, applied and pending, in time order: the timeline that plays this run again.
    pub fn commands(&self) -> Vec<(Micros, Command)> {
        self.entries.iter().map(|e| (e.at, e.command.clone())).collect()
    }

    /// The learner's changes, applied and pending, in time order.
    pub fn changes(&self) -> Vec<(Micros, Command)> {
        self.entries.iter().filter(|e| e.change).map(|e| (e.at, e.command.clone())).collect()
    }

    /// How many changes the learner has made (applied and pending), without copying them.
    pub fn change_count(&self) -> usize {
        self.entries.iter().filter(|e| e.change).count()
    }

    /// The next command still to come, with its time in simulated microseconds.
    pub fn next(&self) -> Option<(Micros, &Command)> {
        self.entries.get(self.next).map(|e| (e.at, &e.command))
    }

    /// Whether some of the learner's earlier changes are still to be replayed.
    pub fn replaying(&self) -> bool {
        self.entries[self.next..].iter().any(|e| e.change)
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

        let mut replay = Script::with_changes(Vec::new(), journal.changes());
        let mut world = World::new(config);
        let (done, refused) = replay.advance_within(&mut world, 12 * SECOND, usize::MAX);
        assert!(done && refused.is_empty());
        assert_eq!(world.digest(), live.digest());
        assert_eq!(world.events().iter().collect::<Vec<_>>(), live.events().iter().collect::<Vec<_>>());
        // The second that closed at 6 s counted the servers up at its end: the same in both.
        assert_eq!(world.metrics().series().collect::<Vec<_>>(), live.metrics().series().collect::<Vec<_>>());
        assert!(replay.next().is_none());
    }

    #[test]
    fn a_new_change_during_a_replay_drops_the_rest_of_the_changes_but_not_the_scenario() {
        let timeline = vec![(3 * SECOND, Command::SetAutoscaling(true)), (9 * SECOND, Command::StopAttack)];
        let changes = vec![(SECOND, Command::Burst), (9 * SECOND, Command::SetArrivalRate(5.0))];
        let mut script = Script::with_changes(timeline, changes);
        let mut world = World::new(WorldConfig::default());
        script.advance_within(&mut world, 2 * SECOND, usize::MAX);
        assert!(script.replaying());
        script.apply_now(&mut world, Command::SetArrivalRate(50.0)).unwrap();
        assert!(!script.replaying());
        assert_eq!(script.changes(), [(SECOND, Command::Burst), (2 * SECOND, Command::SetArrivalRate(50.0))]);
        assert_eq!(script.commands().len(), 4, "the scenario's commands still play");
        assert_eq!(script.change_count(), 2);
        assert_eq!(script.next(), Some((3 * SECOND, &Command::SetAutoscaling(true))));
    }

    #[test]
    fn a_scenario_command_due_now_comes_before_the_learners_change_as_on_replay() {
        let timeline = vec![(2 * SECOND, Command::SetArrivalRate(10.0))];
        let mut live = Script::new(timeline.clone());
        let mut world = World::new(WorldConfig::default());
        world.advance_to(2 * SECOND);
        live.apply_now(&mut world, Command::SetArrivalRate(70.0)).unwrap();
        assert_eq!(world.arrival_rate(), 70.0, "the learner's change came last");
        let replay = Script::with_changes(timeline, live.changes());
        assert_eq!(replay.commands(), live.commands());
    }
}
