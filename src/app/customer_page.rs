//! The customer's page: who they are at a glance, then a tab per part of their record. It composes the
//! customers domain with wallets, cards and review decisions, so it lives above all of them.
use crate::ui::load::{record_of_route, route_id, Loaded};
use crate::{
    auth::use_current_user,
    cards::CustomerCards,
    customers::{
        addresses::AddressesTab,
        barring::BarringPanel,
        documents::DocumentsPanel,
        get_customer,
        identities::IdentitiesTab,
        kyc::{FixAt, KycPanel},
        profile::{ProfileLocks, ProfileTab},
        timeline::CustomerTimeline,
        CustomerStatusBadge,
    },
    eclipse::{models::Customer, positions::Capability},
    review::{DecisionHistory, ManualKycTab, ManualKycTrail},
    ui::layout::PageHeader,
    wallets::CustomerWallets,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The tabs of the record: (key in the URL, label, capability needed to see it).
const TABS: &[(&str, &str, Capability)] = &[
    ("profile", "Profile", Capability::ReadBasics),
    ("addresses", "Addresses", Capability::ReadBasics),
    ("documents", "Documents", Capability::ReadKyc),
    ("identities", "Identities", Capability::ReadBasics),
    ("kyc", "KYC", Capability::ReadKyc),
    ("manual-kyc", "Manual KYC", Capability::ReadKyc),
    ("wallets", "Wallets", Capability::ReadBasics),
    ("cards", "Cards", Capability::ReadBasics),
    ("timeline", "Timeline", Capability::ReadBasics),
];

/// Where on the customer's page a failed KYC check is put right.
fn fix_tab(customer_id: i64, at: FixAt) -> String {
    let tab = match at {
        FixAt::Details => "profile",
        FixAt::Address => "addresses",
        FixAt::Documents => "documents",
    };
    format!("/customers/{customer_id}?tab={tab}")
}

/// The customer's page: the header, the tab asked for in the URL, and the actions (barring) apart below. The interactive
/// parts are islands that load and save their own data; a change that shows elsewhere on the page (a
/// barring job that ended) loads the page again.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let id = route_id();
    let customer = record_of_route(get_customer);
    let user = use_current_user();
    let can_edit = user.can(Capability::EditCustomers);
    let can_bar = user.can(Capability::ChangeStatus);
    let asked = use_query_map().read_untracked().get("tab").unwrap_or_default();
    let tab = TABS
        .iter()
        .find(|(key, _, cap)| *key == asked && user.can(*cap))
        .map(|(key, _, _)| *key)
        .unwrap_or("profile");
    let visible: Vec<_> = TABS
        .iter()
        .filter(|(_, _, cap)| user.can(*cap))
        .map(|(key, label, _)| (*key, *label))
        .collect();
    view! {
        <Loaded resource=customer children=|customer| view! { <CustomerHeader customer /> } />
        {id().map(|customer_id| {
            let links = visible.iter().map(|(key, label)| {
                let current = *key == tab;
                view! {
                    <a href=format!("/customers/{customer_id}?tab={key}") aria-current=current.then_some("page")
                        class="-mb-px border-b-2 px-3 py-2 text-sm font-medium"
                        class=("border-sky-700", current) class=("text-sky-800", current)
                        class=("border-transparent", !current) class=("text-slate-600", !current)>{*label}</a>
                }
            }).collect_view();
            view! {
                <div class="mb-4 flex flex-wrap items-end justify-between gap-2 border-b border-slate-200">
                    <nav class="flex flex-wrap gap-1" aria-label="Customer record">{links}</nav>
                    {can_bar.then(|| view! { <a href="#customer-actions" class="mb-2 text-sm text-slate-700 hover:underline">"Actions ↓"</a> })}
                </div>
                {match tab {
                    "addresses" => view! { <AddressesTab customer_id can_edit /> }.into_any(),
                    "documents" => view! { <DocumentsPanel customer_id can_edit /> }.into_any(),
                    "identities" => view! { <IdentitiesTab customer_id can_edit /> }.into_any(),
                    "kyc" => view! {
                        <div class="space-y-4">
                            <CustomerKyc customer_id can_run=can_edit />
                            <ManualKycTrail customer_id />
                            <DecisionHistory customer_id />
                        </div>
                    }.into_any(),
                    "manual-kyc" => view! { <ManualKycTab customer_id /> }.into_any(),
                    "wallets" => view! { <CustomerWallets customer_id can_create=can_edit /> }.into_any(),
                    "cards" => view! { <CustomerCards customer_id /> }.into_any(),
                    "timeline" => view! { <CustomerTimeline customer_id /> }.into_any(),
                    _ => view! {
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                customer.await.ok().map(|customer| view! { <CustomerProfile customer can_edit /> })
                            })}
                        </Transition>
                    }.into_any(),
                }}
                // Rare and destructive: apart from the record, below it, one link away from the top.
                <section id="customer-actions" class="mt-10 border-t border-slate-300 pt-6" aria-labelledby=can_bar.then_some("customer-actions-title")>
                    {can_bar.then(|| view! { <h2 id="customer-actions-title" class="mb-3 text-base font-semibold text-slate-900">"Actions"</h2> })}
                    <BarringPanel customer_id can_bar />
                </section>
            }
        })}
    }
}

/// The details form and the profile lock, which share the customer's version.
#[island]
fn CustomerProfile(customer: Customer, can_edit: bool) -> impl IntoView {
    let current = RwSignal::new(customer);
    view! {
        <div class="grid gap-6 xl:grid-cols-3">
            <div class="xl:col-span-2"><ProfileTab customer=current can_edit /></div>
            <ProfileLocks customer=current can_edit />
        </div>
    }
}

/// The KYC tab, its failed checks linking to the tab that fixes them.
#[island]
fn CustomerKyc(customer_id: i64, can_run: bool) -> impl IntoView {
    let fix_href = Callback::new(move |at: FixAt| fix_tab(customer_id, at));
    view! { <KycPanel customer_id can_run fix_href /> }
}

#[component]
fn CustomerHeader(customer: Customer) -> impl IntoView {
    let subtitle = format!(
        "Customer {} · since {}",
        customer.customer_id,
        crate::ui::format::date(&customer.created)
    );
    view! {
        <PageHeader title=customer.full_name() subtitle=subtitle>
            <a href="/customers?view=default" class="btn-secondary">"Back to customers"</a>
        </PageHeader>
        <div class="mb-4 flex flex-wrap items-center gap-2 text-sm">
            <CustomerStatusBadge status=customer.status />
            <span class="badge bg-slate-100 text-slate-800 ring-slate-300" data-testid="kyc-level">"KYC "{customer.kyc_level.as_str()}</span>
            <span class="text-slate-600">"The status changes only by barring or unbarring the customer."</span>
        </div>
    }
}
