//! One result under review: the customer beside what OCR read, the documents, every check, the customer's
//! earlier results, and the decision.
use super::{
    decide::DecisionPanel, open_review, viewer::DocumentViewer, waited, Claim, ReleaseClaim,
    ReviewCase,
};
use crate::{
    auth::use_current_user,
    customers::{
        documents::OcrComparison,
        kyc::{RatifyCard, VerifiedBadge},
    },
    eclipse::{models::VerifiedStatus, positions::Capability},
    error::AppError,
    ui::{
        client::go_saying,
        layout::PageHeader,
        load::{route_id, Loaded},
        shortcuts::ShortcutsButton,
        toast::use_toasts,
    },
};
use leptos::prelude::*;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let id = route_id();
    let may_review = use_current_user().can(Capability::ReviewKyc);
    let case = Resource::new(id, move |id| async move {
        match id {
            _ if !may_review => Err(AppError::Forbidden),
            Some(id) => open_review(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! { <Loaded resource=case children=|case| view! { <CaseView case /> } /> }
}

#[component]
fn CaseView(case: ReviewCase) -> impl IntoView {
    let result = case.result.clone();
    let customer = case.customer.clone();
    let id = result.ratify_result_id;
    let title = format!("Review: {}", customer.full_name());
    let subtitle = format!(
        "Ratify result #{id} · customer {} · waiting {}",
        customer.customer_id,
        waited(case.waited_minutes)
    );
    let ocr = case
        .documents
        .iter()
        .filter_map(|d| d.ocr_data.clone().map(|ocr| (crate::customers::documents::type_label(d.document_type), ocr)))
        .map(|(label, ocr)| view! {
            <div class="mt-3"><p class="text-xs font-medium text-slate-600">{label}</p><OcrComparison ocr profile=case.profile.clone() /></div>
        })
        .collect_view();
    let earlier = case
        .history
        .iter()
        .filter(|r| r.ratify_result_id != id)
        .cloned()
        .map(|r| view! { <RatifyCard result=r latest=false fix_href=None /> })
        .collect_view();
    let has_earlier = case.history.len() > 1;
    let documents = case.documents.clone();
    let (for_release, for_status) = (case.clone(), case.clone());
    let step = |to: Option<i64>, key: &'static str, label: &'static str, testid: &'static str| {
        to.map(|to| view! {
            <a href=format!("/review/{to}") class="btn-secondary" data-shortcut=key
                data-shortcut-label=format!("{label} result in the queue") data-testid=testid>{label}</a>
        })
    };
    view! {
        <PageHeader title subtitle>
            <ReleaseButton case=for_release />
            {step(case.previous, "k", "Previous", "previous-result")}
            {step(case.next, "j", "Next", "next-result")}
            <a href="/review?view=default" class="btn-secondary" data-shortcut="q" data-shortcut-label="Back to the queue">"Back to the queue"</a>
            <ShortcutsButton />
        </PageHeader>
        <CaseStatus case=for_status />
        <div class="grid gap-6 xl:grid-cols-5">
            <div class="min-w-0 space-y-6 xl:col-span-3">
                <DocumentViewer customer_id=customer.customer_id documents />
                <RatifyCard result=result.clone() latest=true fix_href=None />
                {has_earlier.then(|| view! {
                    <section class="space-y-3" data-testid="earlier-results">
                        <h2 class="text-sm font-semibold text-slate-900">"Earlier ratify results of this customer"</h2>
                        {earlier}
                    </section>
                })}
            </div>
            <div class="min-w-0 space-y-6 xl:col-span-2">
                <section class="card p-4" data-testid="review-customer">
                    <h2 class="text-sm font-semibold text-slate-900">"The customer beside the documents"</h2>
                    <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                        <dt class="text-slate-500">"Status"</dt><dd>{format!("{:?}", customer.status).to_uppercase()}</dd>
                        <dt class="text-slate-500">"KYC level"</dt><dd data-testid="review-kyc-level">{customer.kyc_level.as_str()}</dd>
                        <dt class="text-slate-500">"Identity number"</dt><dd class="font-mono">{customer.national_identity_number.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt class="text-slate-500">"Passport"</dt><dd class="font-mono">{customer.passport_number.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt class="text-slate-500">"Date of birth"</dt><dd class="font-mono">{customer.date_of_birth.as_ref().map(crate::ui::format::date).unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                    {ocr}
                    <a class="link mt-3 inline-block text-sm" href=format!("/customers/{}", customer.customer_id)>"Open the customer's record"</a>
                </section>
                <DecisionPanel case />
            </div>
        </div>
    }
}

/// Who holds the result, or why this reviewer cannot decide it.
#[component]
fn CaseStatus(case: ReviewCase) -> impl IntoView {
    let until = |c: &Claim| crate::ui::format::time_of_day(&c.expires_at);
    let (class, text) = match (&case.four_eyes, &case.claim, case.result.verified_status) {
        (_, _, VerifiedStatus::Superseded) => (
            "bg-slate-100 text-slate-800",
            "A newer ratify of this customer replaced this result; review the newer one."
                .to_owned(),
        ),
        (_, _, status) if status != VerifiedStatus::Pending => {
            ("bg-slate-100 text-slate-800", "This result has been decided.".to_owned())
        }
        (Some(why), _, _) => ("bg-amber-50 text-amber-900", why.clone()),
        (None, Some(c), _) if c.mine => (
            "bg-sky-50 text-sky-900",
            format!(
                "You hold this result until {} UTC ({} min). Nobody else can decide it meanwhile.",
                until(c),
                c.minutes_left
            ),
        ),
        (None, Some(c), _) => (
            "bg-amber-50 text-amber-900",
            format!(
                "{} is reviewing this result (until {} UTC). You can look, but not decide.",
                c.by,
                until(c)
            ),
        ),
        (None, None, _) => (
            "bg-amber-50 text-amber-900",
            "Nobody holds this result. Reload the page to claim it.".to_owned(),
        ),
    };
    view! {
        <div class=format!("mb-4 flex flex-wrap items-center gap-3 rounded-lg px-4 py-3 text-sm {class}") role="status" data-testid="claim-status">
            <VerifiedBadge status=case.result.verified_status />
            <span>{text}</span>
        </div>
        {case.evidence_changed.map(|changed| view! {
            <p class="mb-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900" role="note" data-testid="evidence-changed">{changed}</p>
        })}
    }
}

#[component]
fn ReleaseButton(case: ReviewCase) -> impl IntoView {
    let mine = case.claim.is_some_and(|c| c.mine)
        && case.result.verified_status == VerifiedStatus::Pending;
    mine.then(|| view! { <Release ratify_result_id=case.result.ratify_result_id /> })
}

/// "Release claim": back to the queue, the result free for others.
#[island]
fn Release(ratify_result_id: i64) -> impl IntoView {
    let release = ServerAction::<ReleaseClaim>::new();
    let toasts = use_toasts();
    Effect::new(move |_| match release.value().get() {
        Some(Ok(())) => go_saying(
            "/review?view=default",
            "Claim released: other reviewers can take this result.",
        ),
        Some(Err(error)) => toasts.error(error.to_string()),
        None => {}
    });
    let id = ratify_result_id;
    view! {
        <button type="button" class="btn-secondary" disabled=move || release.pending().get()
            on:click=move |_| { release.dispatch(ReleaseClaim { ratify_result_id: id }); }>
            {move || if release.pending().get() { "Releasing…" } else { "Release claim" }}
        </button>
    }
}
