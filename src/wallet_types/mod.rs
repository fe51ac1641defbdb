//! Wallet types: the templates of wallets. A list with how many wallets use each type; a form with typed
//! inputs for the attributes Eclipse acts on and free rows for any other; updates guarded by `version`,
//! with a conflict shown side by side rather than lost.
mod conflict;
mod form;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use pages::{NewWalletTypePage, WalletTypePage, WalletTypesPage};

use crate::api::server_fns;
use crate::eclipse::models::{Attribute, Page, WalletMode, WalletType, WalletTypeWrite};
use crate::error::{FieldErrors, Outcome};
use crate::ui::table::ListQuery;
use serde::{Deserialize, Serialize};

pub const SORTABLE: &[&str] = &["name", "mode", "currency", "kyc", "wallets"];

/// A row of the list: the type and how many wallets use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletTypeRow {
    pub wallet_type: WalletType,
    pub wallets: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeInput {
    Currency,
    Amount,
    Switch,
    Kyc,
}

/// An attribute Eclipse acts on, and how the form asks for it.
pub struct KnownAttribute {
    pub att: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub input: AttributeInput,
}

pub const KNOWN_ATTRIBUTES: &[KnownAttribute] = &[
    KnownAttribute {
        att: "Currency",
        label: "Currency",
        hint: "ISO 4217; required for digital and crypto wallets.",
        input: AttributeInput::Currency,
    },
    KnownAttribute {
        att: "minBalance",
        label: "Minimum balance",
        hint: "The lowest balance a wallet may reach, e.g. 0.",
        input: AttributeInput::Amount,
    },
    KnownAttribute {
        att: "maxBalance",
        label: "Maximum balance",
        hint: "The balance cap, e.g. 50000.",
        input: AttributeInput::Amount,
    },
    KnownAttribute {
        att: "dailyDebitLimit",
        label: "Daily debit limit",
        hint: "The most that may be debited in a day.",
        input: AttributeInput::Amount,
    },
    KnownAttribute {
        att: "kycLevel",
        label: "KYC level",
        hint: "The least KYC level a customer needs for this type.",
        input: AttributeInput::Kyc,
    },
    KnownAttribute {
        att: "alwaysCreateCard",
        label: "Always create a card",
        hint: "Issue a virtual card with every new wallet.",
        input: AttributeInput::Switch,
    },
    KnownAttribute {
        att: "barredWalletsAllowDeposits",
        label: "Barred wallets accept deposits",
        hint: "Whether a BARRED wallet of this type still takes deposits.",
        input: AttributeInput::Switch,
    },
];

pub fn is_known_attribute(att: &str) -> bool {
    KNOWN_ATTRIBUTES.iter().any(|k| k.att == att)
}

/// The form: the known attributes by name (an empty value is "not set"), then any others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletTypeForm {
    pub wallet_type_id: Option<i64>,
    /// The version the user's edit is based on.
    pub version: Option<i64>,
    pub name: String,
    pub mode: WalletMode,
    /// One per `KNOWN_ATTRIBUTES`, in that order.
    pub known: Vec<String>,
    #[serde(default)]
    pub other: Vec<Attribute>,
}

impl WalletTypeForm {
    pub fn blank() -> Self {
        let mut known = vec![String::new(); KNOWN_ATTRIBUTES.len()];
        known[0] = "ZAR".into();
        WalletTypeForm {
            wallet_type_id: None,
            version: None,
            name: String::new(),
            mode: WalletMode::ClosedLoopDigital,
            known,
            other: vec![],
        }
    }

    pub fn of(t: &WalletType) -> Self {
        WalletTypeForm {
            wallet_type_id: Some(t.wallet_type_id),
            version: Some(t.version),
            name: t.name.clone(),
            mode: t.mode,
            known: KNOWN_ATTRIBUTES
                .iter()
                .map(|k| t.attribute(k.att).unwrap_or_default().to_owned())
                .collect(),
            other: t
                .configuration
                .iter()
                .filter(|a| !is_known_attribute(&a.att))
                .cloned()
                .collect(),
        }
    }

    pub fn known_value(&self, att: &str) -> &str {
        KNOWN_ATTRIBUTES
            .iter()
            .position(|k| k.att == att)
            .and_then(|i| self.known.get(i))
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// What is sent: the set known attributes, then the other rows that have a name or a value.
    pub fn to_write(&self) -> WalletTypeWrite {
        let known = KNOWN_ATTRIBUTES
            .iter()
            .zip(&self.known)
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| Attribute { att: k.att.to_owned(), val: v.trim().to_owned() });
        let other = self
            .other
            .iter()
            .filter(|a| !a.att.trim().is_empty() || !a.val.trim().is_empty())
            .map(|a| Attribute { att: a.att.trim().to_owned(), val: a.val.trim().to_owned() });
        WalletTypeWrite {
            wallet_type_id: self.wallet_type_id,
            name: self.name.trim().to_owned(),
            mode: self.mode,
            configuration: known.chain(other).collect(),
            version: self.version,
        }
    }
}

