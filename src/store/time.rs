//! Instants as the store keeps them: RFC 3339 text with milliseconds in both engines, so that they compare as
//! text and read the same everywhere (sqlx's `Any` driver has no date type).
use crate::eclipse::timestamps;
use chrono::{DateTime, Utc};
use sqlx::{
    any::{Any, AnyTypeInfo, AnyValueRef},
    error::BoxDynError,
    Decode, Type,
};

/// A stored instant as read, NULL included. `try_into` makes it a `DateTime<Utc>` (or an `Option` of one);
/// a row struct names it in `#[sqlx(try_from = "StoredTime")]`.
pub struct StoredTime(Option<String>);

impl Type<Any> for StoredTime {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for StoredTime {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        <Option<String> as Decode<'r, Any>>::decode(value).map(StoredTime)
    }
}

fn unreadable(what: String) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored time {what}").into())
}

impl TryFrom<StoredTime> for Option<DateTime<Utc>> {
    type Error = sqlx::Error;

    fn try_from(stored: StoredTime) -> Result<Self, sqlx::Error> {
        stored
            .0
            .map(|text| timestamps::parse(&text).ok_or_else(|| unreadable(format!("{text:?}"))))
            .transpose()
    }
}

impl TryFrom<StoredTime> for DateTime<Utc> {
    type Error = sqlx::Error;

    fn try_from(stored: StoredTime) -> Result<Self, sqlx::Error> {
        Option::<DateTime<Utc>>::try_from(stored)?.ok_or_else(|| unreadable("is NULL".into()))
    }
}
