//! Server-only sign-in, sessions and the guard every server function starts with.
//!
//! The Eclipse token lives only here, in the session store. The guard enforces the idle and absolute
//! timeouts and the token's expiry, renews the token while the user is active, and refreshes positions
//! when an admin user was changed through the portal (so a demotion or deactivation applies at once).
use super::{CurrentUser, Theme};
use crate::eclipse::ErrorCode;
use crate::{
    eclipse::{
        client::{BearerToken, EclipseError, TenantClient},
        currencies::NumberLocale,
        models::{debug_showing, NUMBER_LOCALE},
        page_reads::PageReads,
        positions::{allows, parse_roles, Capability, Position},
    },
    error::{AppError, FieldErrors, Outcome},
    state::AppState,
    store::{
        jobs::{JobKey, Jobs},
        Actor, AuditEntry,
    },
};
use leptos::prelude::{expect_context, provide_context, use_context};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::OnceCell;
use tower_sessions::Session;

pub(super) const SESSION_KEY: &str = "auth";
/// Renew the token when less than this is left of it.
const RENEW_BEFORE_SECS: i64 = 600;
/// Re-read positions from Eclipse at least this often, for changes made outside the portal.
const REFRESH_EVERY_MS: i64 = 5 * 60 * 1000;
/// Record activity at most this often, so that every request does not write the session.
const SEEN_WRITE_EVERY_SECS: i64 = 10;

#[derive(Clone, Serialize, Deserialize)]
pub struct SessionData {
    pub(super) token: String,
    pub identity: String,
    pub admin_user_id: i64,
    pub tenant_id: i64,
    pub tenant_name: String,
    pub positions: Vec<Position>,
    pub signed_in_at: i64,
    pub token_expires_at: i64,
    pub last_seen_at: i64,
    pub refreshed_at_ms: i64,
    /// The admin's theme, read from the store at sign-in (sessions from before it have none: "system").
    #[serde(default)]
    pub theme: Theme,
    /// How the tenant writes amounts (`numberLocale`), read at sign-in and with each refresh of the token.
    #[serde(default)]
    pub number_locale: NumberLocale,
}

debug_showing!(SessionData { identity, tenant_id });

/// A signed-in admin, checked: their session data and an Eclipse client acting for them in their tenant.
pub struct Authed {
    pub data: SessionData,
    pub eclipse: TenantClient,
    session: Session,
    pub state: AppState,
}

/// How a form reads Eclipse's refusals: the form's field for each field Eclipse names, and the field and
/// words for a duplicate.
pub struct FormErrors {
    pub field: fn(&str) -> &str,
    pub duplicate: (&'static str, &'static str),
}

/// What an audit line is about: its words, and the customer when it is about one (for their timeline).
pub struct About {
    pub text: String,
    pub customer_id: Option<i64>,
}

impl About {
    pub fn customer(customer_id: i64, text: impl Into<String>) -> About {
        About { text: text.into(), customer_id: Some(customer_id) }
    }
}

impl From<String> for About {
    fn from(text: String) -> About {
        About { text, customer_id: None }
    }
}

impl Authed {
    /// Converts an Eclipse failure for the user; a 401 also ends the session.
    pub async fn fail(&self, err: EclipseError) -> AppError {
        if err.is_unauthorized() {
            end_session(&self.session).await;
        }
        AppError::from(err)
    }

    /// Eclipse's answer for the user: the value, or the failure converted by `fail`.
    pub async fn answer<T>(&self, result: Result<T, EclipseError>) -> Result<T, AppError> {
        match result {
            Ok(value) => Ok(value),
            Err(err) => Err(self.fail(err).await),
        }
    }

    /// An expected refusal from Eclipse becomes a value the form shows: a field it rejects (`VAL001`), put on
    /// the form's field by `form_field`, or a duplicate (`DUP001`), put on `duplicate.0` with message
    /// `duplicate.1`. Anything else is a fault.
    pub async fn outcome<T>(
        &self,
        result: Result<T, EclipseError>,
        form: &FormErrors,
    ) -> Result<Outcome<T>, AppError> {
        let err = match result {
            Ok(value) => return Ok(Outcome::Done(value)),
            Err(err) => err,
        };
        if let Some(problem) = err.problem() {
            let mut errors = FieldErrors::default();
            if let Some((field, message)) = problem.invalid_field() {
                errors.add((form.field)(field), format!("Eclipse: {field} {message}."));
                return Ok(Outcome::Invalid(errors));
            }
            if problem.code == ErrorCode::Duplicate {
                errors.add(form.duplicate.0, form.duplicate.1);
                return Ok(Outcome::Invalid(errors));
            }
        }
        Err(self.fail(err).await)
    }

