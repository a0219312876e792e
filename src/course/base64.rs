//! Base64url without padding (RFC 4648 §5): how a link carries a scenario or a run's JSON, in
//! characters that need no percent-encoding in a URL.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` as base64url without `=` padding: four characters for every three bytes.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        // One more character than bytes: 2, 3 or 4.
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

/// The bytes `text` encodes, or `None` if it holds any character outside base64url's alphabet
/// (padding included), has a length no encoding has (one more than a multiple of four), or
/// leaves bits set past its last byte (so every byte string has exactly one text).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(sextet(c)?) << (18 - 6 * i);
        }
        let bytes = chunk.len() - 1;
        if n & (0xFF_FFFF >> (8 * bytes)) != 0 {
            return None;
        }
        out.extend((0..bytes).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    Some(out)
}

/// The six bits a character of the alphabet stands for.
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_as_the_rfc_does() {
        // RFC 4648 §10's vectors, padding removed.
        for (plain, coded) in
            [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE")]
        {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xFB, 0xFF, 0xBF]), "-_-_");
        assert_eq!(decode("-_-_").unwrap(), [0xFB, 0xFF, 0xBF]);
    }

    #[test]
    fn refuses_what_no_encoding_writes() {
        for text in ["Zg==", "Zm9v+", "Zm9v/w", "Zm 9v", "Z", "Zm9vY", "Zh", "Zm9", "Zm-", "é"] {
            assert_eq!(decode(text), None, "{text}");
        }
        assert_eq!(decode("Zm8").unwrap(), b"fo");
    }

    proptest! {
        #[test]
        fn reads_back_what_it_writes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let text = encode(&bytes);
            prop_assert!(text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            prop_assert_eq!(text.len() % 4 != 1, true);
            prop_assert_eq!(decode(&text), Some(bytes));
        }

        #[test]
        fn any_text_decodes_to_its_one_encoding_or_not_at_all(text in "[A-Za-z0-9_=+/-]{0,12}") {
            if let Some(bytes) = decode(&text) {
                prop_assert_eq!(encode(&bytes), text);
            }
        }
    }
}
