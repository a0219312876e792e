//! Geometry the layout tests check with: glyph rectangles, the boxes lines of text take, and
//! whether a link meets one.

use super::glyph::Words;
use super::{
    Label, Layout, Point, Route, BOTNET_H, BOTNET_W, DATABASE_H, DATABASE_W, EDGE_H, EDGE_W, NOTE_LINE,
};
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

/// A client icon's rectangle (its head reaches 23 units above its centre, its body 14 below).
pub fn client_rect(centre: Point) -> Rect {
    (centre.x - 16.0, centre.y - 23.0, centre.x + 16.0, centre.y + 14.0)
}

/// The edge's shield's rectangle grown by `margin`.
pub fn edge_rect(layout: &Layout, margin: f64) -> Rect {
    around(layout.edge, (EDGE_W, EDGE_H), margin)
}

/// The botnet glyph's rectangle grown by `margin`.
pub fn botnet_rect(layout: &Layout, margin: f64) -> Rect {
    around(layout.botnet, (BOTNET_W, BOTNET_H), margin)
}

/// The four sides of the balancer's diamond (104 × 92 units).
pub fn diamond(layout: &Layout) -> [(Point, Point); 4] {
    let c = layout.balancer;
    let [top, right, bottom, left] = [(0.0, -46.0), (52.0, 0.0), (0.0, 46.0), (-52.0, 0.0)]
        .map(|(dx, dy)| Point { x: c.x + dx, y: c.y + dy });
    [(top, right), (right, bottom), (bottom, left), (left, top)]
}

/// The box a line of `chars` characters takes at `label`, `per_char` units a character (about
/// 6.5 for small text, 12 units, in a wide font; 10 for a 17-unit bold label), grown by 2 units.
pub fn text_box(label: Label, chars: usize, per_char: f64) -> Rect {
    let width = chars as f64 * per_char;
    let left = match label.anchor {
        "start" => label.at.x,
        "middle" => label.at.x - width / 2.0,
        _ => label.at.x - width,
    };
    (left - 2.0, label.at.y - 14.0, left + width + 2.0, label.at.y + 5.0)
}

/// The boxes of a note's lines at `label`: a bold name of `name` characters, then `lines` small
/// lines of `chars` characters, [`NOTE_LINE`] apart.
pub fn note_boxes(label: Label, name: usize, lines: usize, chars: usize) -> Vec<Rect> {
    let line =
        |i: usize| Label { at: Point { x: label.at.x, y: label.at.y + i as f64 * NOTE_LINE }, ..label };
    std::iter::once(text_box(label, name, 10.0))
        .chain((1..=lines).map(|i| text_box(line(i), chars, 6.5)))
        .collect()
}

/// The edge's note at its widest: its name, then four lines of up to 24 characters ("65,536 /
/// 65,536 conns", "12,000 blocked/s").
pub fn edge_note_boxes(layout: &Layout) -> Vec<Rect> {
    note_boxes(layout.edge_note, 4, 4, 24)
}

/// The botnet's note at its widest: "Botnet", then two lines of up to 18 characters ("10,000
/// bots × 20/s", "volumetric flood").
pub fn botnet_note_boxes(layout: &Layout) -> Vec<Rect> {
    note_boxes(layout.botnet_note, 6, 2, 18)
}

/// Every straight stretch of every link `layout` draws: the ways in, the balancer's links to
/// the servers and the servers' to the database.
pub fn all_segments(layout: &Layout) -> Vec<(Point, Point)> {
    let routes = layout.ways_in.iter().chain([&layout.attack_way]).chain(&layout.routes);
    routes.chain(&layout.database_routes).flat_map(segments).collect()
}

