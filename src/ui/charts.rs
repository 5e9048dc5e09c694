//! The selected process's charts over time, as small multiples in the inspector: the
//! drawings the model makes (`chart_svg`), each with its title and a sentence a screen
//! reader reads instead.

use crate::model::chart_svg::svg;
use crate::model::metrics::Charts;
use crate::ui::shared::Shared;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub charts: Shared<Charts>,
}

#[function_component(ChartsView)]
pub fn charts_view(p: &ChartsProps) -> Html {
    let drawn = {
        let c = p.charts.clone();
        use_memo(c, |c| {
            c.charts
                .iter()
                .map(|chart| (chart.clone(), AttrValue::from(svg(chart, &c.0))))
                .collect::<Vec<_>>()
        })
    };
    html! {
        <section class="charts" data-testid="charts" aria-label="Over time">
            <h3>{"Over time"}</h3>
            if p.charts.read_from > 0 {
                <p class="muted">{"A long run: only its most recent part is charted."}</p>
            }
            { for drawn.iter().map(|(chart, drawing)| html! {
                <figure class="chart" data-testid="chart" data-title={chart.title.to_string()}>
                    <figcaption>
                        {chart.title.to_string()}{" "}<span class="muted">{format!("({})", chart.unit)}</span>
                        if chart.series.len() > 1 {
                            <span class="chart-key">
                                { for chart.series.iter().enumerate().map(|(k, s)| html! {
                                    <span class={classes!("key", format!("key-{k}"))}>{s.name}</span>
                                }) }
                            </span>
                        }
                    </figcaption>
                    { Html::from_html_unchecked(drawing.clone()) }
                </figure>
            }) }
        </section>
    }
}
