//! `POST /csp-report`: what browsers report the page policy (`ui::csp`) blocked, logged and kept. Anyone can
//! post here, so each client address may add `PER_ADDRESS_PER_HOUR` reports; the rest are only counted (per
//! day, in `csp_reports_dropped`), and a flood cannot push real reports out of the store or the log.
use crate::{auth::throttle, eclipse::timestamps, state::AppState};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::StatusCode,
    response::IntoResponse,
};
use chrono::{Duration, Utc};
use std::net::SocketAddr;

pub const PER_ADDRESS_PER_HOUR: i64 = 20;
/// What a report's fields are cut to, in the store and in the log.
const FIELD_CHARS: usize = 300;
const KEPT_DAYS: i64 = 30;

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct Violation {
    document_uri: String,
    violated_directive: String,
    effective_directive: String,
    blocked_uri: String,
}

#[derive(serde::Deserialize)]
struct Report {
    #[serde(rename = "csp-report")]
    report: Violation,
}

fn clip(s: &str) -> String {
    s.chars().take(FIELD_CHARS).collect()
}

pub async fn report(State(state): State<AppState>, req: Request) -> impl IntoResponse {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let forwarded = throttle::forwarded_for(req.headers());
    let address =
        throttle::client_address(peer, forwarded.as_deref(), &state.config.trusted_proxies);
    // The route's body limit has already bounded what this reads.
    let Ok(body) = axum::body::to_bytes(req.into_body(), usize::MAX).await else {
        return StatusCode::BAD_REQUEST;
    };
    let Ok(Report { report: v }) = serde_json::from_slice::<Report>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let directive = clip(if v.effective_directive.is_empty() {
        &v.violated_directive
    } else {
        &v.effective_directive
    });
    let (document, blocked) = (clip(&v.document_uri), clip(&v.blocked_uri));
    let now = Utc::now();
    let kept = sqlx::query(
        "INSERT INTO csp_reports (at, document_uri, directive, blocked_uri, address) \
         SELECT $1, $2, $3, $4, $5 \
         WHERE (SELECT COUNT(*) FROM csp_reports WHERE address = $5 AND at > $6) < $7",
    )
    .bind(timestamps::format(now))
    .bind(&document)
    .bind(&directive)
    .bind(&blocked)
    .bind(&address)
    .bind(timestamps::format(now - Duration::hours(1)))
    .bind(PER_ADDRESS_PER_HOUR)
    .execute(&state.store.pool)
    .await;
    match kept {
        Ok(done) if done.rows_affected() == 1 => {
            tracing::warn!(%document, %directive, %blocked, "CSP violation reported");
        }
        Ok(_) => count_dropped(&state, now).await,
        Err(err) => tracing::error!(%err, "storing a CSP report failed"),
    }
    StatusCode::NO_CONTENT
}

async fn count_dropped(state: &AppState, now: chrono::DateTime<Utc>) {
    let result = sqlx::query(
        "INSERT INTO csp_reports_dropped (day, count) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET count = count + 1",
    )
    .bind(crate::ui::format::date(&now))
    .execute(&state.store.pool)
    .await;
    if let Err(err) = result {
        tracing::error!(%err, "counting a dropped CSP report failed");
    }
}

/// Reports and dropped counts older than `KEPT_DAYS`.
pub async fn purge(store: &crate::store::Store) -> Result<u64, sqlx::Error> {
    let cutoff = Utc::now() - Duration::days(KEPT_DAYS);
    let reports = sqlx::query("DELETE FROM csp_reports WHERE at < $1")
        .bind(timestamps::format(cutoff))
        .execute(&store.pool)
        .await?;
    let counts = sqlx::query("DELETE FROM csp_reports_dropped WHERE day < $1")
        .bind(crate::ui::format::date(&cutoff))
        .execute(&store.pool)
        .await?;
    Ok(reports.rows_affected() + counts.rows_affected())
}
