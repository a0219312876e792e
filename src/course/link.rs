//! A course page's link: which world to load, how far to replay the learner's run, and how to
//! show the page, all in the URL's query so that a lesson can link to (or embed) one moment.
//!
//! `?v=1&scenario=retry-storm&seed=7&t=12.5&embed=1&controls=failures` loads the bundled
//! scenario `retry-storm` with seed 7, replays it to 12.5 s and pauses there, in the embedded
//! layout with only the failure controls. Parameters other than the playground's own are left to
//! the host page; one of its own given twice, or with a value it cannot read, is refused with the
//! parameter's name and what is wrong.

use std::fmt;

use super::base64;
use crate::json::Json;
use crate::sim::time::{Micros, SECOND};
use crate::teach::challenges::Challenge;
use crate::teach::tour::Chapter;

/// Version this playground writes in `v`; it reads this and every earlier one.
pub const VERSION: u32 = 1;

/// The groups of controls `controls` may list, in the side column's order.
pub const GROUPS: [&str; 4] = ["scale", "failures", "attacks", "security"];

/// The latest moment `t` may give: 10^9 simulated seconds, in microseconds.
pub const MAX_AT: Micros = 1_000_000_000 * SECOND;

/// The playground's parameters, in the order [`Link::to_query`] writes them.
const PARAMS: [&str; 13] = [
    "v",
    "scenario",
    "setup",
    "seed",
    "run",
    "t",
    "paused",
    "embed",
    "controls",
    "captions",
    "origins",
    "chapter",
    "challenge",
];

/// How long a value may be before an error message cuts it, in characters.
const QUOTED: usize = 40;

/// The world a link starts from.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Setup {
    /// The playground's own starting world (no `scenario` or `setup` in the link).
    #[default]
    Default,
    /// A bundled scenario, by the name of its file (`scenario=NAME`, see [`is_name`]).
    Named(String),
    /// A scenario carried in the link (`setup=` base64url of its JSON): its compact JSON text.
    Inline(String),
}

/// What a link loads, and how the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The world to start from: `scenario=NAME`, `setup=<base64url JSON>`, or neither.
    pub setup: Setup,
    /// The seed (`seed=N`), or `None` for the scenario's own (or the default one).
    pub seed: Option<u64>,
    /// The learner's changes (`run=` base64url of a JSON array of timeline entries, each with
    /// `at_s`): its compact JSON text, or `None` for none.
    pub run: Option<String>,
    /// The moment to replay to and pause at, in simulated microseconds (`t=SECONDS`), or `None`
    /// to start from the beginning.
    pub at: Option<Micros>,
    /// Whether the world starts paused (`paused=1`); default false.
    pub paused: bool,
    /// Whether the page takes its compact embedded layout (`embed=1`); default false.
    pub embed: bool,
    /// The groups of controls shown, from [`GROUPS`] (`controls=scale,attacks`), or `None` for
    /// all of them.
    pub controls: Option<Vec<String>>,
    /// Whether captions are shown (`captions=0` hides them); default true.
    pub captions: bool,
    /// The origins whose messages the page obeys and to which it sends its own
    /// (`origins=https://a.example,http://127.0.0.1:8001`); default none.
    pub origins: Vec<String>,
    /// The tour's chapter to open (`chapter=encryption`, see [`Chapter::slug`]), which loads its
    /// scenario; default none.
    pub chapter: Option<Chapter>,
    /// The challenge to open (`challenge=encryption`, see [`Challenge::slug`]), which starts a
    /// try on its scenario; default none. A link opens a chapter or a challenge, not both.
    pub challenge: Option<Challenge>,
}

impl Default for Link {
    /// The playground's own world, running, with everything shown.
    fn default() -> Self {
        Link {
            setup: Setup::Default,
            seed: None,
            run: None,
            at: None,
            paused: false,
            embed: false,
            controls: None,
            captions: true,
            origins: Vec::new(),
            chapter: None,
            challenge: None,
        }
    }
}

