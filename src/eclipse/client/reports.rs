//! (ours) Tenant reports, `GET T/reports/{reportName}` (`docs/sandbox.md`, "Tenant reports"): each report's
//! query and row type in one place, so a real Eclipse's own names change only here.
use super::TenantClient;
use crate::eclipse::{errors::EclipseResult, models::*};
use chrono::{DateTime, NaiveDate, Utc};

impl TenantClient {
    async fn report<T: serde::de::DeserializeOwned>(
        &self,
        name: ReportName,
        query: &[(String, String)],
    ) -> EclipseResult<T> {
        super::parse(&self.get_raw(&format!("/reports/{name}"), query).await?.body)
    }

    pub async fn customer_summary(&self) -> EclipseResult<Vec<CustomerCount>> {
        self.report(ReportName::CustomerSummary, &[]).await
    }

    /// Days from `from` (included) to `to` (excluded), UTC.
    pub async fn transaction_summary(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> EclipseResult<Vec<TransactionDay>> {
        let query =
            [("dateFromIncl".into(), from.to_string()), ("dateToExcl".into(), to.to_string())];
        self.report(ReportName::TransactionSummary, &query).await
    }

    /// Every wallet's totals by currency, or only `wallet_ids`' when there are some.
    pub async fn balance_summary(&self, wallet_ids: &[i64]) -> EclipseResult<Vec<BalanceTotal>> {
        let ids = wallet_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let query: Vec<(String, String)> =
            if ids.is_empty() { vec![] } else { vec![("walletId".into(), ids)] };
        self.report(ReportName::WalletBalanceSummary, &query).await
    }

    pub async fn pending_withdrawals(&self) -> EclipseResult<Vec<AgedTotal>> {
        let query = [("status".into(), WithdrawalStatus::Pending.to_string())];
        self.report(ReportName::WithdrawalSummary, &query).await
    }

    pub async fn live_reservations(&self) -> EclipseResult<Vec<AgedTotal>> {
        self.report(ReportName::ReservationSummary, &[]).await
    }

    pub async fn kyc_queue_summary(&self, sla_hours: u32) -> EclipseResult<KycQueueSummary> {
        let query = [("slaHours".into(), sla_hours.to_string())];
        self.report(ReportName::KycQueueSummary, &query).await
    }

    /// One page of a report of rows over `[from, to)`: `offset`, `limit` and the total as lists have them.
    pub async fn report_rows<T: serde::de::DeserializeOwned>(
        &self,
        name: ReportName,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        offset: u32,
        limit: u32,
    ) -> EclipseResult<Page<T>> {
        let params = ListParams {
            offset,
            limit,
            sort: None,
            filters: vec![
                ("fromIncl".into(), crate::eclipse::timestamps::format(from)),
                ("toExcl".into(), crate::eclipse::timestamps::format(to)),
            ],
        };
        self.get_page(&format!("/reports/{name}"), &params).await
    }
}
