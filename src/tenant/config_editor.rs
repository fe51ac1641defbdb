//! The form for one setting: a new key, or a new value for an existing one. Keys Eclipse acts on get a
//! proper input (a choice, a switch, a checked regular expression); a secret can be replaced, never read.
use super::{validate_config_edit, ConfigEdit, SaveConfig};
use crate::eclipse::positions::Position;
use crate::{
    eclipse::models::{known_config_key, ConfigInput, ConfigItem, KNOWN_CONFIG_KEYS},
    error::FieldErrors,
    ui::{
        client::reload_saying,
        error::InlineError,
        form::{answered, clear_error, field_error, SubmitButton},
    },
};
use leptos::prelude::*;
use strum::VariantArray;

#[component]
pub fn ConfigEditor(
    /// The setting to change, or `None` for a new one.
    item: Option<ConfigItem>,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let save = ServerAction::<SaveConfig>::new();
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let is_new = item.is_none();
    let was_encrypted = item.as_ref().is_some_and(|i| i.encrypted);
    let key = RwSignal::new(item.as_ref().map(|i| i.key.clone()).unwrap_or_default());
    let value = RwSignal::new(
        item.as_ref().filter(|i| !i.encrypted).map(|i| i.value.clone()).unwrap_or_default(),
    );
    let description =
        RwSignal::new(item.as_ref().and_then(|i| i.description.clone()).unwrap_or_default());
    let encrypt = RwSignal::new(was_encrypted);
    let known = Memo::new(move |_| key.with(|k| known_config_key(k.trim())));
    Effect::new(move |_| {
        if let Some(saved) = answered(save.value().get(), errors, refused) {
            reload_saying(format!("Saved {}.", saved.key));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = ConfigEdit {
            key: key.get(),
            value: value.get(),
            description: description.get(),
            encrypt: encrypt.get(),
            is_new,
        };
        refused.set(None);
        let e = validate_config_edit(&edit);
        if e.is_empty() {
            errors.set(e);
            save.dispatch(SaveConfig { edit });
        } else {
            errors.set(e);
        }
    };
    let title = match &item {
        None => "New setting".to_owned(),
        Some(i) => format!("Edit {}", i.key),
    };
    let pending = save.pending();
    let key_error = field_error(errors, "key");
    view! {
        <form class="card mb-6 space-y-4 border-sky-200 p-6 ring-1 ring-sky-100" on:submit=submit novalidate data-testid="config-editor">
            <h2 class="text-base font-semibold text-slate-900">{title}</h2>
            {is_new.then(|| view! {
                <div>
                    <label for="field-key" class="label">"Key" <span class="text-red-600" aria-hidden="true">" *"</span></label>
                    <input id="field-key" name="key" class="input font-mono" list="known-keys" autocomplete="off"
                        class:input-invalid=move || key_error.get().is_some()
                        aria-invalid=move || key_error.get().is_some().to_string()
                        prop:value=move || key.get()
                        on:input=move |ev| {
                            let k = event_target_value(&ev);
                            if let Some(known) = known_config_key(k.trim()) {
                                value.set(match known.input {
                                    ConfigInput::Toggle => "false".into(),
                                    _ => known.default.into(),
                                });
                                encrypt.set(false);
                            }
                            key.set(k);
                            clear_error(errors, "key");
                        } />
                    <datalist id="known-keys">
                        {KNOWN_CONFIG_KEYS.iter().map(|k| view! { <option value=k.key>{k.description}</option> }).collect_view()}
                    </datalist>
                    <p class="mt-1 text-xs text-slate-500">"Letters, digits, '.', '_' or '-'. Keys Eclipse acts on are suggested."</p>
                    {move || key_error.get().map(|e| view! { <p class="field-error" data-testid="error-key">{e}</p> })}
                </div>
            })}
            {move || match known.get() {
                Some(k) => view! { <KnownValueInput known=k value errors /> }.into_any(),
                None => view! { <FreeValueInput value encrypt errors was_encrypted /> }.into_any(),
            }}
            <div>
                <label for="field-description" class="label">"Description"</label>
                <input id="field-description" name="description" class="input" prop:value=move || description.get()
                    placeholder=move || known.get().map(|k| k.description).unwrap_or("What this setting is for")
                    on:input=move |ev| { description.set(event_target_value(&ev)); clear_error(errors, "description"); } />
                {move || field_error(errors, "description").get().map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            {move || field_error(errors, "form").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
            {move || save.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end gap-3 border-t border-slate-200 pt-4">
                <button type="button" class="btn-secondary" on:click=move |_| on_cancel()>"Cancel"</button>
                <SubmitButton pending label="Save setting" busy="Saving…" />
            </div>
        </form>
    }
}

/// The value of a key Eclipse acts on, with the input its kind needs.
#[component]
fn KnownValueInput(
    known: &'static crate::eclipse::models::KnownConfigKey,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let error = field_error(errors, "value");
    let default_note = if known.default.is_empty() {
        "Default: not set.".to_owned()
    } else {
        format!("Default: {}.", known.default)
    };
    let input = match known.input {
        ConfigInput::Choice(options) => view! {
            <select id="field-value" name="value" class="input" on:change=move |ev| { value.set(event_target_value(&ev)); clear_error(errors, "value"); }>
                {options.iter().map(|(v, label)| view! { <option value=*v selected=move || value.get() == *v>{*label}</option> }).collect_view()}
            </select>
        }.into_any(),
        ConfigInput::Toggle => view! {
            <label class="flex items-center gap-3 text-sm">
                <input id="field-value" type="checkbox" role="switch" class="h-5 w-5 rounded border-slate-300"
                    prop:checked=move || value.get() == "true"
                    on:change=move |ev| { value.set(if event_target_checked(&ev) { "true" } else { "false" }.into()); clear_error(errors, "value"); } />
                <span>{move || if value.get() == "true" { "On (true)" } else { "Off (false)" }}</span>
            </label>
        }.into_any(),
        ConfigInput::Regex => view! { <RegexInput value errors /> }.into_any(),
        ConfigInput::Positions => view! { <PositionsInput value errors /> }.into_any(),
        ConfigInput::Money | ConfigInput::Hours | ConfigInput::WalletIds | ConfigInput::TimeZone => {
            let (mode, hint) = match known.input {
                ConfigInput::Money => ("decimal", "5000.00 ZAR"),
                ConfigInput::Hours => ("numeric", "48"),
                ConfigInput::TimeZone => ("text", crate::eclipse::models::DEFAULT_TIME_ZONE),
                _ => ("text", "101,102"),
            };
            view! {
                <input id="field-value" name="value" class="input font-mono" inputmode=mode autocomplete="off" placeholder=hint
                    class:input-invalid=move || error.get().is_some()
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| { value.set(event_target_value(&ev)); clear_error(errors, "value"); } />
            }.into_any()
        }
    };
    view! {
        <div>
            <label for="field-value" class="label">"Value"</label>
            {input}
            <p class="mt-1 text-xs text-slate-500">{known.description}". "{default_note}</p>
            {move || error.get().map(|e| view! { <p class="field-error" data-testid="error-value">{e}</p> })}
        </div>
    }
}

/// Positions as checkboxes; the value is their names, comma-separated, in the order Eclipse lists them.
#[component]
fn PositionsInput(value: RwSignal<String>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let chosen = move |p: Position| value.with(|v| v.split(',').any(|s| s == <&str>::from(p)));
    let toggle = move |p: Position, on: bool| {
        let names: Vec<&str> = Position::VARIANTS
            .iter()
            .filter(|q| if **q == p { on } else { chosen(**q) })
            .map(|q| <&str>::from(*q))
            .collect();
        value.set(names.join(","));
        clear_error(errors, "value");
    };
    view! {
        <fieldset id="field-value" class="space-y-1">
            <legend class="sr-only">"Positions"</legend>
            {Position::VARIANTS.iter().map(|p| {
                let p = *p;
                let name: &'static str = p.into();
                view! {
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" class="h-4 w-4 rounded border-slate-300" value=name
                            prop:checked=move || chosen(p)
                            on:change=move |ev| toggle(p, event_target_checked(&ev)) />
                        <span>{p.label()}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A regular expression, with a sample to try it on as it is typed.
#[component]
fn RegexInput(value: RwSignal<String>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let sample = RwSignal::new(String::new());
    let verdict = move || {
        let (pattern, sample) = (value.get(), sample.get());
        if sample.is_empty() {
            return None;
        }
        Some(match crate::validate::regex_test(&pattern, &sample) {
            Ok(true) => ("text-emerald-700", "✓ This password would be accepted.".to_owned()),
            Ok(false) => ("text-amber-800", "✗ This password would be refused.".to_owned()),
            Err(why) => ("text-red-700", format!("Not a valid regular expression: {why}")),
        })
    };
    view! {
        <input id="field-value" name="value" class="input font-mono" autocomplete="off" spellcheck="false"
            prop:value=move || value.get()
            on:input=move |ev| { value.set(event_target_value(&ev)); clear_error(errors, "value"); } />
        <div class="mt-2 flex flex-wrap items-center gap-2">
            <label for="regex-sample" class="text-xs text-slate-600">"Try a password"</label>
            <input id="regex-sample" class="input max-w-xs py-1 text-sm" autocomplete="off" prop:value=move || sample.get()
                on:input=move |ev| sample.set(event_target_value(&ev)) />
            {move || verdict().map(|(tone, text)| view! { <span class=format!("text-xs {tone}") data-testid="regex-verdict">{text}</span> })}
        </div>
    }
}

/// The value of any other key: free text, optionally stored encrypted.
#[component]
fn FreeValueInput(
    value: RwSignal<String>,
    encrypt: RwSignal<bool>,
    errors: RwSignal<FieldErrors>,
    was_encrypted: bool,
) -> impl IntoView {
    let error = field_error(errors, "value");
    view! {
        <div>
            <label for="field-value" class="label">{if was_encrypted { "New secret value" } else { "Value" }}</label>
            <input id="field-value" name="value" class="input font-mono" autocomplete="off"
                type=move || if encrypt.get() { "password" } else { "text" }
                class:input-invalid=move || error.get().is_some()
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| { value.set(event_target_value(&ev)); clear_error(errors, "value"); } />
            {was_encrypted.then(|| view! {
                <p class="mt-1 text-xs text-slate-500">"The current value is encrypted and cannot be shown. Enter a new one to replace it."</p>
            })}
            {move || error.get().map(|e| view! { <p class="field-error" data-testid="error-value">{e}</p> })}
            <label class="mt-2 flex items-center gap-2 text-sm">
                <input type="checkbox" name="encrypt" class="h-4 w-4 rounded border-slate-300" prop:checked=move || encrypt.get()
                    on:change=move |ev| encrypt.set(event_target_checked(&ev)) />
                "Store encrypted (it can be replaced later, never read back)"
            </label>
        </div>
    }
}
