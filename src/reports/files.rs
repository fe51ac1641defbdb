//! A report's file: CSV (its lines written as the rows come, so it streams) or Excel (built whole). Times are
//! the tenant's, and the time columns say which zone; amounts keep their currency's decimals; a report cut at
//! cap says so in the file. CSV cells are quoted and defused as every download's are.
use super::{
    cap_note,
    rows::{columns, Cell, Row},
    ReportAsk,
};
use crate::eclipse::currencies;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The columns that hold instants: their headings name the time zone.
const TIME_COLUMNS: &[&str] = &["created", "last changed", "date", "joined", "last ratify", "at"];

/// What heads each column, the time zone said where times are.
pub fn headings(ask: &ReportAsk, tz: Tz) -> Vec<String> {
    columns(ask.kind)
        .iter()
        .map(|name| {
            if TIME_COLUMNS.contains(name) {
                format!("{name} ({tz})")
            } else {
                (*name).to_owned()
            }
        })
        .collect()
}

/// The file's name: the report, its range and its format.
pub fn file_name(ask: &ReportAsk) -> String {
    format!("{}-{}-to-{}.{}", ask.kind.slug(), ask.from, ask.to, ask.format.extension())
}

fn local(at: &DateTime<Utc>, tz: Tz) -> chrono::NaiveDateTime {
    at.with_timezone(&tz).naive_local()
}

fn decimals(currency: &str) -> usize {
    currencies::decimals(currency).unwrap_or(2) as usize
}

/// The CSV's first line.
pub fn csv_head(ask: &ReportAsk, tz: Tz) -> String {
    let cells: Vec<String> = headings(ask, tz).iter().map(|h| crate::csv::cell(h)).collect();
    format!("{}\r\n", cells.join(","))
}

