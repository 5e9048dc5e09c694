//! The keyboard plumbing shared by the app's key map and the quiz's: one document-level
//! listener that can prevent defaults and ignores modified keys (Ctrl/Cmd/Alt belong to the
//! browser), and the tests for where focus is.

use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

/// Calls `f` for every unmodified keydown on the document until the listener is dropped.
pub fn listen(mut f: impl FnMut(&KeyboardEvent) + 'static) -> gloo::events::EventListener {
    gloo::events::EventListener::new_with_options(
        &gloo::utils::document(),
        "keydown",
        gloo::events::EventListenerOptions::enable_prevent_default(),
        move |e| {
            if let Some(e) = e.dyn_ref::<KeyboardEvent>()
                && !(e.ctrl_key() || e.meta_key() || e.alt_key())
            {
                f(e)
            }
        },
    )
}

fn target_tag(e: &KeyboardEvent) -> Option<web_sys::Element> {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// Focus is in a text field: keys are text there. A range input (the timeline's scrubber)
/// keeps only the keys that move it; checkboxes and buttons take no text at all, so every
/// shortcut still works after using them.
pub fn is_typing(e: &KeyboardEvent) -> bool {
    target_tag(e).is_some_and(|el| match el.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => match input_type(&el).as_str() {
            "range" => matches!(
                e.key().as_str(),
                "ArrowLeft"
                    | "ArrowRight"
                    | "ArrowUp"
                    | "ArrowDown"
                    | "Home"
                    | "End"
                    | "PageUp"
                    | "PageDown"
            ),
            "checkbox" | "radio" | "button" | "submit" | "reset" => false,
            _ => true,
        },
        _ => false,
    })
}

fn input_type(el: &web_sys::Element) -> String {
    el.get_attribute("type")
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Focus is on a button, link, disclosure or checkbox: Space and Enter activate it and
/// must not be taken by a shortcut.
pub fn on_control(e: &KeyboardEvent) -> bool {
    target_tag(e).is_some_and(|el| {
        let control = match el.tag_name().to_ascii_lowercase().as_str() {
            "button" | "a" | "summary" => true,
            "input" => matches!(
                input_type(&el).as_str(),
                "checkbox" | "radio" | "button" | "submit" | "reset"
            ),
            _ => false,
        };
        control || el.get_attribute("role").as_deref() == Some("button")
    })
}
