//! The home page after sign-in: what the admin's position needs to see first, from live data. Each section
//! is read on its own (a failing one shows its error, the others still show) and only for the positions
//! that may see what it counts. Figures link to the list behind them.
mod sections;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::api::server_fns;
use crate::{
    eclipse::models::{AgedTotal, BalanceTotal, CustomerCount, KycQueueSummary, TransactionDay},
    error::AppError,
    ui::{layout::PageHeader, load::Loaded},
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The ranges the money charts offer, in days.
pub const RANGES: [u32; 2] = [30, 90];
/// Onboardings with no change for this long count as abandoned.
pub const STALLED_DAYS: i64 = 7;

/// A section's figures: `None` when the position may not see them, else what loading them gave.
pub type Section<T> = Option<Result<T, AppError>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The days the money charts cover, both included.
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub customers: Section<Vec<CustomerCount>>,
    pub onboarding: Section<Funnel>,
    pub review: Section<ReviewFigures>,
    pub volume: Section<Vec<TransactionDay>>,
    pub balances: Section<Vec<BalanceTotal>>,
    pub held: Section<Held>,
    pub float: Section<Float>,
}

/// Onboardings started in the last 30 days, and how far they got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub started: u64,
    /// How many reached each step of the wizard, in order (the last is `Done`).
    pub reached: Vec<(String, u64)>,
    pub finished: u64,
    /// Open, with no change for `STALLED_DAYS`, plus those discarded in the period.
    pub abandoned: u64,
    pub in_progress: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFigures {
    pub queue: KycQueueSummary,
    pub sla_hours: u32,
    /// How long the oldest result has waited, in minutes.
    pub oldest_minutes: Option<i64>,
    /// Manual KYC requests waiting for their second reviewer.
    pub manual_waiting: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Held {
    pub withdrawals: Vec<AgedTotal>,
    pub reservations: Vec<AgedTotal>,
}

/// The tenant's own wallets (float, fees, settlement), as the `tenantWalletIds` setting names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Float {
    pub wallet_ids: Vec<i64>,
    pub totals: Vec<BalanceTotal>,
}

server_fns! {
    "dashboard" => dashboard_figures(days: u32, until: Option<NaiveDate>) -> Dashboard = ssr::dashboard;
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let days = move || {
        query
            .read()
            .get("days")
            .and_then(|d| d.parse().ok())
            .filter(|d| RANGES.contains(d))
            .unwrap_or(RANGES[0])
    };
    let until = move || query.read().get("until").and_then(|d| d.parse::<NaiveDate>().ok());
    let figures =
        Resource::new(move || (days(), until()), |(days, until)| dashboard_figures(days, until));
    view! {
        <PageHeader title="Dashboard" subtitle="Your tenant today: customers, the review queue, onboarding and money.">
            {move || view! { <RangeSwitch days=days() until=until() /> }}
        </PageHeader>
        <Loaded resource=figures children=move |d| view! { <sections::Sections dashboard=d /> } />
    }
}

/// 30 or 90 days, as links (the range is in the address), ending on the chosen day.
#[component]
fn RangeSwitch(days: u32, until: Option<NaiveDate>) -> impl IntoView {
    let links = RANGES
        .iter()
        .map(|&d| {
            let href = match until {
                Some(u) => format!("/?days={d}&until={u}"),
                None => format!("/?days={d}"),
            };
            let here = d == days;
            view! {
                <a href=href class=if here { "tab tab-active" } else { "tab" } aria-current=here.then_some("page")>
                    {format!("{d} days")}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="flex gap-2" aria-label="Range of the money charts" data-testid="dashboard-range">{links}</nav> }
}
