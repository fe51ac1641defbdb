//! `/disbursements`: a file checked and started (or sent for approval), and the batches made; and
//! `/disbursements/{id}`: one batch, its progress live while it runs, its decision and its result file.
use super::{
    disbursement, disbursements, ApproveDisbursement, Batch, BatchCheck, BatchStatus,
    CheckDisbursement, DeclineDisbursement, ResumeDisbursement, StartDisbursement, MAX_ROWS,
};
use crate::{
    auth::use_current_user,
    eclipse::positions::Capability,
    error::{AppError, FieldErrors, Outcome},
    transfers::{reason_problem, REASON_MAX},
    ui::{
        dialog::{settle, ConfirmDialog, ReasonDialog},
        error::{ErrorPanel, InlineError},
        form::TextField,
        format,
        layout::PageHeader,
        load::Loaded,
        table::{use_list_state_with, ColumnHeads, Pager},
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DisbursementsPage() -> impl IntoView {
    let may = use_current_user().can(Capability::ChangeStatus);
    let state = use_list_state_with("created", &["created"], &[]);
    let page = Resource::new(
        move || state.get(),
        move |s| async move {
            if !may {
                return Err(AppError::Forbidden);
            }
            disbursements(s.offset()).await
        },
    );
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <PageHeader title="Bulk disbursements"
            subtitle="Pay many wallets from one source wallet with a CSV file in Eclipse's format. Every row is checked before anything moves." />
        <NewDisbursement />
        <h2 class="mb-2 mt-6 text-base font-semibold text-slate-900">"Disbursements"</h2>
        <Loaded resource=page children=move |data| {
            if data.rows.is_empty() {
                return view! { <p class="card p-6 text-sm text-slate-600" data-testid="no-disbursements">"None yet."</p> }.into_any();
            }
            let shown = data.rows.len();
            view! {
                <div class="card overflow-x-auto" tabindex="0">
                    <table class="w-full text-sm" data-testid="disbursements">
                        <ColumnHeads labels=&["Made (UTC)", "File", "From", "Rows", "Total", "Status"] right=&["Rows", "Total"] hidden=&[] />
                        <tbody class="divide-y divide-slate-100">{data.rows.into_iter().map(|b| view! { <BatchRow b /> }).collect_view()}</tbody>
                    </table>
                    <Pager state default_sort="created" shown total=Some(data.total) />
                </div>
            }.into_any()
        } />
    }
    .into_any()
}

#[component]
fn BatchRow(b: Batch) -> impl IntoView {
    let progress = format!(
        "{} of {} sent{}",
        b.sent,
        b.rows,
        if b.failed > 0 { format!(", {} refused", b.failed) } else { String::new() }
    );
    view! {
        <tr data-testid="disbursement-row">
            <td class="td whitespace-nowrap">{format::date_time(&b.created_at)}<span class="block text-xs text-slate-600">{b.created_by.clone()}</span></td>
            <td class="td"><a class="link" href=format!("/disbursements/{}", b.batch_id)>{b.file_name.clone()}</a></td>
            <td class="td"><a class="link" href=format!("/wallets/{}", b.source_wallet_id)>{b.source_label.clone()}</a></td>
            <td class="td text-right tabular-nums">{b.rows}</td>
            <td class="td text-right tabular-nums whitespace-nowrap">{b.money(b.total)}</td>
            <td class="td">{status_badge(b.status)}<span class="block text-xs text-slate-600">{progress}</span></td>
        </tr>
    }
}

fn status_badge(status: BatchStatus) -> impl IntoView {
    let (class, label) = match status {
        BatchStatus::Checked => ("badge bg-slate-100 text-slate-700 ring-slate-200", "Checked"),
        BatchStatus::Pending => {
            ("badge bg-sky-50 text-sky-800 ring-sky-200", "Waiting for approval")
        }
        BatchStatus::Running => ("badge bg-sky-50 text-sky-800 ring-sky-200", "Running"),
        BatchStatus::Waiting => {
            ("badge bg-amber-50 text-amber-800 ring-amber-200", "Stopped: resume")
        }
        BatchStatus::Done => ("badge bg-emerald-50 text-emerald-800 ring-emerald-200", "Done"),
        BatchStatus::Declined => ("badge bg-amber-50 text-amber-800 ring-amber-200", "Declined"),
        BatchStatus::Expired => ("badge bg-slate-100 text-slate-700 ring-slate-200", "Expired"),
    };
    view! { <span class=class data-testid="disbursement-status">{label}</span> }
}

/// Choose the source wallet and the file, see every problem by line, then start or ask for approval. The
/// file's text stays in the browser until it is checked, so a corrected file is checked again in one click.
#[island]
fn NewDisbursement() -> impl IntoView {
    let source = RwSignal::new(String::new());
    let file_name = RwSignal::new(String::new());
    let text = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(false);
    let checked = RwSignal::new(None::<BatchCheck>);
    let check = ServerAction::<CheckDisbursement>::new();
    let start = ServerAction::<StartDisbursement>::new();
    let checking = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(answer) = settle(check.value().get(), checking, errors, refused) {
            checked.set(Some(answer));
        }
    });
    Effect::new(move |_| {
        if let Some(batch) = settle(start.value().get(), confirm, errors, refused) {
            crate::ui::client::go(&format!("/disbursements/{}", batch.batch_id));
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        checked.set(None);
        errors.update(|e| e.remove("file"));
        read_file(ev, file_name, text, errors);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        checked.set(None);
        let mut e = FieldErrors::default();
        if source.get_untracked().trim().is_empty() {
            e.add("source", "The wallet the money leaves: its id or friendly id.");
        }
        match text.get_untracked() {
            None if e.get("file").is_none() => e.add("file", "Choose the CSV file."),
            Some(csv) if e.is_empty() => {
                checking.set(true);
                check.dispatch(CheckDisbursement {
                    source: source.get_untracked(),
                    file_name: file_name.get_untracked(),
                    csv,
                });
            }
            _ => {}
        }
        errors.set(e);
    };
    let ask = move |_| {
        errors.update(|e| e.remove("reason"));
        let needs = checked.with_untracked(|c| c.as_ref().is_some_and(|c| c.needs_approval));
        match reason_problem(&reason.get_untracked()) {
            Some(problem) if needs => errors.update(|e| {
                e.add("reason", format!("{problem} A second admin reads it before approving."))
            }),
            _ => confirm.set(true),
        }
    };
    let pending = check.pending();
    let file_error = move || errors.with(|e| e.get("file"));
    view! {
        <form class="card space-y-4 p-4" on:submit=submit novalidate data-testid="disbursement-form">
            <div class="grid gap-4 sm:grid-cols-2">
                <TextField name="source" label="Source wallet" value=source errors required=true autocomplete="off"
                    hint="Its id or friendly id: the money leaves this wallet" />
                <div>
                    <label for="disbursement-file" class="label">"File (CSV)"<span class="text-red-600" aria-hidden="true">" *"</span></label>
                    <input id="disbursement-file" type="file" accept=".csv,text/csv" class="input" class:input-invalid=move || file_error().is_some()
                        on:change=on_file data-testid="disbursement-file" />
                    <p class="mt-1 text-xs text-slate-600">{format!("Header amount,description,toWalletId,externalUniqueId; at most {MAX_ROWS} rows")}</p>
                    {move || file_error().map(|e| view! { <p class="field-error" data-testid="error-file">{e}</p> })}
                </div>
            </div>
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="disbursement-refused">{why}</p> })}
            {move || check.value().get().and_then(|r| r.err()).or_else(|| start.value().get().and_then(|r| r.err()))
                .map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end">
                <button type="submit" class="btn-secondary" disabled=move || pending.get()>
                    {move || if pending.get() { "Checking every row…" } else { "Check file" }}
                </button>
            </div>
            {move || checked.get().map(|c| view! { <CheckResult check=c reason errors /> })}
            {move || checked.get().filter(|c| c.batch_id.is_some()).map(|c| {
                let label = if c.needs_approval { "Request approval…" } else { "Start disbursement…" };
                let (title, confirm_label) = if c.needs_approval {
                    ("Ask a second admin to approve this disbursement?", "Request approval")
                } else {
                    ("Start this disbursement?", "Start disbursement")
                };
                let batch_id = c.batch_id.clone().unwrap_or_default();
                view! {
                    <div class="flex justify-end">
                        <button type="button" class="btn-primary" on:click=ask data-testid="start-disbursement">{label}</button>
                    </div>
                    <ConfirmDialog open=confirm title confirm_label pending=start.pending()
                        on_confirm=move || { start.dispatch(StartDisbursement { batch_id: batch_id.clone(), reason: reason.get_untracked() }); }>
                        <p>{format!("{} rows, {} in all, from {}.", c.rows, c.money(c.total), c.source_label)}</p>
                        <p class="mt-2">{if c.needs_approval { "Nothing moves until a second admin approves it." } else { "Eclipse moves the money row by row; it cannot be undone here." }}</p>
                    </ConfirmDialog>
                }
            })}
        </form>
    }
}

