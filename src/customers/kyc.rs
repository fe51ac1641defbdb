//! KYC: the customer's ratify results, each check with its outcome and comment, what to do about a failed
//! one, and "run ratify". Used by the KYC tab and the onboarding wizard's step 4.
use crate::api::server_fns;
use crate::{
    eclipse::models::{KycCheck, RatifyResult, RejectReason, VerifiedStatus, MANUAL_RATIFY},
    ui::{error::InlineError, load::Loaded},
};
use leptos::prelude::*;

/// The rejection reasons Eclipse knows, with their words.
pub const REASONS: &[(RejectReason, &str, &str)] = &[
    (RejectReason::DocumentUnreadable, "DOCUMENT_UNREADABLE", "Document unreadable"),
    (RejectReason::DataMismatch, "DATA_MISMATCH", "Data mismatch"),
    (RejectReason::SuspectedFraud, "SUSPECTED_FRAUD", "Suspected fraud"),
    (RejectReason::SanctionsMatch, "SANCTIONS_MATCH", "Sanctions match"),
    (RejectReason::Other, "OTHER", "Other"),
];

pub fn reason_label(code: &str) -> &'static str {
    REASONS.iter().find(|(_, c, _)| *c == code).map(|(_, _, label)| *label).unwrap_or("")
}

/// The part of the record that fixes a failed check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAt {
    Details,
    Address,
    Documents,
}

/// A check's name in words, and what to do when it fails (and where).
pub fn check_help(name: &str) -> (&'static str, &'static str, Option<FixAt>) {
    match name {
        "nationalIdentityIsLegitimate" => (
            "Identity number is genuine",
            "Correct the identity or passport number in the details.",
            Some(FixAt::Details),
        ),
        "identityNumberMatchesNationalIdentity" => (
            "Identity number matches the date of birth",
            "Correct the date of birth or the identity number in the details.",
            Some(FixAt::Details),
        ),
        "selfieMatchesNationalIdentity" => (
            "Selfie matches the identity document",
            "Upload an identity document and a selfie, or replace an unclear one.",
            Some(FixAt::Documents),
        ),
        "ocrMatchesProfile" => (
            "Identity document matches the details",
            "Correct the details to match the document, or replace the document.",
            Some(FixAt::Documents),
        ),
        "proofOfAddressProvided" => (
            "Address and proof of address",
            "Add the address and upload a proof of address.",
            Some(FixAt::Address),
        ),
        "sanctionsListCheck" => (
            "Sanctions list",
            "This cannot be corrected here: a compliance reviewer decides.",
            None,
        ),
        "manualKyc" => {
            ("Set by hand (manual KYC)", "A reviewer set this level; see the comment.", None)
        }
        _ => ("Other check", "See the comment.", None),
    }
}

server_fns! {
    "customers/kyc/results" => ratify_results(customer_id: i64) -> Vec<RatifyResult> = ssr::results;
    /// Runs ratify on what is on file now; earlier pending results are superseded.
    "customers/kyc/ratify" => run_ratify(customer_id: i64) -> RatifyResult = ssr::ratify;
}

#[component]
pub fn VerifiedBadge(status: VerifiedStatus) -> impl IntoView {
    let class = match status {
        VerifiedStatus::Pending => "badge bg-amber-50 text-amber-800 ring-amber-200",
        VerifiedStatus::Verified => "badge bg-emerald-50 text-emerald-800 ring-emerald-200",
        VerifiedStatus::Rejected => "badge bg-red-50 text-red-800 ring-red-200",
        VerifiedStatus::Superseded => "badge bg-slate-100 text-slate-700 ring-slate-300",
    };
    let text = match status {
        VerifiedStatus::Pending => "Awaiting review",
        VerifiedStatus::Verified => "Verified",
        VerifiedStatus::Rejected => "Rejected",
        VerifiedStatus::Superseded => "Superseded",
    };
    view! { <span class=class data-testid="verified-status">{text}</span> }
}

