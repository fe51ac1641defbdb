//! The wallet type form: name and mode, typed inputs for the attributes Eclipse acts on, free rows for
//! any other. Read-only positions see the same form, disabled, without its buttons.
use super::{
    conflict::conflict_rows, mode_label, other_row_field, validate_wallet_type, AttributeInput,
    DeleteWalletType, KnownAttribute, SaveWalletType, WalletTypeForm, KNOWN_ATTRIBUTES,
};
use crate::{
    eclipse::{
        currencies::currencies,
        models::{Attribute, KycLevel, WalletMode, WalletType},
    },
    error::{FieldErrors, Outcome},
    ui::{
        client::{go_saying, reload_saying},
        conflict::ConflictPanel,
        dialog::ConfirmDialog,
        error::InlineError,
        form::{clear_error, field_error, TextField},
    },
};
use leptos::prelude::*;
use strum::VariantArray;

/// The form's state, one signal per input.
#[derive(Clone, Copy)]
pub struct FormSignals {
    wallet_type_id: Option<i64>,
    pub version: RwSignal<Option<i64>>,
    name: RwSignal<String>,
    mode: RwSignal<WalletMode>,
    known: RwSignal<Vec<String>>,
    /// Free rows, each with a stable id for the list.
    other: RwSignal<Vec<(u32, Attribute)>>,
    next_id: StoredValue<u32>,
}

impl FormSignals {
    fn new(form: &WalletTypeForm) -> Self {
        let s = FormSignals {
            wallet_type_id: form.wallet_type_id,
            version: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            mode: RwSignal::new(form.mode),
            known: RwSignal::new(vec![]),
            other: RwSignal::new(vec![]),
            next_id: StoredValue::new(0),
        };
        s.load(form);
        s
    }

    /// Replaces everything the user sees with `form`.
    pub fn load(&self, form: &WalletTypeForm) {
        self.version.set(form.version);
        self.name.set(form.name.clone());
        self.mode.set(form.mode);
        self.known.set(form.known.clone());
        self.other.set(vec![]);
        for a in &form.other {
            self.add_other(a.clone());
        }
    }

    fn add_other(&self, attribute: Attribute) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.other.update(|o| o.push((id, attribute)));
    }

    pub fn form(&self) -> WalletTypeForm {
        WalletTypeForm {
            wallet_type_id: self.wallet_type_id,
            version: self.version.get(),
            name: self.name.get(),
            mode: self.mode.get(),
            known: self.known.get(),
            other: self.other.get().into_iter().map(|(_, a)| a).collect(),
        }
    }
}

