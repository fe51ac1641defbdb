//! Request body limits: small everywhere, larger only where documents are uploaded (base64 in JSON, as
//! Eclipse takes them). A declared length over the limit is refused with 413 before the body is read;
//! a body without a length is cut off at the limit while it streams, and refused with 413 too.
//! (tower-http's `RequestBodyLimit` answers 413 only for a declared length: a streamed body past its limit
//! reaches the server function as a read error, which server_fn reports as a generic failure.)
//!
//! Nothing is read before the cheap checks: the origin (`middleware::same_origin_writes`, outside this
//! layer), and for a large body a live session and a free upload slot. A body must arrive within
//! `request_body_timeout` (a sender that trickles holds a connection and memory).
use crate::state::AppState;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::time::Duration;
use tower_sessions::Session;

/// Forms, filters and server function arguments.
pub const DEFAULT_LIMIT: usize = 64 * 1024;
/// Pasted `key=value` settings.
pub const BULK_SETTINGS_LIMIT: usize = 256 * 1024;
/// A disbursement file of `transfers::bulk::MAX_FILE_BYTES`, form-encoded (a comma or a line end is three
/// characters there).
pub const DISBURSEMENT_LIMIT: usize = crate::transfers::bulk::MAX_FILE_BYTES * 3 + 64 * 1024;
/// A document of `filetype::MAX_DOCUMENT_BYTES` as base64 (4/3) inside its JSON envelope.
pub const UPLOAD_LIMIT: usize = crate::filetype::MAX_DOCUMENT_BYTES / 3 * 4 + 64 * 1024;

pub fn limit_for(path: &str) -> usize {
    match path {
        "/api/customers/documents/upload" => UPLOAD_LIMIT,
        "/api/config/bulk" => BULK_SETTINGS_LIMIT,
        "/api/disbursements/check" => DISBURSEMENT_LIMIT,
        _ => DEFAULT_LIMIT,
    }
}

/// How long an upload waits for a slot before it is told to try again.
const UPLOAD_SLOT_WAIT: Duration = Duration::from_secs(10);

pub async fn body_limit(
    State(state): State<AppState>,
    session: Session,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let limit = limit_for(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        tracing::info!(path = %req.uri().path(), ?declared, limit, "request body too large");
        return too_large(limit);
    }
    // A large body is read for a signed-in admin only, and `state::UPLOADS_AT_ONCE` at a time; the slot is held until the
    // answer is ready, since the handler holds the bytes too.
    let _slot = if limit > DEFAULT_LIMIT {
        if !crate::auth::ssr::has_session(&session).await {
            return unauthenticated(req.uri().path());
        }
        let slot =
            tokio::time::timeout(UPLOAD_SLOT_WAIT, state.upload_slots.clone().acquire_owned());
        match slot.await {
            Ok(Ok(slot)) => Some(slot),
            _ => {
                tracing::warn!(path = %req.uri().path(), "upload refused: every slot busy");
                let mut busy = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Too many uploads at once. Try again in a moment.",
                )
                    .into_response();
                busy.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                return busy;
            }
        }
    } else {
        None
    };
    // Without a length, read at most `limit` bytes: more is a 413 too, not a handler's read error.
    let (parts, body) = req.into_parts();
    let arrived = axum::body::to_bytes(body, limit);
    match tokio::time::timeout(state.config.request_body_timeout, arrived).await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(Err(_)) => {
            tracing::info!(path = %parts.uri.path(), limit, "request body too large (streamed)");
            too_large(limit)
        }
        Err(_) => {
            tracing::info!(path = %parts.uri.path(), "request body too slow");
            (StatusCode::REQUEST_TIMEOUT, "The request took too long to arrive. Try again.")
                .into_response()
        }
    }
}

/// What the guard would answer a server function called without a session: the same error, so that the
/// caller cannot tell this check from the guard's.
fn unauthenticated(path: &str) -> Response {
    let error = crate::error::AppError::Unauthenticated;
    let body = serde_json::to_string(&error).unwrap_or_default();
    let mut res = (StatusCode::UNAUTHORIZED, body).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(path) = HeaderValue::from_str(path) {
        headers.insert(leptos::server_fn::error::SERVER_FN_ERROR_HEADER, path);
    }
    res
}

fn too_large(limit: usize) -> Response {
    let text = if limit >= 1024 * 1024 {
        format!("The request is too large: at most {} MB here.", limit / (1024 * 1024))
    } else {
        format!("The request is too large: at most {} KB here.", limit / 1024)
    };
    (StatusCode::PAYLOAD_TOO_LARGE, text).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_uploads_may_be_large() {
        assert!(super::limit_for("/api/customers/documents/upload") > 13 * 1024 * 1024);
        assert_eq!(super::limit_for("/api/customers/update"), super::DEFAULT_LIMIT);
        assert_eq!(super::limit_for("/customers/1"), super::DEFAULT_LIMIT);
    }
}
