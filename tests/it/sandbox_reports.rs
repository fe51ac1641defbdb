//! The sandbox's tenant reports (`docs/sandbox.md`, "Tenant reports"): each summary adds up to what the lists
//! hold, follows a change at once, refuses what it cannot answer, and is read only by those who may.

use crate::common::*;
use axum::http::{Method, StatusCode};
use eclipse_admin::eclipse::ErrorCode;
use serde_json::{json, Value};

const REPORTS: &str = "/tenants/42/reports";

/// A report's rows, which must be answered.
async fn report(app: &axum::Router, token: &str, name_and_query: &str) -> Value {
    let (status, body) = get(app, token, &format!("{REPORTS}/{name_and_query}")).await;
    assert_eq!(status, StatusCode::OK, "{name_and_query}: {body}");
    body
}

/// A list's `X-Total-Count`.
async fn total(app: &axum::Router, token: &str, path: &str) -> u64 {
    let (status, headers, body) = call_full(app, Method::GET, path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    headers["x-total-count"].to_str().unwrap().parse().unwrap()
}

fn sum(rows: &Value, field: &str, keep: impl Fn(&Value) -> bool) -> f64 {
    rows.as_array().unwrap().iter().filter(|r| keep(r)).map(|r| r[field].as_f64().unwrap()).sum()
}

#[tokio::test]
async fn the_customer_summary_adds_up_to_the_customer_lists() {
    let (_dir, app, system) = started().await;
    let rows = report(&app, &system, "CUSTOMER_SUMMARY").await;
    let not_deleted = sum(&rows, "customers", |r| r["status"] != "DELETED");
    assert_eq!(not_deleted as u64, total(&app, &system, "/tenants/42/customers?limit=1").await);
    let barred = sum(&rows, "customers", |r| r["status"] == "BARRED");
    assert_eq!(
        barred as u64,
        total(&app, &system, "/tenants/42/customers?status=BARRED&limit=1").await
    );
    for level in ["NONE", "BASIC", "FULL"] {
        let counted =
            sum(&rows, "customers", |r| r["kycLevel"] == level && r["status"] != "DELETED");
        let listed =
            total(&app, &system, &format!("/tenants/42/customers?kycLevel={level}&limit=1")).await;
        assert_eq!(counted as u64, listed, "{level}");
    }
    assert!(not_deleted > 0.0);
    let (status, body) = get(&app, &system, "/tenants/42/customers?kycLevel=HIGH").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, ErrorCode::Validation);
}