/// Checks the sources, the edge and their notes: the edge and the botnet on the stage, clear of
/// every other glyph; each way in clear of every glyph but its own source, the edge and the
/// balancer it ends in; no link to a server or database node crossing a source or the edge; and
/// the edge's and the botnet's notes on the stage, clear of every glyph, link and other words.
/// `what` names the case in failures.
pub fn assert_sources_clear(layout: &Layout, what: &str) {
    let (edge, botnet) = (edge_rect(layout, 0.0), botnet_rect(layout, 0.0));
    let clients: Vec<Rect> = layout.clients.iter().map(|c| client_rect(*c)).collect();
    let servers: Vec<Rect> = layout.servers.iter().map(|(_, c)| rect(layout, *c, 2.0)).collect();
    let nodes: Vec<Rect> = layout.database.iter().map(|c| node_rect(*c, 2.0)).collect();
    let balancer = around(layout.balancer, (104.0, 92.0), 0.0);
    for (name, r) in [("edge", edge), ("botnet", botnet)] {
        assert!(on_stage(layout, r), "{what}: the {name} is off stage");
        let others = clients.iter().chain(&servers).chain(&nodes).chain([&balancer]);
        assert!(!others.into_iter().any(|o| overlap(r, *o)), "{what}: the {name} overlaps a glyph");
    }
    assert!(!overlap(edge, botnet), "{what}: the edge overlaps the botnet");
    assert_eq!(layout.ways_in.len(), layout.clients.len());
    let shrink = |r: Rect, by: f64| (r.0 + by, r.1 + by, r.2 - by, r.3 - by);
    for (i, way) in layout.ways_in.iter().chain([&layout.attack_way]).enumerate() {
        let own = clients.get(i).copied().unwrap_or(botnet);
        let mut obstacles =
            clients.iter().chain([&botnet]).filter(|r| **r != own).chain(&servers).chain(&nodes);
        assert!(
            !obstacles.any(|r| segments(way).any(|s| meets(s, *r))),
            "{what}: way in {i} crosses another glyph"
        );
        assert_eq!(way.end(), layout.balancer, "{what}: way in {i} ends at the balancer");
        assert!(
            on_border(way.points()[1], edge) && on_border(way.points()[2], edge),
            "{what}: way in {i} passes through the edge"
        );
        let before_edge = (way.points()[0], way.points()[1].lerp(way.points()[0], 0.001));
        assert!(!meets(before_edge, shrink(edge, 0.01)), "{what}: way in {i} crosses the edge early");
    }
    for route in layout.routes.iter().chain(&layout.database_routes) {
        let sources = clients.iter().chain([&botnet, &edge]);
        assert!(
            !sources.into_iter().any(|r| segments(route).any(|s| meets(s, *r))),
            "{what}: a link to a server crosses a source or the edge"
        );
    }
    let rate = Label {
        at: Point { y: layout.clients_label.at.y + 18.0, ..layout.clients_label.at },
        ..layout.clients_label
    };
    let words = [
        text_box(layout.clients_label, 7, 10.0),
        text_box(rate, 20, 6.5),
        text_box(layout.balancer_note, 20, 6.5),
    ];
    let links = all_segments(layout);
    for (name, boxes) in [("edge", edge_note_boxes(layout)), ("botnet", botnet_note_boxes(layout))] {
        for b in boxes {
            assert!(on_stage(layout, b), "{what}: the {name}'s note {b:?} is off stage");
            let glyphs = clients.iter().chain(&servers).chain(&nodes).chain([&edge, &botnet]);
            assert!(
                !glyphs.into_iter().any(|g| overlap(b, *g)),
                "{what}: the {name}'s note {b:?} is on a glyph"
            );
            assert!(
                !words.iter().any(|w| overlap(b, *w)),
                "{what}: the {name}'s note {b:?} is on other words"
            );
            assert!(
                !links.iter().chain(&diamond(layout)).any(|s| meets(*s, b)),
                "{what}: a link crosses the {name}'s note at {b:?}"
            );
        }
    }
}

/// The largest mark that moves along a link, half its height and width in user units: the
/// botnet's diamond (a request's square is 3.5, the diamond 1.5 more).
pub const DOT: f64 = 5.0;

/// What a server glyph may say, from its widest to its most usual: the longest state and long
/// numbers, a warning, and a healthy server with a short queue. The glyph shows the longest
/// wording of each that fits.
pub fn sayings() -> [(&'static str, &'static str, Vec<String>); 3] {
    let details = |q: &str, room: &str, used: &str| {
        vec![
            format!("queue {q}/{room} · {used}"),
            format!("q {q}/{room} · {used}"),
            format!("{used} · q {q}"),
            used.to_string(),
        ]
    };
    [
        ("✖", "down · in LB", details("1000", "1000", "100%")),
        ("▲", "dropping", details("40", "40", "100%")),
        ("✓", "healthy", details("5", "20", "45%")),
    ]
}

/// The boxes of the lines of words on every server glyph of `layout`, on the stage, with the
/// index of the server they belong to: each server's name is its id, as the stage writes it,
/// then `symbol` and `state` and the first of `details` that fits, as the glyph chooses.
pub fn word_boxes(layout: &Layout, symbol: &str, state: &str, details: &[String]) -> Vec<(usize, Rect)> {
    let glyph = layout.glyph();
    let k = glyph.scale;
    let mut boxes = Vec::new();
    for (i, (id, c)) in layout.servers.iter().enumerate() {
        let name = format!("S{}", id.0);
        let words = Words { name: &name, size: "large", symbol, state, details };
        for line in glyph.lines(&words) {
            let (left, top, right, bottom) = line.extent();
            boxes.push((i, (c.x + left * k, c.y + top * k, c.x + right * k, c.y + bottom * k)));
        }
    }
    boxes
}

