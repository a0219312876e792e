//! Where each node sits on the stage, and the route of each link: balancer to server, and server
//! to database node when the world has a database tier. Pure geometry in the SVG's user units,
//! shared by the SVG topology and the canvas of moving dots so that both line up.

use crate::sim::storage::NodeId;
use crate::sim::{ServerId, World};

/// Stage width, in SVG user units.
pub const WIDTH: f64 = 1000.0;
/// Stage height, in SVG user units.
pub const HEIGHT: f64 = 560.0;
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
/// Free height between two database node glyphs, in user units.
const DATABASE_GAP: f64 = 16.0;

/// Where the tiers go across the stage, in user units.
struct Columns {
    /// Centre of the balancer, from the left.
    balancer_x: f64,
    /// The area the server grid fills: left, top, width, height.
    grid: (f64, f64, f64, f64),
    /// Left edge of the database column (unused without a database).
    database_left: f64,
}

/// The stage without a database: the server grid fills the right.
const WITHOUT_DATABASE: Columns =
    Columns { balancer_x: 360.0, grid: (560.0, 16.0, 424.0, 528.0), database_left: WIDTH };

/// The stage with a database: the balancer and the grid move left to make room for the database
/// column on the right.
const WITH_DATABASE: Columns = Columns {
    balancer_x: 290.0,
    grid: (400.0, 16.0, 360.0, 528.0),
    database_left: WIDTH - 10.0 - DATABASE_W,
};
/// Least free height between two rows of glyphs, in user units: the links to the second and
/// later columns run along it, and a dot (7 units) must fit without touching a glyph.
const ROW_GUTTER: f64 = 10.0;
/// How far left of the first column's glyphs the links bend towards their row, in user units.
const BUS_GAP: f64 = 16.0;
/// Most points on a route: a server's link to a database node in a grid of several columns runs
/// from its glyph up or down to the gutter, along it to the database bus, along the bus to the
/// node's height, and into the node.
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
        let d = t.clamp(0.0, 1.0) * self.length();
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
        self.points().iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" ")
    }
}

/// Positions of every node for a given set of servers, and the route of each server's link.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Centres of the client icons.
    pub clients: Vec<Point>,
    /// Centre of the load balancer.
    pub balancer: Point,
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
    /// Index into `servers` of each server id (`u32::MAX` for ids not laid out).
    slots: Vec<u32>,
}

impl Layout {
    /// Lays out `servers` (in display order) in the grid that makes their glyphs largest, for a
    /// world without a database.
    ///
    /// With one column each link runs straight from the balancer to the glyph's left edge. With
    /// several, no straight line reaches the second column without crossing the first, so each
    /// link bends: it runs from the balancer to a vertical bus just left of the grid, then along
    /// its row (the first column's straight into the glyph's left edge, the others along the
    /// gutter between rows and a short drop into the glyph's top or bottom edge).
    pub fn new(servers: &[ServerId]) -> Self {
        Layout::with_database(servers, 0)
    }

