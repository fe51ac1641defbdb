//! Editing several settings at once, in a grid or by pasting `key=value` lines, saved in one atomic
//! bulk upsert; the result says what changed.
use super::{
    all_config, bulk_row_field, parse_pasted, validate_bulk, BulkRow, BulkSummary, SaveConfigBulk,
};
use crate::{
    auth::use_current_user,
    eclipse::{models::ConfigItem, positions::Capability},
    error::{AppError, FieldErrors},
    ui::{
        error::{ErrorPanel, InlineError},
        form::answered,
        layout::PageHeader,
        load::Loaded,
        table::ColumnHeads,
    },
};
use leptos::prelude::*;

/// One row of the grid: an existing setting or a new one.
#[derive(Debug, Clone, PartialEq)]
struct GridRow {
    id: u32,
    key: String,
    /// The value when loaded (the mask for a secret), `None` for a new row.
    original: Option<String>,
    was_encrypted: bool,
    value: String,
    encrypt: bool,
}

impl GridRow {
    fn is_change(&self) -> bool {
        if self.key.trim().is_empty() || (self.was_encrypted && self.value.is_empty()) {
            return false;
        }
        self.was_encrypted || self.encrypt || self.original.as_deref() != Some(self.value.as_str())
    }
    fn to_bulk(&self) -> BulkRow {
        BulkRow {
            key: self.key.trim().to_owned(),
            value: self.value.clone(),
            encrypt: self.encrypt,
        }
    }
}

