//! The timeline on the server: a page from each source (Eclipse's audit trail, the portal's audit lines
//! about the customer), merged; the CSV walks the same pages to the end, or to its cap.
use super::{
    category_of_action, merge, Cursor, Source, TimelineEntry, TimelineFilters, TimelinePage,
    CSV_MAX_ENTRIES, PAGE_ENTRIES,
};
use crate::{
    auth::ssr::{require, require_in, Authed},
    eclipse::{
        models::{AuditCategory, AuditFilter},
        positions::Capability,
        timestamps,
    },
    error::AppError,
    store::{fault, StoredTime},
};
use chrono::{DateTime, Utc};
use strum::VariantArray;

/// The kinds this admin may see: documents and KYC only with the right to read them (Eclipse's trail
/// leaves them out too).
fn kinds(authed: &Authed, kind: &str) -> Result<Vec<AuditCategory>, AppError> {
    let asked = match kind.trim() {
        "" => AuditCategory::VARIANTS.to_vec(),
        typed => vec![AuditCategory::parse(typed)
            .ok_or_else(|| AppError::BadRequest(format!("No kind of event is called {typed}.")))?],
    };
    let may_kyc = crate::eclipse::positions::allows(&authed.data.positions, Capability::ReadKyc);
    Ok(asked
        .into_iter()
        .filter(|k| may_kyc || !matches!(k, AuditCategory::Document | AuditCategory::Kyc))
        .collect())
}

#[derive(sqlx::FromRow)]
struct Line {
    id: i64,
    #[sqlx(try_from = "StoredTime")]
    at: DateTime<Utc>,
    actor: String,
    action: String,
    target: Option<String>,
    result: String,
    trace_id: Option<String>,
}

/// The portal's lines about the customer before `before`, newest first, of `kinds`.
async fn portal_lines(
    authed: &Authed,
    customer_id: i64,
    kinds: &[AuditCategory],
    before: Option<DateTime<Utc>>,
    limit: usize,
) -> Result<Vec<TimelineEntry>, AppError> {
    // Few lines are about one customer; the kind of each is read from its action's name.
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT id, at, actor, action, target, result, trace_id FROM audit_log \
         WHERE tenant_id = $1 AND customer_id = $2 AND ($3 = '' OR at < $3) ORDER BY at DESC, id DESC",
    )
    .bind(authed.data.tenant_id)
    .bind(customer_id)
    .bind(before.map(timestamps::format).unwrap_or_default())
    .fetch_all(&authed.state.store.pool)
    .await
    .map_err(fault)?;
    Ok(lines
        .into_iter()
        .map(|l| TimelineEntry {
            category: category_of_action(&l.action),
            at: l.at,
            source: Source::Portal,
            seq: l.id,
            description: l.target.unwrap_or_default(),
            action: l.action,
            actor: l.actor,
            wallet_id: None,
            result: Some(l.result),
            trace_id: l.trace_id,
        })
        .filter(|e| kinds.contains(&e.category))
        .take(limit)
        .collect())
}

async fn eclipse_events(
    authed: &Authed,
    customer_id: i64,
    kinds: &[AuditCategory],
    before: Option<DateTime<Utc>>,
    limit: usize,
) -> Result<Vec<TimelineEntry>, AppError> {
    let filter = AuditFilter { categories: kinds.to_vec(), before, offset: 0, limit: limit as u32 };
    let events =
        authed.answer(authed.eclipse.customer_audit_events(customer_id, &filter).await).await?;
    Ok(events
        .items
        .into_iter()
        .map(|e| TimelineEntry {
            at: e.created,
            category: e.category,
            source: Source::Eclipse,
            seq: e.audit_event_id,
            action: e.action,
            description: e.description,
            actor: e.actor,
            wallet_id: e.wallet_id,
            result: None,
            trace_id: None,
        })
        .collect())
}

/// One page after `cursor`, and the cursor of the next.
async fn read(
    authed: &Authed,
    customer_id: i64,
    kinds: &[AuditCategory],
    cursor: Option<Cursor>,
    limit: usize,
) -> Result<(Vec<TimelineEntry>, Option<Cursor>), AppError> {
    let (before, asked) = Cursor::source_bound(cursor, limit);
    if kinds.is_empty() {
        return Ok((vec![], None));
    }
    let (eclipse, portal) = tokio::join!(
        eclipse_events(authed, customer_id, kinds, before, asked),
        portal_lines(authed, customer_id, kinds, before, asked)
    );
    Ok(merge(vec![(eclipse?, asked), (portal?, asked)], cursor, limit))
}

fn cursor_of(typed: &str) -> Result<Option<Cursor>, AppError> {
    match typed.trim() {
        "" => Ok(None),
        text => Cursor::parse(text)
            .map(Some)
            .ok_or_else(|| AppError::BadRequest("The timeline's place is not one it gave.".into())),
    }
}

pub async fn page(customer_id: i64, filters: TimelineFilters) -> Result<TimelinePage, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let kinds = kinds(&authed, &filters.kind)?;
    let cursor = cursor_of(&filters.before)?;
    let (entries, next) = read(&authed, customer_id, &kinds, cursor, PAGE_ENTRIES).await?;
    Ok(TimelinePage { entries, older: next.map(Cursor::to_param) })
}

#[derive(serde::Deserialize)]
pub struct CsvQuery {
    #[serde(default)]
    kind: String,
}

/// `GET /customers/{id}/timeline.csv?kind=`: the whole timeline (or its first `CSV_MAX_ENTRIES`), newest
/// first.
pub async fn csv(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    session: tower_sessions::Session,
    axum::extract::Path(customer_id): axum::extract::Path<i64>,
    axum::extract::Query(q): axum::extract::Query<CsvQuery>,
) -> Result<axum::response::Response, AppError> {
    let authed = require_in(&state, session, Capability::ReadBasics).await?;
    let kinds = kinds(&authed, &q.kind)?;
    let (mut entries, mut cursor) = (vec![], None);
    let capped = loop {
        let (page, next) = read(&authed, customer_id, &kinds, cursor, 500).await?;
        entries.extend(page);
        match next {
            Some(_) if entries.len() >= CSV_MAX_ENTRIES => break true,
            Some(next) => cursor = Some(next),
            None => break false,
        }
    };
    entries.truncate(CSV_MAX_ENTRIES);
    let mut rows: Vec<Vec<String>> = entries
        .into_iter()
        .map(|e| {
            vec![
                timestamps::format(e.at),
                e.category.as_str().to_owned(),
                format!("{:?}", e.source).to_lowercase(),
                e.action,
                e.description,
                e.actor,
                e.wallet_id.map(|w| w.to_string()).unwrap_or_default(),
                e.result.unwrap_or_default(),
                e.trace_id.unwrap_or_default(),
            ]
        })
        .collect();
    if capped {
        let note =
            format!("Capped at the newest {CSV_MAX_ENTRIES} entries: narrow the export by kind.");
        rows.push(vec![String::new(), String::new(), String::new(), "capped".into(), note]);
    }
    let header = "at_utc,kind,source,action,description,actor,wallet_id,result,trace_id";
    let body = crate::csv::table(header, rows.into_iter());
    Ok(crate::csv::download(&format!("customer-{customer_id}-timeline.csv"), body))
}
