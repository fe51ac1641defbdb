//! Eclipse's error codes (`AAANNN`): the vendor's, the sandbox's own, and any other kept as it came. They live
//! with the portal's errors (an `EclipseProblem` carries one) and `eclipse` re-exports them.
use serde::{Deserialize, Serialize};

/// The `code` of an Eclipse error item. On the wire it is the code itself (`"NFD001"`); a code not named
/// here is kept, not refused, since a real Eclipse may send codes its pages never listed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum ErrorCode {
    /// `USR002`: wrong identity or password (401).
    BadCredentials,
    /// `ARCH014`: the JWT has expired (401).
    TokenExpired,
    /// `SEC001`: the caller's position does not allow it, or the path is another tenant's (403).
    Forbidden,
    /// `VAL001`: a value breaks a rule (400).
    Validation,
    /// `JPE001`: the body is not JSON of the expected shape (400).
    UnparseableJson,
    /// `NUR001`: a lookup meant to find one record found several.
    NonUniqueResult,
    /// `RLT001`: too many requests (429).
    RateLimited,
    /// `DAE001`: a system behind Eclipse failed.
    DownstreamFailure,
    /// `UNK001`: an unknown error (500).
    Unknown,
    /// `AUT001` (ours): a missing, malformed, forged or logged-out token, or one whose user is gone or inactive (401).
    InvalidToken,
    /// `NFD001` (ours): no such record, or one of another tenant (404).
    NotFound,
    /// `VER001` (ours): the write was based on an older `version` than the stored one (409).
    StaleVersion,
    /// `DUP001` (ours): a record with this `externalUniqueId` (or identity, or key) exists (409).
    Duplicate,
    /// `STA001` (ours): not allowed in the record's current status (400).
    NotAllowedInStatus,
    /// `MFA001` (ours): the one-time code of the second factor is wrong, already used, or its sign-in has
    /// expired (401).
    SecondFactorRefused,
    /// Any other code, as it came.
    Other(String),
}

/// Each named code and its text, in one place: `as_str` and `From<String>` read this table.
const NAMED: [(ErrorCode, &str); 15] = [
    (ErrorCode::BadCredentials, "USR002"),
    (ErrorCode::TokenExpired, "ARCH014"),
    (ErrorCode::Forbidden, "SEC001"),
    (ErrorCode::Validation, "VAL001"),
    (ErrorCode::UnparseableJson, "JPE001"),
    (ErrorCode::NonUniqueResult, "NUR001"),
    (ErrorCode::RateLimited, "RLT001"),
    (ErrorCode::DownstreamFailure, "DAE001"),
    (ErrorCode::Unknown, "UNK001"),
    (ErrorCode::InvalidToken, "AUT001"),
    (ErrorCode::NotFound, "NFD001"),
    (ErrorCode::StaleVersion, "VER001"),
    (ErrorCode::Duplicate, "DUP001"),
    (ErrorCode::NotAllowedInStatus, "STA001"),
    (ErrorCode::SecondFactorRefused, "MFA001"),
];

impl ErrorCode {
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Other(code) => code,
            named => {
                NAMED.iter().find(|(c, _)| c == named).map(|(_, text)| *text).unwrap_or_default()
            }
        }
    }
}

impl From<String> for ErrorCode {
    fn from(code: String) -> ErrorCode {
        NAMED
            .iter()
            .find(|(_, text)| *text == code)
            .map(|(c, _)| c.clone())
            .unwrap_or(ErrorCode::Other(code))
    }
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> ErrorCode {
        ErrorCode::from(code.to_owned())
    }
}

impl From<ErrorCode> for String {
    fn from(code: ErrorCode) -> String {
        match code {
            ErrorCode::Other(code) => code,
            named => named.as_str().to_owned(),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_travel_as_their_text_and_unknown_ones_are_kept() {
        for (code, text) in NAMED {
            assert_eq!(code.as_str(), text);
            assert_eq!(serde_json::to_value(&code).unwrap(), text);
            assert_eq!(serde_json::from_value::<ErrorCode>(text.into()).unwrap(), code);
        }
        let other: ErrorCode = serde_json::from_str(r#""ABC123""#).unwrap();
        assert_eq!(other, ErrorCode::Other("ABC123".into()));
        assert_eq!(serde_json::to_string(&other).unwrap(), r#""ABC123""#);
    }
}
