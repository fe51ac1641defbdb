//! Eclipse's time formats, as the vendor's examples write them: an instant is ISO-8601 UTC with milliseconds
//! (`2026-05-19T10:00:00.000Z`), a date alone is `1990-03-15`.
//!
//! The wire models hold `DateTime<Utc>` and `NaiveDate`; the serde modules here write them in those formats
//! (chrono's own would drop the milliseconds of a whole second) and read any RFC 3339 instant.
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{de, Deserialize, Deserializer, Serializer};

pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Now, as stored text (the sandbox and the portal's store keep instants in Eclipse's format).
pub fn now() -> String {
    format(Utc::now())
}

pub fn from_epoch_secs(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// An instant in any RFC 3339 form (`Z` or an offset, with or without fractions), in UTC.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim()).ok().map(|t| t.to_utc())
}

/// What a date must look like: the problem a refused one is told.
pub const DATE_PROBLEM: &str = "must be a date like 1990-03-15";

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// `#[serde(with = "timestamps")]` for a `DateTime<Utc>`.
pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(*t))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).ok_or_else(|| {
        de::Error::custom(format_args!(
            "{text:?} is not an ISO-8601 instant like 2026-05-19T10:00:00.000Z"
        ))
    })
}

/// `#[serde(default, with = "timestamps::optional")]` for an `Option<DateTime<Utc>>` (`null` or absent is `None`).
pub mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        #[derive(Deserialize)]
        struct Instant(#[serde(with = "super")] DateTime<Utc>);
        Ok(Option::<Instant>::deserialize(d)?.map(|Instant(t)| t))
    }
}

/// `#[serde(default, with = "timestamps::date")]` for an `Option<NaiveDate>`: chrono's own format, with a
/// refusal that says what a date looks like.
pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            // An empty date is no date, as a form sends it.
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => {
                parse_date(&text).map(Some).ok_or_else(|| de::Error::custom(DATE_PROBLEM))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Record {
        #[serde(with = "super")]
        created: DateTime<Utc>,
        #[serde(default, with = "optional", skip_serializing_if = "Option::is_none")]
        verified_at: Option<DateTime<Utc>>,
        #[serde(default, with = "date", skip_serializing_if = "Option::is_none")]
        date_of_birth: Option<NaiveDate>,
    }

    #[test]
    fn formats_like_the_vendor() {
        assert_eq!(format(from_epoch_secs(1_779_184_800)), "2026-05-19T10:00:00.000Z");
    }

    #[test]
    fn wire_values_keep_the_vendors_text_and_any_rfc3339_is_read() {
        let json = r#"{"created":"2026-05-19T10:00:00.000Z","verified_at":"2026-05-19T12:30:00.250+02:00","date_of_birth":"1990-03-15"}"#;
        let record: Record = serde_json::from_str(json).unwrap();
        assert_eq!(record.created, from_epoch_secs(1_779_184_800));
        assert_eq!(
            serde_json::to_string(&record).unwrap(),
            r#"{"created":"2026-05-19T10:00:00.000Z","verified_at":"2026-05-19T10:30:00.250Z","date_of_birth":"1990-03-15"}"#
        );
        let bare: Record = serde_json::from_str(
            r#"{"created":"2026-05-19T10:00:00Z","verified_at":null,"date_of_birth":""}"#,
        )
        .unwrap();
        assert_eq!((bare.verified_at, bare.date_of_birth), (None, None));
        let refused = serde_json::from_str::<Record>(
            r#"{"created":"2026-05-19T10:00:00Z","date_of_birth":"15/03/1990"}"#,
        );
        assert!(refused.unwrap_err().to_string().starts_with(DATE_PROBLEM));
        assert!(serde_json::from_str::<Record>(r#"{"created":"yesterday"}"#).is_err());
    }
}
