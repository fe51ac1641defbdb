//! Eclipse's wire models: plain serde types used by the client, the sandbox and the pages alike.
//! Field names follow the vendor's request and response examples exactly (camelCase); those examples are kept
//! as the project's fixtures in `tests/fixtures/eclipse/`, and `docs/sandbox.md` says where we go beyond them.
use super::{positions::Position, ErrorCode};
use chrono::{DateTime, Utc};
use macro_rules_attribute::apply;
use serde::{Deserialize, Serialize};

/// Eclipse's enums by their wire names, both ways: strum derives them from the variants (named as serde
/// names them, `tests::enums_name_themselves_as_serde_does` holds the two together); these are the calls
/// every caller makes. Each displays as its wire name.
macro_rules! wire_names {
    ($($name:ty),+ $(,)?) => {$(
        impl $name {
            pub fn as_str(self) -> &'static str {
                self.into()
            }
            pub fn parse(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

// Its serde goes through `String` (`positions.rs`); the other enums get their names from `wire_enum!`.
wire_names!(Position);

/// How a record travels, declared once for every wire type (`#[apply(wire!)]` above the type's own derives):
/// serde both ways, members in camelCase as the vendor names them, and an absent optional member left out of
/// the JSON, as the vendor's examples leave it out.
macro_rules! wire {
    ($($item:tt)*) => {
        // Before the derive, which must see the `skip_serializing_if` this adds to each `Option` member.
        #[::serde_with::skip_serializing_none]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        $($item)*
    };
}

/// `wire!` for the records whose vendor examples carry an absent optional member as `null`.
macro_rules! wire_with_nulls {
    ($($item:tt)*) => {
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        $($item)*
    };
}

/// An enum of names (`#[apply(wire_enum!)]` above its own derives): on the wire, in the store, forms and URLs
/// alike by its SCREAMING_SNAKE_CASE name, with `wire_names!`'s `as_str` and `parse`.
macro_rules! wire_enum {
    ($(#[$($attr:tt)*])* pub enum $name:ident { $($variants:tt)* }) => {
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        #[derive(::strum::IntoStaticStr, ::strum::EnumString, ::strum::VariantArray)]
        #[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
        $(#[$($attr)*])*
        pub enum $name { $($variants)* }
        wire_names!($name);
    };
}

/// `Debug` for a type that carries a secret (a password, a token, a document's bytes): only the fields named,
/// then `..`. `label: field.method()` shows what the method makes of a field (a length, say).
macro_rules! debug_showing {
    ($name:ident { $($label:ident $(: $field:ident.$method:ident())?),+ $(,)? }) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(
                        stringify!($label),
                        &debug_showing!(@value self $label $($field $method)?),
                    ))+
                    .finish_non_exhaustive()
            }
        }
    };
    // `self` travels as a token of this macro: a caller's `self` would not name the method's receiver.
    (@value $this:ident $field:ident) => { $this.$field };
    (@value $this:ident $label:ident $field:ident $method:ident) => { $this.$field.$method() };
}
pub(crate) use debug_showing;

/// One entry of the JSON array Eclipse answers errors with.
#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorItem {
    #[serde(rename = "type")]
    pub kind: String,
    pub severity: String,
    pub description: String,
    pub code: ErrorCode,
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    pub environment: Option<String>,
    /// (ours) The request field a `VAL001` is about, in the request's own names (`dateOfBirth`). The vendor
    /// documents no such member: the sandbox sends it, a real Eclipse will not, and without it the error is
    /// exactly the vendor's shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[apply(wire_with_nulls!)]
#[derive(Clone)]
pub struct LoginRequest {
    pub identity: String,
    pub password: String,
    /// (ours) The second factor's one-time code, for a client that has it at once; the portal asks for it
    /// in a second step instead (`SecondFactorRequest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
}

debug_showing!(LoginRequest { identity });

#[apply(wire_with_nulls!)]
#[derive(Clone)]
pub struct LoginResponse {
    pub header_name: String,
    /// `Bearer <jwt>`: a secret, never logged nor sent to the browser.
    pub header_value: String,
    pub session_id: String,
    pub tenant_id: i64,
    pub roles: Vec<String>,
    #[serde(with = "super::timestamps")]
    pub expires: DateTime<Utc>,
    pub expires_epoch_secs: i64,
    pub csrf_header_name: String,
    pub csrf_token: String,
}

debug_showing!(LoginResponse { tenant_id, roles, expires });

/// What `POST /authentication/login` answers: a token, or (ours) the second step a right password leads to
/// when the user has enrolled a second factor or their tenant requires one for their positions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LoginAnswer {
    SignedIn(LoginResponse),
    SecondFactor(SecondFactorChallenge),
}

/// (ours) The password was right; the sign-in goes on with `POST /authentication/second-factor`.
#[apply(wire_with_nulls!)]
#[derive(Clone)]
pub struct SecondFactorChallenge {
    pub second_factor: SecondFactorStep,
    /// Names this sign-in for five minutes; a secret, as a token is.
    pub second_factor_token: String,
}

debug_showing!(SecondFactorChallenge { second_factor });

/// (ours) Whether the user enters a code of the factor they have, or enrols one first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SecondFactorStep {
    Code,
    Enrol,
}

