//! Challenges: for every one, doing nothing (or a plausible wrong fix) is graded failed with a
//! hint, and the fix a learner would make, issued as timeline commands, is graded passed with a
//! score; the verdicts carry the learner's own numbers; a constraint broken for a moment fails
//! the try however it ends; and the scores survive a round trip and damage.

use ds_playground::sim::command::NodeRef;
use ds_playground::sim::scenario::Scenario;
use ds_playground::sim::script::Script;
use ds_playground::sim::security::Tap;
use ds_playground::sim::time::{Micros, SECOND};
use ds_playground::sim::{Command, ServerId, World};
use ds_playground::teach::challenges::{Challenge, Score, Scores, Trial, Verdict};

#[path = "support/scenario_run.rs"]
mod scenario_run;

use scenario_run::{bundled, command, number_after};

/// The bundled scenario a challenge loads.
fn scenario_of(challenge: Challenge) -> Scenario {
    bundled(challenge.scenario())
}

const ADD_LARGE: &str = r#""type":"add-server","size":"large""#;
const ADD_SMALL: &str = r#""type":"add-server","size":"small""#;

/// A learner at one challenge: the world, its timeline, the trial watching, and how many of the
/// scenario's own commands the world refused (as a crash of a server the learner removed).
struct Learner {
    world: World,
    script: Script,
    trial: Trial,
    refused: usize,
    /// How often the trial looks, in simulated microseconds.
    every: Micros,
}

impl Learner {
    fn open(challenge: Challenge) -> Learner {
        let scenario = scenario_of(challenge);
        let mut world = World::new(scenario.config.clone());
        let trial = Trial::new(challenge, &world.snapshot());
        Learner { world, script: Script::new(scenario.timeline), trial, refused: 0, every: SECOND / 4 }
    }

    /// Runs to `until`, the trial looking every quarter of a simulated second (as the page's
    /// metrics do) unless told otherwise; returns the verdict if the try ended on the way.
    fn run_to(&mut self, until: Micros) -> Option<Verdict> {
        let mut verdict = None;
        while self.world.now() < until {
            let next = (self.world.now() + self.every).min(until);
            let (_, refused) = self.script.advance_within(&mut self.world, next, usize::MAX);
            self.refused += refused.len();
            let snapshot = self.world.snapshot();
            let seen = self.trial.seen();
            let looked = self.trial.observe(&snapshot, self.world.events().since(seen));
            assert!(verdict.is_none() || looked.is_none(), "one verdict a try");
            verdict = verdict.or(looked);
        }
        verdict
    }

    fn act(&mut self, entry: &str) {
        self.script
            .apply_now(&mut self.world, command(entry))
            .expect("the world takes the learner's command");
    }
}

/// A whole try at `challenge`: each of `acts` (simulated second, timeline entry) issued when the
/// world reaches it, then on to the end; the verdict. The scenario's own commands all play.
fn attempt(challenge: Challenge, acts: &[(u64, &str)]) -> Verdict {
    let (verdict, refused) = attempt_refused(challenge, acts);
    assert_eq!(refused, 0, "{}: the scenario's own commands all play", challenge.slug());
    verdict
}

/// As [`attempt`], but the learner's acts may make the world refuse some of the scenario's own
/// commands: the verdict, and how many it refused.
fn attempt_refused(challenge: Challenge, acts: &[(u64, &str)]) -> (Verdict, usize) {
    let mut learner = Learner::open(challenge);
    for (at, entry) in acts {
        assert_eq!(learner.run_to(at * SECOND), None, "{}: over before the end", challenge.slug());
        learner.act(entry);
    }
    let end = challenge.span().length;
    let verdict = learner.run_to(end + SECOND).unwrap_or_else(|| panic!("{}: no verdict", challenge.slug()));
    assert_eq!(learner.trial.verdict(), Some(&verdict));
    assert!(learner.trial.status(end + SECOND).contains(&verdict.why));
    println!(
        "{} {acts:?}\n  passed={} {:?}\n  {}",
        challenge.slug(),
        verdict.passed,
        verdict.score,
        verdict.why
    );
    (verdict, learner.refused)
}

/// Asserts `verdict` failed, with the challenge's hint and a reason containing `because`.
fn failed(challenge: Challenge, verdict: &Verdict, because: &str) {
    assert!(!verdict.passed, "{}: {}", challenge.slug(), verdict.why);
    assert_eq!(verdict.hint, Some(challenge.hint()));
    let why = verdict.why.to_lowercase();
    assert!(why.contains(&because.to_lowercase()), "{}: {because:?} in {:?}", challenge.slug(), verdict.why);
}

