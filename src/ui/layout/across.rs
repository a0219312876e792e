//! The stage flowing across, for wide screens: the clients on the left with the botnet below
//! them, the edge, the balancer, the server grid and, when the world has one, the database column
//! on the right.

use super::{
    slots, ways_in, Flow, Label, Layout, Point, Route, DATABASE_H, DATABASE_W, EDGE_H, EDGE_W, SERVER_H,
    SERVER_W,
};
use crate::sim::ServerId;

/// Stage width, in user units.
const WIDTH: f64 = 1000.0;
/// Stage height, in user units.
const HEIGHT: f64 = 560.0;
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
    /// Centre of the badge that says time is paused: above the clients, left of the links that
    /// rise to the grid's top row.
    paused_badge: Point,
}

/// The stage without a database: the server grid fills the right.
const WITHOUT_DATABASE: Columns = Columns {
    balancer_x: 360.0,
    grid: (560.0, 16.0, 424.0, 528.0),
    database_left: WIDTH,
    paused_badge: Point { x: 330.0, y: 30.0 },
};

/// The stage with a database: the balancer and the grid move left to make room for the database
/// column on the right.
const WITH_DATABASE: Columns = Columns {
    balancer_x: 290.0,
    grid: (400.0, 16.0, 360.0, 528.0),
    database_left: WIDTH - 10.0 - DATABASE_W,
    // Further left and a little higher, clear of the grid and the clients' name.
    paused_badge: Point { x: 200.0, y: 26.0 },
};
/// Least free height between two rows of glyphs, in user units: the links to the second and
/// later columns run along it, and a dot (7 units) must fit without touching a glyph.
const ROW_GUTTER: f64 = 10.0;
/// How far left of the first column's glyphs the links bend towards their row, in user units.
const BUS_GAP: f64 = 16.0;
/// The sources' column: the client icons and the botnet below them, in user units from the left.
const SOURCES_X: f64 = 70.0;
/// Distance between two client icons' centres, in user units.
const CLIENT_SPACING: f64 = 90.0;
/// Height of the middle client icon's centre, in user units.
const CLIENTS_Y: f64 = 230.0;
/// Height of the botnet's centre, in user units: below the clients, with its note under it.
const BOTNET_Y: f64 = 476.0;
/// How far left of the balancer the edge sits, in user units.
const EDGE_BEFORE_BALANCER: f64 = 105.0;

impl Layout {
    /// Lays out `servers` (in display order) across a wide stage, in the grid that makes their
    /// glyphs largest, and behind them a column of `nodes` database nodes on the right (none:
    /// the stage as it is without a database).
    ///
    /// With one column each link runs straight from the balancer to the glyph's left edge. With
    /// several, no straight line reaches the second column without crossing the first, so each
    /// link bends: it runs from the balancer to a vertical bus just left of the grid, then along
    /// its row (the first column's straight into the glyph's left edge, the others along the
    /// gutter between rows and a short drop into the glyph's top or bottom edge).
    ///
    /// A server's link to a database node mirrors its link from the balancer: with one column it
    /// runs straight from the glyph's right edge to a vertical database bus just right of the
    /// grid; with several it leaves the glyph by the edge its balancer link comes in at and runs
    /// along the same gutter to that bus. Along the bus it reaches the node's height, then the
    /// node's left edge.
    pub fn with_database(servers: &[ServerId], nodes: usize) -> Self {
        let columns = if nodes == 0 { &WITHOUT_DATABASE } else { &WITH_DATABASE };
        let clients: Vec<Point> = (0..super::CLIENT_ICONS)
            .map(|i| Point { x: SOURCES_X, y: CLIENTS_Y + (i as f64 - 1.0) * CLIENT_SPACING })
            .collect();
        let balancer = Point { x: columns.balancer_x, y: HEIGHT / 2.0 };
        let edge = Point { x: balancer.x - EDGE_BEFORE_BALANCER, y: balancer.y };
        let botnet = Point { x: SOURCES_X, y: BOTNET_Y };
        let entry = Point { x: edge.x - EDGE_W / 2.0, y: edge.y };
        let exit = Point { x: edge.x + EDGE_W / 2.0, y: edge.y };
        let (ways, attack_way) = ways_in(&clients, botnet, [entry, entry, exit], balancer);
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
            placed.push((*id, p));
            routes.push(route);
        }
        Layout {
            flow: Flow::Across,
            width: WIDTH,
            height: HEIGHT,
            clients_label: Label { at: Point { x: SOURCES_X, y: 60.0 }, anchor: "middle" },
            clients,
            // Above and a little left of the shield, clear of the links into it and out of the
            // balancer.
            edge_note: Label { at: Point { x: edge.x - 45.0, y: 166.0 }, anchor: "start" },
            edge_fall: Point { x: edge.x - 8.0, y: edge.y + EDGE_H / 2.0 + 4.0 },
            edge,
            botnet_note: Label { at: Point { x: SOURCES_X, y: BOTNET_Y + 42.0 }, anchor: "middle" },
            botnet,
            ways_in: ways,
            attack_way,
            // Below the diamond, ending just right of its bottom corner: the links fan out to the
            // right of it, however low the lowest goes.
            balancer_note: Label { at: Point { x: balancer.x + 10.0, y: balancer.y + 66.0 }, anchor: "end" },
            balancer,
            paused_badge: columns.paused_badge,
            falls: Vec::new(),
            slots: slots(&placed),
            servers: placed,
            server_scale: scale,
            routes,
            database,
            database_routes,
        }
        .with_falls()
    }
}

#[cfg(test)]
mod tests {
    use super::super::checks::{assert_apart, assert_links_end_on_their_glyphs, ids};
    use super::*;
    use crate::sim::storage::NodeId;

    /// Database nodes the tests lay out: none, and each size a tier may have.
    const NODE_COUNTS: [usize; 4] = [0, 1, 2, 3];

    #[test]
    fn every_glyph_fits_on_the_stage_without_overlap() {
        for nodes in NODE_COUNTS {
            let grid_left = if nodes == 0 { WITHOUT_DATABASE.grid.0 } else { WITH_DATABASE.grid.0 };
            for n in 1..=100 {
                let layout = Layout::with_database(&ids(n), nodes);
                assert_eq!((layout.width, layout.height), (WIDTH, HEIGHT));
                assert_eq!(layout.database.len(), nodes);
                assert_apart(&layout, 0.0, &format!("{n} servers, {nodes} nodes"));
                let (w, _) = layout.glyph_size();
                for (_, a) in &layout.servers {
                    assert!(a.x - w / 2.0 >= grid_left - 0.01, "{n} servers: x {}", a.x);
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
            assert_eq!(layout, Layout::arranged(&ids(n), 0, Flow::Across));
            assert_eq!(layout.balancer, Point { x: 360.0, y: HEIGHT / 2.0 });
            assert!(layout.database.is_empty() && layout.database_routes.is_empty());
            assert_eq!(layout.database_route(ServerId(0), NodeId(0)), None);
        }
    }

    #[test]
    fn every_link_ends_on_its_glyphs_around_every_other_glyph() {
        for nodes in NODE_COUNTS {
            for n in 1..=100 {
                let layout = Layout::with_database(&ids(n), nodes);
                assert_links_end_on_their_glyphs(&layout, &format!("{n} servers, {nodes} nodes"));
            }
        }
    }
}
