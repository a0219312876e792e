//! Where each node sits on the stage. Pure geometry in the SVG's user units, shared by the SVG
//! topology and the canvas of moving dots so that both line up.

use crate::sim::ServerId;

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

/// A point on the stage.
#[derive(Clone, Copy, Debug, PartialEq)]
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
}

/// Positions of every node for a given set of servers.
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
}

impl Layout {
    /// Lays out `servers` (in display order) in the grid that makes their glyphs largest.
    pub fn new(servers: &[ServerId]) -> Self {
        let clients = (0..CLIENT_ICONS)
            .map(|i| Point { x: 70.0, y: HEIGHT / 2.0 + (i as f64 - 1.0) * 130.0 })
            .collect();
        let balancer = Point { x: 360.0, y: HEIGHT / 2.0 };
        let n = servers.len().max(1);
        let (left, top, width, height) = GRID;
        let (cols, scale) = (1..=n)
            .map(|cols| {
                let rows = n.div_ceil(cols);
                let scale =
                    (width / cols as f64 / (SERVER_W * 1.08)).min(height / rows as f64 / (SERVER_H * 1.15));
                (cols, scale.min(1.0))
            })
            .fold((1, 0.0), |best, c| if c.1 > best.1 { c } else { best });
        let rows = n.div_ceil(cols);
        let (cell_w, cell_h) = (width / cols as f64, height / rows as f64);
        // Centre a short column vertically instead of pinning it to the top.
        let used_h = cell_h.min(SERVER_H * 1.6) * rows as f64;
        let top = top + (height - used_h) / 2.0;
        let cell_h = used_h / rows as f64;
        let servers = servers
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let (row, col) = (i / cols, i % cols);
                (*id, Point { x: left + cell_w * (col as f64 + 0.5), y: top + cell_h * (row as f64 + 0.5) })
            })
            .collect();
        Layout { clients, balancer, servers, server_scale: scale }
    }

    /// Centre of server `id`, if it is laid out.
    pub fn server(&self, id: ServerId) -> Option<Point> {
        self.servers.iter().find(|(s, _)| *s == id).map(|(_, p)| *p)
    }

    /// Centre of the icon that stands for `client`.
    pub fn client(&self, client: u32) -> Point {
        self.clients[(client % CLIENT_ICONS) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: u32) -> Vec<ServerId> {
        (0..n).map(ServerId).collect()
    }

    #[test]
    fn every_server_fits_on_the_stage_without_overlap() {
        for n in [1, 2, 5, 12, 32, 100] {
            let layout = Layout::new(&ids(n));
            let (w, h) = (SERVER_W * layout.server_scale, SERVER_H * layout.server_scale);
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
}
