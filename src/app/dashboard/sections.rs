//! The dashboard's sections as the page shows them: figures, each a link to its list, and charts drawn on the
//! server with their numbers as tables.
use super::{Dashboard, Float, Funnel, Held, ReviewFigures, Section, STALLED_DAYS};
use crate::{
    eclipse::{
        currencies::{money, symbol},
        models::{
            AgedTotal, BalanceTotal, CustomerCount, CustomerStatus, KycLevel, TransactionDay,
            AGE_BANDS,
        },
    },
    review::waited,
    ui::{
        chart::{Bar, BarList, ColumnChart, Fill, Series},
        error::ErrorPanel,
        format,
    },
};
use chrono::NaiveDate;
use leptos::prelude::*;
use strum::VariantArray;

#[component]
pub fn Sections(dashboard: Dashboard) -> impl IntoView {
    let Dashboard { from, until, customers, onboarding, review, volume, balances, held, float } =
        dashboard;
    view! {
        <div class="grid gap-6 lg:grid-cols-2">
            {shown(review, "Review queue", |r| view! { <ReviewCard figures=r /> })}
            {shown(customers, "Customers", |c| view! { <CustomersCard counts=c /> })}
            {shown(onboarding, "Onboarding, last 30 days", |f| view! { <OnboardingCard funnel=f /> })}
            {shown(balances, "Customer balances", |b| view! { <BalancesCard totals=b /> })}
            <div class="lg:col-span-2">
                {shown(volume, "Transactions", move |days| view! { <VolumeCard days from until /> })}
            </div>
            {shown(held, "Held money", |h| view! { <HeldCard held=h /> })}
            {shown(float, "The tenant's own wallets", |f| view! { <FloatCard float=f /> })}
        </div>
    }
}

/// A section when the position may see it: its card, or the card with its error.
fn shown<T, V>(
    section: Section<T>,
    title: &'static str,
    card: impl FnOnce(T) -> V,
) -> Option<AnyView>
where
    V: IntoView + 'static,
{
    Some(match section? {
        Ok(value) => card(value).into_any(),
        Err(error) => view! { <Card title><ErrorPanel error /></Card> }.into_any(),
    })
}

#[component]
fn Card(title: &'static str, children: Children) -> impl IntoView {
    let id = format!("dash-{}", title.to_lowercase().replace([' ', ',', '\''], "-"));
    let labelled_by = id.clone();
    view! {
        <section class="card p-5" aria-labelledby=labelled_by>
            <h2 id=id class="mb-4 text-base font-semibold text-slate-900">{title}</h2>
            {children()}
        </section>
    }
}

/// A number with its label, linking to the list it counts.
#[component]
fn Figure(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    href: Option<String>,
    testid: &'static str,
    #[prop(optional)] alert: bool,
) -> impl IntoView {
    let class = if alert {
        "text-2xl font-semibold text-red-700"
    } else {
        "text-2xl font-semibold text-slate-900"
    };
    let number = view! { <span class=class data-testid=testid>{value}</span> };
    view! {
        <div class="min-w-28">
            <dt class="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
            <dd class="mt-1">
                {match href {
                    Some(href) => view! { <a href=href class="hover:underline">{number}</a> }.into_any(),
                    None => number.into_any(),
                }}
            </dd>
        </div>
    }
}

#[component]
fn ReviewCard(figures: ReviewFigures) -> impl IntoView {
    let ReviewFigures { queue, sla_hours, oldest_minutes, manual_waiting } = figures;
    view! {
        <Card title="Review queue">
            <dl class="flex flex-wrap gap-6">
                <Figure label="Awaiting review" value=queue.pending.to_string() href=Some("/review".into()) testid="dash-review-pending" />
                <Figure label="Oldest waiting" value=oldest_minutes.map(waited).unwrap_or_else(|| "—".into())
                    href=Some("/review".into()) testid="dash-review-oldest" />
                <Figure label=sla_label(sla_hours) value=queue.over_sla.to_string() alert={queue.over_sla > 0}
                    href=Some(format!("/review?age={sla_hours}h")) testid="dash-review-over-sla" />
                <Figure label="Manual KYC to approve" value=manual_waiting.to_string()
                    href=Some("/review/manual-kyc".into()) testid="dash-manual-kyc" />
            </dl>
        </Card>
    }
}

fn sla_label(hours: u32) -> String {
    format!("Past the {hours} h SLA")
}

