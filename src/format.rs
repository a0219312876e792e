//! Numbers as the learner reads them, one format everywhere: thousands separated by a comma
//! ("100,000"), percentages as "75%", durations in milliseconds or seconds, units attached.

/// A number for an SVG attribute, written as `f64`'s `Display` writes it ("12", "-0.5"): one
/// function for every coordinate and size on the stage, not the same code at each.
#[inline(never)]
pub fn svg_number(x: f64) -> String {
    number(x)
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// JavaScript's `String(x)`: like Rust, the shortest digits that read back as `x`.
    #[wasm_bindgen(js_name = String)]
    fn js_string(x: f64) -> String;
}

/// `x` exactly as `f64`'s `Display` writes it ("12", "0.1", "-0.5"). In the browser the digits
/// come from JavaScript, which picks the same shortest ones, so that the page does without the
/// standard library's float formatting (14 KB).
pub fn number(x: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        if x == 0.0 {
            return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
        }
        plain(&js_string(x))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        x.to_string()
    }
}

/// JavaScript's text for a number as Rust writes it: "inf" for "Infinity", and no exponent, so
/// "1.5e-7" reads "0.00000015" and "1e+21" reads "1000000000000000000000".
pub fn plain(js: &str) -> String {
    let (sign, unsigned) = js.strip_prefix('-').map_or(("", js), |rest| ("-", rest));
    if unsigned == "Infinity" {
        return format!("{sign}inf");
    }
    let Some((mantissa, exponent)) = unsigned.split_once('e') else { return js.to_string() };
    let exponent: i32 = exponent.trim_start_matches('+').parse().unwrap_or(0);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    // Where the point goes, counted in digits from the left.
    let point = whole.len() as i32 + exponent;
    if point <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{sign}{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (left, right) = digits.split_at(point as usize);
        format!("{sign}{left}.{right}")
    }
}

/// `x` held within `low..=high`, as `f64::clamp` does (NaN stays NaN), without its check that
/// would bring float formatting into the page.
pub fn within(x: f64, low: f64, high: f64) -> f64 {
    if x < low {
        low
    } else if x > high {
        high
    } else {
        x
    }
}

/// `x` (under 10^13 either way) with `decimals` digits after the point (at most 6), exactly as `format!("{x:.decimals$}")`
/// writes it: rounded to the nearest, a tie to the even digit. The standard library's exact
/// float formatting would cost the page 5 KB; this one needs only integer arithmetic.
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        }
        .to_string();
    }
    let scale = 10u64.pow(decimals.min(6));
    let (size, factor) = (x.abs(), scale as f64);
    let scaled = size * factor;
    let mut n = scaled.round();
    if (n - scaled).abs() == 0.5 {
        // The product may have been rounded onto the tie. Split `size` so that both parts times
        // `factor` (under 2^20) are exact, and read which side of the tie the exact product lies.
        let high = f64::from_bits(size.to_bits() & !0x1f_ffff);
        let tie = n.min(scaled.floor()) + 0.5;
        let beyond = (high * factor - tie) + (size - high) * factor;
        n = if beyond > 0.0 {
            tie + 0.5
        } else if beyond < 0.0 || (tie - 0.5) % 2.0 == 0.0 {
            tie - 0.5
        } else {
            tie + 0.5
        };
    }
    let n = n as u64;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{n}");
    }
    let places = decimals.min(6) as usize;
    format!("{sign}{}.{:0places$}", n / scale, n % scale)
}

/// A count with comma thousands separators, such as "12,345".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
        fixed(per_second, 1)
    }
}

/// A duration in milliseconds, such as "4.2 ms", "250 ms" or "1.25 s".
pub fn millis(ms: f64) -> String {
    if ms >= 1_000.0 {
        format!("{} s", fixed(ms / 1_000.0, 2))
    } else if ms >= 10.0 {
        format!("{} ms", fixed(ms, 0))
    } else {
        format!("{} ms", fixed(ms, 1))
    }
}

/// A time in seconds to a tenth, comma-separated, such as "1,234.5 s".
pub fn seconds(secs: f64) -> String {
    let tenths = (secs.max(0.0) * 10.0).round() as u64;
    format!("{}.{} s", count(tenths / 10), tenths % 10)
}

/// A fraction (0–1) as a whole percentage, such as "75%".
pub fn percent(fraction: f64) -> String {
    format!("{}%", fixed(fraction * 100.0, 0))
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
    fn fixed_point_matches_the_standard_formatting() {
        for x in [0.0, -0.0, 0.25, 0.35, 2.5, 3.5, -2.5, 1.005, 2.675, 3.25, 0.05, 99.95, 1e12, -7.45, 0.125]
        {
            for d in 0..=6 {
                assert_eq!(fixed(x, d), format!("{x:.0$}", d as usize), "{x} to {d}");
            }
        }
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        assert_eq!(fixed(f64::INFINITY, 1), "inf");
    }

    proptest::proptest! {
        #[test]
        fn fixed_point_matches_for_any_value(x in -1e9f64..1e9, d in 0u32..=6) {
            proptest::prop_assert_eq!(fixed(x, d), format!("{x:.0$}", d as usize));
        }

        #[test]
        fn fixed_point_matches_near_ties(k in 0u64..1_000_000, d in 0u32..=3, nudge in -2i64..=2) {
            let x = (k as f64 + 0.5) / 10f64.powi(d as i32);
            let x = f64::from_bits((x.to_bits() as i64 + nudge) as u64);
            proptest::prop_assert_eq!(fixed(x, d), format!("{x:.0$}", d as usize));
        }
    }

    #[test]
    fn javascript_numbers_read_as_rust_writes_them() {
        for (js, x) in [
            ("1.5e-7", 1.5e-7),
            ("-2e-9", -2e-9),
            ("1e+21", 1e21),
            ("1.2345e+22", 1.2345e22),
            ("12.5", 12.5),
            ("-Infinity", f64::NEG_INFINITY),
            ("Infinity", f64::INFINITY),
            ("NaN", f64::NAN),
        ] {
            assert_eq!(plain(js), x.to_string(), "{js}");
        }
        assert_eq!(number(-0.5), "-0.5");
        assert_eq!(within(5.0, 0.0, 1.0), 1.0);
        assert!(within(f64::NAN, 0.0, 1.0).is_nan());
    }

    #[test]
    fn bytes_read_as_hex_pairs_and_long_ones_are_cut() {
        assert_eq!(hex(&[0x3f, 0xa1, 0x09], 8), "3f a1 09");
        assert_eq!(hex(&[0; 5], 2), "00 00 … (3 more bytes)");
        assert_eq!(hex(&[], 4), "");
    }
}
