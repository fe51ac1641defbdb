//! The decision: verified or rejected (with a reason), an optional comment, a confirmation that says what
//! follows for the customer, then on to the next result.
use super::{validate_decision, Decide, DecisionForm, ReviewCase, COMMENT_MAX};
use crate::{
    customers::kyc::{reason_label, REASONS},
    eclipse::{
        currencies::money,
        models::{KycLevel, VerifiedStatus},
    },
    error::FieldErrors,
    ui::{
        client::go_saying,
        dialog::{settle, ConfirmDialog},
        error::InlineError,
        form::{clear_error, field_error, SelectField},
    },
};
use leptos::prelude::*;

#[island]
pub fn DecisionPanel(case: ReviewCase) -> impl IntoView {
    if !case.may_decide() {
        return ().into_any();
    }
    let id = case.result.ratify_result_id;
    let decision = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(false);
    let send = ServerAction::<Decide>::new();
    let form = move || DecisionForm {
        ratify_result_id: id,
        decision: decision.get(),
        reason: reason.get(),
        comment: comment.get(),
    };
    Effect::new(move |_| {
        if let Some(done) = settle(send.value().get(), confirm, errors, refused) {
            let word =
                if done.status == VerifiedStatus::Verified { "verified" } else { "rejected" };
            let to = done
                .next
                .map(|n| format!("/review/{n}"))
                .unwrap_or_else(|| "/review?view=default".to_owned());
            go_saying(&to, format!("Result #{id} {word}."));
        }
    });
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let e = validate_decision(&form());
        errors.set(e.clone());
        if e.is_empty() {
            confirm.set(true);
        }
    };
    let reasons = std::iter::once((String::new(), "Choose a reason".to_owned()))
        .chain(REASONS.iter().map(|(_, code, label)| ((*code).to_owned(), (*label).to_owned())))
        .collect::<Vec<_>>();
    let decision_error = field_error(errors, "decision");
    let comment_error = field_error(errors, "comment");
    // "v" chooses Verified and asks to confirm at once; "r" chooses Rejected and goes to its reason.
    let choice = move |value: &'static str, label: &'static str, hint: &'static str| {
        let (key, does, then_submit, then_focus) = if value == "VERIFIED" {
            ("v", "Verify: choose Verified and confirm", Some(""), None)
        } else {
            ("r", "Reject: choose Rejected, then its reason", None, Some("field-reason"))
        };
        view! {
            <label class="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-3 has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50">
                <input type="radio" name="decision" value=value class="mt-1" prop:checked=move || decision.get() == value
                    data-shortcut=key data-shortcut-label=does data-shortcut-submit=then_submit data-shortcut-focus=then_focus
                    on:change=move |_| { decision.set(value.to_owned()); clear_error(errors, "decision"); } />
                <span><span class="block text-sm font-medium text-slate-900">{label}</span><span class="block text-xs text-slate-600">{hint}</span></span>
            </label>
        }
    };
    let consequences = case.clone();
    view! {
        <form class="card space-y-4 p-4" on:submit=ask data-testid="decision-form" novalidate>
            <h2 class="text-sm font-semibold text-slate-900">"Decision"</h2>
            <fieldset>
                <legend class="sr-only">"Decision"</legend>
                <div class="grid gap-2 sm:grid-cols-2">
                    {choice("VERIFIED", "Verified", "The customer's KYC level becomes FULL.")}
                    {choice("REJECTED", "Rejected", "The KYC level goes back to NONE.")}
                </div>
                {move || decision_error.get().map(|e| view! { <p class="field-error" data-testid="error-decision">{e}</p> })}
            </fieldset>
            <Show when=move || decision.get() == "REJECTED">
                <SelectField name="reason" label="Reason for the rejection" value=reason errors options=reasons.clone() />
            </Show>
            <div>
                <label for="field-comment" class="label">"Comment " <span class="font-normal text-slate-500">"(optional; required for “Other”)"</span></label>
                <textarea id="field-comment" name="comment" rows="3" class="input" maxlength=COMMENT_MAX.to_string()
                    class:input-invalid=move || comment_error.get().is_some()
                    prop:value=move || comment.get()
                    on:input=move |ev| { comment.set(event_target_value(&ev)); clear_error(errors, "comment"); }></textarea>
                <p class="mt-1 text-xs text-slate-500">{move || format!("{} / {COMMENT_MAX}", comment.with(|c| c.chars().count()))}</p>
                {move || comment_error.get().map(|e| view! { <p class="field-error" data-testid="error-comment">{e}</p> })}
            </div>
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="decision-refused">{why}</p> })}
            {move || send.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <button type="submit" class="btn-primary" disabled=move || send.pending().get()>"Record decision…"</button>
            <ConfirmDialog open=confirm title="Send this decision to Eclipse?" confirm_label="Send the decision" danger=false
                pending=send.pending() on_confirm=move || { send.dispatch(Decide { form: form() }); }>
                <Consequences case=consequences.clone() decision reason />
            </ConfirmDialog>
        </form>
    }
    .into_any()
}

