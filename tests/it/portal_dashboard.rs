//! The home dashboard: each position gets the sections it may see, the figures are the sandbox's reports, and
//! the page shows them with a link to each list behind them.

use crate::portal::{Admin, Portal};
use axum::http::StatusCode;
use serde_json::Value;

fn loaded<'a>(dashboard: &'a Value, section: &str) -> &'a Value {
    let ok = &dashboard[section]["Ok"];
    assert!(!ok.is_null(), "{section} should load: {}", dashboard[section]);
    ok
}

#[tokio::test]
async fn each_position_sees_its_sections_from_live_data() {
    let portal = Portal::start().await;
    let [system, reader, reviewer] =
        Admin::sign_in_each(&portal, ["mzansi.system", "mzansi.level1", "mzansi.reviewer"]).await;

    let all = system.call("/api/dashboard", "days=30").await;
    for section in ["customers", "onboarding", "review", "volume", "balances", "held", "float"] {
        loaded(&all, section);
    }
    let customers: u64 = loaded(&all, "customers")
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "DELETED")
        .map(|c| c["customers"].as_u64().unwrap())
        .sum();
    let listed = system
        .call("/api/customers/search", "query[sort]=name&query[desc]=false&query[offset]=0&query[limit]=1&query[q]=&by=Any&status=&kyc=")
        .await;
    assert_eq!(customers, listed["page"]["total"].as_u64().unwrap());
    assert_eq!(loaded(&all, "review")["sla_hours"], 24, "the default SLA");
    assert_eq!(loaded(&all, "float")["wallet_ids"], serde_json::json!([]), "none named yet");

    // A range ending on the demo's seed date holds its 90 days of transactions.
    let seeded = system.call("/api/dashboard", "days=90&until=2026-10-31").await;
    assert_eq!(seeded["from"], "2026-08-03");
    assert!(loaded(&seeded, "volume").as_array().unwrap().len() > 60);
    // A range the page does not offer is the default one.
    let odd = system.call("/api/dashboard", "days=7").await;
    assert_eq!(
        chrono::NaiveDate::parse_from_str(odd["until"].as_str().unwrap(), "%Y-%m-%d").unwrap()
            - chrono::NaiveDate::parse_from_str(odd["from"].as_str().unwrap(), "%Y-%m-%d").unwrap(),
        chrono::Duration::days(29)
    );

    let read_only = reader.call("/api/dashboard", "days=30").await;
    loaded(&read_only, "customers");
    assert!(read_only["review"].is_null() && read_only["onboarding"].is_null(), "{read_only}");
    let reviewing = reviewer.call("/api/dashboard", "days=30").await;
    loaded(&reviewing, "review");
    assert!(reviewing["onboarding"].is_null());
}

#[tokio::test]
async fn the_float_is_the_balance_of_the_wallets_the_tenant_names() {
    let portal = Portal::start().await;
    let system = Admin::sign_in(&portal, "mzansi.system").await;
    let listed = system.call("/api/wallets/of_customer", "customer_id=1").await;
    let wallets: Vec<&Value> = listed.as_array().unwrap().iter().map(|w| &w["wallet"]).collect();
    let ids: Vec<String> = wallets.iter().map(|w| w["walletId"].to_string()).collect();
    assert!(!ids.is_empty());
    let body = format!(
        "edit[key]=tenantWalletIds&edit[value]={}&edit[description]=&edit[encrypt]=false&edit[is_new]=true",
        ids.join("%2C")
    );
    system.call("/api/config/save", &body).await;
    let dashboard = system.call("/api/dashboard", "days=30").await;
    let float = loaded(&dashboard, "float");
    assert_eq!(float["wallet_ids"].as_array().unwrap().len(), ids.len());
    let held: f64 = wallets.iter().map(|w| w["currentBalance"].as_f64().unwrap()).sum();
    let totals: f64 = float["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["currentBalance"].as_f64().unwrap())
        .sum();
    assert!((held - totals).abs() < 0.005, "{float}");

    let (status, headers, body) = portal.get_bytes("/", &system.cookie).await;
    assert_eq!(status, StatusCode::OK, "{headers:?}");
    let html = String::from_utf8(body).unwrap();
    for testid in
        ["dash-customers", "dash-barred", "dash-review-pending", "dash-float", "dash-balances"]
    {
        assert!(html.contains(&format!("data-testid=\"{testid}\"")), "{testid}");
    }
    assert!(html.contains("href=\"/customers?status=BARRED\""), "a figure links to its list");
}
