//! How a server's glyph is drawn at the size the layout leaves it, and where its words and bars
//! go: pure geometry, shared by the view that draws the glyph and the tests that check that no
//! word of it meets another word, another glyph or a link.
//!
//! A glyph is drawn in its own units, scaled onto the stage by [`Glyph::scale`]. The style sheet
//! sizes its words in those units (`static/style.css`, the `.server-node` rules), so a word
//! `size` units tall is `size × scale` user units on the stage, and
//! `size × scale × Flow::pixels_per_unit` CSS pixels at the width the stage is designed for.

use super::{Flow, Layout, Point, SERVER_H, SERVER_W};

/// Smallest words a glyph shows, in CSS pixels at the width the stage is designed for
/// ([`Flow::pixels_per_unit`]).
pub const READABLE_PX: f64 = 9.0;
/// Size of the full glyph's name line (`text.title`), in glyph units.
pub const TITLE_TEXT: f64 = 15.0;
/// Size of the full glyph's state (`text.state`), in glyph units.
pub const STATE_TEXT: f64 = 12.5;
/// Size of the full glyph's line of activity under the queue (`text.small`), in glyph units: its
/// smallest words.
pub const SMALL_TEXT: f64 = 12.0;
/// Size of every word on a compact glyph (`.server-node.compact text`), in glyph units.
pub const COMPACT_TEXT: f64 = 10.0;
/// Height of a line of text above its baseline, as a share of its size (the font's ascent: 0.93
/// in DejaVu Sans, the widest common fallback, and less in system fonts).
pub const ASCENT: f64 = 0.93;
/// Depth of a line of text below its baseline, as a share of its size (the font's descent).
pub const DESCENT: f64 = 0.24;

/// Distance from a full glyph's sides to its words and bars, in glyph units.
const INSET: f64 = 10.0;
/// Least free width between the name and the state on one line, in glyph units.
const WORD_GAP: f64 = 6.0;
/// Free width at a compact glyph's sides, in glyph units.
const COMPACT_PAD_X: f64 = 4.0;
/// Least free height above and below a compact glyph's words and bar, in glyph units: more than
/// half its widest outline (2.5), so words never touch it.
const COMPACT_PAD_Y: f64 = 2.0;
/// Height of a compact glyph's queue bar, in glyph units.
const COMPACT_BAR: f64 = 3.0;
/// Free height between a compact glyph's last line of words and its queue bar, in glyph units.
const COMPACT_BAR_GAP: f64 = 1.5;

/// Which of its two designs a server glyph is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The whole glyph scaled: name and size, state in a word, a square per worker, the queue
    /// bar and a line with the queue and the utilization.
    Full,
    /// A box at the glyph's size on the stage with words of a readable size: the name, the
    /// state's symbol (and word where it fits), a line with the queue and the utilization where
    /// there is room, the box filled as far as the server is utilized, and a queue bar.
    Compact,
}

/// A rectangle in glyph units about the glyph's centre.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width when full.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A line of words on a glyph.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The words.
    pub text: String,
    /// Where its baseline is anchored, in glyph units from the glyph's centre.
    pub at: Point,
    /// SVG `text-anchor` value: `start` or `end`.
    pub anchor: &'static str,
    /// Its class in the style sheet (`title`, `state` or `small`).
    pub class: &'static str,
    /// Its size, in glyph units.
    pub size: f64,
    /// Whether it may be drawn bold (the name always; the state when it warns).
    pub bold: bool,
}

impl Line {
    /// Its width by [`text_width`], in glyph units.
    pub fn width(&self) -> f64 {
        text_width(&self.text, self.size, self.bold)
    }

    /// The box its words take, in glyph units about the glyph's centre: left, top, right,
    /// bottom.
    pub fn extent(&self) -> (f64, f64, f64, f64) {
        let w = self.width();
        let left = if self.anchor == "end" { self.at.x - w } else { self.at.x };
        (left, self.at.y - ASCENT * self.size, left + w, self.at.y + DESCENT * self.size)
    }
}

