//! Middleware: same-origin writes, sign-in before pages, and the headers every response carries.
use super::cookie_name;
use crate::state::AppState;
use crate::{auth::ssr::check, error::AppError};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use tower_sessions::Session;

/// Paths anyone may fetch: the sign-in page, assets, health, and server functions (which check for
/// themselves, so that they answer 401 rather than a redirect).
fn is_public(path: &str) -> bool {
    path == "/login"
        || path == crate::auth::sign_in::SECOND_FACTOR_PATH
        || matches!(path, "/health" | "/healthz" | "/readyz" | "/metrics")
        || path == "/csp-report"
        || path.starts_with("/pkg/")
        || path.starts_with("/api/")
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

/// Pages need a live session: without one, the browser is sent to sign in and then back here.
pub async fn pages_need_session(
    State(state): State<AppState>,
    session: Session,
    req: Request,
    next: Next,
) -> Response {
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
            let next_param = crate::ui::encode_path(here);
            let expired = if had_cookie { "expired=1&" } else { "" };
            Redirect::to(&format!("/login?{expired}next={next_param}")).into_response()
        }
        // Other failures (Eclipse unreachable while renewing) are the page's to show.
        _ => next.run(req).await,
    }
}

/// Requests that can change state must come from this site: `Sec-Fetch-Site` and `Origin` are checked, the
/// origin against `PUBLIC_ORIGIN` only (never against `Host`, which a page that points a name of its own at
/// this server by DNS rebinding chooses). Clients that send neither (curl, server-to-server) carry no ambient
/// browser cookie to abuse.
pub async fn same_origin_writes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return refuse_cross_origin(
                req.uri().path(),
                site,
                "Cross-origin request refused.".into(),
            );
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if origin != state.config.public_origin {
            let why = format!(
                "Changes are accepted only from {} (PUBLIC_ORIGIN): open the portal there.",
                state.config.public_origin
            );
            return refuse_cross_origin(req.uri().path(), origin, why);
        }
    }
    next.run(req).await
}

fn refuse_cross_origin(path: &str, from: &str, why: String) -> Response {
    tracing::warn!(%path, %from, "cross-origin write refused");
    (StatusCode::FORBIDDEN, why).into_response()
}

/// Server functions answer every error with 500 (server_fn's choice); here each gets its own status from
/// `AppError::status()`, the one mapping, and a refused sign-in its `Retry-After`. A plain form post is
/// already a redirect back to its page and is left as it is.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // An error's JSON is a few hundred bytes; anything larger is not one of ours.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        let fallback = StatusCode::INTERNAL_SERVER_ERROR;
        parts.status = StatusCode::from_u16(err.status()).unwrap_or(fallback);
        if let AppError::RateLimited { retry_after_secs } = err {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
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
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("Something went wrong on our side (reference {correlation_id})."),
    )
        .into_response()
}

/// Gives the request its correlation id (`error::correlation`): in its extensions and task, for its log lines
/// and its calls to Eclipse, and in the answer's `X-Request-Id` header.
pub async fn correlate(mut req: Request, next: Next) -> Response {
    use crate::error::correlation::{self, RequestId};
    let id = correlation::fresh();
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = correlation::scope(id.clone(), next.run(req)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(correlation::HEADER, value);
    }
    res
}

/// Every request is handled under its own empty reactive owner. leptos_axum's handlers for server functions
/// and for static files make their owner a child of whatever owner the worker thread last had, which can be
/// another request's page render: the file handler then took that page's response headers (its
/// Content-Security-Policy) from it, and a server function could read its contexts. An owner of our own,
/// set on every poll, leaves nothing of another request to inherit.
pub async fn own_reactive_owner(req: Request, next: Next) -> Response {
    use leptos::reactive::{computed::ScopedFuture, owner::Owner};
    let owner = Owner::new_root(None);
    let response = owner.with(|| ScopedFuture::new_untracked(next.run(req)));
    response.await
}

/// A request still unanswered after `after` is logged while it waits, and again with its status when it is
/// answered: a stalled page render (the kind leptos has had, e.g. leptos-rs/leptos#4851) otherwise leaves no
/// line at all, since the trace layer logs answers and failures, not waits.
pub async fn report_slow(after: std::time::Duration, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let answer = next.run(req);
    tokio::pin!(answer);
    if let Ok(response) = tokio::time::timeout(after, &mut answer).await {
        return response;
    }
    tracing::warn!(waited_ms = started.elapsed().as_millis() as u64, "still unanswered");
    let response = answer.await;
    tracing::warn!(
        took_ms = started.elapsed().as_millis() as u64,
        status = response.status().as_u16(),
        "answered late"
    );
    response
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::Request, routing::get, Router};
    use std::time::Duration;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_slow_answer_is_logged_while_it_waits_and_when_it_comes() {
        let app = |pause: u64| {
            Router::new()
                .route(
                    "/slow",
                    get(move || async move {
                        tokio::time::sleep(Duration::from_millis(pause)).await;
                        "done"
                    }),
                )
                .layer(axum::middleware::from_fn(|req, next| {
                    super::report_slow(Duration::from_millis(30), req, next)
                }))
        };
        let request = || Request::get("/slow").body(Body::empty()).unwrap();
        let (log, _guard) = crate::test_logs::capture();
        assert_eq!(app(0).oneshot(request()).await.unwrap().status(), 200);
        assert_eq!(log.text(), "", "a quick answer logs nothing");
        assert_eq!(app(90).oneshot(request()).await.unwrap().status(), 200);
        let text = log.text();
        assert!(text.contains("still unanswered"), "{text}");
        assert!(text.contains("answered late") && text.contains("status=200"), "{text}");
    }

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
