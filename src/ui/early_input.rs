//! What a user types before the page has hydrated survives hydration.
//!
//! A field bound with `prop:value` is set back to the server's value when it hydrates, and its handlers did not
//! exist yet when the user typed: the edit would vanish, or stay on screen unknown to the page. So the edits are
//! read before hydration and replayed after it as the events the browser would have sent, and the page's
//! signals learn them.
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// One field the user changed from what the server sent.
pub enum Edit {
    Text(HtmlInputElement, String),
    TextArea(HtmlTextAreaElement, String),
    Checked(HtmlInputElement, bool),
    Selected(HtmlSelectElement, i32),
    /// Files cannot be set from script, and hydration leaves them alone: only the event is replayed.
    Files(HtmlInputElement),
}

thread_local! {
    static KEPT: std::cell::RefCell<Vec<Edit>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Holds the edits captured before hydration until the islands have hydrated.
pub fn keep(edits: Vec<Edit>) {
    KEPT.with(|kept| *kept.borrow_mut() = edits);
}

pub fn kept() -> Vec<Edit> {
    KEPT.with(|kept| std::mem::take(&mut *kept.borrow_mut()))
}

/// The fields whose state differs from the HTML the server sent.
pub fn capture() -> Vec<Edit> {
    let Some(fields) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("input, textarea, select").ok())
    else {
        return Vec::new();
    };
    (0..fields.length())
        .filter_map(|i| fields.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .filter_map(edit_of)
        .collect()
}

fn edit_of(element: Element) -> Option<Edit> {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        return match input.type_().as_str() {
            "checkbox" | "radio" => (input.checked() != input.default_checked())
                .then(|| Edit::Checked(input.clone(), input.checked())),
            "file" => {
                input.files().is_some_and(|f| f.length() > 0).then(|| Edit::Files(input.clone()))
            }
            "hidden" | "submit" | "button" | "reset" | "image" => None,
            _ => (input.value() != input.default_value())
                .then(|| Edit::Text(input.clone(), input.value())),
        };
    }
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        return (Ok(area.value()) != area.default_value())
            .then(|| Edit::TextArea(area.clone(), area.value()));
    }
    let select = element.dyn_into::<HtmlSelectElement>().ok()?;
    let options = select.options();
    let server_choice = (0..options.length() as i32)
        .find(|&i| {
            options
                .item(i as u32)
                .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                .is_some_and(|o| o.default_selected())
        })
        .unwrap_or(0);
    (select.selected_index() != server_choice)
        .then(|| Edit::Selected(select.clone(), select.selected_index()))
}

/// Puts each edit back and tells the page about it.
pub fn replay(edits: Vec<Edit>) {
    for edit in edits {
        match edit {
            Edit::Text(input, value) => {
                input.set_value(&value);
                announce(&input, "input");
            }
            Edit::TextArea(area, value) => {
                area.set_value(&value);
                announce(&area, "input");
            }
            Edit::Checked(input, checked) => {
                input.set_checked(checked);
                announce(&input, "input");
                announce(&input, "change");
            }
            Edit::Selected(select, index) => {
                select.set_selected_index(index);
                announce(&select, "change");
            }
            Edit::Files(input) => announce(&input, "change"),
        }
    }
}

fn announce(target: &web_sys::EventTarget, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = Event::new_with_event_init_dict(kind, &init) {
        let _ = target.dispatch_event(&event);
    }
}