#[component]
pub fn ConfigBulkPage() -> impl IntoView {
    if !use_current_user().can(Capability::ManageTenant) {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    let items = Resource::new(|| (), |_| all_config());
    view! {
        <PageHeader title="Edit several settings" subtitle="Change values in the grid or paste key=value lines; everything is saved together, or nothing.">
            <a href="/tenant" class="btn-secondary">"Back to tenant"</a>
        </PageHeader>
        <Loaded resource=items children=|items| view! { <BulkEditing items /> } />
    }.into_any()
}

/// The grid, and after a save what it changed above the grid, which then shows the settings as saved.
#[island]
fn BulkEditing(items: Vec<ConfigItem>) -> impl IntoView {
    let items = RwSignal::new(items);
    let summary = RwSignal::new(None::<BulkSummary>);
    let failed = RwSignal::new(None::<AppError>);
    let on_saved = move |saved: BulkSummary| {
        summary.set(Some(saved));
        leptos::task::spawn_local(async move {
            match all_config().await {
                Ok(fresh) => items.set(fresh),
                Err(error) => failed.set(Some(error)),
            }
        });
    };
    view! {
        {move || summary.get().map(|s| view! { <SummaryPanel summary=s /> })}
        {move || failed.get().map(|error| view! { <ErrorPanel error /> })}
        {move || view! { <BulkEditor items=items.get() on_saved /> }}
    }
}

#[component]
fn SummaryPanel(summary: BulkSummary) -> impl IntoView {
    let headline = match summary.changed.len() {
        0 => "Nothing changed: every value was already set.".to_owned(),
        1 => "1 setting changed.".to_owned(),
        n => format!("{n} settings changed."),
    };
    let changes = summary.changed.into_iter().map(|c| view! {
        <li>
            <span class="font-mono font-medium">{c.key}</span>": "
            <span class="font-mono text-slate-600">{c.before.unwrap_or_else(|| "(new)".into())}</span>" → "
            <span class="font-mono">{c.after}</span>
        </li>
    }).collect_view();
    let unchanged = (!summary.unchanged.is_empty()).then(|| view! {
        <p class="mt-2 text-slate-700">"Unchanged (already had that value): "<span class="font-mono">{summary.unchanged.join(", ")}</span></p>
    });
    view! {
        <section class="card mb-6 border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-950" role="status" data-testid="bulk-summary">
            <p class="font-semibold">{headline}</p>
            <ul class="mt-2 list-disc space-y-1 pl-5">{changes}</ul>
            {unchanged}
        </section>
    }
}

#[component]
fn BulkEditor(
    items: Vec<ConfigItem>,
    on_saved: impl Fn(BulkSummary) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let next_id = StoredValue::new(items.len() as u32);
    let rows = RwSignal::new(
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| GridRow {
                id: i as u32,
                original: Some(item.value.clone()),
                value: if item.encrypted { String::new() } else { item.value },
                was_encrypted: item.encrypted,
                encrypt: item.encrypted,
                key: item.key,
            })
            .collect::<Vec<_>>(),
    );
    let add_row = move |key: String, value: String, encrypt: bool| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        rows.update(|r| {
            r.push(GridRow { id, key, original: None, was_encrypted: false, value, encrypt })
        });
    };
    let save = ServerAction::<SaveConfigBulk>::new();
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    // Which grid row each sent row was, to put the server's messages back on them.
    let sent = StoredValue::new(Vec::<u32>::new());
    Effect::new(move |_| {
        if let Some(summary) = answered(save.value().get(), errors, refused) {
            on_saved(summary);
        }
    });
    let changes = Memo::new(move |_| rows.with(|r| r.iter().filter(|r| r.is_change()).count()));
    let submit = move |_| {
        let (ids, bulk): (Vec<u32>, Vec<BulkRow>) =
            rows.with(|r| r.iter().filter(|r| r.is_change()).map(|r| (r.id, r.to_bulk())).unzip());
        refused.set(None);
        let e = validate_bulk(&bulk);
        sent.set_value(ids);
        if e.is_empty() {
            save.dispatch(SaveConfigBulk { rows: bulk });
        }
        errors.set(e);
    };
    let row_error = move |id: u32| {
        let index = sent.with_value(|s| s.iter().position(|x| *x == id))?;
        errors.with(|e| e.get(&bulk_row_field(index)))
    };
    let pending = save.pending();
    view! {
        <div class="grid gap-6 xl:grid-cols-3">
            <section class="card xl:col-span-2">
                <div class="overflow-x-auto" tabindex="0">
                    <table class="min-w-full divide-y divide-slate-200" data-testid="bulk-grid">
                        <ColumnHeads labels=&["Key", "Current value", "New value", "Encrypted"] />
                        <tbody class="divide-y divide-slate-100 bg-white">
                            <For each=move || rows.with(|r| r.iter().map(|r| r.id).collect::<Vec<_>>()) key=|id| *id
                                children=move |id| view! { <GridRowView id rows row_error /> } />
                        </tbody>
                    </table>
                </div>
                <div class="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 p-4">
                    <button type="button" class="btn-secondary" on:click=move |_| add_row(String::new(), String::new(), false)>"Add row"</button>
                    <div class="flex items-center gap-3">
                        <span class="text-sm text-slate-600" data-testid="change-count">
                            {move || match changes.get() { 0 => "No changes yet".to_owned(), 1 => "1 change".to_owned(), n => format!("{n} changes") }}
                        </span>
                        <button type="button" class="btn-primary" on:click=submit disabled=move || pending.get() || changes.get() == 0>
                            {move || if pending.get() { "Saving…".to_owned() } else { "Save all changes".to_owned() }}
                        </button>
                    </div>
                </div>
                <div class="space-y-2 px-4 pb-4 empty:hidden">
                    {move || errors.with(|e| e.get("form")).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
                    {move || save.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
                </div>
            </section>
            <PastePanel rows add_row />
        </div>
    }
}

#[component]
fn GridRowView(
    id: u32,
    rows: RwSignal<Vec<GridRow>>,
    row_error: impl Fn(u32) -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let row = move || rows.with(|r| r.iter().find(|r| r.id == id).cloned());
    let edit = move |f: &dyn Fn(&mut GridRow)| {
        rows.update(|r| {
            if let Some(row) = r.iter_mut().find(|r| r.id == id) {
                f(row)
            }
        })
    };
    let Some(initial) = row() else {
        return ().into_any();
    };
    let is_new = initial.original.is_none();
    let key_label = if is_new { "Key of new row".to_owned() } else { initial.key.clone() };
    view! {
        <tr class=move || if row().is_some_and(|r| r.is_change()) { "bg-amber-50" } else { "" } data-key=initial.key.clone()>
            <td class="td font-mono text-sm">
                {if is_new {
                    view! {
                        <input class="input min-w-40 font-mono" aria-label="Key of new row" placeholder="key" prop:value=move || row().map(|r| r.key).unwrap_or_default()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|r| r.key = v.clone()) } />
                    }.into_any()
                } else {
                    view! { <span class="font-medium">{initial.key.clone()}</span> }.into_any()
                }}
                {move || row_error(id).map(|e| view! { <p class="field-error font-sans" data-testid="row-error">{e}</p> })}
            </td>
            <td class="td max-w-48 break-all font-mono text-sm text-slate-600">{initial.original.clone().unwrap_or_else(|| "(new)".into())}</td>
            <td class="td">
                <input class="input min-w-56 font-mono" aria-label=format!("New value of {key_label}")
                    type=move || if row().is_some_and(|r| r.encrypt) { "password" } else { "text" }
                    placeholder=if initial.was_encrypted { "unchanged; type to replace" } else { "" }
                    prop:value=move || row().map(|r| r.value).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|r| r.value = v.clone()) } />
            </td>
            <td class="td text-center">
                <input type="checkbox" class="h-4 w-4 rounded border-slate-300" aria-label=format!("Store {key_label} encrypted")
                    prop:checked=move || row().is_some_and(|r| r.encrypt)
                    on:change=move |ev| { let on = event_target_checked(&ev); edit(&|r| r.encrypt = on) } />
            </td>
        </tr>
    }.into_any()
}

