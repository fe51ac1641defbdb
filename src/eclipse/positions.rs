//! Positions and what each may do: the table in `docs/sandbox.md`, as one definition used by the navigation, the
//! portal's server-side guard and the sandbox alike.
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum Position {
    #[strum(serialize = "LEVEL_01")]
    Level01,
    #[strum(serialize = "LEVEL_02")]
    Level02,
    #[strum(serialize = "LEVEL_03")]
    Level03,
    TenantSystem,
    KycReviewer,
}

/// What a request needs; each position grants a set of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Tenant, config (masked), wallet types, admin users, customers, addresses, wallets, cards, transactions.
    ReadBasics,
    /// Documents (with their bytes), ratify results, OCR data.
    ReadKyc,
    /// Create and update customers (not their status), addresses, documents, identities; ratify; wallets.
    EditCustomers,
    /// Customer, wallet and card status, withdrawal cancel, transfers.
    ChangeStatus,
    /// Tenant details and config, wallet types, admin users.
    ManageTenant,
    /// List and decide ratify results awaiting manual verification.
    ReviewKyc,
}

impl Position {
    pub fn label(self) -> &'static str {
        match self {
            Position::Level01 => "Level 1 (read)",
            Position::Level02 => "Level 2 (customers)",
            Position::Level03 => "Level 3 (status, transfers)",
            Position::TenantSystem => "Tenant system (everything)",
            Position::KycReviewer => "KYC reviewer",
        }
    }

    pub fn grants(self, capability: Capability) -> bool {
        use Capability::*;
        use Position::*;
        matches!(
            (self, capability),
            (TenantSystem, _)
                | (_, ReadBasics)
                | (Level02 | Level03 | KycReviewer, ReadKyc)
                | (Level02 | Level03, EditCustomers)
                | (Level03, ChangeStatus)
                | (KycReviewer, ReviewKyc)
        )
    }
}

/// Positions are cumulative: any one of them granting a capability is enough.
pub fn allows(positions: &[Position], capability: Capability) -> bool {
    positions.iter().any(|p| p.grants(capability))
}

/// Known positions among role names; names this portal does not know grant nothing.
pub fn parse_roles<S: AsRef<str>>(roles: &[S]) -> Vec<Position> {
    roles.iter().filter_map(|r| Position::parse(r.as_ref())).collect()
}

impl From<Position> for String {
    fn from(p: Position) -> String {
        p.as_str().to_owned()
    }
}

impl TryFrom<String> for Position {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Position::parse(&s).ok_or_else(|| format!("unknown position {s}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;
    use Position::*;

    #[test]
    fn the_position_table_of_api_md() {
        let row = |c| Position::VARIANTS.iter().map(|p| p.grants(c)).collect::<Vec<_>>();
        //                         L01    L02    L03    TS    KYC
        assert_eq!(row(ReadBasics), [true, true, true, true, true]);
        assert_eq!(row(ReadKyc), [false, true, true, true, true]);
        assert_eq!(row(EditCustomers), [false, true, true, true, false]);
        assert_eq!(row(ChangeStatus), [false, false, true, true, false]);
        assert_eq!(row(ManageTenant), [false, false, false, true, false]);
        assert_eq!(row(ReviewKyc), [false, false, false, true, true]);
    }

    #[test]
    fn names_round_trip_and_unknown_roles_grant_nothing() {
        for &p in Position::VARIANTS {
            assert_eq!(Position::parse(p.as_str()), Some(p));
        }
        assert_eq!(parse_roles(&["LEVEL_02", "CUSTOMER", "level_01"]), vec![Level02]);
        assert!(!allows(&parse_roles(&["CUSTOMER"]), ReadBasics));
        assert!(allows(&[Level01, KycReviewer], ReviewKyc));
    }

    #[test]
    fn serde_uses_the_eclipse_names() {
        assert_eq!(serde_json::to_string(&TenantSystem).unwrap(), "\"TENANT_SYSTEM\"");
        assert!(serde_json::from_str::<Position>("\"ADMIN\"").is_err());
    }
}
