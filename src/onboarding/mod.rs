//! The onboarding wizard (`docs/customer-use-cases.txt`): details with a duplicate check, address,
//! documents, ratify, wallet. Each step is kept in a draft by the portal, so nothing typed is lost, and
//! every create carries an `externalUniqueId` fixed when the draft began.
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
mod steps;

pub use pages::{OnboardingListPage, OnboardingPage};

use crate::api::server_fns;
use crate::{
    customers::{addresses::AddressForm, ProfileEdit},
    eclipse::models::Customer,
    error::{FieldErrors, Outcome},
};
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};

/// Drafts older than this (since their last change) are purged.
pub const DRAFT_LIFETIME_DAYS: i64 = 30;

#[derive(IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    Details,
    Address,
    Documents,
    Ratify,
    Wallet,
    Done,
}

impl Step {
    pub const WIZARD: [Step; 5] =
        [Step::Details, Step::Address, Step::Documents, Step::Ratify, Step::Wallet];

    /// Its name in the URL and the store (`?step=details`).
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn label(self) -> &'static str {
        match self {
            Step::Details => "Customer details",
            Step::Address => "Address",
            Step::Documents => "Documents",
            Step::Ratify => "KYC check",
            Step::Wallet => "Wallet",
            Step::Done => "Done",
        }
    }
    pub fn parse(s: &str) -> Option<Step> {
        s.parse().ok()
    }
    pub fn next(self) -> Step {
        match self {
            Step::Details => Step::Address,
            Step::Address => Step::Documents,
            Step::Documents => Step::Ratify,
            Step::Ratify => Step::Wallet,
            Step::Wallet | Step::Done => Step::Done,
        }
    }
}

/// What a draft holds: what was typed, and the ids and retry keys of what was created in Eclipse.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DraftData {
    pub details: ProfileEdit,
    pub address: AddressForm,
    pub customer_id: Option<i64>,
    pub address_id: Option<i64>,
    pub customer_key: String,
    pub address_key: String,
    pub wallet_key: String,
    /// The wallet made in the last step: (id, friendly id).
    pub wallet: Option<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub draft_id: String,
    pub started_by: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub updated_by: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The furthest step reached.
    pub step: Step,
    pub data: DraftData,
}

impl Draft {
    pub fn name(&self) -> String {
        let d = &self.data.details;
        let name = format!("{} {}", d.first_name.trim(), d.last_name.trim());
        if name.trim().is_empty() {
            "New customer".into()
        } else {
            name
        }
    }
}

/// What step 1 came to: saved, or customers who may be the same person (nothing was created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DetailsAnswer {
    Saved(Box<Draft>),
    PossibleDuplicates(Vec<Customer>),
}

/// Onboarding asks more than a profile edit: what ratify needs to identify the person.
pub fn validate_onboarding_details(d: &ProfileEdit) -> FieldErrors {
    let mut errors = crate::customers::validate_profile(d);
    if d.date_of_birth.trim().is_empty() && errors.get("date_of_birth").is_none() {
        errors.add("date_of_birth", "Enter the date of birth.");
    }
    if d.national_identity_number.trim().is_empty()
        && d.passport_number.trim().is_empty()
        && errors.get("national_identity_number").is_none()
    {
        errors.add("national_identity_number", "Enter an identity number or a passport number.");
    }
    if d.phone1.trim().is_empty() && d.email.trim().is_empty() && errors.get("phone1").is_none() {
        errors.add(
            "phone1",
            "Enter a phone number or an email address, so the customer can be reached.",
        );
    }
    errors
}

server_fns! {
    "onboarding/list" => list_drafts() -> Vec<Draft> = ssr::list;
    /// Starts a draft and goes to its first step.
    "onboarding/start" => start_onboarding() -> String = ssr::start;
    "onboarding/get" => get_draft(draft_id: String) -> Draft = ssr::get;
    /// Step 1. Unless `not_a_duplicate`, a customer who may be the same person stops the create.
    "onboarding/save_details" =>
        save_details(draft_id: String, details: ProfileEdit, not_a_duplicate: bool)
            -> Outcome<DetailsAnswer> = ssr::save_details;
    "onboarding/save_address" =>
        save_draft_address(draft_id: String, address: AddressForm)
            -> Outcome<Draft> = ssr::save_address;
    /// Moves on from a step that has no form of its own (documents, ratify).
    "onboarding/advance" => advance(draft_id: String, from: Step) -> Draft = ssr::advance;
    /// The last step: the wallet (with its first card), under the draft's own retry key; the onboarding is then
    /// finished. A repeat finds the wallet the first attempt made.
    "onboarding/create_wallet" =>
        create_onboarding_wallet(draft_id: String, form: crate::wallets::WalletForm)
            -> Outcome<crate::wallets::WalletCreated> = ssr::create_wallet;
}

/// Where a step of a draft is: steps after the details carry the customer, so their panels can load at once.
pub fn step_href(draft_id: &str, step: Step, customer_id: Option<i64>) -> String {
    let customer = customer_id
        .filter(|_| step >= Step::Documents)
        .map(|c| format!("&customer={c}"))
        .unwrap_or_default();
    format!("/onboarding/{draft_id}?step={}{customer}", step.key())
}

/// Loads the step the saved draft is at.
pub fn go_to_step(draft: &Draft) {
    crate::ui::client::go(&step_href(&draft.draft_id, draft.step, draft.data.customer_id));
}

server_fns! {
    /// Drops the draft; whatever was already created in Eclipse stays.
    "onboarding/delete" => discard_draft(draft_id: String) -> () = ssr::discard;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onboarding_needs_a_way_to_identify_and_reach_the_customer() {
        let d = ProfileEdit {
            first_name: "Thandi".into(),
            last_name: "Dlamini".into(),
            ..Default::default()
        };
        let e = validate_onboarding_details(&d);
        assert!(
            e.get("date_of_birth").is_some()
                && e.get("national_identity_number").is_some()
                && e.get("phone1").is_some()
        );
        let ok = ProfileEdit {
            date_of_birth: "1980-01-01".into(),
            national_identity_number: "8001015009087".into(),
            email: "t@example.com".into(),
            ..d
        };
        assert!(validate_onboarding_details(&ok).is_empty());
        assert_eq!(Step::parse("ratify").map(Step::next), Some(Step::Wallet));
    }
}
