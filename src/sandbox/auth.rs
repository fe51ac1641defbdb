//! Authentication: login, renew and logout, the sandbox's HS256 tokens, and the `Caller` every tenant
//! route extracts: a valid, unexpired, unrevoked token of an active user, with that user's current positions.
use super::{
    error::{ApiError, ApiResult},
    extract::JsonBody,
    second_factor, SandboxState,
};
use crate::eclipse::{
    models::{
        EnrolmentRequest, LoginAnswer, LoginRequest, LoginResponse, RenewRequest,
        SecondFactorChallenge, SecondFactorRequest, SecondFactorStep, TotpEnrolment,
    },
    positions::{allows, parse_roles, Capability, Position},
    timestamps,
};
use axum::{
    extract::{FromRequestParts, State},
    http::{request::Parts, StatusCode},
    Json,
};
use jsonwebtoken::{errors::ErrorKind, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub uid: i64,
    pub tid: i64,
    pub roles: Vec<String>,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    /// (ours) The sign-in this token comes from, kept by every renewal: logging out revokes them all. Tokens
    /// made before it was added have none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sid: String,
}

fn random_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

fn sign(key: &[u8], claims: &Claims) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key))
        .expect("HS256 signs any claims")
}

/// Checks the signature and decodes the claims. Expiry is the caller's to check: an expired token is
/// `ARCH014` where it is used, and logout still takes one.
fn verify(key: &[u8], jwt: &str) -> ApiResult<Claims> {
    let mut only_the_signature = Validation::new(Algorithm::HS256);
    only_the_signature.validate_exp = false;
    only_the_signature.required_spec_claims.clear();
    jsonwebtoken::decode::<Claims>(jwt, &DecodingKey::from_secret(key), &only_the_signature)
        .map(|token| token.claims)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => ApiError::invalid_token("bad signature"),
            _ => ApiError::invalid_token("malformed"),
        })
}

#[derive(sqlx::FromRow)]
struct UserAuthRow {
    admin_user_id: i64,
    tenant_id: i64,
    identity: String,
    password_hash: Option<String>,
    status: String,
    positions: String,
    totp_secret: Option<String>,
    totp_pending_secret: Option<String>,
}

#[derive(sqlx::FromRow)]
struct CallerRow {
    #[sqlx(flatten)]
    user: UserAuthRow,
    revoked: bool,
}

const USER_AUTH_COLUMNS: &str =
    "SELECT admin_user_id, tenant_id, identity, password_hash, status, positions, \
     totp_secret, totp_pending_secret FROM admin_users";

