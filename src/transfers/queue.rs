//! `/transfers`: the requests waiting for a second admin (the oldest first, as it expires first), and those
//! decided, with who asked, why, both wallets, and what became of each. Approve sends it; decline needs a
//! reason; nobody approves their own.
use super::{
    reason_problem, transfer_requests, ApproveTransfer, DeclineTransfer, RequestFilters,
    RequestPage, RequestStatus, TransferRequest, REASON_MAX,
};
use crate::{
    auth::use_current_user,
    eclipse::positions::Capability,
    error::{AppError, FieldErrors},
    ui::{
        dialog::{settle, ApproveOrDecline},
        error::ErrorPanel,
        format,
        layout::PageHeader,
        load::Loaded,
        table::{use_list_state_with, ColumnHeads, ListState, Pager, StatusFilter},
    },
};
use leptos::prelude::*;

/// The filter's choices: (value in the address, label). Nothing is the live requests.
const STATUSES: &[(&str, &str)] = &[
    ("", "Waiting for approval"),
    ("SENT", "Sent"),
    ("DECLINED", "Declined"),
    ("FAILED", "Refused by Eclipse"),
    ("EXPIRED", "Expired"),
    ("ALL", "All"),
];

#[component]
pub fn TransferRequestsPage() -> impl IntoView {
    let may = use_current_user().can(Capability::ChangeStatus);
    let state = use_list_state_with("requested", &["requested"], &["status"]);
    let page = Resource::new(
        move || state.get(),
        move |s| async move {
            if !may {
                return Err(AppError::Forbidden);
            }
            let filters =
                RequestFilters { status: s.filter("status").to_owned(), offset: s.offset() };
            transfer_requests(filters).await
        },
    );
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <PageHeader title="Transfer requests"
            subtitle="Transfers above the tenant's approval threshold wait here for a second admin. Nobody approves their own." />
        <StatusFilter state choices=STATUSES id="requests-status" />
        <Loaded resource=page children=move |data| view! { <RequestTable data state /> } />
    }
    .into_any()
}

fn status_badge(status: RequestStatus) -> impl IntoView {
    let (class, label) = match status {
        RequestStatus::Pending => ("badge bg-sky-50 text-sky-800 ring-sky-200", "Waiting"),
        RequestStatus::Approved => ("badge bg-sky-50 text-sky-800 ring-sky-200", "Sending"),
        RequestStatus::Sent => ("badge bg-emerald-50 text-emerald-800 ring-emerald-200", "Sent"),
        RequestStatus::Failed => {
            ("badge bg-red-50 text-red-800 ring-red-200", "Refused by Eclipse")
        }
        RequestStatus::Declined => ("badge bg-amber-50 text-amber-800 ring-amber-200", "Declined"),
        RequestStatus::Expired => ("badge bg-slate-100 text-slate-700 ring-slate-200", "Expired"),
    };
    view! { <span class=class data-testid="request-status">{label}</span> }
}

#[component]
fn RequestTable(data: RequestPage, state: Memo<ListState>) -> impl IntoView {
    if data.rows.is_empty() {
        return view! { <p class="card p-6 text-sm text-slate-600" data-testid="no-requests">"No request matches."</p> }.into_any();
    }
    let shown = data.rows.len();
    let rows = data.rows.into_iter().map(|r| view! { <RequestRow r /> }).collect_view();
    view! {
        <div class="card overflow-x-auto" tabindex="0">
            <table class="w-full text-sm" data-testid="transfer-requests">
                <ColumnHeads labels=&["Asked (UTC)", "From", "To", "Amount", "Why", "Status", "Decision"]
                    right=&["Amount"] hidden=&["Decision"] />
                <tbody class="divide-y divide-slate-100">{rows}</tbody>
            </table>
            <Pager state default_sort="requested" shown total=Some(data.total) />
        </div>
    }
    .into_any()
}

#[component]
fn RequestRow(r: TransferRequest) -> impl IntoView {
    let decided = match (&r.decided_by, &r.decided_at) {
        (Some(by), Some(at)) => Some(format!("{by}, {}", format::date_time(at))),
        _ => None,
    };
    let detail = match r.status {
        RequestStatus::Pending => Some(format!("Expires {}", format::date_time(&r.expires_at))),
        RequestStatus::Declined => r.decision_reason.clone().map(|why| format!("Declined: {why}")),
        RequestStatus::Sent => r.outcome.clone().map(|tx| format!("Transaction {tx}")),
        RequestStatus::Failed => r.outcome.clone(),
        _ => None,
    };
    let money = r.money();
    let decision = (r.status == RequestStatus::Pending).then(|| {
        view! {
            <RequestDecision request_id=r.request_id.clone() mine=r.mine
                what=format!("{money} from {} to {}", r.from_label, r.to_label) />
        }
    });
    view! {
        <tr data-testid="request-row">
            <td class="td whitespace-nowrap">{format::date_time(&r.requested_at)}<span class="block text-xs text-slate-600">{r.requested_by.clone()}</span></td>
            <td class="td"><a class="link" href=format!("/wallets/{}", r.from_wallet_id)>{r.from_label.clone()}</a></td>
            <td class="td"><a class="link" href=format!("/wallets/{}", r.to_wallet_id)>{r.to_label.clone()}</a></td>
            <td class="td text-right tabular-nums whitespace-nowrap">{money.clone()}</td>
            <td class="td max-w-xs break-words">{r.reason.clone()}
                {(!r.description.is_empty()).then(|| view! { <span class="block text-xs text-slate-600">{format!("Statement: {}", r.description)}</span> })}</td>
            <td class="td">{status_badge(r.status)}
                {detail.map(|d| view! { <span class="block text-xs text-slate-600" data-testid="request-detail">{d}</span> })}
                {decided.map(|d| view! { <span class="block text-xs text-slate-600">{d}</span> })}</td>
            <td class="td whitespace-nowrap">{decision}</td>
        </tr>
    }
}

/// Approve (which sends the transfer) or decline with a reason; a request of one's own can only be
/// declined (withdrawn).
#[island]
fn RequestDecision(request_id: String, mine: bool, what: String) -> impl IntoView {
    let approve = ServerAction::<ApproveTransfer>::new();
    let decline = ServerAction::<DeclineTransfer>::new();
    let approving = RwSignal::new(false);
    let declining = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if settle(approve.value().get(), approving, errors, refused).is_some() {
            crate::ui::client::reload_saying("Approved: the transfer was sent.");
        }
    });
    Effect::new(move |_| {
        if settle(decline.value().get(), declining, errors, refused).is_some() {
            crate::ui::client::reload_saying("Request declined.");
        }
    });
    let error = Signal::derive(move || {
        approve
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| decline.value().get().and_then(|r| r.err()))
    });
    let approve_id = request_id.clone();
    view! {
        <ApproveOrDecline mine what approve_title="Approve and send this transfer?" approve_label="Approve and send"
            consequence="Eclipse moves the money at once; it cannot be undone here."
            approving declining approve_pending=approve.pending() decline_pending=decline.pending() refused error
            reason_max=REASON_MAX reason_check=reason_problem
            on_approve=move || { approve.dispatch(ApproveTransfer { request_id: approve_id.clone() }); }
            on_decline=move |reason| { decline.dispatch(DeclineTransfer { request_id: request_id.clone(), reason }); } />
    }
}