#[component]
fn CustomersCard(counts: Vec<CustomerCount>) -> impl IntoView {
    let count_where = |keep: &dyn Fn(&CustomerCount) -> bool| -> u64 {
        counts.iter().filter(|c| keep(c)).map(|c| c.customers).sum()
    };
    let live = count_where(&|c| c.status != CustomerStatus::Deleted);
    let barred = count_where(&|c| c.status == CustomerStatus::Barred);
    let levels = KycLevel::VARIANTS
        .iter()
        .map(|level| {
            let n = count_where(&|c| c.kyc_level == *level && c.status != CustomerStatus::Deleted);
            Bar {
                label: format!("KYC {}", level.as_str()),
                value: n as f64,
                text: n.to_string(),
                href: Some(format!("/customers?kyc={}", level.as_str())),
            }
        })
        .collect();
    view! {
        <Card title="Customers">
            <dl class="mb-5 flex flex-wrap gap-6">
                <Figure label="Customers" value=live.to_string() href=Some("/customers".into()) testid="dash-customers" />
                <Figure label="Barred" value=barred.to_string() alert={barred > 0}
                    href=Some("/customers?status=BARRED".into()) testid="dash-barred" />
            </dl>
            <BarList bars=levels label="Customers by KYC level" id="dash-kyc-levels" />
        </Card>
    }
}

#[component]
fn OnboardingCard(funnel: Funnel) -> impl IntoView {
    let bars = funnel
        .reached
        .iter()
        .map(|(step, n)| Bar {
            label: step.clone(),
            value: *n as f64,
            text: n.to_string(),
            href: None,
        })
        .collect();
    view! {
        <Card title="Onboarding, last 30 days">
            <dl class="mb-5 flex flex-wrap gap-6">
                <Figure label="Started" value=funnel.started.to_string() href=None testid="dash-onboarding-started" />
                <Figure label="Finished" value=funnel.finished.to_string() href=None testid="dash-onboarding-finished" />
                <Figure label="In progress" value=funnel.in_progress.to_string() href=Some("/onboarding".into()) testid="dash-onboarding-open" />
                <Figure label="Abandoned" value=funnel.abandoned.to_string() href=None testid="dash-onboarding-abandoned" />
            </dl>
            <BarList bars label="How far onboardings got" id="dash-funnel" />
            <p class="mt-3 text-xs text-slate-600">
                {format!("Abandoned: discarded, or no change for {STALLED_DAYS} days. Steps count every onboarding that reached them.")}
            </p>
        </Card>
    }
}

#[component]
fn BalancesCard(totals: Vec<BalanceTotal>) -> impl IntoView {
    view! {
        <Card title="Customer balances">
            <BalanceTable totals testid="dash-balances" none="No wallets yet." />
        </Card>
    }
}

