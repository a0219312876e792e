//! Geometry the layout tests check with: glyph rectangles, and whether a link meets one.

use super::{Layout, Point, Route, DATABASE_H, DATABASE_W};
use crate::sim::ServerId;

/// Servers 0 to `n` − 1, as the tests lay them out.
pub fn ids(n: u32) -> Vec<ServerId> {
    (0..n).map(ServerId).collect()
}

/// A rectangle: left, top, right, bottom.
pub type Rect = (f64, f64, f64, f64);

/// A rectangle of `w` × `h` around `centre`, grown by `margin`.
pub fn around(centre: Point, (w, h): (f64, f64), margin: f64) -> Rect {
    (
        centre.x - w / 2.0 - margin,
        centre.y - h / 2.0 - margin,
        centre.x + w / 2.0 + margin,
        centre.y + h / 2.0 + margin,
    )
}

/// A server glyph's rectangle grown by `margin`.
pub fn rect(layout: &Layout, centre: Point, margin: f64) -> Rect {
    around(centre, layout.glyph_size(), margin)
}

/// A database node glyph's rectangle grown by `margin`.
pub fn node_rect(centre: Point, margin: f64) -> Rect {
    around(centre, (DATABASE_W, DATABASE_H), margin)
}

/// Whether two rectangles overlap.
pub fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether the segment `a`–`b` meets the rectangle `r` (Liang–Barsky clipping).
pub fn meets((a, b): (Point, Point), r: Rect) -> bool {
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

/// The straight stretches of `route`.
pub fn segments(route: &Route) -> impl Iterator<Item = (Point, Point)> + '_ {
    route.points().windows(2).map(|s| (s[0], s[1]))
}

/// Whether `p` lies on the border of `r`.
pub fn on_border(p: Point, r: Rect) -> bool {
    let eps = 1e-9;
    let inside = p.x >= r.0 - eps && p.x <= r.2 + eps && p.y >= r.1 - eps && p.y <= r.3 + eps;
    let edge = [p.x - r.0, p.x - r.2, p.y - r.1, p.y - r.3].iter().any(|d| d.abs() < eps);
    inside && edge
}

/// Whether `route` ends on the border of `end` and stays outside it until then.
pub fn ends_on(route: &Route, end: Rect) -> bool {
    let shrunk = (end.0 + 0.01, end.1 + 0.01, end.2 - 0.01, end.3 - 0.01);
    on_border(route.end(), end)
        && route.points().windows(2).all(|s| !meets((s[0], s[0].lerp(s[1], 0.999)), shrunk))
}

/// Whether `r` lies wholly on a stage of `layout`'s size.
pub fn on_stage(layout: &Layout, r: Rect) -> bool {
    r.0 >= -1e-9 && r.1 >= -1e-9 && r.2 <= layout.width + 1e-9 && r.3 <= layout.height + 1e-9
}

/// Checks that no two glyphs of `layout` overlap (server glyphs keep `gap` apart from each
/// other's, database nodes 8 units from servers and 4 from each other) and that every glyph is
/// on the stage. `what` names the case in failures.
pub fn assert_apart(layout: &Layout, gap: f64, what: &str) {
    for (i, (_, a)) in layout.servers.iter().enumerate() {
        assert!(on_stage(layout, rect(layout, *a, 0.0)), "{what}: server {i} off stage at {a:?}");
        for (j, (_, b)) in layout.servers.iter().enumerate().skip(i + 1) {
            assert!(
                !overlap(rect(layout, *a, gap / 2.0), rect(layout, *b, gap / 2.0)),
                "{what}: servers {i} and {j} overlap"
            );
        }
    }
    for (k, node) in layout.database.iter().enumerate() {
        assert!(on_stage(layout, node_rect(*node, 0.0)), "{what}: node {k} off stage at {node:?}");
        for (i, (_, server)) in layout.servers.iter().enumerate() {
            assert!(
                !overlap(node_rect(*node, 8.0), rect(layout, *server, 0.0)),
                "{what}: node {k} overlaps server {i}"
            );
        }
        for other in &layout.database[k + 1..] {
            assert!(!overlap(node_rect(*node, 4.0), node_rect(*other, 0.0)), "{what}: nodes overlap");
        }
    }
}

/// Checks every link of `layout`: each from the balancer ends on the edge of its server's
/// glyph, each to the database leaves its server's glyph from its edge and ends on its node's,
/// and none crosses another glyph (or comes back into its own). `what` names the case in
/// failures.
pub fn assert_links_end_on_their_glyphs(layout: &Layout, what: &str) {
    assert_eq!(layout.routes.len(), layout.servers.len());
    assert_eq!(layout.database_routes.len(), layout.servers.len() * layout.database.len());
    let crosses_another = |route: &Route, server: Option<usize>, node: Option<usize>| {
        let servers = layout.servers.iter().enumerate().filter(|(j, _)| Some(*j) != server);
        let nodes = layout.database.iter().enumerate().filter(|(m, _)| Some(*m) != node);
        servers
            .map(|(_, (_, c))| rect(layout, *c, 2.0))
            .chain(nodes.map(|(_, c)| node_rect(*c, 2.0)))
            .any(|r| segments(route).any(|s| meets(s, r)))
    };
    for (i, (route, (id, centre))) in layout.routes.iter().zip(&layout.servers).enumerate() {
        assert_eq!(route.points()[0], layout.balancer, "{what}: route {i} starts at the balancer");
        assert!(
            ends_on(route, rect(layout, *centre, 0.0)),
            "{what}: route {i} ends at {:?}, off its glyph's edge",
            route.end()
        );
        assert!(
            !crosses_another(route, Some(i), None),
            "{what}: the link to server {i} crosses another glyph"
        );
        let own = rect(layout, *centre, 0.0);
        for (k, node) in layout.database.iter().enumerate() {
            let route = layout.database_route(*id, crate::sim::storage::NodeId(k as u32)).expect("laid out");
            assert!(on_border(route.points()[0], own), "{what}: link {i}→{k} starts off its glyph");
            assert!(ends_on(route, node_rect(*node, 0.0)), "{what}: link {i}→{k} misses the node");
            // After leaving its own glyph it never comes back.
            let inner = rect(layout, *centre, -0.01);
            let back = segments(route).skip(1).any(|s| meets(s, inner));
            assert!(
                !back && !meets((route.points()[0], route.at(0.01)), inner),
                "{what}: link {i}→{k} re-enters"
            );
            assert!(!crosses_another(route, Some(i), Some(k)), "{what}: link {i}→{k} crosses another glyph");
        }
    }
}
