//! The "Share & export" dialog: the share link (copied to the clipboard, and shown to copy
//! by hand where the clipboard is refused), the embed snippet, and the exports — the
//! scenario file, the trace as JSON lines, the tree as an SVG image, the Elixir code of the
//! supervision tree — plus importing a scenario file. Downloads are made in the browser
//! from a Blob; nothing is sent anywhere.

use crate::share;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
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
                    css.push_str(&text);
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

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The share link's payload (`v1.…`) for the current moment.
    pub link: Rc<str>,
    /// File name stem for downloads.
    pub stem: Rc<str>,
    pub scenario_json: Rc<str>,
    pub elixir: Rc<str>,
    pub on_trace: Callback<()>,
    pub on_import: Callback<String>,
    pub on_close: Callback<()>,
}

#[function_component(ShareDialog)]
pub fn share_dialog(p: &ShareProps) -> Html {
    let copied = use_state(|| None::<&'static str>);
    let show_code = use_state(|| false);
    let url = format!("{}#/play?s={}", base_url(), p.link);
    let embed = format!(
        "<iframe src=\"{}#/embed?s={}\" width=\"800\" height=\"480\" style=\"border:0\" title=\"OTP Playground: a live supervision tree\" loading=\"lazy\"></iframe>",
        base_url(),
        p.link
    );
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
    let toggle_code = {
        let s = show_code.clone();
        Callback::from(move |_: MouseEvent| s.set(!*s))
    };
    let long = url.len() > share::TYPICAL_LINK_CHARS;
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="share-title" data-testid="share-dialog">
            <div class="dialog share">
                <h2 id="share-title">{"Share & export"}</h2>
                <p>{"This link reopens exactly this moment — the scenario with your changes, your actions, the time, the selection and the view — in any browser."}</p>
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
                    <button class="primary" data-testid="copy-link" onclick={copy(url.clone(), "link")}>{"Copy link"}</button>
                    <button data-testid="copy-embed" onclick={copy(embed.clone(), "embed")}>{"Copy embed snippet"}</button>
                    <a class="button secondary" href={format!("#/present?s={}", p.link)} data-testid="present-link">{"Present this"}</a>
                    if let Some(w) = *copied {
                        <span role="status" data-testid="copied">{format!("Copied the {w}.")}</span>
                    }
                </div>
                <h3>{"Export"}</h3>
                <div class="actions">
                    <button data-testid="export-scenario" onclick={dl(format!("{}.json", p.stem), "application/json", p.scenario_json.clone())}>{"Scenario (.json)"}</button>
                    <button data-testid="export-trace" onclick={trace}>{"Trace (.jsonl)"}</button>
                    <button data-testid="export-svg" onclick={svg}>{"Tree (.svg)"}</button>
                    <button data-testid="export-elixir-show" onclick={toggle_code} aria-expanded={show_code.to_string()}>{"Elixir code"}</button>
                </div>
                if *show_code {
                    <div class="elixir">
                        <pre data-testid="elixir-code"><code class="language-elixir">{&*p.elixir}</code></pre>
                        <div class="actions">
                            <button onclick={copy(p.elixir.to_string(), "Elixir code")}>{"Copy"}</button>
                            <button data-testid="export-elixir" onclick={dl(format!("{}.exs", p.stem), "text/plain", p.elixir.clone())}>{"Download (.exs)"}</button>
                        </div>
                    </div>
                }
                <h3>{"Import"}</h3>
                <label class="field">
                    <span>{"Open a scenario file (it is checked first; a bad file changes nothing)"}</span>
                    <input type="file" accept=".json,application/json" data-testid="import-file" onchange={import} />
                </label>
                <div class="actions"><button onclick={close} data-testid="share-close">{"Close"}</button></div>
            </div>
        </div>
    }
}
