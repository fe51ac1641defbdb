//! Middleware: same-origin writes, sign-in before pages, and the headers every response carries.
use super::{cookie_name, AppState};
use crate::{auth::ssr::check, error::AppError};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

/// Paths anyone may fetch: the sign-in page, assets, health, and server functions (which check for
/// themselves, so that they answer 401 rather than a redirect).
fn is_public(path: &str) -> bool {
    path == "/login"
        || path == "/health"
        || path == "/csp-report"
        || path.starts_with("/pkg/")
        || path.starts_with("/api/")
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

/// Pages need a live session: without one, the browser is sent to sign in and then back here.
pub async fn pages_need_session(State(state): State<AppState>, session: Session, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || is_public(req.uri().path()) {
        return next.run(req).await;
    }
    match check(&state, session).await {
        Err(AppError::Unauthenticated) => {
            let had_cookie = req
                .headers()
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .any(|c| c.contains(cookie_name(state.config.cookie_secure)));
            let here = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            let next_param = url_encode(here);
            let expired = if had_cookie { "expired=1&" } else { "" };
            Redirect::to(&format!("/login?{expired}next={next_param}")).into_response()
        }
        // Other failures (Eclipse unreachable while renewing) are the page's to show.
        _ => next.run(req).await,
    }
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Requests that can change state must come from this site: `Sec-Fetch-Site` and `Origin` are checked.
/// Clients that send neither (curl, server-to-server) carry no ambient browser cookie to abuse.
pub async fn same_origin_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return refuse_cross_origin(req.uri().path(), site);
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let scheme = if state.config.public_origin.starts_with("https://") { "https" } else { "http" };
        if origin != state.config.public_origin && origin != format!("{scheme}://{host}") {
            return refuse_cross_origin(req.uri().path(), origin);
        }
    }
    next.run(req).await
}

fn refuse_cross_origin(path: &str, from: &str) -> Response {
    tracing::warn!(%path, %from, "cross-origin write refused");
    (StatusCode::FORBIDDEN, "Cross-origin request refused.").into_response()
}

/// Headers on every response; pages and server function answers are never cached, hashed assets are
/// cached for a year. Pages set their own Content-Security-Policy (with their nonce) while rendering.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    if state.config.public_origin.starts_with("https://") {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    let is_pdf = h.get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"application/pdf"));
    // A PDF opens in the browser's own viewer, which a `default-src 'none'` policy would stop.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) && !is_pdf {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(super::csp::NON_PAGE_POLICY));
    }
    let cache = match (is_asset, state.leptos_options.hash_files) {
        // A hashed name changes with the content: the browser never needs to ask again.
        (true, true) => "public, max-age=31536000, immutable",
        (true, false) => "no-cache",
        (false, _) => "no-store",
    };
    if !h.contains_key(header::CACHE_CONTROL) || !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    res
}

/// A panic becomes a generic 500 with a correlation id; the detail stays in the log.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let correlation_id = crate::error::correlation_id();
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    tracing::error!(%correlation_id, %detail, "handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, format!("Something went wrong on our side (reference {correlation_id})."))
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn public_paths() {
        for p in ["/login", "/pkg/eclipse-admin.js", "/favicon.svg", "/api/login", "/health"] {
            assert!(super::is_public(p), "{p}");
        }
        for p in ["/", "/admin-users", "/admin-users/12", "/login2"] {
            assert!(!super::is_public(p), "{p}");
        }
    }
}