    /// Lays out `servers` as [`Layout::new`] does, and behind them a column of `nodes` database
    /// nodes on the right (none: the stage as it is without a database).
    ///
    /// A server's link to a database node mirrors its link from the balancer: with one column it
    /// runs straight from the glyph's right edge to a vertical database bus just right of the
    /// grid; with several it leaves the glyph by the edge its balancer link comes in at and runs
    /// along the same gutter to that bus. Along the bus it reaches the node's height, then the
    /// node's left edge.
    pub fn with_database(servers: &[ServerId], nodes: usize) -> Self {
        let columns = if nodes == 0 { &WITHOUT_DATABASE } else { &WITH_DATABASE };
        let clients = (0..CLIENT_ICONS)
            .map(|i| Point { x: 70.0, y: HEIGHT / 2.0 + (i as f64 - 1.0) * 130.0 })
            .collect();
        let balancer = Point { x: columns.balancer_x, y: HEIGHT / 2.0 };
        let n = servers.len().max(1);
        let (left, top, width, height) = columns.grid;
        let (cols, scale) = (1..=n)
            .map(|cols| {
                let cell_h = height / n.div_ceil(cols) as f64;
                let scale = (width / cols as f64 / (SERVER_W * 1.08))
                    .min(cell_h / (SERVER_H * 1.15))
                    .min((cell_h - ROW_GUTTER) / SERVER_H);
                (cols, scale.min(1.0))
            })
            .fold((1, 0.0), |best, c| if c.1 > best.1 { c } else { best });
        let rows = n.div_ceil(cols);
        let (cell_w, cell_h) = (width / cols as f64, height / rows as f64);
        // Centre a short column vertically instead of pinning it to the top.
        let used_h = cell_h.min(SERVER_H * 1.6) * rows as f64;
        let top = top + (height - used_h) / 2.0;
        let cell_h = used_h / rows as f64;
        let (w, h) = (SERVER_W * scale, SERVER_H * scale);
        let bus_x = left + (cell_w - w) / 2.0 - BUS_GAP;
        let database_bus_x = left + width - (cell_w - w) / 2.0 + BUS_GAP;
        let database: Vec<Point> = (0..nodes)
            .map(|i| Point {
                x: columns.database_left + DATABASE_W / 2.0,
                y: HEIGHT / 2.0 + (i as f64 - (nodes as f64 - 1.0) / 2.0) * (DATABASE_H + DATABASE_GAP),
            })
            .collect();
        let mut slots = vec![u32::MAX; servers.iter().map(|id| id.index() + 1).max().unwrap_or(0)];
        let mut placed = Vec::with_capacity(servers.len());
        let mut routes = Vec::with_capacity(servers.len());
        let mut database_routes = Vec::with_capacity(servers.len() * nodes);
        for (i, id) in servers.iter().enumerate() {
            let (row, col) = (i / cols, i % cols);
            let p = Point { x: left + cell_w * (col as f64 + 0.5), y: top + cell_h * (row as f64 + 0.5) };
            let left_edge = Point { x: p.x - w / 2.0, y: p.y };
            // Rows above the balancer take the gutter above them, the others the one below, so
            // each gutter carries one row's links.
            let side = if p.y <= balancer.y { -1.0 } else { 1.0 };
            let gutter = p.y + side * cell_h / 2.0;
            let stub = Point { x: p.x, y: p.y + side * h / 2.0 };
            let route = if cols == 1 {
                Route::through(&[balancer, left_edge])
            } else if col == 0 {
                Route::through(&[balancer, Point { x: bus_x, y: p.y }, left_edge])
            } else {
                Route::through(&[balancer, Point { x: bus_x, y: gutter }, Point { x: p.x, y: gutter }, stub])
            };
            for node in &database {
                let into_node = [
                    Point { x: database_bus_x, y: node.y },
                    Point { x: node.x - DATABASE_W / 2.0, y: node.y },
                ];
                database_routes.push(if cols == 1 {
                    let right_edge = Point { x: p.x + w / 2.0, y: p.y };
                    let on_bus = Point { x: database_bus_x, y: p.y };
                    Route::through(&[right_edge, on_bus, into_node[0], into_node[1]])
                } else {
                    let (up, along) = (Point { x: p.x, y: gutter }, Point { x: database_bus_x, y: gutter });
                    Route::through(&[stub, up, along, into_node[0], into_node[1]])
                });
            }
            slots[id.index()] = i as u32;
            placed.push((*id, p));
            routes.push(route);
        }
        Layout {
            clients,
            balancer,
            servers: placed,
            server_scale: scale,
            routes,
            database,
            database_routes,
            slots,
        }
    }

    /// Lays out the servers the stage shows for `world` ([`World::on_stage`]: those starting,
    /// up or draining, and those removed moments ago), in id order, as the snapshot lists them,
    /// and its database nodes if it has a database.
    pub fn for_world(world: &World) -> Self {
        let servers: Vec<ServerId> = world.on_stage().map(|s| s.id).collect();
        Layout::with_database(&servers, database_nodes(world))
    }

