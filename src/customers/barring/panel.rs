//! The barring panel on the customer's page.
use super::{
    load_barring_state, validate_reason, BarringJob, BarringState, JobKind, JobStatus,
    ResumeBarring, StartBarring, StepState,
};
use crate::{
    eclipse::models::CustomerStatus,
    error::{FieldErrors, Outcome},
    ui::{
        dialog::{settle, ConfirmDialog},
        error::InlineError,
        status_change::REASON_MAX,
    },
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The panel on the customer's page: the job's steps live, and (for those who may) bar, unbar or resume.
/// When a job it saw ends, the page loads again to show the customer's new status.
#[island]
pub fn BarringPanel(customer_id: i64, can_bar: bool) -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let state = Resource::new(move || tick.get(), move |_| load_barring_state(customer_id));
    let start = ServerAction::<StartBarring>::new();
    let resume = ServerAction::<ResumeBarring>::new();
    // While a job runs, look again shortly. When a job ends (or fails) after being seen otherwise, the page's
    // customer is read again; a job may run so fast that it is never seen running.
    let seen = StoredValue::new(None::<Option<(JobStatus, DateTime<Utc>)>>);
    Effect::new(move |_| {
        let Some(Ok(now)) = state.get() else { return };
        let job = now.job.map(|j| (j.status, j.updated_at));
        if job.as_ref().is_some_and(|(status, _)| *status == JobStatus::Running) {
            set_timeout(move || tick.update(|n| *n += 1), std::time::Duration::from_millis(600));
        } else if seen.get_value().is_some_and(|before| before != job) {
            crate::ui::client::reload();
        }
        seen.set_value(Some(job));
    });
    Effect::new(move |_| {
        if start.version().get() > 0 || resume.version().get() > 0 {
            tick.update(|n| *n += 1);
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(s) => view! { <BarringView state=s customer_id can_bar start resume /> }.into_any(),
                    Err(error) => view! { <InlineError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn BarringView(
    state: BarringState,
    customer_id: i64,
    can_bar: bool,
    start: ServerAction<StartBarring>,
    resume: ServerAction<ResumeBarring>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let barred = state.customer_status == CustomerStatus::Barred;
    let job = state.job.clone();
    let waiting = job.as_ref().is_some_and(|j| j.status == JobStatus::Waiting);
    let running = job.as_ref().is_some_and(|j| j.status == JobStatus::Running);
    let bar = !barred;
    let refused = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if settle(start.value().get(), open, errors, refused).is_some() {
            reason.set(String::new());
        }
    });
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let e = validate_reason(&reason.get());
        errors.set(e.clone());
        if e.is_empty() {
            open.set(true);
        }
    };
    let plan = state.plan.clone();
    let action_label = if bar { "Bar customer…" } else { "Unbar customer…" };
    let title = if bar { "Bar this customer?" } else { "Unbar this customer?" };
    let reason_error = move || errors.with(|e| e.get("bar_reason"));
    if job.is_none() && !can_bar {
        return ().into_any();
    }
    view! {
        <section class="card mb-4 p-4" data-testid="barring">
            {job.map(|j| view! { <JobView job=j /> })}
            {(can_bar && waiting).then(|| view! {
                <div class="mt-3 flex flex-wrap items-center gap-3">
                    <button type="button" class="btn-primary" disabled=move || resume.pending().get()
                        on:click=move |_| { resume.dispatch(ResumeBarring { customer_id }); }>
                        {move || if resume.pending().get() { "Resuming…" } else { "Resume" }}
                    </button>
                    <span class="text-sm text-slate-600">"Runs what is left with your Eclipse session; what is done is not done again."</span>
                </div>
            })}
            {move || resume.value().get().and_then(|r| match r {
                Ok(Outcome::Refused(why)) => Some(view! { <p class="mt-2 text-sm text-amber-900" role="alert">{why}</p> }.into_any()),
                Err(error) => Some(view! { <InlineError error /> }.into_any()),
                _ => None,
            })}
            {(can_bar && !waiting && !running).then(|| view! {
                <form class="mt-3 flex flex-wrap items-end gap-3" on:submit=ask novalidate data-testid="barring-form">
                    <div class="min-w-[16rem] flex-1">
                        <label for="bar-reason" class="label">{if bar { "Reason for barring" } else { "Reason for unbarring" }}</label>
                        <input id="bar-reason" class="input" maxlength=REASON_MAX.to_string() class:input-invalid=move || reason_error().is_some()
                            prop:value=move || reason.get() on:input=move |ev| { reason.set(event_target_value(&ev)); errors.set(FieldErrors::default()); } />
                        {move || reason_error().map(|e| view! { <p class="field-error" data-testid="error-bar_reason">{e}</p> })}
                    </div>
                    <button type="submit" class=if bar { "btn-danger" } else { "btn-secondary" }>{action_label}</button>
                </form>
            })}
            {move || refused.get().map(|why| view! { <p class="mt-2 text-sm text-amber-900" role="alert">{why}</p> })}
            {move || start.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <ConfirmDialog open title=title confirm_label=if bar { "Bar customer" } else { "Unbar customer" } danger=bar
                pending=start.pending() on_confirm=move || { start.dispatch(StartBarring { customer_id, bar, reason: reason.get_untracked() }); }>
                <p>{if bar { "The portal will, in this order:" } else { "The portal will reverse what it can:" }}</p>
                <ol class="mt-2 list-decimal space-y-1 pl-5" data-testid="barring-plan">
                    {plan.iter().map(|s| view! { <li>{s.label.clone()}{(!s.note.is_empty()).then(|| format!(" — {}", s.note))}</li> }).collect_view()}
                </ol>
            </ConfirmDialog>
        </section>
    }
    .into_any()
}

#[component]
fn JobView(job: BarringJob) -> impl IntoView {
    let (badge, text) = match job.status {
        JobStatus::Running => ("badge bg-sky-50 text-sky-800 ring-sky-200", "Running"),
        JobStatus::Waiting => {
            ("badge bg-amber-50 text-amber-800 ring-amber-200", "Waiting to be resumed")
        }
        JobStatus::Done => ("badge bg-emerald-50 text-emerald-800 ring-emerald-200", "Done"),
    };
    let what = if job.kind == JobKind::Bar { "Barring" } else { "Unbarring" };
    let steps = job.steps.iter().map(|s| {
        let (mark, class) = match s.state {
            StepState::Done => ("✓", "text-emerald-700"),
            StepState::Skipped => ("–", "text-slate-500"),
            StepState::Failed => ("✗", "text-red-700"),
            StepState::Todo => ("…", "text-slate-500"),
        };
        let state = format!("{:?}", s.state);
        view! {
            <li class="flex gap-2" data-testid="job-step" data-state=state>
                <span class=format!("w-4 font-semibold {class}") aria-hidden="true">{mark}</span>
                <span>{s.label.clone()}{(!s.note.is_empty()).then(|| view! { <span class="text-slate-600">{format!(" — {}", s.note)}</span> })}</span>
            </li>
        }
    }).collect_view();
    view! {
        <div data-testid="barring-job">
            <div class="flex flex-wrap items-center gap-2">
                <h2 class="text-sm font-semibold text-slate-900">{format!("{what} · “{}”", job.reason)}</h2>
                <span class=badge data-testid="job-status">{text}</span>
            </div>
            <p class="mt-1 text-xs text-slate-600">{format!("Started by {} at {} UTC; steps run as {}.", job.started_by, crate::ui::format::date_time(&job.started_at), job.runner)}</p>
            {job.error.clone().map(|e| view! { <p class="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert" data-testid="job-error">{e}</p> })}
            <ol class="mt-3 space-y-1 text-sm">{steps}</ol>
        </div>
    }
}
