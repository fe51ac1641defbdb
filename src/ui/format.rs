//! Times as pages write them for people: in UTC, as the whole portal shows them, in ISO order. Every page
//! formats a date or an instant here, never by slicing the wire's text.
use chrono::{DateTime, Datelike, Utc};

/// `2026-05-19`: a date, or the day of an instant in UTC.
pub fn date(day: &impl Datelike) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

/// `2026-05-19 10:00`: an instant to the minute, in UTC.
pub fn date_time(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// `10:00`: the time of an instant in UTC, for today's events (a claim's end).
pub fn time_of_day(at: &DateTime<Utc>) -> String {
    at.format("%H:%M").to_string()
}

/// `2026-05-19 10:00:59`: an instant to the second, in UTC (where lines happen within a minute).
pub fn date_time_to_second(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_read_in_iso_order() {
        let at = DateTime::parse_from_rfc3339("2026-05-19T23:30:59.999-02:00").unwrap().to_utc();
        assert_eq!(
            (date(&at), date_time(&at), date_time_to_second(&at), time_of_day(&at)),
            (
                "2026-05-20".to_owned(),
                "2026-05-20 01:30".to_owned(),
                "2026-05-20 01:30:59".to_owned(),
                "01:30".to_owned()
            )
        );
        assert_eq!(date(&chrono::NaiveDate::from_ymd_opt(990, 3, 5).unwrap()), "0990-03-05");
    }
}
