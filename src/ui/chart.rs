//! A small line chart of the last simulated minute (or of a whole run), one point a second: its
//! scale with the unit on the top and bottom ticks, a time axis from "−60 s" to "now" (or from
//! "0 s" to the run's end), and a legend in ink. The plot
//! has a fixed height and stretches to the width it is given (its strokes keep their width), and
//! every line of text keeps its place, so the chart's size never depends on the values.

use yew::prelude::*;

use crate::format::{count, fixed, millis, number, percent, rate, within};

/// The plot in SVG user units (stretched to the plot's box, which CSS sizes).
const PLOT: Frame = Frame { left: 0.0, right: 300.0, top: 0.0, bottom: 100.0 };
/// Most steps of a count axis that still get a grid line each.
const MAX_GRID_STEPS: f64 = 12.0;

/// What a chart's caption says it covers.
pub const COVERAGE: &str = "last simulated minute, one point a second";

/// One line on a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Its name in the legend, such as "served".
    pub name: &'static str,
    /// Its CSS class (sets colour and dash pattern).
    pub class: &'static str,
    /// One value a second, oldest first, in the chart's unit (fractions 0–1 for percentages).
    pub values: Vec<f64>,
    /// Its number in the legend, written with its unit, over the span the chart's note states.
    pub reading: String,
    /// Whether to draw it as steps (for counts, such as servers) rather than slopes.
    pub steps: bool,
}

/// What a chart's values are, which sets their scale and how ticks are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Requests per second, from 0 to a round number above the data ("50 req/s").
    PerSecond,
    /// Milliseconds, from 0 to a round number above the data ("500 ms", "2 s").
    Millis,
    /// A fraction 0–1, always from 0% to 100%.
    Percent,
    /// Servers: whole numbers with room for one more above the most seen, from 0 while that top
    /// is at most 12 (so one server is at least a twelfth of the plot), else from one below the
    /// fewest seen.
    Servers,
}

impl Unit {
    /// The (bottom, top) of the axis for these values.
    pub fn range(self, values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
        let max = values.clone().fold(0.0, f64::max);
        match self {
            Unit::PerSecond | Unit::Millis => (0.0, nice_ceiling(max)),
            Unit::Percent => (0.0, 1.0),
            Unit::Servers => {
                let top = (max.ceil() + 1.0).max(4.0);
                let min = values.fold(top, f64::min);
                let bottom = if top <= MAX_GRID_STEPS { 0.0 } else { (min.floor() - 1.0).max(0.0) };
                (bottom, top)
            }
        }
    }

    /// A tick at `value` written with the unit: "50 req/s", "0 req/s", "500 ms", "2 s", "100%",
    /// "1 server", "0 servers".
    pub fn tick(self, value: f64) -> String {
        match self {
            Unit::PerSecond => format!("{} req/s", count(value.round() as u64)),
            Unit::Millis if value >= 1_000.0 => format!("{} s", count((value / 1_000.0).round() as u64)),
            Unit::Millis => format!("{} ms", count(value.round() as u64)),
            Unit::Percent => percent(value),
            Unit::Servers if value == 1.0 => "1 server".to_string(),
            Unit::Servers => format!("{} servers", count(value.round() as u64)),
        }
    }

    /// A single value written with the unit, for the accessible summary of the latest second.
    pub fn value(self, value: f64) -> String {
        match self {
            Unit::PerSecond => format!("{} req/s", rate(value)),
            Unit::Millis => millis(value),
            Unit::Percent => percent(value),
            Unit::Servers => count(value.round() as u64),
        }
    }
}

/// Where a plot sits inside its SVG, in user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Left edge: where a point 59 seconds older than the newest sits.
    pub left: f64,
    /// Right edge: where the newest point sits.
    pub right: f64,
    /// Top edge: where the top of the range sits.
    pub top: f64,
    /// Bottom edge: where the bottom of the range sits.
    pub bottom: f64,
}

impl Frame {
    /// The y coordinate of `value` on a (bottom, top) range, clamped to the frame.
    pub fn y(&self, value: f64, (lo, hi): (f64, f64)) -> f64 {
        let share = if hi > lo { within((value - lo) / (hi - lo), 0.0, 1.0) } else { 0.0 };
        self.bottom - share * (self.bottom - self.top)
    }
}

