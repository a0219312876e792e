//! Numbers and short phrases the captions share, always taken from the snapshot shown.

use crate::format::{count, fixed};
use crate::sim::time::{to_secs, Micros};
use crate::sim::Snapshot;

/// A quantity as a caption says it: whole from 100 up (with the panels' thousands commas) or
/// when it is whole, else to one decimal ("30", "12.5", "4,000").
fn amount(x: f64) -> String {
    if x >= 100.0 {
        count(x.round() as u64)
    } else if (x - x.round()).abs() < 0.05 {
        fixed(x, 0)
    } else {
        fixed(x, 1)
    }
}

/// A rate in requests per second, such as "30" or "12.5".
pub fn rate(per_second: f64) -> String {
    amount(per_second)
}

/// A span of simulated time in seconds, such as "5" or "2.5".
pub fn secs(span: Micros) -> String {
    amount(to_secs(span))
}

/// A count of servers with its noun: "1 server", "3 servers".
pub fn servers(n: usize) -> String {
    if n == 1 {
        "1 server".to_string()
    } else {
        format!("{n} servers")
    }
}

/// The servers taking traffic and what they can serve together, such as
/// "3 servers can serve about 60 req/s".
pub fn fleet(now: &Snapshot) -> String {
    format!("{} can serve about {} req/s", servers(now.up_servers()), rate(now.capacity))
}

/// `text` with its first letter in capitals. The labels are plain ASCII, so ASCII case
/// suffices (and keeps Unicode's case tables out of the page).
pub fn capital(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_naturally() {
        assert_eq!(rate(30.0), "30");
        assert_eq!(rate(12.5), "12.5");
        assert_eq!(rate(4321.4), "4,321");
        assert_eq!(servers(1), "1 server");
        assert_eq!(servers(10), "10 servers");
        assert_eq!(secs(2_500_000), "2.5");
    }
}
