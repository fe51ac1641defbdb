//! Manual KYC on the page: the customer's "Manual KYC" tab (the request form and the customer's requests),
//! the same requests on the KYC tab's trail, and `/review/manual-kyc`, the tenant's requests waiting for a
//! second reviewer.
use super::{
    kyc_requests, reason_problem, validate_manual_kyc, ApproveManualKyc, DeclineManualKyc,
    KycRequest, KycRequestFilters, KycRequestPage, KycRequestStatus, ManualKycForm,
    RequestManualKyc, REASON_MAX,
};
use crate::{
    auth::use_current_user,
    customers::documents::{list_documents, type_label},
    eclipse::{models::KycLevel, positions::Capability},
    error::{AppError, FieldErrors},
    ui::{
        dialog::{settle, ApproveOrDecline, ConfirmDialog},
        error::{ErrorPanel, InlineError},
        form::{SelectField, TextField},
        format,
        layout::PageHeader,
        load::{list_page_if, Loaded},
        table::{use_list_state_with, DataTable, PagedCard, StatusFilter},
    },
};
use leptos::prelude::*;
use strum::VariantArray;

/// The filter's choices: (value in the address, label). Nothing is the requests waiting.
const STATUSES: &[(&str, &str)] = &[
    ("", "Waiting for a second reviewer"),
    ("DONE", "Set"),
    ("DECLINED", "Declined"),
    ("FAILED", "Refused by Eclipse"),
    ("ALL", "All"),
];

fn status_badge(status: KycRequestStatus) -> impl IntoView {
    let (class, label) = match status {
        KycRequestStatus::Pending => ("badge bg-sky-50 text-sky-800 ring-sky-200", "Waiting"),
        KycRequestStatus::Approved => ("badge bg-sky-50 text-sky-800 ring-sky-200", "Being set"),
        KycRequestStatus::Done => ("badge bg-emerald-50 text-emerald-800 ring-emerald-200", "Set"),
        KycRequestStatus::Failed => {
            ("badge bg-red-50 text-red-800 ring-red-200", "Refused by Eclipse")
        }
        KycRequestStatus::Declined => {
            ("badge bg-amber-50 text-amber-800 ring-amber-200", "Declined")
        }
    };
    view! { <span class=class data-testid="kyc-request-status">{label}</span> }
}

/// The "Manual KYC" tab: the request form (for reviewers) above the customer's requests.
#[component]
pub fn ManualKycTab(customer_id: i64) -> impl IntoView {
    let may_request = use_current_user().can(Capability::ReviewKyc);
    view! {
        <div class="space-y-4">
            {if may_request {
                view! { <ManualKycRequestForm customer_id /> }.into_any()
            } else {
                view! { <p class="card p-4 text-sm text-slate-600">"A KYC reviewer sets a customer's level by hand; a second reviewer approves it."</p> }.into_any()
            }}
            <ManualKycTrail customer_id />
        </div>
    }
}