#[component]
fn BalanceTable(
    totals: Vec<BalanceTotal>,
    testid: &'static str,
    none: &'static str,
) -> impl IntoView {
    if totals.is_empty() {
        return view! { <p class="text-sm text-slate-600">{none}</p> }.into_any();
    }
    let rows = totals
        .into_iter()
        .map(|t| {
            view! {
                <tr data-testid=testid>
                    <th scope="row" class="td text-left font-medium">{format!("{} ({} wallets)", t.currency, t.wallets)}</th>
                    <td class="td text-right tabular-nums">{money(t.current_balance, &t.currency)}</td>
                    <td class="td text-right tabular-nums">{money(t.reservations, &t.currency)}</td>
                    <td class="td text-right tabular-nums font-medium">{money(t.available_balance, &t.currency)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto" tabindex="0">
        <table class="w-full text-sm">
            <thead><tr>
                <th scope="col" class="th">"Currency"</th>
                <th scope="col" class="th text-right">"Current"</th>
                <th scope="col" class="th text-right">"Reserved"</th>
                <th scope="col" class="th text-right">"Available"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
    .into_any()
}

/// Every day of the range, with each currency's credits and debits (a day without any is zero).
#[component]
fn VolumeCard(days: Vec<TransactionDay>, from: NaiveDate, until: NaiveDate) -> impl IntoView {
    let mut currencies: Vec<String> = days.iter().map(|d| d.currency.clone()).collect();
    currencies.sort();
    currencies.dedup();
    let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= until).collect();
    let labels: Vec<String> = dates.iter().map(|d| d.format("%d %b").to_string()).collect();
    let range = format!("{} to {}", format::date(&from), format::date(&until));
    let charts = currencies
        .into_iter()
        .map(|currency| {
            let of = |pick: fn(&TransactionDay) -> f64| -> Vec<f64> {
                dates
                    .iter()
                    .map(|date| {
                        days.iter().filter(|d| d.day == *date && d.currency == currency).map(pick).sum()
                    })
                    .collect()
            };
            let credits = of(|d| d.credits);
            let debits = of(|d| d.debits);
            let count: u64 = days.iter().filter(|d| d.currency == currency).map(|d| d.count).sum();
            let total = |values: &[f64]| money(values.iter().sum(), &currency);
            let summary = format!(
                "{count} transactions · {} in · {} out",
                total(&credits),
                total(&debits)
            );
            let series = vec![
                Series { name: "Money in".into(), values: credits, fill: Fill::Solid },
                Series { name: "Money out".into(), values: debits, fill: Fill::Hatched },
            ];
            let axis_currency = currency.clone();
            view! {
                <div class="mb-6">
                    <p class="mb-2 text-sm text-slate-700" data-testid=format!("dash-volume-summary-{currency}")>{summary}</p>
                    <ColumnChart title=format!("{currency} moved per day, {range}") labels=labels.clone() series
                        format=move |v| short_amount(v, &axis_currency) id=format!("dash-volume-{currency}") />
                </div>
            }
        })
        .collect_view();
    let empty = days.is_empty().then(|| view! { <p class="text-sm text-slate-600">{format!("No transactions from {range}.")}</p> });
    view! { <Card title="Transactions">{charts}{empty}</Card> }
}

/// An axis amount: whole units, thousands as `k` and millions as `M`, after the currency's symbol.
fn short_amount(v: f64, currency: &str) -> String {
    let symbol = symbol(currency);
    let space = if symbol.ends_with(char::is_alphabetic) { "\u{a0}" } else { "" };
    match v.abs() {
        a if a >= 1_000_000.0 => format!("{symbol}{space}{:.1}M", v / 1_000_000.0),
        a if a >= 1_000.0 => format!("{symbol}{space}{:.0}k", v / 1_000.0),
        _ => format!("{symbol}{space}{v:.0}"),
    }
}

#[component]
fn HeldCard(held: Held) -> impl IntoView {
    view! {
        <Card title="Held money">
            <h3 class="mb-2 text-sm font-medium text-slate-800">"Pending withdrawals, by age"</h3>
            <AgeTable totals=held.withdrawals testid="dash-withdrawals" none="No withdrawal is pending." />
            <h3 class="mb-2 mt-5 text-sm font-medium text-slate-800">"Reservations, by age"</h3>
            <AgeTable totals=held.reservations testid="dash-reservations" none="No live reservation." />
        </Card>
    }
}

/// Rows of type and currency, a column per age band: the count and the amount.
#[component]
fn AgeTable(totals: Vec<AgedTotal>, testid: &'static str, none: &'static str) -> impl IntoView {
    if totals.is_empty() {
        return view! { <p class="text-sm text-slate-600">{none}</p> }.into_any();
    }
    let mut keys: Vec<(String, String)> =
        totals.iter().map(|t| (t.kind.clone(), t.currency.clone())).collect();
    keys.dedup();
    let head = AGE_BANDS
        .iter()
        .map(|b| view! { <th scope="col" class="th text-right">{band_label(b)}</th> })
        .collect_view();
    let rows = keys
        .into_iter()
        .map(|(kind, currency)| {
            let cells = AGE_BANDS
                .iter()
                .map(|band| {
                    let found = totals.iter().find(|t| t.kind == kind && t.currency == currency && t.age_band == *band);
                    let text = found.map_or_else(|| "—".to_owned(), |t| format!("{} · {}", t.count, money(t.amount, &t.currency)));
                    view! { <td class="td text-right tabular-nums">{text}</td> }
                })
                .collect_view();
            view! { <tr data-testid=testid><th scope="row" class="td text-left font-medium">{kind_label(&kind)}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto" tabindex="0">
            <table class="w-full text-sm">
                <thead><tr><th scope="col" class="th">"Type"</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn band_label(band: &str) -> &'static str {
    match band {
        "0-1d" => "Under 1 day",
        "1-3d" => "1–3 days",
        "3-7d" => "3–7 days",
        _ => "Over 7 days",
    }
}

fn kind_label(kind: &str) -> String {
    match kind {
        "ZA_NEDBANK_EFT" => "EFT".into(),
        "ZA_NEDBANK_EFT_IMMEDIATE" => "Immediate EFT".into(),
        "ZA_PAYCORP_ATM" => "ATM".into(),
        "RESERVATION" => "Card holds".into(),
        other => other.to_owned(),
    }
}

#[component]
fn FloatCard(float: Float) -> impl IntoView {
    let named = !float.wallet_ids.is_empty();
    let links = float
        .wallet_ids
        .iter()
        .map(|id| view! { <a href=format!("/wallets/{id}") class="link">{format!("Wallet {id}")}</a> })
        .collect_view();
    view! {
        <Card title="The tenant's own wallets">
            {if named {
                view! {
                    <BalanceTable totals=float.totals testid="dash-float" none="None of these wallets exists." />
                    <p class="mt-3 flex flex-wrap gap-3 text-xs">{links}</p>
                }.into_any()
            } else {
                view! {
                    <p class="text-sm text-slate-600" data-testid="dash-float-unset">
                        "Name the tenant's float, fee and settlement wallets in the setting "
                        <code>"tenantWalletIds"</code>" on the "<a href="/tenant" class="link">"tenant page"</a>
                        " to see their balance here."
                    </p>
                }.into_any()
            }}
        </Card>
    }
}
