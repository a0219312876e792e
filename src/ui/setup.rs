//! What a run starts from: the page's own world or a scenario, one of the host's files by name or
//! a file of the learner's or a course page's own.

use crate::course::link::Setup as LinkSetup;
use crate::sim::scenario::{self, Scenario};
use crate::sim::WorldConfig;

/// The page's own world, as a scenario file (`scenarios/playground.json`).
pub const PLAYGROUND: &str = "playground";

/// The scenarios that come with the playground (`scenarios/NAME.json` beside the page), with their
/// titles, in the picker's order: the page's own world first.
pub const BUNDLED: [(&str, &str); 17] = [
    (PLAYGROUND, "The playground"),
    ("scale-out", "Scaling out by hand"),
    ("autoscale-steps", "The autoscaler follows the load"),
    ("hundred-servers", "A hundred servers"),
    ("server-crash", "A server crashes and comes back"),
    ("disk-failure", "A disk fails in a mirror"),
    ("failover-sync", "Failover with synchronous replication"),
    ("failover-async", "Failover with asynchronous replication"),
    ("http-flood", "An HTTP flood and intrusion detection"),
    ("syn-flood", "A SYN flood and SYN cookies"),
    ("slowloris", "Slowloris holds the connections"),
    ("volumetric", "A volumetric flood fills the uplink"),
    ("nat-false-positives", "Intrusion detection blocks real users"),
    ("tls-handshakes", "What TLS handshakes cost"),
    ("stolen-disk", "Destroying the data key"),
    ("stolen-token", "A stolen token and its revocation"),
    ("credential-stuffing", "Credential stuffing against the login page"),
];

/// The scenario a run starts from, and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    /// The scenario's name when it is one of the host's files, else none (a file of the learner's
    /// or a course page's own, which a shared link carries whole).
    pub name: Option<String>,
    /// The scenario.
    pub scenario: Scenario,
}

impl Setup {
    /// The page's own world (its file is built in, so the page starts without a request).
    pub fn playground() -> Setup {
        let scenario =
            scenario::parse(include_str!("../../static/scenarios/playground.json")).unwrap_or(Scenario {
                config: WorldConfig::default(),
                timeline: Vec::new(),
                title: None,
                description: None,
            });
        Setup { name: Some(PLAYGROUND.to_string()), scenario }
    }

    /// Whether this is the page's own world: it takes a fresh seed for each new run, where a
    /// scenario keeps the seed its file gives.
    pub fn is_playground(&self) -> bool {
        self.name.as_deref() == Some(PLAYGROUND)
    }

    /// How a link names this setup: by name, or the whole scenario as compact JSON.
    pub fn in_link(&self) -> LinkSetup {
        match &self.name {
            Some(name) if name == PLAYGROUND => LinkSetup::Default,
            Some(name) => LinkSetup::Named(name.clone()),
            None => LinkSetup::Inline(scenario::write(&self.scenario).to_string()),
        }
    }

    /// The title to show: the scenario's own, or its name, or "your scenario".
    pub fn title(&self) -> String {
        let named = self.name.as_deref().and_then(|n| BUNDLED.iter().find(|(b, _)| *b == n)).map(|(_, t)| *t);
        self.scenario
            .title
            .as_deref()
            .or(named)
            .or(self.name.as_deref())
            .unwrap_or("Your scenario")
            .to_string()
    }
}

/// Where a bundled scenario's file is, relative to the page.
pub fn url_of(name: &str) -> String {
    format!("scenarios/{name}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_matches_the_files_and_their_titles() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/scenarios");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".json").to_string())
            // The tour's and the challenges' own scenarios load from their panels.
            .filter(|name| !name.starts_with("tour-") && !name.starts_with("challenge-"))
            .collect();
        files.sort();
        let mut listed: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(listed, files, "every file in static/scenarios but the tour's and the challenges' is in the picker, and only those");
        for (name, title) in BUNDLED {
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
            let scenario = scenario::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(scenario.title.as_deref(), Some(title), "{name}'s title");
        }
    }

    #[test]
    fn the_playground_file_is_the_page_world() {
        let setup = Setup::playground();
        assert!(setup.is_playground());
        let config = &setup.scenario.config;
        assert!(config.database.is_some() && config.nat.is_some() && config.auth.is_some());
        assert_eq!((config.edge.connection_slots, config.edge.uplink_mbps), (1_024, 100.0));
        assert_eq!(setup.in_link(), LinkSetup::Default);
    }
}