/// Ask to set the level: the level, the reason and the supporting document on file, then a confirmation.
/// The request's id is fixed when the form opens, so a repeated submit makes one request.
#[island]
fn ManualKycRequestForm(customer_id: i64) -> impl IntoView {
    let key = StoredValue::new(crate::ui::retry_key());
    let kyc_level = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let document_id = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(false);
    let send = ServerAction::<RequestManualKyc>::new();
    let documents = Resource::new(|| (), move |_| list_documents(customer_id));
    let form = move || ManualKycForm {
        customer_id,
        kyc_level: kyc_level.get_untracked(),
        reason: reason.get_untracked(),
        document_id: document_id.get_untracked(),
    };
    Effect::new(move |_| {
        if let Some(request) = settle(send.value().get(), confirm, errors, refused) {
            crate::ui::client::reload_saying(format!(
                "Requested: {}. A second reviewer approves it.",
                request.change()
            ));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let e = validate_manual_kyc(&form());
        if e.is_empty() {
            confirm.set(true);
        }
        errors.set(e);
    };
    let mut levels = vec![(String::new(), "Choose…".to_owned())];
    levels
        .extend(KycLevel::VARIANTS.iter().map(|l| (l.as_str().to_owned(), l.as_str().to_owned())));
    let document_choice = move |on_file: crate::customers::documents::DocumentsOnFile| {
        let mut options = vec![(String::new(), "Choose…".to_owned())];
        options.extend(on_file.documents.iter().map(|d| {
            let label = format!(
                "{} · {} · {}",
                type_label(d.document_type),
                d.file_name,
                format::date(&d.created)
            );
            (d.document_id.to_string(), label)
        }));
        view! {
            <SelectField name="document_id" label="Supporting document" value=document_id errors options
                hint="A document on file for this customer; upload it on the Documents tab first" />
        }
    };
    let sending = send.pending();
    view! {
        <form class="card space-y-4 p-4" on:submit=submit novalidate data-testid="manual-kyc-form">
            <h2 class="text-base font-semibold text-slate-900">"Set the KYC level by hand"</h2>
            <p class="text-sm text-slate-600">"For a check done outside Eclipse (in a branch, by a partner). The level changes when a second reviewer approves; existing wallets are not changed."</p>
            <div class="grid gap-4 sm:grid-cols-2">
                <SelectField name="kyc_level" label="New KYC level" value=kyc_level errors options=levels />
                <Loaded resource=documents children=document_choice />
            </div>
            <TextField name="reason" label="Reason" value=reason errors required=true autocomplete="off"
                hint=format!("What was checked and how, for the second reviewer; at most {REASON_MAX} characters") />
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="manual-kyc-refused">{why}</p> })}
            {move || send.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end">
                <button type="submit" class="btn-primary" disabled=move || sending.get()>"Request approval…"</button>
            </div>
            <ConfirmDialog open=confirm title="Ask a second reviewer to set this level?" confirm_label="Request approval" pending=sending
                on_confirm=move || { send.dispatch(RequestManualKyc { form: form(), key: key.get_value() }); }>
                <p>{move || format!("KYC level {} for customer {customer_id}.", kyc_level.get())}</p>
                <p class="mt-2">"Nothing changes in Eclipse until another reviewer approves."</p>
            </ConfirmDialog>
        </form>
    }
}

/// The customer's manual KYC requests, newest first, with who asked, why, on which document, and who
/// decided: the trail on the KYC and Manual KYC tabs.
#[component]
pub fn ManualKycTrail(customer_id: i64) -> impl IntoView {
    let filters =
        KycRequestFilters { customer_id: Some(customer_id), status: "ALL".into(), offset: 0 };
    let requests = Resource::new(|| (), move |_| kyc_requests(filters.clone()));
    let show = move |page: KycRequestPage| {
        if page.rows.is_empty() {
            return view! { <p class="p-4 text-sm text-slate-600" data-testid="no-kyc-requests">"No manual KYC request for this customer."</p> }.into_any();
        }
        let more = (page.total > page.rows.len() as u64).then(|| {
            view! { <p class="p-3 text-xs text-slate-600">{format!("The latest {} of {}.", page.rows.len(), page.total)}</p> }
        });
        view! {
            <RequestTable rows=page.rows with_customer=false />
            {more}
        }
        .into_any()
    };
    view! {
        <section class="card overflow-x-auto" tabindex="0" data-testid="manual-kyc-trail">
            <h2 class="px-4 pt-4 text-base font-semibold text-slate-900">"Manual KYC requests"</h2>
            <Loaded resource=requests children=show inset=true />
        </section>
    }
}

#[component]
fn RequestTable(rows: Vec<KycRequest>, with_customer: bool) -> impl IntoView {
    let may_decide = use_current_user().can(Capability::ReviewKyc);
    let labels: &'static [&'static str] = if with_customer {
        &["Asked (UTC)", "Customer", "Change", "Why", "Document", "Status", "Decision"]
    } else {
        &["Asked (UTC)", "Change", "Why", "Document", "Status", "Decision"]
    };
    let rows = rows
        .into_iter()
        .map(|r| view! { <RequestRow r with_customer may_decide /> })
        .collect_view();
    view! {
        <DataTable class="w-full text-sm" testid="kyc-requests" labels hidden=&["Decision"]>{rows}</DataTable>
    }
}