/// What the decision does to the customer: the KYC level, the wallet types they may open, and (for a
/// rejection) the wallets they keep.
#[component]
fn Consequences(
    case: ReviewCase,
    decision: RwSignal<String>,
    reason: RwSignal<String>,
) -> impl IntoView {
    let verify = decision.get_untracked() == "VERIFIED";
    let level = if verify { KycLevel::Full } else { KycLevel::None };
    let eligible = case.eligible_at(level);
    let eligible = if eligible.is_empty() { "none".to_owned() } else { eligible.join(", ") };
    let wallets = case
        .wallets
        .iter()
        .map(|w| {
            let type_name = case.wallet_types.iter().find(|t| t.wallet_type_id == w.wallet_type_id).map(|t| t.name.clone()).unwrap_or_default();
            view! { <li>{format!("{} · {type_name} · {} · {}", w.friendly_id, w.status.as_str(), money(w.current_balance, &w.currency))}</li> }
        })
        .collect_view();
    let has_wallets = !case.wallets.is_empty();
    view! {
        <div data-testid="decision-consequences" class="space-y-2">
            <p class="font-semibold">{format!("{} ratify result #{} of {}.", if verify { "Verify" } else { "Reject" }, case.result.ratify_result_id, case.customer.full_name())}</p>
            <p>"KYC level: " <strong>{case.customer.kyc_level.as_str()}</strong> " → " <strong>{level.as_str()}</strong></p>
            <p>"Wallet types the customer may then open: " {eligible}</p>
            {(!verify).then(|| view! { <p>"Reason: " {reason_label(&reason.get_untracked())}</p> })}
            {(!verify).then(|| if has_wallets {
                view! {
                    <div>
                        <p>"Existing wallets are not changed by a rejection:"</p>
                        <ul class="mt-1 list-disc pl-5" data-testid="wallets-kept">{wallets}</ul>
                    </div>
                }.into_any()
            } else {
                view! { <p>"The customer has no wallets."</p> }.into_any()
            })}
        </div>
    }
}

/// The decision on the server: the rules again, the claim and four eyes, then Eclipse; the reviewer is sent
/// on to the next result they may take.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::super::ssr::{four_eyes, load_result, queue_params, NEXT_LOOKAHEAD};
    use super::super::{audit, claims, Decided, QueueFilters};
    use super::*;
    use crate::{
        auth::ssr::{require, Authed},
        eclipse::{client::EclipseError, models::RatifyDecision, positions::Capability},
        error::{AppError, Outcome},
        store::fault,
    };

    pub async fn decide(form: DecisionForm) -> Result<Outcome<Decided>, AppError> {
        let authed = require(Capability::ReviewKyc).await?;
        let errors = validate_decision(&form);
        if !errors.is_empty() {
            return Ok(Outcome::Invalid(errors));
        }
        let id = form.ratify_result_id;
        let result = load_result(&authed, id).await?;
        if result.verified_status != VerifiedStatus::Pending {
            let state = match result.verified_status {
                VerifiedStatus::Superseded => "superseded by a newer ratify of the same customer",
                _ => "already decided",
            };
            return Ok(authed
                .refuse(
                    "kyc.decide",
                    audit::ssr::target(&result),
                    format!("This result is {state}; nothing was sent."),
                )
                .await);
        }
        if let Some(why) = four_eyes(&authed, result.user_id).await? {
            return Ok(authed.refuse("kyc.decide", audit::ssr::target(&result), why).await);
        }
        let me = authed.actor();
        match claims::on(&authed.state.store, authed.data.tenant_id, id, me).await.map_err(fault)? {
            Some(claim) if claim.mine => {}
            Some(claim) => {
                let why = format!(
                    "{} holds this result until {} UTC; only they can decide it now.",
                    claim.by,
                    crate::ui::format::time_of_day(&claim.expires_at)
                );
                return Ok(authed.refuse("kyc.decide", audit::ssr::target(&result), why).await);
            }
            None => {
                let why =
                    "Your claim on this result has ended. Open it again to claim it, then decide.";
                return Ok(authed.refuse("kyc.decide", audit::ssr::target(&result), why).await);
            }
        }
        let status = form.status().expect("validated");
        let decision = RatifyDecision {
            verified_status: status,
            reason: (status == VerifiedStatus::Rejected).then(|| form.reason()).flatten(),
            comment: Some(form.comment.trim().to_owned()).filter(|c| !c.is_empty()),
        };
        let sent = authed.eclipse.decide_ratify_result(id, &decision).await;
        audit::ssr::record(&authed, &result, &decision, &sent).await;
        if let Err(err) = sent {
            return Err(authed.fail(err).await);
        }
        claims::clear(&authed.state.store, authed.data.tenant_id, id).await.map_err(fault)?;
        Ok(Outcome::Done(Decided { status, next: next_for(&authed, id).await }))
    }

    /// The oldest result after this one that nobody else holds and four eyes let this reviewer decide. A
    /// failure to look is not the decision's failure: the reviewer goes back to the queue.
    async fn next_for(authed: &Authed, decided: i64) -> Option<i64> {
        let params = queue_params(&QueueFilters::default(), 0, NEXT_LOOKAHEAD);
        let page = authed
            .eclipse
            .review_queue(&params)
            .await
            .map_err(|e: EclipseError| tracing::warn!(error = %e, "next result"))
            .ok()?;
        let store = &authed.state.store;
        let me = authed.actor();
        let claims = claims::live(store, authed.data.tenant_id, me).await.ok()?;
        let own = store.kyc_contributed_to(authed.data.tenant_id, me).await.ok()?;
        page.items
            .into_iter()
            .find(|r| {
                r.ratify_result_id != decided
                    && !own.contains(&r.user_id)
                    && claims.get(&r.ratify_result_id).is_none_or(|c| c.mine)
            })
            .map(|r| r.ratify_result_id)
    }
}
