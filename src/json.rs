//! JSON as scenario files, shared links and course-page messages use it: a small value type, a
//! reader whose errors give the line and column, and a writer (compact, or indented for files).
//!
//! Numbers keep the text they were written with, so an integer as long as a 64-bit seed is read
//! exactly, and reading them in the browser uses JavaScript's own `Number` (the same value Rust's
//! parser gives, without its tables in the app).

use std::fmt;

/// How deep arrays and objects may nest: deeper input is refused, not followed to a stack overflow.
pub const MAX_DEPTH: usize = 64;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (always valid JSON number text).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in the order written (a repeated key is refused when read).
    Object(Vec<(String, Json)>),
}

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonError {
    /// What is wrong, such as "expected `,` or `}`".
    pub message: String,
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// JavaScript's `Number(text)`.
    #[wasm_bindgen(js_name = Number)]
    fn js_number(text: &str) -> f64;
}

/// The value of valid JSON number text.
fn number_value(text: &str) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_number(text);
    #[cfg(not(target_arch = "wasm32"))]
    text.parse().unwrap_or(f64::NAN)
}

impl Json {
    /// Reads `text` as one JSON value (surrounding white space allowed).
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut reader = Reader { text: text.as_bytes(), at: 0 };
        let value = reader.value(0)?;
        reader.space();
        if reader.at < reader.text.len() {
            return Err(reader.error("trailing characters"));
        }
        Ok(value)
    }

    /// A number: whole numbers are written without a fraction; NaN and infinities become `null`.
    pub fn number(x: f64) -> Json {
        if x.is_finite() {
            Json::Number(crate::format::number(x))
        } else {
            Json::Null
        }
    }

    /// A whole number.
    pub fn int(n: u64) -> Json {
        Json::Number(n.to_string())
    }

    /// A string.
    pub fn str(s: &str) -> Json {
        Json::String(s.to_string())
    }

    /// An object from its members.
    pub fn object<const N: usize>(members: [(&str, Json); N]) -> Json {
        Json::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    /// The number's value, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(text) => Some(number_value(text)),
            _ => None,
        }
    }

    /// The number, if this is a whole number from 0 to `u64::MAX` written without a fraction or
    /// exponent (read exactly, digit by digit).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The flag, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The member named `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// What kind of value this is, and for a scalar what it holds, as an error message says it:
    /// `string "fast"`, `number 2.5`, `boolean true`, `null`, `array`, `object`.
    pub fn describe(&self) -> String {
        match self {
            Json::Null => "null".to_string(),
            Json::Bool(b) => format!("boolean {b}"),
            Json::Number(text) => format!("number {text}"),
            Json::String(s) => format!("string {}", Json::str(s)),
            Json::Array(_) => "array".to_string(),
            Json::Object(_) => "object".to_string(),
        }
    }

    /// The value as indented text, two spaces a level, ending with a newline: arrays and objects
    /// that hold only scalars and fit in a line stay on one line (a timeline entry to a line).
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, 0);
        out.push('\n');
        out
    }

    fn write_pretty(&self, out: &mut String, depth: usize) {
        let flat = self.to_string();
        let nested = match self {
            Json::Array(items) => items.iter().any(Json::is_container),
            Json::Object(members) => members.iter().any(|(_, v)| v.is_container()),
            _ => false,
        };
        if !self.is_container() || (!nested && flat.len() + 2 * depth <= 96) {
            // One line, with a space after each separator for reading.
            out.push_str(&spaced(&flat));
            return;
        }
        let indent = |out: &mut String, depth: usize| out.extend(std::iter::repeat_n("  ", depth));
        let (open, close) = if matches!(self, Json::Array(_)) { ('[', ']') } else { ('{', '}') };
        out.push(open);
        let mut first = true;
        let mut item = |out: &mut String, key: Option<&str>, value: &Json| {
            out.push_str(if first { "\n" } else { ",\n" });
            first = false;
            indent(out, depth + 1);
            if let Some(key) = key {
                write_string(out, key);
                out.push_str(": ");
            }
            value.write_pretty(out, depth + 1);
        };
        match self {
            Json::Array(items) => items.iter().for_each(|v| item(out, None, v)),
            Json::Object(members) => members.iter().for_each(|(k, v)| item(out, Some(k), v)),
            _ => unreachable!("scalars are written flat"),
        }
        out.push('\n');
        indent(out, depth);
        out.push(close);
    }

    fn is_container(&self) -> bool {
        matches!(self, Json::Array(_) | Json::Object(_))
    }
}

/// Compact JSON text with a space after each `,` and `:` outside strings.
fn spaced(flat: &str) -> String {
    let mut out = String::with_capacity(flat.len() + flat.len() / 4);
    let (mut in_string, mut escaped) = (false, false);
    for c in flat.chars() {
        out.push(c);
        if in_string {
            (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
        } else if c == '"' {
            in_string = true;
        } else if c == ',' || c == ':' {
            out.push(' ');
        }
    }
    out
}

/// Compact JSON text: no white space.
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_compact(self, &mut out);
        f.write_str(&out)
    }
}

