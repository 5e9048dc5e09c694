//! The one polite live region screen readers hear the run through (crashes, restarts, a
//! supervisor giving up, new warnings). It only draws the model's current sentence
//! (`model::announce` decides what is said and when); the sentence's element is keyed by
//! the announcement's serial, so the same words said twice are read twice.

use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LiveRegionProps {
    pub text: Rc<str>,
    pub serial: u64,
}

#[function_component(LiveRegion)]
pub fn live_region(p: &LiveRegionProps) -> Html {
    html! {
        <div class="sr-only" aria-live="polite" data-testid="announcer" data-serial={p.serial.to_string()}>
            <p key={p.serial.to_string()}>{p.text.to_string()}</p>
        </div>
    }
}
