use super::{
    config_editor::ConfigEditor, get_tenant_details, list_config, validate_tenant_edit,
    DeleteConfig, TenantEdit, UpdateTenantDetails, CONFIG_SORTABLE,
};
use crate::{
    auth::use_current_user,
    eclipse::{
        models::{known_config_key, ConfigItem, Page, Tenant, MASK},
        positions::Capability,
    },
    error::{FieldErrors, Outcome},
    ui::{
        client::reload_saying,
        dialog::ConfirmDialog,
        error::InlineError,
        form::{SubmitButton, TextField, ToggleButton},
        layout::PageHeader,
        load::Loaded,
        table::{use_list_state, Column, ListState, SearchBox, SortedTable},
    },
};
use leptos::prelude::*;

const DEFAULT_SORT: &str = "key";

#[component]
pub fn TenantPage() -> impl IntoView {
    let can_manage = use_current_user().can(Capability::ManageTenant);
    let tenant = Resource::new(|| (), |_| get_tenant_details());
    view! {
        <PageHeader title="Tenant" subtitle="This tenant's details and its configuration in Eclipse.">
            {can_manage.then(|| view! { <a href="/tenant/config/bulk" class="btn-secondary">"Edit several settings"</a> })}
        </PageHeader>
        <Loaded resource=tenant children=move |tenant| view! { <TenantDetails tenant can_manage /> } />
        <ConfigSection can_manage />
    }
}

