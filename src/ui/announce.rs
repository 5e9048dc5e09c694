//! The one polite live region screen readers hear the run through (crashes, restarts, a
//! supervisor giving up, new warnings). It only draws the model's current sentence
//! (`model::announce` decides what is said and when); the sentence's element is keyed by
//! the announcement's serial, so the same words said twice are read twice. A plain
//! function, not a component: it is in the first-load bundle, and a component's machinery
//! costs more wasm than this diff ever saves.

use crate::model::announce::Announcer;
use yew::prelude::*;

pub fn live_region(a: &Announcer) -> Html {
    let serial = a.serial.to_string();
    html! {
        <div class="sr-only" aria-live="polite" data-testid="announcer" data-serial={serial.clone()}>
            <p key={serial}>{a.current.to_string()}</p>
        </div>
    }
}
