//! What every request of the server can reach: the Leptos options, the Eclipse client, the portal's store,
//! the configuration, and a short-lived cache of customers' names. Below auth and every domain, so that
//! they can take it without knowing the server that assembles it.
use crate::clock::Clock;
use crate::{config::PortalConfig, eclipse::client::EclipseClient, store::Store};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

/// Customers' names by (tenant, customer), kept for a minute: Eclipse has no batch read, and the review
/// queue shows twenty names a page. A change made through this portal forgets the name at once (on this
/// instance); a customer's own page always reads afresh.
pub type CustomerNames = moka::sync::Cache<(i64, i64), String>;

const NAMES_KEPT_FOR: Duration = Duration::from_secs(60);
const NAMES_KEPT_AT_MOST: u64 = 20_000;

pub fn customer_names() -> CustomerNames {
    moka::sync::Cache::builder()
        .max_capacity(NAMES_KEPT_AT_MOST)
        .time_to_live(NAMES_KEPT_FOR)
        .build()
}

/// How long `/readyz` trusts what Eclipse last answered.
const ECLIPSE_PROBE_EVERY: Duration = Duration::from_secs(5);

/// Large bodies (uploads) read at once, each up to `server::limits::UPLOAD_LIMIT` in memory.
pub const UPLOADS_AT_ONCE: usize = 8;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub eclipse: EclipseClient,
    pub store: Store,
    pub config: Arc<PortalConfig>,
    pub customer_names: CustomerNames,
    /// What sessions' idle and absolute ends are counted by (shared with the embedded sandbox).
    pub clock: Clock,
    /// Uploads being read at once (`server::limits`).
    pub upload_slots: Arc<tokio::sync::Semaphore>,
    /// Whether this instance should be sent requests (`/readyz`).
    pub readiness: Readiness,
}

/// What `/readyz` remembers between checks.
#[derive(Clone, Default)]
pub struct Readiness {
    /// Set at SIGTERM: the balancer stops sending new requests while those in flight finish.
    draining: Arc<AtomicBool>,
    eclipse_seen: Arc<Mutex<Option<(Instant, bool)>>>,
    /// A probe of Eclipse is under way (one at a time).
    probing: Arc<AtomicBool>,
}

impl Readiness {
    pub fn drain(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    pub fn draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// What Eclipse last answered, and whether that is older than `ECLIPSE_PROBE_EVERY`.
    pub fn eclipse(&self) -> Option<(bool, bool)> {
        let seen = *self.eclipse_seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.map(|(at, up)| (up, at.elapsed() >= ECLIPSE_PROBE_EVERY))
    }

    /// Claims the next probe; false while another is under way.
    pub fn start_probe(&self) -> bool {
        !self.probing.swap(true, Ordering::SeqCst)
    }

    pub fn remember_eclipse(&self, up: bool) {
        *self.eclipse_seen.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), up));
        self.probing.store(false, Ordering::SeqCst);
    }
}

impl AppState {
    pub fn new(
        config: PortalConfig,
        eclipse: EclipseClient,
        store: Store,
        clock: Clock,
    ) -> AppState {
        AppState {
            leptos_options: config.leptos.clone(),
            eclipse,
            store,
            config: Arc::new(config),
            customer_names: customer_names(),
            clock,
            upload_slots: Arc::new(tokio::sync::Semaphore::new(UPLOADS_AT_ONCE)),
            readiness: Readiness::default(),
        }
    }
}

impl AppState {
    /// Runs `look` every `period` until this instance drains: the fleet's background looks (interrupted jobs
    /// to take over). A failed look is logged as `what` and tried again at the next tick.
    pub async fn every<F, Fut>(self, period: std::time::Duration, what: &'static str, look: F)
    where
        F: Fn(AppState) -> Fut,
        Fut: std::future::Future<Output = Result<(), sqlx::Error>>,
    {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            if self.readiness.draining() {
                return;
            }
            if let Err(err) = look(self.clone()).await {
                tracing::warn!(%err, "{what} failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_kept_per_tenant_and_forgotten_on_change() {
        let names = super::customer_names();
        names.insert((1, 5), "Thandi Dlamini".into());
        assert_eq!(names.get(&(1, 5)).as_deref(), Some("Thandi Dlamini"));
        assert_eq!(names.get(&(2, 5)), None, "another tenant's customer 5 is another customer");
        names.invalidate(&(1, 5));
        assert_eq!(names.get(&(1, 5)), None);
    }
}