/// Reads the chosen file's text in the browser (nothing is sent until it is checked).
fn read_file(
    ev: leptos::ev::Event,
    name: RwSignal<String>,
    text: RwSignal<Option<String>>,
    errors: RwSignal<FieldErrors>,
) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            text.set(None);
            return;
        };
        if file.size() as usize > super::MAX_FILE_BYTES {
            text.set(None);
            errors.update(|e| {
                e.add(
                    "file",
                    format!("At most {} KB: split the file.", super::MAX_FILE_BYTES / 1024),
                )
            });
            return;
        }
        name.set(file.name());
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
            {
                Some(read) => text.set(Some(read)),
                None => errors.update(|e| e.add("file", "The file could not be read.")),
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, name, text, errors);
}

#[component]
fn CheckResult(
    check: BatchCheck,
    reason: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let summary = format!(
        "{}: {} rows, {} in all; {} available on {}.",
        check.file_name,
        check.rows,
        check.money(check.total),
        check.money(check.available),
        check.source_label
    );
    let problems = (check.error_count > 0).then(|| {
        let more = check.error_count as usize > check.errors.len();
        view! {
            <div role="alert" data-testid="disbursement-errors">
                <p class="text-sm font-semibold text-red-800">{format!("{} rows cannot be sent: correct the file and check it again. Nothing has moved.", check.error_count)}</p>
                <table class="mt-2 w-full text-sm">
                    <ColumnHeads labels=&["Line", "Problem"] right=&[] hidden=&[] />
                    <tbody class="divide-y divide-slate-100">
                        {check.errors.iter().map(|e| view! { <tr data-testid="line-error"><td class="td tabular-nums">{e.line}</td><td class="td">{e.message.clone()}</td></tr> }).collect_view()}
                    </tbody>
                </table>
                {more.then(|| view! { <p class="mt-1 text-xs text-slate-600">{format!("The first {} are shown.", check.errors.len())}</p> })}
            </div>
        }
    });
    let ready = check.batch_id.is_some().then(|| {
        let note = check.needs_approval.then(|| {
            let why = if check.threshold.trim().is_empty() { "the tenant's approval rule".to_owned() } else { check.threshold.clone() };
            view! {
                <p class="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="needs-approval">
                    {format!("The total is above {why}: a second admin approves the whole batch.")}
                </p>
                <TextField name="reason" label="Reason" value=reason errors required=true
                    hint=format!("For the second admin; at most {REASON_MAX} characters") />
            }
        });
        view! { <p class="text-sm text-emerald-800" data-testid="disbursement-ready">"Every row can be sent."</p>{note} }
    });
    view! {
        <section class="space-y-3 border-t border-slate-200 pt-4" data-testid="disbursement-check">
            <p class="text-sm text-slate-900" data-testid="disbursement-summary">{summary}</p>
            {problems}
            {ready}
        </section>
    }
}