/// The field of the form an "other" row's message goes on.
pub fn other_row_field(index: usize) -> String {
    format!("other-{index}")
}

/// The rules, checked in the browser and again on the server: Eclipse's (shared with the sandbox), with
/// each message on its field, and the form's own about the free rows.
pub fn validate_wallet_type(form: &WalletTypeForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (i, a) in form.other.iter().enumerate() {
        let att = a.att.trim();
        if att.is_empty() && !a.val.trim().is_empty() {
            errors.add(&other_row_field(i), "Name the attribute, or clear its value.");
        } else if is_known_attribute(att) {
            errors.add(&other_row_field(i), format!("Set {att} in its own field above."));
        } else if form.other[..i].iter().any(|b| b.att.trim() == att && !att.is_empty()) {
            errors.add(&other_row_field(i), format!("{att} appears more than once."));
        }
    }
    for (field, problem) in form.to_write().problems() {
        if field != "configuration" && errors.get(&field).is_none() {
            let label =
                KNOWN_ATTRIBUTES.iter().find(|k| k.att == field).map(|k| k.label).unwrap_or("Name");
            errors.add(&field, format!("{label} {problem}."));
        }
    }
    errors
}

server_fns! {
    /// `query.q` is part of the name.
    "wallet_types/list" => list_wallet_types(query: ListQuery) -> Page<WalletTypeRow> = ssr::list;
    "wallet_types/get" => get_wallet_type(wallet_type_id: i64) -> WalletTypeRow = ssr::get;
    /// Creates the type, or updates it from `form.version`; someone else's newer save comes back as a conflict.
    "wallet_types/save" =>
        save_wallet_type(form: WalletTypeForm) -> Outcome<WalletType> = ssr::save;
    "wallet_types/delete" => delete_wallet_type(wallet_type_id: i64) -> Outcome<()> = ssr::delete;
}

/// A mode, as the form explains it.
pub fn mode_label(mode: WalletMode) -> &'static str {
    match mode {
        WalletMode::ClosedLoopDigital => "Closed-loop digital: transfers only within Eclipse",
        WalletMode::DebitReceiveonlyCard => "Debit card, receive-only, on card rails",
        WalletMode::PrepaidReceiveonlyCard => "Prepaid card, receive-only, on card rails",
        WalletMode::Crypto => "Crypto: backed by an exchange integration",
        WalletMode::System => "System wallet of the tenant",
        WalletMode::BankAccount => "Bank account",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_round_trips_a_type_and_sends_only_what_is_set() {
        let t = WalletType {
            wallet_type_id: 7,
            name: "Digital Wallet ZAR".into(),
            mode: WalletMode::ClosedLoopDigital,
            configuration: vec![
                Attribute { att: "Currency".into(), val: "ZAR".into() },
                Attribute { att: "loyaltyTier".into(), val: "gold".into() },
                Attribute { att: "kycLevel".into(), val: "BASIC".into() },
            ],
            version: 3,
        };
        let form = WalletTypeForm::of(&t);
        assert_eq!(form.known_value("kycLevel"), "BASIC");
        assert_eq!(form.other.len(), 1);
        let write = form.to_write();
        assert_eq!(write.version, Some(3));
        assert_eq!(write.attribute("Currency"), Some("ZAR"));
        assert_eq!(write.attribute("loyaltyTier"), Some("gold"));
        assert_eq!(write.configuration.len(), 3);
    }

    #[test]
    fn messages_go_on_the_fields_they_concern() {
        let mut form = WalletTypeForm::blank();
        form.name = "Savings".into();
        form.known[1] = "100".into();
        form.known[2] = "50".into();
        form.other = vec![
            Attribute { att: "".into(), val: "x".into() },
            Attribute { att: "kycLevel".into(), val: "FULL".into() },
            Attribute { att: "tier".into(), val: "1".into() },
            Attribute { att: "tier".into(), val: "2".into() },
        ];
        let errors = validate_wallet_type(&form);
        assert!(errors.get("minBalance").unwrap().contains("must not exceed maxBalance"));
        assert!(
            errors.get("other-0").is_some()
                && errors.get("other-1").is_some()
                && errors.get("other-3").is_some()
        );
        assert!(errors.get("other-2").is_none());
        form.known[0] = String::new();
        assert!(validate_wallet_type(&form).get("Currency").unwrap().contains("required"));
    }
}
