//! The profile tab: the customer's details (edited from the version loaded, a conflict shown side by
//! side), and the profile lock as labelled switches.
use super::{validate_profile, ProfileEdit, SetProfileLock, UpdateCustomerProfile, PROFILE_LOCKS};
use crate::{
    eclipse::models::Customer,
    error::{FieldErrors, Outcome},
    ui::{
        conflict::ConflictPanel,
        error::InlineError,
        form::{form_signals, SubmitButton, TextField},
        toast::use_toasts,
    },
};
use leptos::prelude::*;

/// Their version beside the user's edit, field by field.
fn conflict_rows(theirs: &ProfileEdit, mine: &ProfileEdit) -> Vec<(String, String, String)> {
    type Field = fn(&ProfileEdit) -> &String;
    let fields: [(&str, Field); 10] = [
        ("Title", |p| &p.title),
        ("First name", |p| &p.first_name),
        ("Surname", |p| &p.last_name),
        ("Gender", |p| &p.gender),
        ("Date of birth", |p| &p.date_of_birth),
        ("Phone", |p| &p.phone1),
        ("Email", |p| &p.email),
        ("Identity number", |p| &p.national_identity_number),
        ("Passport number", |p| &p.passport_number),
        ("Country of residence", |p| &p.country_of_residence),
    ];
    fields
        .iter()
        .map(|(label, get)| ((*label).to_owned(), get(theirs).clone(), get(mine).clone()))
        .collect()
}

form_signals! {
    /// The details form's fields as signals (a failed save keeps what was typed); shared with onboarding.
    pub struct ProfileFields for ProfileEdit [customer_id: i64, version: i64] {
        title,
        first_name,
        last_name,
        gender,
        date_of_birth,
        phone1,
        email,
        national_identity_number,
        passport_number,
        country_of_residence,
    }
}

#[component]
pub fn ProfileInputs(fields: ProfileFields, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let f = fields;
    view! {
        <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <TextField name="title" label="Title" value=f.title errors hint="e.g. Ms, Mr, Dr" />
            <TextField name="first_name" label="First name" value=f.first_name errors required=true />
            <TextField name="last_name" label="Surname" value=f.last_name errors required=true />
            <TextField name="gender" label="Gender" value=f.gender errors hint="As recorded, e.g. F or M" />
            <TextField name="date_of_birth" label="Date of birth" kind="date" value=f.date_of_birth errors />
            <TextField name="phone1" label="Phone" kind="tel" value=f.phone1 errors hint="e.g. 0821234567" />
            <TextField name="email" label="Email" kind="email" value=f.email errors />
            <TextField name="national_identity_number" label="Identity number" value=f.national_identity_number errors hint="South African ID: 13 digits" />
            <TextField name="passport_number" label="Passport number" value=f.passport_number errors />
            <TextField name="country_of_residence" label="Country of residence" value=f.country_of_residence errors hint="A two-letter code (ZA) or the name (South Africa)" />
        </div>
    }
}

