//! The "Share & export" dialog: the share link (copied to the clipboard, and shown to copy
//! by hand where the clipboard is refused), the embed snippet, and the exports — the
//! scenario file, the trace as JSON lines, the tree as an SVG image, the Elixir code of the
//! supervision tree — plus importing a scenario file. Downloads are made in the browser
//! from a Blob; nothing is sent anywhere.

use crate::model::share;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// The page's address without its fragment, so links work wherever `dist/` is hosted.
pub fn base_url() -> String {
    let loc = gloo::utils::window().location();
    let href = loc.href().unwrap_or_default();
    href.split('#').next().unwrap_or("").to_string()
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let doc = gloo::utils::document();
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Revoke later: the download has started by then.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The stage's SVG as a standalone image: the page's stage styles are copied in, so the
/// file looks like the stage without the app around it.
pub fn stage_svg() -> Option<String> {
    let doc = gloo::utils::document();
    let svg = doc.query_selector(".stage-svg:not(.flight-layer)").ok()??;
    let clone = svg.clone_node_with_deep(true).ok()?;
    let clone: web_sys::Element = clone.dyn_into().ok()?;
    clone
        .set_attribute("xmlns", "http://www.w3.org/2000/svg")
        .ok()?;
    let r = svg.get_bounding_client_rect();
    clone
        .set_attribute("width", &format!("{:.0}", r.width()))
        .ok()?;
    clone
        .set_attribute("height", &format!("{:.0}", r.height()))
        .ok()?;
    let mut css = String::from(
        ":root{--ink:#111;--blue:#0072B2;--green:#009E73;--yellow:#F0E442;--orange:#E69F00;--vermillion:#D55E00;--purple:#CC79A7;--sky:#56B4E9} svg{background:#fff;font-family:system-ui,'DejaVu Sans',sans-serif}",
    );
    let sheets = doc.style_sheets();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .get(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for j in 0..rules.length() {
            if let Some(rule) = rules.get(j) {
                let text = rule.css_text();
                // Only what styles the stage's shapes and text.
                if [
                    ".node",
                    ".edge",
                    ".stage text",
                    ".msg",
                    ".gave-up",
                    ".flash",
                ]
                .iter()
                .any(|k| text.contains(k))
                {
                    // Rules scoped to the page's stage apply to the image's root instead.
                    css.push_str(&text.replace(".stage text", "text"));
                }
            }
        }
    }
    let style = doc
        .create_element_ns(Some("http://www.w3.org/2000/svg"), "style")
        .ok()?;
    style.set_text_content(Some(&css));
    clone.prepend_with_node_1(&style).ok()?;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        clone.outer_html()
    ))
}

/// Sends a request to the playground's worker (`worker.js`, built by
/// scripts/build-worker.sh: the Elixir export and link packing live there, out of the first
/// load). `done` receives the answer, or what went wrong. One worker per request: requests
/// are rare (a click) and the worker starts in milliseconds once cached.
pub fn ask_worker(request: String, done: Callback<Result<String, String>>) {
    let worker = match web_sys::Worker::new("worker.js") {
        Ok(w) => w,
        Err(_) => {
            done.emit(Err("the helper worker could not be started".into()));
            return;
        }
    };
    let w2 = worker.clone();
    let ok = done.clone();
    let on_message =
        wasm_bindgen::closure::Closure::once_into_js(move |e: web_sys::MessageEvent| {
            w2.terminate();
            let text = e.data().as_string().unwrap_or_default();
            match text.split_once('\n') {
                Some(("ok", body)) => ok.emit(Ok(body.to_string())),
                Some((_, err)) => ok.emit(Err(err.to_string())),
                None => ok.emit(Err("the helper worker gave no answer".into())),
            }
        });
    let w3 = worker.clone();
    let on_error = wasm_bindgen::closure::Closure::once_into_js(move |_: web_sys::Event| {
        w3.terminate();
        done.emit(Err(
            "the helper worker failed to load (is worker.js deployed next to the app?)".into(),
        ));
    });
    worker.set_onmessage(Some(on_message.unchecked_ref()));
    worker.set_onerror(Some(on_error.unchecked_ref()));
    let _ = worker.post_message(&wasm_bindgen::JsValue::from_str(&request));
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The share link's payload (`v1.…`) for the current moment, once the worker packed it
    /// (or why it could not).
    pub link: Option<Result<Rc<str>, Rc<str>>>,
    /// File name stem for downloads.
    pub stem: Rc<str>,
    pub scenario_json: Rc<str>,
    /// The whole session: the link's state as JSON (scenario, actions, moment, branches).
    pub session_json: Rc<str>,
    pub on_trace: Callback<()>,
    pub on_import: Callback<String>,
    pub on_close: Callback<()>,
}

