//! The editor page (`#/edit`): the form (`editor_form`) or the text view or the saved
//! scenarios on the left, the stage running the draft on the right (the playground's own
//! stage and timeline, passed in as children), and a toolbar — new, undo / redo (also
//! Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y outside text fields), presenter preview, share, export,
//! import. It autosaves the draft and the saved scenarios in local storage. All decisions
//! are the model's (`model::editor`).

use crate::model::edit_library::{DRAFT_KEY, LIBRARY_KEY, draft_from_storage, draft_to_storage};
use crate::model::edit_ops::{Field, NodePath, Target, node};
use crate::model::editor::{Editor, EditorAction};
use crate::model::share::file_stem;
use crate::ui::editor_form::{self as form, AddChild, Ctx, Input, Outline};
use crate::ui::share_dialog::download;
use crate::ui::shared::Shared;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The autosaved draft's JSON, if there is one this version can read.
pub fn saved_draft() -> Option<String> {
    let raw = storage().and_then(|s| s.get_item(DRAFT_KEY).ok().flatten());
    draft_from_storage(raw.as_deref())
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Form,
    Text,
    Saved,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub editor: Shared<Editor>,
    /// The timeline's moment, in ms: where "add a fault / a step" puts it.
    pub now_ms: u64,
    pub on_action: Callback<EditorAction>,
    /// Opens the share dialog on the stage's moment (the draft).
    pub on_share: Callback<()>,
    /// The process selected on the stage (Alt + arrows move it).
    pub selected: Option<std::rc::Rc<str>>,
    /// The stage and its timeline.
    pub children: Html,
}

