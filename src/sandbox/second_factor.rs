//! (ours) The second factor at sign-in, which API.md does not describe: RFC 6238 codes (SHA-1, 6 digits,
//! 30 s, one step of drift either way) for admin users who enrolled, and enrolment for those whose tenant
//! requires it for one of their positions (the config key `secondFactorPositions`). A code works once.
//! The shapes are in `eclipse::models` and `docs/sandbox.md`.
use super::{
    error::{ApiError, ApiResult},
    SandboxState,
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use totp_rs::{Secret, TOTP};

pub const STEP_SECS: i64 = 30;
/// How long a right password waits for its second step.
const STEP_TOKEN_SECS: i64 = 300;
pub const ISSUER: &str = "Eclipse sandbox";

/// The TOTP of a base32 secret; `None` when the stored secret is not one.
pub fn totp(secret_base32: &str, identity: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned()).to_bytes().ok()?;
    Some(TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        // No drift inside the TOTP: `matching_step` tries each step itself, to know which one a code spent.
        0,
        STEP_SECS as u64,
        bytes,
        Some(ISSUER.to_owned()),
        identity.to_owned(),
    ))
}

/// A new random secret, base32 (160 bits, as RFC 4226 recommends).
pub fn new_secret() -> String {
    Secret::Raw(rand::random::<[u8; 20]>().to_vec()).to_encoded().to_string()
}

/// The step (of `STEP_SECS`) whose code `code` is, within one step of `now_secs`.
pub fn matching_step(totp: &TOTP, code: &str, now_secs: i64) -> Option<i64> {
    let now_step = now_secs.div_euclid(STEP_SECS);
    (now_step - 1..=now_step + 1).find(|step| totp.check(code.trim(), (step * STEP_SECS) as u64))
}

/// The code to type now that has not been used: this step's, or the next one's when this one's was used
/// (it is accepted too, one step early). `None` when both were used: wait for the next step.
pub fn unused_code(totp: &TOTP, last_used_step: i64, now_secs: i64) -> Option<String> {
    let now_step = now_secs.div_euclid(STEP_SECS);
    let step = now_step.max(last_used_step + 1);
    (step <= now_step + 1).then(|| totp.generate((step * STEP_SECS) as u64))
}

/// Spends the step of `code`: a code works once. The `UPDATE` is the check, so two requests with the same
/// code cannot both pass.
pub async fn spend(
    state: &SandboxState,
    admin_user_id: i64,
    totp: &TOTP,
    code: &str,
) -> ApiResult<()> {
    let refused =
        || ApiError::second_factor_refused("The one-time code is wrong or was already used");
    let step = matching_step(totp, code, state.clock.now().timestamp()).ok_or_else(refused)?;
    let take_step = sqlx::query(
        "UPDATE admin_users SET totp_last_step = ? WHERE admin_user_id = ? AND totp_last_step < ?",
    )
    .bind(step)
    .bind(admin_user_id)
    .bind(step);
    super::db::guarded(take_step, &state.db, async || refused()).await
}

/// Whether the tenant's `secondFactorPositions` names one of `positions` (both comma-separated).
pub async fn required_for(
    state: &SandboxState,
    tenant_id: i64,
    positions: &str,
) -> ApiResult<bool> {
    let required = super::config::effective(&state.db, tenant_id, REQUIRED_KEY).await?;
    Ok(required
        .split(',')
        .map(str::trim)
        .any(|p| !p.is_empty() && positions.split(',').any(|mine| mine == p)))
}

pub const REQUIRED_KEY: &str = "secondFactorPositions";

/// What the second step's token says: who typed the right password, until when.
#[derive(Debug, Serialize, Deserialize)]
struct StepClaims {
    /// Always `second-factor`: such a token opens nothing else.
    purpose: String,
    uid: i64,
    exp: i64,
}

const PURPOSE: &str = "second-factor";

pub fn step_token(state: &SandboxState, admin_user_id: i64) -> String {
    let claims = StepClaims {
        purpose: PURPOSE.into(),
        uid: admin_user_id,
        exp: state.clock.now().timestamp() + STEP_TOKEN_SECS,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&state.jwt_key),
    )
    .expect("HS256 signs any claims")
}

/// The admin user a second step's token names, while it lasts.
pub fn step_user(state: &SandboxState, token: &str) -> ApiResult<i64> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let expired =
        || ApiError::second_factor_refused("The sign-in has expired: enter the password again");
    let claims = jsonwebtoken::decode::<StepClaims>(
        token,
        &DecodingKey::from_secret(&state.jwt_key),
        &validation,
    )
    .map_err(|_| expired())?
    .claims;
    if claims.purpose != PURPOSE || claims.exp <= state.clock.now().timestamp() {
        return Err(expired());
    }
    Ok(claims.uid)
}

/// The code `identity` may sign in with now (the `eclipse-sandbox totp` command), read from the sandbox's
/// store in `data_dir`.
pub async fn current_code(data_dir: &std::path::Path, identity: &str) -> Result<String, String> {
    let db = super::db::open(data_dir).await.map_err(|e| e.to_string())?;
    let row: Option<(Option<String>, i64)> =
        sqlx::query_as("SELECT totp_secret, totp_last_step FROM admin_users WHERE identity = ?")
            .bind(identity)
            .fetch_optional(&db)
            .await
            .map_err(|e| e.to_string())?;
    let (secret, last_step) = row.ok_or_else(|| format!("no admin user {identity}"))?;
    let secret = secret.ok_or_else(|| format!("{identity} has no second factor"))?;
    let totp = totp(&secret, identity).ok_or("the stored secret is not base32")?;
    unused_code(&totp, last_step, chrono::Utc::now().timestamp())
        .ok_or_else(|| "this code and the next were used: try again in 30 seconds".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_and_one_either_side() {
        let totp = totp(&new_secret(), "a.user").unwrap();
        let now = 1_800_000_000;
        let code = totp.generate(now as u64);
        assert_eq!(matching_step(&totp, &code, now), Some(now / STEP_SECS));
        assert_eq!(matching_step(&totp, &code, now + STEP_SECS), Some(now / STEP_SECS));
        assert_eq!(matching_step(&totp, &code, now + 3 * STEP_SECS), None);
        assert_eq!(matching_step(&totp, "12345", now), None);
    }

    #[test]
    fn the_unused_code_moves_to_the_next_step_once_this_one_is_spent() {
        let totp = totp(&new_secret(), "a.user").unwrap();
        let now = 1_800_000_000;
        let step = now / STEP_SECS;
        assert_eq!(unused_code(&totp, 0, now), Some(totp.generate(now as u64)));
        let next = totp.generate(((step + 1) * STEP_SECS) as u64);
        assert_eq!(unused_code(&totp, step, now), Some(next));
        assert_eq!(unused_code(&totp, step + 1, now), None);
    }
}
