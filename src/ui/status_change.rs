//! A status change with a reason and a confirmation, for a wallet or a card: the form is the same, the
//! statuses and what each means differ.
use crate::{
    error::{AppError, FieldErrors, Outcome},
    ui::{
        dialog::{settle, ConfirmDialog},
        error::InlineError,
        form::{clear_error, field_error},
        toast::use_toasts,
    },
};
use leptos::prelude::*;

pub const REASON_MAX: usize = 200;

/// A record's status (a customer's, a wallet's, a card's) as a badge: its name, in the colour that word has
/// wherever the portal shows one.
#[component]
pub fn StatusBadge(status: &'static str, testid: &'static str) -> impl IntoView {
    let class = match status {
        "ACTIVE" => "badge bg-emerald-50 text-emerald-800 ring-emerald-200",
        "STOPPED" => "badge bg-amber-50 text-amber-800 ring-amber-200",
        "BARRED" | "BLOCKED" => "badge bg-red-50 text-red-800 ring-red-200",
        // DELETED: the record is gone.
        _ => "badge bg-slate-100 text-slate-700 ring-slate-300",
    };
    view! { <span class=class data-testid=testid>{status}</span> }
}

/// The rules of a status change: another status than the current one, and a reason.
pub fn validate_status_change(
    current: &str,
    status: &str,
    reason: &str,
    allowed: &[&str],
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if !allowed.contains(&status) {
        errors.add("status", "Choose the new status.");
    } else if status == current {
        errors.add("status", format!("It is {current} already."));
    }
    match reason.trim().chars().count() {
        0..3 => errors.add("reason", "Say why, in a few words (at least 3 characters)."),
        n if n > REASON_MAX => errors.add("reason", format!("At most {REASON_MAX} characters.")),
        _ => {}
    }
    errors
}

/// The form: the new status (value, label, what it does), a reason, then a confirmation that says what
/// will happen. `send` is the server call; `on_done` learns of success (and loads the page again, which
/// shows the toast).
#[component]
pub fn StatusChangeForm(
    #[prop(into)] subject: String,
    /// Makes the fields' ids unique on a page with several of these forms.
    id_prefix: String,
    current: &'static str,
    /// (status, label, what it does)
    choices: Vec<(&'static str, &'static str, &'static str)>,
    send: Callback<(String, String), ()>,
    #[prop(into)] pending: Signal<bool>,
    /// The server's answer to the last send.
    answer: Signal<Option<Result<Outcome<()>, AppError>>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let confirm = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let toasts = use_toasts();
    let allowed: Vec<&'static str> = choices.iter().map(|(s, _, _)| *s).collect();
    let explain = choices.clone();
    let what = Memo::new(move |_| {
        let to = status.get();
        explain.iter().find(|(s, _, _)| *s == to).map(|(_, _, w)| *w).unwrap_or_default()
    });
    Effect::new(move |_| {
        if settle(answer.get(), confirm, errors, refused).is_some() {
            toasts.success_after_load(format!("Status set to {}.", status.get_untracked()));
            reason.set(String::new());
            on_done.run(());
        }
    });
    let options = std::iter::once(("", "Choose…"))
        .chain(choices.iter().filter(|(s, _, _)| *s != current).map(|(s, label, _)| (*s, *label)))
        .map(|(value, label)| view! { <option value=value>{label}</option> })
        .collect_view();
    let (status_error, reason_error) =
        (field_error(errors, "status"), field_error(errors, "reason"));
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let e = validate_status_change(current, &status.get(), &reason.get(), &allowed);
        errors.set(e.clone());
        if e.is_empty() {
            confirm.set(true);
        }
    };
    let title = format!("Change the status of {subject}?");
    view! {
        <form class="space-y-3" on:submit=ask novalidate data-testid="status-form">
            <div class="grid gap-3 sm:grid-cols-2">
                <div>
                    <label for=format!("{id_prefix}-status") class="label">"New status"</label>
                    <select id=format!("{id_prefix}-status") class="input" class:input-invalid=move || status_error.get().is_some()
                        on:change=move |ev| { status.set(event_target_value(&ev)); clear_error(errors, "status"); }>
                        {options}
                    </select>
                    {move || status_error.get().map(|e| view! { <p class="field-error" data-testid="error-status">{e}</p> })}
                </div>
                <div>
                    <label for=format!("{id_prefix}-reason") class="label">"Reason" <span class="text-red-600" aria-hidden="true">" *"</span></label>
                    <input id=format!("{id_prefix}-reason") class="input" maxlength=REASON_MAX.to_string() class:input-invalid=move || reason_error.get().is_some()
                        prop:value=move || reason.get() on:input=move |ev| { reason.set(event_target_value(&ev)); clear_error(errors, "reason"); } />
                    <p class="mt-1 text-xs text-slate-500">"Recorded with the change"</p>
                    {move || reason_error.get().map(|e| view! { <p class="field-error" data-testid="error-reason">{e}</p> })}
                </div>
            </div>
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
            {move || answer.get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <button type="submit" class="btn-secondary" disabled=move || pending.get()>"Change status…"</button>
            <ConfirmDialog open=confirm title confirm_label="Change status" danger=true pending
                on_confirm=move || send.run((status.get_untracked(), reason.get_untracked().trim().to_owned()))>
                <p>{move || format!("{current} → {}. {}", status.get(), what.get())}</p>
                <p class="mt-2">"Reason: " {move || reason.get()}</p>
            </ConfirmDialog>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_needs_a_new_status_and_a_reason() {
        let allowed = ["ACTIVE", "STOPPED", "BARRED"];
        assert!(validate_status_change("ACTIVE", "STOPPED", "Customer asked", &allowed).is_empty());
        assert!(validate_status_change("ACTIVE", "ACTIVE", "Customer asked", &allowed)
            .get("status")
            .is_some());
        assert!(validate_status_change("ACTIVE", "GONE", "Customer asked", &allowed)
            .get("status")
            .is_some());
        assert!(validate_status_change("ACTIVE", "BARRED", " x ", &allowed)
            .get("reason")
            .is_some());
        assert!(validate_status_change("ACTIVE", "BARRED", &"x".repeat(201), &allowed)
            .get("reason")
            .is_some());
    }
}
