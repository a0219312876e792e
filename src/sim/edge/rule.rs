//! One firewall rule and how a line of text becomes one; the grammar is in the
//! [firewall's documentation](super::Firewall).

use std::fmt;

use super::address::Cidr;
use super::firewall::{Action, Packet, Proto};

/// The words that may follow `allow` or `deny`.
const FIELDS: [&str; 4] = ["from", "proto", "port", "path"];

/// A rule: an action and the conditions a packet must meet, all of them, for it to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The line it was written on, from 1.
    line: usize,
    /// Its text as written, without surrounding spaces or a comment.
    text: String,
    /// What it does with a packet it matches.
    action: Action,
    /// The source range; `None` for any source.
    from: Option<Cidr>,
    /// The protocol; `None` for either.
    proto: Option<Proto>,
    /// The destination port; `None` for any.
    port: Option<u16>,
    /// The prefix a request's path must start with; `None` for any packet, with or without one.
    path: Option<String>,
}

impl Rule {
    /// The line it was written on, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Its text as written, for display: without surrounding spaces or a comment.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What it does with a packet it matches.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The source range it matches; `None` for any source.
    pub fn from(&self) -> Option<Cidr> {
        self.from
    }

    /// The protocol it matches; `None` for either.
    pub fn proto(&self) -> Option<Proto> {
        self.proto
    }

    /// The destination port it matches; `None` for any.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The prefix a request's path must start with; `None` for any packet.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Whether `packet` meets every condition of the rule.
    pub fn matches(&self, packet: &Packet) -> bool {
        self.from.is_none_or(|range| range.contains(packet.source))
            && self.proto.is_none_or(|proto| proto == packet.proto)
            && self.port.is_none_or(|port| port == packet.port)
            && self
                .path
                .as_deref()
                .is_none_or(|prefix| packet.path.as_deref().is_some_and(|p| p.starts_with(prefix)))
    }
}

impl fmt::Display for Rule {
    /// The text as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What is wrong with one line of rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong with it, as a sentence fragment.
    pub message: String,
}

impl RuleError {
    /// An error on line `line`.
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        RuleError { line, message: message.into() }
    }
}

impl fmt::Display for RuleError {
    /// `line N: what is wrong`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for RuleError {}

/// What one line says.
#[derive(Debug)]
pub(super) enum Line {
    /// Nothing: blank or a comment.
    Blank,
    /// A rule.
    Rule(Rule),
    /// The default policy.
    Default(Action),
}

/// Reads line `number` (from 1).
pub(super) fn parse_line(number: usize, raw: &str) -> Result<Line, RuleError> {
    let text = raw.split_once('#').map_or(raw, |(before, _)| before).trim();
    let error = |message: String| RuleError::new(number, message);
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else { return Ok(Line::Blank) };
    let action = match first.to_ascii_lowercase().as_str() {
        "allow" => Action::Allow,
        "deny" => Action::Deny,
        "default" => return parse_default(words).map(Line::Default).map_err(error),
        _ => {
            return Err(error(format!("unknown word {first:?}; a rule starts with allow, deny or default")));
        }
    };
    let mut rule = Rule {
        line: number,
        text: text.to_string(),
        action,
        from: None,
        proto: None,
        port: None,
        path: None,
    };
    let mut words = words.peekable();
    while let Some(word) = words.next() {
        let field = word.to_ascii_lowercase();
        if !FIELDS.contains(&field.as_str()) {
            return Err(error(format!(
                "unknown word {word:?}; a rule's fields are from, proto, port and path"
            )));
        }
        let given = match field.as_str() {
            "from" => rule.from.is_some(),
            "proto" => rule.proto.is_some(),
            "port" => rule.port.is_some(),
            _ => rule.path.is_some(),
        };
        if given {
            return Err(error(format!("`{field}` given twice")));
        }
        let value = words.next_if(|next| !FIELDS.contains(&next.to_ascii_lowercase().as_str()));
        match field.as_str() {
            "from" => rule.from = Some(parse_from(value).map_err(error)?),
            "proto" => rule.proto = parse_proto(value).map_err(error)?,
            "port" => rule.port = Some(parse_port(value).map_err(error)?),
            _ => rule.path = Some(parse_path(value).map_err(error)?),
        }
    }
    Ok(Line::Rule(rule))
}

/// The rest of a `default` line.
fn parse_default<'a>(mut words: impl Iterator<Item = &'a str>) -> Result<Action, String> {
    let action = match words.next().map(|w| (w, w.to_ascii_lowercase())) {
        None => return Err("`default` needs allow or deny".into()),
        Some((_, w)) if w == "allow" => Action::Allow,
        Some((_, w)) if w == "deny" => Action::Deny,
        Some((w, _)) => return Err(format!("`default` needs allow or deny, got {w:?}")),
    };
    match words.next() {
        None => Ok(action),
        Some(extra) => Err(format!("`default` takes only allow or deny; unexpected {extra:?}")),
    }
}

