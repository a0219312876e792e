//! Where each moving request is drawn this frame. Pure arithmetic over the world's in-flight
//! list, so it is tested natively; the canvas code only paints the points.

use crate::sim::request::Loss;
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
    /// Requests on their way to a server, and their queries on the way on to a database node.
    pub requests: Vec<Point>,
    /// Database answers on their way back to a server, and responses on theirs to a client.
    pub responses: Vec<Point>,
    /// Requests dropped a moment ago (turned away), falling away.
    pub drops: Vec<Point>,
    /// Requests that failed a moment ago (their server crashed or was down), falling away.
    pub failures: Vec<Point>,
    /// Requests each dot stands for (1 when every request is drawn).
    pub per_dot: u64,
    /// Width and height of the stage the dots are placed on, in user units.
    pub stage: (f64, f64),
}

impl Dots {
    /// Fills `self` with the dots for `world` as laid out by `layout`. Drops younger than
    /// `drop_window` simulated microseconds are shown falling.
    pub fn compute(&mut self, world: &World, layout: &Layout, drop_window: Micros) {
        self.requests.clear();
        self.responses.clear();
        self.drops.clear();
        self.failures.clear();
        self.stage = (layout.width, layout.height);
        let now = world.now();
        let links = world.config().links;
        self.per_dot = (world.in_flight() as u64).div_ceil(MAX_DOTS as u64).max(1);
        for r in world.moving().filter(|r| r.id % self.per_dot == 0) {
            let t = progress(now, r.start, r.end);
            match r.leg {
                Leg::ToBalancer => self.requests.push(layout.client(r.client).lerp(layout.balancer, t)),
                Leg::ToServer(s) => {
                    if let Some(route) = layout.route(s) {
                        self.requests.push(route.at(t));
                    }
                }
                // A failed request heads back along its server's route to be tried elsewhere.
                Leg::Retrying(s) => {
                    if let Some(route) = layout.route(s) {
                        self.requests.push(route.at(1.0 - t));
                    }
                }
                Leg::ToClient(s) => {
                    let Some(route) = layout.route(s) else { continue };
                    // The response retraces both links: the server's route back to the
                    // balancer, then balancer → client.
                    let split = r.start + links.balancer_to_server;
                    let point = if now < split {
                        route.at(1.0 - progress(now, r.start, split))
                    } else {
                        layout.balancer.lerp(layout.client(r.client), progress(now, split, r.end))
                    };
                    self.responses.push(point);
                }
                Leg::ToDatabase(s, n) => {
                    if let Some(route) = layout.database_route(s, n) {
                        self.requests.push(route.at(t));
                    }
                }
                Leg::FromDatabase(n, s) => {
                    if let Some(route) = layout.database_route(s, n) {
                        self.responses.push(route.at(1.0 - t));
                    }
                }
            }
        }
        let (glyph_w, _) = layout.glyph_size();
        let left_edge = |p: Point| Point { x: p.x - glyph_w / 2.0, y: p.y };
        for d in world.recent_drops().filter(|d| now.saturating_sub(d.time) < drop_window) {
            let origin = d.server.and_then(|s| layout.server(s)).map_or(layout.balancer, left_edge);
            let age = progress(now, d.time, d.time + drop_window);
            // Spread drops sideways a little by time so a burst does not stack into one dot.
            let sideways = ((d.time / 997) % 17) as f64 - 8.0;
            // A glyph against the stage's left side drops them just inside it.
            let point = Point { x: (origin.x - 10.0 + sideways).max(4.0), y: origin.y + 12.0 + FALL * age };
            match d.loss {
                Loss::Dropped(_) | Loss::Blocked(_) => self.drops.push(point),
                Loss::Failed(_) => self.failures.push(point),
            }
        }
    }

    /// Dots of every kind together.
    pub fn len(&self) -> usize {
        self.requests.len() + self.responses.len() + self.drops.len() + self.failures.len()
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How far through the span `start..end` the time `now` is, 0–1.
fn progress(now: Micros, start: Micros, end: Micros) -> f64 {
    if end <= start {
        1.0
    } else {
        (now.saturating_sub(start) as f64 / (end - start) as f64).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::{from_ms, SECOND};
    use crate::sim::WorldConfig;
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
        let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        p.distance(a.lerp(b, t))
    }

    #[test]
    fn dots_follow_the_drawn_routes_when_the_grid_has_several_columns() {
        let spec = crate::sim::ServerSpec::preset(crate::sim::ServerSize::Small);
        let config = WorldConfig { arrival_rate: 400.0, servers: vec![spec; 24], ..WorldConfig::default() };
        let mut world = World::new(config);
        world.advance_to(3 * SECOND);
        let layout = layout_for(&world);
        assert!(layout.routes.iter().any(|r| r.points().len() == 4), "the links bend");
        let mut dots = Dots::default();
        dots.compute(&world, &layout, from_ms(500.0));
        assert!(dots.requests.len() > 20 && dots.responses.len() > 20);
        let on_a_link = |p: Point| {
            layout.routes.iter().any(|r| r.points().windows(2).any(|s| to_segment(p, s[0], s[1]) < 1e-6))
                || layout.clients.iter().any(|c| to_segment(p, *c, layout.balancer) < 1e-6)
        };
        for p in dots.requests.iter().chain(&dots.responses) {
            assert!(on_a_link(*p), "{p:?} is on no drawn link");
        }
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

    /// Every request and response dot lies on a link the stage draws: client to balancer,
    /// balancer to server, or server to database node.
    fn assert_every_dot_on_a_link(layout: &Layout, dots: &Dots) {
        let on_a_link = |p: Point| {
            let routes = layout.routes.iter().chain(&layout.database_routes);
            routes.into_iter().any(|r| r.points().windows(2).any(|s| to_segment(p, s[0], s[1]) < 1e-6))
                || layout.clients.iter().any(|c| to_segment(p, *c, layout.balancer) < 1e-6)
        };
        for p in dots.requests.iter().chain(&dots.responses) {
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
}
