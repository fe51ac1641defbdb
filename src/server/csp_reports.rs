//! `POST /csp-report`: what browsers report the page policy (`ui::csp`) blocked, logged and kept (capped).
use crate::state::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse};

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
    s.chars().take(300).collect()
}

/// `POST /csp-report`: browsers report what the policy blocked. Logged and kept (capped) in the store.
pub async fn report(State(state): State<AppState>, body: axum::body::Bytes) -> impl IntoResponse {
    let Ok(Report { report: v }) = serde_json::from_slice::<Report>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let directive = if v.effective_directive.is_empty() {
        v.violated_directive
    } else {
        v.effective_directive
    };
    tracing::warn!(document = %v.document_uri, %directive, blocked = %v.blocked_uri, "CSP violation reported");
    let result = sqlx::query(
        "INSERT INTO csp_reports (at, document_uri, directive, blocked_uri) VALUES (?, ?, ?, ?)",
    )
    .bind(crate::eclipse::timestamps::now())
    .bind(clip(&v.document_uri))
    .bind(clip(&directive))
    .bind(clip(&v.blocked_uri))
    .execute(&state.store.pool)
    .await;
    if let Err(err) = result {
        tracing::error!(%err, "storing a CSP report failed");
    }
    StatusCode::NO_CONTENT
}

/// Keeps the newest thousand reports.
pub async fn purge(store: &crate::store::Store) -> Result<u64, sqlx::Error> {
    let sql = "DELETE FROM csp_reports WHERE id <= (SELECT id FROM csp_reports ORDER BY id DESC LIMIT 1 OFFSET 1000)";
    Ok(sqlx::query(sql).execute(&store.pool).await?.rows_affected())
}
