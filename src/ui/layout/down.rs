//! The stage flowing down, for narrow screens such as a phone's: the clients with the botnet
//! beside them, the edge and the balancer at the top, the server grid below them, and the
//! database nodes side by side at the bottom, in a stage a little wider than two database glyphs,
//! so that nothing needs scrolling sideways.

use super::{
    slots, ways_in, Flow, Label, Layout, Point, Route, DATABASE_H, DATABASE_W, EDGE_H, EDGE_W, SERVER_H,
    SERVER_W,
};
use crate::sim::ServerId;

/// Stage width, in user units: two database glyphs side by side and their gaps.
pub(super) const WIDTH: f64 = 2.0 * DATABASE_W + NODE_GAP + 2.0 * MARGIN;
/// Free width at either side of the stage, in user units.
const MARGIN: f64 = 4.0;
/// Centre of the balancer.
const BALANCER: Point = Point { x: WIDTH / 2.0, y: 228.0 };
/// Centre of the edge, between the clients and the balancer.
const EDGE: Point = Point { x: WIDTH / 2.0, y: 148.0 };
/// Centre of the botnet, right of the clients.
const BOTNET: Point = Point { x: 366.0, y: CLIENTS_Y };
/// Height of the client icons' centres, in user units.
const CLIENTS_Y: f64 = 80.0;
/// Distance between two client icons' centres, in user units.
const CLIENT_SPACING: f64 = 52.0;
/// Top of the area the server grid fills, in user units: below the balancer's diamond and the
/// bus its links bend at.
const GRID_TOP: f64 = 304.0;
/// How far above the grid the links bend towards their column, in user units.
const BUS_GAP: f64 = 16.0;
/// Tallest the server grid grows, in user units; past it, glyphs shrink. Tall enough for 14
/// servers at full size and 32 in three columns at two-thirds: on a phone the stage may be taller
/// than the screen, which scrolls down it, rather than shrink its words past reading.
const GRID_MAX_H: f64 = 740.0;
/// Least free width between two columns of glyphs, in user units: the links to the second and
/// later rows run down it, and a dot (7 units) must fit without touching a glyph.
const COL_GUTTER: f64 = 12.0;
/// Free height between two rows of glyphs, in user units.
const ROW_GAP: f64 = 12.0;
/// How far below the grid the links to the database run across, in user units.
const DATABASE_BUS_GAP: f64 = 8.0;
/// Height from the database bus down to the first row of database nodes, in user units.
const NODE_DROP: f64 = 16.0;
/// Free width, and free height, between two database node glyphs, in user units.
const NODE_GAP: f64 = 16.0;
/// Database nodes side by side in a row.
const NODES_A_ROW: usize = 2;
/// Free height below the lowest glyph, in user units.
const BOTTOM: f64 = 12.0;

/// Columns of the grid for `n` servers and the scale of their glyphs: the largest scale, and of
/// grids with that scale the one with the fewest rows.
fn grid(n: usize) -> (usize, f64) {
    (1..=n)
        .map(|cols| {
            let cell_w = (WIDTH - 2.0 * MARGIN) / cols as f64;
            let cell_h = GRID_MAX_H / n.div_ceil(cols) as f64;
            let scale = ((cell_w - COL_GUTTER) / SERVER_W).min((cell_h - ROW_GAP) / SERVER_H);
            (cols, scale.min(1.0))
        })
        .fold((1, 0.0), |best, c| if c.1 >= best.1 { c } else { best })
}

