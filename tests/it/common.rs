//! Helpers for tests that speak to the sandbox over its HTTP interface.
#![allow(dead_code)]

use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
    Router,
};
pub use eclipse_admin::eclipse::ErrorCode;
use eclipse_admin::sandbox::{build, SandboxConfig};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tower::ServiceExt;

pub const API: &str = "/eclipse-conductor/rest/v1";
pub const PASSWORD: &str = "Eclipse-Demo-2026";

pub async fn sandbox(dir: &Path, token_ttl_secs: i64) -> Router {
    build(&SandboxConfig {
        data_dir: dir.to_path_buf(),
        seed_demo: true,
        token_ttl_secs,
        extra_customers: 0,
        faults: Default::default(),
        seed_date: eclipse_admin::sandbox::DEFAULT_SEED_DATE.into(),
        clock: Default::default(),
    })
    .await
    .unwrap()
}

/// A seeded sandbox in a fresh directory (kept while the `TempDir` lives), and a token of the main tenant's
/// TENANT_SYSTEM user.
pub async fn started() -> (tempfile::TempDir, Router, String) {
    let dir = tempfile::tempdir().unwrap();
    let app = sandbox(dir.path(), 3600).await;
    let system = token(&app, "mzansi.system").await;
    (dir, app, system)
}

pub async fn call(
    app: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let (status, _, body) = call_full(app, method, path, token, body).await;
    (status, body)
}

/// A request as a client on this machine sends it: a loopback peer naming a loopback host (what the
/// sandbox's controls require).
pub fn from_this_machine(mut req: Request<Body>) -> Request<Body> {
    req.headers_mut().insert(header::HOST, "127.0.0.1".parse().unwrap());
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 50000))));
    req
}

/// `call` as the signed-in `token`, one function a method: most requests read as one line.
pub async fn get(app: &Router, token: &str, path: &str) -> (StatusCode, Value) {
    call(app, Method::GET, path, Some(token), None).await
}

pub async fn post(app: &Router, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    call(app, Method::POST, path, Some(token), Some(body)).await
}

/// A POST with no body (renew, logout, ratify).
pub async fn post_empty(app: &Router, token: &str, path: &str) -> (StatusCode, Value) {
    call(app, Method::POST, path, Some(token), None).await
}

pub async fn put(app: &Router, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    call(app, Method::PUT, path, Some(token), Some(body)).await
}

pub async fn delete(app: &Router, token: &str, path: &str) -> (StatusCode, Value) {
    call(app, Method::DELETE, path, Some(token), None).await
}

/// Like `call`, with the response headers.
pub async fn call_full(
    app: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let mut req = Request::builder().method(method).uri(format!("{API}{path}"));
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, t);
    }
    let req = match body {
        Some(b) => {
            req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string()))
        }
        None => req.body(Body::empty()),
    };
    let res = app.clone().oneshot(req.unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

pub async fn login(app: &Router, identity: &str, password: &str) -> (StatusCode, Value) {
    call(
        app,
        Method::POST,
        "/authentication/login",
        None,
        Some(json!({ "identity": identity, "password": password })),
    )
    .await
}

pub async fn token(app: &Router, identity: &str) -> String {
    let (status, body) = login(app, identity, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    if let Some(step_token) = body["secondFactorToken"].as_str() {
        return second_step(app, identity, step_token).await;
    }
    body["headerValue"].as_str().unwrap().to_owned()
}

/// The codes a demo user with a second factor may type now: this step's, then the next one's (accepted
/// too, for when this one was used already).
pub fn demo_codes(identity: &str) -> [String; 2] {
    use eclipse_admin::sandbox::{second_factor, DEMO_SECOND_FACTORS};
    let (_, secret) = DEMO_SECOND_FACTORS
        .iter()
        .find(|(who, _)| *who == identity)
        .expect("a demo user with a second factor");
    let totp = second_factor::totp(secret, identity).unwrap();
    let now = chrono::Utc::now().timestamp() as u64;
    [totp.generate(now), totp.generate(now + second_factor::STEP_SECS as u64)]
}

/// Completes a demo user's sign-in with a code not used yet; the token.
pub async fn second_step(app: &Router, identity: &str, step_token: &str) -> String {
    for code in demo_codes(identity) {
        let body = json!({"secondFactorToken": step_token, "totpCode": code});
        let (status, answer) =
            call(app, Method::POST, "/authentication/second-factor", None, Some(body)).await;
        if status == StatusCode::OK {
            return answer["headerValue"].as_str().unwrap().to_owned();
        }
    }
    panic!("{identity}: neither code was accepted");
}

/// Creates a customer of `tenant` from `body`, which must succeed; its id.
pub async fn create_customer(app: &Router, token: &str, tenant: i64, body: Value) -> i64 {
    let (status, c) = post(app, token, &format!("/tenants/{tenant}/customers"), body).await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    c["customerId"].as_i64().unwrap()
}

/// Eclipse's error array: one item with every field the vendor documents, and the expected code as its text.
pub fn assert_error(body: &Value, code: ErrorCode) {
    let item = &body[0];
    assert_eq!(item["code"], code.as_str(), "{body}");
    for field in ["type", "severity", "description", "traceId", "spanId", "environment"] {
        assert!(item[field].is_string(), "error item lacks {field}: {body}");
    }
}

/// A small whole PNG, with a `tEXt` chunk when given (e.g. `{"ocr":{…}}` to steer the sandbox's OCR).
pub fn png(text: Option<&str>) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        out.extend([0, 0, 0, 0]);
    };
    chunk(b"IHDR", &[0, 0, 0, 64, 0, 0, 0, 48, 8, 2, 0, 0, 0]);
    if let Some(t) = text {
        chunk(b"tEXt", format!("Comment\0{t}").as_bytes());
    }
    chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]);
    chunk(b"IEND", &[]);
    out
}

pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A small whole baseline JPEG (64×48): start of image, frame, scan, end of image.
pub fn jpeg() -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    out.extend([0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x30, 0x00, 0x40, 0x01, 0x01, 0x11, 0x00]);
    out.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    out.extend([0x12, 0x34, 0x56, 0x78]);
    out.extend([0xFF, 0xD9]);
    out
}

/// Every file under `dir`, at any depth, whose name ends in `.{extension}`.
pub fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            files.push(path);
        }
    }
    files
}

/// A seeded sandbox topped up to `BENCH_CUSTOMERS` customers (100,000 by default), served on a loopback port:
/// the benchmarks' start. Its directory lives as long as the `TempDir`.
pub async fn bench_sandbox() -> (tempfile::TempDir, std::net::SocketAddr, u32) {
    let customers: u32 =
        std::env::var("BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        data_dir: dir.path().to_path_buf(),
        seed_demo: true,
        token_ttl_secs: 3600,
        extra_customers: customers,
        faults: Default::default(),
        seed_date: eclipse_admin::sandbox::DEFAULT_SEED_DATE.into(),
        clock: Default::default(),
    };
    let addr =
        eclipse_admin::sandbox::serve(&config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    (dir, addr, customers)
}
