//! The portal's error type, shared by server functions and pages.
//!
//! Faults (Eclipse down, a session that ended, a refused position) are `AppError`s; expected failures of a
//! form are values (`Outcome::Invalid`). Nothing here carries an internal URL, a stack trace or a token:
//! faults the user cannot act on carry only a correlation id, under which the server log holds the detail.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
mod codes;
#[cfg(feature = "ssr")]
pub mod correlation;
pub use codes::ErrorCode;
use serde::{Deserialize, Serialize};

/// An error Eclipse answered with: its description and trace id are shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EclipseProblem {
    pub status: u16,
    pub code: ErrorCode,
    pub description: String,
    pub trace_id: Option<String>,
    /// The request field a `VAL001` is about: our extension of Eclipse's error item, which the sandbox fills
    /// and a real Eclipse does not (see `ErrorItem::field`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl EclipseProblem {
    /// The field a `VAL001` names, and the problem with it; `None` for other errors and for a `VAL001` that
    /// names no field (a real Eclipse's). The problem is the description without the sandbox's
    /// "Validation failed: <field>" lead, which would only repeat the field.
    pub fn invalid_field(&self) -> Option<(&str, &str)> {
        if self.code != ErrorCode::Validation {
            return None;
        }
        let field = self.field.as_deref()?;
        let problem = self
            .description
            .strip_prefix("Validation failed: ")
            .and_then(|rest| rest.strip_prefix(field))
            .map(str::trim_start)
            .unwrap_or(&self.description);
        Some((field, problem))
    }

    /// The description with the trace id Eclipse's support looks it up by: what a refusal shows.
    pub fn said(&self) -> String {
        match &self.trace_id {
            Some(trace) => format!("{} (trace id {trace})", self.description),
            None => self.description.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Your session has ended. Sign in again to continue.")]
    Unauthenticated,
    #[error("Your position does not allow this.")]
    Forbidden,
    #[error("That record does not exist, or is not visible to you.")]
    NotFound,
    #[error("{}", .0.description)]
    Eclipse(EclipseProblem),
    #[error(
        "Eclipse did not answer in time or could not be reached. Nothing was saved; try again."
    )]
    Unavailable { correlation_id: String },
    #[error("Too many failed sign-ins. Try again in {}.", wait_in_words(*retry_after_secs))]
    RateLimited { retry_after_secs: u64 },
    #[error("Something went wrong on our side. Nothing was saved; try again.")]
    Internal { correlation_id: String },
    /// A request the portal refuses for what it says (shown as it is; it names no internals).
    #[error("{0}")]
    BadRequest(String),
    /// The request never reached the server function or its answer never arrived (network, encoding).
    #[error("The portal could not be reached. Check your connection and try again.")]
    Transport,
}

impl AppError {
    /// The HTTP status of this error, wherever it is answered: the server applies it to every server
    /// function's error (`server::middleware::server_fn_status`), to plain routes (`IntoResponse` below)
    /// and to pages (`ui::error::ErrorPanel`). Nothing else sets an error's status.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Eclipse(p) if p.status >= 500 => 502,
            AppError::Eclipse(p) => p.status,
            AppError::Unavailable { .. } => 503,
            AppError::BadRequest(_) => 400,
            AppError::RateLimited { .. } => 429,
            AppError::Internal { .. } | AppError::Transport => 500,
        }
    }

    /// The id a user quotes to support: Eclipse's trace id, or the portal's correlation id.
    pub fn reference(&self) -> Option<&str> {
        match self {
            AppError::Eclipse(p) => p.trace_id.as_deref(),
            AppError::Unavailable { correlation_id } | AppError::Internal { correlation_id } => {
                Some(correlation_id)
            }
            _ => None,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "Signed out",
            AppError::Forbidden => "Not allowed",
            AppError::NotFound => "Not found",
            AppError::Eclipse(_) => "Eclipse refused the request",
            AppError::Unavailable { .. } => "Eclipse is unavailable",
            AppError::RateLimited { .. } => "Too many attempts",
            AppError::Internal { .. } => "Unexpected error",
            AppError::BadRequest(_) => "Check your input",
            AppError::Transport => "Connection problem",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // The framework's own messages can name internals; the user gets a generic one.
        #[cfg(feature = "ssr")]
        tracing::warn!(error = %value, "server function request or answer could not be read");
        // On the server, a body that does not decode is the request's fault (JSON arguments fail as
        // `Deserialization`, form arguments as `Args`); in the browser, the answer never arrived whole.
        let request_unreadable = matches!(
            value,
            ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::UnsupportedRequestMethod(_)
        ) || (cfg!(feature = "ssr")
            && matches!(value, ServerFnErrorErr::Deserialization(_)));
        if request_unreadable {
            AppError::BadRequest(
                "The request could not be read. Reload the page and try again.".into(),
            )
        } else {
            AppError::Transport
        }
    }
}

/// One validation message, on the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.to_owned(), message: message.into() });
    }
    pub fn get(&self, field: &str) -> Option<String> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.clone())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn remove(&mut self, field: &str) {
        self.0.retain(|e| e.field != field);
    }
    /// `Ok(())` when there is nothing to report, so a validator can end with `errors.into_result()?`.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

/// What a form submission came to: done, or refused with messages for the fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome<T> {
    Done(T),
    /// The input broke a rule: the messages go on the fields they concern.
    Invalid(FieldErrors),
    /// The input is fine but the action is not allowed as things stand (a rule of the domain); says why.
    Refused(String),
    /// Someone else saved the record since the user loaded it: here is the latest, for the user to compare
    /// and apply their change on top of.
    Conflict(T),
}

impl<T> Outcome<T> {
    /// The input broke a rule of one field: `message` goes on `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        Outcome::Invalid(errors)
    }
}

impl<T> From<FieldErrors> for Outcome<T> {
    fn from(errors: FieldErrors) -> Self {
        Outcome::Invalid(errors)
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A plain route's error (a download, a document's bytes): its status, its message and its reference.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let reference = self.reference().map(|r| format!(" Reference: {r}")).unwrap_or_default();
        let mut res = (status, format!("{self}{reference}")).into_response();
        if let AppError::RateLimited { retry_after_secs } = self {
            res.headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(retry_after_secs));
        }
        res
    }
}

/// "45 seconds", "1 minute", "15 minutes": how long to wait, rounded up to what a person reads.
pub fn wait_in_words(secs: u64) -> String {
    match secs {
        0..=1 => "1 second".into(),
        2..=59 => format!("{secs} seconds"),
        _ => match secs.div_ceil(60) {
            1 => "1 minute".into(),
            minutes => format!("{minutes} minutes"),
        },
    }
}

/// The id that ties what the user sees to the detail in the server log: the current request's
/// (`correlation`), or a fresh one outside a request.
#[cfg(feature = "ssr")]
pub fn correlation_id() -> String {
    correlation::current().unwrap_or_else(correlation::fresh).to_string()
}

#[cfg(feature = "ssr")]
impl AppError {
    /// A fault of `part` for the user: a correlation id, with the detail in the server log.
    pub fn fault(part: &str, err: impl std::fmt::Display) -> Self {
        let correlation_id = correlation_id();
        tracing::error!(%correlation_id, %err, "{part}");
        AppError::Internal { correlation_id }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn waits_are_said_in_words() {
        assert_eq!(super::wait_in_words(900), "15 minutes");
        assert_eq!(super::wait_in_words(61), "2 minutes");
        assert_eq!(super::wait_in_words(60), "1 minute");
        assert_eq!(super::wait_in_words(45), "45 seconds");
    }
}
