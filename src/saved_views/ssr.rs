//! Saved views on the server: each admin's own, checked against the list's position, and the redirect that
//! opens a list on its default view.
use super::{href_of, normalize, ListKind, SavedView, MAX_NAME, MAX_VIEWS, OPEN_DEFAULT};
use crate::{
    auth::ssr::{require, require_in, Authed},
    error::{AppError, Outcome},
    state::AppState,
    store::{fault, StoredView, ViewOwner},
};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

fn owner(authed: &Authed, list: ListKind) -> ViewOwner<'static> {
    ViewOwner {
        tenant_id: authed.data.tenant_id,
        admin_user_id: authed.data.admin_user_id,
        list: list.key(),
    }
}

impl From<StoredView> for SavedView {
    fn from(v: StoredView) -> Self {
        SavedView {
            view_id: v.view_id,
            name: v.name,
            query: v.query,
            is_default: v.is_default == 1,
        }
    }
}

pub async fn list(list: ListKind) -> Result<Vec<SavedView>, AppError> {
    let authed = require(list.needs()).await?;
    let views = authed.state.store.views_of(owner(&authed, list)).await.map_err(fault)?;
    Ok(views.into_iter().map(SavedView::from).collect())
}

pub async fn save(
    list: ListKind,
    name: String,
    query: String,
    make_default: bool,
) -> Result<Outcome<SavedView>, AppError> {
    let authed = require(list.needs()).await?;
    let name = name.trim();
    if name.is_empty() {
        return Ok(Outcome::invalid("name", "Name the view."));
    }
    if name.chars().count() > MAX_NAME {
        return Ok(Outcome::invalid("name", format!("At most {MAX_NAME} characters.")));
    }
    let store = &authed.state.store;
    let views = store.views_of(owner(&authed, list)).await.map_err(fault)?;
    if views.len() >= MAX_VIEWS && !views.iter().any(|v| v.name == name) {
        return Ok(Outcome::Refused(format!(
            "You keep {MAX_VIEWS} views of this list, the most there can be: delete one first."
        )));
    }
    let query = normalize(&query);
    let now = authed.state.clock.now();
    let view_id = store
        .save_view(owner(&authed, list), name, &query, make_default, now)
        .await
        .map_err(fault)?;
    Ok(Outcome::Done(SavedView { view_id, name: name.to_owned(), query, is_default: make_default }))
}

pub async fn set_default(list: ListKind, view_id: i64, on: bool) -> Result<(), AppError> {
    let authed = require(list.needs()).await?;
    let found = authed
        .state
        .store
        .set_default_view(owner(&authed, list), view_id, on)
        .await
        .map_err(fault)?;
    found.then_some(()).ok_or(AppError::NotFound)
}

pub async fn delete(list: ListKind, view_id: i64) -> Result<(), AppError> {
    let authed = require(list.needs()).await?;
    let found =
        authed.state.store.delete_view(owner(&authed, list), view_id).await.map_err(fault)?;
    found.then_some(()).ok_or(AppError::NotFound)
}

/// `GET /customers?view=default` (and the other lists'): to the admin's default view of the list, or to the
/// list unfiltered. Runs after the session guard, so a signed-out browser has already gone to sign in.
pub async fn open_default(
    State(state): State<AppState>,
    session: Session,
    req: Request,
    next: Next,
) -> Response {
    let list = ListKind::of_path(req.uri().path());
    let (Some(list), Some(OPEN_DEFAULT)) = (list, req.uri().query()) else {
        return next.run(req).await;
    };
    let query = match require_in(&state, session, list.needs()).await {
        Ok(authed) => match state.store.default_view(owner(&authed, list)).await {
            Ok(query) => query,
            Err(err) => {
                tracing::warn!(%err, "could not read the default view; the list opens unfiltered");
                None
            }
        },
        Err(_) => None,
    };
    Redirect::to(&href_of(list, &query.unwrap_or_default())).into_response()
}
