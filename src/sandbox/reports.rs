//! (ours) `GET T/reports/{reportName}`, the vendor's "Run a tenant report and return the result": summaries a
//! dashboard reads at once instead of paging through every customer, wallet and transaction. Each is one
//! grouped query over an index, or over `transaction_days`, which the ledger keeps as it writes.
use super::prelude::*;
use super::report_rows::{self, card_transactions, kyc_status, wallet_balances, Rows};
use super::wallets::to_money;
use crate::eclipse::models::{
    AgedTotal, BalanceTotal, CustomerCount, CustomerStatus, KycLevel, KycQueueSummary, ReportName,
    TransactionDay, AGE_BANDS,
};
use chrono::{Duration, NaiveDate};
use sqlx::SqliteConnection;

/// The longest range a transaction summary covers.
const MAX_DAYS: i64 = 366;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportQuery {
    date_from_incl: Option<NaiveDate>,
    date_to_excl: Option<NaiveDate>,
    status: Option<String>,
    sla_hours: Option<u32>,
    /// Comma-separated wallet ids.
    wallet_id: Option<String>,
    /// The range and the page of a report of rows (`report_rows`).
    pub(super) from_incl: Option<String>,
    pub(super) to_excl: Option<String>,
    pub(super) offset: Option<u32>,
    pub(super) limit: Option<u32>,
}

/// Adds a transaction to its day's totals, in the caller's transaction.
pub async fn count_transaction(
    conn: &mut SqliteConnection,
    tenant_id: i64,
    currency: &str,
    date: DateTime<Utc>,
    amount: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO transaction_days (tenant_id, day, currency, count, credits, debits) VALUES (?, ?, ?, 1, ?, ?) \
         ON CONFLICT (tenant_id, day, currency) DO UPDATE SET count = count + 1, \
         credits = credits + excluded.credits, debits = debits + excluded.debits",
    )
    .bind(tenant_id)
    .bind(date.date_naive().to_string())
    .bind(currency)
    .bind(amount.max(0))
    .bind((-amount).max(0))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn run(
    scope: Scoped<(i64, String)>,
    Query(q): Query<ReportQuery>,
) -> ApiResult<Response> {
    let name = ReportName::parse(&scope.path.1).ok_or_else(|| ApiError::not_found("report"))?;
    let capability = match name {
        ReportName::KycQueueSummary => Capability::ReviewKyc,
        _ => Capability::ReadBasics,
    };
    let (state, (tenant_id, _)) = scope.require(capability)?;
    let now = state.clock.now();
    let db = &state.db;
    Ok(match name {
        ReportName::CustomerSummary => Json(customers(db, tenant_id).await?).into_response(),
        ReportName::TransactionSummary => {
            Json(transactions(db, tenant_id, &q, now).await?).into_response()
        }
        ReportName::WalletBalanceSummary => {
            Json(balances(db, tenant_id, &q, now).await?).into_response()
        }
        ReportName::WithdrawalSummary => {
            Json(withdrawals(db, tenant_id, &q, now).await?).into_response()
        }
        ReportName::ReservationSummary => {
            Json(reservations(db, tenant_id, now).await?).into_response()
        }
        ReportName::KycQueueSummary => {
            Json(kyc_queue(db, tenant_id, &q, now).await?).into_response()
        }
        ReportName::WalletBalance => wallet_balances(db, Rows::of(tenant_id, &q, now)?).await?,
        ReportName::Withdrawal => {
            report_rows::withdrawals(db, Rows::of(tenant_id, &q, now)?).await?
        }
        ReportName::CardTransaction => card_transactions(db, Rows::of(tenant_id, &q, now)?).await?,
        ReportName::KycStatus => kyc_status(db, Rows::of(tenant_id, &q, now)?).await?,
    })
}

async fn customers(db: &sqlx::SqlitePool, tenant_id: i64) -> ApiResult<Vec<CustomerCount>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT kyc_level, status, COUNT(*) FROM customers WHERE tenant_id = ? \
         GROUP BY kyc_level, status ORDER BY kyc_level, status",
    )
    .bind(tenant_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(level, status, n)| {
            Some(CustomerCount {
                kyc_level: KycLevel::parse(&level)?,
                status: CustomerStatus::parse(&status)?,
                customers: n as u64,
            })
        })
        .collect())
}

async fn transactions(
    db: &sqlx::SqlitePool,
    tenant_id: i64,
    q: &ReportQuery,
    now: DateTime<Utc>,
) -> ApiResult<Vec<TransactionDay>> {
    let to = q.date_to_excl.unwrap_or(now.date_naive() + Duration::days(1));
    let from = q.date_from_incl.unwrap_or(to - Duration::days(30));
    if from >= to {
        return Err(ApiError::validation("dateFromIncl", "must be before dateToExcl"));
    }
    if (to - from).num_days() > MAX_DAYS {
        return Err(ApiError::validation(
            "dateToExcl",
            &format!("must be at most {MAX_DAYS} days after dateFromIncl"),
        ));
    }
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT day, currency, count, credits, debits FROM transaction_days \
         WHERE tenant_id = ? AND day >= ? AND day < ? ORDER BY day, currency",
    )
    .bind(tenant_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(day, currency, count, credits, debits)| {
            Some(TransactionDay {
                day: day.parse().ok()?,
                currency,
                count: count as u64,
                credits: to_money(credits),
                debits: to_money(debits),
            })
        })
        .collect())
}