fn write_compact(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(text) => out.push_str(text),
        Json::String(s) => write_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_compact(item, out);
            }
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A cursor over the text being read.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, message: &str) -> JsonError {
        let before = &self.text[..self.at.min(self.text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        let column = before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
        JsonError { message: message.to_string(), line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.space();
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                for (word, value) in
                    [("true", Json::Bool(true)), ("false", Json::Bool(false)), ("null", Json::Null)]
                {
                    if self.text[self.at..].starts_with(word.as_bytes()) {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("expected a value"))
            }
        }
    }

    fn nested(&self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.nested(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                None => return Err(self.error("EOF while parsing a list")),
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.nested(depth)?;
        self.at += 1;
        let mut members: Vec<(String, Json)> = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.space();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected a key in double quotes")),
            }
            let key_at = self.at;
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                self.at = key_at;
                return Err(self.error(&format!("duplicate field `{key}`")));
            }
            self.space();
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `:`")),
            }
            let value = self.value(depth)?;
            members.push((key, value));
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err(self.error("expected a digit")),
            n if leading_zero && n > 1 => return Err(self.error("a number cannot start with 0")),
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        // Only ASCII was consumed.
        let text = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
        Ok(Json::Number(text))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits =
            self.text.get(self.at..self.at + 4).ok_or_else(|| self.error("EOF while parsing a string"))?;
        let mut n = 0;
        for &d in digits {
            let v =
                (d as char).to_digit(16).ok_or_else(|| self.error("expected four hex digits after \\u"))?;
            n = n * 16 + v;
        }
        self.at += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut bytes = Vec::new();
        loop {
            let Some(b) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
                    self.at += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.escaped_char()?,
                        _ => {
                            self.at -= 1;
                            return Err(self.error("invalid escape"));
                        }
                    };
                    let mut buf = [0; 4];
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..0x20 => {
                    self.at -= 1;
                    return Err(self.error("control character in a string (write it as \\n or \\u00XX)"));
                }
                b => bytes.push(b),
            }
        }
        // The text came from a &str and escapes were encoded as UTF-8, so this cannot fail.
        String::from_utf8(bytes).map_err(|_| self.error("invalid UTF-8"))
    }

    /// The character of a `\uXXXX` escape (the `\u` read), joining a surrogate pair.
    fn escaped_char(&mut self) -> Result<char, JsonError> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if !self.text[self.at..].starts_with(b"\\u") {
                return Err(self.error("lone leading surrogate in a \\u escape"));
            }
            self.at += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(self.error("invalid trailing surrogate in a \\u escape"));
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or_else(|| self.error("lone trailing surrogate in a \\u escape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_every_kind_of_value() {
        let value = Json::parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n"} "#)
            .unwrap();
        assert_eq!(value.get("a").unwrap().as_array().unwrap()[1].as_f64(), Some(-2500.0));
        assert_eq!(value.get("b").unwrap().as_str(), Some("x\"é😀\n"));
        assert_eq!(Json::parse("18446744073709551615").unwrap().as_u64(), Some(u64::MAX));
        assert_eq!(Json::parse("-1").unwrap().as_u64(), None);
        assert_eq!(Json::parse("2.0").unwrap().as_u64(), None);
    }

    #[test]
    fn errors_give_line_and_column() {
        let error = Json::parse("{\"seed\": 1,").unwrap_err();
        assert_eq!((error.line, error.column), (1, 12));
        assert_eq!(error.to_string(), "EOF while parsing an object at line 1 column 12");
        let error = Json::parse("{\n  \"a\": 1\n  \"b\": 2\n}").unwrap_err();
        assert_eq!((error.message.as_str(), error.line, error.column), ("expected `,` or `}`", 3, 3));
        assert!(Json::parse(r#"{"a": 1, "a": 2}"#).unwrap_err().message.contains("duplicate field `a`"));
        assert!(Json::parse("[1] x").unwrap_err().message.contains("trailing"));
        assert!(Json::parse("01").is_err());
        assert!(Json::parse(&"[".repeat(MAX_DEPTH + 1)).unwrap_err().message.contains("nested"));
        assert!(Json::parse(&format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH))).is_ok());
    }

    #[test]
    fn writes_compact_and_pretty_text() {
        let value = Json::parse(r#"{"timeline": [{"at_s": 1, "type": "burst"}], "name": "a,b: c"}"#).unwrap();
        assert_eq!(value.to_string(), r#"{"timeline":[{"at_s":1,"type":"burst"}],"name":"a,b: c"}"#);
        assert_eq!(
            value.pretty(),
            "{\n  \"timeline\": [\n    {\"at_s\": 1, \"type\": \"burst\"}\n  ],\n  \"name\": \"a,b: c\"\n}\n"
        );
        assert_eq!(Json::number(0.1).to_string(), "0.1");
        assert_eq!(Json::number(f64::NAN), Json::Null);
    }

    fn any_json() -> impl Strategy<Value = Json> {
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            any::<f64>().prop_map(Json::number),
            any::<u64>().prop_map(Json::int),
            any::<String>().prop_map(Json::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Json::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn written_text_reads_back_the_same(value in any_json()) {
            prop_assert_eq!(Json::parse(&value.to_string()).unwrap(), value.clone());
            prop_assert_eq!(Json::parse(&value.pretty()).unwrap(), value);
        }

        #[test]
        fn any_text_is_read_or_refused_without_panic(text in ".{0,64}") {
            let _ = Json::parse(&text);
        }

        #[test]
        fn numbers_read_as_rust_reads_them(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
            prop_assert_eq!(Json::number(x).as_f64(), Some(x));
        }
    }
}