/// Asserts `verdict` passed, with no hint and a score, and returns the score.
fn passed(challenge: Challenge, verdict: &Verdict) -> Score {
    assert!(verdict.passed, "{}: {}", challenge.slug(), verdict.why);
    assert_eq!(verdict.hint, None);
    assert!(verdict.score.cost > 0 && verdict.score.latency_ms > 0.0, "{:?}", verdict.score);
    verdict.score
}

#[test]
fn scaling_needs_capacity_of_the_right_size() {
    let c = Challenge::Scaling;
    failed(c, &attempt(c, &[]), "in the worst 10 s of the last 30 s, not under 1 s");
    // Four more small servers keep within five servers but serve only 120 requests a second.
    let small = attempt(c, &[(5, ADD_SMALL), (5, ADD_SMALL), (5, ADD_SMALL), (5, ADD_SMALL)]);
    failed(c, &small, "users' p95 latency reached");
    assert!(number_after(&small.why, "only") < 99.0, "{}", small.why);
    // Four more large ones: 200 requests a second for 160.
    let fix = attempt(c, &[(5, ADD_LARGE), (5, ADD_LARGE), (5, ADD_LARGE), (5, ADD_LARGE)]);
    let score = passed(c, &fix);
    assert!(fix.why.to_lowercase().contains("at most 5 servers ran at once"), "{}", fix.why);
    assert!(score.latency_ms < 1_000.0 && (number_after(&fix.why, "at most") - score.latency_ms).abs() < 1.0);
    // One large server from the start and four from 5 s: 60 + 4 × 55 server-seconds.
    assert_eq!(score.cost, 280);
}

