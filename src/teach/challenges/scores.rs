//! The learner's scores, kept between visits (the page stores them in the browser's local
//! storage as the JSON [`Scores::to_text`] writes).

use std::collections::BTreeMap;

use super::trial::{Score, Verdict};
use super::Challenge;
use crate::json::Json;

/// The best passed score of each challenge, and how many tries each took.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// The best score of each challenge passed, by slug (see [`Score::beats`]).
    pub best: BTreeMap<String, Score>,
    /// Tries graded, passed or not, by slug.
    pub tries: BTreeMap<String, u32>,
}

impl Scores {
    /// Scores read back from `text`. Lenient: anything unreadable gives no scores rather than an
    /// error, and an entry that is damaged (an unknown challenge, a negative or missing number)
    /// is dropped alone, keeping the rest. Stored scores are a convenience, never a reason for
    /// the page to fail.
    pub fn from_text(text: &str) -> Scores {
        let value = Json::parse(text).unwrap_or(Json::Null);
        let entries = |name: &str| {
            value
                .get(name)
                .and_then(Json::as_object)
                .unwrap_or_default()
                .iter()
                .filter(|(slug, _)| Challenge::from_slug(slug).is_some())
        };
        let score = |v: &Json| {
            let cost = v.get("cost")?.as_u64()?;
            let latency_ms = v.get("latency_ms")?.as_f64().filter(|ms| ms.is_finite() && *ms >= 0.0)?;
            Some(Score { cost, latency_ms })
        };
        let best = entries("best").filter_map(|(slug, v)| Some((slug.clone(), score(v)?))).collect();
        let tries = entries("tries")
            .filter_map(|(slug, v)| Some((slug.clone(), u32::try_from(v.as_u64()?).ok()?)))
            .collect();
        Scores { best, tries }
    }

    /// The JSON to store: `{"best":{"slug":{"cost":N,"latency_ms":X}},"tries":{"slug":N}}`.
    pub fn to_text(&self) -> String {
        let best = self
            .best
            .iter()
            .map(|(slug, s)| {
                (
                    slug.clone(),
                    Json::object([("cost", Json::int(s.cost)), ("latency_ms", Json::number(s.latency_ms))]),
                )
            })
            .collect();
        let tries = self.tries.iter().map(|(slug, n)| (slug.clone(), Json::int(u64::from(*n)))).collect();
        Json::Object(vec![
            ("best".to_string(), Json::Object(best)),
            ("tries".to_string(), Json::Object(tries)),
        ])
        .to_string()
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
