//! Mounting the app and handing it over. The page first loads a small bundle that draws
//! the playground (`src/main.rs`); the lessons, the quiz, the gallery, the sequence
//! diagram and the share dialog are in a second, full bundle (`src/bin/full.rs`, built by
//! `scripts/build-full.sh`), fetched the first time one of them is asked for. The first
//! bundle then unmounts itself and the full one mounts in its place with the same moment
//! (the scenario, the user's commands, the time, the selection, the branches: what a share
//! link carries, as JSON), so the handover loses nothing. If the full bundle cannot be
//! fetched (offline), the first one comes back at the same moment and says why.

use crate::model::route::Route;
use crate::model::state::State;
use crate::ui::app::{App, AppProps, Handover};
use crate::ui::extras::ExtrasRef;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::AppHandle;

#[wasm_bindgen(inline_js = "
export function import_module(url) { return import(new URL(url, document.baseURI).href); }
export function set_handover(state, playing, share, edit, text, imported, route) {
  window.__otpHandover = { state, playing, share, edit, text, imported, route };
}
export function take_content_text() {
  const t = window.__otpContentText;
  delete window.__otpContentText;
  return typeof t === 'string' ? t : null;
}
export function take_handover() {
  const h = window.__otpHandover;
  delete window.__otpHandover;
  return h === undefined ? null : h;
}
")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn import_module(url: &str) -> Result<js_sys::Promise, JsValue>;
    fn set_handover(
        state: &str,
        playing: bool,
        share: bool,
        edit: bool,
        text: Option<String>,
        imported: bool,
        route: bool,
    );
    fn take_handover() -> JsValue;
    /// The content bundle's text, if the static shell (static/shell.js) fetched it first.
    fn take_content_text() -> Option<String>;
}

