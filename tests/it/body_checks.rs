//! Request bodies are read only after the cheap checks (origin, and a session for a large body), within a
//! time limit. A body that never finishes shows whether the server waited for it.

use crate::portal::Portal;
use axum::{
    body::{Body, Bytes},
    http::{header, Request, StatusCode},
};
use futures_util::StreamExt;
use std::time::Duration;

const UPLOAD: &str = "/api/customers/documents/upload";

/// A body that sends its first bytes and then nothing, for ever.
fn never_finishing() -> Body {
    let first =
        futures_util::stream::once(async { Ok::<_, std::io::Error>(Bytes::from("{\"a\":")) });
    Body::from_stream(first.chain(futures_util::stream::pending()))
}

/// A JSON POST to `path` with `headers` whose body never finishes.
fn never_finishing_post(path: &str, headers: &[(header::HeaderName, &str)]) -> Request<Body> {
    let mut req = Request::post(path);
    for (name, value) in headers {
        req = req.header(name.clone(), *value);
    }
    req.header(header::CONTENT_TYPE, "application/json").body(never_finishing()).unwrap()
}

/// The status, which must come before `within`: the server did not wait for the body.
async fn answered_within(portal: &Portal, req: Request<Body>, within: Duration) -> StatusCode {
    tokio::time::timeout(within, portal.send(req))
        .await
        .expect("answered without reading the body")
        .status
}

#[tokio::test]
async fn a_large_body_without_a_session_is_refused_before_it_is_read() {
    let portal = Portal::start().await;
    let req = never_finishing_post(UPLOAD, &[]);
    let status = answered_within(&portal, req, Duration::from_secs(2)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_body_from_another_origin_is_refused_before_it_is_read() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    let req = never_finishing_post(
        UPLOAD,
        &[(header::COOKIE, cookie.as_str()), (header::ORIGIN, "https://evil.example")],
    );
    let status = answered_within(&portal, req, Duration::from_secs(2)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_body_that_never_finishes_is_cut_off_at_the_time_limit() {
    let portal = Portal::start_with(|c| c.request_body_timeout = Duration::from_millis(500)).await;
    let cookie = portal.sign_in("mzansi.system").await;
    for path in [UPLOAD, "/api/customers/update"] {
        let req = never_finishing_post(path, &[(header::COOKIE, cookie.as_str())]);
        let status = answered_within(&portal, req, Duration::from_secs(5)).await;
        assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{path}");
    }
}
