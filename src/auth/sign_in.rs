//! Signing in on the server: the password step, the second factor's step when Eclipse asks for one, and the
//! session that both end in. Between the two steps, what the password step earned (Eclipse's token for the
//! second step) waits in the server session, never in the page.
use super::{
    ssr::{app_state, end_session, internal, request_session, safe_next, SessionData, SESSION_KEY},
    throttle::{self, Attempt, Reservation},
    SecondStep, Theme,
};
use crate::{
    eclipse::{
        client::{BearerToken, EclipseError},
        models::{
            EnrolmentRequest, ListParams, LoginAnswer, LoginRequest, LoginResponse,
            SecondFactorRequest, SecondFactorStep,
        },
        positions::parse_roles,
        ErrorCode,
    },
    error::AppError,
    state::AppState,
    store::{fault, AuditEntry},
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const PENDING_KEY: &str = "sign_in_second_step";
/// Where the second step is asked for.
pub const SECOND_FACTOR_PATH: &str = "/login/second-factor";

/// A sign-in whose password was right, waiting for its second factor.
#[derive(Clone, Serialize, Deserialize)]
struct PendingSignIn {
    identity: String,
    next: Option<String>,
    step: SecondFactorStep,
    /// Eclipse's token for the second step: a secret, as the session's token is.
    second_factor_token: String,
}

async fn audit(
    state: &AppState,
    identity: &str,
    result: &str,
    trace_id: Option<String>,
    tenant_id: Option<i64>,
) {
    // Counted for the metrics by kind, never by identity: Eclipse's codes of refusal are one kind.
    let outcome = match result {
        "ok" | "rate-limited" | "unreachable" => result,
        _ => "refused",
    };
    metrics::counter!("portal_sign_ins_total", "result" => outcome.to_owned()).increment(1);
    let entry = AuditEntry {
        tenant_id,
        customer_id: None,
        actor: identity,
        action: "sign-in",
        target: None,
        result,
        trace_id,
    };
    state.store.audit(entry).await
}

/// One attempt of `identity` against the failed sign-in limits (wrong passwords and wrong codes alike).
async fn reserve(state: &AppState, identity: &str) -> Result<Attempt, AppError> {
    let address = throttle::current_client_address(&state.config.trusted_proxies);
    let limits = state.config.sign_in_limits;
    match throttle::reserve(&state.store, &limits, &address, identity).await.map_err(fault)? {
        Reservation::Taken(attempt) => Ok(attempt),
        Reservation::Wait(retry_after_secs) => {
            audit(state, identity, "rate-limited", None, None).await;
            tracing::warn!(%identity, %address, retry_after_secs, "sign-in refused: too many failures");
            Err(AppError::RateLimited { retry_after_secs })
        }
    }
}

/// What Eclipse answered, with the attempt settled: a refusal of the person (401) counts against the limits;
/// Eclipse being down does not.
async fn settle<T>(
    state: &AppState,
    identity: &str,
    attempt: Attempt,
    answer: Result<T, EclipseError>,
) -> Result<T, AppError> {
    match answer {
        Ok(answer) => {
            attempt.give_back(&state.store).await;
            Ok(answer)
        }
        Err(err) => {
            let code = err.code().map_or("unreachable", ErrorCode::as_str);
            audit(state, identity, code, err.problem().and_then(|p| p.trace_id), None).await;
            tracing::info!(%identity, %code, "sign-in failed");
            match err.problem() {
                Some(problem) if problem.status == 401 => {
                    attempt.failed();
                    Err(AppError::Eclipse(problem))
                }
                _ => {
                    attempt.give_back(&state.store).await;
                    Err(AppError::from(err))
                }
            }
        }
    }
}

pub async fn login(
    identity: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let state = app_state();
    let session = request_session().await?;
    let identity = identity.trim().to_owned();
    if identity.is_empty() || password.is_empty() {
        return Err(AppError::BadRequest("Enter your identity and your password.".into()));
    }
    // A name no one can have is refused before any work: no limit, audit line or call to Eclipse.
    if !crate::validate::is_valid_identity(&identity) {
        return Err(AppError::BadRequest(
            "An identity is 3 to 100 letters, digits, dots, dashes, underscores or @.".into(),
        ));
    }
    let attempt = reserve(&state, &identity).await?;
    let request = LoginRequest { identity: identity.clone(), password, totp_code: None };
    let answer = state.eclipse.login(&request).await;
    match settle(&state, &identity, attempt, answer).await? {
        LoginAnswer::SignedIn(response) => {
            start_session(&state, &session, identity, response, next).await
        }
        LoginAnswer::SecondFactor(challenge) => {
            let pending = PendingSignIn {
                identity: identity.clone(),
                next,
                step: challenge.second_factor,
                second_factor_token: challenge.second_factor_token,
            };
            // A new session id before anything of this sign-in is kept in it.
            session.cycle_id().await.map_err(internal)?;
            session.insert(PENDING_KEY, &pending).await.map_err(internal)?;
            audit(&state, &identity, "password ok; second factor asked", None, None).await;
            leptos_axum::redirect(SECOND_FACTOR_PATH);
            Ok(())
        }
    }
}

async fn pending(session: &Session) -> Result<PendingSignIn, AppError> {
    session.get::<PendingSignIn>(PENDING_KEY).await.map_err(internal)?.ok_or_else(|| {
        AppError::BadRequest(
            "This sign-in has expired. Enter your identity and password again.".into(),
        )
    })
}

/// What the second step's page shows; for a user who must enrol, a new secret (each view makes a new one,
/// and only the first code of the last one shown confirms it).
pub async fn second_factor_page() -> Result<Option<SecondStep>, AppError> {
    let state = app_state();
    let session = request_session().await?;
    let Ok(pending) = pending(&session).await else {
        return Ok(None);
    };
    let enrolment = match pending.step {
        SecondFactorStep::Code => None,
        SecondFactorStep::Enrol => {
            let request =
                EnrolmentRequest { second_factor_token: pending.second_factor_token.clone() };
            let enrolment = state.eclipse.enrol_second_factor(&request).await?;
            Some(super::Enrolment {
                qr_svg: qr_svg(&enrolment.otpauth_uri)?,
                secret: enrolment.secret,
            })
        }
    };
    Ok(Some(SecondStep { identity: pending.identity, enrolment }))
}

/// The QR code of an `otpauth://` address, drawn on the server: no script draws it in the browser.
fn qr_svg(uri: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(internal)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

pub async fn second_factor(code: String) -> Result<(), AppError> {
    let state = app_state();
    let session = request_session().await?;
    let pending = pending(&session).await?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::BadRequest(
            "Enter the 6 digits your authenticator app shows.".into(),
        ));
    }
    let attempt = reserve(&state, &pending.identity).await?;
    let request = SecondFactorRequest {
        second_factor_token: pending.second_factor_token.clone(),
        totp_code: code,
    };
    let answer = state.eclipse.second_factor(&request).await;
    let response = settle(&state, &pending.identity, attempt, answer).await?;
    let _ = session.remove::<PendingSignIn>(PENDING_KEY).await;
    start_session(&state, &session, pending.identity, response, pending.next).await
}