/// Lines of CSV: numbers plain (a decimal point, no grouping), times as `YYYY-MM-DD HH:MM:SS` in `tz`.
pub fn csv_lines(rows: &[Row], tz: Tz) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => crate::csv::cell(text),
                Cell::Int(n) => n.to_string(),
                Cell::Money { amount, currency } => format!("{amount:.*}", decimals(currency)),
                Cell::Time(at) => local(at, tz).format("%Y-%m-%d %H:%M:%S").to_string(),
                Cell::Day(day) => day.to_string(),
                Cell::Empty => String::new(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The last line of a capped CSV.
pub fn csv_cap_line(total: u64, cap: u64) -> String {
    format!("{}\r\n", crate::csv::cell(&cap_note(total, cap)))
}

/// The whole Excel file: a title, the time zone and who made it, the cap's note when cut, then the table
/// under frozen headings.
pub fn xlsx(
    ask: &ReportAsk,
    tz: Tz,
    made: (&str, DateTime<Utc>),
    rows: &[Row],
    (total, cap): (u64, u64),
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(ask.kind.title())?;
    let bold = Format::new().set_bold();
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let amounts: Vec<Format> = (0..=4)
        .map(|d| {
            let fraction = if d == 0 { String::new() } else { format!(".{}", "0".repeat(d)) };
            Format::new().set_num_format(format!("#,##0{fraction}"))
        })
        .collect();
    sheet.write_string_with_format(
        0,
        0,
        format!("{}, {} to {}", ask.kind.title(), ask.from, ask.to),
        &bold,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "Times in {tz}. Made by {} at {} ({tz}).",
            made.0,
            local(&made.1, tz).format("%Y-%m-%d %H:%M")
        ),
    )?;
    let mut top = 3;
    if total > cap {
        sheet.write_string_with_format(2, 0, cap_note(total, cap), &bold)?;
        top = 4;
    }
    for (col, heading) in headings(ask, tz).iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, heading, &bold)?;
    }
    sheet.set_freeze_panes(top + 1, 0)?;
    for (i, row) in rows.iter().enumerate() {
        let r = top + 1 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(text) => sheet.write_string(r, c, text)?,
                Cell::Int(n) => sheet.write_number(r, c, *n as f64)?,
                Cell::Money { amount, currency } => {
                    let format = &amounts[decimals(currency).min(4)];
                    sheet.write_number_with_format(r, c, *amount, format)?
                }
                Cell::Time(at) => sheet.write_datetime_with_format(r, c, local(at, tz), &time)?,
                Cell::Day(d) => sheet.write_date_with_format(r, c, *d, &day)?,
                Cell::Empty => continue,
            };
        }
    }
    sheet.autofit();
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::{FileFormat, ReportKind};

    fn ask(kind: ReportKind) -> ReportAsk {
        ReportAsk {
            kind,
            from: "2026-10-01".parse().unwrap(),
            to: "2026-10-31".parse().unwrap(),
            format: FileFormat::Csv,
        }
    }

    #[test]
    fn csv_keeps_plain_numbers_the_currency_decimals_and_local_times() {
        let tz: Tz = "Africa/Johannesburg".parse().unwrap();
        let at = "2026-10-01T22:30:00Z".parse::<DateTime<Utc>>().unwrap();
        let rows = vec![vec![
            Cell::Text("tx-1".into()),
            Cell::Int(101),
            Cell::Int(7),
            Cell::Time(at),
            Cell::Text("=cmd".into()),
            Cell::Text("Shop, \"Cape Town\"".into()),
            Cell::Money { amount: -1500.5, currency: "ZAR".into() },
            Cell::Money { amount: 12.0, currency: "JPY".into() },
        ]];
        assert_eq!(
            csv_head(&ask(ReportKind::CardTransactions), tz),
            "\"transaction id\",\"wallet id\",\"customer id\",\"date (Africa/Johannesburg)\",\"type\",\"description\",\"amount\",\"currency\"\r\n"
        );
        assert_eq!(
            csv_lines(&rows, tz),
            "\"tx-1\",101,7,2026-10-02 00:30:00,\"'=cmd\",\"Shop, \"\"Cape Town\"\"\",-1500.50,12\r\n"
        );
        assert!(csv_cap_line(123_456, 100_000).contains("first 100000 of 123456 rows"));
        assert_eq!(
            file_name(&ask(ReportKind::KycStatus)),
            "kyc-status-2026-10-01-to-2026-10-31.csv"
        );
    }

    /// The Excel file of a capped report: its time and the process's peak memory (`--ignored`, measured for
    /// `docs/operations.md`).
    #[test]
    #[ignore]
    fn an_excel_file_of_100k_rows() {
        let peak = || {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            status.lines().find(|l| l.starts_with("VmHWM")).unwrap_or_default().to_owned()
        };
        let tz: Tz = "Africa/Johannesburg".parse().unwrap();
        let at = "2026-10-01T22:30:00Z".parse::<DateTime<Utc>>().unwrap();
        let rows: Vec<Row> = (0..100_000)
            .map(|i| {
                vec![
                    Cell::Text(format!("tx-{i:08}")),
                    Cell::Int(100 + i % 5000),
                    Cell::Int(i % 2000),
                    Cell::Time(at),
                    Cell::Text("tfr.debit.postilion.offus.pur.pos.domestic".into()),
                    Cell::Text(format!("Card purchase at shop {}", i % 300)),
                    Cell::Money { amount: -(i as f64) / 7.0, currency: "ZAR".into() },
                    Cell::Text("ZAR".into()),
                ]
            })
            .collect();
        println!("rows built: {}", peak());
        let started = std::time::Instant::now();
        let made = ("bench", at);
        let bytes = xlsx(&ask(ReportKind::CardTransactions), tz, made, &rows, (100_000, 100_000));
        println!("xlsx: {} bytes in {:?}, {}", bytes.unwrap().len(), started.elapsed(), peak());
        let started = std::time::Instant::now();
        println!("csv: {} bytes in {:?}", csv_lines(&rows, tz).len(), started.elapsed());
    }
}