#[island]
fn TenantDetails(tenant: Tenant, can_manage: bool) -> impl IntoView {
    let editing = RwSignal::new(false);
    let rows = [
        ("Name", tenant.name.clone()),
        ("Description", tenant.description.clone().unwrap_or_default()),
        ("Tenant id", tenant.tenant_id.to_string()),
        ("Status", tenant.status.clone().unwrap_or_default()),
        ("Created", tenant.created.as_ref().map(crate::ui::format::date).unwrap_or_default()),
    ];
    let details = move || {
        rows.clone()
            .into_iter()
            .map(|(k, v)| {
                view! {
                    <div class="grid grid-cols-3 gap-4 py-2 text-sm">
                        <dt class="font-medium text-slate-600">{k}</dt>
                        <dd class="col-span-2 text-slate-900">{v}</dd>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card mb-6 p-6" data-testid="tenant-details">
            <div class="flex items-start justify-between gap-4">
                <h2 class="text-base font-semibold text-slate-900">"Details"</h2>
                {can_manage.then(|| view! {
                    <ToggleButton open=editing label="Edit details" />
                })}
            </div>
            <Show when=move || editing.get() fallback=move || view! { <dl class="mt-2 max-w-2xl divide-y divide-slate-100">{details()}</dl> }>
                <EditTenant tenant=tenant.clone() />
            </Show>
        </section>
    }
}

#[component]
fn EditTenant(tenant: Tenant) -> impl IntoView {
    let update = ServerAction::<UpdateTenantDetails>::new();
    let errors = RwSignal::new(FieldErrors::default());
    let name = RwSignal::new(tenant.name.clone());
    let description = RwSignal::new(tenant.description.clone().unwrap_or_default());
    Effect::new(move |_| match update.value().get() {
        Some(Ok(Outcome::Done(_))) => reload_saying("Tenant details saved."),
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = TenantEdit { name: name.get(), description: description.get() };
        let e = validate_tenant_edit(&edit);
        if e.is_empty() {
            update.dispatch(UpdateTenantDetails { edit });
        }
        errors.set(e);
    };
    view! {
        <form class="mt-4 max-w-2xl space-y-4" on:submit=submit novalidate>
            <TextField name="name" label="Name" value=name errors required=true />
            <TextField name="description" label="Description" value=description errors />
            {move || update.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end">
                <SubmitButton pending=update.pending() label="Save details" busy="Saving…" />
            </div>
        </form>
    }
}

/// `None`: no form open; `Some(None)`: a new setting; `Some(Some(item))`: changing `item`.
type Editing = Option<Option<ConfigItem>>;

#[component]
fn ConfigSection(can_manage: bool) -> impl IntoView {
    let state = use_list_state(DEFAULT_SORT, CONFIG_SORTABLE);
    let config = Resource::new(move || state.get(), |s| list_config(s.query()));
    view! {
        <Loaded resource=config inset=true
            children=move |page| view! { <ConfigList page state=state.get_untracked() can_manage /> } />
    }
}

/// The settings of one page of the list, each changed or deleted in place.
#[island]
fn ConfigList(page: Page<ConfigItem>, state: ListState, can_manage: bool) -> impl IntoView {
    let state = Memo::new(move |_| state.clone());
    let editing = RwSignal::<Editing>::new(None);
    let deleting = RwSignal::new(None::<ConfigItem>);
    view! {
        <section class="card" aria-labelledby="config-heading">
            <div class="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 p-4">
                <div>
                    <h2 id="config-heading" class="text-base font-semibold text-slate-900">"Configuration"</h2>
                    <p class="text-sm text-slate-600">"Settings Eclipse applies to this tenant. Encrypted values are never shown."</p>
                </div>
                <div class="flex flex-wrap items-center gap-3">
                    <SearchBox state default_sort=DEFAULT_SORT label="Search by key" placeholder="Search by key…" />
                    {can_manage.then(|| view! {
                        <button type="button" class="btn-primary" on:click=move |_| editing.set(Some(None))>"Add setting"</button>
                    })}
                </div>
            </div>
            <div class="px-4 pt-4 empty:hidden">
                {move || editing.get().map(|item| view! { <ConfigEditor item on_cancel=move || editing.set(None) /> })}
            </div>
            <ConfigTable page state can_manage editing deleting />
        </section>
        {move || deleting.get().map(|item| view! { <DeleteConfig item on_cancel=move || deleting.set(None) /> })}
    }
}

const COLUMNS: &[Column] = &[
    Column::sorted("Key", "key"),
    Column::plain("Value"),
    Column::plain("Description"),
    Column::sorted("Last modified", "modified"),
];

#[component]
fn ConfigTable(
    page: Page<ConfigItem>,
    state: Memo<ListState>,
    can_manage: bool,
    editing: RwSignal<Editing>,
    deleting: RwSignal<Option<ConfigItem>>,
) -> impl IntoView {
    let shown = page.items.len();
    let total = page.total;
    let rows = page.items.into_iter().map(|item| {
        let for_edit = item.clone();
        let for_delete = item.clone();
        let label = item.key.clone();
        view! {
            <tr class="hover:bg-slate-50" data-key=item.key.clone()>
                <td class="td font-mono text-sm font-medium">{item.key.clone()}</td>
                <td class="td max-w-xs"><ConfigValue item=item.clone() /></td>
                <td class="td text-slate-600">{item.description.clone().unwrap_or_default()}</td>
                <td class="td whitespace-nowrap text-slate-600">{item.last_modified.as_ref().map(crate::ui::format::date).unwrap_or_default()}</td>
                {can_manage.then(|| view! {
                    <td class="td whitespace-nowrap text-right">
                        <button type="button" class="link mr-3" aria-label=format!("Edit {label}")
                            on:click=move |_| editing.set(Some(Some(for_edit.clone())))>"Edit"</button>
                        <button type="button" class="text-sm font-medium text-red-700 hover:underline" aria-label=format!("Delete {label}")
                            on:click=move |_| deleting.set(Some(for_delete.clone()))>"Delete"</button>
                    </td>
                })}
            </tr>
        }
    }).collect_view();
    view! {
        <SortedTable state default_sort=DEFAULT_SORT columns=COLUMNS actions=can_manage testid="config-table" shown total
            none="No setting matches.">
            {rows}
        </SortedTable>
    }
}

#[component]
fn ConfigValue(item: ConfigItem) -> impl IntoView {
    if item.encrypted {
        view! {
            <span class="badge bg-violet-50 text-violet-800 ring-violet-200" title="Stored encrypted: it can be replaced, never read back">"Encrypted"</span>
            <span class="ml-2 font-mono text-sm text-slate-500" data-testid="masked-value">{MASK}</span>
        }.into_any()
    } else if item.value.is_empty() {
        view! { <span class="text-sm italic text-slate-500">"(empty)"</span> }.into_any()
    } else {
        view! { <span class="break-all font-mono text-sm text-slate-900">{item.value}</span> }
            .into_any()
    }
}

#[component]
fn DeleteConfig(
    item: ConfigItem,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let delete = ServerAction::<DeleteConfig>::new();
    let open = RwSignal::new(true);
    let refused = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if !open.get() {
            on_cancel();
        }
    });
    let key = item.key.clone();
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(Outcome::Done(()))) => {
            reload_saying(format!("Deleted {key}."));
        }
        Some(Ok(Outcome::Refused(why))) => refused.set(Some(why)),
        _ => {}
    });
    let fallback = match known_config_key(&item.key) {
        Some(k) if k.default.is_empty() => {
            format!("Eclipse then applies its default for {}: not set.", k.key)
        }
        Some(k) => format!("Eclipse then applies its default for {}: {}.", k.key, k.default),
        None => "Eclipse then applies its own default for this key, if it has one.".to_owned(),
    };
    let key = item.key.clone();
    view! {
        <ConfirmDialog open title=format!("Delete {}?", item.key) confirm_label="Delete setting" pending=delete.pending() danger=true
            on_confirm=move || { delete.dispatch(DeleteConfig { key: key.clone() }); }>
            <p>"The tenant's own value is removed. "{fallback.clone()}</p>
            {move || refused.get().map(|why| view! { <p class="mt-3 text-amber-900" role="alert">{why}</p> })}
            {move || delete.value().get().and_then(|r| r.err()).map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
        </ConfirmDialog>
    }
}