/// (ours) Body of `POST /authentication/second-factor`: the code, for the sign-in the token names. For a user
/// enrolling, the first right code confirms the secret of `POST /authentication/second-factor/enrolment`.
#[apply(wire_with_nulls!)]
#[derive(Clone)]
pub struct SecondFactorRequest {
    pub second_factor_token: String,
    pub totp_code: String,
}

/// (ours) Body of `POST /authentication/second-factor/enrolment`.
#[apply(wire_with_nulls!)]
#[derive(Clone)]
pub struct EnrolmentRequest {
    pub second_factor_token: String,
}

/// (ours) A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s), shown once; it counts once a code confirms it.
#[apply(wire_with_nulls!)]
#[derive(Clone)]
pub struct TotpEnrolment {
    /// Base32, for typing into an authenticator by hand.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code holds.
    pub otpauth_uri: String,
}

#[apply(wire_with_nulls!)]
#[derive(Clone)]
pub struct RenewRequest {
    pub jwt: String,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub tenant_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub status: Option<String>,
    #[serde(default, with = "super::timestamps::optional")]
    pub created: Option<DateTime<Utc>>,
    #[serde(default, with = "super::timestamps::optional")]
    pub last_modified: Option<DateTime<Utc>>,
}

/// Body of `PUT T`: the fields it carries change.
#[apply(wire!)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenantUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AdminUserStatus {
    Active,
    Inactive,
}

#[apply(wire_with_nulls!)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUser {
    pub admin_user_id: i64,
    pub tenant_id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone1: Option<String>,
    pub identity: String,
    pub status: AdminUserStatus,
    pub positions: Vec<Position>,
    #[serde(with = "super::timestamps")]
    pub created: DateTime<Utc>,
}

impl AdminUser {
    pub fn full_name(&self) -> String {
        let parts = [self.first_name.as_deref(), self.last_name.as_deref()];
        parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
    }
}

/// Body of `POST T/admin-users`: a clear-text or bcrypt password, or an RSA public key instead.
#[apply(wire!)]
#[derive(Clone, PartialEq, Eq, Default)]
pub struct NewAdminUser {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone1: String,
    pub identity: String,
    pub password: Option<String>,
    pub base64_encoded_public_key: Option<String>,
    pub positions: Vec<Position>,
}

debug_showing!(NewAdminUser { identity, positions });

/// Body of `PUT T/admin-users/{id}`: only the fields present change.
#[apply(wire!)]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdminUserUpdate {
    pub admin_user_id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone1: Option<String>,
    pub positions: Option<Vec<Position>>,
    pub status: Option<AdminUserStatus>,
}

/// One page of a list, with the total when Eclipse reports it (`X-Total-Count`; optional at Eclipse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub offset: u32,
    pub limit: u32,
    pub total: Option<u64>,
}

/// Paging and sorting of a list request, in Eclipse's terms (`sort=field,asc|desc`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListParams {
    pub offset: u32,
    pub limit: u32,
    pub sort: Option<String>,
    /// Extra filters, already in Eclipse's parameter names.
    pub filters: Vec<(String, String)>,
}