    /// Records a change the portal made in Eclipse (or failed to make).
    pub async fn audit<T>(
        &self,
        action: &str,
        target: impl Into<About>,
        result: &Result<T, EclipseError>,
    ) {
        let target = target.into();
        let (outcome, trace_id) = match result {
            Ok(_) => ("ok".to_owned(), None),
            Err(e) => (
                e.code().map_or("unreachable", ErrorCode::as_str).to_owned(),
                e.problem().and_then(|p| p.trace_id),
            ),
        };
        self.state
            .store
            .audit(AuditEntry {
                tenant_id: Some(self.data.tenant_id),
                customer_id: target.customer_id,
                actor: &self.data.identity,
                action,
                target: Some(target.text),
                result: &outcome,
                trace_id,
            })
            .await;
    }

    /// `audit` of a change to what a KYC decision rests on (profile, addresses, documents, identities); when
    /// it was made, it also counts as this admin's contribution to the customer's KYC (four eyes).
    pub async fn audit_kyc_change<T>(
        &self,
        customer_id: i64,
        action: &str,
        target: String,
        result: &Result<T, EclipseError>,
    ) {
        self.audit(action, target, result).await;
        if result.is_ok() {
            self.contributed_to_kyc(customer_id, action).await;
        }
    }

    /// Records something the portal did or decided on its own (no Eclipse call): `result` is `ok` or says why.
    pub async fn record(&self, action: &str, target: impl Into<About>, result: &str) {
        let target = target.into();
        let entry = AuditEntry {
            tenant_id: Some(self.data.tenant_id),
            customer_id: target.customer_id,
            actor: &self.data.identity,
            action,
            target: Some(target.text),
            result,
            trace_id: None,
        };
        self.state.store.audit(entry).await;
    }

    /// A change the portal refuses before asking Eclipse (a rule of the domain): recorded, then said.
    pub async fn refuse<T>(
        &self,
        action: &str,
        target: impl Into<About>,
        why: impl Into<String>,
    ) -> Outcome<T> {
        let why = why.into();
        self.record(action, target, &format!("refused: {why}")).await;
        Outcome::Refused(why)
    }

    /// Who this admin is, for four eyes and claims: their id, and their identity to show.
    pub fn actor(&self) -> Actor<'_> {
        Actor { admin_user_id: self.data.admin_user_id, identity: &self.data.identity }
    }

    /// Records that this admin changed KYC evidence of the customer (four eyes: they may not decide it, and a
    /// result made before says its evidence changed).
    pub async fn contributed_to_kyc(&self, customer_id: i64, action: &str) {
        self.state
            .store
            .record_kyc_contribution(self.data.tenant_id, customer_id, self.actor(), action)
            .await;
    }

    /// After the tenant's `numberLocale` changed: this session writes amounts the new way at once; others
    /// follow at their next token refresh, within `REFRESH_EVERY_MS`.
    pub async fn reread_number_locale(&mut self) -> Result<(), AppError> {
        self.data.number_locale = number_locale_of(&self.state, &self.data).await;
        self.session.insert(SESSION_KEY, &self.data).await.map_err(internal)
    }

    /// Records activity now ("Stay signed in"), whatever the write throttle says.
    pub async fn touch(&mut self) -> Result<(), AppError> {
        self.data.last_seen_at = self.state.clock.now().timestamp();
        self.session.insert(SESSION_KEY, &self.data).await.map_err(internal)
    }

    pub fn current_user(&self) -> CurrentUser {
        let config = &self.state.config;
        CurrentUser {
            identity: self.data.identity.clone(),
            admin_user_id: self.data.admin_user_id,
            tenant_id: self.data.tenant_id,
            tenant_name: self.data.tenant_name.clone(),
            positions: self.data.positions.clone(),
            idle_timeout_secs: config.session_idle.as_secs(),
            warning_secs: config.session_warning.as_secs(),
            theme: self.data.theme,
            number_locale: self.data.number_locale,
        }
    }
}

pub fn app_state() -> AppState {
    expect_context::<AppState>()
}

pub(super) fn internal(err: impl std::fmt::Display) -> AppError {
    AppError::fault("session store", err)
}

/// Whether the session is signed in (the limits' check before reading a large body; the guard does the rest).
pub async fn has_session(session: &Session) -> bool {
    matches!(session.get::<SessionData>(SESSION_KEY).await, Ok(Some(_)))
}

pub async fn request_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(internal)
}

pub(super) async fn end_session(session: &Session) {
    if let Err(err) = session.flush().await {
        tracing::warn!(%err, "could not end a session");
    }
}

