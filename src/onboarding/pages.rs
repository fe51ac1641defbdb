//! The onboarding pages: the list of onboardings in progress, and the wizard with its steps.
use super::{
    create_onboarding_wallet, get_draft, go_to_step, list_drafts, step_href,
    steps::{AddressStep, DetailsStep, StepCard},
    Advance, DiscardDraft, Draft, StartOnboarding, Step,
};
use crate::{
    customers::{
        documents::DocumentsPanel,
        kyc::{FixAt, KycPanel},
    },
    review::DecisionHistory,
    ui::{
        client::{go, reload_saying},
        dialog::ConfirmDialog,
        error::InlineError,
        format,
        layout::PageHeader,
        load::{Loaded, LoadedList},
        table::DataTable,
        toast::use_toasts,
    },
    wallets::{NewWalletPanel, WalletForm, WalletSender},
};
use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, A},
    hooks::{use_params_map, use_query_map},
};

#[component]
pub fn OnboardingListPage() -> impl IntoView {
    let drafts = Resource::new(|| (), |_| list_drafts());
    view! {
        <PageHeader title="Onboarding" subtitle="New customers, step by step: details, address, documents, KYC check, wallet.">
            <StartButton />
        </PageHeader>
        <section class="card overflow-x-auto" tabindex="0">
            <h2 class="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">"In progress"</h2>
            <LoadedList resource=drafts none="No onboarding is in progress. Unfinished ones are kept for 30 days."
                children=|list| view! { <DraftsTable list /> } />
        </section>
    }
}

/// "Onboard a customer": a new draft, then its first step.
#[island]
fn StartButton() -> impl IntoView {
    let start = ServerAction::<StartOnboarding>::new();
    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            go(&step_href(&id, Step::Details, None));
        }
    });
    view! {
        <div class="flex flex-col items-end gap-2">
            <button type="button" class="btn-primary" disabled=move || start.pending().get()
                on:click=move |_| { start.dispatch(StartOnboarding {}); }>
                {move || if start.pending().get() { "Starting…" } else { "Onboard a customer" }}
            </button>
            {move || start.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
        </div>
    }
}

#[component]
fn DraftsTable(list: Vec<Draft>) -> impl IntoView {
    let rows = list.into_iter().map(|d| view! { <DraftRow draft=d /> }).collect_view();
    view! {
        <DataTable testid="drafts" labels=&["Customer", "At step", "Started by", "Started", "Last change", "Actions"]
            hidden=&["Actions"]>{rows}</DataTable>
        <p class="p-4 text-xs text-slate-500">"Anyone who may onboard can resume or discard these. Unfinished onboardings are deleted 30 days after their last change."</p>
    }
}

#[component]
fn DraftRow(draft: Draft) -> impl IntoView {
    let name = draft.name();
    view! {
        <tr data-testid="draft-row">
            <td class="td font-medium">{name.clone()}</td>
            <td class="td whitespace-nowrap">{format!("{} of 5 · {}", Step::WIZARD.iter().position(|s| *s == draft.step).map(|i| i + 1).unwrap_or(5), draft.step.label())}</td>
            <td class="td">{draft.started_by.clone()}</td>
            <td class="td whitespace-nowrap text-slate-600">{format::date_time(&draft.started_at)}</td>
            <td class="td whitespace-nowrap text-slate-600">{format!("{} by {}", format::date_time(&draft.updated_at), draft.updated_by)}</td>
            <td class="td whitespace-nowrap text-right">
                <a class="btn-secondary" href=step_href(&draft.draft_id, draft.step, draft.data.customer_id)>"Resume"</a>
                <Discard draft_id=draft.draft_id.clone() name created=draft.data.customer_id />
            </td>
        </tr>
    }
}

/// "Discard", confirmed; the list loads again without the draft.
#[island]
fn Discard(draft_id: String, name: String, created: Option<i64>) -> impl IntoView {
    let confirm = RwSignal::new(false);
    let discard = ServerAction::<DiscardDraft>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = discard.value().get() {
            reload_saying("Onboarding discarded.");
        }
    });
    view! {
        <button type="button" class="btn-danger ml-2" on:click=move |_| confirm.set(true)>"Discard"</button>
        <ConfirmDialog open=confirm title="Discard this onboarding?" confirm_label="Discard" danger=true
            pending=discard.pending() on_confirm=move || { discard.dispatch(DiscardDraft { draft_id: draft_id.clone() }); }>
            <p>{format!("The draft for {name} is deleted, with what was typed in it.")}</p>
            {created.map(|c| view! { <p class="mt-2">{format!("Customer {c} was already created in Eclipse and stays there.")}</p> })}
            {move || discard.value().get().and_then(|r| r.err()).map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
        </ConfirmDialog>
    }
}

