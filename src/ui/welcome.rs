//! The first visit's welcome: a calm start for a newcomer on `#/`. The tree waits, paused,
//! while a banner says what the scenario is (its description in full), what to watch and
//! what to try; Play starts it. Closing it is remembered in local storage, so later visits
//! start playing at once, as before.

use std::rc::Rc;
use yew::prelude::*;

/// Set once the newcomer has closed the welcome (or pressed its Play).
pub const WELCOMED_KEY: &str = "otp-playground.welcomed";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Has this browser seen (and closed) the welcome?
pub fn welcomed() -> bool {
    storage()
        .and_then(|s| s.get_item(WELCOMED_KEY).ok().flatten())
        .is_some()
}

/// The welcome is closed for good in this browser.
pub fn remember() {
    if let Some(s) = storage() {
        let _ = s.set_item(WELCOMED_KEY, "1");
    }
}

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    pub scenario_name: Rc<str>,
    pub description: Rc<str>,
    /// Closes the welcome and starts playing.
    pub on_play: Callback<()>,
    /// Closes the welcome.
    pub on_close: Callback<()>,
}

#[function_component(Welcome)]
pub fn welcome(p: &WelcomeProps) -> Html {
    let play = {
        let cb = p.on_play.clone();
        Callback::from(move |_: MouseEvent| {
            remember();
            cb.emit(())
        })
    };
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            remember();
            cb.emit(())
        })
    };
    html! {
        <section class="welcome" data-testid="welcome" aria-labelledby="welcome-title">
            <div class="welcome-text">
                <h2 id="welcome-title">{"A live supervision tree, paused for you"}</h2>
                <p data-testid="welcome-description"><strong>{p.scenario_name.to_string()}{": "}</strong>{p.description.to_string()}</p>
                <p>{"Boxes are supervisors, circles are workers; the number by each process is its mailbox, and dots are messages on their way. "}
                   <strong>{"Try: "}</strong>{"press Play, then click a worker and press "}<kbd>{"k"}</kbd>
                   {" to kill it — watch its supervisor restart it under a new pid. "}<kbd>{"←"}</kbd>{" steps back, and the timeline scrubs."}</p>
            </div>
            <div class="welcome-actions">
                <button class="primary" data-testid="welcome-play" onclick={play}>{"▶ Play"}</button>
                <button data-testid="welcome-close" onclick={close}>{"Close"}</button>
            </div>
        </section>
    }
}
