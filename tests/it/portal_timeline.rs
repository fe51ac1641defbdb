//! Integration tests: a customer's timeline through the portal's router: Eclipse's audit trail and the
//! portal's own lines merged newest first, filtered by kind, paged without losing or repeating an entry,
//! and as CSV.
use crate::portal::{Admin, Portal};
use axum::http::StatusCode;
use serde_json::Value;

async fn timeline(admin: &Admin<'_>, customer: i64, kind: &str, before: &str) -> Value {
    let body = format!("customer_id={customer}&filters[kind]={kind}&filters[before]={before}");
    admin.call("/api/customers/timeline", &body).await
}

fn descriptions(page: &Value) -> Vec<String> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_timeline_merges_eclipses_trail_with_the_portals_lines() {
    let portal = Portal::start().await;
    let [system, reviewer, reviewer2, level1] = Admin::sign_in_each(
        &portal,
        ["mzansi.system", "mzansi.reviewer", "mzansi.reviewer2", "mzansi.level1"],
    )
    .await;
    // A seeded customer with a wallet and documents, whose ratify awaits review (not at FULL).
    let customer = 118;
    // What happens to the customer: a ratify, a manual KYC approved by a second reviewer, a wallet stopped.
    system.call("/api/customers/kyc/ratify", &format!("customer_id={customer}")).await;
    let on_file =
        reviewer.call("/api/customers/documents/list", &format!("customer_id={customer}")).await;
    let document = on_file["documents"][0]["documentId"].as_i64().unwrap();
    let ask = format!("form[customer_id]={customer}&form[kyc_level]=FULL&form[reason]=Seen%20in%20branch&form[document_id]={document}&key=timelinekey01");
    let made = reviewer.call("/api/review/manual-kyc/request", &ask).await;
    let request_id =
        made["Done"]["request_id"].as_str().unwrap_or_else(|| panic!("{made}")).to_owned();
    reviewer2.call("/api/review/manual-kyc/approve", &format!("request_id={request_id}")).await;
    let wallets = system.call("/api/wallets/of_customer", &format!("customer_id={customer}")).await;
    let wallet = wallets[0]["wallet"]["walletId"].as_i64().unwrap();
    system.set_wallet_status(wallet, "STOPPED", "Lost%20phone").await;

    let all = timeline(&system, customer, "", "").await;
    let entries = all["entries"].as_array().unwrap();
    let at: Vec<&str> = entries.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] >= w[1]), "newest first: {at:?}");
    let has = |source: &str, kind: &str, actor: &str| {
        entries
            .iter()
            .any(|e| e["source"] == source && e["category"] == kind && e["actor"] == actor)
    };
    assert!(has("Eclipse", "WALLET", "mzansi.system"), "the wallet stopped: {all}");
    assert!(has("Eclipse", "KYC", "mzansi.system"), "the ratify run");
    assert!(
        has("Eclipse", "KYC", "mzansi.reviewer2"),
        "the manual result, set with the approver's session"
    );
    assert!(has("Portal", "KYC", "mzansi.reviewer"), "the request, which Eclipse never saw");
    assert_eq!(entries[0]["category"], "WALLET", "the latest first");

    let kyc = timeline(&system, customer, "KYC", "").await;
    assert!(kyc["entries"].as_array().unwrap().iter().all(|e| e["category"] == "KYC"), "{kyc}");
    let read_only = timeline(&level1, customer, "", "").await;
    let kinds: Vec<&str> = read_only["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["category"].as_str().unwrap())
        .collect();
    assert!(
        !kinds.is_empty() && !kinds.contains(&"KYC") && !kinds.contains(&"DOCUMENT"),
        "LEVEL_01 reads no KYC: {kinds:?}"
    );

    // Walking the pages gives each entry once, in order.
    let mut walked = vec![];
    let mut before = String::new();
    for _ in 0..100 {
        let page = timeline(&system, customer, "", &before).await;
        walked.extend(descriptions(&page));
        match page["older"].as_str() {
            Some(next) => before = next.replace('+', "%2B"),
            None => break,
        }
    }
    let (status, headers, csv) =
        portal.get_bytes(&format!("/customers/{customer}/timeline.csv"), &system.cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].to_str().unwrap().contains("timeline.csv"));
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("at_utc,kind,source,action,description,actor,wallet_id,result,trace_id")
    );
    assert_eq!(lines.count(), walked.len(), "the CSV has every entry the pages have");
    assert!(walked.len() >= 4);
    let bad = portal
        .call(
            "/api/customers/timeline",
            &format!("customer_id={customer}&filters[kind]=&filters[before]=yesterday"),
            Some(&system.cookie),
            &[],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
