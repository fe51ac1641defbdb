//! The sandbox's authentication and admin users, over its HTTP interface, as a client of Eclipse sees them.

use crate::common::*;
use axum::{
    body::Body,
    http::{header, Method, Request, StatusCode},
};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

#[tokio::test]
async fn login_answers_the_vendor_shape_and_a_wrong_password_usr002() {
    let dir = tempfile::tempdir().unwrap();
    let app = sandbox(dir.path(), 3600).await;
    let (status, body) = login(&app, "mzansi.system", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    for field in
        ["headerName", "headerValue", "sessionId", "expires", "csrfHeaderName", "csrfToken"]
    {
        assert!(body[field].is_string(), "{field}: {body}");
    }
    assert_eq!(body["tenantId"], 42);
    assert_eq!(body["roles"], json!(["TENANT_SYSTEM"]));
    assert!(body["expiresEpochSecs"].is_i64());
    assert!(body["headerValue"].as_str().unwrap().starts_with("Bearer "));

    let (status, body) = login(&app, "mzansi.system", "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, ErrorCode::BadCredentials);
    let (status, _) = login(&app, "nobody", "wrong").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tenants_are_isolated_and_positions_enforced() {
    let (_dir, app, system) = started().await;
    let (status, body) = get(&app, &system, "/tenants/77/admin-users").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, ErrorCode::Forbidden);

    let level1 = token(&app, "mzansi.level1").await;
    let (status, body) = get(&app, &level1, "/tenants/42/admin-users").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 6);
    let new_user = json!({"firstName":"A","lastName":"B","email":"a@example.com","phone1":"27829876543",
        "identity":"aisha.petersen","password":"SecureP@ssw0rd123","positions":["LEVEL_01"]});
    let (status, body) = post(&app, &level1, "/tenants/42/admin-users", new_user.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, ErrorCode::Forbidden);

    let (status, body) = call(&app, Method::GET, "/tenants/42/admin-users", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, ErrorCode::InvalidToken);
}

#[tokio::test]
async fn admin_users_follow_the_vendor_example_and_validate_fields() {
    let (_dir, app, system) = started().await;
    let body = json!({"firstName":"Aisha","lastName":"Petersen","email":"aisha@example.com","phone1":"27829876543",
        "identity":"aisha.petersen","password":"SecureP@ssw0rd123","positions":["LEVEL_01"]});
    let (status, created) = post(&app, &system, "/tenants/42/admin-users", body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    for field in ["adminUserId", "tenantId"] {
        assert!(created[field].is_i64(), "{field}");
    }
    for field in ["firstName", "lastName", "email", "phone1", "identity", "status", "created"] {
        assert!(created[field].is_string(), "{field}");
    }
    assert_eq!(created["status"], "ACTIVE");
    assert!(created.get("password").is_none(), "the password never comes back");
    let (status, dup) = post(&app, &system, "/tenants/42/admin-users", body).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&dup, ErrorCode::Duplicate);

    let bad = json!({"firstName":"A","lastName":"B","email":"nope","phone1":"","identity":"x.y.z","password":"Abcdefghij1","positions":["LEVEL_01"]});
    let (status, err) = post(&app, &system, "/tenants/42/admin-users", bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);
    assert!(err[0]["description"].as_str().unwrap().contains("email"));
    assert_eq!(
        err[0]["field"], "email",
        "(ours) the field is named for a client to read, beside the text"
    );

    let (status, err) = get(&app, &system, "/tenants/42/admin-users?sort=password_hash,asc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);

    let id = created["adminUserId"].as_i64().unwrap();
    let user = format!("/tenants/42/admin-users/{id}");
    let update = json!({"adminUserId": id, "email": "aisha.p@example.com", "positions": ["LEVEL_01", "LEVEL_02"]});
    let (status, updated) = put(&app, &system, &user, update).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["positions"], json!(["LEVEL_01", "LEVEL_02"]));
    assert_eq!(updated["firstName"], "Aisha", "fields absent from a PUT stay");
    let (status, _) = delete(&app, &system, &user).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = get(&app, &system, &user).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&err, ErrorCode::NotFound);
}