/// The stage's own words and badges, each named: the clients' name and rate, the balancer's
/// algorithm (the longest, "Power of two choices"), the edge's and the botnet's notes at their
/// widest, and the badge a paused stage shows (332 × 38 units).
pub fn notes(layout: &Layout) -> Vec<(&'static str, Rect)> {
    let rate = Label {
        at: Point { y: layout.clients_label.at.y + 18.0, ..layout.clients_label.at },
        ..layout.clients_label
    };
    let mut notes = vec![
        ("the clients' name", text_box(layout.clients_label, 7, 10.0)),
        ("the clients' rate", text_box(rate, 20, 6.5)),
        ("the balancer's algorithm", text_box(layout.balancer_note, 20, 6.5)),
        ("the paused badge", around(layout.paused_badge, (332.0, 38.0), 0.0)),
    ];
    notes.extend(edge_note_boxes(layout).into_iter().map(|b| ("the edge's note", b)));
    notes.extend(botnet_note_boxes(layout).into_iter().map(|b| ("the botnet's note", b)));
    notes
}

/// Every glyph on the stage but the servers', each named: the client icons, the botnet, the
/// edge, the balancer's diamond (as its bounding box) and the database nodes.
pub fn other_glyphs(layout: &Layout) -> Vec<(&'static str, Rect)> {
    let mut glyphs: Vec<(&'static str, Rect)> =
        layout.clients.iter().map(|c| ("a client", client_rect(*c))).collect();
    glyphs.push(("the botnet", botnet_rect(layout, 0.0)));
    glyphs.push(("the edge", edge_rect(layout, 0.0)));
    glyphs.push(("the balancer", around(layout.balancer, (104.0, 92.0), 0.0)));
    glyphs.extend(layout.database.iter().map(|c| ("a database node", node_rect(*c, 0.0))));
    glyphs
}

/// Whether the bounding boxes of the segment `s` and the rectangle `r` overlap: a quick test
/// before [`meets`].
fn near((a, b): (Point, Point), r: Rect) -> bool {
    a.x.min(b.x) <= r.2 && a.x.max(b.x) >= r.0 && a.y.min(b.y) <= r.3 && a.y.max(b.y) >= r.1
}

/// Checks the words on every server glyph of `layout`, saying each of [`sayings`]: each line
/// inside its own glyph, and none on another line, another glyph, a link or the stage's own
/// notes; and that those notes are clear of every server glyph and link. `what` names the case
/// in failures.
pub fn assert_words_clear(layout: &Layout, what: &str) {
    let servers: Vec<Rect> = layout.servers.iter().map(|(_, c)| rect(layout, *c, 0.0)).collect();
    let links: Vec<(Point, Point)> = all_segments(layout).into_iter().chain(diamond(layout)).collect();
    let notes = notes(layout);
    let others = other_glyphs(layout);
    for (symbol, state, details) in sayings() {
        let boxes = word_boxes(layout, symbol, state, &details);
        let what = format!("{what}, saying {state}");
        for (n, (i, b)) in boxes.iter().enumerate() {
            let own = servers[*i];
            let inside = b.0 >= own.0 && b.1 >= own.1 && b.2 <= own.2 && b.3 <= own.3;
            assert!(inside, "{what}: words {b:?} of server {i} leave its glyph {own:?}");
            for (j, (k, other)) in boxes.iter().enumerate().skip(n + 1) {
                assert!(!overlap(*b, *other), "{what}: words of servers {i} and {k} overlap ({n}, {j})");
            }
            for (j, glyph) in servers.iter().enumerate().filter(|(j, _)| j != i) {
                assert!(!overlap(*b, *glyph), "{what}: words of server {i} are on server {j}");
            }
            for (name, glyph) in &others {
                assert!(!overlap(*b, *glyph), "{what}: words of server {i} are on {name}");
            }
            for (name, note) in &notes {
                assert!(!overlap(*b, *note), "{what}: words of server {i} are on {name}");
            }
        }
        // A link reaches its own glyph's edge, so only links into a glyph can meet its words.
        for s in &links {
            for (i, own) in servers.iter().enumerate() {
                if near(*s, *own) {
                    for (_, b) in boxes.iter().filter(|(j, _)| *j == i) {
                        assert!(!meets(*s, *b), "{what}: a link {s:?} crosses the words {b:?} of server {i}");
                    }
                }
            }
        }
    }
    for (name, note) in &notes {
        for (i, glyph) in servers.iter().enumerate() {
            assert!(!overlap(*note, *glyph), "{what}: {name} {note:?} is on server {i}");
        }
        if *name != "the paused badge" {
            let crossing = links.iter().find(|s| near(**s, *note) && meets(**s, *note));
            assert!(crossing.is_none(), "{what}: a link {crossing:?} crosses {name} {note:?}");
        }
    }
}

/// Checks that a dot ([`DOT`] on each side of its centre) placed anywhere along any link of
/// `layout` (`Route::at(t)` with `t` from 0 to 1, a step for each unit of the route's length,
/// a tenth of the dot's width) stays out of every server glyph and database node but the ones the link joins, and
/// that a request lost at a server falls on the stage and into no other glyph. `what` names the
/// case in failures.
pub fn assert_dots_clear(layout: &Layout, what: &str) {
    /// Side of a square of the spatial index, in user units.
    const CELL: f64 = 32.0;
    let mut glyphs: Vec<(Option<usize>, Option<usize>, Rect)> =
        layout.servers.iter().enumerate().map(|(i, (_, c))| (Some(i), None, rect(layout, *c, 0.0))).collect();
    glyphs.extend(layout.database.iter().enumerate().map(|(k, c)| (None, Some(k), node_rect(*c, 0.0))));
    // Which glyphs reach into each square of the stage, so a dot is tested against few.
    let (cols, rows) =
        ((layout.width / CELL).ceil() as usize + 1, (layout.height / CELL).ceil() as usize + 1);
    let square = |x: f64, y: f64| {
        let (c, r) = ((x / CELL).floor().max(0.0) as usize, (y / CELL).floor().max(0.0) as usize);
        c.min(cols - 1) + r.min(rows - 1) * cols
    };
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); cols * rows];
    for (g, (_, _, r)) in glyphs.iter().enumerate() {
        let (c0, r0) = (square(r.0 - DOT, r.1 - DOT) % cols, square(r.0 - DOT, r.1 - DOT) / cols);
        let (c1, r1) = (square(r.2 + DOT, r.3 + DOT) % cols, square(r.2 + DOT, r.3 + DOT) / cols);
        for row in r0..=r1 {
            for col in c0..=c1 {
                index[col + row * cols].push(g);
            }
        }
    }
    let nodes = layout.database.len();
    let ways = layout.ways_in.iter().chain([&layout.attack_way]).map(|r| (r, None, None));
    let to_servers = layout.routes.iter().enumerate().map(|(i, r)| (r, Some(i), None));
    let to_nodes =
        layout.database_routes.iter().enumerate().map(|(n, r)| (r, Some(n / nodes), Some(n % nodes)));
    // The glyph, if any, that a dot at `p` enters, other than the server's and node's it joins.
    let entered = |p: Point, server: Option<usize>, node: Option<usize>| {
        let dot = around(p, (2.0 * DOT, 2.0 * DOT), -1e-6);
        index[square(p.x, p.y)].iter().map(|g| glyphs[*g]).find(|(s, k, r)| {
            let own = (s.is_some() && *s == server) || (k.is_some() && *k == node);
            !own && overlap(dot, *r)
        })
    };
    for (route, server, node) in ways.chain(to_servers).chain(to_nodes) {
        let steps = route.length().ceil().max(1.0) as usize;
        for step in 0..=steps {
            let p = route.at(step as f64 / steps as f64);
            if let Some((s, k, _)) = entered(p, server, node) {
                panic!("{what}: a dot at {p:?} on the link {server:?}→{node:?} enters glyph {s:?}/{k:?}");
            }
        }
    }
    // A request lost at a server falls away from it, spread up to 8 units sideways.
    for (i, (id, _)) in layout.servers.iter().enumerate() {
        for sideways in [-8.0, -3.0, 0.0, 5.0, 8.0] {
            for step in 0..=60 {
                let p = layout.lost_at(*id, sideways, step as f64 / 60.0, 60.0).expect("laid out");
                assert!(on_stage(layout, around(p, (2.0 * DOT, 2.0 * DOT), 0.0)), "{what}: {p:?} off stage");
                if let Some((s, k, _)) = entered(p, Some(i), None) {
                    panic!("{what}: a request lost at server {i} falls at {p:?} into glyph {s:?}/{k:?}");
                }
            }
        }
    }
}
