//! The teaching content (lessons, quiz, lesson scenarios), which is not in the wasm: Trunk
//! writes it next to the app as `content.json` (see Trunk.toml), and the app fetches it the
//! first time something needs it — the playground's first load stays small. One owner: this
//! module holds the parsed bundle once it has arrived; views ask for it and show a loading
//! note until then, and the app passes lesson scenarios to the model inside its actions
//! (`model::scenarios::resolve`), so the model never reads this store.

use otp_content::Bundle;
use std::cell::RefCell;
use std::rc::Rc;

/// Where the bundle is, relative to the page; the hash makes each new bundle a new URL.
pub const BUNDLE_URL: &str = concat!("content.json?v=", env!("CONTENT_HASH"));

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    NotAsked,
    Loading,
    Ready(Rc<Bundle>),
    Failed(Rc<str>),
}

thread_local! {
    static STATUS: RefCell<Status> = const { RefCell::new(Status::NotAsked) };
}

pub fn status() -> Status {
    STATUS.with(|s| s.borrow().clone())
}

/// The bundle, once loaded.
pub fn bundle() -> Option<Rc<Bundle>> {
    match status() {
        Status::Ready(b) => Some(b),
        _ => None,
    }
}

/// Installs a bundle from its JSON (the fetch does this; tests call it directly).
pub fn install(json: &str) -> Result<Rc<Bundle>, String> {
    let b: Bundle = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let b = Rc::new(b);
    STATUS.with(|s| *s.borrow_mut() = Status::Ready(b.clone()));
    Ok(b)
}

/// Starts fetching the bundle unless it is loading or loaded; calls `done` when it is
/// ready or has failed (a failure can be retried by calling this again).
pub fn ensure_loaded(done: impl FnOnce() + 'static) {
    if matches!(status(), Status::Loading | Status::Ready(_)) {
        return;
    }
    STATUS.with(|s| *s.borrow_mut() = Status::Loading);
    yew::platform::spawn_local(async move {
        let result = fetch_text(BUNDLE_URL).await.and_then(|t| {
            install(&t)
                .map(|_| ())
                .map_err(|_| "what arrived was not the lessons' data".to_string())
        });
        if let Err(e) = result {
            STATUS.with(|s| {
                *s.borrow_mut() = Status::Failed(Rc::from(
                    format!("the lessons and the quiz could not be loaded ({e})").as_str(),
                ))
            });
        }
        done();
    });
}

async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    // Said in words for the reader: a browser's error object (a stack trace) helps nobody.
    let offline = |_| "the network could not be reached".to_string();
    let js = |_| "the download broke off".to_string();
    let resp = JsFuture::from(gloo::utils::window().fetch_with_str(url))
        .await
        .map_err(offline)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(js)?;
    if !resp.ok() {
        return Err(format!(
            "the server answered with HTTP status {}",
            resp.status()
        ));
    }
    let text = JsFuture::from(resp.text().map_err(js)?).await.map_err(js)?;
    text.as_string()
        .ok_or_else(|| "what arrived was not text".to_string())
}
