//! Numbers as the learner reads them, one format everywhere: thousands separated by a comma
//! ("100,000"), percentages as "75%", durations in milliseconds or seconds, units attached.

/// A number for an SVG attribute, written as `f64`'s `Display` writes it ("12", "-0.5"): one
/// function for every coordinate and size on the stage, not the same code at each.
#[inline(never)]
pub fn svg_number(x: f64) -> String {
    x.to_string()
}

/// A count with comma thousands separators, such as "12,345".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate in requests per second, with precision that suits its size: "33.9" below 100, then
/// whole and comma-separated, such as "4,321".
pub fn rate(per_second: f64) -> String {
    if per_second >= 100.0 {
        count(per_second.round() as u64)
    } else {
        format!("{per_second:.1}")
    }
}

/// A duration in milliseconds, such as "4.2 ms", "250 ms" or "1.25 s".
pub fn millis(ms: f64) -> String {
    if ms >= 1_000.0 {
        format!("{:.2} s", ms / 1_000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// A time in seconds to a tenth, comma-separated, such as "1,234.5 s".
pub fn seconds(secs: f64) -> String {
    let tenths = (secs.max(0.0) * 10.0).round() as u64;
    format!("{}.{} s", count(tenths / 10), tenths % 10)
}

/// A fraction (0–1) as a whole percentage, such as "75%".
pub fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}

/// Bytes as hexadecimal pairs separated by spaces, such as "3f a1 09"; past `most` bytes, an
/// ellipsis and how many more.
pub fn hex(bytes: &[u8], most: usize) -> String {
    let mut out = String::with_capacity(bytes.len().min(most) * 3 + 16);
    for (i, b) in bytes.iter().take(most).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    if bytes.len() > most {
        out.push_str(&format!(" … ({} more bytes)", bytes.len() - most));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_counts_rates_and_durations() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(rate(12.34), "12.3");
        assert_eq!(rate(4321.4), "4,321");
        assert_eq!(rate(100_000.0), "100,000");
        assert_eq!(millis(4.21), "4.2 ms");
        assert_eq!(millis(250.0), "250 ms");
        assert_eq!(millis(1250.0), "1.25 s");
        assert_eq!(seconds(12.34), "12.3 s");
        assert_eq!(seconds(1234.56), "1,234.6 s");
        assert_eq!(percent(0.754), "75%");
    }

    #[test]
    fn bytes_read_as_hex_pairs_and_long_ones_are_cut() {
        assert_eq!(hex(&[0x3f, 0xa1, 0x09], 8), "3f a1 09");
        assert_eq!(hex(&[0; 5], 2), "00 00 … (3 more bytes)");
        assert_eq!(hex(&[], 4), "");
    }
}