fn split_positions(stored: &str) -> Vec<String> {
    stored.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// A token for `user`, of the sign-in `sid` (a new sign-in when `None`).
async fn issue(state: &SandboxState, user: &UserAuthRow, sid: Option<String>) -> LoginResponse {
    let now = state.clock.now().timestamp();
    let exp = now + state.token_ttl_secs;
    let roles = split_positions(&user.positions);
    let jti = random_id();
    let claims = Claims {
        sub: user.identity.clone(),
        uid: user.admin_user_id,
        tid: user.tenant_id,
        roles: roles.clone(),
        iat: now,
        exp,
        jti: jti.clone(),
        sid: sid.unwrap_or_else(random_id),
    };
    LoginResponse {
        header_name: "Authorization".into(),
        header_value: format!("Bearer {}", sign(&state.jwt_key, &claims)),
        session_id: jti,
        tenant_id: user.tenant_id,
        roles,
        expires: timestamps::from_epoch_secs(exp),
        expires_epoch_secs: exp,
        csrf_header_name: "renew-csrf".into(),
        csrf_token: format!("{:032x}", rand::random::<u128>()),
    }
}

pub async fn login(
    State(state): State<SandboxState>,
    JsonBody(req): JsonBody<LoginRequest>,
) -> ApiResult<Json<LoginAnswer>> {
    let user = sqlx::query_as::<_, UserAuthRow>(&format!("{USER_AUTH_COLUMNS} WHERE identity = ?"))
        .bind(&req.identity)
        .fetch_optional(&state.db)
        .await?;
    // The same answer, after the same work, whether the identity exists or not.
    let hash =
        user.as_ref().and_then(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let password = req.password.clone();
    let matches =
        tokio::task::spawn_blocking(move || bcrypt::verify(password, &hash).unwrap_or(false))
            .await
            .unwrap_or(false);
    let user = match user {
        Some(user) if matches && user.status == "ACTIVE" => user,
        _ => return Err(ApiError::bad_credentials()),
    };
    let second_factor = match (&user.totp_secret, &req.totp_code) {
        (Some(secret), Some(code)) => {
            let totp =
                second_factor::totp(secret, &user.identity).ok_or_else(ApiError::internal)?;
            second_factor::spend(&state, user.admin_user_id, &totp, code).await?;
            None
        }
        (Some(_), None) => Some(SecondFactorStep::Code),
        (None, _)
            if second_factor::required_for(&state, user.tenant_id, &user.positions).await? =>
        {
            Some(SecondFactorStep::Enrol)
        }
        (None, _) => None,
    };
    Ok(Json(match second_factor {
        None => LoginAnswer::SignedIn(issue(&state, &user, None).await),
        Some(step) => LoginAnswer::SecondFactor(SecondFactorChallenge {
            second_factor: step,
            second_factor_token: second_factor::step_token(&state, user.admin_user_id),
        }),
    }))
}

async fn step_user_row(state: &SandboxState, token: &str) -> ApiResult<UserAuthRow> {
    let admin_user_id = second_factor::step_user(state, token)?;
    let user =
        sqlx::query_as::<_, UserAuthRow>(&format!("{USER_AUTH_COLUMNS} WHERE admin_user_id = ?"))
            .bind(admin_user_id)
            .fetch_optional(&state.db)
            .await?;
    user.filter(|u| u.status == "ACTIVE").ok_or_else(|| {
        ApiError::second_factor_refused("The sign-in has expired: enter the password again")
    })
}

/// (ours) `POST /authentication/second-factor`: the second step of a sign-in. For a user enrolling, the first
/// right code of the new secret confirms it.
pub async fn second_step(
    State(state): State<SandboxState>,
    JsonBody(req): JsonBody<SecondFactorRequest>,
) -> ApiResult<Json<LoginResponse>> {
    let user = step_user_row(&state, &req.second_factor_token).await?;
    let (secret, confirming) = match (&user.totp_secret, &user.totp_pending_secret) {
        (Some(secret), _) => (secret, false),
        (None, Some(pending)) => (pending, true),
        (None, None) => {
            return Err(ApiError::second_factor_refused("Enrol a second factor first"));
        }
    };
    let totp = second_factor::totp(secret, &user.identity).ok_or_else(ApiError::internal)?;
    second_factor::spend(&state, user.admin_user_id, &totp, &req.totp_code).await?;
    if confirming {
        sqlx::query(
            "UPDATE admin_users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL \
             WHERE admin_user_id = ? AND totp_pending_secret = ?",
        )
        .bind(user.admin_user_id)
        .bind(secret)
        .execute(&state.db)
        .await?;
    }
    Ok(Json(issue(&state, &user, None).await))
}

/// (ours) `POST /authentication/second-factor/enrolment`: a new secret for a user without one, kept aside
/// until a code of it confirms it (each call replaces the one before).
pub async fn enrol(
    State(state): State<SandboxState>,
    JsonBody(req): JsonBody<EnrolmentRequest>,
) -> ApiResult<Json<TotpEnrolment>> {
    let user = step_user_row(&state, &req.second_factor_token).await?;
    if user.totp_secret.is_some() {
        return Err(ApiError::state("A second factor is already enrolled"));
    }
    let secret = second_factor::new_secret();
    let totp = second_factor::totp(&secret, &user.identity).ok_or_else(ApiError::internal)?;
    sqlx::query("UPDATE admin_users SET totp_pending_secret = ? WHERE admin_user_id = ?")
        .bind(&secret)
        .bind(user.admin_user_id)
        .execute(&state.db)
        .await?;
    Ok(Json(TotpEnrolment { secret, otpauth_uri: totp.get_url() }))
}

/// The bcrypt cost of every hash the sandbox makes, the dummy one included: an unknown identity then takes
/// as long to refuse as a known one with a wrong password.
pub const PASSWORD_COST: u32 = 10;

/// Clear text is hashed with bcrypt (off the async threads: it is slow on purpose); a bcrypt value is kept
/// as given. For admin users and customer identities alike.
pub async fn password_hash(password: &str) -> ApiResult<String> {
    if crate::validate::is_bcrypt_hash(password) {
        return Ok(password.to_owned());
    }
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || bcrypt::hash(password, PASSWORD_COST))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|_| ApiError::internal())
}

