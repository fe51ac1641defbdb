//! Prometheus metrics at `/metrics`: requests by route and status with their latency, Eclipse calls by
//! endpoint and outcome (`eclipse::client`), sign-ins by result (`auth::sign_in`), and, read when scraped,
//! live sessions, barring jobs by status and the store's connections.
//!
//! Only the addresses in `METRICS_ALLOW` may read it, and only directly: a request that came through the load
//! balancer (it carries `X-Forwarded-For`) is refused, since behind a proxy every peer is the proxy. Prometheus
//! scrapes each instance on its own address anyway, to tell them apart.
use crate::state::AppState;
use axum::{
    extract::{ConnectInfo, MatchedPath, Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::{net::SocketAddr, sync::OnceLock, time::Instant};

/// Latency buckets, in seconds: a page is expected in tens of milliseconds, Eclipse's slowest calls in seconds.
const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0];

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed at the first call; its histograms are folded every few seconds.
pub fn recorder() -> PrometheusHandle {
    RECORDER
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), BUCKETS)
                .expect("the buckets are not empty")
                .install_recorder()
                .expect("no other metrics recorder is installed");
            let upkeep = handle.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
                loop {
                    every.tick().await;
                    upkeep.run_upkeep();
                }
            });
            handle
        })
        .clone()
}

/// Counts every request by method, route (its pattern, never its ids) and status, with its latency to the
/// first byte of the answer.
pub async fn track(req: Request, next: Next) -> Response {
    let route =
        req.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    metrics::histogram!("http_request_duration_seconds", "method" => method.clone(), "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!(
        "http_requests_total",
        "method" => method,
        "route" => route,
        "status" => res.status().as_str().to_owned()
    )
    .increment(1);
    res
}

/// Whether `req` may read the metrics: from an allowed address, not through a proxy.
fn allowed(req: &Request, allow: &[std::net::IpAddr]) -> bool {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_canonical());
    let proxied = req.headers().contains_key("x-forwarded-for");
    !proxied && peer.is_some_and(|ip| allow.contains(&ip))
}

/// `/metrics`, in Prometheus's text format.
pub async fn scrape(State(state): State<AppState>, req: Request) -> Response {
    if !allowed(&req, &state.config.metrics_allow) {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    let handle = recorder();
    read_gauges(&state).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render()).into_response()
}

/// What is read when scraped rather than counted as it happens.
async fn read_gauges(state: &AppState) {
    let store = &state.store;
    metrics::gauge!("store_connections").set(store.pool.size());
    metrics::gauge!("store_connections_idle").set(store.pool.num_idle() as f64);
    match store.sessions.live().await {
        Ok(live) => metrics::gauge!("sessions_live").set(live as f64),
        Err(err) => tracing::warn!(%err, "counting live sessions failed"),
    }
    match crate::customers::barring::jobs_by_status(store).await {
        Ok(counts) => {
            for (status, count) in counts {
                metrics::gauge!("barring_jobs", "status" => status).set(count as f64);
            }
        }
        Err(err) => tracing::warn!(%err, "counting barring jobs failed"),
    }
}
