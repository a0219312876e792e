//! Challenges: one for each topic of the dialogue, in its order. Each loads a bundled scenario
//! that is going wrong (or is about to), states a goal with exact thresholds, and lets the
//! learner fix it with the playground's ordinary commands. A [`Trial`] watches the try as the
//! tour's guide does, from snapshots and events only, and when the try's [`Span`] has passed
//! grades it from the metrics measured over the graded window: a [`Verdict`] with the learner's
//! numbers, a hint after a failed try, and a [`Score`] (cost and latency) that [`Scores`] keeps
//! between visits.
//!
//! Everything here is pure: nothing changes the world, and nothing needs a browser.

mod grade;
mod measure;
pub mod recap;
pub mod rules;
pub mod scores;
pub mod trial;

pub use recap::recap;
pub use rules::{Ordeal, Rules, Span};
pub use scores::Scores;
pub use trial::{Score, Trial, Verdict};

use crate::format::{count, fixed, millis, number};
use crate::teach::tour::Chapter;

/// One challenge: a situation to fix, and a goal checked from the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Challenge {
    /// Enough capacity for a heavy load, within a limit on servers.
    Scaling,
    /// Unequal servers, and an algorithm that gives each its share.
    LoadBalancing,
    /// A server that will crash, and the rest carrying on.
    FaultTolerance,
    /// A disk that will fail, and no acknowledged write lost.
    RedundantStorage,
    /// An eavesdropper inside the data centre, and no password for it to read.
    Encryption,
    /// A stolen token, and the thief stopped without locking out the users.
    AccessControl,
    /// A flood, and the users behind a NAT kept in.
    DdosDefences,
}

impl Challenge {
    /// Every challenge, in the dialogue's order of topics.
    pub const ALL: [Challenge; 7] = [
        Challenge::Scaling,
        Challenge::LoadBalancing,
        Challenge::FaultTolerance,
        Challenge::RedundantStorage,
        Challenge::Encryption,
        Challenge::AccessControl,
        Challenge::DdosDefences,
    ];

    /// Its name in saved scores, links and the panel's list, such as "load-balancing": its
    /// topic's, the tour chapter's, so that both go by one list of names.
    pub fn slug(self) -> &'static str {
        self.topic().slug()
    }

    /// The tour's chapter on its topic.
    pub fn topic(self) -> Chapter {
        match self {
            Challenge::Scaling => Chapter::Scaling,
            Challenge::LoadBalancing => Chapter::LoadBalancing,
            Challenge::FaultTolerance => Chapter::FaultTolerance,
            Challenge::RedundantStorage => Chapter::RedundantStorage,
            Challenge::Encryption => Chapter::Encryption,
            Challenge::AccessControl => Chapter::AccessControl,
            Challenge::DdosDefences => Chapter::DdosDefences,
        }
    }

    /// The challenge on `chapter`'s topic; the summary has none.
    pub fn of(chapter: Chapter) -> Option<Challenge> {
        Challenge::ALL.into_iter().find(|c| c.topic() == chapter)
    }

    /// The challenge named `slug`, if there is one.
    pub fn from_slug(slug: &str) -> Option<Challenge> {
        Challenge::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// Its title, such as "Scale out for 160 requests a second".
    pub fn title(self) -> &'static str {
        match self {
            Challenge::Scaling => "Scale out for 160 requests a second",
            Challenge::LoadBalancing => "Three unequal servers",
            Challenge::FaultTolerance => "A server will crash",
            Challenge::RedundantStorage => "A disk will fail",
            Challenge::Encryption => "An eavesdropper in the data centre",
            Challenge::AccessControl => "A stolen token",
            Challenge::DdosDefences => "A flood and a crowded NAT",
        }
    }

    /// The bundled scenario it loads (`scenarios/NAME.json`): the situation to fix.
    pub fn scenario(self) -> &'static str {
        match self {
            Challenge::Scaling => "challenge-scaling",
            Challenge::LoadBalancing => "challenge-load-balancing",
            Challenge::FaultTolerance => "challenge-fault-tolerance",
            Challenge::RedundantStorage => "challenge-redundant-storage",
            Challenge::Encryption => "challenge-encryption",
            Challenge::AccessControl => "challenge-access-control",
            Challenge::DdosDefences => "challenge-ddos-defences",
        }
    }

    /// How long a try runs and which part of it is graded: 60 simulated seconds, the last 30
    /// graded, for every challenge.
    pub fn span(self) -> Span {
        Span::STANDARD
    }

    /// The goal, in one or two sentences the learner reads, with the exact thresholds (made
    /// from [`Challenge::rules`], so the text and the grading cannot disagree).
    pub fn goal(self) -> String {
        let r = self.rules();
        let span = self.span();
        let last = format!("the last {} s", span.graded_secs());
        let pct = |x: Option<f64>| format!("{}%", number(x.unwrap_or(0.0) * 100.0));
        let ms = |x: Option<f64>| limit(x.unwrap_or(0.0));
        let servers = r.max_servers.unwrap_or(0);
        match self {
            Challenge::Scaling => format!(
                "Over {last} of a {} s try, keep users' p95 latency under {} and at least {} of their requests \
                 served, at 160 requests a second, never running more than {servers} servers.",
                span.length_secs(),
                ms(r.max_p95_ms),
                pct(r.min_success)
            ),
            Challenge::LoadBalancing => format!(
                "Over {last}, keep users' p95 latency under {} and at least {} of their requests served, without \
                 adding capacity: the three servers serve {} requests a second together.",
                ms(r.max_p95_ms),
                pct(r.min_success),
                count(r.max_capacity.unwrap_or(0.0) as u64)
            ),
            Challenge::FaultTolerance => format!(
                "Server 0 crashes at 35 s. Keep at least {} of users' requests successful over {last}, never running \
                 more than {servers} servers (a crashed one still counts).",
                pct(r.min_success)
            ),
            Challenge::RedundantStorage => {
                "The primary's only disk fails at 35 s. Lose no acknowledged write during the try, and keep the \
                 database acknowledging writes to the end (some in the last 10 s)."
                    .to_string()
            }
            Challenge::Encryption => format!(
                "Over {last}, let the eavesdropper on the balancer → server link read no password. It stays where it \
                 is, and keeps recording."
            ),
            Challenge::AccessControl => format!(
                "At 10 s a thief steals the token of account 7 (user7). Over {last}, let no call with the \
                 stolen token work, keep at least {} of users' requests successful, and keep authentication on.",
                pct(r.min_success)
            ),
            Challenge::DdosDefences => format!(
                "Over {last}, keep at least {} of users' requests successful while the flood goes on, without \
                 blocking a single user's request at any time of the try.",
                pct(r.min_success)
            ),
        }
    }

    /// The hint shown after a failed try: it points at the lever, not at the whole answer.
    pub fn hint(self) -> &'static str {
        match self {
            Challenge::Scaling => {
                "A small server serves about 20 requests a second and a large one about 40. With a limit on \
                 how many servers you run, their size matters as much as their number, and a server run \
                 near its limit queues."
            }
            Challenge::LoadBalancing => {
                "Round robin deals the requests out evenly, but the servers are not equal: the small ones get \
                 as many as the large one. Look for an algorithm that gives more to the server that can take more."
            }
            Challenge::FaultTolerance => {
                "Look at what happens after the crash: until three health checks in a row fail, the balancer \
                 keeps sending the dead server requests (could it try them again elsewhere?), and then two \
                 servers carry the load of three."
            }
            Challenge::RedundantStorage => {
                "An acknowledged write is lost when the replica that takes over never received it. When does \
                 the primary tell the app a write is done: before a replica has it, or after?"
            }
            Challenge::Encryption => {
                "TLS that ends at the balancer protects only the clients' link. This eavesdropper listens \
                 behind the balancer, on the way to the servers."
            }
            Challenge::AccessControl => {
                "The stolen token is signed and valid for 15 minutes: it keeps working until its account's \
                 tokens stop being accepted. New settings for new tokens do not touch the one already stolen."
            }
            Challenge::DdosDefences => {
                "The 400 users behind the NAT share one address and together send about 16 requests a second, \
                 more in a busy second; each bot sends about 50. A defence that counts requests per address \
                 needs a limit between the two, with room to spare."
            }
        }
    }

    /// Its place in the list, from 1.
    pub fn number(self) -> usize {
        Challenge::ALL.iter().position(|c| *c == self).map_or(0, |i| i + 1)
    }

    /// The challenge after it, if any.
    pub fn next(self) -> Option<Challenge> {
        Challenge::ALL.get(self.number()).copied()
    }
}