/// The value of `from`.
fn parse_from(value: Option<&str>) -> Result<Cidr, String> {
    const NEEDS: &str = "`from` needs an address range like 10.0.0.0/8";
    let value = value.ok_or(NEEDS)?;
    Cidr::parse(value).map_err(|why| format!("{NEEDS}: {why}"))
}

/// The value of `proto`: `None` for any.
fn parse_proto(value: Option<&str>) -> Result<Option<Proto>, String> {
    let value = value.ok_or("`proto` needs tcp, udp or any")?;
    match value.to_ascii_lowercase().as_str() {
        "tcp" => Ok(Some(Proto::Tcp)),
        "udp" => Ok(Some(Proto::Udp)),
        "any" => Ok(None),
        _ => Err(format!("`proto` needs tcp, udp or any, got {value:?}")),
    }
}

/// The value of `port`.
fn parse_port(value: Option<&str>) -> Result<u16, String> {
    let value = value.ok_or("`port` needs a number 1–65535")?;
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    match value.parse::<u64>() {
        Ok(n) if digits && (1..=65_535).contains(&n) => Ok(n as u16),
        Ok(n) if digits => Err(format!("port must be 1–65535, got {n}")),
        _ if digits => Err(format!("port must be 1–65535, got {value}")),
        _ => Err(format!("port must be 1–65535, got {value:?}")),
    }
}

/// The value of `path`.
fn parse_path(value: Option<&str>) -> Result<String, String> {
    let value = value.ok_or("`path` needs a prefix like /login")?;
    if value.starts_with('/') {
        Ok(value.to_string())
    } else {
        Err(format!("`path` must start with /, got {value:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> Rule {
        match parse_line(7, text) {
            Ok(Line::Rule(rule)) => rule,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    fn message(text: &str) -> String {
        parse_line(1, text).unwrap_err().message
    }

    #[test]
    fn fields_come_in_any_order_and_the_text_is_kept() {
        let r = rule("  DENY port 443 path /api from 10.0.0.0/8 proto TCP  # the API ");
        assert_eq!(
            (r.line(), r.action(), r.text()),
            (7, Action::Deny, "DENY port 443 path /api from 10.0.0.0/8 proto TCP")
        );
        assert_eq!(
            (r.from(), r.proto(), r.port(), r.path()),
            (Some("10.0.0.0/8".parse().unwrap()), Some(Proto::Tcp), Some(443), Some("/api"))
        );
        let any = rule("allow proto any");
        assert_eq!((any.from(), any.proto(), any.port(), any.path()), (None, None, None, None));
        assert_eq!(any.to_string(), "allow proto any");
    }

    #[test]
    fn a_path_rule_matches_only_requests_whose_path_starts_with_it() {
        let r = rule("deny path /admin");
        let packet = |path: Option<&str>| Packet {
            source: [1, 1, 1, 1].into(),
            proto: Proto::Tcp,
            port: 80,
            path: path.map(String::from),
        };
        assert!(r.matches(&packet(Some("/admin"))) && r.matches(&packet(Some("/admin/users"))));
        assert!(
            !r.matches(&packet(Some("/")))
                && !r.matches(&packet(Some("/Admin")))
                && !r.matches(&packet(None))
        );
    }

    #[test]
    fn blank_lines_and_comments_say_nothing() {
        assert!(matches!(parse_line(1, ""), Ok(Line::Blank)));
        assert!(matches!(parse_line(1, "   # allow everything"), Ok(Line::Blank)));
        assert!(matches!(parse_line(1, "Default Deny # closed"), Ok(Line::Default(Action::Deny))));
    }

    #[test]
    fn a_missing_value_is_told_apart_from_a_bad_one() {
        assert_eq!(message("allow from"), "`from` needs an address range like 10.0.0.0/8");
        assert_eq!(message("allow from port 80"), "`from` needs an address range like 10.0.0.0/8");
        assert_eq!(message("allow port http"), "port must be 1–65535, got \"http\"");
        assert_eq!(message("allow port"), "`port` needs a number 1–65535");
        assert_eq!(
            message("allow port 99999999999999999999999"),
            "port must be 1–65535, got 99999999999999999999999"
        );
        assert_eq!(message("allow port -1"), "port must be 1–65535, got \"-1\"");
        assert_eq!(message("default"), "`default` needs allow or deny");
    }
}
