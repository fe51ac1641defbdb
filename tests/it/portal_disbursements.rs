//! Integration tests: bulk disbursements through the portal's router: a file checked whole (every problem by
//! line, nothing kept until it is right), each row paid once whatever the restarts, four eyes on the batch,
//! and a file of 10,000 rows.
use crate::portal::{Admin, Portal};
use serde_json::Value;
use std::time::{Duration, Instant};

const HEADER: &str = "amount,description,toWalletId,externalUniqueId";

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn wallet(admin: &Admin<'_>, customer_id: i64) -> (i64, f64) {
    let list = admin.call("/api/wallets/of_customer", &format!("customer_id={customer_id}")).await;
    let w = &list[0]["wallet"];
    (w["walletId"].as_i64().unwrap(), w["availableBalance"].as_f64().unwrap())
}

async fn available(admin: &Admin<'_>, wallet_id: i64) -> i64 {
    let w = admin.call("/api/wallets/get", &format!("wallet_id={wallet_id}")).await;
    (w["wallet"]["availableBalance"].as_f64().unwrap() * 100.0).round() as i64
}

async fn check(admin: &Admin<'_>, source: i64, name: &str, rows: &[String]) -> Value {
    let csv = std::iter::once(HEADER.to_owned())
        .chain(rows.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    let body = format!("source={source}&file_name={name}&csv={}", encode(&csv));
    admin.call("/api/disbursements/check", &body).await
}

/// Polls the batch until it is no longer running.
async fn settled(admin: &Admin<'_>, batch_id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let batch = admin.call("/api/disbursements/get", &format!("batch_id={batch_id}")).await;
        if batch["status"] != "RUNNING" {
            return batch;
        }
        assert!(Instant::now() < deadline, "still running: {batch}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_file_is_checked_whole_then_each_row_is_paid_once() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    let (source, _) = wallet(&admin, 31).await;
    let (a, _) = wallet(&admin, 32).await;
    let (b, _) = wallet(&admin, 33).await;
    let before =
        (available(&admin, source).await, available(&admin, a).await, available(&admin, b).await);

    let bad = check(
        &admin,
        source,
        "pay.csv",
        &[
            format!("10.00,Pay,{a},payp-1"),
            format!("1.001,Pay,{b},payp-2"),
            format!("2.00,Pay,{source},payp-3"),
            "3.00,Pay,987654,payp-4".into(),
            format!("4.00,Pay,{b},payp-1"),
        ],
    )
    .await;
    let shown = &bad["Done"];
    assert!(shown["batch_id"].is_null(), "a file with errors is not kept: {bad}");
    let lines: Vec<i64> =
        shown["errors"].as_array().unwrap().iter().map(|e| e["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [3, 4, 5, 6], "{bad}");
    assert_eq!(shown["rows"], 5);

    let good = check(
        &admin,
        source,
        "pay.csv",
        &[format!("10.00,Pay,{a},payp-1"), format!("1.01,Pay,{b},payp-2")],
    )
    .await;
    let batch_id =
        good["Done"]["batch_id"].as_str().unwrap_or_else(|| panic!("kept: {good}")).to_owned();
    assert_eq!(good["Done"]["total"], 1101);
    assert_eq!(good["Done"]["needs_approval"], false);
    // Started twice (a double click): one run.
    let started =
        admin.call("/api/disbursements/start", &format!("batch_id={batch_id}&reason=")).await;
    assert_eq!(started["Done"]["batch_id"], batch_id.as_str(), "{started}");
    let again =
        admin.call("/api/disbursements/start", &format!("batch_id={batch_id}&reason=")).await;
    assert!(again["Refused"].is_string(), "{again}");
    let done = settled(&admin, &batch_id).await;
    assert_eq!(
        (done["status"].as_str(), done["sent"].as_i64(), done["failed"].as_i64()),
        (Some("DONE"), Some(2), Some(0))
    );
    assert_eq!(available(&admin, source).await, before.0 - 1101);
    assert_eq!(available(&admin, a).await, before.1 + 1000);
    assert_eq!(available(&admin, b).await, before.2 + 101);

    let (status, _, csv) =
        portal.get_bytes(&format!("/disbursements/{batch_id}/result.csv"), &admin.cookie).await;
    assert!(status.is_success());
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "line,status,amount,toWalletId,externalUniqueId,reference,error");
    assert!(
        lines[1].starts_with(&format!("\"2\",\"SENT\",\"10.00\",\"{a}\",\"payp-1\",\"")),
        "{csv}"
    );
    assert_eq!(lines.len(), 3);

    // Nothing to resume; and the same ids again are refused as used.
    let resumed = admin.call("/api/disbursements/resume", &format!("batch_id={batch_id}")).await;
    assert!(resumed["Refused"].is_string(), "{resumed}");
    let reused = check(&admin, source, "pay-2.csv", &[format!("10.00,Pay,{a},payp-1")]).await;
    assert!(
        reused["Done"]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("used before, in pay.csv line 2"),
        "{reused}"
    );

    // Another tenant's admin does not see it.
    let other = Admin::sign_in(&portal, "karoo.system").await;
    let answer = other.answer("/api/disbursements/get", &format!("batch_id={batch_id}")).await;
    assert_eq!(answer.status, 404);
}

#[tokio::test]
async fn above_the_threshold_the_batch_waits_for_a_second_admin() {
    let portal = Portal::start().await;
    let [maker, approver] = Admin::sign_in_each(&portal, ["mzansi.system", "mzansi.level3"]).await;
    let (source, _) = wallet(&maker, 11).await;
    let (to, _) = wallet(&maker, 34).await;
    let before = available(&maker, source).await;
    let checked =
        check(&maker, source, "big.csv", &[format!("5000.01,Bonus,{to},bonus-0001")]).await;
    assert_eq!(checked["Done"]["needs_approval"], true, "{checked}");
    let batch_id = checked["Done"]["batch_id"].as_str().unwrap().to_owned();
    let no_reason =
        maker.call("/api/disbursements/start", &format!("batch_id={batch_id}&reason=")).await;
    assert!(no_reason["Invalid"].is_array() || no_reason["Invalid"].is_object(), "{no_reason}");
    let asked = maker
        .call("/api/disbursements/start", &format!("batch_id={batch_id}&reason=Annual%20bonus"))
        .await;
    assert_eq!(asked["Done"]["status"], "PENDING", "{asked}");

    let own = maker.call("/api/disbursements/approve", &format!("batch_id={batch_id}")).await;
    assert!(own["Refused"].as_str().unwrap().contains("another admin"), "{own}");
    assert_eq!(available(&maker, source).await, before);
    let approved =
        approver.call("/api/disbursements/approve", &format!("batch_id={batch_id}")).await;
    assert_eq!(approved["Done"]["runner"], "mzansi.level3", "{approved}");
    let done = settled(&approver, &batch_id).await;
    assert_eq!(done["status"], "DONE", "{done}");
    assert_eq!(done["decided_by"], "mzansi.level3");
    assert_eq!(available(&maker, source).await, before - 500_001);
    let twice = approver.call("/api/disbursements/approve", &format!("batch_id={batch_id}")).await;
    assert!(twice["Refused"].is_string(), "{twice}");
}

/// 10,000 rows to three wallets: checked (the wallets read once each) and paid, every row once.
#[tokio::test]
async fn ten_thousand_rows_are_checked_and_paid() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    let (source, balance) = wallet(&admin, 11).await;
    let payees =
        [wallet(&admin, 35).await.0, wallet(&admin, 36).await.0, wallet(&admin, 37).await.0];
    let rows: Vec<String> =
        (0..10_000).map(|i| format!("0.01,Batch,{},row-{i:05}", payees[i % 3])).collect();
    assert!(balance > 100.0);
    let started = Instant::now();
    let checked = check(&admin, source, "ten-thousand.csv", &rows).await;
    let batch_id =
        checked["Done"]["batch_id"].as_str().unwrap_or_else(|| panic!("{checked}")).to_owned();
    assert_eq!(checked["Done"]["rows"], 10_000);
    let checking = started.elapsed();
    let before = available(&admin, source).await;
    admin.call("/api/disbursements/start", &format!("batch_id={batch_id}&reason=")).await;
    let done = settled(&admin, &batch_id).await;
    assert_eq!(
        (done["status"].as_str(), done["sent"].as_i64()),
        (Some("DONE"), Some(10_000)),
        "{done}"
    );
    assert_eq!(available(&admin, source).await, before - 10_000);
    eprintln!("10,000 rows: checked in {checking:?}, checked and paid in {:?}", started.elapsed());
}
