use super::*;

fn read(text: &str) -> Result<Request, String> {
    Request::read(&Json::parse(text).unwrap())
}

#[test]
fn reads_each_request() {
    let scenario = Json::parse(r#"{"seed": 3, "timeline": []}"#).unwrap();
    let cases = [
        (r#"{"type": "play"}"#, Request::Play),
        (r#"{"type": "pause"}"#, Request::Pause),
        (
            r#"{"type": "load-scenario", "name": "retry-storm"}"#,
            Request::LoadScenario { source: ScenarioSource::Named("retry-storm".to_string()), seed: None },
        ),
        (
            r#"{"seed": 18446744073709551615, "name": "a-1", "type": "load-scenario"}"#,
            Request::LoadScenario { source: ScenarioSource::Named("a-1".to_string()), seed: Some(u64::MAX) },
        ),
        (
            r#"{"type": "load-scenario", "scenario": {"seed": 3, "timeline": []}, "seed": 0}"#,
            Request::LoadScenario { source: ScenarioSource::Inline(scenario), seed: Some(0) },
        ),
        (
            r#"{"type": "command", "command": {"type": "add-server", "size": "small"}}"#,
            Request::Command(Json::parse(r#"{"type": "add-server", "size": "small"}"#).unwrap()),
        ),
    ];
    for (text, request) in cases {
        assert_eq!(read(text), Ok(request), "{text}");
    }
}

#[test]
fn refuses_malformed_requests_naming_the_field() {
    let cases = [
        ("[]", "expected an object with a \"type\", not array"),
        ("\"play\"", "expected an object with a \"type\", not string \"play\""),
        ("{}", "type: missing; one of load-scenario, command, play, pause"),
        (r#"{"type": 1}"#, "type: expected a string, not number 1"),
        (r#"{"type": "jump"}"#, "type: unknown request \"jump\"; one of load-scenario, command, play, pause"),
        (r#"{"type": "Play"}"#, "type: unknown request \"Play\""),
        (r#"{"type": "play", "speed": 2}"#, "speed: unknown field; a play request has only type"),
        (r#"{"type": "pause", "source": "x"}"#, "source: unknown field; a pause request has only type"),
        (
            r#"{"type": "load-scenario", "name": "a", "at": 1}"#,
            "at: unknown field; a load-scenario request has only type, name, scenario, seed",
        ),
        (r#"{"type": "load-scenario"}"#, "name: missing"),
        (r#"{"type": "load-scenario", "name": "a", "scenario": {}}"#, "scenario: given with name"),
        (r#"{"type": "load-scenario", "name": "Retry Storm"}"#, "name: expected a scenario's name"),
        (
            r#"{"type": "load-scenario", "name": 3}"#,
            "name: expected a scenario's name (1 to 64 of a-z, 0-9 and -), not number 3",
        ),
        (r#"{"type": "load-scenario", "name": ""}"#, "not string \"\""),
        (
            r#"{"type": "load-scenario", "scenario": "retry-storm"}"#,
            "scenario: expected an object, not string",
        ),
        (r#"{"type": "load-scenario", "name": "a", "seed": -1}"#, "seed: expected a whole number"),
        (r#"{"type": "load-scenario", "name": "a", "seed": 1.5}"#, "not number 1.5"),
        (r#"{"type": "load-scenario", "name": "a", "seed": "7"}"#, "not string \"7\""),
        (
            r#"{"type": "load-scenario", "name": "a", "seed": null}"#,
            "seed: expected a whole number from 0 to 18446744073709551615, not null",
        ),
        (r#"{"type": "command"}"#, "command: missing"),
        (
            r#"{"type": "command", "command": "add-server"}"#,
            "command: expected an object such as {\"type\": \"add-server\"}, not string",
        ),
        (r#"{"type": "command", "command": {}}"#, "command.type: missing"),
        (r#"{"type": "command", "command": {"type": null}}"#, "command.type: expected a string, not null"),
        (
            r#"{"type": "command", "command": {"type": "burst", "at_s": 3}}"#,
            "command.at_s: a command runs at once",
        ),
        (
            r#"{"type": "command", "command": {"type": "burst"}, "at_s": 3}"#,
            "at_s: unknown field; a command request has only type, command",
        ),
    ];
    for (text, words) in cases {
        let message = read(text).expect_err(text);
        assert!(message.contains(words), "{text}: {message:?} lacks {words:?}");
    }
}

#[test]
fn takes_messages_from_listed_origins_only() {
    let origins =
        Origins::new(vec!["https://course.example".to_string(), "http://127.0.0.1:8001".to_string()]);
    assert!(origins.allows("https://course.example"));
    assert!(origins.allows("http://127.0.0.1:8001"));
    for other in ["https://course.example/", "http://course.example", "https://evil.example", "null", ""] {
        assert!(!origins.allows(other), "{other}");
    }
    assert!(!Origins::default().allows("null"));
    assert_eq!(origins.list().len(), 2);
}

#[test]
fn writes_each_message_to_the_host() {
    let cases = [
        (
            ready(7, Some("retry-storm"), 12.5),
            r#"{"source":"ds-playground","type":"ready","version":1,"seed":7,"scenario":"retry-storm","time_s":12.5}"#,
        ),
        (
            ready(1, None, 0.0),
            r#"{"source":"ds-playground","type":"ready","version":1,"seed":1,"scenario":null,"time_s":0}"#,
        ),
        (height(640), r#"{"source":"ds-playground","type":"height","height":640}"#),
        (
            caption("Retries pile up", "Each retry is another request \"on top\"."),
            r#"{"source":"ds-playground","type":"caption","text":"Retries pile up","detail":"Each retry is another request \"on top\"."}"#,
        ),
        (
            event("server-crashed", 3.25, "3.2 s: server 1 crashed"),
            r#"{"source":"ds-playground","type":"event","name":"server-crashed","time_s":3.25,"text":"3.2 s: server 1 crashed"}"#,
        ),
        (loaded(9, None), r#"{"source":"ds-playground","type":"loaded","seed":9,"scenario":null}"#),
        (state(true, 60.0), r#"{"source":"ds-playground","type":"state","paused":true,"time_s":60}"#),
        (
            error("jump", "type: unknown request \"jump\""),
            r#"{"source":"ds-playground","type":"error","request":"jump","message":"type: unknown request \"jump\""}"#,
        ),
    ];
    for (message, text) in cases {
        assert_eq!(message.to_string(), text);
        assert_eq!(Json::parse(text).unwrap(), message);
    }
}
