//! A challenge's result in a sentence, as the tour's summary recaps it beside the chapter on the
//! same topic: passed with the best score, tried and not passed yet, or not tried yet.

use super::{Challenge, Score};
use crate::format::{count, millis};

/// `challenge`'s result, from its best passed score (if any) and the tries graded, such as
/// "Challenge “Three unequal servers” passed: best 12 server-seconds, p95 310 ms (2 tries)."
pub fn recap(challenge: Challenge, best: Option<&Score>, tried: u32) -> String {
    let title = challenge.title();
    match best {
        Some(s) => format!(
            "Challenge “{title}” passed: best {} server-seconds, p95 {} ({}).",
            count(s.cost),
            millis(s.latency_ms),
            tries(tried)
        ),
        None if tried > 0 => format!("Challenge “{title}” not passed yet ({}).", tries(tried)),
        None => format!("Challenge “{title}” not tried yet."),
    }
}

/// A number of tries: "1 try", "3 tries".
pub fn tries(n: u32) -> String {
    format!("{} {}", count(u64::from(n)), if n == 1 { "try" } else { "tries" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teach::challenges::Scores;
    use crate::teach::tour::Chapter;

    #[test]
    fn every_chapter_but_the_summary_has_the_challenge_on_its_topic() {
        for chapter in Chapter::ALL {
            let challenge = Challenge::of(chapter);
            assert_eq!(challenge.is_none(), chapter == Chapter::Summary, "{chapter:?}");
            assert!(challenge.is_none_or(|c| c.slug() == chapter.slug()));
        }
    }

    #[test]
    fn recaps_the_stored_scores_passed_tried_or_not_tried() {
        let scores = Scores::from_text(
            r#"{"best":{"scaling":{"cost":1234,"latency_ms":310}},"tries":{"scaling":3,"encryption":1}}"#,
        );
        let line = |c: Challenge| recap(c, scores.best(c), scores.tries(c));
        assert_eq!(
            line(Challenge::Scaling),
            "Challenge “Scale out for 160 requests a second” passed: best 1,234 server-seconds, p95 310 ms \
             (3 tries)."
        );
        assert_eq!(
            line(Challenge::Encryption),
            "Challenge “An eavesdropper in the data centre” not passed yet (1 try)."
        );
        assert_eq!(line(Challenge::DdosDefences), "Challenge “A flood and a crowded NAT” not tried yet.");
    }
}
