//! Every `AppError` variant answers its own HTTP status (`AppError::status()`, the one mapping) through a real
//! server function of the portal: the status is never left to each call site to remember.

use crate::portal::Portal;
use axum::http::{header, StatusCode};
use eclipse_admin::error::AppError;

/// The error a server function answered with `status`, as the browser decodes it.
fn error_with(answer: &crate::portal::Answer, status: StatusCode) -> AppError {
    assert_eq!(answer.status, status, "{}", answer.body);
    serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("not an AppError ({e}): {}", answer.body))
}

#[tokio::test]
async fn without_a_session_a_server_function_answers_401() {
    let portal = Portal::start().await;
    let answer = portal.call("/api/customers/get", "customer_id=1", None, &[]).await;
    assert_eq!(error_with(&answer, StatusCode::UNAUTHORIZED), AppError::Unauthenticated);
}

#[tokio::test]
async fn a_position_that_may_not_answers_403() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.level1").await;
    let answer =
        portal.call("/api/customers/documents/list", "customer_id=1", Some(&cookie), &[]).await;
    assert_eq!(error_with(&answer, StatusCode::FORBIDDEN), AppError::Forbidden);
}

#[tokio::test]
async fn a_record_that_does_not_exist_answers_404() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    for (path, body) in [
        ("/api/customers/get", "customer_id=987654"),
        ("/api/wallets/get", "wallet_id=987654"),
        ("/api/wallet_types/get", "wallet_type_id=987654"),
        ("/api/review/open", "ratify_result_id=987654"),
    ] {
        let answer = portal.call(path, body, Some(&cookie), &[]).await;
        assert_eq!(error_with(&answer, StatusCode::NOT_FOUND), AppError::NotFound, "{path}");
    }
}

#[tokio::test]
async fn a_request_that_does_not_decode_answers_400() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    let answer = portal
        .call(
            "/api/customers/documents/upload",
            "{}",
            Some(&cookie),
            &[(header::CONTENT_TYPE.as_str(), "application/json")],
        )
        .await;
    assert!(matches!(error_with(&answer, StatusCode::BAD_REQUEST), AppError::BadRequest(_)));
    // A rule the server function itself checks: the same status.
    let answer = portal.call("/api/login", "identity=&password=&next=/", None, &[]).await;
    assert!(matches!(error_with(&answer, StatusCode::BAD_REQUEST), AppError::BadRequest(_)));
}

#[tokio::test]
async fn eclipses_refusal_answers_eclipses_status_with_its_trace_id() {
    let portal = Portal::start().await;
    let answer = portal
        .call("/api/login", "identity=mzansi.system&password=wrong-one&next=/", None, &[])
        .await;
    let AppError::Eclipse(problem) = error_with(&answer, StatusCode::UNAUTHORIZED) else {
        panic!("{}", answer.body)
    };
    assert!(problem.trace_id.is_some());
}

#[tokio::test]
async fn too_many_failed_sign_ins_answer_429_with_retry_after() {
    let portal = Portal::start_with(|c| c.sign_in_limits.per_identity = 1).await;
    portal.call("/api/login", "identity=mzansi.level2&password=wrong-one&next=/", None, &[]).await;
    let answer = portal
        .call("/api/login", "identity=mzansi.level2&password=wrong-one&next=/", None, &[])
        .await;
    assert!(matches!(
        error_with(&answer, StatusCode::TOO_MANY_REQUESTS),
        AppError::RateLimited { .. }
    ));
    assert!(answer.headers.get(header::RETRY_AFTER).is_some());
}

#[tokio::test]
async fn eclipse_out_of_reach_answers_503() {
    // A loopback port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let portal =
        Portal::start_with(|c| c.eclipse_base_url = Some(format!("http://{closed}"))).await;
    let answer =
        portal.call("/api/login", "identity=mzansi.system&password=x&next=/", None, &[]).await;
    assert!(matches!(
        error_with(&answer, StatusCode::SERVICE_UNAVAILABLE),
        AppError::Unavailable { .. }
    ));
}

#[tokio::test]
async fn a_store_that_fails_answers_500_with_a_reference_only() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        portal.data_dir().join("portal.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("DROP TABLE onboarding_drafts").execute(&pool).await.unwrap();
    let answer = portal.call("/api/onboarding/list", "", Some(&cookie), &[]).await;
    assert!(matches!(
        error_with(&answer, StatusCode::INTERNAL_SERVER_ERROR),
        AppError::Internal { .. }
    ));
    assert!(
        !answer.body.contains("onboarding_drafts"),
        "no internals in the answer: {}",
        answer.body
    );
}

#[test]
fn every_variant_has_its_status() {
    // Transport is the browser's own (its request or the answer never arrived); the rest come from the server.
    let problem = |status| eclipse_admin::error::EclipseProblem {
        status,
        code: "X".into(),
        description: String::new(),
        trace_id: None,
        field: None,
    };
    let cases = [
        (AppError::Unauthenticated, 401),
        (AppError::Forbidden, 403),
        (AppError::NotFound, 404),
        (AppError::BadRequest(String::new()), 400),
        (AppError::Eclipse(problem(409)), 409),
        (AppError::Eclipse(problem(500)), 502),
        (AppError::Unavailable { correlation_id: String::new() }, 503),
        (AppError::RateLimited { retry_after_secs: 1 }, 429),
        (AppError::Internal { correlation_id: String::new() }, 500),
        (AppError::Transport, 500),
    ];
    for (error, status) in cases {
        assert_eq!(error.status(), status, "{error:?}");
    }
}
