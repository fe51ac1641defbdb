//! Customers and their addresses (the vendor's examples: `tests/fixtures/eclipse/customer-use-cases.json`,
//! `standalone-customer-use-cases.json`).
use super::KycLevel;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum CustomerStatus {
    Active,
    Barred,
    Deleted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub customer_id: i64,
    pub tenant_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    pub first_name: String,
    pub last_name: String,
    #[serde(
        default,
        with = "crate::eclipse::timestamps::date",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_identity_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_residence: Option<String>,
    pub status: CustomerStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
    #[serde(default)]
    pub profile_completion_status: i64,
    /// (ours) `NONE` until a ratify result passes; see `docs/sandbox.md`, "KYC checks".
    #[serde(default)]
    pub kyc_level: KycLevel,
    pub version: i64,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    #[serde(
        default,
        with = "crate::eclipse::timestamps::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified: Option<DateTime<Utc>>,
}

impl Customer {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Body of `POST T/customers`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCustomer {
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(
        default,
        with = "crate::eclipse::timestamps::date",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_identity_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_residence: Option<String>,
    pub external_unique_id: String,
}

/// Body of `PUT T/customers/{id}`: only the fields present change; `version` is checked when present.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(
        default,
        with = "crate::eclipse::timestamps::date",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_identity_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_residence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CustomerStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_completion_status: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub address_id: i64,
    pub customer_id: i64,
    #[serde(default)]
    pub line1: Option<String>,
    #[serde(default)]
    pub line2: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub address_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
}

/// The kinds of address Eclipse keeps.
pub const ADDRESS_TYPES: &[&str] = &["RESIDENTIAL", "POSTAL", "BUSINESS"];

/// Body of `POST T/customers/{id}/addresses` and `PUT T/addresses/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressWrite {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
