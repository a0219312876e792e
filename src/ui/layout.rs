//! Where each node sits on the stage, and the route of each link: the way in from each source
//! (the clients, and the botnet during an attack) through the edge to the balancer, balancer to
//! server, and server to database node when the world has a database tier. Pure geometry in the
//! SVG's user units, shared by the SVG topology and the canvas of moving dots so that both line
//! up.
//!
//! The stage flows one of two ways ([`Flow`]): across a wide stage (clients on the left, the
//! database on the right) or down a narrow one (clients at the top, the database at the bottom).

mod across;
#[cfg(test)]
mod checks;
mod down;
pub mod flow;
pub mod glyph;

use crate::format::{fixed, within};
use crate::sim::storage::NodeId;
use crate::sim::{ServerId, World};

pub use flow::Flow;
pub use glyph::{Form, Glyph};

/// A server glyph's width at full scale, in user units.
pub const SERVER_W: f64 = 196.0;
/// A server glyph's height at full scale, in user units.
pub const SERVER_H: f64 = 84.0;
/// A database node glyph's width, in user units.
pub const DATABASE_W: f64 = 200.0;
/// A database node glyph's height, in user units.
pub const DATABASE_H: f64 = 160.0;
/// How many client icons stand for the clients.
pub const CLIENT_ICONS: u32 = 3;
/// The edge's shield glyph's width, in user units.
pub const EDGE_W: f64 = 40.0;
/// The edge's shield glyph's height, in user units.
pub const EDGE_H: f64 = 52.0;
/// The botnet's glyph's width (three bots side by side), in user units.
pub const BOTNET_W: f64 = 72.0;
/// The botnet's glyph's height, in user units.
pub const BOTNET_H: f64 = 44.0;
/// Distance between the baselines of two lines of a note beside a glyph, in user units.
pub const NOTE_LINE: f64 = 15.0;
/// The point of a way in where it leaves the edge's shield: source, into the shield, out of it,
/// balancer.
const EDGE_EXIT: usize = 2;
/// Half the width and height of a mark falling away from where its request was lost, in user
/// units: a failure's triangle, the widest, with room to spare.
const MARK: f64 = 5.0;
/// How far right of a glyph's left side a request lost at it falls, in user units (give or take
/// the 8 units lost requests are spread by).
const FALL_IN: f64 = 14.0;
/// Most points on a route: a server's link to a database node in a grid of several columns runs
/// from its glyph to a gutter, along it to the database bus, along the bus to the node, and into
/// the node.
const ROUTE_POINTS: usize = 5;

/// A point on the stage.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Horizontal position, in user units from the left.
    pub x: f64,
    /// Vertical position, in user units from the top.
    pub y: f64,
}

impl Point {
    /// The point a fraction `t` (0–1) of the way from `self` to `to`.
    pub fn lerp(self, to: Point, t: f64) -> Point {
        Point { x: self.x + (to.x - self.x) * t, y: self.y + (to.y - self.y) * t }
    }

    /// Straight-line distance to `to`, in user units.
    pub fn distance(self, to: Point) -> f64 {
        (to.x - self.x).hypot(to.y - self.y)
    }
}

/// Where a line of text sits: the point its baseline is anchored at, and how (`start`, `middle`
/// or `end`, as SVG's `text-anchor` says).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Label {
    /// The anchor point on the text's baseline.
    pub at: Point,
    /// SVG `text-anchor` value.
    pub anchor: &'static str,
}

/// The path of a link, from the balancer to one server's glyph or from a server's glyph to a
/// database node's: a polyline of a few points with their distances from the start, so a dot is
/// placed along it in constant time.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    points: [Point; ROUTE_POINTS],
    /// Length of the route from its start to each point.
    along: [f64; ROUTE_POINTS],
    len: usize,
}

impl Route {
    /// The route through `points` (2 to 5 of them), in order.
    fn through(points: &[Point]) -> Route {
        debug_assert!((2..=ROUTE_POINTS).contains(&points.len()));
        let mut route =
            Route { points: [Point::default(); ROUTE_POINTS], along: [0.0; ROUTE_POINTS], len: 0 };
        for (i, p) in points.iter().enumerate() {
            route.points[i] = *p;
            route.along[i] = if i == 0 { 0.0 } else { route.along[i - 1] + points[i - 1].distance(*p) };
        }
        route.len = points.len();
        route
    }

    /// Its points, from its start (the balancer, or a server's glyph) to the edge of the glyph it
    /// leads to.
    pub fn points(&self) -> &[Point] {
        &self.points[..self.len]
    }

