//! The audit trail of review decisions: the page (filtered, paged, exported as CSV) and the customer's
//! own decisions on their KYC tab.
use crate::api::server_fns;
use crate::ui::table::list_filters;
use crate::{
    activity::AuditTabs,
    auth::use_current_user,
    customers::kyc::reason_label,
    eclipse::positions::Capability,
    error::AppError,
    ui::{
        error::ErrorPanel,
        layout::PageHeader,
        load::{list_page_if, Loaded},
        table::{use_list_state_with, FilterField, FilterForm, ListState, PagedCard},
    },
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One decision of the portal's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct DecisionRecord {
    pub ratify_result_id: i64,
    pub customer_id: i64,
    pub reviewer: String,
    pub decision: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::store::StoredTime"))]
    pub decided_at: DateTime<Utc>,
    /// "ok", or the code Eclipse refused it with.
    pub result: String,
    pub trace_id: Option<String>,
}

/// The audit page's filters, as the URL carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilters {
    pub reviewer: String,
    pub decision: String,
    /// Dates as typed (`YYYY-MM-DD`), inclusive, compared in UTC as Eclipse's times are.
    pub from: String,
    pub to: String,
    pub customer_id: String,
    pub offset: u32,
}

impl AuditFilters {
    /// `?…` for the CSV download of the same rows.
    pub fn query_string(&self) -> String {
        let pairs = [
            ("reviewer", &self.reviewer),
            ("decision", &self.decision),
            ("from", &self.from),
            ("to", &self.to),
            ("customer", &self.customer_id),
        ];
        crate::ui::table::query_string(&pairs.map(|(k, v)| (k, v.as_str())))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPageData {
    pub rows: Vec<DecisionRecord>,
    pub total: u64,
}

server_fns! {
    /// The decisions taken on a customer's results through the portal, newest first.
    "review/decisions" =>
        customer_decisions(customer_id: i64) -> Vec<DecisionRecord> = ssr::of_customer;
    "review/audit" => audit_decisions(filters: AuditFilters) -> AuditPageData = ssr::page;
}

list_filters!(FILTER_KEYS, filters_of -> AuditFilters {
    reviewer: "reviewer", decision: "decision", from: "from", to: "to", customer_id: "customer"
});

#[component]
pub fn AuditPage() -> impl IntoView {
    let may = use_current_user().can(Capability::ManageTenant);
    let state = use_list_state_with("decided", &["decided"], FILTER_KEYS);
    let page = list_page_if(may, state, |s| audit_decisions(filters_of(&s)));
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    let csv_href =
        move || format!("/audit/decisions.csv{}", filters_of(&state.get()).query_string());
    view! {
        <PageHeader title="Audit: KYC decisions" subtitle="Every decision reviewers sent to Eclipse through the portal, newest first, refusals included.">
            <a class="btn-secondary" href=csv_href download data-testid="audit-csv">"Download CSV"</a>
        </PageHeader>
        <AuditTabs current="/audit" />
        <AuditFilterForm state />
        <Loaded resource=page children=move |data| view! { <AuditTable data state /> } />
    }
    .into_any()
}

#[component]
fn AuditFilterForm(state: Memo<ListState>) -> impl IntoView {
    let decision = state.with_untracked(|s| s.filter("decision").to_owned());
    let option = move |value: &'static str, label: &'static str| view! { <option value=value selected=decision == value>{label}</option> };
    view! {
        <FilterForm label="Filter the decisions" clear="/audit">
            <FilterField state form="audit" name="reviewer" label="Reviewer" class="input w-44" />
            <div>
                <label for="audit-decision" class="label">"Decision"</label>
                <select id="audit-decision" name="decision" class="input">
                    {option("", "Any")}{option("VERIFIED", "Verified")}{option("REJECTED", "Rejected")}
                </select>
            </div>
            <FilterField state form="audit" name="from" label="From" kind="date" />
            <FilterField state form="audit" name="to" label="To" kind="date" />
            <FilterField state form="audit" name="customer" label="Customer id" class="input w-28" />
        </FilterForm>
    }
}

#[component]
fn AuditTable(data: AuditPageData, state: Memo<ListState>) -> impl IntoView {
    let shown = data.rows.len();
    view! {
        <PagedCard state default_sort="decided" shown total=Some(data.total) none="No decision matches these filters.">
            <DecisionTable rows=data.rows with_customer=true />
        </PagedCard>
    }
}

/// The decisions as a table: when, who, which result (and customer), what, why, and what Eclipse said.
#[component]
fn DecisionTable(rows: Vec<DecisionRecord>, with_customer: bool) -> impl IntoView {
    let lines = rows
        .into_iter()
        .map(|r| {
            let decision_class = if r.decision == "VERIFIED" { "font-medium text-emerald-700" } else { "font-medium text-red-700" };
            let outcome = if r.result == "ok" { "Sent".to_owned() } else { format!("Refused by Eclipse ({})", r.result) };
            view! {
                <tr data-testid="decision-row">
                    <td class="td whitespace-nowrap">{crate::ui::format::date_time(&r.decided_at)}</td>
                    <td class="td">{r.reviewer}</td>
                    <td class="td">{format!("#{}", r.ratify_result_id)}</td>
                    {with_customer.then(|| view! { <td class="td"><a class="link" href=format!("/customers/{}?tab=kyc", r.customer_id)>{r.customer_id}</a></td> })}
                    <td class="td"><span class=decision_class>{if r.decision == "VERIFIED" { "Verified" } else { "Rejected" }}</span></td>
                    <td class="td">{r.reason.as_deref().map(reason_label).unwrap_or_default()}</td>
                    <td class="td max-w-xs break-words">{r.comment.unwrap_or_default()}</td>
                    <td class="td">{outcome}</td>
                    <td class="td font-mono text-xs">{r.trace_id.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="w-full text-sm" data-testid="decisions">
            <thead class="bg-slate-50">
                <tr>
                    <th scope="col" class="th">"Time (UTC)"</th>
                    <th scope="col" class="th">"Reviewer"</th>
                    <th scope="col" class="th">"Result"</th>
                    {with_customer.then(|| view! { <th scope="col" class="th">"Customer"</th> })}
                    <th scope="col" class="th">"Decision"</th>
                    <th scope="col" class="th">"Reason"</th>
                    <th scope="col" class="th">"Comment"</th>
                    <th scope="col" class="th">"Outcome"</th>
                    <th scope="col" class="th">"Trace id"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">{lines}</tbody>
        </table>
    }
}

/// The review decisions on one customer's results, for their KYC tab (nothing when there are none).
#[component]
pub fn DecisionHistory(customer_id: i64) -> impl IntoView {
    let decisions = Resource::new(|| (), move |_| customer_decisions(customer_id));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match decisions.await {
                    Ok(rows) if rows.is_empty() => ().into_any(),
                    Ok(rows) => view! {
                        <section class="card overflow-x-auto" tabindex="0" data-testid="decision-history">
                            <h3 class="px-4 pt-4 text-sm font-semibold text-slate-900">"Review decisions made in the portal"</h3>
                            <DecisionTable rows with_customer=false />
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The audit trail of review decisions: written at each decision, read on the customer's KYC tab and the
/// audit page, and downloaded as CSV by a guarded GET.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::review::{AuditFilters, AuditPageData, DecisionRecord};
    use crate::{
        auth::ssr::{require, require_in, Authed},
        eclipse::{
            client::EclipseError,
            models::{RatifyDecision, RatifyResult},
            positions::Capability,
            timestamps,
        },
        error::AppError,
        state::AppState,
        store::fault,
    };
    use axum::{
        extract::{Query, State},
        response::Response,
    };
    use tower_sessions::Session;

    /// The most rows one CSV download holds.
    const CSV_MAX_ROWS: i64 = 10_000;

    /// Records a decision sent to Eclipse, whatever Eclipse answered, in the decisions and the general log.
    pub async fn record(
        authed: &Authed,
        result: &RatifyResult,
        decision: &RatifyDecision,
        sent: &Result<RatifyResult, EclipseError>,
    ) {
        let (outcome, trace_id) = match sent {
            Ok(_) => ("ok".to_owned(), None),
            Err(e) => (
                e.code().map_or("unreachable", crate::eclipse::ErrorCode::as_str).to_owned(),
                e.problem().and_then(|p| p.trace_id),
            ),
        };
        let reason = decision.reason.map(|r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        let write = sqlx::query(
        "INSERT INTO review_decisions (tenant_id, ratify_result_id, customer_id, reviewer, decision, reason, comment, decided_at, result, trace_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(authed.data.tenant_id)
    .bind(result.ratify_result_id)
    .bind(result.user_id)
    .bind(&authed.data.identity)
    .bind(decision.verified_status.as_str())
    .bind(&reason)
    .bind(&decision.comment)
    .bind(timestamps::now())
    .bind(&outcome)
    .bind(&trace_id)
    .execute(&authed.state.store.pool)
    .await;
        if let Err(err) = write {
            tracing::error!(%err, ratify_result_id = result.ratify_result_id, "review decision not recorded");
        }
        let action = format!("kyc.{}", decision.verified_status.as_str().to_lowercase());
        authed.audit(&action, target(result), sent).await;
    }

    pub fn target(result: &RatifyResult) -> String {
        format!("customer {} ratify {}", result.user_id, result.ratify_result_id)
    }

    const COLUMNS: &str = "ratify_result_id, customer_id, reviewer, decision, reason, comment, decided_at, result, trace_id";

    pub async fn of_customer(customer_id: i64) -> Result<Vec<DecisionRecord>, AppError> {
        let authed = require(Capability::ReadKyc).await?;
        let rows: Vec<DecisionRecord> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM review_decisions WHERE tenant_id = $1 AND customer_id = $2 ORDER BY decided_at DESC, id DESC LIMIT 100"
    ))
    .bind(authed.data.tenant_id)
    .bind(customer_id)
    .fetch_all(&authed.state.store.pool)
    .await
    .map_err(fault)?;
        Ok(rows)
    }

    /// The filter as SQL: every value bound, none spliced in.
    const FILTER: &str = "tenant_id = $1 AND ($2 = '' OR reviewer = $2) AND ($3 = '' OR decision = $3) \
    AND ($4 = '' OR decided_at >= $4) AND ($5 = '' OR decided_at < $5) AND ($6 = 0 OR customer_id = $6)";

    /// `to` is inclusive: everything before the next day.
    fn bounds(f: &AuditFilters) -> (String, String, i64) {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let from = day(&f.from).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let to = day(&f.to)
            .and_then(|d| d.succ_opt())
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        (from, to, f.customer_id.trim().parse().unwrap_or(0))
    }

    async fn select(
        state: &AppState,
        tenant_id: i64,
        f: &AuditFilters,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<DecisionRecord>, u64), sqlx::Error> {
        let (from, to, customer) = bounds(f);
        let reviewer = f.reviewer.trim();
        let decision = f.decision.trim();
        macro_rules! bind_filter {
            ($q:expr) => {
                $q.bind(tenant_id)
                    .bind(reviewer)
                    .bind(decision)
                    .bind(&from)
                    .bind(&to)
                    .bind(customer)
            };
        }
        let (total,): (i64,) = bind_filter!(sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM review_decisions WHERE {FILTER}"
        )))
        .fetch_one(&state.store.pool)
        .await?;
        let rows: Vec<DecisionRecord> = bind_filter!(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM review_decisions WHERE {FILTER} ORDER BY decided_at DESC, id DESC LIMIT $7 OFFSET $8"
    )))
    .bind(limit)
    .bind(offset)
    .fetch_all(&state.store.pool)
    .await?;
        Ok((rows, total as u64))
    }

    pub async fn page(filters: AuditFilters) -> Result<AuditPageData, AppError> {
        let authed = require(Capability::ManageTenant).await?;
        let limit = crate::ui::table::PAGE_SIZE as i64;
        let (rows, total) =
            select(&authed.state, authed.data.tenant_id, &filters, limit, filters.offset as i64)
                .await
                .map_err(fault)?;
        Ok(AuditPageData { rows, total })
    }

    #[derive(serde::Deserialize)]
    pub struct CsvQuery {
        #[serde(default)]
        reviewer: String,
        #[serde(default)]
        decision: String,
        #[serde(default)]
        from: String,
        #[serde(default)]
        to: String,
        #[serde(default)]
        customer: String,
    }

    pub fn to_csv(rows: &[DecisionRecord]) -> String {
        let header = "decided_at,reviewer,ratify_result_id,customer_id,decision,reason,comment,result,trace_id";
        crate::csv::table(
            header,
            rows.iter().map(|r| {
                vec![
                    crate::eclipse::timestamps::format(r.decided_at),
                    r.reviewer.clone(),
                    r.ratify_result_id.to_string(),
                    r.customer_id.to_string(),
                    r.decision.clone(),
                    r.reason.clone().unwrap_or_default(),
                    r.comment.clone().unwrap_or_default(),
                    r.result.clone(),
                    r.trace_id.clone().unwrap_or_default(),
                ]
            }),
        )
    }

    /// `GET /audit/decisions.csv`: the audit page's rows (same filters), for `TENANT_SYSTEM`.
    pub async fn csv(
        State(state): State<AppState>,
        session: Session,
        Query(q): Query<CsvQuery>,
    ) -> Result<Response, AppError> {
        let authed = require_in(&state, session, Capability::ManageTenant).await?;
        let filters = AuditFilters {
            reviewer: q.reviewer,
            decision: q.decision,
            from: q.from,
            to: q.to,
            customer_id: q.customer,
            offset: 0,
        };
        let (rows, _) = select(&state, authed.data.tenant_id, &filters, CSV_MAX_ROWS, 0)
            .await
            .map_err(fault)?;
        Ok(crate::csv::download(
            &format!("kyc-decisions-{}.csv", chrono::Utc::now().format("%Y-%m-%d")),
            to_csv(&rows),
        ))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_to_date_is_inclusive() {
            let f = AuditFilters {
                from: "2026-11-01".into(),
                to: "2026-11-21".into(),
                customer_id: "12".into(),
                ..Default::default()
            };
            assert_eq!(bounds(&f), ("2026-11-01".into(), "2026-11-22".into(), 12));
            let f = AuditFilters { from: "1 Nov".into(), ..Default::default() };
            assert_eq!(bounds(&f), (String::new(), String::new(), 0));
        }
    }
}
