//! Where each moving request is drawn this frame. Pure arithmetic over the world's in-flight
//! list, so it is tested natively; the canvas code only paints the points.

use crate::format::within;
use crate::sim::request::{DropReason, Loss, RequestView};
use crate::sim::time::Micros;
use crate::sim::{Leg, World};

use super::layout::{Layout, Point};

/// Most dots drawn in one frame; above this, one dot stands for several requests.
pub const MAX_DOTS: usize = 2_000;

/// How far a dropped request falls before it fades, in user units.
const FALL: f64 = 60.0;

/// This frame's dots, by kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dots {
    /// Users' requests on their way to a server, and their queries on the way on to a database
    /// node.
    pub requests: Vec<Point>,
    /// Database answers on their way back to a server, and responses on theirs to a user.
    pub responses: Vec<Point>,
    /// The botnet's requests (and packets) wherever they travel, and the answers to them.
    pub attacks: Vec<Point>,
    /// Requests dropped a moment ago (turned away), falling away.
    pub drops: Vec<Point>,
    /// Requests that failed a moment ago (their server crashed or was down), falling away.
    pub failures: Vec<Point>,
    /// Requests a defence at the edge stopped a moment ago, falling away from it.
    pub blocked: Vec<Point>,
    /// Requests each dot stands for (1 when every request is drawn).
    pub per_dot: u64,
    /// Width and height of the stage the dots are placed on, in user units.
    pub stage: (f64, f64),
    /// The request the learner follows, if any: set before [`Dots::compute`].
    pub follow: Option<u64>,
    /// Where the followed request is this frame and the link it is on, while it moves (it is
    /// placed even when one dot stands for several requests and its own is not drawn).
    pub followed: Option<(Leg, Point)>,
    /// Requests that were moving at the last frame, if there was one: what sets how many each
    /// dot stands for, so that requests held still (half-open connections by the ten
    /// thousand) do not thin out the dots that move.
    moving: Option<usize>,
}

impl Dots {
    /// Fills `self` with the dots for `world` as laid out by `layout`. Drops younger than
    /// `drop_window` simulated microseconds are shown falling.
    pub fn compute(&mut self, world: &World, layout: &Layout, drop_window: Micros) {
        self.requests.clear();
        self.responses.clear();
        self.attacks.clear();
        self.drops.clear();
        self.failures.clear();
        self.blocked.clear();
        self.followed = None;
        self.stage = (layout.width, layout.height);
        let now = world.now();
        let to_server = world.config().links.balancer_to_server;
        let moving = self.moving.unwrap_or_else(|| world.in_flight());
        self.per_dot = (moving as u64).div_ceil(MAX_DOTS as u64).max(1);
        let mut seen = 0;
        for r in world.moving() {
            seen += 1;
            let drawn = r.id % self.per_dot == 0;
            let followed = self.follow == Some(r.id);
            if !drawn && !followed {
                continue;
            }
            let Some((point, back)) = place(&r, now, to_server, layout) else { continue };
            if followed {
                self.followed = Some((r.leg, point));
            }
            if !drawn {
                continue;
            }
            match (r.attack, back) {
                (true, _) => self.attacks.push(point),
                (false, false) => self.requests.push(point),
                (false, true) => self.responses.push(point),
            }
        }
        self.moving = Some(seen);
        for d in world.recent_drops().filter(|d| now.saturating_sub(d.time) < drop_window) {
            let age = progress(now, d.time, d.time + drop_window);
            // Spread drops sideways a little by time so a burst does not stack into one dot.
            let sideways = ((d.time / 997) % 17) as f64 - 8.0;
            let at_server = d.server.and_then(|s| layout.lost_at(s, sideways, age, FALL));
            let point = match (at_server, at_edge(d.loss)) {
                // Lost at a server: they fall out of the bottom of its glyph, between the glyphs.
                (Some(point), _) => point,
                // Stopped at the edge: they fall from below its shield.
                (None, true) => {
                    let from = layout.edge_fall;
                    Point { x: from.x + sideways, y: from.y + FALL * age }
                }
                // Dropped at the balancer: they fall from its left side.
                (None, false) => {
                    let origin = layout.balancer;
                    Point { x: (origin.x - 10.0 + sideways).max(4.0), y: origin.y + 12.0 + FALL * age }
                }
            };
            match d.loss {
                Loss::Dropped(_) => self.drops.push(point),
                Loss::Failed(_) => self.failures.push(point),
                Loss::Blocked(_) => self.blocked.push(point),
            }
        }
    }

