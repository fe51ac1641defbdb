//! `/reports`: choose a report, its days and a format; a small one downloads at once, a larger one is made
//! as a job whose progress shows here, with the admin's reports of the last day below.
use super::{
    cap_note, my_reports, report_progress, AskReport, FileFormat, JobStatus, ReportForm, ReportJob,
    ReportKind, Ticket,
};
use crate::{
    auth::use_current_user,
    error::{FieldErrors, Outcome},
    ui::{
        client::go,
        error::InlineError,
        form::{clear_error, field_error, SelectField, TextField},
        layout::PageHeader,
        load::Loaded,
    },
};
use leptos::prelude::*;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let user = use_current_user();
    let kinds: Vec<ReportKind> =
        ReportKind::ALL.into_iter().filter(|k| user.can(k.needs())).collect();
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Duration::days(30)).to_string();
    let mine = Resource::new(|| (), |_| my_reports());
    view! {
        <PageHeader title="Reports" subtitle="Tenant reports as CSV or Excel, for a range of days in the tenant's time zone (the tenant setting timeZone)." />
        <ReportAsker kinds from to=today.to_string() />
        <section class="mt-8" aria-labelledby="mine-heading">
            <h2 id="mine-heading" class="mb-3 text-base font-semibold text-slate-900">"Your reports of the last day"</h2>
            <Loaded resource=mine children=|jobs| view! { <KeptReports jobs /> } />
        </section>
    }
}