impl ListParams {
    /// The first record whose `filter` parameter is `value`; the answer's total counts them all.
    pub fn first_where(filter: &str, value: impl Into<String>) -> Self {
        let filters = vec![(filter.to_owned(), value.into())];
        ListParams { limit: 1, filters, ..Default::default() }
    }

    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut q = vec![
            ("offset".to_owned(), self.offset.to_string()),
            ("limit".to_owned(), self.limit.to_string()),
        ];
        if let Some(sort) = &self.sort {
            q.push(("sort".to_owned(), sort.clone()));
        }
        q.extend(self.filters.iter().filter(|(_, v)| !v.is_empty()).cloned());
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    /// Every variant's strum name (the store, forms and URLs) is its serde name (the wire), and reads back.
    fn names_agree<T>()
    where
        T: VariantArray + Serialize + Copy + PartialEq + std::fmt::Debug + Into<&'static str>,
        T: std::str::FromStr,
    {
        for &variant in T::VARIANTS {
            let name: &'static str = variant.into();
            assert_eq!(serde_json::to_value(variant).unwrap(), name);
            assert!(name.parse::<T>().ok() == Some(variant), "{name} reads back");
        }
    }

    #[test]
    fn enums_name_themselves_as_serde_does() {
        names_agree::<WalletStatus>();
        names_agree::<WithdrawalStatus>();
        names_agree::<CardStatus>();
        names_agree::<CardOperation>();
        names_agree::<DocumentType>();
        names_agree::<VerifiedStatus>();
        names_agree::<CustomerStatus>();
        names_agree::<WalletMode>();
        names_agree::<KycLevel>();
        names_agree::<Position>();
        names_agree::<AuditCategory>();
        assert_eq!(WithdrawalStatus::ErrorPerm.as_str(), "ERROR_PERM");
        assert_eq!(Position::parse("LEVEL_03"), Some(Position::Level03));
        assert_eq!(KycLevel::parse("full"), None, "names are case-sensitive, as Eclipse's");
    }

    #[test]
    fn admin_user_matches_the_vendor_example() {
        let json = r#"{"adminUserId":10481,"tenantId":42,"firstName":"Aisha","lastName":"Petersen",
            "email":"aisha@example.com","phone1":"27829876543","identity":"aisha.petersen","status":"ACTIVE",
            "positions":["LEVEL_01"],"created":"2026-05-19T09:00:00.000Z"}"#;
        let user: AdminUser = serde_json::from_str(json).unwrap();
        assert_eq!(user.positions, vec![Position::Level01]);
        assert_eq!(user.full_name(), "Aisha Petersen");
        let back = serde_json::to_value(&user).unwrap();
        assert_eq!(back["adminUserId"], 10481);
        assert_eq!(back["status"], "ACTIVE");
        assert_eq!(
            back["created"], "2026-05-19T09:00:00.000Z",
            "times go back out in the vendor's format"
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let req = LoginRequest {
            identity: "a".into(),
            password: "hunter2".into(),
            totp_code: Some("424242".into()),
        };
        assert!(!format!("{req:?}").contains("hunter2"));
        assert!(!format!("{req:?}").contains("424242"));
        let challenge = SecondFactorChallenge {
            second_factor: SecondFactorStep::Code,
            second_factor_token: "step.jwt".into(),
        };
        assert!(!format!("{challenge:?}").contains("step.jwt"));
        let user = NewAdminUser { password: Some("hunter2".into()), ..Default::default() };
        assert!(!format!("{user:?}").contains("hunter2"));
    }

    #[test]
    fn update_sends_only_present_fields() {
        let u =
            AdminUserUpdate { admin_user_id: 1, email: Some("x@y.z".into()), ..Default::default() };
        assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"adminUserId":1,"email":"x@y.z"}"#);
    }
}

mod audit;
mod customers;
mod kyc;
mod reports;
mod tenant;
mod wallets;
pub use audit::*;
pub use customers::*;
pub use kyc::*;
pub use reports::*;
pub use tenant::*;
pub use wallets::*;