#[tokio::test]
async fn a_transfer_counts_on_its_day_as_money_out_and_money_in() {
    let (_dir, app, system) = started().await;
    let (_, wallets) = get(&app, &system, "/tenants/42/wallets?status=ACTIVE&limit=2").await;
    let [from, to] = [0, 1].map(|i| wallets[i]["walletId"].as_i64().unwrap());
    let today = chrono::Utc::now().date_naive();
    let range = format!("dateFromIncl={today}&dateToExcl={}", today + chrono::Duration::days(1));
    let before = report(&app, &system, &format!("TRANSACTION_SUMMARY?{range}")).await;
    let transfer = json!({"fromWalletId": from, "toWalletId": to, "amount": 12.34,
        "externalUniqueId": "report-transfer-1", "description": "Report test"});
    let (status, body) = post(&app, &system, "/tenants/42/wallets/transfers", transfer).await;
    assert!(status.is_success(), "{body}");
    let after = report(&app, &system, &format!("TRANSACTION_SUMMARY?{range}")).await;
    let zar = |rows: &Value, field: &str| sum(rows, field, |r| r["currency"] == "ZAR");
    assert_eq!(zar(&after, "count") - zar(&before, "count"), 2.0, "one debit and one credit");
    assert!((zar(&after, "credits") - zar(&before, "credits") - 12.34).abs() < 1e-6);
    assert!((zar(&after, "debits") - zar(&before, "debits") - 12.34).abs() < 1e-6);
    assert_eq!(after[0]["day"], today.to_string());

    // The demo's 90 days before the seed date are there, a day each at most per currency.
    let seeded =
        report(&app, &system, "TRANSACTION_SUMMARY?dateFromIncl=2026-08-03&dateToExcl=2026-11-01")
            .await;
    assert!(seeded.as_array().unwrap().len() > 60, "{seeded}");
    for (query, field) in [
        ("dateFromIncl=2026-11-01&dateToExcl=2026-11-01", "dateFromIncl"),
        ("dateFromIncl=2025-01-01&dateToExcl=2026-11-01", "dateToExcl"),
    ] {
        let (status, body) =
            get(&app, &system, &format!("{REPORTS}/TRANSACTION_SUMMARY?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(body[0]["description"].as_str().unwrap().contains(field), "{body}");
    }
}

#[tokio::test]
async fn balances_sum_the_wallets_named_or_all_of_them() {
    let (_dir, app, system) = started().await;
    let (_, wallets) = get(&app, &system, "/tenants/42/wallets?limit=3").await;
    let ids: Vec<i64> =
        wallets.as_array().unwrap().iter().map(|w| w["walletId"].as_i64().unwrap()).collect();
    let named = report(
        &app,
        &system,
        &format!(
            "WALLET_BALANCE_SUMMARY?walletId={}",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
    )
    .await;
    let listed: f64 =
        wallets.as_array().unwrap().iter().map(|w| w["currentBalance"].as_f64().unwrap()).sum();
    let reserved: f64 =
        wallets.as_array().unwrap().iter().map(|w| w["reservations"].as_f64().unwrap()).sum();
    assert!((sum(&named, "currentBalance", |_| true) - listed).abs() < 0.005, "{named}");
    assert!((sum(&named, "reservations", |_| true) - reserved).abs() < 0.005, "{named}");
    assert_eq!(sum(&named, "wallets", |_| true) as usize, ids.len());
    let all = report(&app, &system, "WALLET_BALANCE_SUMMARY").await;
    assert_eq!(
        sum(&all, "wallets", |_| true) as u64,
        total(&app, &system, "/tenants/42/wallets?limit=1").await
    );
    for row in all.as_array().unwrap() {
        let available =
            row["currentBalance"].as_f64().unwrap() - row["reservations"].as_f64().unwrap();
        assert!((row["availableBalance"].as_f64().unwrap() - available).abs() < 0.005, "{row}");
    }
    let (status, _) =
        get(&app, &system, &format!("{REPORTS}/WALLET_BALANCE_SUMMARY?walletId=1,x")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_new_withdrawal_is_pending_in_the_youngest_band() {
    let (_dir, app, system) = started().await;
    let pending = |rows: &Value| {
        sum(rows, "count", |r| r["type"] == "ZA_NEDBANK_EFT" && r["ageBand"] == "0-1d")
    };
    let before = report(&app, &system, "WITHDRAWAL_SUMMARY?status=PENDING").await;
    assert!(sum(&before, "count", |_| true) > 0.0, "the demo has pending withdrawals: {before}");
    let (_, wallets) = get(&app, &system, "/tenants/42/wallets?status=ACTIVE&limit=1").await;
    let wallet = wallets[0]["walletId"].as_i64().unwrap();
    let withdrawal =
        json!({"type": "ZA_NEDBANK_EFT", "amount": 1.00, "description": "Report test"});
    let (status, body) =
        post(&app, &system, &format!("/tenants/42/wallets/{wallet}/withdrawals"), withdrawal).await;
    assert!(status.is_success(), "{body}");
    let after = report(&app, &system, "WITHDRAWAL_SUMMARY?status=PENDING").await;
    assert_eq!(pending(&after) - pending(&before), 1.0);
    let held = report(&app, &system, "RESERVATION_SUMMARY").await;
    assert!(held.as_array().unwrap().iter().all(|r| r["type"] == "RESERVATION"), "{held}");
}

#[tokio::test]
async fn the_review_queue_summary_is_for_reviewers_and_counts_the_queue() {
    let (_dir, app, system) = started().await;
    let summary = report(&app, &system, "KYC_QUEUE_SUMMARY?slaHours=24").await;
    let queued = total(&app, &system, "/global/ratify-results?limit=1").await;
    assert_eq!(summary["pending"].as_u64().unwrap(), queued);
    assert!(summary["overSla"].as_u64().unwrap() <= queued);
    assert!(queued == 0 || summary["oldestCreated"].is_string(), "{summary}");
    let (status, _) = get(&app, &system, &format!("{REPORTS}/KYC_QUEUE_SUMMARY?slaHours=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let reader = token(&app, "mzansi.level1").await;
    let (status, body) = get(&app, &reader, &format!("{REPORTS}/KYC_QUEUE_SUMMARY")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, ErrorCode::Forbidden);
    report(&app, &reader, "CUSTOMER_SUMMARY").await;
    let (status, body) = get(&app, &system, &format!("{REPORTS}/EVERYTHING")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, ErrorCode::NotFound);
    let (status, _) = get(&app, &system, "/tenants/77/reports/CUSTOMER_SUMMARY").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another tenant's report");
}

/// A report of rows: its page and its `X-Total-Count`.
async fn rows(app: &axum::Router, token: &str, name_and_query: &str) -> (Vec<Value>, u64) {
    let path = format!("{REPORTS}/{name_and_query}");
    let (status, headers, body) = call_full(app, Method::GET, &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{name_and_query}: {body}");
    let total = headers["x-total-count"].to_str().unwrap().parse().unwrap();
    (body.as_array().unwrap().clone(), total)
}

#[tokio::test]
async fn reports_of_rows_page_through_their_range_and_agree_with_the_records() {
    let (_dir, app, system) = started().await;
    // Every wallet, with today's balance at the end of a range that ends now.
    let (page, wallets) = rows(&app, &system, "WALLET_BALANCE?limit=3").await;
    assert_eq!(wallets, total(&app, &system, "/tenants/42/wallets?limit=1").await);
    assert_eq!(page.len(), 3);
    let first = &page[0];
    let (_, wallet) =
        get(&app, &system, &format!("/tenants/42/wallets/{}", first["walletId"])).await;
    assert_eq!(first["closingBalance"], wallet["currentBalance"], "{first}");
    let (next, _) = rows(&app, &system, "WALLET_BALANCE?limit=3&offset=3").await;
    assert!(next[0]["walletId"].as_i64() > page[2]["walletId"].as_i64(), "in wallet order");

    // Card transactions of October: cards' types only, within the range.
    let october = "fromIncl=2026-10-01T00:00:00.000Z&toExcl=2026-11-01T00:00:00.000Z";
    let (cards, card_total) = rows(&app, &system, &format!("CARD_TRANSACTION?{october}")).await;
    assert!(card_total > 0, "the seed has card purchases in October");
    for row in &cards {
        assert!(row["type"].as_str().unwrap().contains(".postilion."), "{row}");
        let date = row["date"].as_str().unwrap();
        assert!(("2026-10-01".."2026-11-01").contains(&date), "{row}");
    }

    // The KYC status of every customer, as the customer summary counts them.
    let summary = report(&app, &system, "CUSTOMER_SUMMARY").await;
    let (_, customers) = rows(&app, &system, "KYC_STATUS?limit=1").await;
    assert_eq!(customers as f64, sum(&summary, "customers", |_| true));
    let (withdrawals, _) = rows(&app, &system, "WITHDRAWAL?limit=5").await;
    for row in &withdrawals {
        assert!(row["withdrawalId"].is_i64() && row["currency"].is_string(), "{row}");
    }

    let backwards = "fromIncl=2026-11-01T00:00:00.000Z&toExcl=2026-10-01T00:00:00.000Z";
    let (status, body) = get(&app, &system, &format!("{REPORTS}/WITHDRAWAL?{backwards}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, ErrorCode::Validation);
    let (status, _) = get(&app, &system, &format!("{REPORTS}/KYC_STATUS?limit=5000")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a page holds at most 1000 rows");
}
