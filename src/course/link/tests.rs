use super::*;
use proptest::prelude::*;

#[test]
fn reads_a_lessons_link() {
    let link = Link::parse("?v=1&scenario=retry-storm&seed=7&t=12.5&embed=1&controls=failures").unwrap();
    assert_eq!(
        link,
        Link {
            setup: Setup::Named("retry-storm".to_string()),
            seed: Some(7),
            at: Some(12_500_000),
            embed: true,
            controls: Some(vec!["failures".to_string()]),
            ..Link::default()
        }
    );
    assert_eq!(link.to_query(), "?v=1&scenario=retry-storm&seed=7&t=12.5&embed=1&controls=failures");
}

#[test]
fn an_empty_query_is_the_default_world() {
    for query in ["", "?", "?v=1", "v=1", "&&", "?utm_source=course&x"] {
        assert_eq!(Link::parse(query), Ok(Link::default()), "{query}");
    }
    assert!(Link::default().captions);
    assert_eq!(Link::default().to_query(), "?v=1");
}

#[test]
fn writes_every_parameter_in_order() {
    let link = Link {
        setup: Setup::Inline(r#"{"seed":3}"#.to_string()),
        seed: Some(u64::MAX),
        run: Some(r#"[{"at_s":1,"type":"burst"}]"#.to_string()),
        at: Some(1),
        paused: true,
        embed: true,
        controls: Some(vec!["security".to_string(), "scale".to_string()]),
        captions: false,
        origins: vec!["https://course.example".to_string(), "http://[::1]:8001".to_string()],
        chapter: Some(Chapter::Encryption),
        challenge: None,
    };
    let query = link.to_query();
    assert_eq!(
        query,
        format!(
            "?v=1&setup={}&seed=18446744073709551615&run={}&t=0.000001&paused=1&embed=1\
             &controls=security,scale&captions=0&origins=https://course.example,http://%5B::1%5D:8001\
             &chapter=encryption",
            base64::encode(br#"{"seed":3}"#),
            base64::encode(br#"[{"at_s":1,"type":"burst"}]"#),
        )
    );
    assert_eq!(Link::parse(&query), Ok(link));
}

#[test]
fn decodes_percent_escapes_plus_signs_and_spaced_json() {
    let link = Link::parse("scenario=retry%2dstorm&controls=scale%2Cattacks&embed=tru%65").unwrap();
    assert_eq!(link.setup, Setup::Named("retry-storm".to_string()));
    assert_eq!(link.controls, Some(vec!["scale".to_string(), "attacks".to_string()]));
    assert!(link.embed);
    // JSON as a person writes it is kept compact.
    let setup = base64::encode(b"{ \"title\": \"Caf\xc3\xa9\",\n  \"seed\": 1 }");
    let link = Link::parse(&format!("setup={setup}")).unwrap();
    assert_eq!(link.setup, Setup::Inline("{\"title\":\"Café\",\"seed\":1}".to_string()));
    let error = Link::parse("scenario=a+b").unwrap_err();
    assert!(error.message.contains("\"a b\""), "{error}");
}

#[test]
fn writes_seconds_exactly() {
    for (at, text) in [
        (0, "0"),
        (3_000_000, "3"),
        (12_500_000, "12.5"),
        (1, "0.000001"),
        (1_234_560, "1.23456"),
        (MAX_AT, "1000000000"),
    ] {
        assert_eq!(seconds(at), text);
        assert_eq!(moment(text), Ok(at));
    }
    assert_eq!(moment("007.50"), Ok(7_500_000));
}

#[test]
fn refuses_malformed_links_naming_the_parameter() {
    let json = |text: &str| base64::encode(text.as_bytes());
    let long = "x".repeat(100);
    // Forty characters of the value, then an ellipsis.
    const CUT: &str = "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\"";
    let cases: Vec<(String, &str, &[&str])> = vec![
        ("v=2".into(), "v", &["newer playground", "\"2\"", "up to 1"]),
        ("v=0".into(), "v", &["version from 1", "\"0\""]),
        ("v=%2B1".into(), "v", &["\"+1\""]),
        ("v=+1".into(), "v", &["\" 1\""]),
        ("v=1&v=1".into(), "v", &["given twice"]),
        ("seed=1&seed=2".into(), "seed", &["given twice", "\"1\"", "\"2\""]),
        ("seed=-1".into(), "seed", &["whole number", "\"-1\""]),
        ("seed=18446744073709551616".into(), "seed", &["whole number"]),
        ("seed=%zz".into(), "seed", &["percent escape", "\"%zz\""]),
        ("seed=1%".into(), "seed", &["percent escape", "\"%\""]),
        ("seed=%e9".into(), "seed", &["UTF-8"]),
        ("scenario=Retry".into(), "scenario", &["scenario's name", "\"Retry\""]),
        ("scenario=".into(), "scenario", &["scenario's name", "\"\""]),
        (format!("scenario={}", "a".repeat(65)), "scenario", &["scenario's name", "…"]),
        (format!("scenario={long}"), "scenario", &[CUT]),
        ("scenario=a&setup=e30".into(), "setup", &["not both"]),
        ("setup=e30=".into(), "setup", &["base64url", "\"e30=\""]),
        ("setup=e3".into(), "setup", &["base64url"]),
        (format!("setup={}", base64::encode(&[0xff, 0xfe])), "setup", &["UTF-8"]),
        (format!("setup={}", json("{\n  \"seed\": 1,\n}")), "setup", &["not JSON", "line 3 column 1"]),
        (format!("setup={}", json("[]")), "setup", &["scenario", "JSON object", "array"]),
        (format!("run={}", json("{}")), "run", &["JSON array", "object"]),
        (format!("run={}", json("[1,")), "run", &["not JSON", "line 1 column 4"]),
        ("t=12.5s".into(), "t", &["seconds", "\"12.5s\""]),
        ("t=1.2345678".into(), "t", &["up to 6 decimals"]),
        ("t=-1".into(), "t", &["seconds", "\"-1\""]),
        ("t=.5".into(), "t", &["seconds"]),
        ("t=5.".into(), "t", &["seconds"]),
        ("t=1e3".into(), "t", &["seconds"]),
        ("t=1000000000.000001".into(), "t", &["latest moment", "1000000000 s"]),
        ("t=99999999999999999999".into(), "t", &["latest moment"]),
        ("paused=yes".into(), "paused", &["1, 0, true or false", "\"yes\""]),
        ("embed=".into(), "embed", &["1, 0, true or false"]),
        ("captions=off".into(), "captions", &["\"off\""]),
        ("controls=".into(), "controls", &["\"\" is not one of scale, failures, attacks, security"]),
        ("controls=scale,scale".into(), "controls", &["\"scale\" is listed twice"]),
        ("controls=scale,,attacks".into(), "controls", &["\"\" is not one of"]),
        ("controls=Scale".into(), "controls", &["\"Scale\" is not one of"]),
        ("origins=".into(), "origins", &["\"\" is not an origin"]),
        ("origins=course.example".into(), "origins", &["is not an origin"]),
        ("origins=ftp://a.example".into(), "origins", &["http:// or https://"]),
        ("origins=HTTPS://a.example".into(), "origins", &["http:// or https://"]),
        ("origins=https://a.example/".into(), "origins", &["ends in a slash"]),
        ("origins=https://a.example/lesson".into(), "origins", &["path"]),
        ("origins=https://a.example?x".into(), "origins", &["query"]),
        ("origins=https://me@a.example".into(), "origins", &["user info"]),
        ("origins=https://A.example".into(), "origins", &["capitals", "\"https://A.example\""]),
        ("origins=https://a..example".into(), "origins", &["no host"]),
        ("origins=https://".into(), "origins", &["no host"]),
        ("origins=https://a_b.example".into(), "origins", &["no host"]),
        ("origins=https://a.example:443".into(), "origins", &["default port"]),
        ("origins=http://a.example:80".into(), "origins", &["default port"]),
        ("origins=http://a.example:0".into(), "origins", &["port"]),
        ("origins=http://a.example:65536".into(), "origins", &["port"]),
        ("origins=http://a.example:080".into(), "origins", &["port"]),
        ("origins=http://a.example:".into(), "origins", &["port"]),
        ("origins=http://[::1".into(), "origins", &["no host"]),
        ("origins=http://[::1]x".into(), "origins", &["port"]),
        ("origins=https://a.example,https://b.example/".into(), "origins", &["\"https://b.example/\""]),
    ];
    for (query, param, words) in cases {
        let error = Link::parse(&query).expect_err(&query);
        assert_eq!(error.param, param, "{query}: {error}");
        for word in words {
            assert!(error.message.contains(word), "{query}: {error:?} lacks {word:?}");
        }
        assert!(error.to_string().starts_with(&format!("{param}: ")));
    }
}

#[test]
fn opens_a_tour_chapter_by_name_and_refuses_an_unknown_one() {
    let link = Link::parse("?chapter=ddos-defences&embed=1").unwrap();
    assert_eq!(link.chapter, Some(Chapter::DdosDefences));
    assert_eq!(link.to_query(), "?v=1&embed=1&chapter=ddos-defences");
    let error = Link::parse("?chapter=ddos").unwrap_err();
    assert_eq!(error.param, "chapter");
    assert!(
        error.message.contains("scaling, load-balancing") && error.message.ends_with("not \"ddos\""),
        "{error}"
    );
}

#[test]
fn opens_a_challenge_by_name_and_refuses_an_unknown_one() {
    let link = Link::parse("?embed=1&challenge=redundant-storage").unwrap();
    assert_eq!(link.challenge, Some(Challenge::RedundantStorage));
    assert_eq!(link.chapter, None);
    assert_eq!(link.to_query(), "?v=1&embed=1&challenge=redundant-storage");
    let error = Link::parse("?challenge=flood").unwrap_err();
    assert_eq!(error.param, "challenge");
    assert!(
        error.message.contains(
            "(scaling, load-balancing, fault-tolerance, redundant-storage, encryption, access-control, \
             ddos-defences)"
        ) && error.message.ends_with("not \"flood\""),
        "{error}"
    );
    // The tour's summary is a chapter, not a challenge.
    assert_eq!(Link::parse("?challenge=summary").unwrap_err().param, "challenge");
    let both = Link::parse("?chapter=scaling&challenge=scaling").unwrap_err();
    assert_eq!(both.param, "challenge");
    assert!(both.message.contains("not both"), "{both}");
}

#[test]
fn reads_origins_as_browsers_write_them() {
    let link =
        Link::parse("origins=https://a.example,http://127.0.0.1:8001,http://localhost:3000,http://[::1]")
            .unwrap();
    assert_eq!(
        link.origins,
        ["https://a.example", "http://127.0.0.1:8001", "http://localhost:3000", "http://[::1]"]
    );
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<u64>().prop_map(Json::int),
        (-1e6..1e6f64).prop_map(Json::number),
        ".{0,12}".prop_map(Json::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

fn origin() -> impl Strategy<Value = String> {
    let host = prop_oneof![
        "[a-z0-9-]{1,8}(\\.[a-z0-9-]{1,8}){0,2}",
        Just("[::1]".to_string()),
        Just("[2001:db8::7]".to_string()),
    ];
    (prop_oneof![Just("http"), Just("https")], host, prop::option::of(1..=65535u32))
        .prop_filter("a browser leaves the default port out", |(scheme, _, port)| {
            !matches!((*scheme, port), ("http", Some(80)) | ("https", Some(443)))
        })
        .prop_map(|(scheme, host, port)| match port {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        })
}

fn any_link() -> impl Strategy<Value = Link> {
    let setup = prop_oneof![
        Just(Setup::Default),
        "[a-z0-9-]{1,64}".prop_map(Setup::Named),
        prop::collection::btree_map(".{0,6}", json_value(), 0..4)
            .prop_map(|m| Setup::Inline(Json::Object(m.into_iter().collect()).to_string())),
    ];
    let run = prop::collection::vec(json_value(), 0..4).prop_map(|items| Json::Array(items).to_string());
    let controls = prop::sample::subsequence(GROUPS.to_vec(), 1..=4)
        .prop_shuffle()
        .prop_map(|groups| groups.into_iter().map(String::from).collect());
    (
        setup,
        prop::option::of(any::<u64>()),
        prop::option::of(run),
        prop::option::of(0..=MAX_AT),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop::option::of(controls),
        prop::collection::vec(origin(), 0..3),
        // A chapter, a challenge, or neither: a link never opens both.
        prop_oneof![
            Just((None, None)),
            prop::sample::select(Chapter::ALL.to_vec()).prop_map(|c| (Some(c), None)),
            prop::sample::select(Challenge::ALL.to_vec()).prop_map(|c| (None, Some(c))),
        ],
    )
        .prop_map(
            |(setup, seed, run, at, (paused, embed, captions), controls, origins, (chapter, challenge))| {
                Link { setup, seed, run, at, paused, embed, controls, captions, origins, chapter, challenge }
            },
        )
}

proptest! {
    #[test]
    fn every_link_reads_back_from_its_query(link in any_link()) {
        let query = link.to_query();
        prop_assert_eq!(Link::parse(&query), Ok(link.clone()));
        // Hosts add their own parameters, before or after.
        prop_assert_eq!(Link::parse(&format!("?utm=a%20b&{}&ref=%zz", &query[1..])), Ok(link));
    }

    #[test]
    fn any_query_is_read_or_refused_without_panic(query in ".{0,80}") {
        let _ = Link::parse(&query);
    }

    #[test]
    fn any_value_of_a_known_parameter_is_read_or_refused_without_panic(
        param in prop::sample::select(PARAMS.to_vec()),
        value in "([a-zA-Z0-9_.,:/+%=-]|%[0-9a-fA-F]{2}|é){0,40}",
    ) {
        if let Err(error) = Link::parse(&format!("{param}={value}")) {
            prop_assert_eq!(error.param, param);
        }
    }
}