/// The `uid` claim of a JWT, read without verifying it (Eclipse verifies; this only names the user).
fn uid_claim(jwt: &str) -> Option<i64> {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    let payload = jwt.split('.').nth(1)?;
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    claims.get("uid")?.as_i64()
}

/// The signed-in session, under a new id, and the way on to `next`.
async fn start_session(
    state: &AppState,
    session: &Session,
    identity: String,
    response: LoginResponse,
    next: Option<String>,
) -> Result<(), AppError> {
    let token = BearerToken::new(response.header_value.clone());
    let eclipse = state.eclipse.tenant(token.clone(), response.tenant_id);
    let admin_user_id = match uid_claim(token.jwt()) {
        Some(uid) => uid,
        None => {
            let params = ListParams {
                limit: 10,
                filters: vec![("identity".into(), identity.clone())],
                ..Default::default()
            };
            let page = eclipse.admin_users(&params).await.map_err(AppError::from)?;
            page.items
                .iter()
                .find(|u| u.identity == identity)
                .map(|u| u.admin_user_id)
                .unwrap_or_default()
        }
    };
    let tenant_name = match eclipse.tenant().await {
        Ok(t) => t.name,
        Err(_) => format!("Tenant {}", response.tenant_id),
    };
    let now = state.clock.now();
    let theme = match state.store.theme_of(response.tenant_id, admin_user_id).await {
        Ok(theme) => theme.as_deref().and_then(Theme::parse).unwrap_or_default(),
        Err(err) => {
            tracing::warn!(%err, "the admin's theme could not be read");
            Theme::default()
        }
    };
    let mut data = SessionData {
        token: response.header_value,
        identity: identity.clone(),
        admin_user_id,
        tenant_id: response.tenant_id,
        tenant_name,
        positions: parse_roles(&response.roles),
        signed_in_at: now.timestamp(),
        token_expires_at: response.expires_epoch_secs,
        last_seen_at: now.timestamp(),
        refreshed_at_ms: now.timestamp_millis(),
        theme,
        number_locale: Default::default(),
    };
    data.number_locale = super::ssr::number_locale_of(state, &data).await;
    // A new session id at sign-in: a session id planted before it is worth nothing after.
    session.cycle_id().await.map_err(internal)?;
    session.insert(SESSION_KEY, &data).await.map_err(internal)?;
    audit(state, &identity, "ok", None, Some(data.tenant_id)).await;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// A sign-in given up half way (the second step's "Start again"): what the password step earned is dropped.
pub async fn abandon_second_factor() -> Result<(), AppError> {
    let session = request_session().await?;
    end_session(&session).await;
    leptos_axum::redirect("/login");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_is_read_from_the_claims() {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        let jwt = format!("x.{}.y", URL_SAFE_NO_PAD.encode(br#"{"uid":17,"sub":"a"}"#));
        assert_eq!(uid_claim(&jwt), Some(17));
        assert_eq!(uid_claim("garbage"), None);
    }
}
