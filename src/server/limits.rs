//! Request body limits: small everywhere, larger only where documents are uploaded (base64 in JSON, as
//! Eclipse takes them). A declared length over the limit is refused with 413 before the body is read;
//! a body without a length is cut off at the limit while it streams, and refused with 413 too.
//! (tower-http's `RequestBodyLimit` answers 413 only for a declared length: a streamed body past its limit
//! reaches the server function as a read error, which server_fn reports as a generic failure.)
use axum::{
    body::Body,
    extract::Request,
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Forms, filters and server function arguments.
pub const DEFAULT_LIMIT: usize = 64 * 1024;
/// Pasted `key=value` settings.
pub const BULK_SETTINGS_LIMIT: usize = 256 * 1024;
/// A document of `filetype::MAX_DOCUMENT_BYTES` as base64 (4/3) inside its JSON envelope.
pub const UPLOAD_LIMIT: usize = crate::filetype::MAX_DOCUMENT_BYTES / 3 * 4 + 64 * 1024;

pub fn limit_for(path: &str) -> usize {
    match path {
        "/api/customers/documents/upload" => UPLOAD_LIMIT,
        "/api/config/bulk" => BULK_SETTINGS_LIMIT,
        _ => DEFAULT_LIMIT,
    }
}

pub async fn body_limit(req: Request, next: Next) -> Response {
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
    // Without a length, read at most `limit` bytes: more is a 413 too, not a handler's read error.
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => {
            tracing::info!(path = %parts.uri.path(), limit, "request body too large (streamed)");
            too_large(limit)
        }
    }
}

fn too_large(limit: usize) -> Response {
    let text = if limit >= 1024 * 1024 {
        format!(
            "The request is too large: at most {} MB here.",
            limit / (1024 * 1024)
        )
    } else {
        format!(
            "The request is too large: at most {} KB here.",
            limit / 1024
        )
    };
    (StatusCode::PAYLOAD_TOO_LARGE, text).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_uploads_may_be_large() {
        assert!(super::limit_for("/api/customers/documents/upload") > 13 * 1024 * 1024);
        assert_eq!(
            super::limit_for("/api/customers/update"),
            super::DEFAULT_LIMIT
        );
        assert_eq!(super::limit_for("/customers/1"), super::DEFAULT_LIMIT);
    }
}
