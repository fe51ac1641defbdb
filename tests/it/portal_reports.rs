//! Tenant reports through the portal: a small one sent at once as CSV or Excel, a large one made as a job
//! and downloaded when ready, a capped one that says so, and each only for those who may.
use crate::portal::{Admin, Portal};
use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use serde_json::Value;
use std::time::Duration;

fn form(kind: &str, from: &str, to: &str, format: &str) -> String {
    format!("form[kind]={kind}&form[from]={from}&form[to]={to}&form[format]={format}")
}

async fn ask(admin: &Admin<'_>, body: &str) -> Value {
    admin.call("/api/reports/ask", body).await
}

async fn download(admin: &Admin<'_>, href: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    admin.portal.get_bytes(href, &admin.cookie).await
}

fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn sheet(bytes: Vec<u8>) -> (String, Vec<Vec<Data>>) {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("an Excel file");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    (name, range.rows().map(|r| r.to_vec()).collect())
}

#[tokio::test]
async fn a_small_report_is_sent_at_once_as_csv_or_excel() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.level1").await;
    let answer = ask(&admin, &form("transaction-summary", "2026-10-01", "2026-10-31", "csv")).await;
    let href = answer["Done"]["File"]["href"].as_str().expect("sent at once").to_owned();
    let (status, headers, bytes) = download(&admin, &href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("transaction-summary-2026-10-01-to-2026-10-31.csv"));
    let records = csv_records(&bytes);
    assert_eq!(
        records[0],
        ["day (UTC)", "currency", "transactions", "money in", "money out", "net"]
    );
    assert!(records.len() > 31, "a line a day and currency: {}", records.len());
    for line in &records[1..] {
        assert!(line[0].starts_with("2026-10-"), "{line:?}");
        // Plain numbers with the currency's two decimals.
        for amount in &line[3..] {
            let (_, cents) = amount.trim_start_matches('-').split_once('.').expect("decimals");
            assert_eq!(cents.len(), 2, "{line:?}");
        }
    }

    let answer =
        ask(&admin, &form("transaction-summary", "2026-10-01", "2026-10-31", "xlsx")).await;
    let href = answer["Done"]["File"]["href"].as_str().unwrap().to_owned();
    let (status, headers, bytes) = download(&admin, &href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let (name, rows) = sheet(bytes);
    assert_eq!(name, "Transaction summary");
    assert_eq!(rows[0][0], Data::String("Transaction summary, 2026-10-01 to 2026-10-31".into()));
    assert!(
        matches!(&rows[1][0], Data::String(s) if s.starts_with("Times in Africa/Johannesburg."))
    );
    assert_eq!(rows[3][0], Data::String("day (UTC)".into()));
    assert_eq!(rows.len() - 4, records.len() - 1, "the same rows as the CSV");
    assert!(matches!(rows[4][2], Data::Float(n) if n >= 1.0), "counts are numbers: {:?}", rows[4]);

    // Checked on the field, and only for those who may.
    let bad = ask(&admin, &form("transaction-summary", "2026-10-31", "2026-10-01", "csv")).await;
    assert_eq!(bad["Invalid"][0]["field"], "to");
    let refused = admin
        .answer("/api/reports/ask", &form("audit-log", "2026-10-01", "2026-10-31", "csv"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (status, _, _) =
        download(&admin, "/reports/file?kind=audit-log&from=2026-10-01&to=2026-10-31&format=csv")
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_large_report_is_made_as_a_job_capped_and_kept_for_its_admin() {
    let portal = Portal::start_with(|config| {
        config.reports.direct_rows = 5;
        config.reports.cap_rows = 30;
    })
    .await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    let answer = ask(&admin, &form("card-transactions", "2026-08-01", "2026-10-31", "csv")).await;
    let job = &answer["Done"]["Job"];
    let id = job["job_id"].as_str().expect("made as a job").to_owned();
    let total = job["total_rows"].as_u64().unwrap();
    assert!(total > 30, "more card transactions than the cap: {total}");
    let mut progress = Value::Null;
    for _ in 0..100 {
        progress = admin.call("/api/reports/job", &format!("job_id={id}")).await;
        if progress["status"] != "Running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(progress["status"], "Done", "{progress}");
    assert_eq!(progress["done_rows"], 30);

    let (status, _, bytes) = download(&admin, &format!("/reports/jobs/{id}.csv")).await;
    assert_eq!(status, StatusCode::OK);
    let records = csv_records(&bytes);
    assert_eq!(records[0][3], "date (Africa/Johannesburg)");
    assert_eq!(records.len(), 1 + 30 + 1, "the heading, the capped rows and the cap's note");
    assert!(
        records[31][0].starts_with("Capped: this report holds the first 30 of "),
        "{:?}",
        records[31]
    );
    let dates: Vec<&str> = records[1..31].iter().map(|r| r[3].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "in time order");
    assert!(dates[0] >= "2026-08-01 00:00:00", "local days: {}", dates[0]);

    let (status, _, bytes) = download(&admin, &format!("/reports/jobs/{id}.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    let (name, rows) = sheet(bytes);
    assert_eq!(name, "Card transactions");
    assert!(matches!(&rows[2][0], Data::String(s) if s.starts_with("Capped:")));
    assert_eq!(rows.len(), 5 + 30, "title, zone, cap, a blank line, headings, and the rows");
    assert!(matches!(rows[5][3], Data::DateTime(_)), "times are dates in Excel: {:?}", rows[5][3]);

    let mine = admin.call("/api/reports/mine", "").await;
    assert_eq!(mine[0]["job_id"], id.as_str());
    // Another admin of the tenant neither sees nor downloads it.
    let other = Admin::sign_in(&portal, "mzansi.level3").await;
    let (status, _, _) = download(&other, &format!("/reports/jobs/{id}.csv")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(other.call("/api/reports/mine", "").await, serde_json::json!([]));
}
