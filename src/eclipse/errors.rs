//! Eclipse's errors as the client sees them, and what the portal shows of them.
use super::{models::ErrorItem, ErrorCode};
use crate::error::{AppError, EclipseProblem};
use reqwest::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum EclipseError {
    #[error("Eclipse answered {status} {}", first_code(.items))]
    Api {
        status: StatusCode,
        items: Vec<ErrorItem>,
    },
    /// Connection refused, reset, timed out. The source names the URL: it is logged, never shown.
    #[error("Eclipse could not be reached: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("Eclipse's answer could not be read: {0}")]
    Decode(String),
}

fn first_code(items: &[ErrorItem]) -> &str {
    items.first().map(|i| i.code.as_str()).unwrap_or("-")
}

impl EclipseError {
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            EclipseError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
    /// The code of Eclipse's first error item (the one that says why).
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            EclipseError::Api { items, .. } => items.first().map(|i| &i.code),
            _ => None,
        }
    }
    /// Eclipse refused with `code`: `err.is(ErrorCode::NotFound)`.
    pub fn is(&self, code: ErrorCode) -> bool {
        self.code() == Some(&code)
    }
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }
    pub fn problem(&self) -> Option<EclipseProblem> {
        match self {
            EclipseError::Api { status, items } => {
                let first = items.first();
                Some(EclipseProblem {
                    status: status.as_u16(),
                    code: first.map(|i| i.code.clone()).unwrap_or(ErrorCode::Unknown),
                    description: first
                        .map(|i| i.description.clone())
                        .unwrap_or_else(|| format!("Eclipse answered {}", status.as_u16())),
                    trace_id: first.and_then(|i| i.trace_id.clone()),
                    field: first.and_then(|i| i.field.clone()),
                })
            }
            _ => None,
        }
    }
}

impl From<EclipseError> for AppError {
    /// What the user sees of an Eclipse failure. The detail goes to the log under the correlation id.
    fn from(err: EclipseError) -> AppError {
        match &err {
            EclipseError::Api { status, .. } if *status == StatusCode::UNAUTHORIZED => {
                AppError::Unauthenticated
            }
            EclipseError::Api { .. } => {
                let problem = err.problem().expect("api errors have a problem");
                tracing::info!(code = %problem.code, trace_id = ?problem.trace_id, "eclipse refused");
                AppError::Eclipse(problem)
            }
            EclipseError::Transport(_) => {
                let correlation_id = crate::error::correlation_id();
                tracing::warn!(%correlation_id, error = %err, "eclipse unreachable");
                AppError::Unavailable { correlation_id }
            }
            EclipseError::Decode(_) => {
                let correlation_id = crate::error::correlation_id();
                tracing::error!(%correlation_id, error = %err, "eclipse answer unreadable");
                AppError::Internal { correlation_id }
            }
        }
    }
}

pub type EclipseResult<T> = Result<T, EclipseError>;