/// What a server glyph says. Where there is a choice the glyph shows the longest wording that
/// fits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Words<'a> {
    /// Its name ("S4").
    pub name: &'a str,
    /// Its size ("small"), shown after the name where it fits.
    pub size: &'a str,
    /// Its state as a symbol ("✓"), always shown where it fits at all.
    pub symbol: &'a str,
    /// Its state as a word ("healthy"), shown after the symbol where it fits.
    pub state: &'a str,
    /// Its activity, each wording shorter than the one before ("queue 5/20 · 90%", …): the
    /// first that fits is shown.
    pub details: &'a [String],
}

/// How the layout's server glyphs are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// Which design.
    pub form: Form,
    /// User units on the stage per glyph unit: the scale the glyph is drawn at.
    pub scale: f64,
    /// Width of the box, in glyph units.
    pub w: f64,
    /// Height of the box, in glyph units.
    pub h: f64,
    /// Width of the widest name on the stage in bold, in ems: every glyph leaves its name that
    /// much room when it chooses its wording, so that glyphs side by side word alike.
    pub widest_name: f64,
}

impl Glyph {
    /// How server glyphs `scale` of full size (as [`Layout::server_scale`]) are drawn on a stage
    /// flowing `flow`.
    ///
    /// The rule: a glyph is drawn in full while its smallest words ([`SMALL_TEXT`]) come out at
    /// least [`READABLE_PX`] tall at the width the stage is designed for, that is while `scale ≥
    /// 9 / (12 × pixels per unit)`: from 0.75 across (1000 units drawn about 1000 pixels wide;
    /// up to 14 servers) and from 0.93 down (424 units on a phone's 341 pixels; up to 16
    /// servers). Past that it is compact: a box of the same size on
    /// the stage, words [`COMPACT_TEXT`] units tall, drawn at a scale that makes them at least
    /// [`READABLE_PX`] pixels and never less than 10 user units (1 across, 1.12 down).
    pub fn new(scale: f64, flow: Flow) -> Glyph {
        let per_unit = flow.pixels_per_unit();
        if scale * SMALL_TEXT * per_unit >= READABLE_PX - 1e-9 {
            Glyph { form: Form::Full, scale, w: SERVER_W, h: SERVER_H, widest_name: 0.0 }
        } else {
            let k = (READABLE_PX / (COMPACT_TEXT * per_unit)).max(1.0);
            let (w, h) = (SERVER_W * scale / k, SERVER_H * scale / k);
            Glyph { form: Form::Compact, scale: k, w, h, widest_name: 0.0 }
        }
    }

    /// The same glyph, leaving every name the room that `name` takes.
    pub fn naming(self, name: &str) -> Glyph {
        Glyph { widest_name: text_width(name, 1.0, true), ..self }
    }

    /// How much wider than `name` the widest name on the stage is drawn `size` units tall.
    fn name_slack(&self, name: &str, size: f64) -> f64 {
        (self.widest_name * size - text_width(name, size, true)).max(0.0)
    }

    /// The lines of words that say `words` on this glyph.
    pub fn lines(&self, words: &Words) -> Vec<Line> {
        match self.form {
            Form::Full => self.full_lines(words),
            Form::Compact => self.compact_lines(words),
        }
    }

    /// The queue bar, full length.
    pub fn queue_bar(&self) -> Bar {
        match self.form {
            Form::Full => {
                Bar { x: -self.w / 2.0 + INSET, y: self.h / 2.0 - 26.0, w: self.w - 2.0 * INSET, h: 10.0 }
            }
            Form::Compact => {
                let y =
                    self.compact_top() + self.compact_lines_shown() as f64 * line_height() + COMPACT_BAR_GAP;
                Bar { x: -self.w / 2.0 + COMPACT_PAD_X, y, w: self.w - 2.0 * COMPACT_PAD_X, h: COMPACT_BAR }
            }
        }
    }

