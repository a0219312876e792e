//! An ordered firewall: rules are tried top to bottom, the first that matches a packet decides,
//! and a packet no rule matches gets the default policy.
//!
//! Rules are written one per line:
//!
//! ```text
//! # Comments run from `#` to the end of the line; blank lines are ignored.
//! deny from 203.0.113.0/24
//! allow from 10.0.0.0/8 proto tcp port 22
//! deny proto udp
//! deny path /admin
//! allow proto tcp port 443
//! default deny
//! ```
//!
//! - A rule is `allow` or `deny`, then any of these fields, in any order, each at most once:
//!   - `from CIDR`: the source is in the range (`10.0.0.0/8`, or a bare address for just that
//!     one); absent, any source.
//!   - `proto tcp|udp|any`: the protocol; absent, or `any`, either.
//!   - `port N`: the destination port, 1–65535; absent, any port.
//!   - `path /prefix`: an HTTP request whose path starts with the prefix, as text (`/api` also
//!     matches `/apiary`); absent, any packet. A packet without a path (not HTTP) never matches
//!     a rule with one.
//! - `default allow` or `default deny` sets the policy for packets no rule matches; at most one
//!   such line, anywhere. Without one, the default is `allow`.
//! - Words (not paths) may be in any case.

use std::net::Ipv4Addr;

use super::rule::{parse_line, Line, Rule, RuleError};

/// What the firewall does with a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Let it through.
    Allow,
    /// Drop it.
    Deny,
}

impl Action {
    /// The word rules write for it: "allow" or "deny".
    pub fn word(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Deny => "deny",
        }
    }
}

/// A transport protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Proto {
    /// TCP, which HTTP requests use.
    Tcp,
    /// UDP.
    Udp,
}

/// What the firewall sees of a packet arriving at the edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet {
    /// The source address.
    pub source: Ipv4Addr,
    /// The transport protocol.
    pub proto: Proto,
    /// The destination port, 1–65535.
    pub port: u16,
    /// The request path (such as `/login`) for an HTTP request; `None` for other traffic.
    pub path: Option<String>,
}

/// The firewall's decision on a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// What to do with it.
    pub action: Action,
    /// The line (from 1) of the rule that matched; `None` when the default policy decided.
    pub rule: Option<usize>,
}

/// Ordered rules and a default policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Firewall {
    /// The rules, in the order they are tried.
    rules: Vec<Rule>,
    /// The action for a packet no rule matches.
    default: Action,
}

impl Default for Firewall {
    /// No rules, default allow: everything gets through.
    fn default() -> Self {
        Firewall { rules: Vec::new(), default: Action::Allow }
    }
}

impl Firewall {
    /// Parses rules written as the [module documentation](self) says, or returns every line's
    /// error (at most one per line, in line order).
    pub fn parse(text: &str) -> Result<Firewall, Vec<RuleError>> {
        let mut firewall = Firewall::default();
        let mut default_line = None;
        let mut errors = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let number = index + 1;
            match parse_line(number, raw) {
                Ok(Line::Blank) => {}
                Ok(Line::Rule(rule)) => firewall.rules.push(rule),
                Ok(Line::Default(action)) => match default_line {
                    Some(first) => errors.push(RuleError::new(
                        number,
                        format!("`default` given twice (first on line {first})"),
                    )),
                    None => {
                        default_line = Some(number);
                        firewall.default = action;
                    }
                },
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            Ok(firewall)
        } else {
            Err(errors)
        }
    }

    /// The rules, in the order they are tried.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The action for a packet no rule matches.
    pub fn default_action(&self) -> Action {
        self.default
    }

    /// What the first rule matching `packet` says, or the default policy if none does.
    pub fn verdict(&self, packet: &Packet) -> Verdict {
        match self.rules.iter().find(|rule| rule.matches(packet)) {
            Some(rule) => Verdict { action: rule.action(), rule: Some(rule.line()) },
            None => Verdict { action: self.default, rule: None },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(source: [u8; 4], path: &str) -> Packet {
        Packet { source: source.into(), proto: Proto::Tcp, port: 80, path: Some(path.into()) }
    }

    #[test]
    fn the_first_matching_rule_decides() {
        let firewall = Firewall::parse("allow from 10.1.0.0/16\n\ndeny from 10.0.0.0/8\n").unwrap();
        let allowed = Verdict { action: Action::Allow, rule: Some(1) };
        assert_eq!(firewall.verdict(&http([10, 1, 2, 3], "/")), allowed);
        let denied = Verdict { action: Action::Deny, rule: Some(3) };
        assert_eq!(firewall.verdict(&http([10, 2, 2, 3], "/")), denied);
        let default = Verdict { action: Action::Allow, rule: None };
        assert_eq!(firewall.verdict(&http([11, 0, 0, 1], "/")), default);
    }

    #[test]
    fn the_default_line_may_come_anywhere_and_an_empty_text_allows_everything() {
        let firewall = Firewall::parse("# closed\ndefault deny\nallow port 80").unwrap();
        assert_eq!(firewall.default_action(), Action::Deny);
        assert_eq!(firewall.rules().len(), 1);
        let udp = Packet { source: [1, 2, 3, 4].into(), proto: Proto::Udp, port: 53, path: None };
        assert_eq!(firewall.verdict(&udp), Verdict { action: Action::Deny, rule: None });
        assert_eq!(Firewall::parse("").unwrap(), Firewall::default());
        assert_eq!(Firewall::default().verdict(&udp).action, Action::Allow);
    }

    #[test]
    fn every_bad_line_is_reported_in_order() {
        let errors = Firewall::parse("default deny\nalow\nallow\ndefault allow\ndeny port 0").unwrap_err();
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            lines,
            vec![
                "line 2: unknown word \"alow\"; a rule starts with allow, deny or default",
                "line 4: `default` given twice (first on line 1)",
                "line 5: port must be 1–65535, got 0",
            ]
        );
    }
}
