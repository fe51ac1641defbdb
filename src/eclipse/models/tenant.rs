//! Tenant configuration and wallet types (the vendor's examples: `tests/fixtures/eclipse/tenant-use-cases.json`;
//! `docs/sandbox.md`, "What it implements").
use chrono::{DateTime, Utc};
use macro_rules_attribute::apply;
use serde::{Deserialize, Serialize};

/// What Eclipse shows in place of a value stored encrypted (`Encrypt:…`).
pub const MASK: &str = "********";

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigItem {
    pub key: String,
    /// `MASK` when `encrypted`.
    pub value: String,
    pub description: Option<String>,
    #[serde(default, with = "crate::eclipse::timestamps::optional")]
    pub last_modified: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
}

/// How the portal edits a key it knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigInput {
    /// One of these values, each with what it means.
    Choice(&'static [(&'static str, &'static str)]),
    /// `true` or `false`.
    Toggle,
    /// A regular expression.
    Regex,
    /// Positions, comma-separated (`TENANT_SYSTEM,LEVEL_03`).
    Positions,
    /// An amount and its currency (`5000.00 ZAR`), or nothing.
    Money,
    /// A whole number of hours, 1 to `MAX_HOURS`.
    Hours,
    /// Wallet ids, separated by commas (`101,102`), or nothing.
    WalletIds,
    /// A time zone of the IANA database (`Africa/Johannesburg`).
    TimeZone,
}

/// The longest a setting in hours may be: thirty days.
pub const MAX_HOURS: u32 = 720;

/// A setting's whole number of hours, 1 to `MAX_HOURS`, if it is one.
pub fn hours(value: &str) -> Option<u32> {
    value.trim().parse().ok().filter(|h| (1..=MAX_HOURS).contains(h))
}

/// A configuration key Eclipse acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownConfigKey {
    pub key: &'static str,
    /// What applies when the tenant has no value (or deletes its own).
    pub default: &'static str,
    pub description: &'static str,
    pub input: ConfigInput,
}

/// (ours) The four-eyes threshold on money: above it, a transfer is a request a second admin approves.
pub const TRANSFER_APPROVAL_ABOVE: &str = "transferApprovalAbove";
/// (ours) How long such a request waits.
pub const TRANSFER_REQUEST_HOURS: &str = "transferRequestHours";
/// (ours) How long a ratify result may wait for review before the dashboard counts it late.
pub const REVIEW_SLA_HOURS: &str = "reviewSlaHours";
/// (ours) The tenant's own wallets (float, fees, settlement), whose balance the dashboard shows.
pub const TENANT_WALLET_IDS: &str = "tenantWalletIds";
/// (ours) The tenant's time zone: the days and times of its reports.
pub const TIME_ZONE: &str = "timeZone";
pub const DEFAULT_TIME_ZONE: &str = "Africa/Johannesburg";
/// (ours) How the portal writes the tenant's amounts (`currencies::NumberLocale`).
pub const NUMBER_LOCALE: &str = "numberLocale";

/// The wallet ids a `tenantWalletIds` value names (`101, 102`).
pub fn wallet_ids(setting: &str) -> Result<Vec<i64>, String> {
    let ids = setting
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| {
            id.parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{id:?} is not a wallet id"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if ids.len() > 100 {
        return Err("at most 100 wallets".into());
    }
    Ok(ids)
}

