//! `/healthz`: the process answers. `/readyz`: it should be sent requests: its store and Eclipse answer and
//! it is not shutting down. Both are unauthenticated and cheap, for a load balancer's checks every second or
//! two: Eclipse is asked at most once every few seconds (`state::Readiness`).
use crate::state::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse};
use std::time::Duration;

const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn alive() -> &'static str {
    "ok"
}

pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let readiness = &state.readiness;
    if readiness.draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    }
    let store = tokio::time::timeout(PROBE_TIMEOUT, state.store.ping()).await;
    if !matches!(store, Ok(Ok(()))) {
        return (StatusCode::SERVICE_UNAVAILABLE, "store unreachable");
    }
    let eclipse = match readiness.cached_eclipse() {
        Some(up) => up,
        None => {
            let up = state.eclipse.answers(PROBE_TIMEOUT).await;
            readiness.remember_eclipse(up);
            up
        }
    };
    if !eclipse {
        return (StatusCode::SERVICE_UNAVAILABLE, "Eclipse unreachable");
    }
    (StatusCode::OK, "ready")
}