#[component]
pub fn DisbursementPage() -> impl IntoView {
    let may = use_current_user().can(Capability::ChangeStatus);
    let params = use_params_map();
    let batch_id = params.with_untracked(|p| p.get("batch_id").unwrap_or_default());
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    let batch = Resource::new(move || batch_id.clone(), disbursement);
    view! {
        <Loaded resource=batch children=move |b| view! {
            <PageHeader title=format!("Disbursement {}", b.file_name) subtitle=format!("From {}", b.source_label) />
            <BatchView batch=b />
        } />
    }
    .into_any()
}

/// The batch, read again every moment while it runs; its decision (for another admin), resume, and result.
#[island]
fn BatchView(batch: Batch) -> impl IntoView {
    let batch_id = batch.batch_id.clone();
    let current = RwSignal::new(batch);
    let resume = ServerAction::<ResumeDisbursement>::new();
    let approve = ServerAction::<ApproveDisbursement>::new();
    // While it runs, read it again shortly; the page was drawn with the batch as it was (tick 0).
    let tick = RwSignal::new(0u32);
    let fresh = Resource::new(
        move || tick.get(),
        move |n| {
            let id = batch_id.clone();
            async move {
                if n == 0 {
                    None
                } else {
                    disbursement(id).await.ok()
                }
            }
        },
    );
    Effect::new(move |_| {
        if let Some(Some(b)) = fresh.get() {
            current.set(b);
        }
    });
    Effect::new(move |_| {
        for answer in [resume.value().get(), approve.value().get()].into_iter().flatten() {
            if let Ok(Outcome::Done(b)) = answer {
                current.set(b);
            }
        }
    });
    Effect::new(move |_| {
        if current.with(|b| b.status == BatchStatus::Running) {
            set_timeout(move || tick.update(|n| *n += 1), std::time::Duration::from_millis(700));
        }
    });
    view! {
        {move || {
            let b = current.get();
            view! { <BatchSummary b=b.clone() /> <BatchActions b resume approve /> }
        }}
    }
}