#[component]
pub fn ProfileTab(
    /// The customer as this page last saved or loaded it.
    customer: RwSignal<Customer>,
    can_edit: bool,
) -> impl IntoView {
    let toasts = use_toasts();
    let save = ServerAction::<UpdateCustomerProfile>::new();
    let errors = RwSignal::new(FieldErrors::default());
    let conflict = RwSignal::new(None::<Customer>);
    let initial = ProfileEdit::of(&customer.get_untracked());
    let version = RwSignal::new(initial.version);
    // The page's own other changes (the lock) move the version on without touching these fields.
    Effect::new(move |_| version.set(customer.with(|c| c.version)));
    let fields = ProfileFields::new(&initial);
    let edit = move || ProfileEdit { version: version.get(), ..fields.get() };
    let load = move |p: ProfileEdit| {
        version.set(p.version);
        fields.set(p);
    };
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Outcome::Done(saved))) => {
            errors.set(FieldErrors::default());
            version.set(saved.version);
            toasts.success(format!("Saved {} (version {}).", saved.full_name(), saved.version));
            customer.set(saved);
        }
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Conflict(latest))) => conflict.set(Some(latest)),
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let send = move || {
        let e = validate_profile(&edit());
        if e.is_empty() {
            save.dispatch(UpdateCustomerProfile { edit: edit() });
        }
        errors.set(e);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send();
    };
    let pending = save.pending();
    view! {
        {move || conflict.get().map(|latest| {
            let theirs = ProfileEdit::of(&latest);
            let latest_version = latest.version;
            view! {
                <ConflictPanel what="this customer" version=latest_version rows=conflict_rows(&theirs, &edit())
                    on_apply_mine=move || { version.set(latest_version); conflict.set(None); send(); }
                    on_take_theirs=move || { load(ProfileEdit::of(&latest)); conflict.set(None); } />
            }
        })}
        <form class="card space-y-6 p-6" on:submit=submit novalidate data-testid="profile-form">
            <fieldset disabled=!can_edit>
                <ProfileInputs fields errors />
            </fieldset>
            {move || errors.with(|e| e.get("form")).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || save.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            {can_edit.then(|| view! {
                <div class="flex items-center justify-end gap-3 border-t border-slate-200 pt-4">
                    <span class="text-xs text-slate-500" data-testid="version">"Version "{move || version.get()}</span>
                    <SubmitButton pending label="Save details" busy="Saving…" />
                </div>
            })}
        </form>
    }
}

/// The six parts of `profileCompletionStatus` as switches; each change is saved at once.
#[component]
pub fn ProfileLocks(customer: RwSignal<Customer>, can_edit: bool) -> impl IntoView {
    let toasts = use_toasts();
    let save = ServerAction::<SetProfileLock>::new();
    let lock = Memo::new(move |_| customer.with(|c| c.profile_completion_status));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Outcome::Done(saved))) => {
            toasts.success(format!("Profile lock saved: {}.", saved.profile_completion_status));
            customer.set(saved);
        }
        Some(Ok(Outcome::Conflict(latest))) => {
            customer.set(latest);
            toasts.error("Someone else changed this customer meanwhile; the switches now show the latest. Try again.");
        }
        Some(Ok(Outcome::Refused(why))) => toasts.error(why),
        _ => {}
    });
    let customer_id = customer.with_untracked(|c| c.customer_id);
    let switches = PROFILE_LOCKS.iter().map(|(bit, label, what)| {
        let bit = *bit;
        let id = format!("lock-{bit}");
        let label_for = id.clone();
        view! {
            <label for=label_for class="flex items-start gap-3 rounded-md p-2 hover:bg-slate-50">
                <input id=id type="checkbox" role="switch" class="mt-0.5 h-4 w-4 rounded border-slate-300" disabled=move || !can_edit || save.pending().get()
                    checked=lock.get_untracked() & bit != 0
                    prop:checked=move || lock.get() & bit != 0
                    on:change=move |ev| {
                        let next = if event_target_checked(&ev) { lock.get_untracked() | bit } else { lock.get_untracked() & !bit };
                        save.dispatch(SetProfileLock { customer_id, version: customer.with_untracked(|c| c.version), lock: next });
                    } />
                <span class="text-sm">
                    <span class="font-medium text-slate-900">{*label}</span>
                    <span class="ml-1 font-mono text-xs text-slate-500">{format!("({bit})")}</span>
                    <span class="block text-xs text-slate-600">{format!("Stops the customer changing {what}.")}</span>
                </span>
            </label>
        }
    }).collect_view();
    view! {
        <section class="card p-6" data-testid="profile-locks">
            <div class="flex items-baseline justify-between gap-3">
                <h2 class="text-base font-semibold text-slate-900">"Profile lock"</h2>
                <p class="text-sm text-slate-600">"profileCompletionStatus = "<span class="font-mono font-semibold" data-testid="lock-value">{move || lock.get()}</span></p>
            </div>
            <p class="mt-1 text-xs text-slate-600">"Admins can still change a locked part; the customer cannot."</p>
            <div class="mt-3 grid gap-1 sm:grid-cols-2">{switches}</div>
            {move || save.value().get().and_then(|r| r.err()).map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
        </section>
    }
}