/// The wallet ids of `walletId=1,2,3` as a JSON array for `json_each`, or `None` for every wallet.
fn wallet_filter(q: &ReportQuery) -> ApiResult<Option<String>> {
    let Some(list) = q.wallet_id.as_deref().filter(|l| !l.trim().is_empty()) else {
        return Ok(None);
    };
    let ids =
        list.split(',').map(|id| id.trim().parse::<i64>()).collect::<Result<Vec<_>, _>>().map_err(
            |_| ApiError::validation("walletId", "must be wallet ids separated by commas"),
        )?;
    if ids.len() > 100 {
        return Err(ApiError::validation("walletId", "may name at most 100 wallets"));
    }
    Ok(Some(serde_json::to_string(&ids).unwrap_or_default()))
}

async fn balances(
    db: &sqlx::SqlitePool,
    tenant_id: i64,
    q: &ReportQuery,
    now: DateTime<Utc>,
) -> ApiResult<Vec<BalanceTotal>> {
    let only = wallet_filter(q)?;
    let in_scope =
        "w.tenant_id = ? AND (? IS NULL OR w.wallet_id IN (SELECT value FROM json_each(?)))";
    let totals: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT w.currency, COUNT(*), SUM(w.current_balance) FROM wallets w WHERE {in_scope} \
         GROUP BY w.currency ORDER BY w.currency"
    ))
    .bind(tenant_id)
    .bind(&only)
    .bind(&only)
    .fetch_all(db)
    .await?;
    let held: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT w.currency, SUM(r.amount) FROM reservations r JOIN wallets w ON w.wallet_id = r.wallet_id \
         WHERE {in_scope} AND r.expires > ? GROUP BY w.currency"
    ))
    .bind(tenant_id)
    .bind(&only)
    .bind(&only)
    .bind(timestamps::format(now))
    .fetch_all(db)
    .await?;
    Ok(totals
        .into_iter()
        .map(|(currency, wallets, current)| {
            let reserved = held.iter().find(|(c, _)| *c == currency).map_or(0, |(_, r)| *r);
            BalanceTotal {
                currency,
                wallets: wallets as u64,
                current_balance: to_money(current),
                reservations: to_money(reserved),
                available_balance: to_money(current - reserved),
            }
        })
        .collect())
}

/// `CASE … END` naming the age band of `column` (an instant) as of `now`.
fn age_band(column: &str, now: DateTime<Utc>) -> String {
    let [one, three, seven] = [1, 3, 7].map(|days| timestamps::format(now - Duration::days(days)));
    format!(
        "CASE WHEN {column} >= '{one}' THEN '{}' WHEN {column} >= '{three}' THEN '{}' \
         WHEN {column} >= '{seven}' THEN '{}' ELSE '{}' END",
        AGE_BANDS[0], AGE_BANDS[1], AGE_BANDS[2], AGE_BANDS[3]
    )
}

fn aged(rows: Vec<(String, String, String, i64, i64)>) -> Vec<AgedTotal> {
    rows.into_iter()
        .map(|(kind, currency, age_band, count, amount)| AgedTotal {
            kind,
            currency,
            age_band,
            count: count as u64,
            amount: to_money(amount),
        })
        .collect()
}

async fn withdrawals(
    db: &sqlx::SqlitePool,
    tenant_id: i64,
    q: &ReportQuery,
    now: DateTime<Utc>,
) -> ApiResult<Vec<AgedTotal>> {
    let status = q.status.clone().unwrap_or_else(|| "PENDING".into());
    let rows = sqlx::query_as(&format!(
        "SELECT d.type, w.currency, {} AS band, COUNT(*), SUM(d.amount) \
         FROM withdrawals d JOIN wallets w ON w.wallet_id = d.wallet_id \
         WHERE w.tenant_id = ? AND d.status = ? GROUP BY d.type, w.currency, band ORDER BY d.type, w.currency, band",
        age_band("d.created", now)
    ))
    .bind(tenant_id)
    .bind(status)
    .fetch_all(db)
    .await?;
    Ok(aged(rows))
}

async fn reservations(
    db: &sqlx::SqlitePool,
    tenant_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Vec<AgedTotal>> {
    let rows = sqlx::query_as(&format!(
        "SELECT 'RESERVATION', w.currency, {} AS band, COUNT(*), SUM(r.amount) \
         FROM reservations r JOIN wallets w ON w.wallet_id = r.wallet_id \
         WHERE w.tenant_id = ? AND r.expires > ? GROUP BY w.currency, band ORDER BY w.currency, band",
        age_band("r.created", now)
    ))
    .bind(tenant_id)
    .bind(timestamps::format(now))
    .fetch_all(db)
    .await?;
    Ok(aged(rows))
}

async fn kyc_queue(
    db: &sqlx::SqlitePool,
    tenant_id: i64,
    q: &ReportQuery,
    now: DateTime<Utc>,
) -> ApiResult<KycQueueSummary> {
    let hours = q.sla_hours.unwrap_or(24);
    if !(1..=crate::eclipse::models::MAX_HOURS).contains(&hours) {
        return Err(ApiError::validation("slaHours", "must be 1 to 720"));
    }
    let due = timestamps::format(now - Duration::hours(i64::from(hours)));
    let (pending, oldest, over): (i64, Option<String>, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(created), SUM(created < ?) FROM ratify_results \
         WHERE tenant_id = ? AND verified_status = 'PENDING'",
    )
    .bind(due)
    .bind(tenant_id)
    .fetch_one(db)
    .await?;
    Ok(KycQueueSummary {
        pending: pending as u64,
        oldest_created: oldest.as_deref().and_then(timestamps::parse),
        over_sla: over.unwrap_or(0) as u64,
    })
}
