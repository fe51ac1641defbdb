//! Eclipse's time format: ISO-8601 UTC with milliseconds (`2026-05-19T10:00:00.000Z`).
use chrono::{DateTime, SecondsFormat, Utc};

pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn now() -> String {
    format(Utc::now())
}

pub fn from_epoch_secs(secs: i64) -> String {
    format(DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_like_the_vendor() {
        assert_eq!(super::from_epoch_secs(1_779_184_800), "2026-05-19T10:00:00.000Z");
    }
}
