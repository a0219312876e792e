//! The learner's scores, kept between visits (the page stores them in the browser's local
//! storage as the JSON [`Scores::to_text`] writes).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::trial::{Score, Verdict};
use super::Challenge;

/// The best passed score of each challenge, and how many tries each took.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// The best score of each challenge passed, by slug (see [`Score::beats`]).
    #[serde(default)]
    pub best: BTreeMap<String, Score>,
    /// Tries graded, passed or not, by slug.
    #[serde(default)]
    pub tries: BTreeMap<String, u32>,
}

impl Scores {
    /// Scores read back from `text`. Lenient: anything unreadable gives no scores rather than an
    /// error, and an entry that is damaged (an unknown challenge, a negative or missing number)
    /// is dropped alone, keeping the rest. Stored scores are a convenience, never a reason for
    /// the page to fail.
    pub fn from_text(text: &str) -> Scores {
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let entries = |name: &str| value.get(name).and_then(|v| v.as_object()).cloned().unwrap_or_default();
        let known = |slug: &String| Challenge::from_slug(slug).is_some();
        let best = entries("best")
            .into_iter()
            .filter(|(slug, _)| known(slug))
            .filter_map(|(slug, v)| serde_json::from_value::<Score>(v).ok().map(|s| (slug, s)))
            .filter(|(_, s)| s.latency_ms.is_finite() && s.latency_ms >= 0.0)
            .collect();
        let tries = entries("tries")
            .into_iter()
            .filter(|(slug, _)| known(slug))
            .filter_map(|(slug, v)| serde_json::from_value::<u32>(v).ok().map(|n| (slug, n)))
            .collect();
        Scores { best, tries }
    }

    /// The JSON to store.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Counts a graded try at `challenge`, and keeps its score if it passed and beats the best
    /// so far. Returns whether it is the new best.
    pub fn record(&mut self, challenge: Challenge, verdict: &Verdict) -> bool {
        let slug = challenge.slug().to_string();
        let tries = self.tries.entry(slug.clone()).or_default();
        *tries = tries.saturating_add(1);
        let better = verdict.passed && self.best(challenge).is_none_or(|best| verdict.score.beats(best));
        if better {
            self.best.insert(slug, verdict.score);
        }
        better
    }

    /// The best score at `challenge`, if the learner passed it.
    pub fn best(&self, challenge: Challenge) -> Option<&Score> {
        self.best.get(challenge.slug())
    }

    /// How many tries at `challenge` were graded.
    pub fn tries(&self, challenge: Challenge) -> u32 {
        self.tries.get(challenge.slug()).copied().unwrap_or(0)
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        *self = Scores::default();
    }
}