    /// The full glyph's row of workers: where the first square goes, the row's width and the
    /// squares' height.
    pub fn workers(&self) -> Bar {
        Bar { x: -self.w / 2.0 + INSET, y: -self.h / 2.0 + 28.0, w: self.w - 2.0 * INSET, h: 14.0 }
    }

    /// The compact glyph's fill, full length: inside its outline, filled from the left as far as
    /// the server is utilized.
    pub fn load_fill(&self) -> Bar {
        Bar { x: -self.w / 2.0 + 1.0, y: -self.h / 2.0 + 1.0, w: self.w - 2.0, h: self.h - 2.0 }
    }

    /// The name and the state on the full glyph's top line, and its line of activity.
    fn full_lines(&self, words: &Words) -> Vec<Line> {
        let (w, h) = (self.w, self.h);
        let top = -h / 2.0 + 18.0;
        let name = |text: String| Line {
            text,
            at: Point { x: -w / 2.0 + INSET, y: top },
            anchor: "start",
            class: "title",
            size: TITLE_TEXT,
            bold: true,
        };
        let state = |text: String| Line {
            text,
            at: Point { x: w / 2.0 - INSET, y: top },
            anchor: "end",
            class: "state",
            size: STATE_TEXT,
            bold: true,
        };
        let room = w - 2.0 * INSET;
        let (long_name, long_state) =
            (format!("{} · {}", words.name, words.size), format!("{} {}", words.symbol, words.state));
        // The size gives way first, then the state's word.
        let top_line = [
            (long_name, long_state.clone()),
            (words.name.to_string(), long_state),
            (words.name.to_string(), words.symbol.to_string()),
        ]
        .into_iter()
        .map(|(n, s)| [name(n), state(s)])
        .find(|[n, s]| n.width() + self.name_slack(words.name, TITLE_TEXT) + WORD_GAP + s.width() <= room)
        .unwrap_or_else(|| [name(words.name.to_string()), state(words.symbol.to_string())]);
        let small = |text: &String| Line {
            text: text.clone(),
            at: Point { x: -w / 2.0 + INSET, y: h / 2.0 - 4.0 },
            anchor: "start",
            class: "small",
            size: SMALL_TEXT,
            bold: false,
        };
        let details = words.details.iter().map(small).find(|l| l.width() <= room);
        top_line.into_iter().chain(details).collect()
    }

    /// Top of the compact glyph's words and bar, which sit in the middle of its height.
    fn compact_top(&self) -> f64 {
        let block = self.compact_lines_shown() as f64 * line_height() + COMPACT_BAR_GAP + COMPACT_BAR;
        -block / 2.0
    }

    /// Lines of words the compact glyph has the height for: its name, and its activity below
    /// when there is room for both.
    fn compact_lines_shown(&self) -> usize {
        let both = 2.0 * line_height() + COMPACT_BAR_GAP + COMPACT_BAR + 2.0 * COMPACT_PAD_Y;
        if self.h >= both {
            2
        } else {
            1
        }
    }

    /// The compact glyph's name with its state, and its activity where there is room.
    fn compact_lines(&self, words: &Words) -> Vec<Line> {
        let w = self.w;
        let room = w - 2.0 * COMPACT_PAD_X;
        let baseline = |row: usize| self.compact_top() + row as f64 * line_height() + ASCENT * COMPACT_TEXT;
        let line = |text: String, x: f64, row: usize, anchor, class, bold| Line {
            text,
            at: Point { x, y: baseline(row) },
            anchor,
            class,
            size: COMPACT_TEXT,
            bold,
        };
        let (left, right) = (-w / 2.0 + COMPACT_PAD_X, w / 2.0 - COMPACT_PAD_X);
        let name = line(words.name.to_string(), left, 0, "start", "title", true);
        let state = [format!("{} {}", words.symbol, words.state), words.symbol.to_string()]
            .into_iter()
            .map(|s| line(s, right, 0, "end", "state", true))
            .find(|s| {
                name.width() + self.name_slack(words.name, COMPACT_TEXT) + WORD_GAP + s.width() <= room
            });
        let details = (self.compact_lines_shown() > 1)
            .then(|| {
                words
                    .details
                    .iter()
                    .map(|d| line(d.clone(), left, 1, "start", "small", false))
                    .find(|d| d.width() <= room)
            })
            .flatten();
        std::iter::once(name).chain(state).chain(details).collect()
    }
}

