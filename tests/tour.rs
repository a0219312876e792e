//! The guided tour: every chapter can be completed by doing what it asks, its outcome carries the
//! learner's own numbers and tells the truth about them, and nothing else completes it.

use ds_playground::sim::scenario::Scenario;
use ds_playground::sim::script::Script;
use ds_playground::sim::time::{Micros, SECOND};
use ds_playground::sim::{Command, World};
use ds_playground::teach::tour::{summary, Chapter, Guide, Phase, Progress, CLOSING, RESTARTED, WATCH};

#[path = "support/scenario_run.rs"]
mod scenario_run;

use scenario_run::{bundled, command, number_after};

/// The bundled scenario a chapter loads.
fn scenario_of(chapter: Chapter) -> Scenario {
    bundled(chapter.scenario().expect("the summary loads nothing"))
}

/// What the learner does in each chapter.
fn the_act(chapter: Chapter) -> Command {
    match chapter {
        Chapter::Scaling => command(r#""type":"add-server","size":"small""#),
        Chapter::LoadBalancing => command(r#""type":"set-algorithm","algorithm":"least-connections""#),
        Chapter::FaultTolerance => command(r#""type":"crash-server","server":1"#),
        Chapter::RedundantStorage => command(r#""type":"fail-disk","node":"primary","disk":0"#),
        Chapter::Encryption => command(r#""type":"set-tls","mode":"edge","version":"1.3""#),
        Chapter::AccessControl => command(r#""type":"revoke-tokens","account":0"#),
        Chapter::DdosDefences => command(r#""type":"set-defence","ids":{"threshold":25,"auto_block_s":60}"#),
        Chapter::Summary => unreachable!(),
    }
}

/// A learner in one chapter: the world, its timeline, and the guide watching.
struct Learner {
    world: World,
    script: Script,
    guide: Guide,
}

impl Learner {
    fn open(chapter: Chapter) -> Learner {
        let scenario = scenario_of(chapter);
        let mut world = World::new(scenario.config.clone());
        let snapshot = world.snapshot();
        let guide = Guide::new(chapter, world.events().total(), &snapshot);
        Learner { world, script: Script::new(scenario.timeline), guide }
    }

    /// Runs to `until`, the guide looking every quarter of a simulated second (as the page's
    /// metrics do); returns the outcome if the chapter finished on the way.
    fn run_to(&mut self, until: Micros) -> Option<String> {
        let mut outcome = None;
        while self.world.now() < until {
            let next = (self.world.now() + SECOND / 4).min(until);
            self.script.advance_within(&mut self.world, next, usize::MAX);
            let snapshot = self.world.snapshot();
            let seen = self.guide.seen();
            outcome = outcome.or(self.guide.observe(&snapshot, self.world.events().since(seen)));
        }
        outcome
    }

    /// Does `command` now, the guide looking just before and just after, as the page does
    /// around each of the learner's commands.
    fn act(&mut self, command: Command) {
        let snapshot = self.world.snapshot();
        self.guide.look_before_act(&snapshot);
        self.script.apply_now(&mut self.world, command).expect("the world takes the chapter's act");
        let snapshot = self.world.snapshot();
        let seen = self.guide.seen();
        assert_eq!(self.guide.observe(&snapshot, self.world.events().since(seen)), None);
    }
}

/// Opens `chapter`, lets it run 20 s, does what it asks, and returns the outcome.
fn complete(chapter: Chapter) -> String {
    let mut learner = Learner::open(chapter);
    assert_eq!(learner.run_to(20 * SECOND), None, "{}: nothing done yet", chapter.slug());
    assert_eq!(*learner.guide.phase(), Phase::Asking);
    learner.act(the_act(chapter));
    let outcome = learner.run_to(20 * SECOND + WATCH + 6 * SECOND);
    let outcome =
        outcome.unwrap_or_else(|| panic!("{} did not finish: {:?}", chapter.slug(), learner.guide.phase()));
    assert_eq!(*learner.guide.phase(), Phase::Done(outcome.clone()));
    outcome
}

#[test]
fn adding_a_server_lowers_p95_and_says_by_how_much() {
    let outcome = complete(Chapter::Scaling);
    assert!(outcome.starts_with("p95 latency fell from"), "{outcome}");
    assert!(outcome.contains("added server 1 (1 → 2 servers taking traffic)"), "{outcome}");
}

#[test]
fn counting_connections_spares_the_small_server() {
    let outcome = complete(Chapter::LoadBalancing);
    assert!(outcome.starts_with("p95 latency fell from"), "{outcome}");
    assert!(
        outcome.contains("switched to least connections; the small server 0's utilization fell from"),
        "{outcome}"
    );
}

#[test]
fn a_crash_costs_a_few_requests_until_the_health_checks_catch_it() {
    let outcome = complete(Chapter::FaultTolerance);
    assert!(outcome.starts_with("You crashed server 1:"), "{outcome}");
    let caught = number_after(&outcome, "took it out");
    assert!((4.0..=8.0).contains(&caught), "three failed checks 2 s apart: {outcome}");
    assert!(number_after(&outcome, "You crashed server 1:") > 0.0, "requests sent to it failed: {outcome}");
    assert!(outcome.contains("and 3 servers carried on"), "{outcome}");
}

#[test]
fn a_dead_disk_loses_no_acknowledged_write() {
    let outcome = complete(Chapter::RedundantStorage);
    assert!(number_after(&outcome, "acknowledged") > 50.0, "{outcome}");
    assert_eq!(number_after(&outcome, "writes and lost"), 0.0, "{outcome}");
}

#[test]
fn tls_leaves_the_eavesdropper_nothing_to_read() {
    let outcome = complete(Chapter::Encryption);
    assert!(number_after(&outcome, "Before, the eavesdropper could read") > 0.0, "{outcome}");
    assert_eq!(number_after(&outcome, "it could read"), 0.0, "{outcome}");
    assert!(number_after(&outcome, "it could read 0 of the") > 0.0, "it went on recording: {outcome}");
}

#[test]
fn revoking_the_token_stops_the_thief() {
    let outcome = complete(Chapter::AccessControl);
    assert!(number_after(&outcome, "The thief's copy worked") > 2.0, "{outcome}");
    assert!(outcome.contains("tokens, and 0 times in the"), "{outcome}");
    assert!(number_after(&outcome, "after;") > 0.0, "the thief's calls are refused now: {outcome}");
}

#[test]
fn a_defence_brings_the_users_back() {
    let outcome = complete(Chapter::DdosDefences);
    assert!(outcome.starts_with("Users' success rose from"), "{outcome}");
    assert!(number_after(&outcome, "the defences blocked") > 1000.0, "{outcome}");
}

#[test]
fn only_the_chapters_own_act_finishes_it() {
    // Scaling ignores an algorithm change, and stays asking however long it runs.
    let mut learner = Learner::open(Chapter::Scaling);
    learner.run_to(5 * SECOND);
    learner.act(the_act(Chapter::LoadBalancing));
    assert_eq!(learner.run_to(40 * SECOND), None);
    assert_eq!(*learner.guide.phase(), Phase::Asking);
    // Switching to round robin is not switching away from it.
    let mut learner = Learner::open(Chapter::LoadBalancing);
    learner.run_to(5 * SECOND);
    learner.act(command(r#""type":"set-algorithm","algorithm":"round-robin""#));
    assert_eq!(learner.run_to(40 * SECOND), None);
    // Doing more than asked is fine: a second crash meanwhile still finishes the chapter.
    let mut learner = Learner::open(Chapter::FaultTolerance);
    learner.run_to(5 * SECOND);
    learner.act(the_act(Chapter::FaultTolerance));
    learner.run_to(6 * SECOND);
    learner.act(command(r#""type":"crash-server","server":2"#));
    let outcome = learner.run_to(5 * SECOND + WATCH + 2 * SECOND).expect("finished");
    assert!(outcome.contains("and 2 servers carried on"), "{outcome}");
}

#[test]
fn the_summary_reads_back_each_chapter_in_order_and_ends_with_the_dialogue() {
    let mut progress = Progress::default();
    progress.finish(Chapter::Scaling, "p95 latency fell from 1.20 s to 310 ms");
    let lines = summary(&progress);
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0], (Chapter::Scaling, "p95 latency fell from 1.20 s to 310 ms".to_string()));
    assert!(lines[1].1.starts_with("Not done yet"));
    assert!(CLOSING.contains("encryption, access controls and"));
}

#[test]
fn a_prediction_is_taken_before_the_act_and_marked_right_or_wrong() {
    // Right: adding a server makes p95 fall.
    let mut learner = Learner::open(Chapter::Scaling);
    let question = learner.guide.question().expect("scaling asks for a prediction");
    assert_eq!(question.answers, ["fall", "stay about the same", "rise"]);
    assert!(!learner.guide.predict(3), "no such answer");
    assert!(learner.guide.predict(0));
    learner.run_to(20 * SECOND);
    learner.act(the_act(Chapter::Scaling));
    assert!(!learner.guide.predict(2), "too late to change it once the learner acted");
    learner.run_to(20 * SECOND + WATCH + SECOND).expect("finished");
    assert_eq!(learner.guide.predicted_right(), Some(true));
    assert!(learner.guide.status(learner.world.now()).ends_with("Your prediction, “fall”, was right."));
    // Wrong: the thief's copy does not keep working once revoked.
    let mut learner = Learner::open(Chapter::AccessControl);
    learner.guide.predict(0);
    learner.run_to(20 * SECOND);
    learner.act(the_act(Chapter::AccessControl));
    learner.run_to(20 * SECOND + WATCH + SECOND).expect("finished");
    assert_eq!(learner.guide.predicted_right(), Some(false));
    assert!(learner.guide.status(learner.world.now()).ends_with("what happened was “stop working”."));
    // No prediction, no verdict.
    let mut learner = Learner::open(Chapter::RedundantStorage);
    learner.run_to(20 * SECOND);
    learner.act(the_act(Chapter::RedundantStorage));
    learner.run_to(20 * SECOND + WATCH + SECOND).expect("finished");
    assert_eq!(learner.guide.predicted_right(), None);
}

#[test]
fn every_chapters_act_comes_true_as_its_outcome_says() {
    // The answer that came true agrees with the numbers in the outcome sentence.
    let expected = [
        (Chapter::Scaling, 0),
        (Chapter::LoadBalancing, 0),
        (Chapter::FaultTolerance, 1),
        (Chapter::RedundantStorage, 0),
        (Chapter::Encryption, 1),
        (Chapter::AccessControl, 1),
        (Chapter::DdosDefences, 0),
    ];
    for (chapter, truth) in expected {
        let mut learner = Learner::open(chapter);
        let wrong = (truth + 1) % learner.guide.question().expect("asked").answers.len();
        learner.guide.predict(wrong);
        learner.run_to(20 * SECOND);
        learner.act(the_act(chapter));
        learner.run_to(20 * SECOND + WATCH + 6 * SECOND).expect("finished");
        assert_eq!(learner.guide.predicted_right(), Some(false), "{}", chapter.slug());
    }
}

#[test]
fn a_chapter_started_again_on_a_new_run_says_so_until_the_learner_acts() {
    let mut learner = Learner::open(Chapter::Scaling);
    let now = learner.world.now();
    assert_eq!(learner.guide.status(now), "Chapter 1, Scaling: waiting for you to do it.");
    // A new run while the chapter is open (another scenario, or the same one from 0 s).
    let snapshot = learner.world.snapshot();
    learner.guide = Guide::again(Chapter::Scaling, learner.world.events().total(), &snapshot);
    assert_eq!(
        learner.guide.status(now),
        format!("{RESTARTED} Chapter 1, Scaling: waiting for you to do it.")
    );
    assert_eq!(RESTARTED, "Chapter restarted on the new run.");
    // The chapter goes on as from its start, and once the learner acts, the note has done its work.
    learner.run_to(5 * SECOND);
    assert!(learner.guide.status(learner.world.now()).starts_with(RESTARTED));
    learner.act(the_act(Chapter::Scaling));
    let status = learner.guide.status(learner.world.now());
    assert!(status.starts_with("You added server 1"), "{status}");
    assert!(learner.run_to(5 * SECOND + WATCH + SECOND).is_some(), "the restarted chapter finishes");
    assert!(!learner.guide.status(learner.world.now()).contains(RESTARTED));
}
