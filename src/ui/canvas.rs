//! Paints the moving dots onto the stage's canvas: one path and one fill per kind of dot.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::layout::Point;
use super::particles::Dots;

/// Colour of requests heading to a server (Okabe–Ito blue).
pub const REQUEST_COLOUR: &str = "#0072B2";
/// Colour of responses heading back (Okabe–Ito bluish green).
pub const RESPONSE_COLOUR: &str = "#009E73";
/// Colour of dropped requests (Okabe–Ito vermillion).
pub const DROP_COLOUR: &str = "#D55E00";
/// Colour of failed requests (Okabe–Ito reddish purple).
pub const FAIL_COLOUR: &str = "#CC79A7";
/// Colour of the botnet's traffic (Okabe–Ito orange), drawn as diamonds.
pub const ATTACK_COLOUR: &str = "#E69F00";
/// Colour of requests a defence blocked at the edge (Okabe–Ito sky blue), drawn as bars.
pub const BLOCKED_COLOUR: &str = "#56B4E9";
/// Colour of the ring around the followed request's dot (Okabe–Ito black), on a white halo.
pub const RING_COLOUR: &str = "#000000";

/// Half the side of a dot, in user units.
const R: f64 = 3.5;

/// Paints `dots` on `canvas`, resizing its backing store to its displayed size first.
pub fn paint(canvas: &HtmlCanvasElement, dots: &Dots) {
    let Some(ctx) = context(canvas) else { return };
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (width, height) =
        ((canvas.client_width() as f64 * ratio) as u32, (canvas.client_height() as f64 * ratio) as u32);
    let (stage_w, stage_h) = dots.stage;
    if width == 0 || height == 0 || stage_w <= 0.0 || stage_h <= 0.0 {
        return;
    }
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width as f64, height as f64);
    let _ = ctx.set_transform(width as f64 / stage_w, 0.0, 0.0, height as f64 / stage_h, 0.0, 0.0);

    // Requests are squares, responses circles, the botnet's traffic diamonds, drops crosses,
    // failures triangles, blocked requests bars: shape tells them apart as well as colour.
    ctx.set_fill_style_str(REQUEST_COLOUR);
    ctx.begin_path();
    for p in &dots.requests {
        ctx.rect(p.x - R, p.y - R, 2.0 * R, 2.0 * R);
    }
    ctx.fill();

    ctx.set_fill_style_str(RESPONSE_COLOUR);
    ctx.begin_path();
    for p in &dots.responses {
        ctx.move_to(p.x + R, p.y);
        let _ = ctx.arc(p.x, p.y, R, 0.0, std::f64::consts::TAU);
    }
    ctx.fill();

    // Diamonds, a little larger than squares so the shape reads at a glance.
    let d = R + 1.5;
    ctx.set_fill_style_str(ATTACK_COLOUR);
    ctx.begin_path();
    for &Point { x, y } in &dots.attacks {
        ctx.move_to(x, y - d);
        ctx.line_to(x + d, y);
        ctx.line_to(x, y + d);
        ctx.line_to(x - d, y);
        ctx.close_path();
    }
    ctx.fill();

    // Bars: a request stopped at a barrier.
    ctx.set_fill_style_str(BLOCKED_COLOUR);
    ctx.begin_path();
    for &Point { x, y } in &dots.blocked {
        ctx.rect(x - R - 1.5, y - 2.0, 2.0 * R + 3.0, 4.0);
    }
    ctx.fill();

    ctx.set_stroke_style_str(DROP_COLOUR);
    ctx.set_line_width(2.0);
    ctx.begin_path();
    for &Point { x, y } in &dots.drops {
        ctx.move_to(x - R, y - R);
        ctx.line_to(x + R, y + R);
        ctx.move_to(x + R, y - R);
        ctx.line_to(x - R, y + R);
    }
    ctx.stroke();

    // Failures are hollow triangles, so they read apart from drops without colour.
    ctx.set_stroke_style_str(FAIL_COLOUR);
    ctx.begin_path();
    for &Point { x, y } in &dots.failures {
        ctx.move_to(x, y - R - 1.0);
        ctx.line_to(x + R + 1.0, y + R);
        ctx.line_to(x - R - 1.0, y + R);
        ctx.close_path();
    }
    ctx.stroke();

    // The followed request: a dark ring with a light halo, seen on either theme.
    if let Some((_, Point { x, y })) = dots.followed {
        for (colour, width) in [("#ffffff", 5.0), (RING_COLOUR, 2.0)] {
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width);
            ctx.begin_path();
            let _ = ctx.arc(x, y, 10.0, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()
}
