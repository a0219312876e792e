//! The tour's chapters, in the dialogue's order, and what each says: where to look (the
//! dialogue's analogy first, then the technical words) and the one thing it asks the learner
//! to do.

/// One chapter of the tour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chapter {
    /// More servers for more load: the highway's new lanes.
    Scaling,
    /// Spreading requests by how busy each server is.
    LoadBalancing,
    /// A crashed server, and the rest of the team carrying on.
    FaultTolerance,
    /// A failed disk, and its mirror taking over.
    RedundantStorage,
    /// A listener on the link, and what TLS leaves them.
    Encryption,
    /// A stolen token, and revoking it.
    AccessControl,
    /// A flood, and the defences that filter it.
    DdosDefences,
    /// The learner's own numbers from every chapter, in the dialogue's closing words.
    Summary,
}

impl Chapter {
    /// Every chapter, in the tour's order.
    pub const ALL: [Chapter; 8] = [
        Chapter::Scaling,
        Chapter::LoadBalancing,
        Chapter::FaultTolerance,
        Chapter::RedundantStorage,
        Chapter::Encryption,
        Chapter::AccessControl,
        Chapter::DdosDefences,
        Chapter::Summary,
    ];

    /// Its name in links (`?chapter=NAME`) and in saved progress.
    pub fn slug(self) -> &'static str {
        match self {
            Chapter::Scaling => "scaling",
            Chapter::LoadBalancing => "load-balancing",
            Chapter::FaultTolerance => "fault-tolerance",
            Chapter::RedundantStorage => "redundant-storage",
            Chapter::Encryption => "encryption",
            Chapter::AccessControl => "access-control",
            Chapter::DdosDefences => "ddos-defences",
            Chapter::Summary => "summary",
        }
    }

    /// The chapter named `slug`, if there is one.
    pub fn from_slug(slug: &str) -> Option<Chapter> {
        Chapter::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// Its title, such as "Scaling".
    pub fn title(self) -> &'static str {
        match self {
            Chapter::Scaling => "Scaling",
            Chapter::LoadBalancing => "Load balancing",
            Chapter::FaultTolerance => "Fault tolerance",
            Chapter::RedundantStorage => "Redundant storage",
            Chapter::Encryption => "Encryption",
            Chapter::AccessControl => "Access control and authentication",
            Chapter::DdosDefences => "DDoS defences",
            Chapter::Summary => "Summary",
        }
    }

    /// Its place in the tour, from 1.
    pub fn number(self) -> usize {
        Chapter::ALL.iter().position(|c| *c == self).map_or(0, |i| i + 1)
    }

    /// The chapter after it, if any.
    pub fn next(self) -> Option<Chapter> {
        Chapter::ALL.get(self.number()).copied()
    }

    /// The bundled scenario it loads (`scenarios/NAME.json`), or `None` for the summary, which
    /// keeps the world as it is.
    pub fn scenario(self) -> Option<&'static str> {
        match self {
            Chapter::Scaling => Some("tour-scaling"),
            Chapter::LoadBalancing => Some("tour-load-balancing"),
            Chapter::FaultTolerance => Some("tour-fault-tolerance"),
            Chapter::RedundantStorage => Some("tour-redundant-storage"),
            Chapter::Encryption => Some("tour-encryption"),
            Chapter::AccessControl => Some("tour-access-control"),
            Chapter::DdosDefences => Some("tour-ddos-defences"),
            Chapter::Summary => None,
        }
    }

    /// What to look at: the dialogue's analogy first, then what the playground shows.
    pub fn look(self) -> &'static str {
        match self {
            Chapter::Scaling => {
                "A highway with one lane jams when traffic grows; a new lane lets it flow. \
                Here one small server (two workers) gets 18 requests a second against room for 20: \
                its queue and the p95 latency climb."
            }
            Chapter::LoadBalancing => {
                "New lanes help only if cars spread over them. \
                Round robin gives the small server as many requests as the large one, twice its size: \
                the small one queues while the large one idles."
            }
            Chapter::FaultTolerance => {
                "A team still delivers when one engineer is absent. \
                Four servers share the load; the balancer checks their health every 2 s and \
                takes out one that fails three checks in a row."
            }
            Chapter::RedundantStorage => {
                "A backup disk keeps the data when one disk dies. \
                The database's primary writes every change to two mirrored disks \
                and copies it to a replica."
            }
            Chapter::Encryption => {
                "A secret message in a code only the recipient's key opens. \
                An eavesdropper listens on the users' link, and the requests cross it in the clear: \
                passwords and tokens included."
            }
            Chapter::AccessControl => {
                "Only those with the right key get in, and a lost key can be cancelled. \
                A thief has copied a user's signed token and replays it from another address; \
                the app cannot tell them apart."
            }
            Chapter::DdosDefences => {
                "Traffic shaping, filtering, firewalls and intrusion detection keep \
                a flood off the servers. Twenty bots flood the site; 200 real users share one NAT \
                address, so they too look busy."
            }
            Chapter::Summary => {
                "To summarise: scalability through load balancing and distributed \
                resources; fault tolerance, so the system carries on when a part fails; and security \
                through encryption, access controls and authentication."
            }
        }
    }

    /// The one thing the chapter asks the learner to do.
    pub fn task(self) -> &'static str {
        match self {
            Chapter::Scaling => "Add a second server: Add server, in the Scale and balance tab.",
            Chapter::LoadBalancing => {
                "Switch the algorithm to Least connections, in the Scale and balance tab."
            }
            Chapter::FaultTolerance => "Click a server on the stage, then Crash server in the Failures tab.",
            Chapter::RedundantStorage => {
                "Kill one of the primary database node's disks: click a disk on the stage."
            }
            Chapter::Encryption => {
                "Turn on TLS: set it to terminate at the edge, in the Encryption and access tab."
            }
            Chapter::AccessControl => "Revoke the stolen account's tokens, in the Encryption and access tab.",
            Chapter::DdosDefences => {
                "Turn on a defence in the Attacks and defences tab: rate limiting or intrusion detection."
            }
            Chapter::Summary => "Read your numbers back, or open any chapter again.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_go_in_the_dialogues_order_and_round_trip_by_name() {
        let slugs: Vec<_> = Chapter::ALL.iter().map(|c| c.slug()).collect();
        assert_eq!(
            slugs,
            [
                "scaling",
                "load-balancing",
                "fault-tolerance",
                "redundant-storage",
                "encryption",
                "access-control",
                "ddos-defences",
                "summary"
            ]
        );
        for chapter in Chapter::ALL {
            assert_eq!(Chapter::from_slug(chapter.slug()), Some(chapter));
        }
        assert_eq!(Chapter::from_slug("scale"), None);
        assert_eq!(Chapter::Scaling.next(), Some(Chapter::LoadBalancing));
        assert_eq!(Chapter::Summary.next(), None);
        assert_eq!(Chapter::Summary.number(), 8);
    }
}
