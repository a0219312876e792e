//! Numbers as the learner reads them: thousands separated, units attached.

/// A count with thin-space thousands separators, such as "12 345".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{2009}');
        }
        out.push(c);
    }
    out
}

/// A rate in requests per second, with precision that suits its size.
pub fn rate(per_second: f64) -> String {
    if per_second >= 100.0 {
        count(per_second.round() as u64)
    } else {
        format!("{per_second:.1}")
    }
}

/// A duration in milliseconds, such as "4.2 ms" or "1.25 s".
pub fn millis(ms: f64) -> String {
    if ms >= 1_000.0 {
        format!("{:.2} s", ms / 1_000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// A number rounded to a whole one, such as "42".
pub fn whole(x: f64) -> String {
    format!("{x:.0}")
}

/// A fraction (0–1) as a whole percentage, such as "75%".
pub fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_counts_rates_and_durations() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1234567), "1\u{2009}234\u{2009}567");
        assert_eq!(rate(12.34), "12.3");
        assert_eq!(rate(4321.4), "4\u{2009}321");
        assert_eq!(millis(4.21), "4.2 ms");
        assert_eq!(millis(250.0), "250 ms");
        assert_eq!(millis(1250.0), "1.25 s");
        assert_eq!(percent(0.754), "75%");
    }
}
