//! The customer's page: who they are at a glance, then a tab per part of their record.
use super::{
    profile::{ProfileLocks, ProfileTab},
    search::CustomerStatusBadge,
    *,
};
use crate::{
    auth::use_current_user,
    eclipse::positions::Capability,
    ui::{error::ErrorPanel, layout::PageHeader},
};
use leptos_router::hooks::use_params_map;

#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    let customer = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_customer(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(c) => view! { <CustomerDetail customer=c /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CustomerDetail(customer: Customer) -> impl IntoView {
    let can_edit = use_current_user().can(Capability::EditCustomers);
    let current = RwSignal::new(customer.clone());
    let subtitle = format!("Customer {} · since {}", customer.customer_id, customer.created.get(..10).unwrap_or_default());
    view! {
        <PageHeader title=customer.full_name() subtitle=subtitle>
            <a href="/customers" class="btn-secondary">"Back to customers"</a>
        </PageHeader>
        <div class="mb-4 flex flex-wrap items-center gap-2 text-sm">
            {move || view! { <CustomerStatusBadge status=current.with(|c| c.status) /> }}
            <span class="badge bg-slate-100 text-slate-800 ring-slate-300" data-testid="kyc-level">"KYC "{move || current.with(|c| c.kyc_level.as_str())}</span>
            <span class="text-slate-600">"The status changes only by barring or unbarring the customer."</span>
        </div>
        <nav class="mb-4 flex gap-1 border-b border-slate-200" aria-label="Customer record">
            <span class="border-b-2 border-sky-700 px-3 py-2 text-sm font-medium text-sky-800" aria-current="page">"Profile"</span>
        </nav>
        <div class="grid gap-6 xl:grid-cols-3">
            <div class="xl:col-span-2"><ProfileTab customer=current can_edit /></div>
            <ProfileLocks customer=current can_edit />
        </div>
    }
}
