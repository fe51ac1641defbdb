//! The Content-Security-Policy: scripts only from this site or carrying the page's nonce (the hydration
//! bootstrap is inline), WebAssembly compiled without `eval`, no framing, violations reported here.
use super::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse};
use leptos::prelude::use_context;

/// The policy of an HTML page whose inline scripts carry `nonce`. Styles allow inline attributes
/// (the document viewer's zoom and rotation); scripts never run inline without the nonce.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'; report-uri /csp-report"
    )
}

/// For everything that is not a page (server function answers, CSV, errors): nothing may run or load.
pub const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Called while the shell renders: the policy header carries the nonce leptos_axum gave this response.
pub fn send_page_policy() {
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce)) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

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
    let directive = if v.effective_directive.is_empty() { v.violated_directive } else { v.effective_directive };
    tracing::warn!(document = %v.document_uri, %directive, blocked = %v.blocked_uri, "CSP violation reported");
    let result = sqlx::query("INSERT INTO csp_reports (at, document_uri, directive, blocked_uri) VALUES (?, ?, ?, ?)")
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

#[cfg(test)]
mod tests {
    #[test]
    fn scripts_need_the_nonce_and_nothing_is_inline_or_evaluated() {
        let policy = super::page_policy("abc123");
        let scripts = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(scripts.contains("'nonce-abc123'") && scripts.contains("'wasm-unsafe-eval'"));
        assert!(!scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }
}
