//! The customer search: results follow the typing (debounced), and the search lives in the URL, so back
//! and reload keep it. Without JavaScript the same form searches on submit.
use super::*;
use crate::{
    eclipse::models::CustomerStatus,
    ui::{
        error::ErrorPanel,
        layout::PageHeader,
        table::{use_list_state_with, KeepOrder, ListState, Pager, SortHeader},
    },
};

const DEFAULT_SORT: &str = "name";

#[component]
pub fn CustomersPage() -> impl IntoView {
    let state = use_list_state_with(DEFAULT_SORT, SORTABLE, &["by"]);
    let results = Resource::new(
        move || state.get(),
        |s| {
            let by = SearchBy::parse(s.filter("by"));
            search_customers(s.query(), by)
        },
    );
    view! {
        <PageHeader title="Customers" subtitle="Search by name, email, phone, identity number or passport number." />
        <div class="card">
            <SearchForm state=state.get_untracked() />
            <div id=RESULTS_ID>
            <Transition fallback=|| view! { <p class="p-4 text-sm text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(result) => view! { <CustomersTable result state /> }.into_any(),
                        Err(error) => view! { <div class="p-4"><ErrorPanel error /></div> }.into_any(),
                    }
                })}
            </Transition>
            </div>
        </div>
    }
}

/// A GET form; with JavaScript, the results follow the typing after a short pause (the bootstrap script's
/// `data-live`): they are replaced in place, so the box keeps the focus, and the address follows without
/// adding history entries. The order is kept; the page goes back to the first.
#[component]
fn SearchForm(state: ListState) -> impl IntoView {
    let by = SearchBy::parse(state.filter("by"));
    view! {
        <form method="GET" action="" class="flex flex-wrap items-end gap-3 border-b border-slate-200 p-4" role="search" data-live=RESULTS_ID>
            <div class="min-w-64 flex-1">
                <label for="q" class="label">"Search"</label>
                <input id="q" name="q" type="search" class="input" autocomplete="off" placeholder="e.g. Dlamini, 0821234567, thandi@example.com"
                    value=state.q.clone() />
            </div>
            <div>
                <label for="by" class="label">"Look in"</label>
                <select id="by" name="by" class="input">
                    {SearchBy::ALL.into_iter().map(|b| view! { <option value=b.key() selected=b == by>{b.label()}</option> }).collect_view()}
                </select>
            </div>
            <KeepOrder state default_sort=DEFAULT_SORT />
            <button type="submit" class="btn-secondary" data-pending="Searching…">"Search"</button>
        </form>
    }
}

/// The part of the page the search replaces as it is typed.
const RESULTS_ID: &str = "customer-results";

#[component]
fn CustomersTable(result: SearchResult, state: Memo<ListState>) -> impl IntoView {
    let SearchResult { page, by } = result;
    let shown = page.items.len();
    let total = page.total;
    let searching = !state.get_untracked().q.trim().is_empty();
    let rows = page.items.into_iter().map(|c| {
        let identity = c.national_identity_number.clone().or_else(|| c.passport_number.clone()).unwrap_or_default();
        view! {
            <tr class="hover:bg-slate-50">
                <td class="td font-medium"><a class="link" href=format!("/customers/{}", c.customer_id)>{c.full_name()}</a></td>
                <td class="td">{c.email.clone().unwrap_or_default()}</td>
                <td class="td whitespace-nowrap tabular-nums">{c.phone1.clone().unwrap_or_default()}</td>
                <td class="td whitespace-nowrap font-mono text-sm">{identity}</td>
                <td class="td"><CustomerStatusBadge status=c.status /></td>
                <td class="td"><span class="badge bg-slate-100 text-slate-800 ring-slate-300">{c.kyc_level.as_str()}</span></td>
                <td class="td whitespace-nowrap text-slate-600">{crate::ui::format::date(&c.created)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        {searching.then(|| view! {
            <p class="px-4 pt-3 text-xs text-slate-600" data-testid="searched-by">"Looking in: "{by.label()}</p>
        })}
        <div class="overflow-x-auto">
            <table class="min-w-full divide-y divide-slate-200" data-testid="customers-table">
                <thead class="bg-slate-50">
                    <tr>
                        <SortHeader state key="name" default_sort=DEFAULT_SORT label="Name" />
                        <th scope="col" class="th">"Email"</th>
                        <th scope="col" class="th">"Phone"</th>
                        <th scope="col" class="th">"Identity / passport"</th>
                        <th scope="col" class="th">"Status"</th>
                        <th scope="col" class="th">"KYC"</th>
                        <SortHeader state key="created" default_sort=DEFAULT_SORT label="Created" />
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100 bg-white">{rows}</tbody>
            </table>
            {(shown == 0).then(|| view! { <p class="p-6 text-center text-sm text-slate-500">"No customer matches."</p> })}
        </div>
        <Pager state default_sort=DEFAULT_SORT shown total />
    }
}

#[component]
pub fn CustomerStatusBadge(status: CustomerStatus) -> impl IntoView {
    let class = match status {
        CustomerStatus::Active => "badge bg-emerald-50 text-emerald-800 ring-emerald-200",
        CustomerStatus::Barred => "badge bg-red-50 text-red-800 ring-red-200",
        CustomerStatus::Deleted => "badge bg-slate-100 text-slate-700 ring-slate-300",
    };
    view! { <span class=class data-testid="customer-status">{status.as_str()}</span> }
}
