//! The customer's page: who they are at a glance, then a tab per part of their record.
use super::{
    addresses::AddressesTab,
    barring::BarringPanel,
    documents::DocumentsPanel,
    identities::IdentitiesTab,
    kyc::{FixAt, KycPanel},
    profile::{ProfileLocks, ProfileTab},
    search::CustomerStatusBadge,
    *,
};
use crate::{
    auth::use_current_user,
    cards::CustomerCards,
    eclipse::positions::Capability,
    ui::{error::ErrorPanel, layout::PageHeader},
    wallets::CustomerWallets,
};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The tabs of the record: (key in the URL, label, capability needed to see it).
const TABS: &[(&str, &str, Capability)] = &[
    ("profile", "Profile", Capability::ReadBasics),
    ("addresses", "Addresses", Capability::ReadBasics),
    ("documents", "Documents", Capability::ReadKyc),
    ("identities", "Identities", Capability::ReadBasics),
    ("kyc", "KYC", Capability::ReadKyc),
    ("wallets", "Wallets", Capability::ReadBasics),
    ("cards", "Cards", Capability::ReadBasics),
];

/// Where on the customer's page a failed KYC check is put right.
pub fn fix_tab(customer_id: i64, at: FixAt) -> String {
    let tab = match at {
        FixAt::Details => "profile",
        FixAt::Address => "addresses",
        FixAt::Documents => "documents",
    };
    format!("/customers/{customer_id}?tab={tab}")
}

/// The customer's page. Each tab's panel is created here, outside the customer's own loading boundary, so
/// that the server and the browser create their data loads in the same order (a load created inside a
/// boundary that resolved later gets a different hydration id on the server than in the browser).
#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    // Read again when a barring job ends, so the header shows the new status.
    let refreshed = RwSignal::new(0u32);
    let customer = Resource::new(move || (id(), refreshed.get()), |(id, _)| async move {
        match id {
            Some(id) => get_customer(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let user = use_current_user();
    let can_edit = user.can(Capability::EditCustomers);
    let can_bar = user.can(Capability::ChangeStatus);
    let query = use_query_map();
    let may = user.clone();
    let tab = Memo::new(move |_| {
        let asked = query.read().get("tab").unwrap_or_default();
        TABS.iter().find(|(key, _, cap)| *key == asked && may.can(*cap)).map(|(key, _, _)| *key).unwrap_or("profile")
    });
    let visible: Vec<_> = TABS.iter().filter(|(_, _, cap)| user.can(*cap)).map(|(key, label, _)| (*key, *label)).collect();
    // What the header shows follows the profile tab's saves.
    let shown = RwSignal::new(None::<Customer>);
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(c) => {
                        shown.set(Some(c.clone()));
                        view! { <CustomerHeader customer=c shown /> }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
        {move || id().map(|customer_id| {
            let links = visible.iter().map(|(key, label)| {
                let key = *key;
                view! {
                    <a href=format!("/customers/{customer_id}?tab={key}") aria-current=move || (tab.get() == key).then_some("page")
                        class="-mb-px border-b-2 px-3 py-2 text-sm font-medium"
                        class=("border-sky-700", move || tab.get() == key) class=("text-sky-800", move || tab.get() == key)
                        class=("border-transparent", move || tab.get() != key) class=("text-slate-600", move || tab.get() != key)>{*label}</a>
                }
            }).collect_view();
            let fix_href = Callback::new(move |at: FixAt| fix_tab(customer_id, at));
            view! {
                <BarringPanel customer_id can_bar on_finished=Callback::new(move |_| refreshed.update(|n| *n += 1)) />
                <nav class="mb-4 flex flex-wrap gap-1 border-b border-slate-200" aria-label="Customer record">{links}</nav>
                {move || match tab.get() {
                    "addresses" => view! { <AddressesTab customer_id can_edit /> }.into_any(),
                    "documents" => view! { <DocumentsPanel customer_id can_edit /> }.into_any(),
                    "identities" => view! { <IdentitiesTab customer_id can_edit /> }.into_any(),
                    "kyc" => view! { <KycPanel customer_id can_run=can_edit fix_href /> }.into_any(),
                    "wallets" => view! { <CustomerWallets customer_id can_create=can_edit /> }.into_any(),
                    "cards" => view! { <CustomerCards customer_id /> }.into_any(),
                    _ => view! {
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                customer.await.ok().map(|c| {
                                    let current = RwSignal::new(c);
                                    Effect::new(move |_| shown.set(Some(current.get())));
                                    view! {
                                        <div class="grid gap-6 xl:grid-cols-3">
                                            <div class="xl:col-span-2"><ProfileTab customer=current can_edit /></div>
                                            <ProfileLocks customer=current can_edit />
                                        </div>
                                    }
                                })
                            })}
                        </Transition>
                    }.into_any(),
                }}
            }
        })}
    }
}

#[component]
fn CustomerHeader(customer: Customer, shown: RwSignal<Option<Customer>>) -> impl IntoView {
    let subtitle = format!("Customer {} · since {}", customer.customer_id, customer.created.get(..10).unwrap_or_default());
    let field = move |f: fn(&Customer) -> String| move || shown.with(|c| c.as_ref().map(f).unwrap_or_default());
    view! {
        <PageHeader title=customer.full_name() subtitle=subtitle>
            <a href="/customers" class="btn-secondary">"Back to customers"</a>
        </PageHeader>
        <div class="mb-4 flex flex-wrap items-center gap-2 text-sm">
            {move || view! { <CustomerStatusBadge status=shown.with(|c| c.as_ref().map(|c| c.status).unwrap_or(customer.status)) /> }}
            <span class="badge bg-slate-100 text-slate-800 ring-slate-300" data-testid="kyc-level">"KYC "{field(|c| c.kyc_level.as_str().to_owned())}</span>
            <span class="text-slate-600">"The status changes only by barring or unbarring the customer."</span>
        </div>
    }
}
