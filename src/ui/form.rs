//! Form fields that show their own validation message, tied to the input for screen readers.
use crate::error::{AppError, FieldErrors, Outcome};
use leptos::prelude::*;

/// The message for one field, from the last server answer or the browser's own check.
pub fn field_error(errors: RwSignal<FieldErrors>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.get(field)))
}

/// What a form's send came to: field messages and a refusal go where the form shows them (a fault shows
/// where the action's error is shown), and a success's value comes back.
pub fn answered<T>(
    answer: Option<Result<Outcome<T>, AppError>>,
    errors: RwSignal<FieldErrors>,
    refused: RwSignal<Option<String>>,
) -> Option<T> {
    match answer? {
        Ok(Outcome::Done(value)) => return Some(value),
        Ok(Outcome::Invalid(e)) => errors.set(e),
        Ok(Outcome::Refused(why)) => refused.set(Some(why)),
        Ok(Outcome::Conflict(_)) | Err(_) => {}
    }
    None
}

/// Clears a field's message once the user edits the field.
pub fn clear_error(errors: RwSignal<FieldErrors>, field: &'static str) {
    if errors.with_untracked(|e| e.get(field).is_some()) {
        errors.update(|e| e.remove(field));
    }
}

#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    /// The form's messages: this field shows its own, and clears it when edited.
    errors: RwSignal<FieldErrors>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let error = field_error(errors, name);
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    let label_for = id.clone();
    view! {
        <div>
            <label for=label_for class="label">{label}{required.then_some(view! { <span class="text-red-600" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id
                name=name
                type=kind
                class="input"
                class:input-invalid=move || error.get().is_some()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || error.get().map(|_| described_by.clone())
                required=required
                autocomplete=autocomplete
                disabled=disabled
                // The attribute renders on the server (and without JavaScript); the property follows edits.
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    clear_error(errors, name);
                }
            />
            {hint.map(|h| view! { <p class="mt-1 text-xs text-slate-500">{h}</p> })}
            {move || error.get().map(|e| view! { <p id=error_id.clone() class="field-error" data-testid=format!("error-{name}")>{e}</p> })}
        </div>
    }
}

/// A choice among fixed options; the selected one is marked on the server too.
#[component]
pub fn SelectField(
    name: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let error = field_error(errors, name);
    let id = format!("field-{name}");
    let label_for = id.clone();
    let options = options
        .into_iter()
        .map(|(v, text)| {
            let selected = v.clone();
            view! { <option value=v.clone() selected=move || value.get() == selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div>
            <label for=label_for class="label">{label}</label>
            <select id=id name=name class="input" disabled=disabled
                class:input-invalid=move || error.get().is_some()
                aria-invalid=move || error.get().is_some().to_string()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    clear_error(errors, name);
                }>
                {options}
            </select>
            {hint.map(|h| view! { <p class="mt-1 text-xs text-slate-500">{h}</p> })}
            {move || error.get().map(|e| view! { <p class="field-error" data-testid=format!("error-{name}")>{e}</p> })}
        </div>
    }
}

/// A form's send button, disabled and saying `busy` while the form is being sent.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
    busy: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class="btn-primary" disabled=move || pending.get()>
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}

/// The button that opens a form in place and closes it again, saying which it will do.
#[component]
pub fn ToggleButton(
    open: RwSignal<bool>,
    label: &'static str,
    #[prop(default = "Close")] close: &'static str,
    #[prop(default = "btn-secondary")] class: &'static str,
) -> impl IntoView {
    view! {
        <button type="button" class=class on:click=move |_| open.update(|o| *o = !*o)>
            {move || if open.get() { close } else { label }}
        </button>
    }
}

/// A form's text fields as signals, so that a failed save keeps what was typed: `new` from the form's
/// values, `get` them back as the form, `set` them all. Fields in brackets (`[customer_id: i64]`) are
/// carried as they are, and `set` leaves them.
macro_rules! form_signals {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident for $form:ident
        $([$($keep:ident: $keep_ty:ty),* $(,)?])?
        { $($field:ident),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        $vis struct $name {
            $($($keep: $keep_ty,)*)?
            $($field: leptos::prelude::RwSignal<String>,)*
        }

        impl $name {
            pub fn new(values: &$form) -> Self {
                $name {
                    $($($keep: values.$keep,)*)?
                    $($field: leptos::prelude::RwSignal::new(values.$field.clone()),)*
                }
            }

            pub fn get(&self) -> $form {
                $form {
                    $($($keep: self.$keep,)*)?
                    $($field: leptos::prelude::Get::get(&self.$field),)*
                }
            }

            pub fn set(&self, values: $form) {
                $(leptos::prelude::Set::set(&self.$field, values.$field);)*
            }
        }
    };
}
pub(crate) use form_signals;

/// A radio choice drawn as a card, highlighted when it is the one chosen.
pub fn choice_class(on: bool) -> &'static str {
    if on {
        "flex cursor-pointer items-start gap-3 rounded-lg border border-sky-600 bg-sky-50 p-3"
    } else {
        "flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 hover:border-slate-300"
    }
}
