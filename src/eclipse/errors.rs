//! Eclipse's errors as the client sees them, and what the portal shows of them.
use super::{models::ErrorItem, ErrorCode};
use crate::error::{AppError, EclipseProblem};
use reqwest::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum EclipseError {
    #[error("Eclipse answered {status} {}", first_code(.items))]
    Api { status: StatusCode, items: Vec<ErrorItem> },
    /// Connection refused, reset, timed out: logged, never shown. Made by `transport`, which drops the URL
    /// (a search's terms, an identity number among them, travel in it).
    #[error("Eclipse could not be reached: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("Eclipse's answer could not be read: {0}")]
    Decode(String),
}

fn first_code(items: &[ErrorItem]) -> &str {
    items.first().map(|i| i.code.as_str()).unwrap_or("-")
}

impl EclipseError {
    pub fn transport(err: reqwest::Error) -> EclipseError {
        EclipseError::Transport(err.without_url())
    }
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
                // A failure on Eclipse's side may describe its internals: the user gets the status and the
                // trace id, which Eclipse's support can look up.
                let description = match first {
                    Some(item) if !status.is_server_error() => item.description.clone(),
                    _ => format!(
                        "Eclipse failed on its side ({}). Give Eclipse's support the trace id.",
                        status.as_u16()
                    ),
                };
                Some(EclipseProblem {
                    status: status.as_u16(),
                    code: first.map(|i| i.code.clone()).unwrap_or(ErrorCode::Unknown),
                    description,
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// What `tracing` wrote while `f` ran, as the server's log would hold it.
    fn logged(f: impl FnOnce()) -> String {
        let (log, guard) = crate::test_logs::capture();
        f();
        drop(guard);
        log.text()
    }

    #[tokio::test]
    async fn a_search_that_cannot_reach_eclipse_is_logged_without_its_terms() {
        // A loopback port nothing listens on: the search fails in transport, as with Eclipse down.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = format!(
            "http://127.0.0.1:{port}/tenants/42/customers?nationalIdentityNumber=9003155012086"
        );
        let failed = reqwest::get(&url).await.unwrap_err();
        assert!(failed.to_string().contains("9003155012086"), "reqwest names the URL");
        let log = logged(|| {
            let shown = AppError::from(EclipseError::transport(failed));
            assert!(matches!(shown, AppError::Unavailable { .. }));
        });
        assert!(log.contains("eclipse unreachable"), "{log}");
        assert!(!log.contains("9003155012086"), "{log}");
    }

    #[test]
    fn a_failure_on_eclipses_side_shows_its_trace_id_not_its_description() {
        let item = |description: &str| ErrorItem {
            kind: "SYSTEM".into(),
            severity: "HIGH".into(),
            description: description.into(),
            code: ErrorCode::Other("SYS001".into()),
            trace_id: Some("4bf92f3577b34da6".into()),
            span_id: None,
            environment: None,
            field: None,
        };
        let failed = EclipseError::Api {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            items: vec![item("NullPointerException at com.eclipse.core.Wallets(Wallets.java:88)")],
        };
        let problem = failed.problem().unwrap();
        assert!(!problem.description.contains("NullPointer"), "{}", problem.description);
        assert_eq!(problem.trace_id.as_deref(), Some("4bf92f3577b34da6"));
        let refused = EclipseError::Api {
            status: StatusCode::BAD_REQUEST,
            items: vec![item("Insufficient funds")],
        };
        assert_eq!(refused.problem().unwrap().description, "Insufficient funds");
    }
}
