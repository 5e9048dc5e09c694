//! The gallery page (`#/gallery`): a card per curated failure scenario (thumbnail, title,
//! story, tags, narrated steps) that opens in the playground or presenter mode, a search
//! box and tag filter, and the lesson scenarios grouped by lesson. The cards come from the
//! model (`model::gallery`); this only draws them and keeps the search.

use crate::model::gallery::{by_lesson, cards, filter, tags};
use crate::ui::shared::Shared;
use otp_content::Bundle;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub bundle: Shared<Bundle>,
}

#[function_component(GalleryPage)]
pub fn gallery_page(p: &GalleryProps) -> Html {
    let all = {
        let b = p.bundle.clone();
        use_memo(b, |b| cards(&b.0))
    };
    let lessons = {
        let b = p.bundle.clone();
        use_memo(b, |b| by_lesson(&b.0))
    };
    let query = use_state(String::new);
    let tag = use_state(|| None::<Rc<str>>);
    let shown = filter(&all, &query, tag.as_deref());
    let on_query = {
        let q = query.clone();
        Callback::from(move |e: InputEvent| {
            q.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    html! {
        <main class="page gallery" data-testid="gallery">
            <h1>{"Gallery of failure scenarios"}</h1>
            <p class="lead">{"Each one is a small system with something going wrong in it, and narrated steps for \
                presenting it. Open it in the playground to poke it, in the editor to change it, or in presenter mode to walk a room through it."}</p>
            <div class="gallery-tools">
                <input type="search" placeholder="Search…" aria-label="Search the gallery" data-testid="gallery-search"
                    value={(*query).clone()} oninput={on_query} />
                <div class="tags" role="group" aria-label="Filter by tag">
                    { for tags(&all).into_iter().map(|t| {
                        let on = tag.as_deref() == Some(&*t);
                        let st = tag.clone();
                        let t2 = t.clone();
                        html! {
                            <button class="tag" aria-pressed={on.to_string()} data-testid={format!("tag-{t}")}
                                onclick={move |_| st.set(if on { None } else { Some(t2.clone()) })}>{t.to_string()}</button>
                        }
                    }) }
                </div>
            </div>
            <p class="muted" role="status" data-testid="gallery-count">{format!("{} of {} scenarios", shown.len(), all.len())}</p>
            <ul class="gallery-cards">
                { for shown.iter().map(|c| html! {
                    <li class="gallery-card" key={c.scenario.to_string()} data-testid={format!("card-{}", c.scenario)}>
                        <div class="thumb">{ Html::from_html_unchecked(AttrValue::from(c.thumbnail.clone())) }</div>
                        <h2><a href={format!("#/play/{}", c.scenario)}>{c.title.to_string()}</a></h2>
                        <p title={c.story_full.to_string()}>{c.story.to_string()}</p>
                        <p class="card-tags">{ for c.tags.iter().map(|t| html! { <span class="tag-label">{t.to_string()}</span> }) }</p>
                        <p class="card-actions">
                            <a class="button" href={format!("#/play/{}", c.scenario)} data-testid={format!("open-{}", c.scenario)}>{"Open"}</a>
                            if c.steps > 0 {
                                <a class="button secondary" href={format!("#/present/{}", c.scenario)}>{format!("Present ({} steps)", c.steps)}</a>
                            }
                            <a class="button secondary" href={format!("#/edit/{}", c.scenario)} data-testid={format!("edit-{}", c.scenario)}>{"Edit"}</a>
                            <a class="button secondary" href={format!("#/seq/{}", c.scenario)}>{"Sequence"}</a>
                        </p>
                    </li>
                }) }
            </ul>
            <h2>{"Scenarios of the lessons"}</h2>
            <ul class="by-lesson">
                { for lessons.iter().map(|l| html! {
                    <li key={l.slug.to_string()}>
                        <a href={format!("#/lessons/{}", l.slug)}>{l.title.to_string()}</a>{": "}
                        { for l.scenarios.iter().enumerate().map(|(i, n)| html! {
                            <>
                                if i > 0 { {", "} }
                                <a href={format!("#/play/{n}")}><code>{n.to_string()}</code></a>
                            </>
                        }) }
                    </li>
                }) }
            </ul>
        </main>
    }
}
