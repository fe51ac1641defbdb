//! What an operator reads: `/healthz`, `/readyz`, `/metrics` (for allowed addresses only), and one correlation
//! id per request, in the answer's header, in what the user is shown, and in the call to Eclipse; and portals
//! built side by side in one process.
use crate::portal::Portal;
use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

fn from(ip: [u8; 4]) -> Option<SocketAddr> {
    Some(SocketAddr::from((ip, 40_000)))
}

async fn metrics(
    portal: &Portal,
    peer: Option<SocketAddr>,
    extra: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut req = Request::get("/metrics");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let mut req = req.body(Body::empty()).unwrap();
    if let Some(peer) = peer {
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    }
    let answer = portal.send(req).await;
    (answer.status, answer.body)
}

#[tokio::test]
async fn health_and_readiness_answer_without_a_session() {
    let portal = Portal::start().await;
    assert_eq!(portal.get_page("/healthz").await.0, StatusCode::OK);
    assert_eq!(portal.get_page("/readyz").await.0, StatusCode::OK);
}

#[tokio::test]
async fn readiness_fails_while_eclipse_does_not_answer() {
    let portal =
        Portal::start_with(|c| c.eclipse_base_url = Some("http://127.0.0.1:9".into())).await;
    assert_eq!(portal.get_page("/healthz").await.0, StatusCode::OK);
    assert_eq!(portal.get_page("/readyz").await.0, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn metrics_count_requests_eclipse_calls_sign_ins_and_sessions_for_allowed_addresses_only() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    let (status, _, _) = portal.get_bytes("/customers", &cookie).await;
    assert_eq!(status, StatusCode::OK);

    let (status, text) = metrics(&portal, from([127, 0, 0, 1]), &[]).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    for expected in [
        r#"http_requests_total{method="GET",route="/customers",status="200"}"#,
        r#"http_request_duration_seconds_bucket{method="GET",route="/customers",le="0.5"}"#,
        r#"eclipse_requests_total{endpoint="POST /authentication/login",outcome="2xx"}"#,
        r#"eclipse_request_duration_seconds_count{endpoint="GET /tenants/{id}/customers"}"#,
        r#"portal_sign_ins_total{result="ok"}"#,
        "sessions_live ",
        "store_connections ",
    ] {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
    // No identity, id or token in any label.
    assert!(!text.contains("mzansi"), "{text}");

    // Another address, or any address through the proxy, sees nothing.
    assert_eq!(metrics(&portal, from([10, 1, 2, 3]), &[]).await.0, StatusCode::NOT_FOUND);
    let proxied = [("x-forwarded-for", "127.0.0.1")];
    assert_eq!(metrics(&portal, from([127, 0, 0, 1]), &proxied).await.0, StatusCode::NOT_FOUND);
    assert_eq!(metrics(&portal, None, &[]).await.0, StatusCode::NOT_FOUND);
}

/// An Eclipse that answers every call with something unreadable (a fault the user is given an id for) and
/// remembers the correlation header it was sent.
async fn failing_eclipse() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let kept = seen.clone();
    let app = axum::Router::new().fallback(move |headers: axum::http::HeaderMap| {
        let kept = kept.clone();
        async move {
            if let Some(id) = headers.get("x-request-id").and_then(|v| v.to_str().ok()) {
                kept.lock().unwrap().push(id.to_owned());
            }
            (StatusCode::OK, "<html>a proxy's page</html>")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

#[tokio::test]
async fn one_correlation_id_is_in_the_answer_the_message_and_the_call_to_eclipse() {
    let (url, seen) = failing_eclipse().await;
    let portal = Portal::start_with(|c| c.eclipse_base_url = Some(url)).await;
    let answer = portal
        .call("/api/login", "identity=mzansi.system&password=whatever-it-is&next=/", None, &[])
        .await;
    let id = answer
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("every answer carries its request id")
        .to_owned();
    assert_eq!(id.len(), 16, "{id}");
    assert!(answer.body.contains(&id), "the user is shown the same id: {}", answer.body);
    assert_eq!(*seen.lock().unwrap(), vec![id.clone()], "Eclipse was sent the same id");

    // The next request has an id of its own.
    let again = portal.get_page("/healthz").await;
    assert_eq!(again.0, StatusCode::OK);
}

/// Building a portal walks the app's routes, which in leptos holds back every page load that starts meanwhile in
/// the process, for good (leptos-rs/leptos#4773): portals built while another one renders must leave its pages
/// alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_built_while_another_renders_never_stalls_its_pages() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    let building = tokio::spawn(async {
        for _ in 0..3 {
            Portal::start().await;
        }
    });
    let mut renders = 0;
    while !building.is_finished() {
        let page = || portal.get_bytes("/customers", &cookie);
        let pages = tokio::time::timeout(Duration::from_secs(20), async {
            let (a, b, c) = tokio::join!(page(), page(), page());
            [a.0, b.0, c.0]
        })
        .await
        .expect("every page render finishes");
        assert_eq!(pages, [StatusCode::OK; 3]);
        renders += pages.len();
    }
    building.await.unwrap();
    assert!(renders > 3, "pages were rendered while portals were built");
}
