//! `/healthz`: the process answers. `/readyz`: it should be sent requests: its store and Eclipse answer and
//! it is not shutting down. Both are unauthenticated and cheap, for a load balancer's checks every second or
//! two: Eclipse is asked at most once every few seconds (`state::Readiness`), in the background once it has
//! been asked once, so a slow Eclipse never makes the check itself slow (a balancer would take that for a
//! dead instance, and drop every instance at once).
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
    let eclipse = match readiness.eclipse() {
        Some((up, stale)) => {
            if stale && readiness.start_probe() {
                let (readiness, eclipse) = (readiness.clone(), state.eclipse.clone());
                tokio::spawn(async move {
                    readiness.remember_eclipse(eclipse.answers(PROBE_TIMEOUT).await)
                });
            }
            up
        }
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