#[component]
fn RequestRow(r: KycRequest, with_customer: bool, may_decide: bool) -> impl IntoView {
    let decided = match (&r.decided_by, &r.decided_at) {
        (Some(by), Some(at)) => Some(format!("{by}, {}", format::date_time(at))),
        _ => None,
    };
    let detail = match r.status {
        KycRequestStatus::Declined => {
            r.decision_reason.clone().map(|why| format!("Declined: {why}"))
        }
        KycRequestStatus::Done | KycRequestStatus::Failed => r.outcome.clone(),
        _ => None,
    };
    let open = matches!(r.status, KycRequestStatus::Pending | KycRequestStatus::Approved);
    let decision = (may_decide && open).then(|| {
        view! { <RequestDecision request_id=r.request_id.clone() mine=r.mine what=r.change() /> }
    });
    let customer = with_customer.then(|| {
        view! { <td class="td"><a class="link" href=format!("/customers/{}?tab=manual-kyc", r.customer_id)>{r.customer_name.clone()}</a></td> }
    });
    let document = crate::customers::documents::file_href(r.customer_id, r.document_id);
    view! {
        <tr data-testid="kyc-request-row">
            <td class="td whitespace-nowrap">{format::date_time(&r.requested_at)}<span class="block text-xs text-slate-600">{r.requested_by.clone()}</span></td>
            {customer}
            <td class="td whitespace-nowrap font-medium">{format!("{} → {}", r.from_level, r.kyc_level)}</td>
            <td class="td max-w-xs break-words">{r.reason.clone()}</td>
            <td class="td"><a class="link" href=document target="_blank" rel="noopener">{r.document_label.clone()}</a></td>
            <td class="td">{status_badge(r.status)}
                {detail.map(|d| view! { <span class="block text-xs text-slate-600" data-testid="kyc-request-detail">{d}</span> })}
                {decided.map(|d| view! { <span class="block text-xs text-slate-600">{d}</span> })}</td>
            <td class="td whitespace-nowrap">{decision}</td>
        </tr>
    }
}

/// Approve (which sets the level in Eclipse) or decline with a reason; one's own request can only be
/// withdrawn.
#[island]
fn RequestDecision(request_id: String, mine: bool, what: String) -> impl IntoView {
    let approve = ServerAction::<ApproveManualKyc>::new();
    let decline = ServerAction::<DeclineManualKyc>::new();
    let approving = RwSignal::new(false);
    let declining = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if settle(approve.value().get(), approving, errors, refused).is_some() {
            crate::ui::client::reload_saying("Approved: the KYC level was set.");
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
        <ApproveOrDecline mine what approve_title="Approve and set this KYC level?" approve_label="Approve and set"
            consequence="Eclipse sets the level at once, as a manual ratify result in your name."
            approving declining approve_pending=approve.pending() decline_pending=decline.pending() refused error
            reason_max=REASON_MAX reason_check=reason_problem
            on_approve=move || { approve.dispatch(ApproveManualKyc { request_id: approve_id.clone() }); }
            on_decline=move |reason| { decline.dispatch(DeclineManualKyc { request_id: request_id.clone(), reason }); } />
    }
}

/// `/review/manual-kyc`: the tenant's manual KYC requests, those waiting oldest first.
#[component]
pub fn ManualKycQueuePage() -> impl IntoView {
    let may = use_current_user().can(Capability::ReviewKyc);
    let state = use_list_state_with("requested", &["requested"], &["status"]);
    let page = list_page_if(may, state, |s| {
        kyc_requests(KycRequestFilters {
            customer_id: None,
            status: s.filter("status").to_owned(),
            offset: s.offset(),
        })
    });
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <PageHeader title="Manual KYC requests"
            subtitle="KYC levels set by hand wait here for a second reviewer. Nobody approves their own." />
        <crate::review::ReviewTabs current="/review/manual-kyc" />
        <StatusFilter state choices=STATUSES id="kyc-requests-status" />
        <Loaded resource=page children=move |data| view! {
            <PagedCard state default_sort="requested" shown=data.rows.len() total=Some(data.total)
                none="No request matches." none_testid="no-kyc-requests">
                <RequestTable rows=data.rows with_customer=true />
            </PagedCard>
        } />
    }
    .into_any()
}
