//! The error of a form sent without JavaScript, back on its page. server_fn puts it in the redirect's URL
//! (`?__path=…&__err=…`), and leptos shows whatever such a URL holds, on any page: a crafted link would make
//! the sign-in page say what its author likes (phishing). Here the error travels in the session instead, for
//! this browser's next view of that page only, and `__path`/`__err` from anywhere else are dropped.
use axum::{
    extract::Request,
    http::{header, HeaderValue, Method, Uri},
    middleware::Next,
    response::Response,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const PENDING: &str = "form_error";
const ERROR_PARAMS: [&str; 2] = ["__path", "__err"];

/// An error server_fn encoded for a page, waiting for that page's next view.
#[derive(Debug, Serialize, Deserialize)]
struct PendingError {
    page: String,
    path: String,
    err: String,
}

pub async fn server_chosen(session: Session, mut req: Request, next: Next) -> Response {
    if req.method() == Method::GET {
        let pending = session.get::<PendingError>(PENDING).await.ok().flatten();
        let mine = pending.filter(|p| p.page == req.uri().path());
        if mine.is_some() {
            let _ = session.remove::<PendingError>(PENDING).await;
        }
        if let Some(uri) = with_error_params(req.uri(), mine.as_ref()) {
            *req.uri_mut() = uri;
        }
    }
    let mut res = next.run(req).await;
    if res.status().is_redirection() {
        let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok());
        if let Some((pending, clean)) = location.and_then(take_error) {
            if session.insert(PENDING, &pending).await.is_ok() {
                if let Ok(value) = HeaderValue::from_str(&clean) {
                    res.headers_mut().insert(header::LOCATION, value);
                }
            }
        }
    }
    res
}

/// The request's URI without any error parameters it came with, and with this session's pending error if
/// there is one; `None` when nothing changes.
fn with_error_params(uri: &Uri, pending: Option<&PendingError>) -> Option<Uri> {
    let query = uri.query().unwrap_or_default();
    let mut pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let before = pairs.len();
    pairs.retain(|(key, _)| !ERROR_PARAMS.contains(&key.as_str()));
    if pairs.len() == before && pending.is_none() {
        return None;
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    out.extend_pairs(&pairs);
    if let Some(p) = pending {
        out.append_pair("__path", &p.path).append_pair("__err", &p.err);
    }
    let query = out.finish();
    let path = uri.path();
    let rebuilt = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    rebuilt.parse().ok()
}

/// From a redirect server_fn made for a failed form: the error to keep, and the Location without it.
fn take_error(location: &str) -> Option<(PendingError, String)> {
    let url = url::Url::parse(location)
        .or_else(|_| url::Url::parse("http://portal.invalid").and_then(|base| base.join(location)))
        .ok()?;
    let mut path = None;
    let mut err = None;
    let mut kept = Vec::new();
    for (key, value) in url.query_pairs().into_owned() {
        match key.as_str() {
            "__path" => path = Some(value),
            "__err" => err = Some(value),
            _ => kept.push((key, value)),
        }
    }
    let (path, err) = (path?, err?);
    let mut clean = url.path().to_owned();
    if !kept.is_empty() {
        let query =
            url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&kept).finish();
        clean = format!("{clean}?{query}");
    }
    let pending = PendingError { page: url.path().to_owned(), path, err };
    Some((pending, clean))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_keeps_its_page_and_gives_the_error_to_the_session() {
        let (pending, clean) = take_error(
            "http://127.0.0.1:3000/login?next=%2Fadmin-users&__path=%2Fapi%2Flogin&__err=eyJ9",
        )
        .unwrap();
        assert_eq!(clean, "/login?next=%2Fadmin-users");
        assert_eq!(
            (pending.page.as_str(), pending.path.as_str(), pending.err.as_str()),
            ("/login", "/api/login", "eyJ9")
        );
        assert!(take_error("/login?next=%2F").is_none(), "no error, nothing to take");
    }

    #[test]
    fn error_params_from_a_link_are_dropped_and_only_the_sessions_are_added() {
        let uri: Uri = "/login?next=%2F&__path=%2Fapi%2Flogin&__err=Y3JhZnRlZA".parse().unwrap();
        assert_eq!(with_error_params(&uri, None).unwrap(), "/login?next=%2F");
        let pending =
            PendingError { page: "/login".into(), path: "/api/login".into(), err: "b3Vycw".into() };
        assert_eq!(
            with_error_params(&uri, Some(&pending)).unwrap(),
            "/login?next=%2F&__path=%2Fapi%2Flogin&__err=b3Vycw"
        );
        assert!(with_error_params(&"/login?next=%2F".parse().unwrap(), None).is_none());
    }
}