    /// Dots of every kind together.
    pub fn len(&self) -> usize {
        self.requests.len()
            + self.responses.len()
            + self.attacks.len()
            + self.drops.len()
            + self.failures.len()
            + self.blocked.len()
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The moving request drawn nearest `at` (within `within` user units) when one dot stands for
/// `per_dot` requests: what a click on the stage picks. It walks the world's moving requests
/// once, when asked, so the frames keep no ids.
pub fn nearest(world: &World, layout: &Layout, per_dot: u64, at: Point, within: f64) -> Option<u64> {
    let (now, to_server) = (world.now(), world.config().links.balancer_to_server);
    world
        .moving()
        .filter(|r| r.id % per_dot.max(1) == 0)
        .filter_map(|r| place(&r, now, to_server, layout).map(|(p, _)| (r.id, p.distance(at))))
        .filter(|(_, d)| *d <= within)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id)
}

/// Where `r` is drawn at `now` by `layout` (`to_server` is the one-way delay between the
/// balancer and a server), and whether it is heading back (a response, or a database's answer);
/// `None` if its link is not laid out.
fn place(r: &RequestView, now: Micros, to_server: Micros, layout: &Layout) -> Option<(Point, bool)> {
    let t = progress(now, r.start, r.end);
    Some(match r.leg {
        // From its source into the edge, whose checks meet it on arrival, beside the balancer.
        Leg::ToBalancer => (layout.on_way_in(r.client, r.attack, t), false),
        Leg::ToServer(s) => (layout.route(s)?.at(t), false),
        // A failed request heads back along its server's route to be tried elsewhere.
        Leg::Retrying(s) => (layout.route(s)?.at(1.0 - t), false),
        Leg::ToClient(s) => {
            let route = layout.route(s)?;
            // The response retraces both links: the server's route back to the balancer, then
            // the way in back to its source.
            let split = r.start + to_server;
            let point = if now < split {
                route.at(1.0 - progress(now, r.start, split))
            } else {
                layout.on_way_in(r.client, r.attack, 1.0 - progress(now, split, r.end))
            };
            (point, true)
        }
        Leg::ToDatabase(s, n) => (layout.database_route(s, n)?.at(t), false),
        Leg::FromDatabase(n, s) => (layout.database_route(s, n)?.at(1.0 - t), true),
    })
}

/// Whether a request that ended this way ended at the edge (when no server had it): blocked by
/// a defence, or lost on the way in (the uplink, the connection table, a handshake never
/// finished, a junk packet, a bot's connection dropped).
pub fn at_edge(loss: Loss) -> bool {
    match loss {
        Loss::Blocked(_) => true,
        Loss::Dropped(reason) => !matches!(reason, DropReason::QueueFull | DropReason::NoServer),
        Loss::Failed(_) => false,
    }
}

/// How far through the span `start..end` the time `now` is, 0–1.
fn progress(now: Micros, start: Micros, end: Micros) -> f64 {
    if end <= start {
        1.0
    } else {
        within(now.saturating_sub(start) as f64 / (end - start) as f64, 0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::attack::{AttackConfig, AttackKind};
    use crate::sim::edge::{DefenceSetting, RateLimit};
    use crate::sim::time::{from_ms, SECOND};
    use crate::sim::{Command, WorldConfig};
    use crate::ui::layout::{Flow, DATABASE_W};

    fn layout_for(world: &World) -> Layout {
        Layout::new(world.routable())
    }

    /// A world of `servers` small servers at `rate` requests per second, with the page's database
    /// tier (a primary and a replica).
    fn with_database(servers: usize, rate: f64) -> World {
        let spec = crate::sim::ServerSpec::preset(crate::sim::ServerSize::Small);
        World::new(WorldConfig {
            arrival_rate: rate,
            servers: vec![spec; servers],
            database: Some(crate::sim::database::DatabaseConfig::default()),
            ..WorldConfig::default()
        })
    }

    #[test]
    fn dots_lie_between_the_nodes_they_travel() {
        let mut world = World::new(WorldConfig::default());
        world.advance_to(3 * SECOND);
        let layout = layout_for(&world);
        let mut dots = Dots::default();
        dots.compute(&world, &layout, from_ms(500.0));
        assert!(!dots.requests.is_empty() && !dots.responses.is_empty());
        assert_eq!(dots.per_dot, 1);
        for p in dots.requests.iter().chain(&dots.responses) {
            assert!(p.x >= layout.clients[0].x - 0.01 && p.x <= layout.servers[0].1.x, "x {}", p.x);
        }
    }

    #[test]
    fn one_dot_stands_for_many_requests_when_there_are_too_many() {
        let config = WorldConfig { arrival_rate: 50_000.0, ..WorldConfig::default() };
        let mut world = World::new(config);
        world.advance_to(SECOND / 2);
        let mut dots = Dots::default();
        dots.compute(&world, &layout_for(&world), from_ms(500.0));
        assert!(dots.per_dot > 1, "{} in flight", world.in_flight());
        assert!(dots.requests.len() + dots.responses.len() <= MAX_DOTS);
        assert!(!dots.drops.is_empty(), "two small servers at 50k req/s must be dropping");
    }

    /// Distance from `p` to the segment `a`–`b`.
    fn to_segment(p: Point, a: Point, b: Point) -> f64 {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let t = within(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        p.distance(a.lerp(b, t))
    }

    #[test]
    fn dots_follow_the_drawn_routes_when_the_grid_has_several_columns() {
        let spec = crate::sim::ServerSpec::preset(crate::sim::ServerSize::Small);
        let config = WorldConfig { arrival_rate: 400.0, servers: vec![spec; 24], ..WorldConfig::default() };
        let mut world = World::new(config);
        world.advance_to(3 * SECOND);
        let layout = layout_for(&world);
        let mut dots = Dots::default();
        dots.compute(&world, &layout, from_ms(500.0));
        assert!(dots.requests.len() > 20 && dots.responses.len() > 20);
        assert_every_dot_on_a_link(&layout, &dots);
    }

    #[test]
    fn a_query_moves_from_its_server_to_its_node_and_the_answer_back() {
        let mut world = with_database(8, 140.0);
        let (mut queries, mut answers) = (0, 0);
        // Queries spend only a few milliseconds on the link: look at many moments.
        for frame in 0..400 {
            world.advance_to(2 * SECOND + frame * from_ms(5.0));
            let layout = Layout::for_world(&world, Flow::Across);
            let mut dots = Dots::default();
            dots.compute(&world, &layout, from_ms(500.0));
            let (w, _) = layout.glyph_size();
            for r in world.moving() {
                let t = progress(world.now(), r.start, r.end);
                let (s, n, point, drawn) = match r.leg {
                    Leg::ToDatabase(s, n) => {
                        (s, n, layout.database_route(s, n).unwrap().at(t), &dots.requests)
                    }
                    Leg::FromDatabase(n, s) => {
                        (s, n, layout.database_route(s, n).unwrap().at(1.0 - t), &dots.responses)
                    }
                    _ => continue,
                };
                let (server, node) = (layout.server(s).unwrap(), layout.database[n.index()]);
                assert!(drawn.contains(&point), "{:?} is drawn at {point:?}", r.leg);
                // Right of the server's centre, left of the node's edge.
                assert!(
                    point.x >= server.x - 1e-9 && point.x <= node.x - DATABASE_W / 2.0 + 1e-9,
                    "{point:?}"
                );
                assert!(
                    point.x >= server.x + w / 2.0 - 1e-9 || point.y != server.y,
                    "{point:?} inside its server"
                );
                match r.leg {
                    Leg::ToDatabase(..) => queries += 1,
                    _ => answers += 1,
                }
            }
        }
        assert!(queries > 20 && answers > 20, "{queries} queries and {answers} answers seen on the way");
    }

    #[test]
    fn a_query_starts_at_its_server_and_ends_at_its_node() {
        let world = with_database(8, 0.0);
        let layout = Layout::for_world(&world, Flow::Across);
        for (id, _) in &layout.servers {
            for (k, node) in layout.database.iter().enumerate() {
                let route = layout.database_route(*id, crate::sim::storage::NodeId(k as u32)).unwrap();
                assert_eq!(route.at(1.0), Point { x: node.x - DATABASE_W / 2.0, y: node.y });
                let (centre, (w, h)) = (layout.server(*id).unwrap(), layout.glyph_size());
                let start = route.at(0.0);
                assert!(
                    (start.x - centre.x).abs() <= w / 2.0 + 1e-9
                        && (start.y - centre.y).abs() <= h / 2.0 + 1e-9
                );
            }
        }
    }

    /// Every request, response and attack dot lies on a link the stage draws: a way in from a
    /// source through the edge to the balancer, balancer to server, or server to database node.
    fn assert_every_dot_on_a_link(layout: &Layout, dots: &Dots) {
        let on_a_link = |p: Point| {
            let ways = layout.ways_in.iter().chain([&layout.attack_way]);
            let routes = ways.chain(&layout.routes).chain(&layout.database_routes);
            routes.into_iter().any(|r| r.points().windows(2).any(|s| to_segment(p, s[0], s[1]) < 1e-6))
        };
        for p in dots.requests.iter().chain(&dots.responses).chain(&dots.attacks) {
            assert!(on_a_link(*p), "{p:?} is on no drawn link");
        }
    }

    #[test]
    fn with_a_database_every_dot_is_on_a_drawn_link() {
        let mut world = with_database(24, 400.0);
        let mut beyond_the_grid = 0;
        for frame in 0..50 {
            world.advance_to(2 * SECOND + frame * from_ms(17.0));
            let layout = Layout::for_world(&world, Flow::Across);
            assert!(layout.routes.iter().any(|r| r.points().len() == 4), "the links bend");
            let mut dots = Dots::default();
            dots.compute(&world, &layout, from_ms(500.0));
            let grid_right = layout.servers.iter().map(|(_, c)| c.x).fold(0.0, f64::max);
            beyond_the_grid += dots.requests.iter().filter(|p| p.x > grid_right).count();
            assert_every_dot_on_a_link(&layout, &dots);
        }
        assert!(beyond_the_grid > 10, "queries flow to the database: {beyond_the_grid}");
    }

    #[test]
    fn on_a_stage_flowing_down_every_dot_is_on_a_drawn_link_and_queries_go_down() {
        let mut world = with_database(24, 400.0);
        let mut below_the_grid = 0;
        for frame in 0..50 {
            world.advance_to(2 * SECOND + frame * from_ms(17.0));
            let layout = Layout::for_world(&world, Flow::Down);
            let mut dots = Dots::default();
            dots.compute(&world, &layout, from_ms(500.0));
            assert_eq!(dots.stage, (layout.width, layout.height));
            let (_, h) = layout.glyph_size();
            let grid_bottom = layout.servers.iter().map(|(_, c)| c.y + h / 2.0).fold(0.0, f64::max);
            below_the_grid += dots.requests.iter().filter(|p| p.y > grid_bottom).count();
            assert_every_dot_on_a_link(&layout, &dots);
        }
        assert!(below_the_grid > 10, "queries flow down to the database: {below_the_grid}");
    }

    #[test]
    fn on_a_stage_flowing_down_dropped_requests_fall_within_its_sides() {
        let config = WorldConfig { arrival_rate: 50_000.0, ..WorldConfig::default() };
        let mut world = World::new(config);
        world.advance_to(SECOND / 2);
        let layout = Layout::narrow(world.routable(), 0);
        let mut dots = Dots::default();
        dots.compute(&world, &layout, from_ms(500.0));
        assert!(!dots.drops.is_empty());
        for p in dots.drops.iter().chain(&dots.failures) {
            assert!(p.x >= 4.0 && p.x <= layout.width, "{p:?} off the stage");
        }
    }

    /// The page's world (two servers and a database) under a botnet's attack of `kind`, with
    /// `defences` switched on, run for `seconds`.
    fn under_attack(kind: AttackKind, defences: &[DefenceSetting], until: Micros) -> World {
        let mut world = with_database(2, 30.0);
        let attack = AttackConfig { kind, bots: 200, rate_per_bot: 50.0, ..AttackConfig::default() };
        world.apply(Command::StartAttack(attack)).unwrap();
        for setting in defences {
            world.apply(Command::SetDefence(setting.clone())).unwrap();
        }
        world.advance_to(until);
        world
    }

    #[test]
    fn a_bots_requests_come_from_the_botnet_as_attack_dots_on_the_drawn_links() {
        for flow in [Flow::Across, Flow::Down] {
            let mut world = under_attack(AttackKind::HttpFlood, &[], SECOND);
            let (mut near_the_botnet, mut users) = (0, 0);
            for frame in 0..30 {
                world.advance_to(SECOND + frame * from_ms(17.0));
                let layout = Layout::for_world(&world, flow);
                let mut dots = Dots::default();
                dots.compute(&world, &layout, from_ms(500.0));
                assert!(!dots.attacks.is_empty(), "the flood is drawn");
                assert_every_dot_on_a_link(&layout, &dots);
                // Attack dots on the way in are on the botnet's way, not a client's.
                let botnet_way = |p: &Point| {
                    layout.attack_way.points().windows(2).any(|s| to_segment(*p, s[0], s[1]) < 1e-6)
                };
                near_the_botnet += dots.attacks.iter().filter(|p| p.distance(layout.botnet) < 40.0).count();
                users += dots.requests.len() + dots.responses.len();
                for r in world.moving().filter(|r| r.attack && r.leg == Leg::ToBalancer) {
                    let (p, _) = place(&r, world.now(), from_ms(20.0), &layout).unwrap();
                    assert!(botnet_way(&p), "{p:?}");
                }
            }
            assert!(
                near_the_botnet > 10 && users > 10,
                "{near_the_botnet} near the botnet, {users} users' dots"
            );
        }
    }

    #[test]
    fn blocked_requests_fall_away_from_the_edge_apart_from_drops() {
        let limit = RateLimit { rate: 5, burst: 5 };
        let mut world =
            under_attack(AttackKind::HttpFlood, &[DefenceSetting::RateLimit(Some(limit))], SECOND);
        let mut blocked = 0;
        for flow in [Flow::Across, Flow::Down] {
            for frame in 0..20 {
                world.advance_to(SECOND + frame * from_ms(50.0));
                let layout = Layout::for_world(&world, flow);
                let mut dots = Dots::default();
                dots.compute(&world, &layout, from_ms(500.0));
                blocked += dots.blocked.len();
                for p in &dots.blocked {
                    let from = layout.edge_fall;
                    assert!((p.x - from.x).abs() <= 8.0 && p.y >= from.y && p.y <= from.y + FALL, "{p:?}");
                    assert!(p.x >= 0.0 && p.x <= layout.width && p.y <= layout.height, "{p:?} off the stage");
                }
            }
        }
        assert!(blocked > 20, "{blocked} blocked marks");
    }

    #[test]
    fn requests_lost_on_the_way_in_fall_at_the_edge_and_queue_drops_at_their_server() {
        // A volumetric flood's packets find nothing listening at the edge.
        let world = under_attack(AttackKind::Volumetric, &[], SECOND);
        let layout = Layout::for_world(&world, Flow::Across);
        let mut dots = Dots::default();
        dots.compute(&world, &layout, from_ms(500.0));
        assert!(!dots.drops.is_empty());
        assert!(dots.drops.iter().all(|p| (p.x - layout.edge_fall.x).abs() <= 8.0), "{:?}", dots.drops);
        assert!(
            at_edge(Loss::Dropped(DropReason::UplinkFull)) && at_edge(Loss::Dropped(DropReason::NoHandshake))
        );
        assert!(
            !at_edge(Loss::Dropped(DropReason::NoServer)) && !at_edge(Loss::Dropped(DropReason::QueueFull))
        );
    }

    #[test]
    fn a_followed_request_is_placed_even_when_its_dot_stands_for_others_and_a_click_finds_it() {
        let config = WorldConfig { arrival_rate: 50_000.0, ..WorldConfig::default() };
        let mut world = World::new(config);
        world.advance_to(SECOND / 2);
        let layout = Layout::for_world(&world, Flow::Across);
        let mut dots = Dots::default();
        dots.compute(&world, &layout, from_ms(500.0));
        assert!(dots.per_dot > 1);
        let hidden = world.moving().find(|r| r.id % dots.per_dot != 0).unwrap();
        dots.follow = Some(hidden.id);
        dots.compute(&world, &layout, from_ms(500.0));
        let (leg, at) = dots.followed.expect("placed");
        assert_eq!(leg, hidden.leg);
        let to_server = world.config().links.balancer_to_server;
        assert_eq!(Some(at), place(&hidden, world.now(), to_server, &layout).map(|(p, _)| p));
        // A click on a drawn dot picks a drawn request there; a click far from every dot, none.
        let target = dots.requests[dots.requests.len() / 2];
        let picked = nearest(&world, &layout, dots.per_dot, target, 6.0).expect("a dot is there");
        assert_eq!(picked % dots.per_dot, 0);
        assert_eq!(nearest(&world, &layout, dots.per_dot, Point { x: 500.0, y: 2.0 }, 6.0), None);
        dots.follow = Some(u64::MAX);
        dots.compute(&world, &layout, from_ms(500.0));
        assert_eq!(dots.followed, None);
    }

    #[test]
    fn requests_held_still_at_the_edge_do_not_thin_out_the_moving_dots() {
        // Half-open connections pile up for the SYN timeout (3 s): tens of thousands held still.
        let world = under_attack(AttackKind::SynFlood, &[], 3 * SECOND);
        assert!(world.in_flight() > 20_000, "{} held", world.in_flight());
        let layout = Layout::for_world(&world, Flow::Across);
        let mut dots = Dots::default();
        dots.compute(&world, &layout, from_ms(500.0));
        assert!(dots.per_dot > 10, "the first frame goes by everything in flight");
        dots.compute(&world, &layout, from_ms(500.0));
        assert_eq!(dots.per_dot, 1, "then by what moves: {} dots", dots.len());
        assert!(dots.attacks.len() > 300 && dots.attacks.len() <= MAX_DOTS);
    }
}
