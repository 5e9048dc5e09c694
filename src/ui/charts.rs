//! Drawings of the selected process in the inspector, made by the model: its charts over
//! time as small multiples (`chart_svg`), each with its title and a sentence a screen reader
//! reads instead, and a gen_statem's state diagram (`statem_svg`) with its armed time-outs
//! counting down and its rules as text, and a poolboy pool's workers and queue. Drawn by
//! the full bundle only (`ui::full` plugs them in as `Extras::drawings`): the first-load
//! inspector shows "Show the charts" in their place (`ui::panels`).

use crate::model::chart_svg::{Drawing, H, PAD_B, PAD_L, PAD_T, PLOT_H, PLOT_W, W, drawing};
use crate::model::logtext::fmt_time;
use crate::model::metrics::Charts;
use crate::model::pool_panel::PoolPanel;
use crate::model::statem_svg;
use crate::ui::shared::Shared;
use otp_sim::StatemView;
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
                .map(|chart| (chart.clone(), drawing(chart, &c.0)))
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
                    { chart_svg(drawing) }
                </figure>
            }) }
        </section>
    }
}

/// A chart as SVG elements (not a string): a refresh sets only the attributes that changed,
/// usually the newest slice's line and the cursor.
fn chart_svg(d: &Drawing) -> Html {
    let v = |x: f64| format!("{x:.1}");
    html! {
        <svg viewBox={format!("0 0 {W} {H}")} width={W.to_string()} height={H.to_string()} role="img" aria-label={d.label.clone()}>
            <rect x={PAD_L.to_string()} y={PAD_T.to_string()} width={PLOT_W.to_string()} height={PLOT_H.to_string()} fill="#f7f9fb" stroke="#ccc" />
            <text x={v(PAD_L - 3.0)} y={v(PAD_T + 10.0)} text-anchor="end" font-size="11" fill="#444">{d.top.clone()}</text>
            <text x={v(PAD_L - 3.0)} y={v(H - PAD_B)} text-anchor="end" font-size="11" fill="#444">{"0"}</text>
            if let Some(ly) = d.limit {
                <line x1={PAD_L.to_string()} x2={v(PAD_L + PLOT_W)} y1={v(ly)} y2={v(ly)} stroke="#D55E00" stroke-dasharray="4 3" />
            }
            { for d.lines.iter().map(|l| html! {
                <polyline fill="none" stroke-width="1.6" stroke={l.colour}
                    stroke-dasharray={l.dashed.then_some("3 2")} points={l.points.clone()} />
            }) }
            <line x1={v(d.cursor)} x2={v(d.cursor)} y1={PAD_T.to_string()} y2={v(H - PAD_B)} stroke="#111" />
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct StatemProps {
    pub view: Shared<StatemView>,
}

#[function_component(StatemPanel)]
pub fn statem_panel(p: &StatemProps) -> Html {
    let v = &p.view;
    let drawing = AttrValue::from(statem_svg::svg(v));
    html! {
        <section class="statem" data-testid="statem" data-state={v.current.to_string()} aria-label="State machine">
            <h3>{"State machine (gen_statem)"}</h3>
            <p>{"In "}<code data-testid="statem-current">{format!(":{}", v.current)}</code>
                {format!(" · starts in :{} · count {}", v.initial, v.count)}</p>
            <div class="statem-drawing">{ Html::from_html_unchecked(drawing) }</div>
            if v.timeouts.is_empty() {
                <p class="muted">{"No time-out armed."}</p>
            } else {
                <ul class="timeouts" data-testid="statem-timeouts" aria-label="Armed time-outs">
                    { for v.timeouts.iter().map(|t| html! {
                        <li>
                            <code>{match &t.name { Some(n) => format!("{{:timeout, {n}}}"), None => t.kind.to_string() }}</code>
                            {format!(" fires in {} (set for {} ms)", fmt_time(t.remaining_us), t.ms)}
                        </li>
                    }) }
                </ul>
            }
            if v.postponed > 0 {
                <p data-testid="statem-postponed">{format!("{} event(s) postponed until the next change of state.", v.postponed)}</p>
            }
            <details>
                <summary>{format!("Its rules ({})", v.transitions.len())}</summary>
                <ul>{ for statem_svg::rules(v).iter().map(|r| html! { <li><code>{r.to_string()}</code></li> }) }</ul>
            </details>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct PoolProps {
    pub pool: Shared<PoolPanel>,
}

/// A poolboy pool in the inspector: free workers, loans and the checkout queue.
#[function_component(PoolPanelView)]
pub fn pool_panel_view(p: &PoolProps) -> Html {
    let v = &p.pool;
    html! {
        <section class="pool" data-testid="pool" data-status={v.status} data-waiting={v.waiting.len().to_string()}
            data-free={v.free.len().to_string()} aria-label="Pool (poolboy)">
            <h3>{"Pool (poolboy)"}</h3>
            <p data-testid="pool-summary">{&*v.summary}</p>
            <table class="facts">
                <tr><th scope="row">{"free, next first"}</th>
                    <td data-testid="pool-free">{ if v.free.is_empty() { "none".to_string() } else { v.free.join(", ") } }</td></tr>
                <tr><th scope="row">{"checked out"}</th>
                    <td>{ if v.lent.is_empty() { html! { "none" } } else { html! {
                        <ul class="plain">{ for v.lent.iter().map(|(w, h)| html! { <li>{format!("{w} → held by {h}")}</li> }) }</ul>
                    } } }</td></tr>
                <tr><th scope="row">{"waiting for a worker"}</th>
                    <td data-testid="pool-waiting">{ if v.waiting.is_empty() { html! { "nobody" } } else { html! {
                        <ol class="plain">{ for v.waiting.iter().map(|(c, t)| html! { <li>{format!("{c}, for {}", fmt_time(*t))}</li> }) }</ol>
                    } } }</td></tr>
                <tr><th scope="row">{"size / max_overflow"}</th>
                    <td>{format!("{} / {} (overflow workers out: {})", v.size, v.max_overflow, v.overflow)}</td></tr>
            </table>
        </section>
    }
}
