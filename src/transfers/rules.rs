//! The tenant's four-eyes rule on money (ours: the vendor's portal has none): above an amount, a transfer is a
//! request a second admin approves. Read from two tenant settings, which are checked when they are saved.
use crate::eclipse::amount::{parse_with_currency, Minor};
use serde::{Deserialize, Serialize};

pub const DEFAULT_REQUEST_HOURS: u32 = 48;

/// The rule as the tenant set it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApprovalRule {
    /// The amount above which approval is needed, and its currency.
    pub above: Option<(Minor, String)>,
    pub request_hours: u32,
}

impl ApprovalRule {
    /// Reads both settings. A threshold that does not parse (set before the portal checked it, or straight
    /// at Eclipse) is the strictest rule, approval for everything: a typing error never lets money through
    /// unchecked.
    pub fn from_settings(above: &str, hours: &str) -> ApprovalRule {
        let request_hours = crate::eclipse::models::hours(hours).unwrap_or(DEFAULT_REQUEST_HOURS);
        let above = (!above.trim().is_empty())
            .then(|| parse_with_currency(above).unwrap_or((Minor(0), String::new())));
        ApprovalRule { above, request_hours }
    }

    /// Whether `amount` of `currency` needs a second admin. A currency the threshold does not name always does.
    pub fn needs_approval(&self, amount: Minor, currency: &str) -> bool {
        match &self.above {
            None => false,
            Some((limit, limit_currency)) => limit_currency != currency || amount > *limit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn above_the_threshold_or_in_another_currency_needs_a_second_admin() {
        let rule = ApprovalRule::from_settings("5000.00 ZAR", "");
        assert_eq!(rule.request_hours, DEFAULT_REQUEST_HOURS);
        assert!(!rule.needs_approval(Minor(500_000), "ZAR"), "at the threshold: sent");
        assert!(rule.needs_approval(Minor(500_001), "ZAR"));
        assert!(rule.needs_approval(Minor(1), "USD"), "a currency the rule does not name");
        assert!(!ApprovalRule::default().needs_approval(Minor(i64::MAX), "ZAR"), "no rule: never");
    }

    #[test]
    fn a_setting_that_does_not_parse_asks_approval_for_everything() {
        let rule = ApprovalRule::from_settings("five thousand", "0");
        assert!(rule.needs_approval(Minor(1), "ZAR"));
        assert_eq!(rule.request_hours, DEFAULT_REQUEST_HOURS, "0 hours is not a lifetime");
        assert_eq!(ApprovalRule::from_settings("", "12").request_hours, 12);
    }
}