/// Why a link cannot be read: which parameter, and what is wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkError {
    /// The parameter, such as `t`.
    pub param: String,
    /// What is wrong, quoting the value (cut to 40 characters).
    pub message: String,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

impl Link {
    /// Reads a query string, with or without its leading `?`. Values are percent-decoded (as
    /// UTF-8, `+` for a space); parameters that are not the playground's are ignored; `v`
    /// absent means version 1.
    pub fn parse(query: &str) -> Result<Link, LinkError> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut given: [Option<String>; PARAMS.len()] = Default::default();
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            // A name that does not decode is none of the playground's: the host's to read.
            let Some(index) = percent_decode(key).ok().and_then(|key| PARAMS.iter().position(|p| *p == key))
            else {
                continue;
            };
            let fail = |message| LinkError { param: PARAMS[index].to_string(), message };
            let value = percent_decode(value).map_err(fail)?;
            if let Some(first) = &given[index] {
                return Err(fail(format!("given twice, {} and {}", quote(first), quote(&value))));
            }
            given[index] = Some(value);
        }
        let [v, scenario, setup, seed, run, t, paused, embed, controls, captions, origins, chapter, challenge] =
            given;
        read("v", v, version)?;
        let setup = match (read("scenario", scenario, name)?, read("setup", setup, scenario_json)?) {
            (Some(_), Some(_)) => {
                return Err(LinkError {
                    param: "setup".to_string(),
                    message: "given with scenario: a link loads a bundled scenario or its own, not both"
                        .to_string(),
                })
            }
            (Some(name), None) => Setup::Named(name),
            (None, Some(json)) => Setup::Inline(json),
            (None, None) => Setup::Default,
        };
        let chapter = read("chapter", chapter, tour_chapter)?;
        let challenge = read("challenge", challenge, a_challenge)?;
        if chapter.is_some() && challenge.is_some() {
            return Err(LinkError {
                param: "challenge".to_string(),
                message: "given with chapter: a link opens a chapter of the tour or a challenge, not both"
                    .to_string(),
            });
        }
        Ok(Link {
            setup,
            seed: read("seed", seed, seed_number)?,
            run: read("run", run, run_json)?,
            at: read("t", t, moment)?,
            paused: read("paused", paused, flag)?.unwrap_or(false),
            embed: read("embed", embed, flag)?.unwrap_or(false),
            controls: read("controls", controls, groups)?,
            captions: read("captions", captions, flag)?.unwrap_or(true),
            origins: read("origins", origins, origin_list)?.unwrap_or_default(),
            chapter,
            challenge,
        })
    }

    /// The query string for this link: `?v=1` and then only what differs from the defaults, in
    /// the order v, scenario or setup, seed, run, t, paused, embed, controls, captions, origins,
    /// chapter, challenge.
    /// [`Link::parse`] reads it back to the same link.
    pub fn to_query(&self) -> String {
        let mut out = format!("?v={VERSION}");
        let mut put = |key: &str, value: &str| {
            out.push('&');
            out.push_str(key);
            out.push('=');
            percent_encode(&mut out, value);
        };
        match &self.setup {
            Setup::Default => {}
            Setup::Named(name) => put("scenario", name),
            Setup::Inline(json) => put("setup", &base64::encode(json.as_bytes())),
        }
        if let Some(seed) = self.seed {
            put("seed", &seed.to_string());
        }
        if let Some(run) = &self.run {
            put("run", &base64::encode(run.as_bytes()));
        }
        if let Some(at) = self.at {
            put("t", &seconds(at));
        }
        if self.paused {
            put("paused", "1");
        }
        if self.embed {
            put("embed", "1");
        }
        if let Some(controls) = &self.controls {
            put("controls", &controls.join(","));
        }
        if !self.captions {
            put("captions", "0");
        }
        if !self.origins.is_empty() {
            put("origins", &self.origins.join(","));
        }
        if let Some(chapter) = self.chapter {
            put("chapter", chapter.slug());
        }
        if let Some(challenge) = self.challenge {
            put("challenge", challenge.slug());
        }
        out
    }
}