#[tokio::test]
async fn lists_page_and_report_the_total() {
    let (_dir, app, system) = started().await;
    let req =
        Request::get(format!("{API}/tenants/42/admin-users?offset=2&limit=3&sort=identity,desc"))
            .header(header::AUTHORIZATION, &system)
            .body(Body::empty())
            .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.headers()["x-total-count"], "6");
    let body: Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    let identities: Vec<&str> =
        body.as_array().unwrap().iter().map(|u| u["identity"].as_str().unwrap()).collect();
    // Descending: system, reviewer2, reviewer, level3, level2, level1; offset 2 takes three from the third.
    assert_eq!(identities, ["mzansi.reviewer", "mzansi.level3", "mzansi.level2"]);
}

#[tokio::test]
async fn logout_invalidates_the_token_and_renew_rereads_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let app = sandbox(dir.path(), 3600).await;
    let level2 = token(&app, "mzansi.level2").await;
    let (status, renewed) = post(&app, &level2, "/authentication/renew", json!({"jwt": ""})).await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    assert_eq!(renewed["roles"], json!(["LEVEL_02"]));

    let system = token(&app, "mzansi.system").await;
    let (_, users) = get(&app, &system, "/tenants/42/admin-users?identity=mzansi.level2").await;
    let id = users[0]["adminUserId"].as_i64().unwrap();
    let deactivate = json!({"adminUserId": id, "status": "INACTIVE"});
    put(&app, &system, &format!("/tenants/42/admin-users/{id}"), deactivate).await;
    let (status, err) = post_empty(&app, &level2, "/authentication/renew").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an inactive user cannot renew");
    assert_error(&err, ErrorCode::InvalidToken);

    let (status, _) = post_empty(&app, &system, "/authentication/logout").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = get(&app, &system, "/tenants/42").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&err, ErrorCode::InvalidToken);
}

#[tokio::test]
async fn an_expired_token_is_arch014() {
    let dir = tempfile::tempdir().unwrap();
    // A token that lives no time at all is expired at its first use: no waiting for a clock.
    let app = sandbox(dir.path(), 0).await;
    let system = token(&app, "mzansi.system").await;
    let (status, err) = get(&app, &system, "/tenants/42").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&err, ErrorCode::TokenExpired);
    assert_eq!(err[0]["description"], "JWT has expired");
}

#[tokio::test]
async fn state_and_tokens_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let first = sandbox(dir.path(), 3600).await;
    let system = token(&first, "mzansi.system").await;
    let body = json!({"firstName":"Kept","lastName":"User","email":"kept@example.com","phone1":"",
        "identity":"kept.user","password":"SecureP@ssw0rd123","positions":["LEVEL_01"]});
    let (status, _) = post(&first, &system, "/tenants/42/admin-users", body).await;
    assert_eq!(status, StatusCode::CREATED);
    drop(first);

    let second = sandbox(dir.path(), 3600).await;
    let (status, users) = get(&second, &system, "/tenants/42/admin-users?identity=kept").await;
    assert_eq!(status, StatusCode::OK, "the old token is still valid: {users}");
    assert_eq!(users.as_array().unwrap().len(), 1);
    let (status, _) = login(&second, "kept.user", "SecureP@ssw0rd123").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn faults_can_be_injected_and_cleared_at_run_time() {
    let (_dir, app, system) = started().await;
    let control = |body: serde_json::Value| {
        from_this_machine(
            Request::put("/__sandbox/faults")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
    };
    let res = app.clone().oneshot(control(json!({"statusForPath": [{"path": "GET /eclipse-conductor/rest/v1/tenants/42/admin-users", "status": 503}]}))).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (status, err) = get(&app, &system, "/tenants/42/admin-users").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_error(&err, ErrorCode::DownstreamFailure);
    let (status, _) = get(&app, &system, "/tenants/42").await;
    assert_eq!(status, StatusCode::OK, "other paths are untouched");

    app.clone().oneshot(control(json!({"failureRate": 1.0}))).await.unwrap();
    let (status, _) = get(&app, &system, "/tenants/42").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);

    app.clone().oneshot(control(json!({}))).await.unwrap();
    let (status, _) = get(&app, &system, "/tenants/42/admin-users").await;
    assert_eq!(status, StatusCode::OK, "faults cleared");
}

