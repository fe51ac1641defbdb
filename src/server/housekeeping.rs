//! Periodic clean-up, done by one instance of the fleet at a time (whichever holds the lease): unfinished
//! onboardings 30 days after their last change, audit lines past their retention, sign-in failures after a
//! day, old CSP reports, and expired session records.
use super::csp_reports;
use crate::store::{Lease, Store};
use std::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;

const EVERY: Duration = Duration::from_secs(600);
/// Longer than a round of purges takes; shorter than `EVERY`, so a dead holder's lease is gone by the next.
const PURGES: Lease = Lease { name: "purges", ttl: Duration::from_secs(300) };

/// Runs the purges every ten minutes on whichever instance takes the lease first.
pub async fn run(store: Store, audit_retention_days: u32) {
    let mut every = tokio::time::interval(EVERY);
    loop {
        every.tick().await;
        match store.take_lease(PURGES).await {
            Ok(true) => purge(&store, audit_retention_days).await,
            Ok(false) => {}
            Err(err) => tracing::warn!(%err, "the purge lease could not be read"),
        }
    }
}

async fn purge(store: &Store, audit_retention_days: u32) {
    let counted = [
        ("onboarding drafts", crate::onboarding::ssr::purge(store).await),
        ("audit lines", store.purge_audit(audit_retention_days).await),
        ("sign-in failures", crate::auth::throttle::purge(store).await),
        ("CSP reports", csp_reports::purge(store).await),
        ("report jobs", crate::reports::jobs::purge(store).await),
    ];
    for (what, result) in counted {
        match result {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, what, "purged"),
            Err(err) => tracing::warn!(%err, what, "purge failed"),
        }
    }
    if let Err(err) = store.sessions.delete_expired().await {
        tracing::warn!(%err, "deleting expired sessions failed");
    }
}

/// Gives the lease back at shutdown, so another instance need not wait for it to run out.
pub async fn release(store: &Store) {
    if let Err(err) = store.release_lease(PURGES).await {
        tracing::warn!(%err, "the purge lease was not released");
    }
}
