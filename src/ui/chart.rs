//! A small SVG line chart of the last simulated minute.

use yew::prelude::*;

use super::format::{millis, rate, whole};

/// Chart width, in SVG user units.
const W: f64 = 300.0;
/// Chart height, in SVG user units.
const H: f64 = 90.0;

/// One line on a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Its name in the legend.
    pub name: &'static str,
    /// Its CSS class (sets colour and dash pattern).
    pub class: &'static str,
    /// One value a second, oldest first.
    pub values: Vec<f64>,
}

/// How a chart's values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Requests per second, such as "84 req/s".
    PerSecond,
    /// Milliseconds, such as "250 ms".
    Millis,
    /// A plain whole number.
    Plain,
}

impl Unit {
    /// `value` written in this unit.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::PerSecond => format!("{} req/s", rate(value)),
            Unit::Millis => millis(value),
            Unit::Plain => whole(value),
        }
    }
}

/// Props of [`Chart`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// The chart's title.
    pub title: &'static str,
    /// How the values are written.
    pub unit: Unit,
    /// The lines to draw.
    pub lines: Vec<Line>,
}

/// The points attribute of a polyline for `values`, scaled so `top` is the chart's top edge.
pub fn points(values: &[f64], top: f64, (width, height): (f64, f64)) -> String {
    let step = width / (crate::sim::metrics::SERIES_SECONDS as f64 - 1.0);
    let offset = width - step * (values.len().max(1) - 1) as f64;
    let margin = (height * 0.05).max(1.0);
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!("{:.1},{:.1}", offset + step * i as f64, height - (v / top).min(1.0) * (height - margin))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line chart with a legend and an accessible summary of the latest values.
#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let max = props.lines.iter().flat_map(|l| l.values.iter().copied()).fold(0.0, f64::max);
    let top = nice_ceiling(max);
    let latest = |l: &Line| l.values.last().map_or("none yet".to_string(), |v| props.unit.format(*v));
    let summary =
        props.lines.iter().map(|l| format!("{} {}", l.name, latest(l))).collect::<Vec<_>>().join(", ");
    html! {
        <figure class="chart">
            <figcaption>{ props.title }</figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img"
                aria-label={format!("{} over the last minute; latest: {summary}; scale up to {}", props.title, props.unit.format(top))}>
                <line class="axis" x1="0" y1={H.to_string()} x2={W.to_string()} y2={H.to_string()} />
                <text class="tick" x="2" y="10">{ props.unit.format(top) }</text>
                { for props.lines.iter().map(|l| html! {
                    <polyline class={classes!("series", l.class)} points={points(&l.values, top, (W, H))} />
                }) }
            </svg>
            <p class="chart-legend">
                { for props.lines.iter().map(|l| html! {
                    <span class={classes!("swatch", l.class)}>{ format!("{}: {}", l.name, latest(l)) }</span>
                }) }
            </p>
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

    #[test]
    fn ceilings_are_round_numbers_above_the_data() {
        assert_eq!(nice_ceiling(0.3), 1.0);
        assert_eq!(nice_ceiling(1.5), 2.0);
        assert_eq!(nice_ceiling(37.0), 50.0);
        assert_eq!(nice_ceiling(500.0), 500.0);
        assert_eq!(nice_ceiling(501.0), 1000.0);
    }

    #[test]
    fn newest_point_sits_at_the_right_edge_and_the_top_value_near_the_top() {
        // Zero sits on the bottom edge; the top value leaves a 5% margin (4.5 of 90 units).
        let p = points(&[0.0, 5.0, 10.0], 10.0, (W, H));
        assert_eq!(p, "289.8,90.0 294.9,47.2 300.0,4.5");
    }
}