#[tokio::test]
async fn the_fault_switch_and_the_clock_answer_only_on_this_machine() {
    let (_dir, app, _) = started().await;
    let ask = |path: &'static str, peer: &str, host: &str| {
        let mut req = Request::get(path).header(header::HOST, host).body(Body::empty()).unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(
            peer.parse().unwrap(),
            50000,
        )));
        let app = app.clone();
        async move { app.oneshot(req).await.unwrap().status() }
    };
    for path in ["/__sandbox/faults", "/__sandbox/clock"] {
        assert_eq!(ask(path, "127.0.0.1", "127.0.0.1:3010").await, StatusCode::OK);
        assert_eq!(ask(path, "::1", "[::1]:3010").await, StatusCode::OK);
        assert_eq!(ask(path, "127.0.0.1", "localhost:3010").await, StatusCode::OK);
        // Another machine, or a page that made a name of its own point here (DNS rebinding): refused.
        let elsewhere = ask(path, "203.0.113.9", "127.0.0.1:3010").await;
        assert_eq!(elsewhere, StatusCode::FORBIDDEN, "{path}");
        let rebound = ask(path, "127.0.0.1", "rebound.example:3010").await;
        assert_eq!(rebound, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn a_token_ends_when_the_sandbox_clock_passes_its_expiry() {
    let (_dir, app, system) = started().await;
    let (status, _) = get(&app, &system, "/tenants/42").await;
    assert_eq!(status, StatusCode::OK);
    let advance = from_this_machine(
        Request::put("/__sandbox/clock")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"aheadMs": 3_601_000}).to_string()))
            .unwrap(),
    );
    assert_eq!(app.clone().oneshot(advance).await.unwrap().status(), StatusCode::OK);
    let (status, err) = get(&app, &system, "/tenants/42").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{err}");
}

/// Median time of `runs` refused sign-ins.
async fn median_refusal(app: &axum::Router, identity: &str, runs: usize) -> std::time::Duration {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = std::time::Instant::now();
        let (status, _) = login(app, identity, "not-the-password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        times.push(start.elapsed());
    }
    times.sort();
    times[runs / 2]
}

#[tokio::test]
async fn an_unknown_identity_takes_as_long_to_refuse_as_a_known_one() {
    let (_dir, app, system) = started().await;
    // A user made through the API (its hash is the sandbox's own, not the seed's).
    let body = json!({"firstName":"Timed","lastName":"User","email":"timed@example.com","phone1":"",
        "identity":"timed.user","password":"SecureP@ssw0rd123","positions":["LEVEL_01"]});
    let (status, created) = post(&app, &system, "/tenants/42/admin-users", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let known = median_refusal(&app, "timed.user", 7).await;
    let unknown = median_refusal(&app, "no.such.user", 7).await;
    let ratio = unknown.as_secs_f64() / known.as_secs_f64();
    assert!(
        (0.5..2.0).contains(&ratio),
        "unknown {unknown:?} vs known {known:?}: telling them apart would reveal who exists"
    );
}

#[tokio::test]
async fn logging_out_revokes_every_token_renewed_from_the_same_sign_in() {
    let (_dir, app, _) = started().await;
    let first = token(&app, "mzansi.level2").await;
    let (status, renewed) = post_empty(&app, &first, "/authentication/renew").await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    let second = renewed["headerValue"].as_str().unwrap().to_owned();
    let other_sign_in = token(&app, "mzansi.level2").await;
    let (status, _) = post_empty(&app, &second, "/authentication/logout").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for (which, jwt) in [("the renewed token", &second), ("the token it was renewed from", &first)]
    {
        let (status, err) = get(&app, jwt, "/tenants/42").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{which}");
        assert_error(&err, ErrorCode::InvalidToken);
    }
    let (status, _) = get(&app, &other_sign_in, "/tenants/42").await;
    assert_eq!(status, StatusCode::OK, "another sign-in of the same user goes on");
}

async fn second_step_with(app: &axum::Router, step_token: &str, code: &str) -> (StatusCode, Value) {
    let body = json!({"secondFactorToken": step_token, "totpCode": code});
    call(app, Method::POST, "/authentication/second-factor", None, Some(body)).await
}

#[tokio::test]
async fn a_user_with_a_second_factor_signs_in_with_a_code_that_works_once() {
    let (_dir, app, _) = started().await;
    // Enrolled of their own accord, in a tenant that requires it of nobody.
    let (status, asked) = login(&app, "mzansi.level3", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(asked["secondFactor"], "CODE", "{asked}");
    assert!(asked.get("headerValue").is_none(), "no token before the code");
    let step_token = asked["secondFactorToken"].as_str().unwrap();
    // The step's token opens nothing else.
    let (status, _) = get(&app, step_token, "/tenants/42").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, err) = second_step_with(&app, step_token, "000000").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&err, ErrorCode::SecondFactorRefused);
    let [code, _] = demo_codes("mzansi.level3");
    let (status, signed_in) = second_step_with(&app, step_token, &code).await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    let token = signed_in["headerValue"].as_str().unwrap();
    let (status, _) = get(&app, token, "/tenants/42").await;
    assert_eq!(status, StatusCode::OK);
    // The same code again, even with the password in the same request: refused.
    let once = json!({"identity": "mzansi.level3", "password": PASSWORD, "totpCode": code});
    let (status, err) = call(&app, Method::POST, "/authentication/login", None, Some(once)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&err, ErrorCode::SecondFactorRefused);
    // The README's first sign-in stays password-only.
    let (_, plain) = login(&app, "mzansi.system", PASSWORD).await;
    assert!(plain["headerValue"].is_string(), "{plain}");
}

