//! The reviewer's document viewer: two panes side by side (the identity document and the selfie, to
//! compare faces), each with zoom and rotation, and any document of the customer choosable in either.
use crate::{
    customers::documents::{file_href, type_label},
    eclipse::models::{Document, DocumentType},
};
use leptos::prelude::*;

const ZOOMS: &[f64] = &[0.5, 0.75, 1.0, 1.5, 2.0, 3.0];

#[island]
pub fn DocumentViewer(customer_id: i64, documents: Vec<Document>) -> impl IntoView {
    if documents.is_empty() {
        return view! { <p class="card p-6 text-sm text-slate-600">"No document is on file for this customer."</p> }.into_any();
    }
    let first_of =
        |pick: fn(DocumentType) -> bool| documents.iter().position(|d| pick(d.document_type));
    let identity = first_of(|t| t.is_identity()).unwrap_or(0);
    let selfie = first_of(|t| t == DocumentType::FacialPhoto).unwrap_or(if documents.len() > 1 {
        1
    } else {
        0
    });
    view! {
        <div class="grid gap-4 lg:grid-cols-2" data-testid="document-viewer">
            <ViewerPane customer_id documents=documents.clone() start=identity title="Identity document" />
            <ViewerPane customer_id documents start=selfie title="Selfie" />
        </div>
    }
    .into_any()
}

#[component]
fn ViewerPane(
    customer_id: i64,
    documents: Vec<Document>,
    start: usize,
    title: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(start);
    let zoom = RwSignal::new(2usize);
    let turns = RwSignal::new(0u32);
    let pane_id = format!("pane-{}", title.to_lowercase().replace(' ', "-"));
    let options = documents
        .iter()
        .enumerate()
        .map(|(i, d)| view! { <option value=i.to_string() selected=i == start>{format!("{} · {}", type_label(d.document_type), d.file_name)}</option> })
        .collect_view();
    let docs = documents.clone();
    let current = move || docs.get(shown.get()).cloned();
    let transform = move || format!("scale({}) rotate({}deg)", ZOOMS[zoom.get()], turns.get() * 90);
    view! {
        <section class="card p-3" aria-labelledby=pane_id.clone() data-testid="viewer-pane">
            <div class="mb-2 flex flex-wrap items-center justify-between gap-2">
                <h3 id=pane_id.clone() class="text-sm font-semibold text-slate-900">{title}</h3>
                <label class="sr-only" for=format!("{pane_id}-doc")>{format!("Document shown in the {} pane", title.to_lowercase())}</label>
                <select id=format!("{pane_id}-doc") class="input w-auto max-w-[16rem] py-1 text-xs"
                    on:change=move |ev| { if let Ok(i) = event_target_value(&ev).parse() { shown.set(i); zoom.set(2); turns.set(0); } }>
                    {options}
                </select>
            </div>
            <div class="flex items-center gap-1 text-sm" role="toolbar" aria-label=format!("{title} view")>
                <button type="button" class="btn-secondary px-2 py-1" aria-label="Zoom out" data-shortcut="-" data-shortcut-label="Zoom both documents out" disabled=move || zoom.get() == 0
                    on:click=move |_| zoom.update(|z| *z = z.saturating_sub(1))>"−"</button>
                <span class="w-14 text-center text-xs text-slate-600" data-testid="zoom">{move || format!("{:.0} %", ZOOMS[zoom.get()] * 100.0)}</span>
                <button type="button" class="btn-secondary px-2 py-1" aria-label="Zoom in" data-shortcut="+" data-shortcut-label="Zoom both documents in" disabled=move || zoom.get() + 1 == ZOOMS.len()
                    on:click=move |_| zoom.update(|z| *z = (*z + 1).min(ZOOMS.len() - 1))>"+"</button>
                <button type="button" class="btn-secondary px-2 py-1" aria-label="Rotate a quarter turn" data-shortcut="o" data-shortcut-label="Rotate both documents a quarter turn"
                    on:click=move |_| turns.update(|t| *t = (*t + 1) % 4)>"↻"</button>
                <button type="button" class="link ml-2 text-xs" data-shortcut="0" data-shortcut-label="Reset both documents' zoom and rotation" on:click=move |_| { zoom.set(2); turns.set(0); }>"Reset"</button>
            </div>
            <div class="mt-2 flex h-80 items-center justify-center overflow-auto rounded-md bg-slate-900/5 ring-1 ring-slate-200" tabindex="0">
                {move || current().map(|d| {
                    let href = file_href(customer_id, d.document_id);
                    let label = format!("{}: {}", type_label(d.document_type), d.file_name);
                    if d.content_type.starts_with("image/") {
                        view! {
                            <img src=href alt=label class="max-h-72 max-w-full origin-center object-contain transition-transform"
                                style:transform=transform data-testid="viewer-image" />
                        }.into_any()
                    } else {
                        view! { <a class="btn-secondary" href=href target="_blank" rel="noopener">"Open the PDF"</a> }.into_any()
                    }
                })}
            </div>
        </section>
    }
}
