//! Where each node sits on the stage, and the route of each server's link. Pure geometry in the
//! SVG's user units, shared by the SVG topology and the canvas of moving dots so that both line
//! up.

use crate::sim::{ServerId, World};

/// Stage width, in SVG user units.
pub const WIDTH: f64 = 1000.0;
/// Stage height, in SVG user units.
pub const HEIGHT: f64 = 560.0;
/// A server glyph's width at full scale, in user units.
pub const SERVER_W: f64 = 196.0;
/// A server glyph's height at full scale, in user units.
pub const SERVER_H: f64 = 84.0;
/// How many client icons stand for the clients.
pub const CLIENT_ICONS: u32 = 3;
/// The area the server grid fills: left, top, width, height.
const GRID: (f64, f64, f64, f64) = (560.0, 16.0, 424.0, 528.0);
/// Least free height between two rows of glyphs, in user units: the links to the second and
/// later columns run along it, and a dot (7 units) must fit without touching a glyph.
const ROW_GUTTER: f64 = 10.0;
/// How far left of the first column's glyphs the links bend towards their row, in user units.
const BUS_GAP: f64 = 16.0;
/// Most points on a route: balancer, bend at the bus, end of the run along the gutter, glyph.
const ROUTE_POINTS: usize = 4;

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

/// The path of a link from the balancer to one server's glyph: a polyline of a few points with
/// their distances from the start, so a dot is placed along it in constant time.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    points: [Point; ROUTE_POINTS],
    /// Length of the route from its start to each point.
    along: [f64; ROUTE_POINTS],
    len: usize,
}

impl Route {
    /// The route through `points` (2 to 4 of them), in order.
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

    /// Its points, from the balancer to the glyph's edge.
    pub fn points(&self) -> &[Point] {
        &self.points[..self.len]
    }

    /// Where it ends: on the edge of its server's glyph.
    pub fn end(&self) -> Point {
        self.points[self.len - 1]
    }

    /// Its length, in user units.
    pub fn length(&self) -> f64 {
        self.along[self.len - 1]
    }

    /// The point a fraction `t` (0–1) of its length from the balancer.
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
    /// Index into `servers` of each server id (`u32::MAX` for ids not laid out).
    slots: Vec<u32>,
}

impl Layout {
    /// Lays out `servers` (in display order) in the grid that makes their glyphs largest.
    ///
    /// With one column each link runs straight from the balancer to the glyph's left edge. With
    /// several, no straight line reaches the second column without crossing the first, so each
    /// link bends: it runs from the balancer to a vertical bus just left of the grid, then along
    /// its row (the first column's straight into the glyph's left edge, the others along the
    /// gutter between rows and a short drop into the glyph's top or bottom edge).
    pub fn new(servers: &[ServerId]) -> Self {
        let clients = (0..CLIENT_ICONS)
            .map(|i| Point { x: 70.0, y: HEIGHT / 2.0 + (i as f64 - 1.0) * 130.0 })
            .collect();
        let balancer = Point { x: 360.0, y: HEIGHT / 2.0 };
        let n = servers.len().max(1);
        let (left, top, width, height) = GRID;
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
        let mut slots = vec![u32::MAX; servers.iter().map(|id| id.index() + 1).max().unwrap_or(0)];
        let mut placed = Vec::with_capacity(servers.len());
        let mut routes = Vec::with_capacity(servers.len());
        for (i, id) in servers.iter().enumerate() {
            let (row, col) = (i / cols, i % cols);
            let p = Point { x: left + cell_w * (col as f64 + 0.5), y: top + cell_h * (row as f64 + 0.5) };
            let left_edge = Point { x: p.x - w / 2.0, y: p.y };
            let route = if cols == 1 {
                Route::through(&[balancer, left_edge])
            } else if col == 0 {
                Route::through(&[balancer, Point { x: bus_x, y: p.y }, left_edge])
            } else {
                // Rows above the balancer take the gutter above them, the others the one below,
                // so each gutter carries one row's links.
                let side = if p.y <= balancer.y { -1.0 } else { 1.0 };
                let gutter = p.y + side * cell_h / 2.0;
                Route::through(&[
                    balancer,
                    Point { x: bus_x, y: gutter },
                    Point { x: p.x, y: gutter },
                    Point { x: p.x, y: p.y + side * h / 2.0 },
                ])
            };
            slots[id.index()] = i as u32;
            placed.push((*id, p));
            routes.push(route);
        }
        Layout { clients, balancer, servers: placed, server_scale: scale, routes, slots }
    }

    /// Lays out the servers the stage shows for `world` ([`World::on_stage`]: those starting,
    /// up or draining, and those removed moments ago), in id order, as the snapshot lists them.
    pub fn for_world(world: &World) -> Self {
        Layout::new(&world.on_stage().map(|s| s.id).collect::<Vec<_>>())
    }