pub const KNOWN_CONFIG_KEYS: &[KnownConfigKey] = &[
    KnownConfigKey {
        key: "cardManagementSystem",
        default: "",
        description: "Card management system; Postilion enables physical cards",
        input: ConfigInput::Choice(&[
            ("", "None: virtual cards only"),
            ("Postilion", "Postilion: physical cards too"),
        ]),
    },
    KnownConfigKey {
        key: "pciCompliant",
        default: "false",
        description: "true allows a PAN as a physical card identifier",
        input: ConfigInput::Toggle,
    },
    KnownConfigKey {
        key: "secondFactorPositions",
        default: "",
        description: "(ours) Positions that sign in with a one-time code (TOTP)",
        input: ConfigInput::Positions,
    },
    KnownConfigKey {
        key: TRANSFER_APPROVAL_ABOVE,
        default: "",
        description: "(ours) Transfers above this amount, such as 5000.00 ZAR, wait for a second admin's approval",
        input: ConfigInput::Money,
    },
    KnownConfigKey {
        key: TRANSFER_REQUEST_HOURS,
        default: "48",
        description: "(ours) Hours a transfer request waits for its second admin before it expires",
        input: ConfigInput::Hours,
    },
    KnownConfigKey {
        key: REVIEW_SLA_HOURS,
        default: "24",
        description: "(ours) Hours a ratify result may wait for review before the dashboard counts it as late",
        input: ConfigInput::Hours,
    },
    KnownConfigKey {
        key: TENANT_WALLET_IDS,
        default: "",
        description: "(ours) The tenant's own wallets (float, fees, settlement), such as 101,102: the dashboard shows their balance",
        input: ConfigInput::WalletIds,
    },
    KnownConfigKey {
        key: TIME_ZONE,
        default: DEFAULT_TIME_ZONE,
        description: "(ours) The tenant's time zone, such as Africa/Johannesburg: the days and times of its reports",
        input: ConfigInput::TimeZone,
    },
    KnownConfigKey {
        key: NUMBER_LOCALE,
        default: "en-ZA",
        description: "(ours) How the portal writes amounts: grouping, decimal mark and where the currency goes",
        input: ConfigInput::Choice(&[
            ("en-ZA", "South African English: R 30 963,54"),
            ("en-GB", "British English: ZAR 30,963.54"),
            ("en-US", "American English: ZAR 30,963.54, $1,500.00"),
            ("de-DE", "German: 30.963,54 ZAR"),
            ("fr-FR", "French: 30 963,54 ZAR"),
        ]),
    },
    KnownConfigKey {
        key: "passwordRegEx",
        default: "^.{8,64}$",
        description: "Rule for customer identity passwords",
        input: ConfigInput::Regex,
    },
];

pub fn known_config_key(key: &str) -> Option<&'static KnownConfigKey> {
    KNOWN_CONFIG_KEYS.iter().find(|k| k.key == key)
}

/// Prefix of a value Eclipse stores encrypted.
pub const ENCRYPT_PREFIX: &str = "Encrypt:";

/// What is wrong with a config write, as (field, problem), by the rules Eclipse and the portal share.
/// A regular expression's syntax is checked where a regex engine is at hand (the server).
pub fn config_write_problem(write: &ConfigWrite) -> Option<(&'static str, String)> {
    let key = write.key.trim();
    // Starting with a letter or digit keeps a key such as `..` from ever becoming a path segment.
    if key.len() > 100
        || !key.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !key.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Some((
            "key",
            "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"
                .into(),
        ));
    }
    if write.value == MASK || write.value.strip_prefix(ENCRYPT_PREFIX) == Some(MASK) {
        return Some(("value", "is the mask of an encrypted value, not a value".into()));
    }
    if write.value.len() > 4000 {
        return Some(("value", "must be at most 4000 characters".into()));
    }
    match known_config_key(key).map(|k| k.input) {
        Some(ConfigInput::Toggle) if !matches!(write.value.as_str(), "true" | "false") => {
            Some(("value", format!("of {key} must be true or false")))
        }
        Some(ConfigInput::Positions)
            if write
                .value
                .split(',')
                .filter(|p| !p.is_empty())
                .any(|p| p.parse::<crate::eclipse::positions::Position>().is_err()) =>
        {
            Some((
                "value",
                format!("of {key} must be positions separated by commas, such as TENANT_SYSTEM,LEVEL_03"),
            ))
        }
        Some(ConfigInput::Money) if !write.value.trim().is_empty() => {
            crate::eclipse::amount::parse_with_currency(&write.value)
                .err()
                .map(|why| ("value", format!("of {key} must be {why}")))
        }
        Some(ConfigInput::Hours) if hours(&write.value).is_none() => {
            Some((
                "value",
                format!("of {key} must be a whole number of hours from 1 to {MAX_HOURS}"),
            ))
        }
        // The zone database is the server's only: the browser leaves this check to it.
        #[cfg(feature = "ssr")]
        Some(ConfigInput::TimeZone) if write.value.trim().parse::<chrono_tz::Tz>().is_err() => Some((
            "value",
            format!("of {key} must be a time zone such as {DEFAULT_TIME_ZONE}"),
        )),
        Some(ConfigInput::WalletIds) => wallet_ids(&write.value)
            .err()
            .map(|why| ("value", format!("of {key} must be wallet ids separated by commas: {why}"))),
        Some(ConfigInput::Choice(options)) if !options.iter().any(|(v, _)| *v == write.value) => {
            let names: Vec<&str> = options
                .iter()
                .map(|(v, _)| if v.is_empty() { "empty" } else { *v })
                .collect();
            Some((
                "value",
                format!("of {key} must be one of: {}", names.join(", ")),
            ))
        }
        _ => None,
    }
}