/// The wizard. The header, the stepper and the form steps render from the draft; the documents, KYC and
/// wallet panels render from the URL (which carries the customer), outside the draft's loading boundary, so
/// the server and the browser create their data loads in the same order.
#[component]
pub fn OnboardingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let draft_id = move || params.read().get("id").unwrap_or_default();
    let draft = Resource::new(draft_id, get_draft);
    let url_step = Memo::new(move |_| query.read().get("step").and_then(|s| Step::parse(&s)));
    let url_customer =
        Memo::new(move |_| query.read().get("customer").and_then(|c| c.parse::<i64>().ok()));
    view! {
        <Loaded resource=draft children=move |draft| view! { <DraftView draft url_step url_customer /> } />
        {move || {
            let (Some(step), Some(customer_id)) = (url_step.get(), url_customer.get()) else { return ().into_any() };
            let id = draft_id();
            match step {
                Step::Documents => view! {
                    <StepCard title="Documents" intro="Upload the identity document (or passport) and a selfie, and a proof of address. Each file is checked before it is sent, and OCR reads the identity document.">
                        <DocumentsPanel customer_id can_edit=true />
                    </StepCard>
                    <ContinueButton draft_id=id from=Step::Documents label="Continue to the KYC check".to_owned() />
                }.into_any(),
                Step::Ratify => {
                    let kyc_draft = id.clone();
                    view! {
                        <StepCard title="KYC check (ratify)" intro="Run the checks. A failed check says what to correct; correct it in its step and run the checks again, as often as needed.">
                            <div class="space-y-4">
                                <OnboardingKyc draft_id=kyc_draft customer_id />
                                <DecisionHistory customer_id />
                            </div>
                        </StepCard>
                        <ContinueButton draft_id=id from=Step::Ratify label="Continue to the wallet".to_owned() />
                    }.into_any()
                }
                Step::Wallet => view! { <OnboardingWallet draft_id=id customer_id /> }.into_any(),
                _ => ().into_any(),
            }
        }}
    }
}

/// The wizard's KYC step: a failed check links to the step that fixes it.
#[island]
fn OnboardingKyc(draft_id: String, customer_id: i64) -> impl IntoView {
    let fix_href = Callback::new(move |at: FixAt| {
        let step = match at {
            FixAt::Details => Step::Details,
            FixAt::Address => Step::Address,
            FixAt::Documents => Step::Documents,
        };
        step_href(&draft_id, step, Some(customer_id))
    });
    view! { <KycPanel customer_id can_run=true fix_href /> }
}

/// The wizard's wallet step: once the wallet exists, the draft says where to go next.
#[island]
fn OnboardingWallet(draft_id: String, customer_id: i64) -> impl IntoView {
    let done_id = draft_id.clone();
    let created = Callback::new(move |_| {
        let done_id = done_id.clone();
        leptos::task::spawn_local(async move {
            if let Ok(next) = get_draft(done_id).await {
                go_to_step(&next);
            }
        });
    });
    // The draft's own retry key is used, not the form's: the draft finishes with its wallet.
    let create: WalletSender = Action::new(move |(form, _key): &(WalletForm, String)| {
        create_onboarding_wallet(draft_id.clone(), form.clone())
    });
    view! { <NewWalletPanel customer_id create on_created=created /> }
}