/// The guard: a live session whose positions grant `capability`, or the reason why not.
pub async fn require(capability: Capability) -> Result<Authed, AppError> {
    let state = app_state();
    // Read before the first await: leptos's server render may drop the part of the page that asked while
    // this runs, and with it the way to the request's context.
    let page = this_page_render();
    let session = request_session().await?;
    let authed = match page {
        Some((reads, checked)) => {
            let data = checked.0.get_or_init(|| checked_data(&state, &session)).await.clone()?;
            authed(&state, session, data, Some(reads))
        }
        None => check(&state, session).await?,
    };
    // What this server function (or page) writes of amounts is in the tenant's locale.
    provide_context(authed.data.number_locale);
    allow(&state, authed, capability).await
}

/// The same guard for a plain route (document bytes, downloads), which has the state and session at hand.
pub async fn require_in(
    state: &AppState,
    session: Session,
    capability: Capability,
) -> Result<Authed, AppError> {
    let authed = check(state, session).await?;
    allow(state, authed, capability).await
}

/// The session check of one page render, made once: the shell, the page and the review count each ask,
/// and each would otherwise read the session and ask the store whether the admin user changed.
#[derive(Clone, Default)]
pub struct PageSession(Arc<OnceCell<Result<SessionData, AppError>>>);

/// A page being rendered (GET) shares its session check and its Eclipse reads; a server function (POST)
/// may write and read again, and must see what it wrote.
fn this_page_render() -> Option<(PageReads, PageSession)> {
    let page_render = use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.method == http::Method::GET);
    if page_render {
        use_context::<PageReads>().zip(use_context::<PageSession>())
    } else {
        None
    }
}

async fn allow(
    state: &AppState,
    authed: Authed,
    capability: Capability,
) -> Result<Authed, AppError> {
    if !allows(&authed.data.positions, capability) {
        state
            .store
            .audit(AuditEntry {
                tenant_id: Some(authed.data.tenant_id),
                customer_id: None,
                actor: &authed.data.identity,
                action: "refused",
                target: Some(format!("{capability:?}")),
                result: "forbidden",
                trace_id: None,
            })
            .await;
        return Err(AppError::Forbidden);
    }
    Ok(authed)
}

impl Authed {
    /// The id of this admin's session, for work that goes on after the request (a job another instance may
    /// take over with `eclipse_for_session`).
    pub fn session_id(&self) -> Option<String> {
        self.session.id().map(|id| id.to_string())
    }
}

/// An Eclipse client acting for the admin whose session `session_id` is, read from the shared session store,
/// and their identity; `None` when that session has ended or its token has run out. For background work
/// taken over from another instance: the token never leaves the store.
pub async fn eclipse_for_session(
    state: &AppState,
    session_id: &str,
) -> Option<(TenantClient, String)> {
    use tower_sessions::session_store::SessionStore;
    let id = session_id.parse().ok()?;
    let record = state.store.sessions.load(&id).await.ok()??;
    let data: SessionData = serde_json::from_value(record.data.get(SESSION_KEY)?.clone()).ok()?;
    if data.token_expires_at <= state.clock.now().timestamp() {
        return None;
    }
    let eclipse = (state.eclipse).tenant(BearerToken::new(data.token), data.tenant_id);
    Some((eclipse, data.identity))
}

/// Takes over the running jobs of `jobs` whose instance stopped beating (one instance wins each) and hands
/// each to `go` with an Eclipse client acting for the admin who ran it, or `None` when that session has ended.
pub async fn take_over_jobs<K, F, Fut>(
    state: &AppState,
    jobs: Jobs,
    go: F,
) -> Result<(), sqlx::Error>
where
    K: JobKey,
    F: Fn(i64, K, Option<(TenantClient, String)>) -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>>,
{
    let store = &state.store;
    for (tenant_id, key, session, seen) in jobs.stale::<K>(store).await? {
        if !jobs.take_over(store, tenant_id, &key, seen).await? {
            continue; // another instance was quicker
        }
        let acting = match &session {
            Some(id) => eclipse_for_session(state, id).await,
            None => None,
        };
        go(tenant_id, key, acting).await?;
    }
    Ok(())
}

/// Checks (and keeps alive) the session of this request.
pub async fn check(state: &AppState, session: Session) -> Result<Authed, AppError> {
    let data = checked_data(state, &session).await?;
    Ok(authed(state, session, data, None))
}

fn authed(
    state: &AppState,
    session: Session,
    data: SessionData,
    page_reads: Option<PageReads>,
) -> Authed {
    let eclipse = state
        .eclipse
        .tenant(BearerToken::new(data.token.clone()), data.tenant_id)
        .sharing_reads(page_reads);
    Authed { data, eclipse, session, state: state.clone() }
}

