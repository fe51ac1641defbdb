//! Tenant configuration and wallet types (`docs/tenant-use-cases.txt`, API.md "Tenant", "Wallet types").
use serde::{Deserialize, Serialize};

/// What Eclipse shows in place of a value stored encrypted (`Encrypt:…`).
pub const MASK: &str = "********";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigItem {
    pub key: String,
    /// `MASK` when `encrypted`.
    pub value: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
}

/// A config write: one item (`POST T/config`, `PUT T/config/{key}`) or a row of the bulk upsert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigWrite {
    pub key: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WalletMode {
    ClosedLoopDigital,
    DebitReceiveonlyCard,
    PrepaidReceiveonlyCard,
    Crypto,
    System,
    BankAccount,
}

impl WalletMode {
    pub const ALL: [WalletMode; 6] = [
        WalletMode::ClosedLoopDigital,
        WalletMode::DebitReceiveonlyCard,
        WalletMode::PrepaidReceiveonlyCard,
        WalletMode::Crypto,
        WalletMode::System,
        WalletMode::BankAccount,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            WalletMode::ClosedLoopDigital => "CLOSED_LOOP_DIGITAL",
            WalletMode::DebitReceiveonlyCard => "DEBIT_RECEIVEONLY_CARD",
            WalletMode::PrepaidReceiveonlyCard => "PREPAID_RECEIVEONLY_CARD",
            WalletMode::Crypto => "CRYPTO",
            WalletMode::System => "SYSTEM",
            WalletMode::BankAccount => "BANK_ACCOUNT",
        }
    }
    pub fn parse(s: &str) -> Option<WalletMode> {
        WalletMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
    /// Digital modes need a `Currency`.
    pub fn is_digital(self) -> bool {
        matches!(self, WalletMode::ClosedLoopDigital | WalletMode::Crypto)
    }
}

/// One configuration attribute of a wallet type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    pub att: String,
    pub val: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletType {
    pub wallet_type_id: i64,
    pub name: String,
    pub mode: WalletMode,
    pub configuration: Vec<Attribute>,
    pub version: i64,
}

/// Body of `POST` and `PUT T/wallet-types…`; `version` is required on updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletTypeWrite {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_type_id: Option<i64>,
    pub name: String,
    pub mode: WalletMode,
    #[serde(default)]
    pub configuration: Vec<Attribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// KYC levels, in order: a wallet type's `kycLevel` is the least a customer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KycLevel {
    #[default]
    None,
    Basic,
    Full,
}

impl KycLevel {
    pub fn parse(s: &str) -> Option<KycLevel> {
        match s {
            "NONE" => Some(KycLevel::None),
            "BASIC" => Some(KycLevel::Basic),
            "FULL" => Some(KycLevel::Full),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            KycLevel::None => "NONE",
            KycLevel::Basic => "BASIC",
            KycLevel::Full => "FULL",
        }
    }
}

impl WalletType {
    pub fn attribute(&self, att: &str) -> Option<&str> {
        self.configuration.iter().find(|a| a.att == att).map(|a| a.val.as_str())
    }
    pub fn kyc_level(&self) -> KycLevel {
        self.attribute("kycLevel").and_then(KycLevel::parse).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallet_type_matches_the_vendor_example() {
        let json = r#"{"walletTypeId":7825,"name":"Digital Wallet ZAR","mode":"CLOSED_LOOP_DIGITAL",
            "configuration":[{"att":"Currency","val":"ZAR"},{"att":"kycLevel","val":"BASIC"}],"version":1}"#;
        let t: WalletType = serde_json::from_str(json).unwrap();
        assert_eq!(t.mode, WalletMode::ClosedLoopDigital);
        assert_eq!(t.attribute("Currency"), Some("ZAR"));
        assert_eq!(t.kyc_level(), KycLevel::Basic);
        assert!(KycLevel::None < KycLevel::Basic && KycLevel::Basic < KycLevel::Full);
    }
}
