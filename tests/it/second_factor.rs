//! The second factor through the portal: the password step keeps its result on the server, the code step
//! finishes the sign-in, wrong codes count against the sign-in limits, and the page shows each step.

use crate::{common::*, portal::Portal};
use axum::http::{header, StatusCode};

#[tokio::test]
async fn the_password_step_leads_to_the_code_step_and_only_the_code_signs_in() {
    let portal = Portal::start().await;
    let login = "identity=karoo.system&password=Eclipse-Demo-2026&next=/wallet-types";
    let asked = portal.call("/api/login", login, None, &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert_eq!(asked.headers[header::LOCATION], "/login/second-factor");
    let cookie = asked.cookie.expect("the sign-in's session");
    // Half signed in is not signed in, and the page holds no token.
    let before = portal.call("/api/keep_alive", "", Some(&cookie), &[]).await;
    assert_eq!(before.status, StatusCode::UNAUTHORIZED);
    let (status, _, page) = portal.get_bytes("/login/second-factor", &cookie).await;
    let page = String::from_utf8(page).unwrap();
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Enter your one-time code") && page.contains("karoo.system"));
    assert!(!page.contains("Bearer") && !page.contains("secondFactorToken"));

    let wrong = portal.send_code(Some(&cookie), "000000").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.body);
    assert!(wrong.body.contains("wrong or was already used"), "{}", wrong.body);
    let [code, _] = demo_codes("karoo.system");
    let done = portal.send_code(Some(&cookie), &code).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.headers[header::LOCATION], "/wallet-types");
    let session = done.cookie.expect("a new session id once signed in");
    assert_ne!(session, cookie);
    let alive = portal.call("/api/keep_alive", "", Some(&session), &[]).await;
    assert_eq!(alive.status, StatusCode::OK);
    // The step is over: its code cannot be sent again.
    let again = portal.send_code(Some(&session), &code).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);
}

#[tokio::test]
async fn wrong_codes_count_against_the_sign_in_limit() {
    let portal = Portal::start_with(|c| c.sign_in_limits.per_identity = 3).await;
    let login = "identity=mzansi.level3&password=Eclipse-Demo-2026&next=/";
    let cookie = portal.call("/api/login", login, None, &[]).await.cookie.unwrap();
    for _ in 0..3 {
        let wrong = portal.send_code(Some(&cookie), "000000").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let [code, _] = demo_codes("mzansi.level3");
    let locked = portal.send_code(Some(&cookie), &code).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", locked.body);
}

#[tokio::test]
async fn a_code_step_that_is_not_six_digits_is_refused_before_eclipse() {
    let portal = Portal::start().await;
    let login = "identity=karoo.system&password=Eclipse-Demo-2026&next=/";
    let cookie = portal.call("/api/login", login, None, &[]).await.cookie.unwrap();
    let answer = portal.send_code(Some(&cookie), "12ab").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("6 digits"), "{}", answer.body);
    let without = portal.send_code(None, "123456").await;
    assert_eq!(without.status, StatusCode::BAD_REQUEST, "no sign-in waiting: {}", without.body);
}
