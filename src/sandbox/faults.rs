//! Faults on purpose, off by default: added latency, a failure rate, a given status for a given path, and
//! dropped connections. Set at start (flags or environment) and changed at run time through
//! `GET|PUT /__sandbox/faults`, so a test can break Eclipse half way through a workflow and mend it.
use crate::eclipse::ErrorCode;
use axum::{
    body::Body,
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, RwLock};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Faults {
    /// Added before every API answer.
    pub latency_ms: u64,
    /// Share of API requests (0.0–1.0) answered 503 with a `DAE001` error.
    pub failure_rate: f64,
    /// Share of API requests (0.0–1.0) whose connection is dropped before the answer is complete.
    pub drop_rate: f64,
    /// Requests whose method and path contain `path` (e.g. `PUT /wallets/`) are answered with `status`; a
    /// status under 400 only counts them, and they are answered as usual.
    pub status_for_path: Vec<PathFault>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathFault {
    pub path: String,
    pub status: u16,
    /// How many requests this fault answered: a test reads it to see whether a request was retried.
    #[serde(default)]
    pub hits: u64,
    /// How many matching requests are answered as usual before the fault applies: a fault half way.
    #[serde(default)]
    pub after: u64,
}

impl PathFault {
    /// Parses `PATH=STATUS`, as the `--fault-status` flag takes it.
    pub fn parse(spec: &str) -> Result<PathFault, String> {
        let (path, status) =
            spec.rsplit_once('=').ok_or_else(|| format!("{spec:?}: use PATH=STATUS"))?;
        let status: u16 =
            status.parse().map_err(|_| format!("{spec:?}: the status is not a number"))?;
        if !(400..=599).contains(&status) {
            return Err(format!("{spec:?}: the status must be 400 to 599"));
        }
        Ok(PathFault { path: path.to_owned(), status, hits: 0, after: 0 })
    }
}

impl Faults {
    pub fn is_off(&self) -> bool {
        *self == Faults::default()
    }

    /// `SANDBOX_FAULT_LATENCY_MS`, `SANDBOX_FAULT_FAILURE_RATE`, `SANDBOX_FAULT_DROP_RATE` and
    /// `SANDBOX_FAULT_STATUS` (comma-separated `PATH=STATUS`).
    pub fn from_env() -> Result<Faults, String> {
        fn var<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
            match std::env::var(name) {
                Ok(v) if !v.trim().is_empty() => {
                    v.trim().parse().map_err(|_| format!("{name}={v:?} is not valid"))
                }
                _ => Ok(default),
            }
        }
        let status_for_path = std::env::var("SANDBOX_FAULT_STATUS")
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| PathFault::parse(s.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        let faults = Faults {
            latency_ms: var("SANDBOX_FAULT_LATENCY_MS", 0)?,
            failure_rate: var("SANDBOX_FAULT_FAILURE_RATE", 0.0)?,
            drop_rate: var("SANDBOX_FAULT_DROP_RATE", 0.0)?,
            status_for_path,
        };
        if !(0.0..=1.0).contains(&faults.failure_rate) || !(0.0..=1.0).contains(&faults.drop_rate) {
            return Err("fault rates must be between 0 and 1".into());
        }
        Ok(faults)
    }
}

pub type SharedFaults = Arc<RwLock<Faults>>;

fn fault_answer(status: StatusCode, description: &str) -> Response {
    let code =
        if status.is_server_error() { ErrorCode::DownstreamFailure } else { ErrorCode::Unknown };
    super::ApiError::new(status, code, format!("Injected fault: {description}")).into_response()
}

/// Applies the faults to every API request (not to the control endpoint itself).
pub async fn inject(State(faults): State<SharedFaults>, req: Request, next: Next) -> Response {
    let current = faults.read().expect("faults lock").clone();
    if current.is_off() || req.uri().path().starts_with("/__sandbox") {
        return next.run(req).await;
    }
    if current.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(current.latency_ms)).await;
    }
    let target = format!("{} {}", req.method(), req.uri().path());
    if let Some(at) = current.status_for_path.iter().position(|f| target.contains(&f.path)) {
        if let Some(hit) = faults.write().expect("faults lock").status_for_path.get_mut(at) {
            hit.hits += 1;
        }
        let fault = &current.status_for_path[at];
        if fault.status < 400 || fault.hits < fault.after {
            return next.run(req).await;
        }
        let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        return fault_answer(status, &fault.status.to_string());
    }
    if current.failure_rate > 0.0 && rand::random::<f64>() < current.failure_rate {
        return fault_answer(StatusCode::SERVICE_UNAVAILABLE, "downstream unavailable");
    }
    if current.drop_rate > 0.0 && rand::random::<f64>() < current.drop_rate {
        // A body that fails: the server closes the connection before the answer is complete.
        let broken = futures_util::stream::once(async {
            Err::<axum::body::Bytes, _>(std::io::Error::other("dropped"))
        });
        return (StatusCode::OK, Body::from_stream(broken)).into_response();
    }
    next.run(req).await
}

/// The fault switch breaks Eclipse on purpose: only a client on this machine that names this machine may use
/// it (a loopback `Host` too, so a page elsewhere cannot reach it by DNS rebinding).
pub async fn loopback_only(req: Request, next: Next) -> Response {
    let peer_is_local = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .is_some_and(|c| c.0.ip().to_canonical().is_loopback());
    let host_is_local = req
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(is_loopback_host);
    if peer_is_local && host_is_local {
        return next.run(req).await;
    }
    tracing::warn!("sandbox controls refused to a client that is not on this machine");
    (StatusCode::FORBIDDEN, "The sandbox's controls answer only on this machine.").into_response()
}

fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub async fn get_faults(State(faults): State<SharedFaults>) -> Json<Faults> {
    Json(faults.read().expect("faults lock").clone())
}

pub async fn put_faults(
    State(faults): State<SharedFaults>,
    Json(new): Json<Faults>,
) -> Result<Json<Faults>, (StatusCode, String)> {
    if !(0.0..=1.0).contains(&new.failure_rate) || !(0.0..=1.0).contains(&new.drop_rate) {
        return Err((StatusCode::BAD_REQUEST, "rates must be between 0 and 1".into()));
    }
    tracing::warn!(faults = ?new, "sandbox faults changed");
    *faults.write().expect("faults lock") = new.clone();
    Ok(Json(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_faults_parse() {
        assert_eq!(
            PathFault::parse("PUT /wallets/=503").unwrap(),
            PathFault { path: "PUT /wallets/".into(), status: 503, hits: 0, after: 0 }
        );
        assert!(PathFault::parse("/x").is_err());
        assert!(PathFault::parse("/x=200").is_err());
    }
}
