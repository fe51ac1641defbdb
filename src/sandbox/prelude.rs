//! What every endpoint module of the sandbox works with: axum's extractors and answers, the caller, the
//! store, Eclipse's errors, paging and time. One list, so each module names only what is its own.
pub(super) use super::{
    auth::Caller,
    db,
    error::{ApiError, ApiResult},
    extract::{JsonBody, Query, Scoped},
    list::{filtered, page, page_of, ListQuery, Paging, Values},
    SandboxState,
};
pub(super) use crate::eclipse::{positions::Capability, timestamps};
pub(super) use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
pub(super) use chrono::{DateTime, Utc};
pub(super) use serde::Deserialize;
pub(super) use std::future::Future;