impl Layout {
    /// How this layout's server glyphs are drawn.
    pub fn glyph(&self) -> Glyph {
        let last = self.servers.iter().map(|(id, _)| id.0).max().unwrap_or(0);
        Glyph::new(self.server_scale, self.flow).naming(&format!("S{last}"))
    }
}

/// Height a line of text takes, in glyph units.
fn line_height() -> f64 {
    (ASCENT + DESCENT) * COMPACT_TEXT
}

/// How wide `text` is drawn `size` units tall, in the same units, erring wide: a share of the
/// size for each character by its kind, a little over DejaVu Sans's (wider than the system fonts
/// the page asks for first), bold a little wider.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| {
            let (regular, heavy) = match c {
                ' ' | '·' | 'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '/' | '|' | '(' | ')' | 'I' => {
                    (0.34, 0.36)
                }
                'f' | 'r' | 't' => (0.42, 0.50),
                'm' | 'w' | 'M' | 'W' | '%' => (0.98, 1.05),
                'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' => (0.59, 0.66),
                'A'..='Z' => (0.74, 0.80),
                c if c.is_ascii() => (0.64, 0.73),
                // Symbols (✓, ▲, ⏻ …) come from whatever font has them.
                _ => (0.92, 0.92),
            };
            if bold {
                heavy
            } else {
                regular
            }
        })
        .sum();
    ems * size
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words as wide as a server's get: a four-digit name, the longest state, long numbers.
    fn widest(details: &[String]) -> Words<'_> {
        Words { name: "S1099", size: "large", symbol: "✖", state: "down · in LB", details }
    }

    #[test]
    fn glyphs_are_full_while_their_smallest_words_are_readable_then_compact() {
        for (flow, from) in [(Flow::Across, 0.75), (Flow::Down, 0.9326)] {
            assert_eq!(Glyph::new(1.0, flow).form, Form::Full);
            assert_eq!(Glyph::new(from, flow).form, Form::Full, "{flow:?}");
            assert_eq!(Glyph::new(from - 0.001, flow).form, Form::Compact, "{flow:?}");
            let per_unit = flow.pixels_per_unit();
            for scale in [0.2, 0.25, 0.3, 0.5, 0.7, 0.8, 0.95, 1.0] {
                let glyph = Glyph::new(scale, flow);
                // The box is where the layout put it, whichever the design.
                let (w, h) = (glyph.w * glyph.scale, glyph.h * glyph.scale);
                assert!((w - SERVER_W * scale).abs() < 1e-9 && (h - SERVER_H * scale).abs() < 1e-9);
                let smallest = match glyph.form {
                    Form::Full => SMALL_TEXT,
                    Form::Compact => COMPACT_TEXT,
                };
                let px = smallest * glyph.scale * per_unit;
                assert!(px >= READABLE_PX - 1e-6, "{flow:?} at {scale}: words {px} px tall");
                assert!(smallest * glyph.scale >= 10.0 - 1e-9 || glyph.form == Form::Full);
            }
        }
    }

    #[test]
    fn widths_err_wide_of_the_widest_font_measured() {
        // Widths of these words 10 units tall in DejaVu Sans, as Chromium measures them.
        for (text, regular, bold) in [
            ("S99", 19.08, 21.13),
            ("S1099", 31.80, 35.05),
            ("S12 · small", 55.25, 61.86),
            ("✓ healthy", 49.14, 54.36),
            ("▲ dropping", 55.39, 62.16),
            ("✖ down · in LB", 72.81, 81.03),
            ("✕ removed", 55.89, 61.33),
            ("queue 1000/1000 · 100%", 126.91, 139.42),
            ("q 5/20 · 90%", 63.75, 69.88),
            ("switched off", 60.63, 68.84),
            ("mmmm", 38.97, 41.69),
        ] {
            assert!(text_width(text, 10.0, false) >= regular, "{text}");
            assert!(text_width(text, 10.0, true) >= bold, "{text} in bold");
            assert!(text_width(text, 10.0, true) <= bold * 1.2, "{text}: not far too wide");
        }
    }

    #[test]
    fn a_glyph_shows_the_longest_wording_that_fits_and_always_its_name() {
        let details = ["queue 1000/1000 · 100%".to_string(), "100% · q 1000".to_string(), "100%".to_string()];
        for flow in [Flow::Across, Flow::Down] {
            for scale in [0.25, 0.3, 0.45, 0.6, 0.8, 1.0] {
                let glyph = Glyph::new(scale, flow);
                let lines = glyph.lines(&widest(&details));
                assert!(lines[0].text.starts_with("S1099") && lines[0].class == "title");
                for line in &lines {
                    let (left, top, right, bottom) = line.extent();
                    let inside = left >= -glyph.w / 2.0
                        && right <= glyph.w / 2.0
                        && top >= -glyph.h / 2.0
                        && bottom <= glyph.h / 2.0;
                    assert!(inside, "{flow:?} at {scale}: {line:?} leaves its {}×{} box", glyph.w, glyph.h);
                }
            }
        }
        let texts = |glyph: Glyph, words: &Words| -> Vec<String> {
            glyph.lines(words).into_iter().map(|l| l.text).collect()
        };
        let full = Glyph::new(1.0, Flow::Across);
        let short = ["queue 5/20 · 90%".to_string(), "q 5/20 · 90%".to_string(), "90%".to_string()];
        let words = Words { name: "S4", size: "small", symbol: "✓", state: "healthy", details: &short };
        assert_eq!(texts(full, &words), ["S4 · small", "✓ healthy", "queue 5/20 · 90%"]);
        let down = Words { name: "S12", state: "down · in LB", symbol: "✖", ..words };
        assert_eq!(texts(full, &down), ["S12", "✖ down · in LB", "queue 5/20 · 90%"], "the size gives way");
        let longer = Words { name: "S10099", ..down };
        assert_eq!(texts(full, &longer)[..2], ["S10099", "✖"], "then the state's word");
        let tiny = Glyph::new(0.25, Flow::Across);
        assert_eq!(texts(tiny, &words), ["S4", "✓"], "a name and a symbol on a glyph one line tall");
        let roomy = Glyph::new(0.5, Flow::Across);
        assert_eq!(texts(roomy, &words), ["S4", "✓ healthy", "q 5/20 · 90%"]);
        // Beside S1000 a glyph words its state as S1000's glyph must.
        assert_eq!(texts(roomy.naming("S1000"), &words), ["S4", "✓", "q 5/20 · 90%"]);
        assert_eq!(texts(full.naming("S10099"), &words)[..2], ["S4", "✓ healthy"], "the size gives way");
    }

    #[test]
    fn the_style_sheet_sizes_the_words_as_the_geometry_does() {
        let css = include_str!("../../../static/style.css");
        for rule in [
            format!("text {{ fill: var(--ink); font-size: {TITLE_TEXT}px; }}"),
            format!("text.state {{ font-size: {STATE_TEXT}px; }}"),
            format!("text.small, text.tick {{ font-size: {SMALL_TEXT}px;"),
            format!(".server-node.compact text {{ font-size: {COMPACT_TEXT}px; }}"),
        ] {
            assert!(css.contains(&rule), "static/style.css has no `{rule}`");
        }
    }
}