/// A config write: one item (`POST T/config`, `PUT T/config/{key}`) or a row of the bulk upsert.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWrite {
    pub key: String,
    pub value: String,
    pub description: Option<String>,
}

#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WalletMode {
    ClosedLoopDigital,
    DebitReceiveonlyCard,
    PrepaidReceiveonlyCard,
    Crypto,
    System,
    BankAccount,
}

impl WalletMode {
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

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletType {
    pub wallet_type_id: i64,
    pub name: String,
    pub mode: WalletMode,
    pub configuration: Vec<Attribute>,
    pub version: i64,
}

/// Body of `POST` and `PUT T/wallet-types…`; `version` is required on updates.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletTypeWrite {
    pub wallet_type_id: Option<i64>,
    pub name: String,
    pub mode: WalletMode,
    #[serde(default)]
    pub configuration: Vec<Attribute>,
    pub version: Option<i64>,
}

/// KYC levels, in order: a wallet type's `kycLevel` is the least a customer needs.
#[apply(wire_enum!)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum KycLevel {
    #[default]
    None,
    Basic,
    Full,
}

fn is_number(v: &str) -> bool {
    v.trim().parse::<f64>().is_ok_and(|n| n.is_finite())
}

impl WalletTypeWrite {
    pub fn attribute(&self, att: &str) -> Option<&str> {
        self.configuration.iter().find(|a| a.att == att).map(|a| a.val.trim())
    }

    /// Every rule the write breaks, as (field, problem): the field is `name`, an attribute's name, or
    /// `configuration`. The sandbox refuses the first; the portal shows them all on their fields.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = vec![];
        let mut add = |field: &str, problem: &str| out.push((field.to_owned(), problem.to_owned()));
        if self.name.trim().is_empty() || self.name.len() > 100 {
            add("name", "must be 1 to 100 characters");
        }
        for (i, a) in self.configuration.iter().enumerate() {
            if a.att.trim().is_empty() {
                add("configuration", "has an attribute without a name");
            } else if self.configuration[..i].iter().any(|b| b.att.trim() == a.att.trim()) {
                add("configuration", &format!("names {} more than once", a.att.trim()));
            }
        }
        match self.attribute("Currency") {
            Some(c) if crate::eclipse::currencies::is_currency(c) => {}
            Some(_) => add("Currency", "must be an ISO 4217 code such as ZAR"),
            None if self.mode.is_digital() => {
                add("Currency", "is required for a digital wallet type")
            }
            None => {}
        }
        for att in ["minBalance", "maxBalance", "dailyDebitLimit"] {
            if self.attribute(att).is_some_and(|v| !is_number(v)) {
                add(att, "must be a number");
            }
        }
        let number = |att: &str| {
            self.attribute(att).filter(|v| is_number(v)).map(|v| v.parse::<f64>().unwrap_or(0.0))
        };
        if let (Some(min), Some(max)) = (number("minBalance"), number("maxBalance")) {
            if min > max {
                add("minBalance", "must not exceed maxBalance");
            }
        }
        if number("dailyDebitLimit").is_some_and(|v| v < 0.0) {
            add("dailyDebitLimit", "must not be negative");
        }
        for att in ["alwaysCreateCard", "barredWalletsAllowDeposits"] {
            if self.attribute(att).is_some_and(|v| v != "true" && v != "false") {
                add(att, "must be true or false");
            }
        }
        if self.attribute("kycLevel").is_some_and(|v| KycLevel::parse(v).is_none()) {
            add("kycLevel", "must be NONE, BASIC or FULL");
        }
        out
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

