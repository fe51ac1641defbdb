//! Charts drawn on the server as SVG: nothing is shipped to the browser to draw them. Series differ by
//! pattern as well as colour, so a chart reads without colour, and each chart carries its numbers as a table
//! for screen readers (the picture itself is hidden from them).
use leptos::prelude::*;

/// How a series' columns are filled: solid or hatched, named in the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Solid,
    Hatched,
}

/// One series of a column chart: a value for each label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    pub fill: Fill,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 64.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 8.0;

/// The smallest "round" number (1, 2 or 5 times a power of ten) at or above `max`, for the axis.
pub fn axis_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|top| *top >= max).unwrap_or(max)
}

/// Columns over time (or any labels), one column per series for each label, with a value axis and a legend.
#[component]
pub fn ColumnChart<F>(
    /// The chart's name, its figure caption and the table's.
    #[prop(into)]
    title: String,
    labels: Vec<String>,
    series: Vec<Series>,
    /// Text of a value on the axis and in the table.
    format: F,
    /// Unique on the page: it names the hatch pattern and the test id.
    #[prop(into)]
    id: String,
) -> impl IntoView
where
    F: Fn(f64) -> String + 'static,
{
    let top = axis_top(series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0, f64::max));
    let plot_h = HEIGHT - BOTTOM - TOP;
    let slot = (WIDTH - LEFT) / labels.len().max(1) as f64;
    let bar_w = (slot * 0.8 / series.len().max(1) as f64).max(1.0);
    let y = move |v: f64| TOP + plot_h * (1.0 - v / top);
    let hatch = format!("{id}-hatch");
    let fill_of = |fill: Fill| match fill {
        Fill::Solid => "fill-sky-700".to_owned(),
        Fill::Hatched => String::new(),
    };
    let grid = (0..=4)
        .map(|i| {
            let v = top * f64::from(i) / 4.0;
            let at = y(v);
            view! {
                <line x1=LEFT x2=WIDTH y1=at y2=at class="stroke-slate-200" stroke-width="1" />
                <text x=LEFT - 6.0 y=at + 4.0 text-anchor="end" class="fill-slate-600 text-[10px]">{format(v)}</text>
            }
        })
        .collect_view();
    let every = (labels.len() / 8).max(1);
    let ticks = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, label)| {
            let x = LEFT + slot * (i as f64 + 0.5);
            view! { <text x=x y=HEIGHT - 6.0 text-anchor="middle" class="fill-slate-600 text-[10px]">{label.clone()}</text> }
        })
        .collect_view();
    let bars = series
        .iter()
        .enumerate()
        .flat_map(|(s, one)| {
            let class = fill_of(one.fill);
            let pattern = (one.fill == Fill::Hatched).then(|| format!("url(#{hatch})"));
            one.values.iter().enumerate().map(move |(i, v)| {
                let x = LEFT + slot * i as f64 + slot * 0.1 + bar_w * s as f64;
                let top_y = y(v.max(0.0));
                view! {
                    <rect x=x y=top_y width=bar_w height=(TOP + plot_h - top_y).max(0.0) class=class.clone()
                        fill=pattern.clone() stroke=pattern.is_some().then_some("#0369a1") stroke-width="0.5" />
                }
            })
        })
        .collect_view();
    let legend = series
        .iter()
        .map(|one| {
            let swatch = match one.fill {
                Fill::Solid => view! { <rect width="12" height="12" class="fill-sky-700" /> }.into_any(),
                Fill::Hatched => view! { <rect width="12" height="12" fill=format!("url(#{hatch})") stroke="#0369a1" /> }.into_any(),
            };
            view! {
                <li class="flex items-center gap-1">
                    <svg width="12" height="12" aria-hidden="true">{swatch}</svg>
                    {one.name.clone()}
                </li>
            }
        })
        .collect_view();
    let head =
        series.iter().map(|s| view! { <th scope="col">{s.name.clone()}</th> }).collect_view();
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let cells = series
                .iter()
                .map(|s| view! { <td>{format(s.values.get(i).copied().unwrap_or_default())}</td> })
                .collect_view();
            view! { <tr><th scope="row">{label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <figure data-testid=id>
            <figcaption class="mb-2 text-sm font-medium text-slate-800">{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="h-auto w-full" aria-hidden="true" role="presentation">
                <defs>
                    <pattern id=hatch.clone() width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" fill="#e0f2fe" />
                        <line x1="0" y1="0" x2="0" y2="6" stroke="#0369a1" stroke-width="2.5" />
                    </pattern>
                </defs>
                {grid}
                {bars}
                {ticks}
            </svg>
            <ul class="mt-2 flex gap-4 text-xs text-slate-700" aria-hidden="true">{legend}</ul>
            <table class="sr-only">
                <caption>{title}</caption>
                <thead><tr><th scope="col">"Label"</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </figure>
    }
}

/// One bar of a `BarList`: its label, value, the value as read, and the list behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub href: Option<String>,
}

/// Labelled horizontal bars, each a link to the list it counts. The label and number are text; the bar
/// drawn beside them only shows their proportion.
#[component]
pub fn BarList(bars: Vec<Bar>, #[prop(into)] label: String, id: &'static str) -> impl IntoView {
    let most = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let items = bars
        .into_iter()
        .map(|bar| {
            let width = (bar.value / most * 100.0).clamp(0.0, 100.0);
            let name = match bar.href {
                Some(href) => view! { <a href=href class="link">{bar.label}</a> }.into_any(),
                None => view! { <span>{bar.label}</span> }.into_any(),
            };
            view! {
                <li class="grid grid-cols-[10rem_1fr_auto] items-center gap-3 text-sm" data-testid=format!("{id}-bar")>
                    <span class="truncate">{name}</span>
                    <svg viewBox="0 0 100 10" preserveAspectRatio="none" class="h-3 w-full" aria-hidden="true">
                        <rect width="100" height="10" class="fill-slate-100" />
                        <rect width=width height="10" class="fill-sky-700" />
                    </svg>
                    <span class="tabular-nums text-right font-medium">{bar.text}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="space-y-2" aria-label=label data-testid=id>{items}</ul> }
}

#[cfg(test)]
mod tests {
    use super::axis_top;

    #[test]
    fn the_axis_ends_on_a_round_number_at_or_above_the_largest_value() {
        assert_eq!(axis_top(0.0), 1.0);
        assert_eq!(axis_top(7.0), 10.0);
        assert_eq!(axis_top(10.0), 10.0);
        assert_eq!(axis_top(12.0), 20.0);
        assert_eq!(axis_top(31_000.0), 50_000.0);
        assert_eq!(axis_top(0.3), 0.5);
    }
}