/// The ratify results, newest first, and (for those who may) a button that runs ratify again.
/// `fix_href` turns a failed check's `FixAt` into a link to where it is fixed.
#[component]
pub fn KycPanel(
    customer_id: i64,
    can_run: bool,
    fix_href: Callback<FixAt, String>,
    /// Told of each new result (the wizard moves on when it passes).
    #[prop(optional)]
    on_result: Option<Callback<RatifyResult>>,
) -> impl IntoView {
    let run = ServerAction::<RunRatify>::new();
    let results = Resource::new(move || run.version().get(), move |_| ratify_results(customer_id));
    Effect::new(move |_| {
        if let (Some(Ok(result)), Some(tell)) = (run.value().get(), on_result) {
            tell.run(result);
        }
    });
    let pending = run.pending();
    let show = move |list: Vec<RatifyResult>| {
        if list.is_empty() {
            return view! { <p class="card p-6 text-sm text-slate-600">"Ratify has not been run for this customer."</p> }.into_any();
        }
        list.into_iter()
            .enumerate()
            .map(|(i, r)| view! { <RatifyCard result=r latest={i == 0} fix_href=Some(fix_href) /> })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="space-y-4" data-testid="kyc">
            {can_run.then(|| view! {
                <div class="card flex flex-wrap items-center justify-between gap-3 p-4">
                    <p class="text-sm text-slate-700">"Ratify checks the profile, the address and the documents on file now. Run it again after a correction."</p>
                    <button type="button" class="btn-primary" disabled=move || pending.get()
                        on:click=move |_| { run.dispatch(RunRatify { customer_id }); }>
                        {move || if pending.get() { "Running checks…" } else { "Run ratify" }}
                    </button>
                </div>
            })}
            {move || run.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <Loaded resource=results children=show />
        </div>
    }
}

/// One ratify result with each check; `fix_href` (for those who correct the record) adds what to do about
/// a failed check and where.
#[component]
pub fn RatifyCard(
    result: RatifyResult,
    latest: bool,
    fix_href: Option<Callback<FixAt, String>>,
) -> impl IntoView {
    let manual = result.ratify_type == MANUAL_RATIFY;
    let kyc = result.kyc();
    let overall = kyc.as_ref().map(|k| k.status.clone()).unwrap_or_else(|| "UNKNOWN".into());
    let passed = overall == "PASSED";
    let rows = kyc.map(|k| {
        k.checks
            .into_iter()
            .map(|(name, check)| view! { <CheckRow name check fix_href /> })
            .collect_view()
    });
    let decision = result.verified_by.clone().map(|by| {
        let reason = result.reason.and_then(|r| serde_json::to_value(r).ok()).and_then(|v| v.as_str().map(reason_label)).unwrap_or_default();
        let comment = result.comment.clone().map(|c| format!("“{c}”")).unwrap_or_default();
        let at = result.verified_at.as_ref().map(crate::ui::format::date_time).unwrap_or_default();
        let line = [format!("Decided by {by} at {} UTC", at), reason.to_owned(), comment];
        view! { <p class="mt-2 text-xs text-slate-600" data-testid="decided">{line.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")}</p> }
    });
    view! {
        <section class="card p-4" class:opacity-80=!latest data-testid="ratify-result">
            <div class="flex flex-wrap items-center gap-2">
                <h3 class="text-sm font-semibold text-slate-900">{format!("{} {} · {}", if manual { "Manual KYC" } else { "Ratify" }, result.ratify_result_id, crate::ui::format::date_time(&result.created))}</h3>
                {if manual {
                    let level = result.kyc_level.map(|l| l.as_str()).unwrap_or("?");
                    view! { <span class="badge bg-sky-50 text-sky-800 ring-sky-200" data-testid="ratify-status">{format!("Level set to {level}")}</span> }.into_any()
                } else {
                    view! { <span class=if passed { "badge bg-emerald-50 text-emerald-800 ring-emerald-200" } else { "badge bg-red-50 text-red-800 ring-red-200" }
                        data-testid="ratify-status">{if passed { "All checks passed" } else { "Checks failed" }}</span> }.into_any()
                }}
                <VerifiedBadge status=result.verified_status />
                {latest.then(|| view! { <span class="text-xs text-slate-500">"latest"</span> })}
            </div>
            {decision}
            <table class="mt-3 w-full text-sm">
                <thead><tr class="text-left text-xs text-slate-500"><th class="py-1 font-medium">"Check"</th><th class="font-medium">"Outcome"</th><th class="font-medium">"Comment"</th></tr></thead>
                <tbody class="divide-y divide-slate-100">{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
fn CheckRow(
    name: String,
    check: KycCheck,
    fix_href: Option<Callback<FixAt, String>>,
) -> impl IntoView {
    let (label, advice, fix_at) = check_help(&name);
    let outcome = if check.pending {
        "Pending"
    } else if check.passed {
        "Passed"
    } else {
        "Failed"
    };
    let failed = !check.passed && !check.pending;
    let score = check.score.map(|s| format!(" ({s:.2})")).unwrap_or_default();
    view! {
        <tr data-testid="kyc-check" data-check=name.clone() data-outcome=outcome>
            <td class="py-2 pr-3 align-top">
                <span class="font-medium text-slate-900">{label}</span>
                <span class="block font-mono text-xs text-slate-500">{name.clone()}</span>
            </td>
            <td class="py-2 pr-3 align-top whitespace-nowrap">
                <span class=if failed { "font-semibold text-red-700" } else if check.passed { "font-semibold text-emerald-700" } else { "text-amber-700" }>
                    {if failed { "✗ " } else if check.passed { "✓ " } else { "… " }}{outcome}
                </span>
                <span class="text-xs text-slate-500">{score}</span>
            </td>
            <td class="py-2 align-top text-slate-700">
                {check.comment.clone().unwrap_or_default()}
                {fix_href.filter(|_| failed).map(|fix_href| view! {
                    <p class="mt-1 text-xs text-slate-600" data-testid="kyc-advice">
                        {advice}" "
                        {fix_at.map(|at| view! { <a class="link" href=fix_href.run(at)>"Go there"</a> })}
                    </p>
                })}
            </td>
        </tr>
    }
}

/// Ratify on the server.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::{
        auth::ssr::require,
        eclipse::{models::RatifyResult, positions::Capability},
        error::AppError,
    };

    pub async fn results(customer_id: i64) -> Result<Vec<RatifyResult>, AppError> {
        let authed = require(Capability::ReadKyc).await?;
        authed.answer(authed.eclipse.ratify_results(customer_id).await).await
    }

    pub async fn ratify(customer_id: i64) -> Result<RatifyResult, AppError> {
        let authed = require(Capability::EditCustomers).await?;
        let result = authed.eclipse.ratify(customer_id).await;
        authed.audit("customer.ratify", format!("customer {customer_id}"), &result).await;
        if result.is_ok() {
            authed.contributed_to_kyc(customer_id, "customer.ratify").await;
        }
        authed.answer(result).await
    }
}