    /// Whether this layout is of exactly the servers `world` has on stage, in order, and of its
    /// database nodes.
    pub fn fits(&self, world: &World) -> bool {
        self.database.len() == database_nodes(world)
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
}

/// How many database nodes `world` has (0 without a database).
fn database_nodes(world: &World) -> usize {
    world.database().map_or(0, |db| db.storage.nodes().len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::database::DatabaseConfig;
    use crate::sim::time::SECOND;
    use crate::sim::world::LINGER;
    use crate::sim::{Command, WorldConfig};

    fn ids(n: u32) -> Vec<ServerId> {
        (0..n).map(ServerId).collect()
    }

    /// Database nodes the tests lay out: none, and each size a tier may have.
    const NODE_COUNTS: [usize; 4] = [0, 1, 2, 3];

    /// A rectangle: left, top, right, bottom.
    type Rect = (f64, f64, f64, f64);

    /// A rectangle of `w` × `h` around `centre`, grown by `margin`.
    fn around(centre: Point, (w, h): (f64, f64), margin: f64) -> Rect {
        (
            centre.x - w / 2.0 - margin,
            centre.y - h / 2.0 - margin,
            centre.x + w / 2.0 + margin,
            centre.y + h / 2.0 + margin,
        )
    }

    /// A server glyph's rectangle grown by `margin`.
    fn rect(layout: &Layout, centre: Point, margin: f64) -> Rect {
        around(centre, layout.glyph_size(), margin)
    }

    /// A database node glyph's rectangle grown by `margin`.
    fn node_rect(centre: Point, margin: f64) -> Rect {
        around(centre, (DATABASE_W, DATABASE_H), margin)
    }

    fn overlap(a: Rect, b: Rect) -> bool {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    }

    /// Whether the segment `a`–`b` meets the rectangle `r` (Liang–Barsky clipping).
    fn meets((a, b): (Point, Point), r: Rect) -> bool {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [(-dx, a.x - r.0), (dx, r.2 - a.x), (-dy, a.y - r.1), (dy, r.3 - a.y)] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 <= t1
    }

    fn segments(route: &Route) -> impl Iterator<Item = (Point, Point)> + '_ {
        route.points().windows(2).map(|s| (s[0], s[1]))
    }

    /// Whether `p` lies on the border of `r`.
    fn on_border(p: Point, r: Rect) -> bool {
        let eps = 1e-9;
        let inside = p.x >= r.0 - eps && p.x <= r.2 + eps && p.y >= r.1 - eps && p.y <= r.3 + eps;
        let edge = [p.x - r.0, p.x - r.2, p.y - r.1, p.y - r.3].iter().any(|d| d.abs() < eps);
        inside && edge
    }

    /// Whether `route` ends on the border of `end` and stays outside it until then.
    fn ends_on(route: &Route, end: Rect) -> bool {
        let shrunk = (end.0 + 0.01, end.1 + 0.01, end.2 - 0.01, end.3 - 0.01);
        on_border(route.end(), end)
            && route.points().windows(2).all(|s| !meets((s[0], s[0].lerp(s[1], 0.999)), shrunk))
    }

    #[test]
    fn every_server_fits_on_the_stage_without_overlap() {
        for nodes in NODE_COUNTS {
            let grid_left = if nodes == 0 { WITHOUT_DATABASE.grid.0 } else { WITH_DATABASE.grid.0 };
            for n in 1..=100 {
                let layout = Layout::with_database(&ids(n), nodes);
                let (w, h) = layout.glyph_size();
                for (i, (_, a)) in layout.servers.iter().enumerate() {
                    assert!(
                        a.x - w / 2.0 >= grid_left - 0.01 && a.x + w / 2.0 <= WIDTH,
                        "{n} servers: x {}",
                        a.x
                    );
                    assert!(a.y - h / 2.0 >= 0.0 && a.y + h / 2.0 <= HEIGHT, "{n} servers: y {}", a.y);
                    for (_, b) in &layout.servers[i + 1..] {
                        assert!((a.x - b.x).abs() >= w || (a.y - b.y).abs() >= h, "{n} servers overlap");
                    }
                }
            }
        }
    }

    #[test]
    fn glyphs_shrink_as_servers_are_added_but_stay_visible() {
        for nodes in NODE_COUNTS {
            let one = Layout::with_database(&ids(1), nodes).server_scale;
            let hundred = Layout::with_database(&ids(100), nodes).server_scale;
            assert_eq!(one, 1.0);
            assert!(hundred < one && hundred > 0.15, "scale at 100 servers: {hundred}");
        }
        let thirty_two = Layout::with_database(&ids(32), 2).server_scale;
        assert!(thirty_two >= 0.45, "32 servers beside a database keep their details: {thirty_two}");
    }

    #[test]
    fn a_world_without_a_database_is_laid_out_as_before() {
        for n in [1, 8, 32] {
            let layout = Layout::new(&ids(n));
            assert_eq!(layout, Layout::with_database(&ids(n), 0));
            assert_eq!(layout.balancer, Point { x: 360.0, y: HEIGHT / 2.0 });
            assert!(layout.database.is_empty() && layout.database_routes.is_empty());
            assert_eq!(layout.database_route(ServerId(0), NodeId(0)), None);
        }
    }

    #[test]
    fn no_link_crosses_another_servers_glyph() {
        for nodes in NODE_COUNTS {
            for n in 1..=100 {
                let layout = Layout::with_database(&ids(n), nodes);
                assert_eq!(layout.routes.len(), layout.servers.len());
                for (i, route) in layout.routes.iter().enumerate() {
                    assert_eq!(
                        route.points()[0],
                        layout.balancer,
                        "{n} servers: route {i} starts at the balancer"
                    );
                    for (j, (_, other)) in layout.servers.iter().enumerate().filter(|(j, _)| *j != i) {
                        let r = rect(&layout, *other, 2.0);
                        assert!(
                            !segments(route).any(|s| meets(s, r)),
                            "{n} servers: the link to server {i} crosses server {j}'s glyph"
                        );
                    }
                    for node in &layout.database {
                        let r = node_rect(*node, 2.0);
                        assert!(
                            !segments(route).any(|s| meets(s, r)),
                            "{n} servers: link {i} crosses a node"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_link_ends_on_the_edge_of_its_own_glyph_and_stays_outside_it_until_then() {
        for nodes in NODE_COUNTS {
            for n in 1..=100 {
                let layout = Layout::with_database(&ids(n), nodes);
                for (i, (route, (_, centre))) in layout.routes.iter().zip(&layout.servers).enumerate() {
                    assert!(
                        ends_on(route, rect(&layout, *centre, 0.0)),
                        "{n} servers, {nodes} nodes: route {i} ends at {:?}, not on its glyph's edge",
                        route.end()
                    );
                }
            }
        }
    }

    #[test]
    fn database_glyphs_fit_the_stage_and_overlap_neither_servers_nor_each_other() {
        for nodes in 1..=3 {
            for n in [1, 2, 8, 16, 32, 50, 100] {
                let layout = Layout::with_database(&ids(n), nodes);
                assert_eq!(layout.database.len(), nodes);
                for (k, node) in layout.database.iter().enumerate() {
                    let r = node_rect(*node, 0.0);
                    assert!(
                        r.0 >= 0.0 && r.1 >= 0.0 && r.2 <= WIDTH && r.3 <= HEIGHT,
                        "node {k} off stage: {r:?}"
                    );
                    for (_, server) in &layout.servers {
                        assert!(
                            !overlap(node_rect(*node, 8.0), rect(&layout, *server, 0.0)),
                            "{n} servers: node {k}"
                        );
                    }
                    for other in &layout.database[k + 1..] {
                        assert!(
                            !overlap(node_rect(*node, 4.0), node_rect(*other, 0.0)),
                            "{nodes} nodes overlap"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn database_links_run_from_their_server_to_their_node_around_every_other_glyph() {
        for nodes in 1..=3 {
            for n in 1..=100 {
                let layout = Layout::with_database(&ids(n), nodes);
                assert_eq!(layout.database_routes.len(), layout.servers.len() * nodes);
                for (i, (id, centre)) in layout.servers.iter().enumerate() {
                    let own = rect(&layout, *centre, 0.0);
                    for (k, node) in layout.database.iter().enumerate() {
                        let route = layout.database_route(*id, NodeId(k as u32)).expect("laid out");
                        assert!(
                            on_border(route.points()[0], own),
                            "{n} servers: link {i}→{k} starts off its glyph"
                        );
                        assert!(
                            ends_on(route, node_rect(*node, 0.0)),
                            "{n} servers: link {i}→{k} misses the node"
                        );
                        // After leaving its own glyph it never comes back.
                        let inner = rect(&layout, *centre, -0.01);
                        let back = segments(route).skip(1).any(|s| meets(s, inner));
                        assert!(
                            !back && !meets((route.points()[0], route.at(0.01)), inner),
                            "{n}: link {i} re-enters"
                        );
                        for (j, (_, other)) in layout.servers.iter().enumerate().filter(|(j, _)| *j != i) {
                            let r = rect(&layout, *other, 2.0);
                            assert!(
                                !segments(route).any(|s| meets(s, r)),
                                "{n}: link {i}→{k} crosses server {j}"
                            );
                        }
                        for (m, other) in layout.database.iter().enumerate().filter(|(m, _)| *m != k) {
                            let r = node_rect(*other, 2.0);
                            assert!(
                                !segments(route).any(|s| meets(s, r)),
                                "{n}: link {i}→{k} crosses node {m}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_point_along_a_route_lies_on_it_at_the_right_distance() {
        let layout = Layout::with_database(&ids(32), 2);
        for route in [&layout.routes[5], &layout.database_routes[11]] {
            assert!(route.points().len() >= 4, "the second column's links bend");
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

    #[test]
    fn servers_are_found_by_id_in_any_order() {
        let order = [ServerId(7), ServerId(2), ServerId(40)];
        let layout = Layout::with_database(&order, 2);
        for (i, id) in order.iter().enumerate() {
            assert_eq!(layout.server(*id), Some(layout.servers[i].1));
            assert_eq!(layout.route(*id), Some(&layout.routes[i]));
            for k in 0..2 {
                let route = layout.database_route(*id, NodeId(k)).unwrap();
                assert_eq!(route, &layout.database_routes[i * 2 + k as usize]);
                assert_eq!(route.end().y, layout.database[k as usize].y);
            }
            assert_eq!(layout.database_route(*id, NodeId(2)), None, "no third node");
        }
        assert_eq!(layout.server(ServerId(3)), None);
        assert_eq!(layout.route(ServerId(41)), None);
        assert_eq!(layout.database_route(ServerId(3), NodeId(0)), None);
    }

    #[test]
    fn a_world_with_a_database_is_laid_out_with_its_nodes() {
        let config = WorldConfig { database: Some(DatabaseConfig::default()), ..WorldConfig::default() };
        let world = World::new(config);
        let layout = Layout::for_world(&world);
        assert_eq!(layout.database.len(), 2, "a primary and a replica");
        assert!(layout.fits(&world));
        assert!(!Layout::new(&[ServerId(0), ServerId(1)]).fits(&world), "the nodes are part of the fit");
    }

    #[test]
    fn a_removed_server_stays_on_stage_for_a_while_then_leaves() {
        let mut world = World::new(WorldConfig { arrival_rate: 0.0, ..WorldConfig::default() });
        let on_stage =
            |world: &World| Layout::for_world(world).servers.iter().map(|(id, _)| id.0).collect::<Vec<_>>();
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