/// `at` in seconds, exactly, without trailing zeros: "12.5", "3", "0.000001".
pub fn seconds(at: Micros) -> String {
    let (whole, fraction) = (at / SECOND, at % SECOND);
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:06}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Whether `name` can name a bundled scenario: 1 to 64 lowercase letters, digits and hyphens.
pub fn is_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The value of a parameter if it was given, read by `reader`, or the error naming it.
fn read<T>(
    param: &str,
    value: Option<String>,
    reader: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, LinkError> {
    value.map(|v| reader(&v)).transpose().map_err(|message| LinkError { param: param.to_string(), message })
}

/// `text` in double quotes as JSON writes a string, cut to [`QUOTED`] characters.
fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((end, _)) => Json::String(format!("{}…", &text[..end])).to_string(),
        None => Json::str(text).to_string(),
    }
}

/// A whole number written in digits alone.
fn whole(text: &str) -> Option<u64> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn version(text: &str) -> Result<(), String> {
    match whole(text) {
        Some(v) if v > u64::from(VERSION) => Err(format!(
            "the link was made by a newer playground (version {}; this one reads up to {VERSION})",
            quote(text)
        )),
        Some(1..) => Ok(()),
        _ => Err(format!("expected a version from 1 to {VERSION}, not {}", quote(text))),
    }
}

fn name(text: &str) -> Result<String, String> {
    if is_name(text) {
        Ok(text.to_string())
    } else {
        Err(format!("expected a scenario's name (1 to 64 of a-z, 0-9 and -), not {}", quote(text)))
    }
}

fn tour_chapter(text: &str) -> Result<Chapter, String> {
    Chapter::from_slug(text).ok_or_else(|| {
        let names: Vec<_> = Chapter::ALL.iter().map(|c| c.slug()).collect();
        format!("expected one of the tour's chapters ({}), not {}", names.join(", "), quote(text))
    })
}

fn a_challenge(text: &str) -> Result<Challenge, String> {
    Challenge::from_slug(text).ok_or_else(|| {
        let names: Vec<_> = Challenge::ALL.iter().map(|c| c.slug()).collect();
        format!("expected one of the challenges ({}), not {}", names.join(", "), quote(text))
    })
}

fn seed_number(text: &str) -> Result<u64, String> {
    whole(text).ok_or_else(|| format!("expected a whole number from 0 to {}, not {}", u64::MAX, quote(text)))
}

/// JSON carried in base64url, as compact text, if `fits` holds for it.
fn json(text: &str, fits: fn(&Json) -> bool, expected: &str) -> Result<String, String> {
    let bytes = base64::decode(text)
        .ok_or_else(|| format!("expected base64url (A-Z, a-z, 0-9, - and _), not {}", quote(text)))?;
    let decoded = String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", quote(text)))?;
    let value = Json::parse(&decoded).map_err(|e| format!("{} is not JSON: {e}", quote(&decoded)))?;
    if !fits(&value) {
        return Err(format!("expected {expected}, not {}", value.describe()));
    }
    Ok(value.to_string())
}

fn scenario_json(text: &str) -> Result<String, String> {
    json(text, |v| v.as_object().is_some(), "a scenario, a JSON object")
}

fn run_json(text: &str) -> Result<String, String> {
    json(text, |v| v.as_array().is_some(), "a run, a JSON array of timeline entries")
}

