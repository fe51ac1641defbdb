//! Errors as Eclipse sends them: an HTTP status and a JSON array of error items with a trace id.
use crate::eclipse::{models::ErrorItem, ErrorCode};
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub description: String,
    /// The request field a `VAL001` is about (our extension of the error item; see `ErrorItem::field`).
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, description: impl Into<String>) -> Self {
        ApiError { status, code, description: description.into(), field: None }
    }
    pub fn bad_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::BadCredentials,
            "Invalid identity or password",
        )
    }
    /// (ours) A wrong or reused one-time code, or a second-factor step that has expired.
    pub fn second_factor_refused(why: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::SecondFactorRefused, why.to_owned())
    }
    pub fn expired() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::TokenExpired, "JWT has expired")
    }
    /// (ours) A missing, malformed, forged or invalidated token, or one whose user is gone or inactive.
    pub fn invalid_token(why: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidToken,
            format!("JWT is not valid: {why}"),
        )
    }
    pub fn forbidden() -> Self {
        Self::forbidden_because("Insufficient permission to perform this operation")
    }
    /// `SEC001` for a rule of the tenant or of a position, saying which.
    pub fn forbidden_because(description: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, description)
    }
    /// `VAL001` on `field`: named in the text as the vendor's examples do, and in `field` for a client to read.
    pub fn validation(field: &str, problem: &str) -> Self {
        ApiError {
            field: Some(field.to_owned()),
            ..Self::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::Validation,
                format!("Validation failed: {field} {problem}"),
            )
        }
    }
    pub fn unparseable(why: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::UnparseableJson,
            format!("Could not parse JSON: {why}"),
        )
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, format!("The {what} was not found"))
    }
    pub fn duplicate(what: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            ErrorCode::Duplicate,
            format!("A record with this {what} already exists"),
        )
    }
    /// (ours) `VER001`: the write was based on an older version than the stored one.
    pub fn stale(what: &str, sent: i64, current: i64) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            ErrorCode::StaleVersion,
            format!("The {what} was changed by someone else: version {sent} is stale, the current version is {current}"),
        )
    }
    /// (ours) `STA001`: not allowed in the record's current status.
    pub fn state(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::NotAllowedInStatus, description)
    }
    /// An insert's error: a unique index that refused it is `DUP001` on `what`.
    pub fn from_insert(err: sqlx::Error, what: &str) -> Self {
        match err {
            sqlx::Error::Database(e) if e.is_unique_violation() => ApiError::duplicate(what),
            other => other.into(),
        }
    }
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unknown,
            "An unknown error occurred",
        )
    }
}

fn random_hex(bytes: usize) -> String {
    (0..bytes).map(|_| format!("{:02x}", rand::random::<u8>())).collect()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let item = ErrorItem {
            kind: if self.status.is_server_error() { "SYSTEM" } else { "BUSINESS" }.into(),
            severity: if self.status.is_server_error() { "HIGH" } else { "LOW" }.into(),
            description: self.description,
            code: self.code,
            trace_id: Some(random_hex(16)),
            span_id: Some(random_hex(8)),
            environment: Some("sandbox".into()),
            field: self.field,
        };
        (self.status, Json(vec![item])).into_response()
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(%err, "sandbox store error");
        ApiError::internal()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