/// The points attribute of a polyline for `values` (one a second, oldest first, the newest at
/// the frame's right edge) on a (bottom, top) `range`; as steps when `steps` is set.
pub fn points(values: &[f64], range: (f64, f64), frame: Frame, steps: bool) -> String {
    let step = (frame.right - frame.left) / (crate::sim::metrics::SERIES_SECONDS as f64 - 1.0);
    let offset = frame.right - step * (values.len().max(1) - 1) as f64;
    // One string written in place: a point costs two numbers, not three strings and a join.
    let mut out = String::with_capacity(values.len() * if steps { 24 } else { 12 });
    let mut point = |x: f64, y: f64| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&fixed(x, 1));
        out.push(',');
        out.push_str(&fixed(y, 1));
    };
    for (i, v) in values.iter().enumerate() {
        let x = offset + step * i as f64;
        if steps && i > 0 {
            point(x, frame.y(values[i - 1], range));
        }
        point(x, frame.y(*v, range));
    }
    out
}

/// Props of [`chart`].
#[derive(Properties, Clone, Debug, PartialEq)]
pub struct ChartProps {
    /// The chart's title, such as "Requests per second".
    pub title: &'static str,
    /// What the values are.
    pub unit: Unit,
    /// The lines to draw, each with its legend reading.
    pub lines: Vec<Line>,
    /// What the legend's readings cover, such as "means of the last 10 simulated seconds".
    pub readings_cover: String,
    /// The stretch of time the chart spans.
    pub span: Span,
}

/// The stretch of time a chart spans, one point a second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// The last simulated minute, up to now.
    LastMinute,
    /// A whole run of this many simulated seconds, from its start.
    Run(u32),
}

impl Span {
    /// What the chart covers, in words.
    fn coverage(self) -> String {
        match self {
            Span::LastMinute => COVERAGE.to_string(),
            Span::Run(seconds) => format!("the whole {seconds} s run, one point a second"),
        }
    }

    /// The time axis's labels, at its left and right ends.
    fn ends(self) -> (String, String) {
        match self {
            Span::LastMinute => ("−60 s".to_string(), "now".to_string()),
            Span::Run(seconds) => ("0 s".to_string(), format!("{seconds} s")),
        }
    }
}

/// A line chart with ticks, a time axis, a legend and an accessible summary, on a scale that
/// fits its own values.
pub fn chart(props: &ChartProps) -> Html {
    chart_on(props, props.unit.range(props.lines.iter().flat_map(|l| l.values.iter().copied())))
}

/// A line chart as [`chart`] draws it, on the (bottom, top) `range` given, so that charts put
/// next to each other can share one scale.
pub fn chart_on(props: &ChartProps, range: (f64, f64)) -> Html {
    let unit = props.unit;
    let (bottom_tick, top_tick) = (unit.tick(range.0), unit.tick(range.1));
    let mut grid = vec![range.1];
    if unit == Unit::Servers && range.1 - range.0 <= MAX_GRID_STEPS {
        grid.extend((range.0 as u32 + 1..range.1 as u32).map(f64::from));
    }
    let readings =
        props.lines.iter().map(|l| format!("{} {}", l.name, l.reading)).collect::<Vec<_>>().join(", ");
    let latest = props
        .lines
        .iter()
        .filter_map(|l| l.values.last().map(|v| format!("{} {}", l.name, unit.value(*v))))
        .collect::<Vec<_>>()
        .join(", ");
    let coverage = props.span.coverage();
    let (start, end) = props.span.ends();
    let label = format!(
        "{}, {coverage}. {readings} ({}). Latest second: {}. Scale from {bottom_tick} to {top_tick}.",
        props.title,
        props.readings_cover,
        if latest.is_empty() { "none yet" } else { &latest },
    );
    let hline = |class: &'static str, value: f64| {
        let y = fixed(PLOT.y(value, range), 1);
        html! { <line {class} x1="0" y1={y.clone()} x2={number(PLOT.right)} y2={y} /> }
    };
    html! {
        <figure class="chart">
            <figcaption>
                <span class="chart-title">{ props.title }</span>
                <span class="coverage">{ coverage }</span>
            </figcaption>
            <div class="plot">
                <div class="ticks" aria-hidden="true"><span>{ top_tick }</span><span>{ bottom_tick }</span></div>
                <svg viewBox={format!("0 0 {} {}", number(PLOT.right), number(PLOT.bottom))} preserveAspectRatio="none"
                    role="img" aria-label={label}>
                    { for grid.iter().map(|v| hline("grid", *v)) }
                    { hline("axis", range.0) }
                    { for props.lines.iter().map(|l| html! {
                        <polyline class={classes!("series", l.class)} points={points(&l.values, range, PLOT, l.steps)} />
                    }) }
                </svg>
                <div class="time-axis" aria-hidden="true"><span>{ start }</span><span>{ end }</span></div>
            </div>
            <div class="chart-legend">
                <p class="coverage" title={props.readings_cover.clone()}>{ &props.readings_cover }</p>
                <ul>
                    { for props.lines.iter().map(|l| {
                        let text = format!("{}: {}", l.name, l.reading);
                        html! { <li class={classes!("swatch", l.class)} title={text.clone()}>{ text }</li> }
                    }) }
                </ul>
            </div>
        </figure>
    }
}

