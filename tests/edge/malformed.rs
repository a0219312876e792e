//! Each malformed rule is refused with the line it is on and what is wrong with it.

use ds_playground::sim::edge::{Firewall, RuleError};

/// The errors for `text`, as shown.
fn errors(text: &str) -> Vec<String> {
    Firewall::parse(text).unwrap_err().iter().map(RuleError::to_string).collect()
}

#[test]
fn each_malformed_rule_gets_its_exact_error() {
    #[rustfmt::skip]
    let table: &[(&str, &str)] = &[
        ("alow from 10.0.0.0/8", "unknown word \"alow\"; a rule starts with allow, deny or default"),
        ("permit", "unknown word \"permit\"; a rule starts with allow, deny or default"),
        ("allow prot tcp", "unknown word \"prot\"; a rule's fields are from, proto, port and path"),
        ("deny from 10.0.0.0/8 10.1.0.0/16", "unknown word \"10.1.0.0/16\"; a rule's fields are from, proto, port and path"),
        ("allow port 70000", "port must be 1–65535, got 70000"),
        ("allow port 0", "port must be 1–65535, got 0"),
        ("allow port http", "port must be 1–65535, got \"http\""),
        ("allow port", "`port` needs a number 1–65535"),
        ("allow from 1.2.3.4 from 5.6.7.8", "`from` given twice"),
        ("deny port 80 proto tcp port 81", "`port` given twice"),
        ("deny path /a path /b", "`path` given twice"),
        ("deny proto tcp PROTO udp", "`proto` given twice"),
        ("deny from", "`from` needs an address range like 10.0.0.0/8"),
        ("deny from proto tcp", "`from` needs an address range like 10.0.0.0/8"),
        ("deny from 10.0.0.0/33", "`from` needs an address range like 10.0.0.0/8: prefix length must be 0–32, got 33"),
        ("deny from 10.0.0", "`from` needs an address range like 10.0.0.0/8: \"10.0.0\" is not an IPv4 address"),
        ("deny proto icmp", "`proto` needs tcp, udp or any, got \"icmp\""),
        ("deny proto", "`proto` needs tcp, udp or any"),
        ("deny path admin", "`path` must start with /, got \"admin\""),
        ("deny path", "`path` needs a prefix like /login"),
        ("default", "`default` needs allow or deny"),
        ("default reject", "`default` needs allow or deny, got \"reject\""),
        ("default deny port 80", "`default` takes only allow or deny; unexpected \"port\""),
    ];
    for (rule, message) in table {
        // The bad rule on line 3, after a good one and a comment.
        let text = format!("allow port 443\n# then\n{rule}\nallow port 80");
        assert_eq!(errors(&text), vec![format!("line 3: {message}")], "{rule:?}");
    }
}

#[test]
fn every_bad_line_is_reported_with_its_number() {
    let text =
        "deny path /admin\nalow\ndefault deny\nallow port 70000\nallow from 10.0.0.0/8 from 10.0.0.0/8\n\
                deny from\ndefault allow\n";
    assert_eq!(
        errors(text),
        vec![
            "line 2: unknown word \"alow\"; a rule starts with allow, deny or default",
            "line 4: port must be 1–65535, got 70000",
            "line 5: `from` given twice",
            "line 6: `from` needs an address range like 10.0.0.0/8",
            "line 7: `default` given twice (first on line 3)",
        ]
    );
}