#[tokio::test]
async fn the_second_step_expires_with_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let clock = eclipse_admin::clock::Clock::default();
    let app = eclipse_admin::sandbox::build(&eclipse_admin::sandbox::SandboxConfig {
        data_dir: dir.path().to_path_buf(),
        clock: clock.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    let (_, asked) = login(&app, "karoo.system", PASSWORD).await;
    assert_eq!(asked["secondFactor"], "CODE", "tenant 77 requires it of TENANT_SYSTEM: {asked}");
    clock.advance(chrono::TimeDelta::seconds(301));
    let code = demo_codes("karoo.system")[0].clone();
    let (status, err) =
        second_step_with(&app, asked["secondFactorToken"].as_str().unwrap(), &code).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&err, ErrorCode::SecondFactorRefused);
    assert!(err[0]["description"].as_str().unwrap().contains("expired"), "{err}");
}

#[tokio::test]
async fn a_position_the_tenant_requires_it_of_enrols_at_its_first_sign_in() {
    let (_dir, app, _) = started().await;
    let karoo = token(&app, "karoo.system").await;
    let body = json!({"firstName": "Zola", "lastName": "Mthembu", "email": "zola@karoo.example",
        "phone1": "27820000001", "identity": "karoo.zola", "password": "a long passphrase of four words",
        "positions": ["TENANT_SYSTEM"]});
    let (status, created) = post(&app, &karoo, "/tenants/77/admin-users", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");

    let (_, asked) = login(&app, "karoo.zola", "a long passphrase of four words").await;
    assert_eq!(asked["secondFactor"], "ENROL", "{asked}");
    let step_token = asked["secondFactorToken"].as_str().unwrap();
    let enrol = json!({"secondFactorToken": step_token});
    let path = "/authentication/second-factor/enrolment";
    let (status, first) = call(&app, Method::POST, path, None, Some(enrol.clone())).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    // Each enrolment replaces the one before: only the last secret shown counts.
    let (_, enrolment) = call(&app, Method::POST, path, None, Some(enrol)).await;
    assert_ne!(first["secret"], enrolment["secret"]);
    let uri = enrolment["otpauthUri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/") && uri.contains("karoo.zola"), "{uri}");
    let now = chrono::Utc::now().timestamp() as u64;
    let code_of = |secret: &Value| {
        eclipse_admin::sandbox::second_factor::totp(secret.as_str().unwrap(), "karoo.zola")
            .unwrap()
            .generate(now)
    };
    let (status, _) = second_step_with(&app, step_token, &code_of(&first["secret"])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a replaced secret's code");
    let (status, signed_in) =
        second_step_with(&app, step_token, &code_of(&enrolment["secret"])).await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    // Enrolled now: the next sign-in asks for a code, and no second enrolment is possible.
    let (_, again) = login(&app, "karoo.zola", "a long passphrase of four words").await;
    assert_eq!(again["secondFactor"], "CODE", "{again}");
    let enrol = json!({"secondFactorToken": again["secondFactorToken"]});
    let (status, _) = call(&app, Method::POST, path, None, Some(enrol)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