impl Layout {
    /// Lays out `servers` (in display order) down a narrow stage, in the grid that makes their
    /// glyphs largest, and below them `nodes` database nodes (none without a database), two to a
    /// row. The stage is as tall as what it holds: it grows as rows of servers are added, up to
    /// a most, then the glyphs shrink.
    ///
    /// With one row each link runs straight from the balancer to the glyph's top edge. With
    /// several, no straight line reaches the second row without crossing the first, so each
    /// link bends: it runs from the balancer to a horizontal bus just above the grid, then down
    /// its column (the first row's straight into the glyph's top edge, the others down the
    /// gutter beside the column and a short step into the glyph's side). Columns left of the
    /// balancer take the gutter on their left, the others the one on their right, so each
    /// gutter carries one column's links.
    ///
    /// A server's link to a database node mirrors its link from the balancer: with one row it
    /// runs straight down from the glyph's bottom edge to a horizontal database bus just below
    /// the grid; with several it leaves the glyph by its side into the same gutter and runs
    /// down it to that bus. Along the bus it reaches the node's column, then the node's top
    /// edge (a node in the second row is reached between the two above it).
    pub fn narrow(servers: &[ServerId], nodes: usize) -> Self {
        let (balancer, edge, botnet) = (BALANCER, EDGE, BOTNET);
        let clients: Vec<Point> = (0..super::CLIENT_ICONS)
            .map(|i| Point { x: balancer.x + (i as f64 - 1.0) * CLIENT_SPACING, y: CLIENTS_Y })
            .collect();
        // The clients come into the shield's top, the botnet into its right side.
        let entry = Point { x: edge.x, y: edge.y - EDGE_H / 2.0 };
        let botnet_entry = Point { x: edge.x + EDGE_W / 2.0, y: edge.y - 8.0 };
        let exit = Point { x: edge.x, y: edge.y + EDGE_H / 2.0 };
        let (ways, attack_way) = ways_in(&clients, botnet, [entry, botnet_entry, exit], balancer);
        let (cols, scale) = grid(servers.len().max(1));
        let rows = servers.len().max(1).div_ceil(cols);
        let (w, h) = (SERVER_W * scale, SERVER_H * scale);
        // Full-size rows stack until the grid is full; a full grid spreads its rows over it.
        let grid_h = (rows as f64 * (SERVER_H + ROW_GAP)).min(GRID_MAX_H);
        let (cell_w, cell_h) = ((WIDTH - 2.0 * MARGIN) / cols as f64, grid_h / rows as f64);
        let grid_bottom = GRID_TOP + grid_h;
        let bus_y = GRID_TOP - BUS_GAP;
        let database_bus_y = grid_bottom + DATABASE_BUS_GAP;
        let database: Vec<Point> = (0..nodes)
            .map(|k| {
                let (row, col) = (k / NODES_A_ROW, k % NODES_A_ROW);
                let in_row = (nodes - row * NODES_A_ROW).min(NODES_A_ROW);
                let offset = col as f64 - (in_row as f64 - 1.0) / 2.0;
                Point {
                    x: balancer.x + offset * (DATABASE_W + NODE_GAP),
                    y: database_bus_y + NODE_DROP + DATABASE_H / 2.0 + row as f64 * (DATABASE_H + NODE_GAP),
                }
            })
            .collect();
        let height = match database.last() {
            Some(node) => node.y + DATABASE_H / 2.0 + BOTTOM,
            None => grid_bottom - (cell_h - h) / 2.0 + BOTTOM,
        };
        let mut placed = Vec::with_capacity(servers.len());
        let mut routes = Vec::with_capacity(servers.len());
        let mut database_routes = Vec::with_capacity(servers.len() * nodes);
        for (i, id) in servers.iter().enumerate() {
            let (row, col) = (i / cols, i % cols);
            let p =
                Point { x: MARGIN + cell_w * (col as f64 + 0.5), y: GRID_TOP + cell_h * (row as f64 + 0.5) };
            let top_edge = Point { x: p.x, y: p.y - h / 2.0 };
            let side = if p.x <= balancer.x { -1.0 } else { 1.0 };
            let gutter = p.x + side * cell_w / 2.0;
            let stub = Point { x: p.x + side * w / 2.0, y: p.y };
            let route = if rows == 1 {
                Route::through(&[balancer, top_edge])
            } else if row == 0 {
                Route::through(&[balancer, Point { x: p.x, y: bus_y }, top_edge])
            } else {
                Route::through(&[balancer, Point { x: gutter, y: bus_y }, Point { x: gutter, y: p.y }, stub])
            };
            for node in &database {
                let into_node = [
                    Point { x: node.x, y: database_bus_y },
                    Point { x: node.x, y: node.y - DATABASE_H / 2.0 },
                ];
                database_routes.push(if rows == 1 {
                    let bottom_edge = Point { x: p.x, y: p.y + h / 2.0 };
                    let on_bus = Point { x: p.x, y: database_bus_y };
                    Route::through(&[bottom_edge, on_bus, into_node[0], into_node[1]])
                } else {
                    let (out, down) = (Point { x: gutter, y: p.y }, Point { x: gutter, y: database_bus_y });
                    Route::through(&[stub, out, down, into_node[0], into_node[1]])
                });
            }
            placed.push((*id, p));
            routes.push(route);
        }
        Layout {
            flow: Flow::Down,
            width: WIDTH,
            height,
            // Left of the icons, the name level with them and the rate below.
            clients_label: Label {
                at: Point { x: balancer.x - CLIENT_SPACING - 24.0, y: CLIENTS_Y - 4.0 },
                anchor: "end",
            },
            clients,
            // Left of the shield, below the clients' words; what it stops falls on its right.
            edge_note: Label { at: Point { x: edge.x - EDGE_W / 2.0 - 14.0, y: 114.0 }, anchor: "end" },
            edge_fall: Point { x: edge.x + 44.0, y: edge.y - 10.0 },
            edge,
            // Below the botnet, against the stage's right side.
            botnet_note: Label { at: Point { x: WIDTH - MARGIN, y: 128.0 }, anchor: "end" },
            botnet,
            ways_in: ways,
            attack_way,
            // Right of the diamond, clear of the links that fan out below it.
            balancer_note: Label { at: Point { x: balancer.x + 60.0, y: balancer.y + 4.0 }, anchor: "start" },
            balancer,
            paused_badge: Point { x: balancer.x, y: 28.0 },
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
    use super::super::checks::{
        all_segments, assert_apart, assert_links_end_on_their_glyphs, client_rect, ids, meets, node_rect,
        overlap, text_box,
    };
    use super::*;

    /// Server counts the tests lay out: one, two, the eight of a busy page, the controls' most
    /// of 32, and the 100 a scenario may ask for.
    const SERVER_COUNTS: [u32; 5] = [1, 2, 8, 32, 100];

    #[test]
    fn nothing_overlaps_and_everything_is_within_the_stage() {
        for nodes in 0..=3 {
            for n in (1..=100).chain(SERVER_COUNTS) {
                let layout = Layout::narrow(&ids(n), nodes);
                assert_eq!((layout.flow, layout.width), (Flow::Down, WIDTH));
                assert_eq!(layout.database.len(), nodes);
                // Server glyphs keep a gutter apart, wide enough for the links down it.
                assert_apart(&layout, COL_GUTTER.min(ROW_GAP) - 0.01, &format!("{n} servers, {nodes} nodes"));
            }
        }
    }

    #[test]
    fn links_end_on_their_glyphs_and_cross_no_other() {
        for nodes in 0..=3 {
            for n in (1..=100).chain(SERVER_COUNTS) {
                let layout = Layout::narrow(&ids(n), nodes);
                assert_links_end_on_their_glyphs(&layout, &format!("{n} servers, {nodes} nodes"));
            }
        }
    }

    #[test]
    fn the_clients_and_the_balancer_sit_above_everything_else_with_their_words_clear() {
        for nodes in 0..=3 {
            for n in SERVER_COUNTS {
                let layout = Layout::narrow(&ids(n), nodes);
                let (_, h) = layout.glyph_size();
                let top_of_grid = layout.servers.iter().map(|(_, p)| p.y - h / 2.0).fold(f64::MAX, f64::min);
                // The diamond is 92 units tall; the client icons reach 23 units above their centre.
                assert!(layout.balancer.y + 46.0 < top_of_grid - BUS_GAP);
                assert!(layout
                    .clients
                    .iter()
                    .all(|c| c.y + 14.0 < layout.balancer.y - 46.0 && c.y - 23.0 > 47.0));
                // The paused badge (332 × 38) is on the stage, above the clients.
                let badge = layout.paused_badge;
                assert!(badge.x - 166.0 >= 0.0 && badge.x + 166.0 <= WIDTH && badge.y - 19.0 >= 0.0);
                // The clients' rate ("100,000 req/s · rush") and the longest algorithm
                // ("Power of two choices") fit the stage and stay clear of the icons and links.
                let rate = Label {
                    at: Point { y: layout.clients_label.at.y + 18.0, ..layout.clients_label.at },
                    ..layout.clients_label
                };
                let (name, rate, note) = (
                    text_box(layout.clients_label, 7, 10.0),
                    text_box(rate, 20, 6.5),
                    text_box(layout.balancer_note, 20, 6.5),
                );
                for r in [name, rate, note] {
                    assert!(r.0 >= 0.0 && r.2 <= WIDTH, "{r:?} off stage");
                    for c in &layout.clients {
                        assert!(!overlap(r, client_rect(*c)), "{r:?} on a client");
                    }
                    assert!(!all_segments(&layout).iter().any(|s| meets(*s, r)), "a link crosses {r:?}");
                }
            }
        }
    }

    #[test]
    fn glyphs_stay_full_size_up_to_fourteen_servers_and_legible_at_thirty_two() {
        for n in 1..=14 {
            assert_eq!(Layout::narrow(&ids(n), 2).server_scale, 1.0, "{n} servers");
        }
        assert_eq!(grid(2), (2, 1.0), "two servers side by side");
        let thirty_two = Layout::narrow(&ids(32), 2).server_scale;
        assert!(thirty_two >= 0.6, "32 servers keep their words legible: {thirty_two}");
        assert!(Layout::narrow(&ids(100), 3).server_scale > 0.15);
    }

    #[test]
    fn the_stage_grows_with_the_rows_of_servers_up_to_a_most() {
        let heights: Vec<f64> = (1..=100).map(|n| Layout::narrow(&ids(n), 2).height).collect();
        assert!(heights.windows(2).all(|h| h[1] >= h[0]), "{heights:?}");
        let tallest = GRID_TOP + GRID_MAX_H + DATABASE_BUS_GAP + NODE_DROP + DATABASE_H + BOTTOM;
        assert!(heights.iter().all(|h| *h <= tallest + 1e-9));
        // The page's world (two servers and two nodes) is short enough to see whole on a phone.
        assert!(heights[1] < 600.0, "{}", heights[1]);
    }

    #[test]
    fn the_database_nodes_sit_side_by_side_below_the_servers() {
        for n in SERVER_COUNTS {
            let layout = Layout::narrow(&ids(n), 3);
            let (_, h) = layout.glyph_size();
            let below = layout.servers.iter().map(|(_, p)| p.y + h / 2.0).fold(0.0, f64::max);
            let [a, b, c] = [0, 1, 2].map(|k| layout.database[k]);
            assert!(a.y == b.y && a.x < b.x && c.y > a.y, "two in a row, the third below");
            assert!(layout.database.iter().all(|p| node_rect(*p, 0.0).1 > below));
        }
    }
}