/// The smallest of 1, 2 or 5 times a power of ten that is at least `x` (at least 1).
pub fn nice_ceiling(x: f64) -> f64 {
    if x <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|v| *v >= x).unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Frame = Frame { left: 0.0, right: 300.0, top: 0.0, bottom: 90.0 };

    #[test]
    fn ceilings_are_round_numbers_above_the_data() {
        assert_eq!(nice_ceiling(0.3), 1.0);
        assert_eq!(nice_ceiling(1.5), 2.0);
        assert_eq!(nice_ceiling(37.0), 50.0);
        assert_eq!(nice_ceiling(500.0), 500.0);
        assert_eq!(nice_ceiling(501.0), 1000.0);
    }

    #[test]
    fn newest_point_sits_at_the_right_edge_and_the_top_value_at_the_top() {
        let p = points(&[0.0, 5.0, 10.0], (0.0, 10.0), FRAME, false);
        assert_eq!(p, "289.8,90.0 294.9,45.0 300.0,0.0");
    }

    #[test]
    fn steps_hold_a_value_until_the_next_second() {
        let p = points(&[1.0, 2.0], (0.0, 2.0), FRAME, true);
        assert_eq!(p, "294.9,45.0 300.0,45.0 300.0,0.0");
    }

    #[test]
    fn ticks_carry_their_unit() {
        assert_eq!(Unit::PerSecond.tick(50.0), "50 req/s");
        assert_eq!(Unit::PerSecond.tick(0.0), "0 req/s");
        assert_eq!(Unit::PerSecond.tick(20_000.0), "20,000 req/s");
        assert_eq!(Unit::Millis.tick(500.0), "500 ms");
        assert_eq!(Unit::Millis.tick(2_000.0), "2 s");
        assert_eq!(Unit::Percent.tick(1.0), "100%");
        assert_eq!(Unit::Servers.tick(0.0), "0 servers");
        assert_eq!(Unit::Servers.tick(1.0), "1 server");
    }

    #[test]
    fn one_server_more_is_a_visible_step() {
        // A small fleet starts at zero, with room for one more above the most seen.
        assert_eq!(Unit::Servers.range([1.0, 2.0, 3.0].into_iter()), (0.0, 4.0));
        assert_eq!(Unit::Servers.range([9.0, 10.0].into_iter()), (0.0, 11.0));
        // A large one zooms in on the span it used.
        let (lo, hi) = Unit::Servers.range([30.0, 31.0, 32.0].into_iter());
        assert_eq!((lo, hi), (29.0, 33.0));
        let step = FRAME.y(30.0, (lo, hi)) - FRAME.y(31.0, (lo, hi));
        assert!(step >= 9.0, "one server is {step} units of 90");
        assert_eq!(Unit::Percent.range([0.2].into_iter()), (0.0, 1.0));
        assert_eq!(Unit::PerSecond.range([37.0, 12.0].into_iter()), (0.0, 50.0));
    }
}
