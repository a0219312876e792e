//! Compare, on the page: a button that runs the same seeded traffic under two settings, then each
//! run's p95 latency on its own chart, the two next to each other on one scale (one above the
//! other on a narrow screen), and the difference in words below them.

use yew::prelude::*;

use super::chart::{chart_on, ChartProps, Line, Span, Unit};
use crate::format::millis;
use crate::teach::compare::{Compared, Pair, SECONDS};

/// Props of [`Comparison`].
#[derive(Properties, PartialEq)]
pub struct ComparisonProps {
    /// What to compare.
    pub pair: Pair,
}

/// The comparison's button, and once it has run, both runs' charts and their difference.
#[function_component(Comparison)]
pub fn comparison(props: &ComparisonProps) -> Html {
    let compared = use_state(|| None::<Compared>);
    // A chapter with another pair starts without a result.
    let shown = compared.as_ref().filter(|c| c.pair == props.pair);
    let onrun = {
        let (compared, pair) = (compared.clone(), props.pair);
        Callback::from(move |_| compared.set(Some(pair.run())))
    };
    let result = shown.map(|c| {
        let (range, charts) = side_charts(c);
        html! {
            <>
                <p class="compare-note">{"p95 latency of each second of each run, on the same scale:"}</p>
                <div class="compare-charts">
                    { for charts.iter().map(|props| chart_on(props, range)) }
                </div>
                <p id="compare-words" class="tour-compare-words">{ c.words.clone() }</p>
            </>
        }
    });
    html! {
        <div class="tour-compare">
            <button id="tour-compare" onclick={onrun}>{ props.pair.title() }</button>
            { for result }
        </div>
    }
}

/// Each run's chart, titled with its setting, and the one (bottom, top) scale both are drawn on.
pub fn side_charts(compared: &Compared) -> ((f64, f64), [ChartProps; 2]) {
    let unit = Unit::Millis;
    let range = unit.range(compared.sides.iter().flat_map(|s| s.p95_ms.iter().copied()));
    let charts = compared.sides.clone().map(|side| ChartProps {
        title: side.label,
        unit,
        lines: vec![Line {
            name: "p95",
            class: "p95",
            reading: millis(side.overall_p95_ms),
            values: side.p95_ms,
            steps: false,
        }],
        readings_cover: format!("p95 over the whole {SECONDS} s of the run"),
        span: Span::Run(SECONDS as u32),
    });
    (range, charts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_has_its_own_chart_titled_with_its_setting_on_one_scale() {
        let compared = Pair::Balancing.run();
        let (range, [rr, lc]) = side_charts(&compared);
        assert_eq!((rr.title, lc.title), ("Round robin", "Least connections"));
        let highest = compared.sides.iter().flat_map(|s| s.p95_ms.iter().copied()).fold(0.0, f64::max);
        let own = |c: &ChartProps| c.unit.range(c.lines[0].values.iter().copied());
        // The scale covers the higher of the two runs, so the lower one is not stretched to fit.
        assert!(range.1 >= highest && range.1 == own(&rr).1.max(own(&lc).1), "{range:?}");
        assert_eq!(rr.lines[0].reading, millis(compared.sides[0].overall_p95_ms));
        // Each chart spans its whole run, from its start, not the last minute before now.
        assert_eq!((rr.span, lc.span), (Span::Run(60), Span::Run(60)));
    }
}
