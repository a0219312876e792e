//! The learner's progress through the tour, kept between visits (the page stores it in the
//! browser's local storage as the JSON [`Progress::to_text`] writes).

use std::collections::BTreeMap;

use super::chapter::Chapter;
use crate::json::Json;

/// Where the learner is, and what each chapter they finished showed them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// The chapter open now, by its slug; the first when none.
    pub chapter: Option<String>,
    /// What each finished chapter showed, with the learner's numbers, by slug.
    pub done: BTreeMap<String, String>,
}

impl Progress {
    /// Progress read back from `text`; anything unreadable gives a fresh start rather than an
    /// error (stored progress is a convenience, never a reason for the page to fail).
    pub fn from_text(text: &str) -> Progress {
        let value = Json::parse(text).unwrap_or(Json::Null);
        let known = |slug: &str| Chapter::from_slug(slug).is_some();
        let chapter = value.get("chapter").and_then(Json::as_str).filter(|s| known(s)).map(str::to_string);
        let done = value
            .get("done")
            .and_then(Json::as_object)
            .unwrap_or_default()
            .iter()
            .filter(|(slug, _)| known(slug))
            .filter_map(|(slug, v)| Some((slug.clone(), v.as_str()?.to_string())))
            .collect();
        Progress { chapter, done }
    }

    /// The JSON to store: `{"chapter":"slug","done":{"slug":"what it showed"}}`.
    pub fn to_text(&self) -> String {
        let done = self.done.iter().map(|(slug, outcome)| (slug.clone(), Json::str(outcome))).collect();
        let chapter = self.chapter.as_deref().map_or(Json::Null, Json::str);
        Json::Object(vec![("chapter".to_string(), chapter), ("done".to_string(), Json::Object(done))])
            .to_string()
    }

    /// The chapter open now.
    pub fn current(&self) -> Chapter {
        self.chapter.as_deref().and_then(Chapter::from_slug).unwrap_or(Chapter::Scaling)
    }

    /// Opens `chapter`.
    pub fn open(&mut self, chapter: Chapter) {
        self.chapter = Some(chapter.slug().to_string());
    }

    /// Records what `chapter` showed.
    pub fn finish(&mut self, chapter: Chapter, outcome: &str) {
        self.done.insert(chapter.slug().to_string(), outcome.to_string());
    }

    /// What `chapter` showed, if the learner finished it.
    pub fn outcome(&self, chapter: Chapter) -> Option<&str> {
        self.done.get(chapter.slug()).map(String::as_str)
    }

    /// Forgets everything: the tour starts again from the first chapter.
    pub fn reset(&mut self) {
        *self = Progress::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_survives_a_round_trip_and_shrugs_off_damage() {
        let mut progress = Progress::default();
        assert_eq!(progress.current(), Chapter::Scaling);
        progress.open(Chapter::Encryption);
        progress.finish(Chapter::Scaling, "p95 fell from 1.2 s to 300 ms");
        let back = Progress::from_text(&progress.to_text());
        assert_eq!(back, progress);
        assert_eq!(back.current(), Chapter::Encryption);
        assert_eq!(back.outcome(Chapter::Scaling), Some("p95 fell from 1.2 s to 300 ms"));
        assert_eq!(Progress::from_text("{not json"), Progress::default());
        let odd = Progress::from_text(r#"{"chapter":"nowhere","done":{"scaling":"x","bogus":"y"}}"#);
        assert_eq!(odd.current(), Chapter::Scaling);
        assert_eq!(odd.done.len(), 1);
        progress.reset();
        assert_eq!(progress, Progress::default());
    }
}