#[function_component(EditorPage)]
pub fn editor_page(p: &EditorProps) -> Html {
    let tab = use_state(|| Tab::Form);
    let ed = &p.editor;
    // The saved scenarios, read once; then stored whenever they change.
    {
        let cb = p.on_action.clone();
        use_effect_with((), move |_| {
            let raw = storage().and_then(|s| s.get_item(LIBRARY_KEY).ok().flatten());
            cb.emit(EditorAction::LoadLibrary(raw));
        });
    }
    {
        let ed = p.editor.clone();
        use_effect_with(ed.library_revision, move |rev| {
            if *rev > 0
                && let Some(s) = storage()
            {
                let _ = s.set_item(LIBRARY_KEY, &ed.library.to_storage());
            }
        });
    }
    // The draft, autosaved at each change.
    {
        let draft = ed.draft.clone();
        use_effect_with(ed.revision, move |_| {
            if let (Some(d), Some(s)) = (draft, storage()) {
                let _ = s.set_item(DRAFT_KEY, &draft_to_storage(&d.to_json_pretty()));
            }
        });
    }
    // Undo / redo keys outside text fields (where the browser's own undo works).
    {
        let cb = p.on_action.clone();
        use_effect_with((), move |_| {
            let l = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                gloo::events::EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if !(e.ctrl_key() || e.meta_key()) || crate::ui::keys::is_typing(e) {
                        return;
                    }
                    let a = match e.key().to_ascii_lowercase().as_str() {
                        "z" if e.shift_key() => EditorAction::Redo,
                        "z" => EditorAction::Undo,
                        "y" => EditorAction::Redo,
                        _ => return,
                    };
                    e.prevent_default();
                    cb.emit(a);
                },
            );
            move || drop(l)
        });
    }
    let Some(draft) = ed.draft.clone() else {
        return html! { <main class="page" data-testid="editor-loading"><p role="status">{"Opening the editor…"}</p></main> };
    };
    let act = |a: EditorAction| {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let tab_button = |t: Tab, label: &str, id: &str| {
        let s = tab.clone();
        html! {
            <button role="tab" aria-selected={(*tab == t).to_string()} aria-controls="editor-panel" data-testid={format!("tab-{id}")}
                onclick={move |_| s.set(t)}>{label.to_string()}</button>
        }
    };
    let text_broken = !ed.text_errors.is_empty();
    let export = {
        let d = draft.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}.json", file_stem(&d.name)),
                "application/json",
                &d.to_json_pretty(),
            )
        })
    };
    let import = {
        let cb = p.on_action.clone();
        let tab = tab.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let file = gloo::file::File::from(file);
            if file.size() > otp_sim::scenario::limits::MAX_JSON_BYTES as u64 {
                cb.emit(EditorAction::Text(String::new()));
                return;
            }
            let cb = cb.clone();
            // The text view shows the file: as the draft if valid, with its errors if not.
            tab.set(Tab::Text);
            let reader = gloo::file::callbacks::read_as_text(&file, move |r| {
                cb.emit(EditorAction::Text(r.unwrap_or_default()));
            });
            std::mem::forget(reader);
            input.set_value("");
        })
    };
    let share = {
        let cb = p.on_share.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let rejected_elsewhere = ed.rejected.as_ref().map(|r| {
        html! {
            <div class="notice" role="alert" data-testid="editor-rejected">
                {"Not changed: "}
                { for r.errors.iter().map(|e| html! { <span>{format!("{}: {}. ", e.path, e.message)}</span> }) }
                <button onclick={act(EditorAction::Dismiss)}>{"OK"}</button>
            </div>
        }
    });
    html! {
        <main class="editor-page" data-testid="editor">
            <div class="editor-bar" role="toolbar" aria-label="Editor">
                <h1>{"Scenario editor"}</h1>
                <button onclick={act(EditorAction::New)} data-testid="editor-new" title="Start from an empty tree (your current draft stays one undo away)">{"New"}</button>
                <button onclick={act(EditorAction::Undo)} disabled={!ed.can_undo()} data-testid="undo" title="Undo (Ctrl+Z)">{"Undo"}</button>
                <button onclick={act(EditorAction::Redo)} disabled={!ed.can_redo()} data-testid="redo" title="Redo (Ctrl+Shift+Z or Ctrl+Y)">{"Redo"}</button>
                <a class="button secondary" href="#/present" data-testid="editor-present" title="Presenter mode on this scenario and its narrated steps">{"Preview steps"}</a>
                <a class="button secondary" href="#/" title="The playground with this scenario">{"Playground"}</a>
                <button onclick={share} data-testid="editor-share" title="A link to this scenario at this moment">{"Share"}</button>
                <button onclick={export} data-testid="editor-export" title="Download the scenario as a .json file">{"Export"}</button>
                <label class="button secondary file">
                    {"Import…"}
                    <input type="file" accept=".json,application/json" onchange={import} data-testid="editor-import" class="sr-only" />
                </label>
                <span class="muted small" role="status" data-testid="autosaved">{"Draft saved in this browser"}</span>
            </div>
            {rejected_elsewhere.unwrap_or_default()}
            <div class="editor-grid">
                <section class="editor-side" aria-label="Edit the scenario">
                    <div role="tablist" aria-label="Edit as" class="editor-tabs">
                        {tab_button(Tab::Form, "Form", "form")}
                        {tab_button(Tab::Text, "Text", "text")}
                        {tab_button(Tab::Saved, &format!("Saved ({})", ed.library.items.len()), "saved")}
                    </div>
                    if text_broken && *tab == Tab::Form {
                        <p class="notice" role="status">{"The text view has errors: fix them there (or go back to the last valid scenario) before using the form, so nothing you typed is lost."}</p>
                    }
                    <div id="editor-panel" role="tabpanel" class="editor-panel">
                        <Panel editor={p.editor.clone()} tab={*tab} now_ms={p.now_ms / 10 * 10} on_action={p.on_action.clone()} />
                    </div>
                </section>
                <div class="editor-stage">
                    <crate::ui::stage_arrange::StageArrange draft={draft.clone()} selected={p.selected.clone()} on_action={p.on_action.clone()} />
                    {p.children.clone()}
                </div>
            </div>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct SavedProps {
    editor: Shared<Editor>,
    on_action: Callback<EditorAction>,
}

/// The named scenarios kept in this browser: save the draft under a name, open, rename,
/// duplicate, delete.
#[function_component(Saved)]
fn saved(p: &SavedProps) -> Html {
    let name = use_state(|| {
        p.editor
            .draft
            .as_ref()
            .map(|d| d.name.clone())
            .unwrap_or_default()
    });
    let renaming = use_state(|| None::<(usize, String)>);
    let text = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| {
            s.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let act = |a: EditorAction| {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let save = {
        let (cb, n) = (p.on_action.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit(EditorAction::Save((*n).clone()))
        })
    };
    html! {
        <div class="saved" data-testid="saved">
            <form onsubmit={save} class="save-form">
                <label for="save-name">{"Save the draft as"}</label>
                <input id="save-name" type="text" value={(*name).clone()} oninput={text(&name)} data-testid="save-name"
                    aria-describedby="save-note" />
                <button type="submit" data-testid="save">{"Save"}</button>
            </form>
            <p id="save-note" role="status" class="muted" data-testid="library-note">
                { p.editor.library_note.as_deref().map(String::from).unwrap_or_else(|| "Kept in this browser only; saving under an existing name replaces it.".into()) }
                if p.editor.deleted.is_some() {
                    {" "}<button onclick={act(EditorAction::RestoreDeleted)} data-testid="restore-deleted">{"Restore it"}</button>
                }
            </p>
            <ul class="saved-list">
            { for p.editor.library.items.iter().enumerate().map(|(i, s)| {
                let editing = renaming.as_ref().filter(|(j, _)| *j == i).map(|(_, n)| n.clone());
                html! {
                    <li data-testid={format!("saved-{i}")}>
                        if let Some(n) = editing {
                            <input type="text" value={n} aria-label={format!("New name for {}", s.name)} data-testid="rename-input"
                                oninput={{ let r = renaming.clone(); Callback::from(move |e: InputEvent| r.set(Some((i, e.target_unchecked_into::<web_sys::HtmlInputElement>().value())))) }} />
                            <button data-testid="rename-ok" onclick={{
                                let (r, cb) = (renaming.clone(), p.on_action.clone());
                                Callback::from(move |_: MouseEvent| {
                                    if let Some((j, n)) = (*r).clone() { cb.emit(EditorAction::Rename(j, n)); }
                                    r.set(None);
                                })
                            }}>{"OK"}</button>
                        } else {
                            <strong>{s.name.clone()}</strong>
                        }
                        <button onclick={act(EditorAction::Open(i))} data-testid="saved-open" aria-label={format!("Open {}", s.name)}>{"Open"}</button>
                        <button onclick={{ let (r, n) = (renaming.clone(), s.name.clone()); Callback::from(move |_: MouseEvent| r.set(Some((i, n.clone())))) }}
                            aria-label={format!("Rename {}", s.name)} data-testid="saved-rename">{"Rename"}</button>
                        <button onclick={act(EditorAction::Duplicate(i))} aria-label={format!("Duplicate {}", s.name)} data-testid="saved-duplicate">{"Duplicate"}</button>
                        <button class="danger" onclick={act(EditorAction::Delete(i))} aria-label={format!("Delete {}", s.name)} data-testid="saved-delete">{"Delete"}</button>
                    </li>
                }
            }) }
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    editor: Shared<Editor>,
    tab: Tab,
    now_ms: u64,
    on_action: Callback<EditorAction>,
}

/// The tab's panel: memoised, so a playing stage beside it does not redraw the form.
#[function_component(Panel)]
fn panel(p: &PanelProps) -> Html {
    let selected = use_state(Vec::<usize>::new);
    let ed = &p.editor;
    let Some(draft) = ed.draft.clone() else {
        return Html::default();
    };
    // The selection may point past the tree after an undo or a removal.
    let sel: NodePath = if node(&draft.tree, &selected).is_some() {
        (*selected).clone()
    } else {
        Vec::new()
    };
    let cx = Ctx {
        rejected: ed.rejected.clone(),
        on_action: p.on_action.clone(),
    };
    let act = |a: EditorAction| {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let on_select = {
        let s = selected.clone();
        Callback::from(move |path: NodePath| s.set(path))
    };
    let text_broken = !ed.text_errors.is_empty();
    match p.tab {
        Tab::Form => {
            let sel_node = node(&draft.tree, &sel);
            let takes = matches!(
                sel_node,
                Some(otp_sim::ChildSpec::Supervisor(_) | otp_sim::ChildSpec::DynamicSupervisor(_))
            );
            html! {
                <fieldset class="editor-form" disabled={text_broken}>
                    <legend class="sr-only">{"The scenario's fields"}</legend>
                    <details open=true>
                        <summary>{"Scenario: name, seed, duration, schedulers"}</summary>
                        {form::field(&cx, Target::Scenario, Field::Name, &draft.name, Input::Text)}
                        {form::field(&cx, Target::Scenario, Field::Description, &draft.description, Input::Long)}
                        {form::field(&cx, Target::Scenario, Field::Seed, &draft.seed.to_string(), Input::Text)}
                        {form::field(&cx, Target::Scenario, Field::DurationMs, &draft.duration_ms.to_string(), Input::Text)}
                        {form::field(&cx, Target::Scenario, Field::Schedulers, &draft.config.schedulers.to_string(), Input::Text)}
                        {form::field(&cx, Target::Scenario, Field::LatencyUs, &draft.config.latency_us.to_string(), Input::Text)}
                    </details>
                    <h2>{"Tree"}</h2>
                    <Outline tree={draft.tree.clone()} selected={sel.clone()} on_select={on_select.clone()} on_action={p.on_action.clone()} />
                    if takes {
                        <AddChild parent={sel.clone()} cx={cx.clone()} />
                    }
                    <h2>{ format!("Selected: {}", sel_node.map(|n| n.id().to_string()).unwrap_or_default()) }</h2>
                    {form::moves(&cx, &draft, &sel, &on_select)}
                    {form::node_form(&cx, &draft, &sel)}
                    {form::faults(&cx, &draft, p.now_ms, sel_node.filter(|_| !sel.is_empty()).map(|n| n.id()))}
                    {form::steps(&cx, &draft, p.now_ms)}
                </fieldset>
            }
        }
        Tab::Text => {
            let oninput = {
                let cb = p.on_action.clone();
                Callback::from(move |e: InputEvent| {
                    cb.emit(EditorAction::Text(
                        e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                            .value(),
                    ))
                })
            };
            html! {
                <div class="editor-text">
                    <label for="editor-text">{"The scenario as JSON (docs/scenario-format.md); a valid text runs at once, an invalid one keeps the last valid scenario running."}</label>
                    <textarea id="editor-text" spellcheck="false" value={ed.text.to_string()} {oninput} data-testid="editor-text"
                        aria-invalid={text_broken.to_string()} aria-describedby="editor-text-errors" />
                    <ul id="editor-text-errors" class="text-errors" role="status" data-testid="text-errors">
                        { for ed.text_errors.iter().map(|e| html! {
                            <li>
                                { e.line.map(|l| format!("Line {l}: ")).unwrap_or_default() }
                                if !e.path.is_empty() { <code>{e.path.clone()}</code>{": "} }
                                {e.message.clone()}
                            </li>
                        }) }
                    </ul>
                    if text_broken {
                        <button onclick={act(EditorAction::RevertText)} data-testid="revert-text">{"Back to the last valid scenario"}</button>
                    }
                </div>
            }
        }
        Tab::Saved => html! { <Saved editor={p.editor.clone()} on_action={p.on_action.clone()} /> },
    }
}