    /// Whether this layout is of exactly the servers `world` has on stage, in order.
    pub fn fits(&self, world: &World) -> bool {
        self.servers.iter().map(|(id, _)| *id).eq(world.on_stage().map(|s| s.id))
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

    /// Width and height of a server glyph at this layout's scale, in user units.
    pub fn glyph_size(&self) -> (f64, f64) {
        (SERVER_W * self.server_scale, SERVER_H * self.server_scale)
    }

    /// Centre of the icon that stands for `client`.
    pub fn client(&self, client: u32) -> Point {
        self.clients[(client % CLIENT_ICONS) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;
    use crate::sim::world::LINGER;
    use crate::sim::{Command, WorldConfig};

    fn ids(n: u32) -> Vec<ServerId> {
        (0..n).map(ServerId).collect()
    }

    /// A glyph's rectangle grown by `margin`: left, top, right, bottom.
    fn rect(layout: &Layout, centre: Point, margin: f64) -> (f64, f64, f64, f64) {
        let (w, h) = layout.glyph_size();
        (
            centre.x - w / 2.0 - margin,
            centre.y - h / 2.0 - margin,
            centre.x + w / 2.0 + margin,
            centre.y + h / 2.0 + margin,
        )
    }

    /// Whether the segment `a`–`b` meets the rectangle `r` (Liang–Barsky clipping).
    fn meets((a, b): (Point, Point), r: (f64, f64, f64, f64)) -> bool {
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

    #[test]
    fn every_server_fits_on_the_stage_without_overlap() {
        for n in 1..=100 {
            let layout = Layout::new(&ids(n));
            let (w, h) = layout.glyph_size();
            for (i, (_, a)) in layout.servers.iter().enumerate() {
                assert!(a.x - w / 2.0 >= GRID.0 - 0.01 && a.x + w / 2.0 <= WIDTH, "{n} servers: x {}", a.x);
                assert!(a.y - h / 2.0 >= 0.0 && a.y + h / 2.0 <= HEIGHT, "{n} servers: y {}", a.y);
                for (_, b) in &layout.servers[i + 1..] {
                    assert!((a.x - b.x).abs() >= w || (a.y - b.y).abs() >= h, "{n} servers overlap");
                }
            }
        }
    }

    #[test]
    fn glyphs_shrink_as_servers_are_added_but_stay_visible() {
        let one = Layout::new(&ids(1)).server_scale;
        let hundred = Layout::new(&ids(100)).server_scale;
        assert_eq!(one, 1.0);
        assert!(hundred < one && hundred > 0.15, "scale at 100 servers: {hundred}");
    }

    #[test]
    fn no_link_crosses_another_servers_glyph() {
        for n in 1..=100 {
            let layout = Layout::new(&ids(n));
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
            }
        }
    }

    #[test]
    fn every_link_ends_on_the_edge_of_its_own_glyph_and_stays_outside_it_until_then() {
        for n in 1..=100 {
            let layout = Layout::new(&ids(n));
            for (i, (route, (_, centre))) in layout.routes.iter().zip(&layout.servers).enumerate() {
                let (l, t, r, b) = rect(&layout, *centre, 0.0);
                let end = route.end();
                let eps = 1e-9;
                let inside = end.x >= l - eps && end.x <= r + eps && end.y >= t - eps && end.y <= b + eps;
                let on_edge = (end.x - l).abs() < eps
                    || (end.x - r).abs() < eps
                    || (end.y - t).abs() < eps
                    || (end.y - b).abs() < eps;
                assert!(inside && on_edge, "{n} servers: route {i} ends at {end:?}, not on its glyph's edge");
                // Every point but the last lies outside the glyph.
                let points = route.points();
                let shrunk = rect(&layout, *centre, -0.01);
                for s in points.windows(2) {
                    let short_of_end = (s[0], s[0].lerp(s[1], 0.999));
                    assert!(!meets(short_of_end, shrunk), "{n} servers: route {i} enters its glyph early");
                }
            }
        }
    }

    #[test]
    fn a_point_along_a_route_lies_on_it_at_the_right_distance() {
        let layout = Layout::new(&ids(32));
        let route = &layout.routes[5];
        assert_eq!(route.points().len(), 4, "the second column's links bend");
        assert_eq!(route.at(0.0), layout.balancer);
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

    #[test]
    fn servers_are_found_by_id_in_any_order() {
        let order = [ServerId(7), ServerId(2), ServerId(40)];
        let layout = Layout::new(&order);
        for (i, id) in order.iter().enumerate() {
            assert_eq!(layout.server(*id), Some(layout.servers[i].1));
            assert_eq!(layout.route(*id), Some(&layout.routes[i]));
        }
        assert_eq!(layout.server(ServerId(3)), None);
        assert_eq!(layout.route(ServerId(41)), None);
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
