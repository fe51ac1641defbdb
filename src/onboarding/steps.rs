//! The wizard's form steps: the customer's details (with the duplicate check) and their address.
use super::{
    go_to_step, validate_onboarding_details, DetailsAnswer, Draft, SaveDetails, SaveDraftAddress,
};
use crate::{
    customers::{
        addresses::AddressFormView,
        profile::{ProfileFields, ProfileInputs},
        CustomerStatusBadge,
    },
    eclipse::models::Customer,
    error::{FieldErrors, Outcome},
    ui::{error::InlineError, toast::use_toasts},
};
use leptos::prelude::*;

#[component]
pub fn StepCard(
    #[prop(into)] title: String,
    #[prop(into)] intro: String,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card space-y-4 p-6">
            <div>
                <h2 class="text-base font-semibold text-slate-900">{title}</h2>
                <p class="mt-1 text-sm text-slate-600">{intro}</p>
            </div>
            {children()}
        </section>
    }
}

#[island]
pub fn DetailsStep(draft: Draft) -> impl IntoView {
    let toasts = use_toasts();
    let fields = ProfileFields::new(&draft.data.details);
    let errors = RwSignal::new(FieldErrors::default());
    let duplicates = RwSignal::new(None::<Vec<Customer>>);
    let save = ServerAction::<SaveDetails>::new();
    let created = draft.data.customer_id.is_some();
    let draft_id = draft.draft_id.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Outcome::Done(DetailsAnswer::Saved(next)))) => {
            go_to_step(&next);
        }
        Some(Ok(Outcome::Done(DetailsAnswer::PossibleDuplicates(found)))) => {
            duplicates.set(Some(found))
        }
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let send = {
        let draft_id = draft_id.clone();
        move |not_a_duplicate: bool| {
            let details = fields.get();
            let e = validate_onboarding_details(&details);
            if e.is_empty() {
                save.dispatch(SaveDetails { draft_id: draft_id.clone(), details, not_a_duplicate });
            }
            errors.set(e);
        }
    };
    let submit = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send(false);
        }
    };
    let pending = save.pending();
    let intro = if created {
        "The customer exists in Eclipse; changes here update them."
    } else {
        "Before the customer is created, Eclipse is searched for anyone with the same identity number, phone or email."
    };
    view! {
        <StepCard title="Customer details" intro=intro>
            <form on:submit=submit novalidate class="space-y-4" data-testid="details-form">
                <ProfileInputs fields errors />
                {move || errors.with(|e| e.get("form")).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                {move || save.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
                {move || duplicates.get().map(|found| {
                    let send = send.clone();
                    view! { <Duplicates found on_not_duplicate=move || send(true) pending /> }
                })}
                <div class="flex justify-end">
                    <button type="submit" class="btn-primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Saving…" } else if created { "Save and continue" } else { "Create customer and continue" }}
                    </button>
                </div>
            </form>
        </StepCard>
    }
}

#[component]
fn Duplicates(
    found: Vec<Customer>,
    on_not_duplicate: impl Fn() + Send + Sync + 'static,
    pending: Memo<bool>,
) -> impl IntoView {
    let rows = found.into_iter().map(|c| view! {
        <tr data-testid="duplicate">
            <td class="py-2 pr-3 font-medium">{c.full_name()}</td>
            <td class="py-2 pr-3 font-mono text-xs">{c.national_identity_number.clone().or(c.passport_number.clone()).unwrap_or_default()}</td>
            <td class="py-2 pr-3">{c.phone1.clone().unwrap_or_default()}</td>
            <td class="py-2 pr-3">{c.email.clone().unwrap_or_default()}</td>
            <td class="py-2 pr-3"><CustomerStatusBadge status=c.status /></td>
            <td class="py-2 text-right"><a class="btn-secondary" href=format!("/customers/{}", c.customer_id)>"Open this customer"</a></td>
        </tr>
    }).collect_view();
    view! {
        <div class="rounded-lg border border-amber-300 bg-amber-50 p-4" role="alert" data-testid="duplicates">
            <h3 class="text-sm font-semibold text-amber-900">"This may be a customer Eclipse already has"</h3>
            <p class="mt-1 text-sm text-amber-900">"Nothing was created. Open the existing customer instead, or create a new one if this is a different person."</p>
            <table class="mt-3 w-full text-sm"><tbody class="divide-y divide-amber-200">{rows}</tbody></table>
            <div class="mt-3 flex justify-end">
                <button type="button" class="btn-secondary" disabled=move || pending.get() on:click=move |_| on_not_duplicate()>
                    "A different person: create a new customer"
                </button>
            </div>
        </div>
    }
}

#[island]
pub fn AddressStep(draft: Draft) -> impl IntoView {
    let toasts = use_toasts();
    let errors = RwSignal::new(FieldErrors::default());
    let save = ServerAction::<SaveDraftAddress>::new();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Outcome::Done(next))) => go_to_step(&next),
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let draft_id = draft.draft_id.clone();
    view! {
        <StepCard title="Address" intro="Where the customer lives. Most wallet types need an address and a proof of it.">
            <AddressFormView initial=draft.data.address.clone() errors pending=save.pending()
                failure=Signal::derive(move || save.value().get().and_then(|r| r.err())) label="Save address and continue"
                send=move |address| { save.dispatch(SaveDraftAddress { draft_id: draft_id.clone(), address }); } />
        </StepCard>
    }
}