#[component]
fn BatchSummary(b: Batch) -> impl IntoView {
    let done = b.sent + b.failed;
    let percent = (done * 100).checked_div(b.rows).unwrap_or(100);
    let result_href = format!("/disbursements/{}/result.csv", b.batch_id);
    let finished_rows = done > 0;
    view! {
        <section class="card space-y-3 p-4" data-testid="disbursement">
            <div class="flex flex-wrap items-center gap-2">{status_badge(b.status)}
                <span class="text-sm text-slate-600">{format!("{} rows, {} in all · made by {} at {} UTC", b.rows, b.money(b.total), b.created_by, format::date_time(&b.created_at))}</span>
            </div>
            {(!b.reason.is_empty()).then(|| view! { <p class="text-sm">{format!("Reason: {}", b.reason)}</p> })}
            {b.decided_by.clone().map(|by| view! { <p class="text-sm text-slate-600">{match &b.decision_reason { Some(why) => format!("Declined by {by}: {why}"), None => format!("Approved by {by}") }}</p> })}
            {(b.status == BatchStatus::Pending).then(|| b.expires_at.map(|at| view! { <p class="text-sm text-slate-600">{format!("Waiting for a second admin until {} UTC.", format::date_time(&at))}</p> }))}
            <div>
                <div class="h-2 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-label="Rows done" aria-valuemin="0" aria-valuemax=b.rows.to_string() aria-valuenow=done.to_string()>
                    <div class="h-2 bg-sky-600" style=format!("width: {percent}%")></div>
                </div>
                <p class="mt-1 text-sm tabular-nums" data-testid="disbursement-progress">
                    {format!("{} sent ({}), {} refused, {} to go", b.sent, b.money(b.sent_total), b.failed, b.todo())}
                </p>
            </div>
            {b.error.clone().map(|e| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="disbursement-error">{e}</p> })}
            {(!b.failures.is_empty()).then(|| view! {
                <div>
                    <h3 class="text-sm font-semibold text-slate-900">"Refused by Eclipse (latest)"</h3>
                    <ul class="mt-1 space-y-1 text-sm" data-testid="disbursement-failures">
                        {b.failures.iter().map(|f| view! { <li>{format!("Line {}: {}", f.line, f.message)}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            {finished_rows.then(|| view! { <a class="btn-secondary" href=result_href download data-testid="disbursement-result">"Download the result (CSV)"</a> })}
        </section>
    }
}

#[component]
fn BatchActions(
    b: Batch,
    resume: ServerAction<ResumeDisbursement>,
    approve: ServerAction<ApproveDisbursement>,
) -> impl IntoView {
    let decline = ServerAction::<DeclineDisbursement>::new();
    let approving = RwSignal::new(false);
    let declining = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        settle(approve.value().get(), approving, errors, refused);
    });
    Effect::new(move |_| {
        if settle(decline.value().get(), declining, errors, refused).is_some() {
            crate::ui::client::reload_saying("Disbursement declined.");
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Outcome::Refused(why))) = resume.value().get() {
            refused.set(Some(why));
        }
    });
    let what = format!("{} rows, {} in all, from {}", b.rows, b.money(b.total), b.source_label);
    let what_to_decline = what.clone();
    let (approve_id, decline_id, resume_id) =
        (b.batch_id.clone(), b.batch_id.clone(), b.batch_id.clone());
    let pending = b.status == BatchStatus::Pending;
    view! {
        <div class="mt-4 flex flex-wrap items-center gap-3">
            {(b.status == BatchStatus::Waiting).then(|| view! {
                <button type="button" class="btn-primary" disabled=move || resume.pending().get()
                    on:click=move |_| { resume.dispatch(ResumeDisbursement { batch_id: resume_id.clone() }); } data-testid="resume-disbursement">
                    {move || if resume.pending().get() { "Resuming…" } else { "Resume" }}
                </button>
                <span class="text-sm text-slate-600">"Sends what is left with your Eclipse session; what is sent is not sent again."</span>
            })}
            {(pending && b.mine).then(|| view! { <span class="text-sm text-slate-600" data-testid="own-disbursement">"Yours: another admin approves it."</span> })}
            {(pending && !b.mine).then(|| view! {
                <button type="button" class="btn-primary" on:click=move |_| { refused.set(None); approving.set(true) }>"Approve…"</button>
                <button type="button" class="btn-secondary" on:click=move |_| { refused.set(None); declining.set(true) }>"Decline…"</button>
            })}
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="decision-refused">{why}</p> })}
            {move || approve.value().get().and_then(|r| r.err()).or_else(|| decline.value().get().and_then(|r| r.err()))
                .or_else(|| resume.value().get().and_then(|r| r.err())).map(|error| view! { <InlineError error /> })}
            <ConfirmDialog open=approving title="Approve and start this disbursement?" confirm_label="Approve and start" pending=approve.pending()
                on_confirm=move || { approve.dispatch(ApproveDisbursement { batch_id: approve_id.clone() }); }>
                <p>{what.clone()}</p>
                <p class="mt-2">"Eclipse moves the money row by row with your session; it cannot be undone here."</p>
            </ConfirmDialog>
            <ReasonDialog open=declining title="Decline this disbursement?" confirm_label="Decline" pending=decline.pending()
                what=what_to_decline max=REASON_MAX check=reason_problem
                on_confirm=move |reason| { decline.dispatch(DeclineDisbursement { batch_id: decline_id.clone(), reason }); } />
        </div>
    }
}
