//! The audit trail of review decisions: the page (filtered, paged, exported as CSV) and the customer's
//! own decisions on their KYC tab.
use super::*;
use crate::{
    auth::use_current_user,
    eclipse::positions::Capability,
    ui::{
        error::ErrorPanel,
        layout::PageHeader,
        load::Loaded,
        table::{use_list_state_with, ListState, Pager},
    },
};
use crate::activity::AuditTabs;

const FILTER_KEYS: &[&str] = &["reviewer", "decision", "from", "to", "customer"];

fn filters_of(s: &ListState) -> AuditFilters {
    AuditFilters {
        reviewer: s.filter("reviewer").to_owned(),
        decision: s.filter("decision").to_owned(),
        from: s.filter("from").to_owned(),
        to: s.filter("to").to_owned(),
        customer_id: s.filter("customer").to_owned(),
        offset: s.offset(),
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let may = use_current_user().can(Capability::ManageTenant);
    let state = use_list_state_with("decided", &["decided"], FILTER_KEYS);
    let page = Resource::new(move || state.get(), move |s| async move {
        if may { audit_decisions(filters_of(&s)).await } else { Err(AppError::Forbidden) }
    });
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    let csv_href = move || format!("/audit/decisions.csv{}", filters_of(&state.get()).query_string());
    view! {
        <PageHeader title="Audit: KYC decisions" subtitle="Every decision reviewers sent to Eclipse through the portal, newest first, refusals included.">
            <a class="btn-secondary" href=csv_href download data-testid="audit-csv">"Download CSV"</a>
        </PageHeader>
        <AuditTabs current="/audit" />
        <AuditFilterForm state />
        <Loaded resource=page children=move |data| view! { <AuditTable data state /> } />
    }
    .into_any()
}

#[component]
fn AuditFilterForm(state: Memo<ListState>) -> impl IntoView {
    let s = state.get_untracked();
    let decision = s.filter("decision").to_owned();
    let text = move |key: &'static str, label: &'static str, kind: &'static str, class: &'static str| {
        let id = format!("audit-{key}");
        view! {
            <div>
                <label for=id.clone() class="label">{label}</label>
                <input id=id name=key type=kind class=format!("input {class}") value=s.filter(key).to_owned() />
            </div>
        }
    };
    let option = move |value: &'static str, label: &'static str| view! { <option value=value selected=decision == value>{label}</option> };
    view! {
        <form method="GET" action="" class="card mb-4 flex flex-wrap items-end gap-4 p-4" aria-label="Filter the decisions">
            {text("reviewer", "Reviewer", "text", "w-44")}
            <div>
                <label for="audit-decision" class="label">"Decision"</label>
                <select id="audit-decision" name="decision" class="input">
                    {option("", "Any")}{option("VERIFIED", "Verified")}{option("REJECTED", "Rejected")}
                </select>
            </div>
            {text("from", "From", "date", "")}
            {text("to", "To", "date", "")}
            {text("customer", "Customer id", "text", "w-28")}
            <button type="submit" class="btn-secondary">"Apply filters"</button>
            <a href="/audit" class="link text-sm">"Clear"</a>
        </form>
    }
}

#[component]
fn AuditTable(data: AuditPageData, state: Memo<ListState>) -> impl IntoView {
    if data.rows.is_empty() {
        return view! { <p class="card p-6 text-sm text-slate-600">"No decision matches these filters."</p> }.into_any();
    }
    let shown = data.rows.len();
    view! {
        <div class="card overflow-x-auto">
            <DecisionTable rows=data.rows with_customer=true />
            <Pager state default_sort="decided" shown total=Some(data.total) />
        </div>
    }
    .into_any()
}

/// The decisions as a table: when, who, which result (and customer), what, why, and what Eclipse said.
#[component]
fn DecisionTable(rows: Vec<DecisionRecord>, with_customer: bool) -> impl IntoView {
    let lines = rows
        .into_iter()
        .map(|r| {
            let decision_class = if r.decision == "VERIFIED" { "font-medium text-emerald-700" } else { "font-medium text-red-700" };
            let outcome = if r.result == "ok" { "Sent".to_owned() } else { format!("Refused by Eclipse ({})", r.result) };
            view! {
                <tr data-testid="decision-row">
                    <td class="td whitespace-nowrap">{r.decided_at.get(..16).unwrap_or_default().replace('T', " ")}</td>
                    <td class="td">{r.reviewer}</td>
                    <td class="td">{format!("#{}", r.ratify_result_id)}</td>
                    {with_customer.then(|| view! { <td class="td"><a class="link" href=format!("/customers/{}?tab=kyc", r.customer_id)>{r.customer_id}</a></td> })}
                    <td class="td"><span class=decision_class>{if r.decision == "VERIFIED" { "Verified" } else { "Rejected" }}</span></td>
                    <td class="td">{r.reason.as_deref().map(reason_label).unwrap_or_default()}</td>
                    <td class="td max-w-xs break-words">{r.comment.unwrap_or_default()}</td>
                    <td class="td">{outcome}</td>
                    <td class="td font-mono text-xs">{r.trace_id.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="w-full text-sm" data-testid="decisions">
            <thead class="bg-slate-50">
                <tr>
                    <th scope="col" class="th">"Time (UTC)"</th>
                    <th scope="col" class="th">"Reviewer"</th>
                    <th scope="col" class="th">"Result"</th>
                    {with_customer.then(|| view! { <th scope="col" class="th">"Customer"</th> })}
                    <th scope="col" class="th">"Decision"</th>
                    <th scope="col" class="th">"Reason"</th>
                    <th scope="col" class="th">"Comment"</th>
                    <th scope="col" class="th">"Outcome"</th>
                    <th scope="col" class="th">"Trace id"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">{lines}</tbody>
        </table>
    }
}

/// The review decisions on one customer's results, for their KYC tab (nothing when there are none).
#[component]
pub fn DecisionHistory(customer_id: i64) -> impl IntoView {
    let decisions = Resource::new(|| (), move |_| customer_decisions(customer_id));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match decisions.await {
                    Ok(rows) if rows.is_empty() => ().into_any(),
                    Ok(rows) => view! {
                        <section class="card overflow-x-auto" data-testid="decision-history">
                            <h3 class="px-4 pt-4 text-sm font-semibold text-slate-900">"Review decisions made in the portal"</h3>
                            <DecisionTable rows with_customer=false />
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