    fn write(mode: WalletMode, config: &[(&str, &str)]) -> WalletTypeWrite {
        WalletTypeWrite {
            wallet_type_id: None,
            name: "Digital Wallet ZAR".into(),
            mode,
            configuration: config
                .iter()
                .map(|(a, v)| Attribute { att: (*a).into(), val: (*v).into() })
                .collect(),
            version: None,
        }
    }

    #[test]
    fn wallet_type_rules_name_each_broken_attribute() {
        assert!(write(
            WalletMode::ClosedLoopDigital,
            &[("Currency", "ZAR"), ("kycLevel", "BASIC")]
        )
        .problems()
        .is_empty());
        let fields =
            |w: WalletTypeWrite| w.problems().into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(write(WalletMode::ClosedLoopDigital, &[])), ["Currency"]);
        assert_eq!(fields(write(WalletMode::System, &[])), Vec::<String>::new());
        assert_eq!(fields(write(WalletMode::System, &[("Currency", "ZZZ")])), ["Currency"]);
        assert_eq!(
            fields(write(WalletMode::System, &[("minBalance", "10"), ("maxBalance", "5")])),
            ["minBalance"]
        );
        assert_eq!(
            fields(write(
                WalletMode::System,
                &[("dailyDebitLimit", "-1"), ("alwaysCreateCard", "yes")]
            )),
            ["dailyDebitLimit", "alwaysCreateCard"]
        );
        assert_eq!(
            fields(write(WalletMode::System, &[("x", "1"), ("x", "2"), ("kycLevel", "HIGH")])),
            ["configuration", "kycLevel"]
        );
    }

    #[test]
    fn config_rules_follow_the_known_keys() {
        let w = |key: &str, value: &str| ConfigWrite {
            key: key.into(),
            value: value.into(),
            description: None,
        };
        assert!(config_write_problem(&w("pciCompliant", "true")).is_none());
        assert!(config_write_problem(&w("pciCompliant", "yes")).is_some());
        assert!(config_write_problem(&w("cardManagementSystem", "Postilion")).is_none());
        assert!(config_write_problem(&w("cardManagementSystem", "Other")).is_some());
        assert!(config_write_problem(&w(TRANSFER_APPROVAL_ABOVE, "5000.00 ZAR")).is_none());
        assert!(config_write_problem(&w(TRANSFER_APPROVAL_ABOVE, "")).is_none(), "no threshold");
        assert!(config_write_problem(&w(TRANSFER_APPROVAL_ABOVE, "5000")).is_some());
        assert!(config_write_problem(&w(TRANSFER_APPROVAL_ABOVE, "5.001 ZAR")).is_some());
        assert!(config_write_problem(&w(TRANSFER_REQUEST_HOURS, "24")).is_none());
        assert!(config_write_problem(&w(TRANSFER_REQUEST_HOURS, "0")).is_some());
        assert!(config_write_problem(&w(TRANSFER_REQUEST_HOURS, "721")).is_some());
        assert_eq!(config_write_problem(&w("bad key", "x")).map(|p| p.0), Some("key"));
        assert_eq!(config_write_problem(&w("..", "x")).map(|p| p.0), Some("key"));
        assert_eq!(
            config_write_problem(&w("apiSecret", "Encrypt:********")).map(|p| p.0),
            Some("value")
        );
        assert!(config_write_problem(&w("apiSecret", "Encrypt:s3cret")).is_none());
    }

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
