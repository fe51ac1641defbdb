//! Customers and their addresses (the vendor's examples: `tests/fixtures/eclipse/customer-use-cases.json`,
//! `standalone-customer-use-cases.json`).
use super::KycLevel;
use chrono::{DateTime, NaiveDate, Utc};
use macro_rules_attribute::apply;

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerStatus {
    Active,
    Barred,
    Deleted,
}

#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub customer_id: i64,
    pub tenant_id: i64,
    pub title: Option<String>,
    pub gender: Option<String>,
    pub first_name: String,
    pub last_name: String,
    #[serde(default, with = "crate::eclipse::timestamps::date")]
    pub date_of_birth: Option<NaiveDate>,
    pub phone1: Option<String>,
    pub email: Option<String>,
    pub national_identity_number: Option<String>,
    pub passport_number: Option<String>,
    pub country_of_residence: Option<String>,
    pub status: CustomerStatus,
    pub external_unique_id: Option<String>,
    #[serde(default)]
    pub profile_completion_status: i64,
    /// (ours) `NONE` until a ratify result passes; see `docs/sandbox.md`, "KYC checks".
    #[serde(default)]
    pub kyc_level: KycLevel,
    pub version: i64,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    #[serde(default, with = "crate::eclipse::timestamps::optional")]
    pub last_modified: Option<DateTime<Utc>>,
}

impl Customer {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Body of `POST T/customers`.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewCustomer {
    pub first_name: String,
    pub last_name: String,
    pub title: Option<String>,
    pub gender: Option<String>,
    #[serde(default, with = "crate::eclipse::timestamps::date")]
    pub date_of_birth: Option<NaiveDate>,
    pub phone1: Option<String>,
    pub email: Option<String>,
    pub national_identity_number: Option<String>,
    pub passport_number: Option<String>,
    pub country_of_residence: Option<String>,
    pub external_unique_id: String,
}

/// Body of `PUT T/customers/{id}`: only the fields present change; `version` is checked when present.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerUpdate {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub title: Option<String>,
    pub gender: Option<String>,
    #[serde(default, with = "crate::eclipse::timestamps::date")]
    pub date_of_birth: Option<NaiveDate>,
    pub phone1: Option<String>,
    pub email: Option<String>,
    pub national_identity_number: Option<String>,
    pub passport_number: Option<String>,
    pub country_of_residence: Option<String>,
    pub status: Option<CustomerStatus>,
    pub profile_completion_status: Option<i64>,
    pub reason: Option<String>,
    pub version: Option<i64>,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub address_id: i64,
    pub customer_id: i64,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub address_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
}

/// The kinds of address Eclipse keeps.
pub const ADDRESS_TYPES: &[&str] = &["RESIDENTIAL", "POSTAL", "BUSINESS"];

/// Body of `POST T/customers/{id}/addresses` and `PUT T/addresses/{id}`.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AddressWrite {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub address_type: Option<String>,
    pub external_unique_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_create_example_round_trips() {
        let body = r#"{"firstName":"Sipho","lastName":"Dlamini","dateOfBirth":"1990-03-15","phone1":"27821234567",
            "email":"sipho@example.com","nationalIdentityNumber":"9003155012083","externalUniqueId":"cust-sipho-001"}"#;
        let new: NewCustomer = serde_json::from_str(body).unwrap();
        assert_eq!(new.external_unique_id, "cust-sipho-001");
        let back = serde_json::to_value(&new).unwrap();
        assert_eq!(back["nationalIdentityNumber"], "9003155012083");
        assert!(back.get("passportNumber").is_none());
    }
}