/// The draft's part of the page: where the user is, what is done, and the form steps. A URL that asks for a
/// step not reached yet (or lacks the customer) is sent to the right one.
#[component]
fn DraftView(
    draft: Draft,
    url_step: Memo<Option<Step>>,
    url_customer: Memo<Option<i64>>,
) -> impl IntoView {
    let reached = draft.step;
    // Only the page's own memos are read here: this view is replaced whenever the draft is saved.
    let shown = move || url_step.get().filter(|s| *s <= reached).unwrap_or(reached);
    let subtitle = format!(
        "Started by {} on {} · last saved {} by {}",
        draft.started_by,
        format::date_time(&draft.started_at),
        format::date_time(&draft.updated_at),
        draft.updated_by
    );
    let for_content = draft.clone();
    let content = move || {
        let draft = for_content.clone();
        let shown = shown();
        // Sent to the full URL only when the step or the customer is missing from it; a step beyond the draft
        // shows the furthest one reached (that is also what this view sees for a moment after a save).
        let right_url = match url_step.get() {
            None => false,
            Some(asked) => {
                asked != shown
                    || shown < Step::Documents
                    || url_customer.get() == draft.data.customer_id
            }
        };
        match shown {
            _ if !right_url => view! { <Redirect path=step_href(&draft.draft_id, shown, draft.data.customer_id) /> }.into_any(),
            Step::Details => view! { <DetailsStep draft /> }.into_any(),
            Step::Address => view! { <AddressStep draft /> }.into_any(),
            Step::Done => view! { <DoneStep draft /> }.into_any(),
            _ => ().into_any(),
        }
    };
    view! {
        <PageHeader title=draft.name() subtitle=subtitle>
            <a href="/onboarding" class="btn-secondary">"All onboardings"</a>
        </PageHeader>
        <Stepper draft=draft.clone() url_step />
        {content}
    }
}

#[component]
fn Stepper(draft: Draft, url_step: Memo<Option<Step>>) -> impl IntoView {
    let reached = draft.step;
    let shown = move || url_step.get().filter(|s| *s <= reached).unwrap_or(reached);
    let items = Step::WIZARD.into_iter().enumerate().map(|(i, step)| {
        let href = step_href(&draft.draft_id, step, draft.data.customer_id);
        let href = move || href.clone();
        let done = move || reached > step;
        let reachable = move || reached >= step;
        let current = move || shown() == step;
        view! {
            <li class="flex-1" data-testid="wizard-step" data-state=move || if current() { "current" } else if done() { "done" } else { "todo" }>
                {move || {
                    let circle = if done() { "bg-emerald-600 text-white" } else if current() { "bg-sky-700 text-white" } else { "bg-slate-200 text-slate-600" };
                    let body = view! {
                        <span class=format!("flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold {circle}")>
                            {if done() { "✓".to_owned() } else { (i + 1).to_string() }}
                        </span>
                        <span class="text-sm font-medium" class:text-slate-900=current class:text-slate-600=move || !current()>{step.label()}</span>
                    };
                    if reachable() && !current() {
                        view! { <A href=href() attr:class="flex items-center gap-2 rounded-md p-2 hover:bg-slate-100">{body}</A> }.into_any()
                    } else {
                        view! { <div class="flex items-center gap-2 p-2" aria-current=current().then_some("step")>{body}</div> }.into_any()
                    }
                }}
            </li>
        }
    }).collect_view();
    view! {
        <nav aria-label="Onboarding steps" class="card mb-6 px-3 py-2">
            <ol class="flex flex-col gap-1 sm:flex-row sm:gap-2">{items}</ol>
        </nav>
    }
}

#[island]
fn ContinueButton(draft_id: String, from: Step, label: String) -> impl IntoView {
    let toasts = use_toasts();
    let go = ServerAction::<Advance>::new();
    Effect::new(move |_| match go.value().get() {
        Some(Ok(next)) => go_to_step(&next),
        Some(Err(err)) => toasts.error(err.to_string()),
        None => {}
    });
    view! {
        <div class="mt-4 flex justify-end">
            <button type="button" class="btn-primary" disabled=move || go.pending().get()
                on:click=move |_| { go.dispatch(Advance { draft_id: draft_id.clone(), from }); }>
                {move || if go.pending().get() { "Saving…".to_owned() } else { label.clone() }}
            </button>
        </div>
    }
}

#[component]
fn DoneStep(draft: Draft) -> impl IntoView {
    let customer_id = draft.data.customer_id.unwrap_or_default();
    let wallet = draft.data.wallet.clone().map(|(_, friendly)| friendly).unwrap_or_default();
    view! {
        <section class="card p-6" data-testid="onboarding-done">
            <h2 class="text-lg font-semibold text-emerald-800">"Onboarding complete"</h2>
            <p class="mt-2 text-sm text-slate-700">{format!("{} is a customer with wallet {wallet}.", draft.name())}</p>
            <div class="mt-4 flex gap-3">
                <a class="btn-primary" href=format!("/customers/{customer_id}")>"Open the customer"</a>
                <a class="btn-secondary" href="/onboarding">"Back to onboarding"</a>
            </div>
        </section>
    }
}