#[function_component(ShareDialog)]
pub fn share_dialog(p: &ShareProps) -> Html {
    let copied = use_state(|| None::<&'static str>);
    let show_code = use_state(|| false);
    let link = match &p.link {
        Some(Ok(l)) => Some(l.clone()),
        _ => None,
    };
    let url = link
        .as_ref()
        .map(|l| format!("{}#/play?s={l}", base_url()))
        .unwrap_or_default();
    let embed = link
        .as_ref()
        .map(|l| {
            format!(
                "<iframe src=\"{}#/embed?s={l}\" width=\"800\" height=\"480\" style=\"border:0\" title=\"OTP Playground: a live supervision tree\" loading=\"lazy\"></iframe>",
                base_url()
            )
        })
        .unwrap_or_default();
    let copy = |text: String, what: &'static str| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let clip = gloo::utils::window().navigator().clipboard();
            let _ = clip.write_text(&text);
            copied.set(Some(what));
        })
    };
    let dl = |name: String, mime: &'static str, text: Rc<str>| {
        Callback::from(move |_: MouseEvent| download(&name, mime, &text))
    };
    let svg = {
        let stem = p.stem.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(svg) = stage_svg() {
                download(&format!("{stem}.svg"), "image/svg+xml", &svg);
            }
        })
    };
    let trace = {
        let cb = p.on_trace.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let import = {
        let cb = p.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let file = gloo::file::File::from(file);
            if file.size() > otp_sim::scenario::limits::MAX_JSON_BYTES as u64 {
                cb.emit(String::new()); // the validator names the empty input
                return;
            }
            let cb = cb.clone();
            let reader = gloo::file::callbacks::read_as_text(&file, move |r| {
                cb.emit(r.unwrap_or_default());
            });
            // The read completes on its own; keep the task alive until then.
            std::mem::forget(reader);
        })
    };
    let close = {
        let cb = p.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    // The Elixir code comes from a worker, asked the first time the code is shown.
    let elixir = use_state(|| None::<Result<Rc<str>, Rc<str>>>);
    let toggle_code = {
        let s = show_code.clone();
        let elixir = elixir.clone();
        let json = p.scenario_json.clone();
        Callback::from(move |_: MouseEvent| {
            if elixir.is_none() && !*s {
                let e2 = elixir.clone();
                ask_worker(
                    format!("elixir\n{json}"),
                    Callback::from(move |r: Result<String, String>| {
                        e2.set(Some(
                            r.map(|c| Rc::from(c.as_str()))
                                .map_err(|e| Rc::from(e.as_str())),
                        ))
                    }),
                );
            }
            s.set(!*s)
        })
    };
    let long = url.len() > share::TYPICAL_LINK_CHARS;
    // A modal dialog: focus moves into it, Tab stays inside it, Escape closes it.
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<web_sys::HtmlElement>()
                && let Ok(Some(first)) = d.query_selector("h2")
                && let Ok(first) = first.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = first.focus();
            }
        });
    }
    let onkeydown = {
        let cb = p.on_close.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                cb.emit(());
                return;
            }
            if e.key() != "Tab" {
                return;
            }
            let Some(d) = dialog.cast::<web_sys::Element>() else {
                return;
            };
            let Ok(list) = d.query_selector_all("button:not([disabled]), input, a[href]") else {
                return;
            };
            let items: Vec<web_sys::HtmlElement> = (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into().ok())
                .collect();
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = gloo::utils::document().active_element();
            let is = |el: &web_sys::HtmlElement| {
                active
                    .as_ref()
                    .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
            };
            if e.shift_key() && (is(first) || !items.iter().any(is)) {
                e.prevent_default();
                let _ = last.focus();
            } else if !e.shift_key() && is(last) {
                e.prevent_default();
                let _ = first.focus();
            }
        })
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="share-title" data-testid="share-dialog" {onkeydown}>
            <div class="dialog share" ref={dialog}>
                <h2 id="share-title" tabindex="-1">{"Share & export"}</h2>
                <p>{"This link reopens exactly this moment — the scenario with your changes, your actions, the time, the selection and the view — in any browser."}</p>
                if let Some(Err(e)) = &p.link {
                    <p role="alert" data-testid="share-error">{format!("No link: {e}.")}</p>
                } else if link.is_none() {
                    <p role="status">{"Making the link…"}</p>
                }
                <label class="field">
                    <span>{"Link"}</span>
                    <input type="text" readonly=true value={url.clone()} data-testid="share-url"
                        onfocus={Callback::from(|e: FocusEvent| {
                            let i: HtmlInputElement = e.target_unchecked_into();
                            i.select();
                        })} />
                </label>
                if long {
                    <p class="muted small">{format!("{} characters: some chat tools cut links this long; the scenario file (below) always works.", url.len())}</p>
                }
                <div class="actions">
                    <button class="primary" data-testid="copy-link" disabled={link.is_none()} onclick={copy(url.clone(), "link")}>{"Copy link"}</button>
                    <button data-testid="copy-embed" disabled={link.is_none()} onclick={copy(embed.clone(), "embed")}>{"Copy embed snippet"}</button>
                    if let Some(l) = &link {
                        <a class="button secondary" href={format!("#/present?s={l}")} data-testid="present-link">{"Present this"}</a>
                    }
                    if let Some(w) = *copied {
                        <span role="status" data-testid="copied">{format!("Copied the {w}.")}</span>
                    }
                </div>
                <h3>{"Export"}</h3>
                <div class="actions">
                    <button data-testid="export-scenario" onclick={dl(format!("{}.json", p.stem), "application/json", p.scenario_json.clone())}>{"Scenario (.json)"}</button>
                    <button data-testid="export-session" title="The scenario with your actions, this moment and every branch of the timeline; Import reopens it" onclick={dl(format!("{}.session.json", p.stem), "application/json", p.session_json.clone())}>{"Session with branches (.json)"}</button>
                    <button data-testid="export-trace" onclick={trace}>{"Trace (.jsonl)"}</button>
                    <button data-testid="export-svg" onclick={svg}>{"Tree (.svg)"}</button>
                    <button data-testid="export-elixir-show" onclick={toggle_code} aria-expanded={show_code.to_string()}>{"Elixir code"}</button>
                </div>
                if *show_code {
                    <div class="elixir">
                        { match &*elixir {
                            None => html! { <p role="status">{"Writing the Elixir code…"}</p> },
                            Some(Err(e)) => html! { <p role="alert" data-testid="elixir-error">{format!("No Elixir code: {e}.")}</p> },
                            Some(Ok(code)) => html! {
                                <>
                                    <pre data-testid="elixir-code"><code class="language-elixir">{&**code}</code></pre>
                                    <div class="actions">
                                        <button onclick={copy(code.to_string(), "Elixir code")}>{"Copy"}</button>
                                        <button data-testid="export-elixir" onclick={dl(format!("{}.exs", p.stem), "text/plain", code.clone())}>{"Download (.exs)"}</button>
                                    </div>
                                </>
                            },
                        } }
                    </div>
                }
                <h3>{"Import"}</h3>
                <label class="field">
                    <span>{"Open a scenario or session file (it is checked first; a bad file changes nothing)"}</span>
                    <input type="file" accept=".json,application/json" data-testid="import-file" onchange={import} />
                </label>
                <div class="actions"><button onclick={close} data-testid="share-close">{"Close"}</button></div>
            </div>
        </div>
    }
}