/// `deletable`: the saved type and how many wallets use it, for its "Delete" button.
#[island]
pub fn WalletTypeFormView(
    initial: WalletTypeForm,
    can_manage: bool,
    #[prop(optional)] deletable: Option<(WalletType, u64)>,
) -> impl IntoView {
    let fields = FormSignals::new(&initial);
    let save = ServerAction::<SaveWalletType>::new();
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<WalletType>);
    let is_new = initial.wallet_type_id.is_none();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Outcome::Done(saved))) => {
            errors.set(FieldErrors::default());
            if is_new {
                go_saying(
                    &format!("/wallet-types/{}", saved.wallet_type_id),
                    format!("Wallet type {} created.", saved.name),
                );
            } else {
                reload_saying(format!("Saved {} (version {}).", saved.name, saved.version));
            }
        }
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        Some(Ok(Outcome::Refused(why))) => refused.set(Some(why)),
        Some(Ok(Outcome::Conflict(latest))) => conflict.set(Some(latest)),
        _ => {}
    });
    let send = move || {
        let form = fields.form();
        refused.set(None);
        let e = validate_wallet_type(&form);
        if e.is_empty() {
            save.dispatch(SaveWalletType { form });
        }
        errors.set(e);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send();
    };
    let apply_mine = move |latest: WalletType| {
        fields.version.set(Some(latest.version));
        conflict.set(None);
        send();
    };
    let take_theirs = move |latest: WalletType| {
        fields.load(&WalletTypeForm::of(&latest));
        conflict.set(None);
        errors.set(FieldErrors::default());
    };
    let pending = save.pending();
    view! {
        {move || conflict.get().map(|latest| {
            let (for_mine, for_theirs) = (latest.clone(), latest.clone());
            view! {
                <ConflictPanel what="this wallet type" version=latest.version rows=conflict_rows(&latest, &fields.form())
                    on_apply_mine=move || apply_mine(for_mine.clone()) on_take_theirs=move || take_theirs(for_theirs.clone()) />
            }
        })}
        <form class="card max-w-4xl space-y-6 p-6" on:submit=submit novalidate data-testid="wallet-type-form">
            <fieldset disabled=!can_manage class="space-y-6">
                <div class="grid gap-4 sm:grid-cols-2">
                    <TextField name="name" label="Name" value=fields.name errors required=true hint="e.g. Digital Wallet ZAR" />
                    <div>
                        <label for="field-mode" class="label">"Mode"</label>
                        <select id="field-mode" name="mode" class="input"
                            on:change=move |ev| if let Some(m) = WalletMode::parse(&event_target_value(&ev)) { fields.mode.set(m) }>
                            {WalletMode::VARIANTS.iter().map(|&m| view! {
                                <option value=m.as_str() selected=move || fields.mode.get() == m>{m.as_str()}</option>
                            }).collect_view()}
                        </select>
                        <p class="mt-1 text-xs text-slate-500">{move || mode_label(fields.mode.get())}</p>
                    </div>
                </div>
                <section>
                    <h2 class="text-sm font-semibold text-slate-900">"Configuration"</h2>
                    <p class="text-xs text-slate-600">"Attributes Eclipse acts on. Leave one empty to not set it."</p>
                    <div class="mt-3 grid gap-4 sm:grid-cols-2">
                        {KNOWN_ATTRIBUTES.iter().enumerate().map(|(i, k)| view! { <KnownAttributeInput index=i known=k fields errors /> }).collect_view()}
                    </div>
                </section>
                <OtherAttributes fields errors can_manage />
            </fieldset>
            {move || field_error(errors, "form").get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
            {move || save.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            {can_manage.then(|| view! {
                <div class="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4">
                    <div class="flex gap-3">{deletable.map(|(wallet_type, wallets)| view! { <DeleteWalletTypeButton wallet_type wallets /> })}</div>
                    <div class="flex items-center gap-3">
                        {move || fields.version.get().map(|v| view! { <span class="text-xs text-slate-500" data-testid="version">"Version "{v}</span> })}
                        <a href="/wallet-types" class="btn-secondary">"Cancel"</a>
                        <button type="submit" class="btn-primary" disabled=move || pending.get()>
                            {move || match (pending.get(), is_new) {
                                (true, _) => "Saving…",
                                (false, true) => "Create wallet type",
                                (false, false) => "Save changes",
                            }}
                        </button>
                    </div>
                </div>
            })}
        </form>
    }
}

#[component]
fn KnownAttributeInput(
    index: usize,
    known: &'static KnownAttribute,
    fields: FormSignals,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let att = known.att;
    let error = field_error(errors, att);
    let id = format!("field-{att}");
    let value = move || fields.known.with(|k| k.get(index).cloned().unwrap_or_default());
    let set = move |v: String| {
        fields.known.update(|k| {
            if let Some(slot) = k.get_mut(index) {
                *slot = v
            }
        });
        clear_error(errors, att);
    };
    let input = match known.input {
        AttributeInput::Currency => view! {
            <select id=id.clone() class="input" on:change=move |ev| set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().to_string()>
                <option value="" selected=move || value().is_empty()>"Not set"</option>
                {currencies().into_iter().map(|(code, name)| view! {
                    <option value=code selected=move || value() == code>{format!("{code} · {name}")}</option>
                }).collect_view()}
            </select>
        }.into_any(),
        AttributeInput::Amount => view! {
            <input id=id.clone() class="input" inputmode="decimal" autocomplete="off" placeholder="Not set"
                class:input-invalid=move || error.get().is_some()
                aria-invalid=move || error.get().is_some().to_string()
                value=value() prop:value=value on:input=move |ev| set(event_target_value(&ev)) />
        }.into_any(),
        AttributeInput::Kyc => view! {
            <select id=id.clone() class="input" on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || value().is_empty()>"Not set (NONE)"</option>
                {[KycLevel::None, KycLevel::Basic, KycLevel::Full].into_iter().map(|l| view! {
                    <option value=l.as_str() selected=move || value() == l.as_str()>{l.as_str()}</option>
                }).collect_view()}
            </select>
        }.into_any(),
        AttributeInput::Switch => view! {
            <select id=id.clone() class="input" on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || value().is_empty()>"Not set (no)"</option>
                <option value="true" selected=move || value() == "true">"Yes"</option>
                <option value="false" selected=move || value() == "false">"No"</option>
            </select>
        }.into_any(),
    };
    view! {
        <div>
            <label for=id class="label">{known.label}" "<span class="font-mono text-xs font-normal text-slate-500">{att}</span></label>
            {input}
            <p class="mt-1 text-xs text-slate-500">{known.hint}</p>
            {move || error.get().map(|e| view! { <p class="field-error" data-testid=format!("error-{att}")>{e}</p> })}
        </div>
    }
}

#[component]
fn OtherAttributes(
    fields: FormSignals,
    errors: RwSignal<FieldErrors>,
    can_manage: bool,
) -> impl IntoView {
    let ids = move || fields.other.with(|o| o.iter().map(|(id, _)| *id).collect::<Vec<_>>());
    let row = move |id: u32| {
        fields.other.with(|o| {
            o.iter()
                .find(|(i, _)| *i == id)
                .map(|(_, a)| a.clone())
                .unwrap_or(Attribute { att: String::new(), val: String::new() })
        })
    };
    let edit = move |id: u32, f: &dyn Fn(&mut Attribute)| {
        fields.other.update(|o| {
            if let Some((_, a)) = o.iter_mut().find(|(i, _)| *i == id) {
                f(a)
            }
        })
    };
    let index_of = move |id: u32| {
        fields.other.with(|o| o.iter().position(|(i, _)| *i == id)).unwrap_or_default()
    };
    view! {
        <section>
            <h2 class="text-sm font-semibold text-slate-900">"Other attributes"</h2>
            <p class="text-xs text-slate-600">"Any further attribute of your Eclipse configuration, kept as given."</p>
            {move || (!can_manage && fields.other.with(Vec::is_empty)).then(|| view! { <p class="mt-2 text-sm text-slate-500">"None."</p> })}
            <div class="mt-3 space-y-2" data-testid="other-attributes">
                <For each=ids key=|id| *id children=move |id| view! {
                    <div class="flex flex-wrap items-start gap-2">
                        <input class="input max-w-xs font-mono" aria-label="Attribute name" placeholder="attribute"
                            prop:value=move || row(id).att
                            on:input=move |ev| { let v = event_target_value(&ev); edit(id, &|a| a.att = v.clone()); errors.update(|e| e.remove(&other_row_field(index_of(id)))) } />
                        <input class="input max-w-xs font-mono" aria-label="Attribute value" placeholder="value"
                            prop:value=move || row(id).val
                            on:input=move |ev| { let v = event_target_value(&ev); edit(id, &|a| a.val = v.clone()) } />
                        {can_manage.then(|| view! {
                            <button type="button" class="btn-secondary" aria-label="Remove attribute"
                                on:click=move |_| fields.other.update(|o| o.retain(|(i, _)| *i != id))>"Remove"</button>
                        })}
                        {move || errors.with(|e| e.get(&other_row_field(index_of(id)))).map(|e| view! { <p class="field-error w-full">{e}</p> })}
                    </div>
                } />
            </div>
            {can_manage.then(|| view! {
                <button type="button" class="btn-secondary mt-3"
                    on:click=move |_| fields.add_other(Attribute { att: String::new(), val: String::new() })>"Add attribute"</button>
            })}
        </section>
    }
}

/// Inside the wallet type's form (an island).
#[component]
pub fn DeleteWalletTypeButton(wallet_type: WalletType, wallets: u64) -> impl IntoView {
    let delete = ServerAction::<DeleteWalletType>::new();
    let open = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let name = wallet_type.name.clone();
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(Outcome::Done(()))) => {
            go_saying("/wallet-types", format!("Wallet type {name} deleted."))
        }
        Some(Ok(Outcome::Refused(why))) => refused.set(Some(why)),
        _ => {}
    });
    let id = wallet_type.wallet_type_id;
    let warning = if wallets > 0 {
        format!("{wallets} wallet(s) use this type: Eclipse will refuse to delete it until they are closed or moved.")
    } else {
        "No wallet uses it. It is removed from Eclipse; this cannot be undone.".to_owned()
    };
    view! {
        <button type="button" class="btn-danger" on:click=move |_| { refused.set(None); open.set(true) }>"Delete"</button>
        <ConfirmDialog open title=format!("Delete {}?", wallet_type.name) confirm_label="Delete wallet type" pending=delete.pending() danger=true
            on_confirm=move || { delete.dispatch(DeleteWalletType { wallet_type_id: id }); }>
            <p>{warning.clone()}</p>
            {move || refused.get().map(|why| view! { <p class="mt-3 rounded-md bg-amber-50 px-3 py-2 text-amber-900" role="alert" data-testid="delete-refused">{why}</p> })}
            {move || delete.value().get().and_then(|r| r.err()).map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
        </ConfirmDialog>
    }
}
