//! Request extractors whose rejections are Eclipse errors (`JPE001`, `VAL001`) instead of axum's text, and
//! `Scoped`, the caller with the ids of a path under `T/`.
use super::{
    auth::Caller,
    error::{ApiError, ApiResult},
    SandboxState,
};
use crate::eclipse::{positions::Capability, timestamps};
use axum::{
    extract::{FromRequest, FromRequestParts, Path, Request},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

/// A JSON body. Text that is not JSON, or JSON of another shape, is `JPE001`; a field whose value breaks its
/// type (a date written `15/03/1990`) is `VAL001` on that field, as a rule checked after reading would be.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::unparseable("the body could not be read"))?;
        let mut json = serde_json::Deserializer::from_slice(&bytes);
        // The field whose value failed (`dateOfBirth`, `configuration[0].val`), when a named member failed: a
        // body of the wrong shape (an array for an object) fails at the body or at an index, and is JPE001.
        let read = serde_path_to_error::deserialize(&mut json)
            .map_err(|e| {
                let named = matches!(
                    e.path().iter().next_back(),
                    Some(serde_path_to_error::Segment::Map { .. })
                );
                (named.then(|| e.path().to_string()), e.into_inner())
            })
            .and_then(|value| json.end().map(|()| JsonBody(value)).map_err(|e| (None, e)));
        read.map_err(|(field, err)| match (field, err.classify()) {
            (Some(field), serde_json::error::Category::Data) => {
                ApiError::validation(&field, &without_position(&err))
            }
            _ => ApiError::unparseable(&err.to_string()),
        })
    }
}

/// serde_json's message without its " at line L column C": the field is named instead.
fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(query)
            .map(Query)
            .map_err(|e| ApiError::validation("query", &e.to_string()))
    }
}

/// The caller and the ids of a path under `T/` (`T/wallets/{id}` is `Scoped<(i64, i64)>`): what every tenant
/// endpoint starts with. The position check is `require`'s, made in the handler after the body is read, so a
/// malformed body is still a 400 before a 403, as with the caller and the path extracted apart.
pub struct Scoped<P> {
    pub caller: Caller,
    pub path: P,
}

/// A path whose first segment is the tenant's id.
pub trait TenantPath: Clone {
    fn tenant_id(&self) -> i64;
}

impl TenantPath for i64 {
    fn tenant_id(&self) -> i64 {
        *self
    }
}

impl<I: Clone> TenantPath for (i64, I) {
    fn tenant_id(&self) -> i64 {
        self.0
    }
}

impl TenantPath for (i64, i64, i64) {
    fn tenant_id(&self) -> i64 {
        self.0
    }
}

impl<P: TenantPath> Scoped<P> {
    /// The store and the path's ids, when the caller belongs to the path's tenant and holds `capability`
    /// (`SEC001` otherwise).
    pub fn require(&self, capability: Capability) -> ApiResult<(&SandboxState, P)> {
        Ok((self.caller.require(self.path.tenant_id(), capability)?, self.path.clone()))
    }
}

impl<P: DeserializeOwned + Send> FromRequestParts<SandboxState> for Scoped<P> {
    type Rejection = Response;
    /// The caller first (401), then the path (axum's 400): the order of the two extractors it replaces.
    async fn from_request_parts(parts: &mut Parts, state: &SandboxState) -> Result<Self, Response> {
        let caller =
            Caller::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let Path(path) = Path::<P>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Scoped { caller, path })
    }
}

/// A query parameter that is an instant (times in query parameters are UTC instants), read as one.
pub fn instant_param(field: &str, value: &Option<String>) -> ApiResult<Option<DateTime<Utc>>> {
    match value.as_deref() {
        None => Ok(None),
        Some(text) => timestamps::parse(text).map(Some).ok_or_else(|| {
            ApiError::validation(field, "must be an ISO-8601 instant like 2026-03-01T00:00:00.000Z")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eclipse::{models::CustomerUpdate, ErrorCode};
    use axum::body::Body;

    async fn read(body: &str) -> Result<CustomerUpdate, ApiError> {
        let req = Request::builder().body(Body::from(body.to_owned())).unwrap();
        JsonBody::<CustomerUpdate>::from_request(req, &()).await.map(|JsonBody(u)| u)
    }

    #[tokio::test]
    async fn a_value_of_the_wrong_form_is_val001_on_its_field_and_broken_json_jpe001() {
        let err = read(r#"{"dateOfBirth": "15/03/1990"}"#).await.unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("dateOfBirth")));
        assert_eq!(
            err.description,
            "Validation failed: dateOfBirth must be a date like 1990-03-15"
        );
        for broken in [r#"{"dateOfBirth": "#, "[1, 2]", r#"{"version": 1} trailing"#] {
            assert_eq!(
                read(broken).await.unwrap_err().code,
                ErrorCode::UnparseableJson,
                "{broken}"
            );
        }
        assert_eq!(
            read(r#"{"dateOfBirth": "1990-03-15"}"#)
                .await
                .unwrap()
                .date_of_birth
                .unwrap()
                .to_string(),
            "1990-03-15"
        );
    }
}