/// What the share dialog shows, fixed at the moment it was opened.
#[derive(Clone, PartialEq)]
pub struct ShareData {
    pub link: Option<Result<Rc<str>, Rc<str>>>,
    pub stem: Rc<str>,
    pub scenario_json: Rc<str>,
    pub session_json: Rc<str>,
}

/// The share dialog's state: its content while open, and how to open and close it.
pub struct ShareHandle {
    pub open: Option<Rc<ShareData>>,
    /// Opens the dialog on this moment: `(link state JSON, file stem, scenario JSON)`.
    pub on_open: Callback<(String, Rc<str>, Rc<str>)>,
    pub on_close: Callback<()>,
}

/// The share dialog's flow: opening it shows the dialog at once and asks the worker to
/// pack the link (deflate lives there, not in the first load); the answer fills the link
/// in. Which opening an answer belongs to is counted: a late answer after the dialog was
/// closed (or reopened) must not reopen or overwrite it.
#[hook]
pub fn use_share() -> ShareHandle {
    let open = use_state(|| None::<Rc<ShareData>>);
    let generation = use_mut_ref(|| 0u32);
    let on_open = {
        let open = open.clone();
        let generation = generation.clone();
        Callback::from(
            move |(state_json, stem, scenario_json): (String, Rc<str>, Rc<str>)| {
                *generation.borrow_mut() += 1;
                let this = *generation.borrow();
                let data = ShareData {
                    link: None,
                    stem,
                    scenario_json,
                    session_json: Rc::from(state_json.as_str()),
                };
                open.set(Some(Rc::new(data.clone())));
                let gen_now = generation.clone();
                let so = open.clone();
                ask_worker(
                    format!("link\n{state_json}"),
                    Callback::from(move |r: Result<String, String>| {
                        if *gen_now.borrow() != this {
                            return;
                        }
                        so.set(Some(Rc::new(ShareData {
                            link: Some(
                                r.map(|l| Rc::from(l.as_str()))
                                    .map_err(|e| Rc::from(e.as_str())),
                            ),
                            ..data.clone()
                        })))
                    }),
                );
            },
        )
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_: ()| {
            *generation.borrow_mut() += 1;
            open.set(None)
        })
    };
    ShareHandle {
        open: (*open).clone(),
        on_open,
        on_close,
    }
}