/// The rule of a sign-in name, for admin users and customer identities alike.
pub fn check_identity(identity: &str) -> ApiResult<()> {
    if !crate::validate::is_valid_identity(identity) {
        return Err(ApiError::validation(
            "identity",
            "must be 3 to 100 letters, digits, '.', '_', '-' or '@'",
        ));
    }
    Ok(())
}

/// A bcrypt hash of a random string, verified against when the identity is unknown.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    bcrypt::hash(format!("{:x}", rand::random::<u128>()), PASSWORD_COST).expect("bcrypt hashes")
});

fn bearer(parts: &Parts) -> Option<&str> {
    parts.headers.get("authorization")?.to_str().ok()?.strip_prefix("Bearer ")
}

/// Renew re-reads the user: a deleted or inactive user gets 401, and the roles are their current positions.
pub async fn renew(
    State(state): State<SandboxState>,
    parts: Parts,
    body: Option<Json<RenewRequest>>,
) -> ApiResult<Json<LoginResponse>> {
    let jwt = bearer(&parts)
        .map(str::to_owned)
        .or(body.map(|b| b.0.jwt))
        .ok_or_else(|| ApiError::invalid_token("missing"))?;
    let caller = authenticate(&state, &jwt).await?;
    Ok(Json(issue(&state, &caller.user, Some(caller.sign_in)).await))
}

