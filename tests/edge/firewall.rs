//! The first rule that matches a packet decides; a packet no rule matches gets the default.

use ds_playground::sim::edge::{Action, Firewall, Packet, Proto, Verdict};

/// A packet from `source` (dotted quad) to `port`, with an HTTP path if given.
fn packet(source: &str, proto: Proto, port: u16, path: Option<&str>) -> Packet {
    Packet { source: source.parse().unwrap(), proto, port, path: path.map(String::from) }
}

const ALLOW: Action = Action::Allow;
const DENY: Action = Action::Deny;
use Proto::{Tcp, Udp};

const RULES: &str = "\
# The edge in front of the shop.
deny from 203.0.113.0/24           # a known botnet
allow from 203.0.113.7 proto tcp   # never reached: line 2 takes all of 203.0.113.0/24

allow from 10.0.0.0/8 port 22 proto tcp
deny port 22
deny path /admin
allow path /admin/login from 198.51.100.0/24   # never reached for /admin…: line 7 came first
deny proto udp port 53
allow proto any port 443
allow proto tcp port 80
default deny
";

#[test]
fn the_first_matching_rule_decides_and_the_default_takes_the_rest() {
    let firewall = Firewall::parse(RULES).unwrap();
    assert_eq!(firewall.rules().len(), 9);
    assert_eq!(firewall.default_action(), DENY);
    #[rustfmt::skip]
    let table: [(Packet, Action, Option<usize>); 16] = [
        (packet("203.0.113.7", Tcp, 80, Some("/")), DENY, Some(2)),
        (packet("203.0.113.255", Udp, 443, None), DENY, Some(2)),
        (packet("203.0.114.1", Tcp, 80, Some("/")), ALLOW, Some(11)),
        (packet("10.9.8.7", Tcp, 22, None), ALLOW, Some(5)),
        (packet("10.9.8.7", Udp, 22, None), DENY, Some(6)),
        (packet("11.0.0.1", Tcp, 22, None), DENY, Some(6)),
        (packet("1.2.3.4", Tcp, 80, Some("/admin")), DENY, Some(7)),
        (packet("198.51.100.9", Tcp, 80, Some("/admin/login")), DENY, Some(7)),
        (packet("1.2.3.4", Tcp, 80, Some("/administrator")), DENY, Some(7)),
        (packet("1.2.3.4", Tcp, 80, Some("/shop/admin")), ALLOW, Some(11)),
        (packet("1.2.3.4", Udp, 53, None), DENY, Some(9)),
        (packet("1.2.3.4", Tcp, 53, None), DENY, None),
        (packet("1.2.3.4", Udp, 443, None), ALLOW, Some(10)),
        (packet("1.2.3.4", Tcp, 443, Some("/cart")), ALLOW, Some(10)),
        (packet("1.2.3.4", Udp, 80, None), DENY, None),
        (packet("1.2.3.4", Tcp, 8080, Some("/")), DENY, None),
    ];
    for (packet, action, rule) in table {
        assert_eq!(firewall.verdict(&packet), Verdict { action, rule }, "{packet:?}");
    }
}

#[test]
fn without_a_default_line_the_default_is_allow() {
    let firewall = Firewall::parse("deny from 0.0.0.0/0 proto udp\n\n# nothing else").unwrap();
    #[rustfmt::skip]
    let table = [
        (packet("8.8.8.8", Udp, 53, None), Verdict { action: DENY, rule: Some(1) }),
        (packet("8.8.8.8", Tcp, 53, None), Verdict { action: ALLOW, rule: None }),
        (packet("0.0.0.0", Tcp, 1, Some("/")), Verdict { action: ALLOW, rule: None }),
    ];
    for (packet, verdict) in table {
        assert_eq!(firewall.verdict(&packet), verdict, "{packet:?}");
    }
}

#[test]
fn a_rule_keeps_its_text_and_line_for_display() {
    let firewall = Firewall::parse(RULES).unwrap();
    let shown: Vec<(usize, &str)> = firewall.rules().iter().map(|r| (r.line(), r.text())).take(3).collect();
    assert_eq!(
        shown,
        vec![
            (2, "deny from 203.0.113.0/24"),
            (3, "allow from 203.0.113.7 proto tcp"),
            (5, "allow from 10.0.0.0/8 port 22 proto tcp"),
        ]
    );
}
