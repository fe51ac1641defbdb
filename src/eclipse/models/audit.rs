//! (ours) A customer's audit trail, the vendor's "Get the Customer Audit detail": the vendor names the operation
//! and documents neither its path nor its shape; `docs/sandbox.md`, "The customer audit trail", has ours.
use super::ListParams;
use chrono::{DateTime, Utc};
use macro_rules_attribute::apply;

/// What part of the customer's records an event changed. A customer or wallet set to `BARRED` or back is
/// `BARRING`, not `PROFILE` or `WALLET`.
#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditCategory {
    Profile,
    Document,
    Kyc,
    Wallet,
    Card,
    Transfer,
    Withdrawal,
    Barring,
}

/// One change to a customer's records, as a support agent reads it.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub audit_event_id: i64,
    pub customer_id: i64,
    /// The wallet the change was about, when it was about one.
    pub wallet_id: Option<i64>,
    pub category: AuditCategory,
    /// What happened, in SCREAMING_SNAKE_CASE (`WALLET_STATUS_CHANGED`).
    pub action: String,
    /// A short English sentence; never an identity or passport number, a PAN, a PIN or a password.
    pub description: String,
    /// The identity of the admin user who made the change.
    pub actor: String,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
}

/// Which of a customer's audit events to read: newest first, of the given categories (all when empty), made
/// strictly before `before`, one page of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    pub categories: Vec<AuditCategory>,
    pub before: Option<DateTime<Utc>>,
    pub offset: u32,
    /// 1 to 1000.
    pub limit: u32,
}

impl Default for AuditFilter {
    /// Every category, the newest hundred: a timeline's first page.
    fn default() -> Self {
        AuditFilter { categories: vec![], before: None, offset: 0, limit: 100 }
    }
}

impl AuditFilter {
    /// The request's paging and filters, in the endpoint's parameter names.
    pub fn list_params(&self) -> ListParams {
        let categories: Vec<&str> = self.categories.iter().map(|c| c.as_str()).collect();
        let mut filters = vec![("category".to_owned(), categories.join(","))];
        if let Some(before) = self.before {
            filters.push(("before".to_owned(), crate::eclipse::timestamps::format(before)));
        }
        ListParams { offset: self.offset, limit: self.limit, sort: None, filters }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_becomes_the_endpoints_parameters() {
        let before = crate::eclipse::timestamps::parse("2026-11-01T08:00:00Z");
        let filter = AuditFilter {
            categories: vec![AuditCategory::Kyc, AuditCategory::Barring],
            before,
            offset: 20,
            limit: 10,
        };
        let query = filter.list_params().to_query();
        assert!(query.contains(&("category".into(), "KYC,BARRING".into())), "{query:?}");
        assert!(query.contains(&("before".into(), "2026-11-01T08:00:00.000Z".into())));
        assert!(query.contains(&("offset".into(), "20".into())));
        let every = AuditFilter::default().list_params().to_query();
        assert!(!every.iter().any(|(name, _)| name == "category" || name == "before"), "{every:?}");
    }
}