thread_local! {
    static HANDING_OVER: Cell<bool> = const { Cell::new(false) };
    /// The full bundle could not be fetched: the stage keeps SVG for big trees.
    static FULL_FAILED: Cell<bool> = const { Cell::new(false) };
    static MOUNTED: RefCell<Option<AppHandle<App>>> = const { RefCell::new(None) };
    /// The first bundle's state while the page is handed over: if the full bundle cannot
    /// be fetched, the first one mounts again on it (it cannot read the handover's JSON).
    static KEPT: RefCell<Option<Rc<RefCell<State>>>> = const { RefCell::new(None) };
    /// The state the full bundle mounts on, made in a task before the mount (`prepare`).
    static PREPARED: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// The state prepared for this mount, once (`ui::app` mounts on it).
pub fn take_prepared() -> Option<State> {
    PREPARED.with(|k| k.borrow_mut().take())
}

/// The state kept by a failed handover, once (`ui::app` mounts on it).
pub fn take_kept() -> Option<Rc<RefCell<State>>> {
    KEPT.with(|k| k.borrow_mut().take())
}

/// The id of the placeholder shown while the full bundle loads.
const PLACEHOLDER: &str = "handover";

fn mount(props: AppProps) {
    // The page's static shell (index.html) or the handover's placeholder goes.
    if let Some(p) = gloo::utils::document().get_element_by_id(PLACEHOLDER) {
        p.remove();
    }
    let root = gloo::utils::body();
    let handle = yew::Renderer::<App>::with_root_and_props(root.into(), props).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
}

fn welcome_props() -> AppProps {
    // A newcomer's first visit starts paused, under the welcome; later ones play at once.
    let welcomed = crate::ui::welcome::welcomed();
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    AppProps {
        scenario: Route::parse(&hash).builtin_index().unwrap_or(0),
        autoplay: welcomed,
        welcome: !welcomed,
        extras: None,
        handover: None,
    }
}

/// The first-load entry point: the playground, unless the address asks for a page only
/// the full bundle draws (then that bundle is fetched at once).
pub fn start() {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    if Route::parse(&hash).first_load() {
        mount(welcome_props());
    } else {
        load_full(None);
    }
}

/// The full bundle's entry point: mounts in place of the first one, at its moment.
pub fn start_full() {
    // The shell already fetched the lessons' bundle to paint a lesson or the quiz: read
    // it first, so the first render draws the same page (no loading line between the two),
    // and mount in a task of its own: two shorter tasks block the page less than one long
    // one (Lighthouse's total blocking time), and the shell stays on screen meanwhile.
    if let Some(text) = take_content_text() {
        let _ = crate::ui::content::install(&text);
        // Then, a task each: the lesson's first demo opened (its scenario parsed and run
        // to its moment), and the mount drawing it, once, instead of the first scenario
        // drawn and then replaced when the lesson asks for its demo.
        gloo::timers::callback::Timeout::new(0, || {
            let props = full_props();
            prepare(&props);
            gloo::timers::callback::Timeout::new(0, move || mount(props)).forget();
        })
        .forget();
    } else {
        mount(full_props());
    }
}

/// A lesson opened by its address (not handed over): its first demo opened now, in the
/// state the mount will use, marked so that the lesson's own request for it is not done
/// a second time.
fn prepare(props: &AppProps) {
    if props.handover.is_some() {
        return;
    }
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let Route::Lesson(slug) = Route::parse(&hash) else {
        return;
    };
    let Some(bundle) = crate::ui::content::bundle() else {
        return;
    };
    let Some(m) = bundle
        .lesson(&slug)
        .and_then(crate::ui::lessons::first_demo)
    else {
        return;
    };
    let mut s = crate::ui::app::initial_state(props);
    let source = crate::model::scenarios::resolve(&m.scenario, Some(&*bundle));
    s.apply(crate::model::state::Action::OpenMoment {
        scenario: m.scenario.clone(),
        source,
        t_us: m.t_us,
        select: m.select.clone(),
    });
    s.preopened = Some(m);
    PREPARED.with(|p| *p.borrow_mut() = Some(s));
}

fn full_props() -> AppProps {
    let h = take_handover();
    let handover = (!h.is_null()).then(|| {
        let get = |k: &str| js_sys::Reflect::get(&h, &JsValue::from_str(k)).ok();
        Rc::new(Handover {
            state: Rc::from(get("state").and_then(|v| v.as_string()).unwrap_or_default()),
            playing: get("playing").and_then(|v| v.as_bool()).unwrap_or(false),
            share: get("share").and_then(|v| v.as_bool()).unwrap_or(false),
            edit: get("edit").and_then(|v| v.as_bool()).unwrap_or(false),
            text: get("text")
                .and_then(|v| v.as_string())
                .map(|t| Rc::from(t.as_str())),
            import: get("imported").and_then(|v| v.as_bool()).unwrap_or(false),
            route: get("route").and_then(|v| v.as_bool()).unwrap_or(false),
        })
    });
    let mut props = welcome_props();
    props.welcome = false;
    props.autoplay = handover.is_none();
    props.extras = Some(ExtrasRef(&crate::ui::full::FULL));
    props.handover = handover;
    props
}

/// The full bundle could not be loaded in this page.
pub fn full_failed() -> bool {
    FULL_FAILED.with(|f| f.get())
}

/// Hands the page over to the full bundle, at this moment (`kept`: the state, for a
/// failed handover to come back to).
pub fn to_full(h: Handover, kept: Rc<RefCell<State>>) {
    // Once: the first request carries what was asked (an address change that follows,
    // e.g. "Edit" setting `#/edit`, asks again with less).
    if HANDING_OVER.with(|f| f.replace(true)) {
        return;
    }
    KEPT.with(|k| *k.borrow_mut() = Some(kept));
    // Not from inside the app's own render or event handler: after it returns.
    gloo::timers::callback::Timeout::new(0, move || load_full(Some(h))).forget();
}

fn load_full(h: Option<Handover>) {
    if let Some(h) = &h {
        set_handover(
            &h.state,
            h.playing,
            h.share,
            h.edit,
            h.text.as_deref().map(String::from),
            h.import,
            h.route,
        );
    }
    if let Some(app) = MOUNTED.with(|m| m.borrow_mut().take()) {
        app.destroy();
    }
    let doc = gloo::utils::document();
    // The page's static shell, if it is still there, becomes the placeholder.
    let existing = doc.get_element_by_id(PLACEHOLDER);
    if let Some(p) = existing.or_else(|| doc.create_element("main").ok()) {
        p.set_id(PLACEHOLDER);
        p.set_class_name("page");
        p.set_attribute("data-testid", "handover").ok();
        p.set_inner_html(
            "<p role=\"status\">Loading the lessons, the quiz and the other views…</p>",
        );
        gloo::utils::body().append_child(&p).ok();
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = import_full().await {
            // Back to the playground at the same moment, with the reason.
            if let Some(p) = doc.get_element_by_id(PLACEHOLDER) {
                p.remove();
            }
            let _ = take_handover();
            HANDING_OVER.with(|f| f.set(false));
            FULL_FAILED.with(|f| f.set(true));
            let _ = gloo::utils::window().location().set_hash("#/");
            let mut props = welcome_props();
            props.welcome = false;
            props.autoplay = false;
            // The app mounts on the kept state (`take_kept`), if there is one.
            drop(h);
            props.handover = Some(Rc::new(Handover {
                state: Rc::from(""),
                playing: false,
                share: false,
                edit: false,
                text: None,
                import: false,
                route: false,
            }));
            mount(props);
            web_sys::console::warn_1(&format!("the full bundle did not load: {e}").into());
            crate::ui::boot::notice_failed();
        }
    });
}

/// Shown by the first bundle when the full one could not be fetched.
pub const FAILED: &str = "The lessons, the quiz and the other views could not be loaded (are you offline?). The playground itself works; try again when you are back online.";

fn notice_failed() {
    FAILED_NOTICE.with(|f| *f.borrow_mut() = true);
}

thread_local! {
    static FAILED_NOTICE: RefCell<bool> = const { RefCell::new(false) };
}

/// Whether the last handover failed (read once by the app to show [`FAILED`]).
pub fn take_failed() -> bool {
    FAILED_NOTICE.with(|f| std::mem::take(&mut *f.borrow_mut()))
}

/// Fetches and starts the full bundle named by the page (`<meta name="otp-full">`,
/// written by `scripts/build-full.sh` with a content hash, so an old and a new build
/// never mix).
async fn import_full() -> Result<(), String> {
    let doc = gloo::utils::document();
    let name = doc
        .query_selector("meta[name=otp-full]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or("the page names no full bundle (was it built with scripts/build-full.sh?)")?;
    let js = |v: JsValue| format!("{v:?}");
    let promise = import_module(&format!("./{name}.js")).map_err(js)?;
    let module = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(js)?;
    let init: js_sys::Function = js_sys::Reflect::get(&module, &"default".into())
        .map_err(js)?
        .dyn_into()
        .map_err(js)?;
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(
        &opts,
        &"module_or_path".into(),
        &format!("./{name}_bg.wasm").into(),
    )
    .map_err(js)?;
    let started = init.call1(&JsValue::NULL, &opts).map_err(js)?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(started))
        .await
        .map_err(js)?;
    Ok(())
}
