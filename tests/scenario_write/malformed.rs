//! Malformed titles, commands and timelines: each refused with the field's path and what is
//! wrong, as a file, a shared link's run or a course page's message gives them.

use ds_playground::json::Json;
use ds_playground::sim::scenario::{command, parse, timeline, ScenarioError};

/// Checks `error` is at `path` and its message holds each of `words`.
fn check(input: &str, error: ScenarioError, path: &str, words: &[&str]) {
    assert_eq!(error.path, path, "wrong path for {input}: {error:?}");
    for word in words {
        assert!(error.message.contains(word), "the message for {input} should hold {word:?}: {error:?}");
    }
}

#[test]
fn bad_titles_and_new_commands_are_named() {
    let entry = |fields: &str| {
        format!(r#"{{"timeline": [{{"at_s": 1, "type": "burst"}}, {{"at_s": 2, {fields}}}]}}"#)
    };
    #[rustfmt::skip]
    let table: Vec<(String, &str, Vec<&str>)> = vec![
        (r#"{"title": 5}"#.into(), "title", vec!["invalid type: number 5, expected a string"]),
        (r#"{"description": ["a"]}"#.into(), "description", vec!["invalid type: array, expected a string"]),
        (r#"{"titel": "x"}"#.into(), "titel", vec!["unknown field `titel`", "`title`, `description`, `seed`"]),
        (entry(r#""type": "remove-server", "server": -1"#), "timeline[1].server", vec!["between 0 and 4294967295, got -1"]),
        (entry(r#""type": "remove-server", "server": "two""#), "timeline[1].server",
            vec![r#"invalid type: string "two", expected a whole number"#]),
        (entry(r#""type": "crash-server""#), "timeline[1]", vec!["missing field `server`"]),
        (entry(r#""type": "set-retries", "max_attempts": 9"#), "timeline[1].max_attempts", vec!["between 1 and 5, got 9"]),
        (entry(r#""type": "set-retries", "budget": 2"#), "timeline[1].budget", vec!["between 0 and 1, got 2"]),
        (entry(r#""type": "set-retries", "tries": 3"#), "timeline[1].tries", vec!["unknown field `tries`", "`max_attempts` or `budget`"]),
        (entry(r#""type": "set-chaos", "chaos": {"server_mtbf_s": 0}"#), "timeline[1].chaos.server_mtbf_s",
            vec!["between 0.001 and 1000000, got 0"]),
        (entry(r#""type": "set-chaos", "chaos": 5"#), "timeline[1].chaos", vec!["invalid type: number 5, expected an object"]),
        (entry(r#""type": "set-chaos", "chaos": {"mtbf_s": 5}"#), "timeline[1].chaos.mtbf_s",
            vec!["unknown field `mtbf_s`", "server_mtbf_s"]),
        (entry(r#""type": "sign-in", "name": "ada""#), "timeline[1]", vec!["missing field `password`"]),
        (entry(r#""type": "sign-in", "name": 5, "password": "x""#), "timeline[1].name",
            vec!["invalid type: number 5, expected a string"]),
        (entry(r#""type": "call", "endpoint": "/secret""#), "timeline[1].endpoint",
            vec!["unknown variant `/secret`", "`/login`, `/orders`, `/admin`"]),
        (entry(r#""type": "call", "endpoint": "/orders", "token": "xyz1""#), "timeline[1].token",
            vec!["must be the token's bytes in hexadecimal, or null for none"]),
        (entry(r#""type": "call", "endpoint": "/orders", "token": "abc""#), "timeline[1].token", vec!["hexadecimal"]),
        (entry(r#""type": "call", "endpoint": "/orders", "token": 12"#), "timeline[1].token", vec!["hexadecimal"]),
        (entry(r#""type": "call", "token": null"#), "timeline[1]", vec!["missing field `endpoint`"]),
        (entry(r#""type": "sign-out", "name": "ada""#), "timeline[1].name", vec!["unknown field `name`"]),
        (entry(r#""type": "add-server", "size": "large", "boot": "yes""#), "timeline[1].boot",
            vec![r#"invalid type: string "yes", expected a boolean"#]),
        (entry(r#""type": "add-server", "size": "large", "workers": 0"#), "timeline[1].workers",
            vec!["between 1 and 1000, got 0"]),
        (entry(r#""type": "add-server", "workers": 3"#), "timeline[1]", vec!["missing field `size`"]),
        (entry(r#""type": "set-auth", "on": "no""#), "timeline[1].on", vec![r#"invalid type: string "no", expected a boolean"#]),
        (r#"{"timeline": {"at_s": 1}}"#.into(), "timeline", vec!["invalid type: object, expected an array"]),
        (r#"{"timeline": [{"at_s": 1, "type": 5}]}"#.into(), "timeline[0].type", vec!["must be a string, one of", "sign-out"]),
    ];
    for (text, path, words) in &table {
        let error = parse(text).expect_err(text);
        check(text, error, path, words);
    }
}

#[test]
fn commands_and_runs_on_their_own_name_their_fields() {
    #[rustfmt::skip]
    let commands: [(&str, &str, &[&str]); 5] = [
        ("[1]", "command", &["must be an object like {\"type\": \"burst\"}"]),
        (r#"{"at_s": 1, "type": "burst"}"#, "command.at_s", &["unknown field `at_s`"]),
        (r#"{"type": "set-arrival-rate", "rate": 1e9}"#, "command.rate", &["between 0 and 200000, got 1000000000"]),
        (r#"{"type": "set-defence"}"#, "command", &["must set at least one of firewall"]),
        (r#"{"size": "large"}"#, "command.type", &["is missing; one of add-server"]),
    ];
    for (text, path, words) in commands {
        let error = command(&Json::parse(text).unwrap(), "command").expect_err(text);
        check(text, error, path, words);
    }
    let error =
        timeline(&Json::parse(r#"[{"at_s": 1, "type": "burst"}, {"type": "burst"}]"#).unwrap(), "run");
    check("a run", error.unwrap_err(), "run[1].at_s", &["is missing"]);
}

#[test]
fn text_that_is_not_json_is_refused_with_its_line_and_column() {
    let error = parse("{\"seed\": 1,").unwrap_err();
    assert_eq!(
        (error.path.as_str(), error.message.as_str()),
        ("", "EOF while parsing an object at line 1 column 12")
    );
    let error = parse("{\n  \"seed\": 1\n  \"clients\": 5\n}").unwrap_err();
    assert_eq!(error.to_string(), "expected `,` or `}` at line 3 column 3");
    let error = parse(r#"{"seed": 1, "seed": 2}"#).unwrap_err();
    assert!(error.message.starts_with("duplicate field `seed`"), "{error}");
}