/// The session's data once the timeouts, the token's renewal and the admin user's changes are applied.
async fn checked_data(state: &AppState, session: &Session) -> Result<SessionData, AppError> {
    let Some(mut data) = session.get::<SessionData>(SESSION_KEY).await.map_err(internal)? else {
        return Err(AppError::Unauthenticated);
    };
    let now_ms = state.clock.now().timestamp_millis();
    let now = now_ms.div_euclid(1000);
    let config = &state.config;
    let idle_over = now - data.last_seen_at > config.session_idle.as_secs() as i64;
    let absolute_over = now - data.signed_in_at > config.session_absolute.as_secs() as i64;
    if idle_over || absolute_over || now >= data.token_expires_at {
        end_session(session).await;
        return Err(AppError::Unauthenticated);
    }
    let mut dirty = false;
    let changed = state
        .store
        .admin_user_changed_since(data.tenant_id, data.admin_user_id, data.refreshed_at_ms)
        .await
        .map_err(internal)?;
    if changed
        || data.token_expires_at - now < RENEW_BEFORE_SECS
        || now_ms - data.refreshed_at_ms > REFRESH_EVERY_MS
    {
        match state.eclipse.renew(&BearerToken::new(data.token.clone())).await {
            Ok(renewed) => {
                data.token = renewed.header_value;
                data.positions = parse_roles(&renewed.roles);
                data.token_expires_at = renewed.expires_epoch_secs;
                data.refreshed_at_ms = now_ms;
                data.number_locale = number_locale_of(state, &data).await;
                dirty = true;
            }
            Err(err) if err.is_unauthorized() => {
                end_session(session).await;
                return Err(AppError::Unauthenticated);
            }
            // Eclipse unreachable: carry on with the current token unless positions must be re-read.
            Err(err) if changed => return Err(err.into()),
            Err(err) => tracing::warn!(error = %err, "token renewal deferred"),
        }
    }
    let write_every = (config.session_idle.as_secs() as i64 / 6).clamp(1, SEEN_WRITE_EVERY_SECS);
    if now - data.last_seen_at >= write_every {
        data.last_seen_at = now;
        dirty = true;
    }
    if dirty {
        session.insert(SESSION_KEY, &data).await.map_err(internal)?;
    }
    Ok(data)
}

/// The tenant's `numberLocale`; its default when the setting is not one, or cannot be read now.
pub(super) async fn number_locale_of(state: &AppState, data: &SessionData) -> NumberLocale {
    let eclipse = state.eclipse.tenant(BearerToken::new(data.token.clone()), data.tenant_id);
    match eclipse.setting(NUMBER_LOCALE).await {
        Ok(tag) => NumberLocale::parse(&tag).unwrap_or_default(),
        Err(err) => {
            tracing::warn!(error = %err, "the tenant's number locale could not be read");
            data.number_locale
        }
    }
}

/// Where to go after signing in: only a path on this site, never back to the sign-in page.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.starts_with("/login")
                && !n.starts_with("/api/")
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

pub async fn logout() -> Result<(), AppError> {
    let state = app_state();
    let session = request_session().await?;
    if let Some(data) = session.get::<SessionData>(SESSION_KEY).await.map_err(internal)? {
        let ended = state.eclipse.logout(&BearerToken::new(data.token.clone())).await;
        if let Err(err) = &ended {
            tracing::warn!(error = %err, "Eclipse logout failed; the session ends anyway");
        }
        let result = match &ended {
            Ok(_) => "ok".to_owned(),
            Err(err) => {
                format!("ok; Eclipse: {}", err.code().map_or("unreachable", ErrorCode::as_str))
            }
        };
        let entry = AuditEntry {
            tenant_id: Some(data.tenant_id),
            customer_id: None,
            actor: &data.identity,
            action: "sign-out",
            target: None,
            result: &result,
            trace_id: None,
        };
        state.store.audit(entry).await;
    }
    end_session(&session).await;
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

pub async fn set_theme(theme: String) -> Result<(), AppError> {
    let mut authed = require(Capability::ReadBasics).await?;
    let theme = Theme::parse(&theme)
        .ok_or_else(|| AppError::BadRequest("A theme is system, light or dark.".into()))?;
    let (tenant_id, admin_user_id) = (authed.data.tenant_id, authed.data.admin_user_id);
    let stored = authed.state.store.set_theme(tenant_id, admin_user_id, theme.as_str()).await;
    stored.map_err(crate::store::fault)?;
    authed.data.theme = theme;
    authed.session.insert(SESSION_KEY, &authed.data).await.map_err(internal)
}

pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let state = app_state();
    match check(&state, request_session().await?).await {
        Ok(authed) => Ok(Some(authed.current_user())),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/admin-users?page=2")), "/admin-users?page=2");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/login?next=/x",
            "/api/logout",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