/// Pasted `key=value` lines fill the grid: an existing key gets the new value, a new one a new row.
#[component]
fn PastePanel(
    rows: RwSignal<Vec<GridRow>>,
    add_row: impl Fn(String, String, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let applied = RwSignal::new(None::<String>);
    let apply = move |_| {
        applied.set(None);
        match parse_pasted(&text.get()) {
            Err(errors) => problems.set(errors),
            Ok(pasted) => {
                problems.set(vec![]);
                let (mut updated, mut added) = (0, 0);
                for p in pasted {
                    let exists = rows.with(|r| r.iter().any(|r| r.key.trim() == p.key));
                    if exists {
                        rows.update(|r| {
                            if let Some(row) = r.iter_mut().find(|r| r.key.trim() == p.key) {
                                row.value = p.value.clone();
                                row.encrypt = p.encrypt || row.was_encrypted;
                            }
                        });
                        updated += 1;
                    } else {
                        add_row(p.key, p.value, p.encrypt);
                        added += 1;
                    }
                }
                applied.set(Some(format!(
                    "Applied to the grid: {updated} updated, {added} added. Review, then save."
                )));
                text.set(String::new());
            }
        }
    };
    view! {
        <section class="card h-fit space-y-3 p-4">
            <h2 class="text-base font-semibold text-slate-900">"Paste key=value lines"</h2>
            <p class="text-xs text-slate-600">"One setting per line; lines starting with # are skipped; a value starting with Encrypt: is stored encrypted."</p>
            <label for="paste" class="sr-only">"Lines to paste"</label>
            <textarea id="paste" rows="8" class="input font-mono text-sm" placeholder="pciCompliant=true\ncardManagementSystem=Postilion"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || (!problems.get().is_empty()).then(|| view! {
                <ul class="field-error list-disc pl-5" role="alert" data-testid="paste-errors">
                    {problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            })}
            {move || applied.get().map(|a| view! { <p class="text-sm text-emerald-800" role="status">{a}</p> })}
            <button type="button" class="btn-secondary" on:click=apply disabled=move || text.get().trim().is_empty()>"Apply to the grid"</button>
        </section>
    }
}
