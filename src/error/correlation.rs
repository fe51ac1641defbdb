//! One correlation id per request: in the request's log lines, in the `X-Request-Id` header of the answer and
//! of every call to Eclipse it makes, and in any fault shown to the user, so one id finds the whole story
//! across instances and Eclipse.
//!
//! The id travels two ways, because a request's work does not all run in one task: a task-local around the
//! request (handlers, server functions), and the request's extensions, which Leptos hands to the tasks that
//! render a page as context.
use std::sync::Arc;

/// The header the id is sent in, to the browser and to Eclipse.
pub const HEADER: &str = "x-request-id";

/// The current request's id, as kept in its extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub Arc<str>);

tokio::task_local! {
    static CURRENT: Arc<str>;
}

/// A fresh random id: 16 hex digits.
pub fn fresh() -> Arc<str> {
    format!("{:016x}", rand::random::<u64>()).into()
}

/// Runs `work` as the request `id`.
pub async fn scope<F: std::future::Future>(id: Arc<str>, work: F) -> F::Output {
    CURRENT.scope(id, work).await
}

/// The id of the request being served, if any.
pub fn current() -> Option<Arc<str>> {
    CURRENT.try_with(Arc::clone).ok().or_else(|| {
        leptos::prelude::use_context::<http::request::Parts>()?
            .extensions
            .get::<RequestId>()
            .map(|id| id.0.clone())
    })
}