    /// Where it ends: on the edge of the glyph it leads to.
    pub fn end(&self) -> Point {
        self.points[self.len - 1]
    }

    /// Its length, in user units.
    pub fn length(&self) -> f64 {
        self.along[self.len - 1]
    }

    /// The point a fraction `t` (0–1) of its length from its start.
    pub fn at(&self, t: f64) -> Point {
        let d = within(t, 0.0, 1.0) * self.length();
        let mut i = 1;
        while i < self.len - 1 && self.along[i] < d {
            i += 1;
        }
        let span = self.along[i] - self.along[i - 1];
        let f = if span > 0.0 { (d - self.along[i - 1]) / span } else { 1.0 };
        self.points[i - 1].lerp(self.points[i], f)
    }

    /// Its points as an SVG `points` attribute.
    pub fn svg_points(&self) -> String {
        self.points()
            .iter()
            .map(|p| format!("{},{}", fixed(p.x, 1), fixed(p.y, 1)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Positions of every node for a given set of servers, and the route of each server's link.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Which way the stage flows.
    pub flow: Flow,
    /// Stage width, in user units (the SVG's `viewBox` width).
    pub width: f64,
    /// Stage height, in user units.
    pub height: f64,
    /// Centres of the client icons.
    pub clients: Vec<Point>,
    /// Where the clients' name goes; their rate goes on the line below.
    pub clients_label: Label,
    /// Centre of the edge, on the way in between the sources and the balancer.
    pub edge: Point,
    /// Where the edge's name goes; its live lines follow, [`NOTE_LINE`] apart.
    pub edge_note: Label,
    /// Where requests stopped at the edge start falling away.
    pub edge_fall: Point,
    /// Centre of the botnet's glyph, apart from the clients (drawn during an attack).
    pub botnet: Point,
    /// Where the botnet's name goes; its size and attack follow, [`NOTE_LINE`] apart.
    pub botnet_note: Label,
    /// The way in from each client icon: into the edge, through it, on to the balancer.
    pub ways_in: Vec<Route>,
    /// The way in from the botnet, through the edge to the balancer.
    pub attack_way: Route,
    /// Centre of the load balancer.
    pub balancer: Point,
    /// Where the balancer's algorithm is written.
    pub balancer_note: Label,
    /// Centre of the badge that says time is paused: above the clients, clear of the servers.
    pub paused_badge: Point,
    /// Centre of each server, with its id, in the order given.
    pub servers: Vec<(ServerId, Point)>,
    /// Scale of a server glyph, 0–1 (1 = `SERVER_W` × `SERVER_H`).
    pub server_scale: f64,
    /// The link from the balancer to each server, in the order of `servers`.
    pub routes: Vec<Route>,
    /// Centre of each database node, by node id (empty without a database).
    pub database: Vec<Point>,
    /// The link from each server to each database node: the routes of the first server (in the
    /// order of `servers`) to every node, then the second server's, and so on.
    pub database_routes: Vec<Route>,
    /// How far a request lost at each server (in the order of `servers`) may fall below its
    /// glyph before it would meet another glyph or leave the stage, in user units.
    falls: Vec<f64>,
    /// Index into `servers` of each server id (`u32::MAX` for ids not laid out).
    slots: Vec<u32>,
}

impl Layout {
    /// Lays out `servers` (in display order) across a wide stage, for a world without a
    /// database: see [`Layout::with_database`].
    pub fn new(servers: &[ServerId]) -> Self {
        Layout::with_database(servers, 0)
    }

    /// Lays out `servers` and `nodes` database nodes (none without a database) for a stage that
    /// flows `flow`.
    pub fn arranged(servers: &[ServerId], nodes: usize, flow: Flow) -> Self {
        match flow {
            Flow::Across => Layout::with_database(servers, nodes),
            Flow::Down => Layout::narrow(servers, nodes),
        }
    }

    /// Lays out the servers the stage shows for `world` ([`World::on_stage`]: those starting,
    /// up or draining, and those removed moments ago), in id order, as the snapshot lists them,
    /// and its database nodes if it has a database, flowing `flow`.
    pub fn for_world(world: &World, flow: Flow) -> Self {
        let servers: Vec<ServerId> = world.on_stage().map(|s| s.id).collect();
        Layout::arranged(&servers, database_nodes(world), flow)
    }

    /// Whether this layout is of exactly the servers `world` has on stage, in order, and of its
    /// database nodes, flowing `flow`.
    pub fn fits(&self, world: &World, flow: Flow) -> bool {
        self.flow == flow
            && self.database.len() == database_nodes(world)
            && self.servers.iter().map(|(id, _)| *id).eq(world.on_stage().map(|s| s.id))
    }

    /// Index of server `id` in `servers` and `routes`, if it is laid out.
    fn slot(&self, id: ServerId) -> Option<usize> {
        self.slots.get(id.index()).filter(|s| **s != u32::MAX).map(|s| *s as usize)
    }

    /// Centre of server `id`, if it is laid out.
    pub fn server(&self, id: ServerId) -> Option<Point> {
        self.slot(id).map(|i| self.servers[i].1)
    }

    /// The link from the balancer to server `id`, if it is laid out.
    pub fn route(&self, id: ServerId) -> Option<&Route> {
        self.slot(id).map(|i| &self.routes[i])
    }

    /// The link from server `server` to database node `node`, if both are laid out.
    pub fn database_route(&self, server: ServerId, node: NodeId) -> Option<&Route> {
        let nodes = self.database.len();
        let i = self.slot(server)?;
        (node.index() < nodes).then(|| &self.database_routes[i * nodes + node.index()])
    }

    /// Width and height of a server glyph at this layout's scale, in user units.
    pub fn glyph_size(&self) -> (f64, f64) {
        (SERVER_W * self.server_scale, SERVER_H * self.server_scale)
    }

    /// Centre of the icon that stands for `client`.
    pub fn client(&self, client: u32) -> Point {
        self.clients[(client % CLIENT_ICONS) as usize]
    }

    /// The way in, through the edge to the balancer, from the botnet if `attack`, else from the
    /// icon that stands for `client`.
    pub fn way_in(&self, client: u32, attack: bool) -> &Route {
        if attack {
            &self.attack_way
        } else {
            &self.ways_in[(client % CLIENT_ICONS) as usize]
        }
    }

    /// Where a request lost at server `id` (turned away from its full queue, or failed there)
    /// is drawn a fraction `age` (0–1) of the way through its fall, `sideways` (−8 to 8 units)
    /// apart from others lost about then: it falls out of the bottom of the glyph's left part,
    /// `most` user units or less if another glyph or the stage's bottom comes first. `None` if
    /// the server is not laid out.
    pub fn lost_at(&self, id: ServerId, sideways: f64, age: f64, most: f64) -> Option<Point> {
        let i = self.slot(id)?;
        let (p, (w, h)) = (self.servers[i].1, self.glyph_size());
        let left = p.x - w / 2.0;
        let x = within(left + FALL_IN + sideways, left + MARK, (p.x + w / 2.0 - MARK).max(left + MARK));
        Some(Point { x, y: p.y + h / 2.0 + self.falls[i].min(most) * within(age, 0.0, 1.0) })
    }

    /// This layout with the room each server's lost requests have to fall.
    fn with_falls(mut self) -> Self {
        let (w, h) = self.glyph_size();
        let below = |p: Point| {
            // The strip a lost request falls down: under the glyph's left part, a mark wide.
            let (left, right) = (p.x - w / 2.0, (p.x - w / 2.0 + FALL_IN + 8.0 + MARK).min(p.x + w / 2.0));
            let bottom = p.y + h / 2.0;
            let servers = self.servers.iter().map(|(_, c)| (*c, (w, h)));
            let nodes = self.database.iter().map(|c| (*c, (DATABASE_W, DATABASE_H)));
            let first = servers
                .chain(nodes)
                .filter(|(c, (cw, _))| c.x - cw / 2.0 < right && c.x + cw / 2.0 > left)
                .map(|(c, (_, ch))| c.y - ch / 2.0)
                .filter(|top| *top >= bottom - 1e-9)
                .fold(self.height, f64::min);
            (first - bottom - MARK).max(0.0)
        };
        self.falls = self.servers.iter().map(|(_, p)| below(*p)).collect();
        self
    }

    /// Where a request from `client` (or the botnet, if `attack`) is a fraction `t` (0–1) of
    /// its time on the way in. It reaches the far side of the edge's shield at the end: the
    /// edge's checks meet it on arrival and the balancer sits beside the edge in time, so
    /// nothing the edge stops is ever drawn past it.
    pub fn on_way_in(&self, client: u32, attack: bool, t: f64) -> Point {
        let way = self.way_in(client, attack);
        way.at(t * way.along[EDGE_EXIT] / way.length())
    }
}

/// The ways in from each of `clients` and from `botnet`: into the edge at `entry` (the botnet's
/// at `botnet_entry`), out of it at `exit`, on to `balancer`.
fn ways_in(
    clients: &[Point],
    botnet: Point,
    [entry, botnet_entry, exit]: [Point; 3],
    balancer: Point,
) -> (Vec<Route>, Route) {
    let ways = clients.iter().map(|c| Route::through(&[*c, entry, exit, balancer])).collect();
    (ways, Route::through(&[botnet, botnet_entry, exit, balancer]))
}

/// The index into a list of servers of each server id in it (`u32::MAX` for ids not in it).
fn slots(servers: &[(ServerId, Point)]) -> Vec<u32> {
    let mut slots = vec![u32::MAX; servers.iter().map(|(id, _)| id.index() + 1).max().unwrap_or(0)];
    for (i, (id, _)) in servers.iter().enumerate() {
        slots[id.index()] = i as u32;
    }
    slots
}

/// How many database nodes `world` has (0 without a database).
fn database_nodes(world: &World) -> usize {
    world.database().map_or(0, |db| db.storage.nodes().len())
}

#[cfg(test)]
mod tests {
    use super::checks::ids;
    use super::*;
    use crate::sim::database::DatabaseConfig;
    use crate::sim::time::SECOND;
    use crate::sim::world::LINGER;
    use crate::sim::{Command, WorldConfig};

    #[test]
    fn a_point_along_a_route_lies_on_it_at_the_right_distance() {
        for flow in [Flow::Across, Flow::Down] {
            let layout = Layout::arranged(&ids(32), 2, flow);
            for route in [&layout.routes[5], &layout.database_routes[11]] {
                assert!(route.points().len() >= 4, "the links bend");
                assert_eq!(route.at(0.0), route.points()[0]);
                assert_eq!(route.at(1.0), route.end());
                let along = |t: f64| {
                    // Distance from the start to `route.at(t)`, walking the polyline.
                    let p = route.at(t);
                    let mut walked = 0.0;
                    for s in route.points().windows(2) {
                        let (seg, to_p) = (s[0].distance(s[1]), s[0].distance(p));
                        if (to_p + p.distance(s[1]) - seg).abs() < 1e-9 {
                            return walked + to_p;
                        }
                        walked += seg;
                    }
                    panic!("{p:?} is not on the route");
                };
                for t in [0.1, 0.25, 0.5, 0.7, 0.95] {
                    assert!((along(t) - t * route.length()).abs() < 1e-6, "t {t}");
                }
            }
        }
    }

    #[test]
    fn the_sources_and_the_edge_stand_clear_of_every_glyph_link_and_word() {
        for flow in [Flow::Across, Flow::Down] {
            for nodes in 0..=3 {
                for n in 1..=100 {
                    let layout = Layout::arranged(&ids(n), nodes, flow);
                    super::checks::assert_sources_clear(
                        &layout,
                        &format!("{flow:?}, {n} servers, {nodes} nodes"),
                    );
                }
            }
        }
    }

    /// The layouts the stage may draw: each flow, 1 to 100 servers, none to three database
    /// nodes, with ids from each of `firsts` on (names of one to three digits from 0, of four
    /// from 1000, as after a run that added servers for long enough), and `check` run on each
    /// with a name for the case.
    fn every_layout(firsts: &[u32], check: impl Fn(&Layout, &str)) {
        for flow in [Flow::Across, Flow::Down] {
            for nodes in 0..=3 {
                for n in 1..=100 {
                    for &first in firsts {
                        let servers: Vec<ServerId> = (first..first + n).map(ServerId).collect();
                        let layout = Layout::arranged(&servers, nodes, flow);
                        check(&layout, &format!("{flow:?}, {n} servers from S{first}, {nodes} nodes"));
                    }
                }
            }
        }
    }

    #[test]
    fn words_on_the_servers_meet_no_other_words_glyph_link_or_note() {
        every_layout(&[0, 1000], super::checks::assert_words_clear);
    }

    #[test]
    fn a_dot_on_a_link_or_falling_from_its_server_stays_out_of_every_other_glyph() {
        every_layout(&[0], super::checks::assert_dots_clear);
    }

    #[test]
    fn glyphs_turn_compact_past_fourteen_servers_across_and_sixteen_down() {
        for nodes in 0..=3 {
            for (flow, last_full) in [(Flow::Across, 14), (Flow::Down, 16)] {
                for n in 1..=100 {
                    let form = Layout::arranged(&ids(n), nodes, flow).glyph().form;
                    let expected = if n <= last_full { Form::Full } else { Form::Compact };
                    assert_eq!(form, expected, "{flow:?}, {n} servers, {nodes} nodes");
                }
            }
        }
    }

    #[test]
    fn the_way_in_runs_from_its_source_through_the_edge_to_the_balancer() {
        for flow in [Flow::Across, Flow::Down] {
            let layout = Layout::arranged(&ids(2), 2, flow);
            for client in 0..6 {
                let way = layout.way_in(client, false);
                assert_eq!(way.at(0.0), layout.client(client));
                assert_eq!(way.at(1.0), layout.balancer);
            }
            let attack = layout.way_in(7, true);
            assert_eq!((attack.at(0.0), attack.at(1.0)), (layout.botnet, layout.balancer));
            // A request's time on the way in takes it to the shield's far side.
            for (client, bot) in [(0, false), (2, false), (7, true)] {
                let way = layout.way_in(client, bot);
                assert_eq!(layout.on_way_in(client, bot, 0.0), way.at(0.0));
                assert!(layout.on_way_in(client, bot, 1.0).distance(way.points()[EDGE_EXIT]) < 1e-9);
            }
            // Halfway along, a dot is past the sources and short of the balancer.
            for way in layout.ways_in.iter().chain([attack]) {
                let p = way.at(0.5);
                assert!(p.distance(layout.balancer) > 1.0 && p.distance(way.at(0.0)) > 1.0);
            }
        }
    }

    #[test]
    fn servers_are_found_by_id_in_any_order() {
        let order = [ServerId(7), ServerId(2), ServerId(40)];
        for flow in [Flow::Across, Flow::Down] {
            let layout = Layout::arranged(&order, 2, flow);
            for (i, id) in order.iter().enumerate() {
                assert_eq!(layout.server(*id), Some(layout.servers[i].1));
                assert_eq!(layout.route(*id), Some(&layout.routes[i]));
                for k in 0..2 {
                    let route = layout.database_route(*id, NodeId(k)).unwrap();
                    assert_eq!(route, &layout.database_routes[i * 2 + k as usize]);
                    let (end, node) = (route.end(), layout.database[k as usize]);
                    match flow {
                        Flow::Across => assert_eq!(end.y, node.y, "into the node's side"),
                        Flow::Down => assert_eq!(end.x, node.x, "into the node's top"),
                    }
                }
                assert_eq!(layout.database_route(*id, NodeId(2)), None, "no third node");
            }
            assert_eq!(layout.server(ServerId(3)), None);
            assert_eq!(layout.route(ServerId(41)), None);
            assert_eq!(layout.database_route(ServerId(3), NodeId(0)), None);
        }
    }

    #[test]
    fn a_world_with_a_database_is_laid_out_with_its_nodes_the_way_the_stage_flows() {
        let config = WorldConfig { database: Some(DatabaseConfig::default()), ..WorldConfig::default() };
        let world = World::new(config);
        let layout = Layout::for_world(&world, Flow::Across);
        assert_eq!(layout.database.len(), 2, "a primary and a replica");
        assert!(layout.fits(&world, Flow::Across));
        let bare = Layout::new(&[ServerId(0), ServerId(1)]);
        assert!(!bare.fits(&world, Flow::Across), "the nodes are part of the fit");
        assert!(!layout.fits(&world, Flow::Down), "a stage that turned is laid out again");
        let turned = Layout::for_world(&world, Flow::Down);
        assert_eq!(turned, Layout::narrow(&[ServerId(0), ServerId(1)], 2));
        assert!(turned.fits(&world, Flow::Down));
    }

    #[test]
    fn a_removed_server_stays_on_stage_for_a_while_then_leaves() {
        let mut world = World::new(WorldConfig { arrival_rate: 0.0, ..WorldConfig::default() });
        let on_stage = |world: &World| {
            Layout::for_world(world, Flow::Across).servers.iter().map(|(id, _)| id.0).collect::<Vec<_>>()
        };
        assert_eq!(on_stage(&world), [0, 1]);
        world.advance_to(SECOND);
        world.apply(Command::RemoveServer(Some(ServerId(1)))).unwrap();
        assert!(!world.servers()[1].is_present(), "an idle server is removed at once");
        assert_eq!(on_stage(&world), [0, 1], "shown leaving");
        world.advance_to(SECOND + LINGER - 1);
        assert_eq!(on_stage(&world), [0, 1]);
        world.advance_to(SECOND + LINGER);
        assert_eq!(on_stage(&world), [0], "gone");
    }
}
