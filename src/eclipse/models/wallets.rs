//! Wallets, their transactions, reservations and withdrawals, transfers, and cards
//! (the vendor's examples: `tests/fixtures/eclipse/wallet-management.json`, `customer-use-cases.json`).
use super::Attribute;
use chrono::{DateTime, Utc};
use macro_rules_attribute::apply;

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WalletStatus {
    Active,
    Stopped,
    Barred,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq)]
pub struct Wallet {
    pub wallet_id: i64,
    pub customer_id: i64,
    pub tenant_id: i64,
    pub wallet_type_id: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub current_balance: f64,
    pub available_balance: f64,
    pub reservations: f64,
    pub status: WalletStatus,
    pub currency: String,
    pub friendly_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
}

/// A physical card's identifier: one of these (a PAN only for PCI-compliant tenants).
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhysicalCardIdentifier {
    pub qr_code: Option<String>,
    pub pack_id: Option<String>,
    pub pan: Option<String>,
    pub card_id: Option<String>,
}

/// Body of `POST T/customers/{id}/wallets`, with the optional first card of the one-step journeys.
#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewWallet {
    pub external_unique_id: String,
    pub wallet_type_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<WalletStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `virtual` or `physical`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_physical_card_identifier: Option<PhysicalCardIdentifier>,
    #[serde(default)]
    pub configuration: Vec<Attribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
}

/// Body of `PUT T/wallets/{id}`: null fields are ignored.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WalletUpdate {
    pub status: Option<WalletStatus>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub reason: Option<String>,
}

#[apply(wire!)]
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    pub transaction_id: String,
    pub wallet_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(with = "crate::eclipse::timestamps")]
    pub date: DateTime<Utc>,
    pub amount: f64,
    pub currency: String,
    pub balance: f64,
    pub description: String,
    pub external_unique_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<Attribute>,
    pub reversal: bool,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq)]
pub struct Reservation {
    pub reservation_id: i64,
    pub wallet_id: i64,
    pub session_id: String,
    pub description: String,
    pub amount: f64,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub expires: DateTime<Utc>,
}

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WithdrawalStatus {
    Building,
    Pending,
    Successful,
    ErrorPerm,
    Cancelled,
}

/// The withdrawal types the barring workflow cancels while `PENDING`.
pub const EFT_WITHDRAWAL_TYPES: [&str; 2] = ["ZA_NEDBANK_EFT", "ZA_NEDBANK_EFT_IMMEDIATE"];

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq)]
pub struct Withdrawal {
    pub withdrawal_id: i64,
    pub wallet_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: WithdrawalStatus,
    pub amount: f64,
    pub currency: String,
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub last_modified: DateTime<Utc>,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq)]
pub struct NewWithdrawal {
    #[serde(rename = "type")]
    pub kind: String,
    pub amount: f64,
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
}

/// Body of `PUT T/wallets/{id}/withdrawals/{id}`: only `CANCELLED`, from `PENDING`.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalUpdate {
    pub status: WithdrawalStatus,
    pub reason: Option<String>,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub from_wallet_id: i64,
    pub to_wallet_id: i64,
    pub amount: f64,
    pub external_unique_id: String,
    pub description: Option<String>,
}

/// (ours) The answer to a transfer: the debit and the credit it wrote.
#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq)]
pub struct TransferResult {
    pub debit: Transaction,
    pub credit: Transaction,
}

/// (ours) The answer to "Set and send new card PIN to customer" (the vendor names the endpoint and documents no
/// shape): where the new PIN went. The PIN itself never travels back.
#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinReset {
    pub card_id: i64,
    #[serde(with = "crate::eclipse::timestamps")]
    pub pin_set_at: DateTime<Utc>,
    /// The customer's phone, masked: `+27*******567`.
    pub sent_to: String,
    /// `SMS`.
    pub channel: String,
}

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardStatus {
    Active,
    Stopped,
    Blocked,
}

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardOperation {
    PrimaryCard,
    SupplementaryCard,
    AddOnCard,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub card_id: i64,
    pub wallet_id: i64,
    pub customer_id: i64,
    /// `virtual` or `physical`.
    pub card_type: String,
    pub status: CardStatus,
    pub name: Option<String>,
    /// Always masked: `123456******7890`.
    pub masked_pan: String,
    pub operation_type: CardOperation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
    #[serde(with = "crate::eclipse::timestamps")]
    pub created: DateTime<Utc>,
}

/// Body of `POST T/wallets/{id}/cards`, as in the vendor's examples.
#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_unique_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub physical_card_identifier: Option<PhysicalCardIdentifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CardStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_type_id: Option<i64>,
    pub card_type: String,
    #[serde(default)]
    pub configuration: Vec<Attribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_type: Option<CardOperation>,
}

#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardUpdate {
    pub status: CardStatus,
    pub reason: Option<String>,
}

/// A PAN as it may be shown: never more than the first six and the last four digits, and never more than
/// a few of a short number (the six lead digits only from 16 digits on, the last four from 12).
/// A phone number as a message's destination is shown: its first three and last three digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - 6;
    format!(
        "{}{}{}",
        chars[..3].iter().collect::<String>(),
        "*".repeat(hidden),
        chars[chars.len() - 3..].iter().collect::<String>()
    )
}

pub fn mask_pan(pan: &str) -> String {
    let digits: Vec<char> = pan.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    let first = if n >= 16 { 6 } else { 0 };
    let last = if n >= 12 { 4 } else { 0 };
    digits
        .iter()
        .enumerate()
        .map(|(i, d)| if i < first || i >= n - last { *d } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pans_are_masked_and_the_vendor_examples_parse() {
        assert_eq!(mask_pan("1234 5678 9012 7890"), "123456******7890");
        assert_eq!(mask_pan("5399990000000000123"), "539999*********0123");
        assert_eq!(mask_pan("123456789012"), "********9012");
        assert_eq!(mask_pan("1234567890"), "**********");
        assert_eq!(mask_phone("+27 82 555 0101"), "+27******101");
        assert_eq!(mask_phone("0825"), "****");
        let card: NewCard = serde_json::from_str(r#"{"externalUniqueId":"68a72f21-1","physicalCardIdentifier":{"qrCode":"1234567890"},
            "status":"ACTIVE","name":"Card","description":null,"walletTypeId":5496,"cardType":"physical","configuration":[],
            "accountNumber":"","operationType":"PRIMARY_CARD"}"#).unwrap();
        assert_eq!(card.operation_type, Some(CardOperation::PrimaryCard));
        let wallet: NewWallet = serde_json::from_str(r#"{"externalUniqueId":"70802005-4","status":"ACTIVE","name":"Test card",
            "description":"Description","walletTypeId":7825,"cardType":"virtual","customerSearch":"","searchBy":"lastName",
            "configuration":[],"accountNumber":""}"#).unwrap();
        assert_eq!(wallet.card_type.as_deref(), Some("virtual"));
        let tx: Transaction = serde_json::from_str(r#"{"transactionId":"TX-10001","walletId":100001,"type":"tfr.debit",
            "date":"2026-03-20T10:00:00.000Z","amount":-50.00,"currency":"ZAR","balance":9950.00,
            "description":"Transfer to another wallet","externalUniqueId":"uuid-redacted","reversal":false}"#).unwrap();
        assert_eq!(tx.kind, "tfr.debit");
    }
}
