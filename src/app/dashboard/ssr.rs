//! The dashboard's figures: Eclipse's tenant reports and the portal's own store, read at once, each section
//! only for a position that may see it.
use super::{Dashboard, Float, Funnel, Held, ReviewFigures, Section, RANGES, STALLED_DAYS};
use crate::{
    auth::ssr::{require, Authed},
    eclipse::{
        models::{wallet_ids, TENANT_WALLET_IDS},
        positions::{allows, Capability},
    },
    error::AppError,
    onboarding::Step,
    store::fault,
};
use chrono::{Duration, NaiveDate};
use futures_util::future::OptionFuture;
use std::future::Future;

pub async fn dashboard(days: u32, until: Option<NaiveDate>) -> Result<Dashboard, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let days = if RANGES.contains(&days) { days } else { RANGES[0] };
    let now = authed.state.clock.now();
    let until = until.filter(|u| *u <= now.date_naive()).unwrap_or(now.date_naive());
    let from = until - Duration::days(i64::from(days) - 1);
    let may = |capability| allows(&authed.data.positions, capability);
    let eclipse = &authed.eclipse;
    let (customers, onboarding, review, volume, balances, held, float) = tokio::join!(
        section(&authed, may(Capability::ReadBasics), eclipse.customer_summary()),
        section(&authed, may(Capability::EditCustomers), funnel(&authed, now)),
        section(&authed, may(Capability::ReviewKyc), review(&authed, now)),
        section(
            &authed,
            may(Capability::ReadBasics),
            eclipse.transaction_summary(from, until + Duration::days(1))
        ),
        section(&authed, may(Capability::ReadBasics), eclipse.balance_summary(&[])),
        section(&authed, may(Capability::ReadBasics), held(&authed)),
        section(&authed, may(Capability::ReadBasics), float(&authed)),
    );
    Ok(Dashboard { from, until, customers, onboarding, review, volume, balances, held, float })
}

/// A section's figures when the position may see them; an Eclipse fault is logged once and shown there.
async fn section<T, E>(
    authed: &Authed,
    may: bool,
    load: impl Future<Output = Result<T, E>>,
) -> Section<T>
where
    E: Into<Failure>,
{
    // On the heap: seven reads at once, each holding an HTTP request, make a future too large for a
    // worker's stack in a debug build.
    let loaded: Option<Result<T, E>> = OptionFuture::from(may.then(|| Box::pin(load))).await;
    match loaded? {
        Ok(value) => Some(Ok(value)),
        Err(err) => Some(Err(match err.into() {
            Failure::Eclipse(err) => authed.fail(err).await,
            Failure::App(err) => err,
        })),
    }
}

/// What a section's read can fail with: Eclipse (answered through the session, which logs it) or the portal.
pub enum Failure {
    Eclipse(crate::eclipse::errors::EclipseError),
    App(AppError),
}

impl From<crate::eclipse::errors::EclipseError> for Failure {
    fn from(err: crate::eclipse::errors::EclipseError) -> Self {
        Failure::Eclipse(err)
    }
}

impl From<AppError> for Failure {
    fn from(err: AppError) -> Self {
        Failure::App(err)
    }
}

async fn funnel(authed: &Authed, now: chrono::DateTime<chrono::Utc>) -> Result<Funnel, AppError> {
    let (drafts, discarded) = crate::onboarding::ssr::started_since(
        &authed.state.store,
        authed.data.tenant_id,
        now - Duration::days(30),
    )
    .await
    .map_err(fault)?;
    let stalled_before = now - Duration::days(STALLED_DAYS);
    let finished = drafts.iter().filter(|(_, _, done)| *done).count() as u64;
    let stalled =
        drafts.iter().filter(|(_, at, done)| !done && *at < stalled_before).count() as u64;
    let reached = Step::WIZARD
        .iter()
        .chain([Step::Done].iter())
        .map(|step| {
            let n = drafts.iter().filter(|(at_step, _, _)| at_step >= step).count() as u64;
            (step.label().to_owned(), n)
        })
        .collect();
    Ok(Funnel {
        started: drafts.len() as u64 + discarded,
        reached,
        finished,
        abandoned: stalled + discarded,
        in_progress: drafts.len() as u64 - finished - stalled,
    })
}

async fn review(
    authed: &Authed,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ReviewFigures, Failure> {
    let sla_hours = crate::review::sla_hours(authed).await?;
    let (queue, manual_waiting) = tokio::join!(
        authed.eclipse.kyc_queue_summary(sla_hours),
        crate::review::manual::waiting(&authed.state.store, authed.data.tenant_id),
    );
    let queue = queue?;
    let oldest_minutes = queue.oldest_created.map(|at| (now - at).num_minutes());
    Ok(ReviewFigures {
        queue,
        sla_hours,
        oldest_minutes,
        manual_waiting: manual_waiting.map_err(fault)?,
    })
}

async fn held(authed: &Authed) -> Result<Held, Failure> {
    let (withdrawals, reservations) =
        tokio::join!(authed.eclipse.pending_withdrawals(), authed.eclipse.live_reservations());
    Ok(Held { withdrawals: withdrawals?, reservations: reservations? })
}

async fn float(authed: &Authed) -> Result<Float, Failure> {
    // A value set straight at Eclipse that does not read is shown as unset rather than failing the page.
    let wallet_ids =
        wallet_ids(&authed.eclipse.setting(TENANT_WALLET_IDS).await?).unwrap_or_default();
    let totals = if wallet_ids.is_empty() {
        vec![]
    } else {
        authed.eclipse.balance_summary(&wallet_ids).await?
    };
    Ok(Float { wallet_ids, totals })
}

#[cfg(test)]
mod tests {
    #[test]
    fn settings_read_as_people_write_them() {
        use crate::eclipse::models::wallet_ids;
        assert_eq!(wallet_ids("101, 102,103"), Ok(vec![101, 102, 103]));
        assert_eq!(wallet_ids(""), Ok(vec![]));
        assert!(wallet_ids("101, x").is_err() && wallet_ids("-1").is_err());
        use crate::eclipse::models::hours;
        assert_eq!(hours(" 48"), Some(48));
        assert_eq!(hours("0"), None);
        assert_eq!(hours("721"), None);
        assert_eq!(hours("soon"), None);
    }
}