#[test]
fn a_server_too_many_for_a_moment_fails_the_try_however_it_ends() {
    let c = Challenge::Scaling;
    // Five more large servers (six in all) at 5 s, one removed again at 8 s: from then on the
    // fleet is the one that passes, but the limit was broken.
    let mut acts = vec![(5, ADD_LARGE); 5];
    acts.push((8, r#""type":"remove-server","server":5"#));
    let verdict = attempt(c, &acts);
    failed(c, &verdict, "6 servers ran at one point, more than 5");
    assert!(!verdict.why.contains("p95"), "only what failed is said: {}", verdict.why);
    // Lowering the load is not serving it.
    let easy = attempt(c, &[(5, r#""type":"set-arrival-rate","rate":30"#)]);
    failed(c, &easy, "the arrival rate was lowered to 30 requests a second, and the goal is at 160");
}

#[test]
fn load_balancing_needs_an_algorithm_that_sees_the_sizes() {
    let c = Challenge::LoadBalancing;
    let nothing = attempt(c, &[]);
    failed(c, &nothing, "not under 1 s");
    assert!(number_after(&nothing.why, "reached") > 1.0, "over a second: {}", nothing.why);
    failed(c, &attempt(c, &[(5, r#""type":"set-algorithm","algorithm":"random""#)]), "not under 1 s");
    // Buying a fourth server is not balancing the three.
    failed(c, &attempt(c, &[(5, ADD_SMALL)]), "capacity reached 100 requests a second, more than the 80");
    let fix = attempt(c, &[(5, r#""type":"set-algorithm","algorithm":"least-connections""#)]);
    passed(c, &fix);
    assert!(fix.why.to_lowercase().contains("capacity stayed at 80 requests a second"), "{}", fix.why);
    passed(c, &attempt(c, &[(5, r#""type":"set-algorithm","algorithm":"weighted-round-robin""#)]));
}

#[test]
fn fault_tolerance_needs_a_spare_and_retries() {
    let c = Challenge::FaultTolerance;
    let nothing = attempt(c, &[]);
    failed(c, &nothing, "requests succeeded over the last 30 s, below 99.0%");
    assert!(number_after(&nothing.why, "Only") < 95.0, "{}", nothing.why);
    // Either half of the fix alone falls short.
    failed(c, &attempt(c, &[(5, ADD_SMALL)]), "below 99.0%");
    failed(c, &attempt(c, &[(5, r#""type":"set-retries","max_attempts":3"#)]), "below 99.0%");
    let fix = attempt(c, &[(5, ADD_SMALL), (5, r#""type":"set-retries","max_attempts":3"#)]);
    passed(c, &fix);
    assert!(number_after(&fix.why, "") >= 99.0, "{}", fix.why);
    assert!(
        fix.why.to_lowercase().contains("at most 4 servers ran at once"),
        "the crashed one counts: {}",
        fix.why
    );
    // Removing the server before it can crash dodges the ordeal rather than surviving it.
    let (dodge, refused) = attempt_refused(c, &[(5, ADD_SMALL), (5, r#""type":"remove-server","server":0"#)]);
    assert_eq!(refused, 1, "the crash of a removed server");
    failed(c, &dodge, "no server crashed during the try");
}

#[test]
fn redundant_storage_needs_synchronous_replication() {
    let c = Challenge::RedundantStorage;
    let nothing = attempt(c, &[]);
    failed(c, &nothing, "acknowledged writes were lost");
    assert!(number_after(&nothing.why, "") > 0.0, "{}", nothing.why);
    // More servers do nothing for the data.
    failed(c, &attempt(c, &[(5, ADD_SMALL)]), "acknowledged writes were lost");
    let fix = attempt(c, &[(5, r#""type":"set-replication","mode":"sync""#)]);
    passed(c, &fix);
    assert!(number_after(&fix.why, "No acknowledged write was lost (") > 500.0, "{}", fix.why);
    assert!(number_after(&fix.why, "the database acknowledged") > 50.0, "{}", fix.why);
}

#[test]
fn encryption_must_reach_past_the_balancer() {
    let c = Challenge::Encryption;
    let nothing = attempt(c, &[]);
    failed(c, &nothing, "passwords in the clear over the last 30 s");
    assert!(number_after(&nothing.why, "read") > 0.0, "{}", nothing.why);
    // TLS that ends at the balancer leaves the inner link in the clear.
    failed(c, &attempt(c, &[(5, r#""type":"set-tls","mode":"edge""#)]), "passwords in the clear");
    // Moving the eavesdropper away is not encrypting.
    let moved =
        attempt(c, &[(5, r#""type":"set-tls","mode":"edge""#), (6, r#""type":"place-tap","link":"outer""#)]);
    failed(c, &moved, "the eavesdropper was taken off the balancer → server link");
    let fix = attempt(c, &[(5, r#""type":"set-tls","mode":"end-to-end""#)]);
    passed(c, &fix);
    assert!(number_after(&fix.why, "The eavesdropper recorded") >= 30.0, "{}", fix.why);
}

#[test]
fn access_control_needs_the_token_revoked() {
    let c = Challenge::AccessControl;
    let nothing = attempt(c, &[]);
    failed(c, &nothing, "The stolen token worked");
    assert!(
        number_after(&nothing.why, "The stolen token worked") >= 25.0,
        "about once a second: {}",
        nothing.why
    );
    // Revoking the wrong account, or shortening the lifetime of new tokens, leaves the copy valid.
    failed(c, &attempt(c, &[(12, r#""type":"revoke-tokens","account":0"#)]), "The stolen token worked");
    failed(c, &attempt(c, &[(12, r#""type":"set-auth","token_lifetime_s":20"#)]), "The stolen token worked");
    // Switching authentication off lets everyone in.
    failed(c, &attempt(c, &[(12, r#""type":"set-auth","on":false"#)]), "authentication was off");
    let fix = attempt(c, &[(12, r#""type":"revoke-tokens","account":7"#)]);
    passed(c, &fix);
    assert!(
        fix.why.to_lowercase().contains("the stolen token worked 0 times over the last 30 s"),
        "{}",
        fix.why
    );
    // Acting before the theft leaves nothing to stop: the try proves nothing.
    let (early, refused) = attempt_refused(c, &[(5, r#""type":"set-auth","on":false"#)]);
    assert_eq!(refused, 1, "no token to steal with authentication off");
    failed(c, &early, "the thief never got hold of a token");
}

#[test]
fn ddos_defences_must_spare_the_users_behind_the_nat() {
    let c = Challenge::DdosDefences;
    let nothing = attempt(c, &[]);
    failed(c, &nothing, "requests succeeded over the last 30 s, below 95.0%");
    // Intrusion detection at its default threshold flags the NAT's address too.
    let strict = attempt(c, &[(5, r#""type":"set-defence","ids":true"#)]);
    failed(c, &strict, "of the users' requests during the try");
    assert!(number_after(&strict.why, "the defences blocked") > 100.0, "{}", strict.why);
    // A rate limit loose enough for the NAT lets each bot through at its limit.
    failed(
        c,
        &attempt(c, &[(5, r#""type":"set-defence","rate_limit":{"rate":25,"burst":30}"#)]),
        "below 95.0%",
    );
    // Switching the attack off is not defending against it.
    failed(c, &attempt(c, &[(5, r#""type":"stop-attack""#)]), "the attack was switched off by command");
    let fix = attempt(c, &[(5, r#""type":"set-defence","ids":{"threshold":40,"auto_block_s":60}"#)]);
    passed(c, &fix);
    assert!(fix.why.to_lowercase().contains("no user's request was blocked"), "{}", fix.why);
    passed(
        c,
        &attempt(c, &[(5, r#""type":"set-defence","firewall":"deny from 45.0.0.0/8\ndefault allow""#)]),
    );
}

#[test]
fn every_goal_names_its_scenarios_load_and_a_try_says_where_it_stands() {
    let scaling = scenario_of(Challenge::Scaling);
    assert_eq!(scaling.config.arrival_rate, 160.0);
    assert!(Challenge::Scaling.goal().contains("160 requests a second"));
    let balancing = scenario_of(Challenge::LoadBalancing);
    let capacity: f64 = balancing.config.servers.iter().map(|s| s.capacity_per_second()).sum();
    assert_eq!(Some(capacity), Challenge::LoadBalancing.rules().max_capacity);
    for challenge in Challenge::ALL {
        let scenario = scenario_of(challenge);
        assert!(scenario.title.as_deref().is_some_and(|t| t.starts_with("Challenge: ")));
        let span = challenge.span();
        assert_eq!((span.length_secs(), span.graded_secs(), span.blocks()), (60, 30, 3));
    }
    // What the goals say the scenarios do, they do.
    let timeline = |c: Challenge| scenario_of(c).timeline;
    assert!(Challenge::FaultTolerance.goal().starts_with("Server 0 crashes at 35 s."));
    assert_eq!(timeline(Challenge::FaultTolerance), [(35 * SECOND, Command::CrashServer(ServerId(0)))]);
    assert!(Challenge::RedundantStorage.goal().starts_with("The primary's only disk fails at 35 s."));
    assert_eq!(
        timeline(Challenge::RedundantStorage),
        [(35 * SECOND, Command::FailDisk { node: NodeRef::Primary, disk: 0 })]
    );
    assert_eq!(scenario_of(Challenge::RedundantStorage).config.database.map(|d| d.storage.disks), Some(1));
    assert!(Challenge::AccessControl.goal().starts_with("At 10 s a thief steals the token of account 7"));
    assert_eq!(timeline(Challenge::AccessControl), [(10 * SECOND, Command::StealToken { account: 7 })]);
    assert!(Challenge::Encryption.goal().contains("on the balancer → server link"));
    assert_eq!(timeline(Challenge::Encryption), [(0, Command::PlaceTap(Some(Tap::Inner)))]);
    assert_eq!(Challenge::Encryption.rules().listen, Some(Tap::Inner));
    let flood = scenario_of(Challenge::DdosDefences).config;
    assert_eq!(flood.nat.map(|n| (n.users, n.addresses)), Some((400, 1)));
    assert!(Challenge::DdosDefences.hint().contains("400 users"));
    let mut learner = Learner::open(Challenge::Encryption);
    assert_eq!(learner.trial.status(0), "Your turn: 30 s until grading starts; the last 30 s are graded.");
    assert_eq!(learner.run_to(40 * SECOND), None);
    assert_eq!(learner.trial.status(40 * SECOND), "Grading: 20 s to go.");
}

#[test]
fn a_trial_that_looks_rarely_still_grades_the_window_and_the_cost() {
    // Once a second reads every block as it closes; 3.5 s apart reads them a little late; 15 s
    // apart misses the first block, and still gives a verdict on the two it read.
    for (every, blocks) in [(SECOND, 3.0), (7 * SECOND / 2, 3.0), (15 * SECOND, 2.0)] {
        let mut learner = Learner::open(Challenge::Scaling);
        learner.every = every;
        learner.run_to(5 * SECOND);
        for _ in 0..4 {
            learner.act(ADD_LARGE);
        }
        let verdict = learner.run_to(64 * SECOND).expect("a verdict");
        assert!(verdict.passed, "looking every {every} µs: {}", verdict.why);
        assert_eq!(verdict.score.cost, 280, "looking every {every} µs");
        // 160 requests a second for 10 s a block.
        let ended = number_after(&verdict.why, "of users'");
        assert!((ended / (1_600.0 * blocks) - 1.0).abs() < 0.05, "{blocks} blocks: {}", verdict.why);
    }
}

#[test]
fn scores_keep_the_best_pass_and_shrug_off_damage() {
    let verdict = |passed, cost, latency_ms| Verdict {
        passed,
        why: String::new(),
        score: Score { cost, latency_ms },
        hint: None,
    };
    let mut scores = Scores::default();
    assert!(!scores.record(Challenge::Scaling, &verdict(false, 100, 300.0)), "a failure is no best");
    assert!(scores.record(Challenge::Scaling, &verdict(true, 280, 620.0)));
    assert!(!scores.record(Challenge::Scaling, &verdict(true, 300, 500.0)), "dearer");
    assert!(scores.record(Challenge::Scaling, &verdict(true, 280, 610.0)), "as cheap and faster");
    assert!(scores.record(Challenge::Encryption, &verdict(true, 120, 480.5)));
    assert_eq!(scores.best(Challenge::Scaling), Some(&Score { cost: 280, latency_ms: 610.0 }));
    assert_eq!(scores.tries(Challenge::Scaling), 4);
    assert_eq!(scores.tries(Challenge::DdosDefences), 0);
    assert_eq!(scores.best(Challenge::DdosDefences), None);

    let back = Scores::from_text(&scores.to_text());
    assert_eq!(back, scores);

    assert_eq!(Scores::from_text("{not json"), Scores::default());
    assert_eq!(Scores::from_text(""), Scores::default());
    assert_eq!(Scores::from_text("[1,2]"), Scores::default());
    // A damaged entry goes alone; the others stay.
    let damaged = Scores::from_text(
        r#"{"best":{"scaling":{"cost":280,"latency_ms":610},"bogus":{"cost":1,"latency_ms":1},
            "encryption":{"cost":-5,"latency_ms":1},"access-control":{"cost":7},
            "load-balancing":{"cost":9,"latency_ms":-3},"fault-tolerance":"fast"},
            "tries":{"scaling":4,"encryption":"many","nowhere":2}}"#,
    );
    assert_eq!(damaged.best.len(), 1, "{damaged:?}");
    assert_eq!(damaged.best(Challenge::Scaling), Some(&Score { cost: 280, latency_ms: 610.0 }));
    assert_eq!(damaged.tries.len(), 1);
    assert_eq!(damaged.tries(Challenge::Scaling), 4);

    scores.reset();
    assert_eq!(scores, Scores::default());
}

#[test]
fn the_verdicts_hold_whenever_the_learner_acts() {
    // The fix passes, and the near misses fail, early, midway and late in the ungraded half.
    let cases: [(Challenge, &[&str], bool); 12] = [
        (Challenge::Scaling, &[ADD_LARGE; 4], true),
        (Challenge::Scaling, &[ADD_LARGE; 3], false),
        (Challenge::LoadBalancing, &[r#""type":"set-algorithm","algorithm":"weighted-round-robin""#], true),
        (Challenge::LoadBalancing, &[r#""type":"set-algorithm","algorithm":"random""#], false),
        (Challenge::FaultTolerance, &[ADD_SMALL, r#""type":"set-retries","max_attempts":2"#], true),
        (Challenge::FaultTolerance, &[ADD_SMALL, ADD_SMALL], false),
        (Challenge::RedundantStorage, &[r#""type":"set-replication","mode":"sync""#], true),
        (Challenge::Encryption, &[r#""type":"set-tls","mode":"end-to-end""#], true),
        (Challenge::Encryption, &[r#""type":"set-tls","mode":"edge""#], false),
        (Challenge::AccessControl, &[r#""type":"revoke-tokens","account":7"#], true),
        (
            Challenge::DdosDefences,
            &[r#""type":"set-defence","ids":{"threshold":40,"auto_block_s":60}"#],
            true,
        ),
        (Challenge::DdosDefences, &[r#""type":"set-defence","ids":true"#], false),
    ];
    for (c, acts, passes) in cases {
        // The thief strikes at 10 s: revoking before then revokes nothing it will steal.
        let times = if c == Challenge::AccessControl { [11, 19, 28] } else { [2, 15, 28] };
        for at in times {
            let timed: Vec<(u64, &str)> = acts.iter().map(|a| (at, *a)).collect();
            let verdict = attempt(c, &timed);
            assert_eq!(verdict.passed, passes, "{} {acts:?} at {at} s: {}", c.slug(), verdict.why);
        }
    }
}