pub async fn logout(State(state): State<SandboxState>, parts: Parts) -> ApiResult<StatusCode> {
    let jwt = bearer(&parts).ok_or_else(|| ApiError::invalid_token("missing"))?;
    let claims = verify(&state.jwt_key, jwt)?;
    let now = state.clock.now().timestamp();
    sqlx::query("DELETE FROM revoked_tokens WHERE expires_epoch < ?")
        .bind(now)
        .execute(&state.db)
        .await?;
    sqlx::query("INSERT OR IGNORE INTO revoked_tokens (jti, expires_epoch) VALUES (?, ?)")
        .bind(&claims.jti)
        .bind(claims.exp)
        .execute(&state.db)
        .await?;
    // Every token renewed from the same sign-in goes too. None outlives now + a token's life: no renewal
    // succeeds once the sign-in is revoked.
    if !claims.sid.is_empty() {
        sqlx::query("INSERT OR IGNORE INTO revoked_tokens (jti, expires_epoch) VALUES (?, ?)")
            .bind(&claims.sid)
            .bind(now + state.token_ttl_secs)
            .execute(&state.db)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Who is calling: the token's user as stored now (a demotion or deactivation applies at once).
pub struct Caller {
    user: UserAuthRow,
    /// The sign-in the token comes from (its own id for a token made before sign-ins were kept).
    sign_in: String,
    pub positions: Vec<Position>,
    /// The sandbox's store, which an endpoint reaches through `require`: only once the caller may.
    state: SandboxState,
}

impl Caller {
    pub fn tenant_id(&self) -> i64 {
        self.user.tenant_id
    }
    pub fn identity(&self) -> &str {
        &self.user.identity
    }

    /// The caller must belong to the tenant of the path and hold a position granting `capability`; then
    /// the store is theirs to use for it.
    pub fn require(&self, tenant_id: i64, capability: Capability) -> ApiResult<&SandboxState> {
        if self.user.tenant_id != tenant_id || !allows(&self.positions, capability) {
            return Err(ApiError::forbidden());
        }
        Ok(&self.state)
    }
}

async fn authenticate(state: &SandboxState, jwt: &str) -> ApiResult<Caller> {
    let claims = verify(&state.jwt_key, jwt)?;
    if claims.exp <= state.clock.now().timestamp() {
        return Err(ApiError::expired());
    }
    // One query for both checks: every Eclipse call made with the token asks them.
    static CALLER_QUERY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("SELECT *, EXISTS (SELECT 1 FROM revoked_tokens WHERE jti IN (?, ?)) AS revoked FROM ({USER_AUTH_COLUMNS} WHERE admin_user_id = ?)")
    });
    let sign_in = if claims.sid.is_empty() { claims.jti.clone() } else { claims.sid.clone() };
    let (user, revoked) = sqlx::query_as::<_, CallerRow>(CALLER_QUERY.as_str())
        .bind(&claims.jti)
        .bind(&sign_in)
        .bind(claims.uid)
        .fetch_optional(&state.db)
        .await?
        .map(|row| (row.user, row.revoked))
        .unzip();
    if revoked == Some(true) {
        return Err(ApiError::invalid_token("invalidated by logout"));
    }
    let user = user
        .filter(|u: &UserAuthRow| u.status == "ACTIVE")
        .ok_or_else(|| ApiError::invalid_token("the user is deleted or inactive"))?;
    let positions = parse_roles(&split_positions(&user.positions));
    Ok(Caller { user, sign_in, positions, state: state.clone() })
}

impl FromRequestParts<SandboxState> for Caller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &SandboxState) -> ApiResult<Caller> {
        let jwt = bearer(parts).ok_or_else(|| ApiError::invalid_token("missing"))?;
        authenticate(state, jwt).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "a".into(),
            uid: 1,
            tid: 42,
            roles: vec![],
            iat: 0,
            exp,
            jti: "j".into(),
            sid: String::new(),
        }
    }

    #[test]
    fn a_token_signed_before_jsonwebtoken_still_verifies() {
        // Header {"alg":"HS256","typ":"JWT"}, signed by the hand-written HS256 this module used to hold, so a
        // session started before the change survives it.
        let old = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIiwidWlkIjoxLCJ0aWQiOjQyLCJyb2xlcyI6WyJMRVZFTF8wMSJdLCJpYXQiOjAsImV4cCI6OTksImp0aSI6ImoifQ.TTR8NWxJTnx802W0KNmaoRdWf8SFgmHyckfaaAazSy4";
        let claims = verify(b"key-one", old).unwrap();
        assert_eq!(
            (claims.uid, claims.tid, claims.exp, claims.roles),
            (1, 42, 99, vec!["LEVEL_01".to_owned()])
        );
        assert_eq!(
            verify(b"key-two", old).unwrap_err().description,
            "JWT is not valid: bad signature"
        );
    }

    #[test]
    fn tokens_verify_only_with_their_key_and_untouched() {
        let token = sign(b"key-one", &claims(99));
        assert_eq!(verify(b"key-one", &token).unwrap().uid, 1);
        assert_eq!(
            verify(b"key-two", &token).unwrap_err().code,
            crate::eclipse::ErrorCode::InvalidToken
        );
        let mut forged = token.clone();
        forged.insert(token.find('.').unwrap() + 2, 'x');
        assert!(verify(b"key-one", &forged).is_err());
        assert!(verify(b"key-one", "not-a-jwt").is_err());
    }

    #[test]
    fn dummy_hash_is_a_valid_bcrypt_hash() {
        assert!(!bcrypt::verify("anything", &DUMMY_HASH).unwrap());
    }
}