/// Seconds written as digits with up to 6 decimals, read exactly.
fn moment(text: &str) -> Result<Micros, String> {
    let (integer, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(integer) || !digits(fraction) || fraction.len() > 6 {
        return Err(format!("expected seconds such as 12.5 (up to 6 decimals), not {}", quote(text)));
    }
    // Digits after the point, as millionths: "5" is 500000.
    let millionths = whole(&format!("{fraction:0<6}")).unwrap_or(0);
    match whole(integer).and_then(|s| s.checked_mul(SECOND)?.checked_add(millionths)) {
        Some(at) if at <= MAX_AT => Ok(at),
        _ => Err(format!("{} is past the latest moment a link can give, {} s", quote(text), seconds(MAX_AT))),
    }
}

fn flag(text: &str) -> Result<bool, String> {
    match text {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(format!("expected 1, 0, true or false, not {}", quote(text))),
    }
}

fn groups(text: &str) -> Result<Vec<String>, String> {
    let mut groups: Vec<String> = Vec::new();
    for group in text.split(',') {
        if !GROUPS.contains(&group) {
            return Err(format!("{} is not one of {}", quote(group), GROUPS.join(", ")));
        }
        if groups.iter().any(|g| g == group) {
            return Err(format!("{} is listed twice", quote(group)));
        }
        groups.push(group.to_string());
    }
    Ok(groups)
}

fn origin_list(text: &str) -> Result<Vec<String>, String> {
    text.split(',')
        .map(|origin| match origin_problem(origin) {
            None => Ok(origin.to_string()),
            Some(problem) => Err(format!(
                "{} {problem}: write an origin as a browser does, such as https://example.org or \
                 http://127.0.0.1:8000",
                quote(origin)
            )),
        })
        .collect()
}

/// What keeps `text` from being an origin as a browser writes one (`http` or `https`, `://`, a
/// lowercase host, a port unless it is the scheme's default, nothing else), or `None`.
fn origin_problem(text: &str) -> Option<&'static str> {
    let Some((scheme, rest)) = text.split_once("://") else { return Some("is not an origin") };
    let default_port = match scheme {
        "http" => "80",
        "https" => "443",
        _ => return Some("does not start with http:// or https://"),
    };
    if rest.contains('@') {
        return Some("has user info");
    }
    if let Some(at) = rest.find(['/', '?', '#']) {
        return Some(if &rest[at..] == "/" { "ends in a slash" } else { "has a path, query or fragment" });
    }
    let host_end = if rest.starts_with('[') {
        rest.find(']').map_or(rest.len(), |i| i + 1)
    } else {
        rest.find(':').unwrap_or(rest.len())
    };
    let (host, port) = rest.split_at(host_end);
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some("has capitals in its host");
    }
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        // An IPv6 address, as browsers write it: hex digits and colons (a dotted tail allowed).
        Some(ip) => ip.contains(':') && ip.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.'),
        None => host.split('.').all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }),
    };
    if !host_ok {
        return Some("has no host a browser would write");
    }
    match port.strip_prefix(':') {
        None if port.is_empty() => None,
        Some(p) if p == default_port => Some("gives the scheme's default port, which a browser leaves out"),
        Some(p) if !p.starts_with('0') && whole(p).is_some_and(|n| (1..=65535).contains(&n)) => None,
        _ => Some("has a port that is not a number from 1 to 65535"),
    }
}

/// `text` with `+` read as a space and each `%XX` as the byte it gives, as UTF-8.
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let byte = match bytes[at] {
            b'+' => b' ',
            b'%' => {
                let hex = |i: usize| bytes.get(at + i).and_then(|&b| char::from(b).to_digit(16));
                let (Some(high), Some(low)) = (hex(1), hex(2)) else {
                    let escape: String = text[at..].chars().take(3).collect();
                    return Err(format!("{} is not a percent escape (% and two hex digits)", quote(&escape)));
                };
                at += 2;
                (high * 16 + low) as u8
            }
            b => b,
        };
        out.push(byte);
        at += 1;
    }
    String::from_utf8(out).map_err(|_| format!("{} is not UTF-8 once percent-decoded", quote(text)))
}

/// Appends `text` to `out`, percent-encoding every byte a query value may not hold as it is.
fn percent_encode(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/,".contains(&b) {
            out.push(char::from(b));
        } else {
            out.extend(['%', char::from(HEX[usize::from(b >> 4)]), char::from(HEX[usize::from(b & 15)])]);
        }
    }
}

#[cfg(test)]
mod tests;