/// A limit in milliseconds as the goal states it: whole seconds as "1 s", else as
/// [`millis`] writes it ("800 ms").
fn limit(ms: f64) -> String {
    if ms >= 1_000.0 && ms % 1_000.0 == 0.0 {
        format!("{} s", number(ms / 1_000.0))
    } else {
        millis(ms)
    }
}

/// A share (0–1) as a percentage with one decimal, such as "98.6%": whole percentages would
/// show 98.6% as "99%" beside a 99% threshold it misses.
fn share(x: f64) -> String {
    format!("{}%", fixed(x * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_follow_the_topics_and_round_trip_by_name() {
        let slugs: Vec<_> = Challenge::ALL.iter().map(|c| c.slug()).collect();
        assert_eq!(
            slugs,
            [
                "scaling",
                "load-balancing",
                "fault-tolerance",
                "redundant-storage",
                "encryption",
                "access-control",
                "ddos-defences"
            ]
        );
        for challenge in Challenge::ALL {
            assert_eq!(Challenge::from_slug(challenge.slug()), Some(challenge));
            assert_eq!(challenge.scenario(), format!("challenge-{}", challenge.slug()));
            assert!(challenge.goal().ends_with('.'), "{}", challenge.goal());
            assert!(!challenge.hint().is_empty());
        }
        assert_eq!(Challenge::from_slug("summary"), None);
        assert_eq!(Challenge::Scaling.next(), Some(Challenge::LoadBalancing));
        assert_eq!(Challenge::DdosDefences.next(), None);
    }

    #[test]
    fn goals_state_the_thresholds_the_grader_uses() {
        let goal = Challenge::Scaling.goal();
        assert!(goal.contains("under 1 s") && goal.contains("99%") && goal.contains("5 servers"), "{goal}");
        let goal = Challenge::LoadBalancing.goal();
        assert!(goal.contains("under 1 s") && goal.contains("serve 80 requests"), "{goal}");
        assert!(Challenge::DdosDefences.goal().contains("at least 95%"));
        assert_eq!(share(0.9864), "98.6%");
        assert_eq!(
            (limit(1_000.0), limit(800.0), limit(1_500.0)),
            ("1 s".into(), "800 ms".into(), "1.50 s".into())
        );
    }
}
