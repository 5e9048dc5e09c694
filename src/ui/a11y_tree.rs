//! The SVG stage's accessible description (`role="tree"`), drawn from the model's items
//! (`model::a11y`): one memoised component per item, its props the item's `Rc` compared
//! by pointer, so a frame that brought three items up to date re-renders those three and
//! the path above them, not the ~200 others.

use crate::model::a11y::Item;
use crate::ui::shared::Shared;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct A11yProps {
    pub root: Shared<Item>,
    /// The processes outside the tree (`model::outside`): a second top-level item.
    #[prop_or_else(|| Shared(Rc::new(Vec::new())))]
    pub outside: Shared<Vec<crate::model::outside::Outside>>,
    pub selected: Option<Rc<str>>,
    pub on_select: Callback<Rc<str>>,
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    item: Shared<Item>,
    depth: usize,
    /// The selection, passed down: changing it re-renders every item (a user's action,
    /// not a frame's).
    selected: Option<Rc<str>>,
    on_select: Callback<Rc<str>>,
}

#[function_component(A11yItem)]
fn a11y_item(p: &ItemProps) -> Html {
    let n = &p.item;
    let onclick = {
        let (cb, id) = (p.on_select.clone(), n.id.clone());
        Callback::from(move |_| cb.emit(id.clone()))
    };
    let selected = p.selected.as_deref() == Some(&*n.id);
    html! {
        <li role="treeitem" aria-level={(p.depth + 1).to_string()} aria-selected={selected.to_string()}
            aria-label={AttrValue::Rc(n.sentence.clone())} data-id={AttrValue::Rc(n.id.clone())}
            data-state={n.facts.state.as_str()}
            data-pid={n.facts.pid.map(|x| x.to_string()).unwrap_or_default()} {onclick}>
            {&*n.sentence}
            if !n.children.is_empty() {
                <ul role="group">
                    { for n.children.iter().map(|c| html! {
                        <A11yItem key={&*c.id} item={Shared(c.clone())} depth={p.depth + 1}
                            selected={p.selected.clone()} on_select={p.on_select.clone()} />
                    }) }
                </ul>
            }
        </li>
    }
}

/// The processes outside the tree, for screen readers: a second top-level item.
fn a11y_outside(
    out: &[crate::model::outside::Outside],
    sel: &Option<Rc<str>>,
    on_select: &Callback<Rc<str>>,
) -> Html {
    if out.is_empty() {
        return html! {};
    }
    let title = format!(
        "{} ({} process{} started outside any supervisor)",
        crate::model::outside::TITLE,
        out.len(),
        if out.len() == 1 { "" } else { "es" }
    );
    html! {
        <li role="treeitem" aria-level="1" aria-label={title.clone()} data-testid="a11y-outside">
            {title}
            <ul role="group">
                { for out.iter().map(|o| {
                    let n = &o.node;
                    let label = crate::model::outside::sentence(o);
                    let id = n.id.clone();
                    let cb = on_select.clone();
                    let selected = sel.as_deref() == Some(&*n.id);
                    html! {
                        <li key={n.id.to_string()} role="treeitem" aria-level="2" aria-selected={selected.to_string()}
                            aria-label={label.clone()} data-id={n.id.to_string()} data-state={n.state.as_str()}
                            data-pid={n.pid.map(|x| x.to_string()).unwrap_or_default()}
                            onclick={Callback::from(move |_| cb.emit(id.clone()))}>{label}</li>
                    }
                }) }
            </ul>
        </li>
    }
}

/// The tree as nested list items for screen readers (and tests).
#[function_component(A11yTree)]
pub fn a11y_tree(p: &A11yProps) -> Html {
    html! {
        <ul role="tree" class="sr-only" aria-label="Supervision tree" data-testid="a11y-tree">
            <A11yItem item={Shared(p.root.0.clone())} depth={0} selected={p.selected.clone()} on_select={p.on_select.clone()} />
            { a11y_outside(&p.outside, &p.selected, &p.on_select) }
        </ul>
    }
}