#[component]
fn KeptReports(jobs: Vec<ReportJob>) -> impl IntoView {
    if jobs.is_empty() {
        return view! { <p class="card p-4 text-sm text-slate-600" data-testid="no-reports">"None yet: larger reports are made here, and kept for a day."</p> }.into_any();
    }
    view! {
        <ul class="space-y-3" data-testid="my-reports">
            {jobs.into_iter().map(|job| view! { <li><JobCard job /></li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The form. A report sent at once starts its download and the form stays as it was; a job shows its card.
#[island]
fn ReportAsker(kinds: Vec<ReportKind>, from: String, to: String) -> impl IntoView {
    let kind = RwSignal::new(kinds.first().map(|k| k.slug().to_owned()).unwrap_or_default());
    let (from, to) = (RwSignal::new(from), RwSignal::new(to));
    let format = RwSignal::new("csv".to_owned());
    let errors = RwSignal::new(FieldErrors::default());
    let ask = ServerAction::<AskReport>::new();
    let started = RwSignal::new(None::<ReportJob>);
    let downloading = RwSignal::new(false);
    Effect::new(move |_| match ask.value().get() {
        Some(Ok(Outcome::Done(Ticket::File { href }))) => {
            downloading.set(true);
            go(&href);
        }
        Some(Ok(Outcome::Done(Ticket::Job(job)))) => started.set(Some(job)),
        Some(Ok(Outcome::Invalid(e))) => errors.set(e),
        _ => {}
    });
    let options = kinds.iter().map(|k| (k.slug().to_owned(), k.title().to_owned())).collect();
    let holds = move || ReportKind::parse(&kind.get()).map(|k| k.holds()).unwrap_or_default();
    let format_error = field_error(errors, "format");
    let choice = move |value: &'static str, label: &'static str| {
        view! {
            <label class="flex items-center gap-2 text-sm">
                <input type="radio" name="format" value=value prop:checked=move || format.get() == value
                    on:change=move |_| { format.set(value.to_owned()); clear_error(errors, "format"); } />
                {label}
            </label>
        }
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        downloading.set(false);
        started.set(None);
        let form =
            ReportForm { kind: kind.get(), from: from.get(), to: to.get(), format: format.get() };
        match form.check() {
            Ok(_) => {
                errors.set(FieldErrors::default());
                ask.dispatch(AskReport { form });
            }
            Err(e) => errors.set(e),
        }
    };
    view! {
        <form class="card space-y-4 p-4" on:submit=send novalidate data-testid="report-form">
            <div class="grid gap-4 md:grid-cols-3">
                <div>
                    <SelectField name="kind" label="Report" value=kind errors options />
                    <p class="mt-1 text-xs text-slate-600" data-testid="report-holds">{holds}</p>
                </div>
                <TextField name="from" label="First day" kind="date" value=from errors required=true />
                <TextField name="to" label="Last day (included)" kind="date" value=to errors required=true />
            </div>
            <fieldset>
                <legend class="label">"File"</legend>
                <div class="flex gap-6">{choice("csv", "CSV")}{choice("xlsx", "Excel")}</div>
                {move || format_error.get().map(|e| view! { <p class="field-error" data-testid="error-format">{e}</p> })}
            </fieldset>
            {move || ask.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex flex-wrap items-center gap-3">
                <button type="submit" class="btn-primary" disabled=move || ask.pending().get()>
                    {move || if ask.pending().get() { "Making the report…" } else { "Make the report" }}
                </button>
                <Show when=move || downloading.get()>
                    <p class="text-sm text-slate-700" role="status" data-testid="report-downloading">"The file is downloading."</p>
                </Show>
            </div>
        </form>
        {move || started.get().map(|job| view! {
            <div class="mt-4" data-testid="report-started">
                <p class="mb-2 text-sm text-slate-700" role="status">"This report is large: it is being made here, and kept for a day under “Your reports”."</p>
                <JobView job />
            </div>
        })}
    }
}

/// A report made as a job, following its progress while it runs.
#[island]
fn JobCard(job: ReportJob) -> impl IntoView {
    view! { <JobView job /> }
}

#[component]
fn JobView(job: ReportJob) -> impl IntoView {
    let current = RwSignal::new(job);
    let tick = RwSignal::new(0u32);
    let fresh = Resource::new(
        move || tick.get(),
        move |n| {
            let id = current.get_untracked().job_id;
            async move {
                if n == 0 {
                    None
                } else {
                    report_progress(id).await.ok()
                }
            }
        },
    );
    Effect::new(move |_| {
        if let Some(Some(job)) = fresh.get() {
            current.set(job);
        }
    });
    Effect::new(move |_| {
        if current.with(|j| j.status == JobStatus::Running) {
            set_timeout(move || tick.update(|n| *n += 1), std::time::Duration::from_millis(800));
        }
    });
    move || {
        let job = current.get();
        let wanted = job.rows_in_file();
        let percent = (job.done_rows * 100).checked_div(wanted).unwrap_or(100).min(100);
        let title = format!("{}, {} to {}", job.kind.title(), job.from, job.to);
        let state = match job.status {
            JobStatus::Running => format!("Making it: {} of {} rows", job.done_rows, wanted),
            JobStatus::Done => format!(
                "Ready: {wanted} rows, kept until {} UTC",
                crate::ui::format::date_time(&job.expires_at)
            ),
            JobStatus::Failed => "Stopped".to_owned(),
        };
        view! {
            <div class="card space-y-2 p-4" data-testid="report-job" data-status=format!("{:?}", job.status).to_lowercase()>
                <p class="text-sm font-medium text-slate-900">{title}</p>
                <div class="h-2 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-label="Rows read"
                    aria-valuemin="0" aria-valuemax=wanted.to_string() aria-valuenow=job.done_rows.to_string()>
                    <div class="h-2 bg-sky-600" style=format!("width: {percent}%")></div>
                </div>
                <p class="text-sm tabular-nums text-slate-700" data-testid="report-progress">{state}</p>
                {job.capped().then(|| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note" data-testid="report-capped">{cap_note(job.total_rows, job.cap)}</p> })}
                {job.error.clone().map(|e| view! { <p class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="report-error">{e}</p> })}
                {(job.status == JobStatus::Done).then(|| view! {
                    <p class="flex gap-3">
                        <a class="btn-secondary" href=job.file_href(FileFormat::Csv) download data-testid="report-csv">"Download CSV"</a>
                        <a class="btn-secondary" href=job.file_href(FileFormat::Xlsx) download data-testid="report-xlsx">"Download Excel"</a>
                    </p>
                })}
            </div>
        }
    }
}
