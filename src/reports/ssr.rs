//! Reports on the server: asking for one (at once, or as a job), following a job, and the files. Each checks
//! the session and the position the report needs; the tenant is the session's.
use super::{
    files, jobs,
    rows::{self, Source, PAGE_ROWS},
    FileFormat, JobStatus, ReportAsk, ReportForm, ReportJob, Ticket,
};
use crate::{
    auth::ssr::{require, require_in, Authed},
    eclipse::positions::{allows, Capability},
    error::{AppError, Outcome},
    state::AppState,
    store::fault,
};
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono_tz::Tz;
use futures_util::StreamExt;
use tower_sessions::Session;

/// The admin may run this report: its position allows the report's kind.
fn may(authed: &Authed, ask: &ReportAsk) -> Result<(), AppError> {
    if allows(&authed.data.positions, ask.kind.needs()) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The export, in the audit log.
async fn audit(authed: &Authed, ask: &ReportAsk, result: &str) {
    let target = format!("{} {} to {}", ask.kind.slug(), ask.from, ask.to);
    authed.record("report.export", target, result).await;
}

pub async fn ask(form: ReportForm) -> Result<Outcome<Ticket>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let ask = match form.check() {
        Ok(ask) => ask,
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    };
    may(&authed, &ask)?;
    let tz = rows::time_zone(&authed.eclipse).await?;
    let store = &authed.state.store;
    let source =
        Source { eclipse: &authed.eclipse, store, tenant_id: authed.data.tenant_id, ask, tz };
    let (_, total) = source.page(0, 1).await?;
    let limits = authed.state.config.reports;
    if total <= limits.direct_rows {
        return Ok(Outcome::Done(Ticket::File { href: form.file_href() }));
    }
    let who = (authed.data.tenant_id, authed.data.identity.as_str(), authed.session_id());
    let job_id =
        jobs::create(store, who, &ask, tz, (total, limits.cap_rows)).await.map_err(fault)?;
    audit(&authed, &ask, "started").await;
    let runner = jobs::Runner {
        state: authed.state.clone(),
        eclipse: authed.eclipse.clone(),
        tenant_id: authed.data.tenant_id,
    };
    tokio::spawn(runner.run(job_id.clone()));
    Ok(Outcome::Done(Ticket::Job(own_job(&authed, &job_id).await?)))
}

async fn own_job(authed: &Authed, job_id: &str) -> Result<ReportJob, AppError> {
    let kept =
        jobs::get(&authed.state.store, authed.data.tenant_id, job_id, Some(&authed.data.identity))
            .await
            .map_err(fault)?;
    kept.map(|k| k.job).ok_or(AppError::NotFound)
}

pub async fn job(job_id: String) -> Result<ReportJob, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    own_job(&authed, &job_id).await
}

pub async fn mine() -> Result<Vec<ReportJob>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    jobs::mine(&authed.state.store, authed.data.tenant_id, &authed.data.identity)
        .await
        .map_err(fault)
}

fn attachment(name: &str, format: FileFormat, body: Body) -> Response {
    let content_type = match format {
        FileFormat::Csv => "text/csv; charset=utf-8",
        FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

fn xlsx_body(
    ask: &ReportAsk,
    tz: Tz,
    made_by: &str,
    rows: &[rows::Row],
    total_and_cap: (u64, u64),
) -> Result<Body, AppError> {
    let made = (made_by, chrono::Utc::now());
    files::xlsx(ask, tz, made, rows, total_and_cap)
        .map(Body::from)
        .map_err(|err| AppError::fault("Excel writer", err))
}

/// `GET /reports/file?kind=&from=&to=&format=`: a small report, read and sent at once.
pub async fn file(
    State(state): State<AppState>,
    session: Session,
    Query(form): Query<ReportForm>,
) -> Result<Response, AppError> {
    let authed = require_in(&state, session, Capability::ReadBasics).await?;
    let ask = form.check().map_err(|errors| {
        let first = errors.0.first().map(|e| format!("{}: {}", e.field, e.message));
        AppError::BadRequest(first.unwrap_or_default())
    })?;
    may(&authed, &ask)?;
    let tz = rows::time_zone(&authed.eclipse).await?;
    let store = &authed.state.store;
    let source =
        Source { eclipse: &authed.eclipse, store, tenant_id: authed.data.tenant_id, ask, tz };
    let direct = authed.state.config.reports.direct_rows;
    let mut rows = vec![];
    let mut total = u64::MAX;
    while (rows.len() as u64) < total.min(direct) {
        let (page, all) = source.page(rows.len() as u32, PAGE_ROWS).await?;
        total = all;
        if page.is_empty() {
            break;
        }
        rows.extend(page);
    }
    if total > direct {
        // Grown since it was asked for: a job makes it.
        return Err(AppError::BadRequest("The report has grown; ask for it again.".into()));
    }
    audit(&authed, &ask, "ok").await;
    let body = match ask.format {
        FileFormat::Csv => {
            Body::from(format!("{}{}", files::csv_head(&ask, tz), files::csv_lines(&rows, tz)))
        }
        FileFormat::Xlsx => xlsx_body(&ask, tz, &authed.data.identity, &rows, (total, total))?,
    };
    Ok(attachment(&files::file_name(&ask), ask.format, body))
}

/// `GET /reports/jobs/{job_id}.{csv|xlsx}`: a finished job's file, for the admin who asked for it. The CSV
/// streams from the kept pages; the Excel file is written whole.
pub async fn job_file(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let authed = require_in(&state, session, Capability::ReadBasics).await?;
    let (job_id, format) = file
        .rsplit_once('.')
        .and_then(|(id, ext)| Some((id.to_owned(), FileFormat::parse(ext)?)))
        .ok_or(AppError::NotFound)?;
    let store = state.store.clone();
    let kept = jobs::get(&store, authed.data.tenant_id, &job_id, Some(&authed.data.identity))
        .await
        .map_err(fault)?
        .ok_or(AppError::NotFound)?;
    let job = kept.job;
    if job.status != JobStatus::Done {
        return Err(AppError::BadRequest("The report is not ready yet.".into()));
    }
    let ask = ReportAsk { kind: job.kind, from: job.from, to: job.to, format };
    may(&authed, &ask)?;
    let tz = kept.tz;
    let pages = job.done_rows.div_ceil(u64::from(PAGE_ROWS)) as i64;
    let name = files::file_name(&ask);
    if format == FileFormat::Xlsx {
        let rows = jobs::pages(&store, &job_id, 0, pages).await.map_err(fault)?;
        let body = xlsx_body(&ask, tz, &authed.data.identity, &rows, (job.total_rows, job.cap))?;
        return Ok(attachment(&name, format, body));
    }
    // Ten pages at a time: memory stays that of a few thousand rows, whatever the report's size.
    const PAGES_AT_ONCE: i64 = 10;
    let head = files::csv_head(&ask, tz);
    let tail = job.capped().then(|| files::csv_cap_line(job.total_rows, job.cap));
    let chunks = futures_util::stream::unfold(0_i64, move |page| {
        let store = store.clone();
        let job_id = job_id.clone();
        async move {
            if page >= pages {
                return None;
            }
            let chunk = jobs::pages(&store, &job_id, page, PAGES_AT_ONCE)
                .await
                .map(|rows| files::csv_lines(&rows, tz))
                .map_err(std::io::Error::other);
            Some((chunk, page + PAGES_AT_ONCE))
        }
    });
    let body = futures_util::stream::once(async move { Ok(head) })
        .chain(chunks)
        .chain(futures_util::stream::iter(tail.map(Ok)));
    Ok(attachment(&name, format, Body::from_stream(body)))
}
