//! The sandbox's wallets, cards, withdrawals, transfers and their rules (`docs/sandbox.md`, "What it implements").

use crate::common::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

async fn new_customer(app: &axum::Router, token: &str, tenant: i64, external_id: &str) -> i64 {
    let body = json!({"firstName": "Test", "lastName": "Wallets", "externalUniqueId": external_id});
    create_customer(app, token, tenant, body).await
}

/// Changes fields of a customer of tenant 42, which must succeed.
async fn update_customer(app: &axum::Router, token: &str, customer: i64, change: Value) {
    let (status, body) =
        put(app, token, &format!("/tenants/42/customers/{customer}"), change).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn type_id(app: &axum::Router, token: &str, tenant: i64, name: &str) -> i64 {
    let (_, types) = get(app, token, &format!("/tenants/{tenant}/wallet-types")).await;
    types.as_array().unwrap().iter().find(|t| t["name"] == name).unwrap()["walletTypeId"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn wallets_follow_the_vendor_example_and_the_kyc_level() {
    let (_dir, app, system) = started().await;
    let customer = new_customer(&app, &system, 42, "cust-wallets-001").await;
    let everyday = type_id(&app, &system, 42, "Everyday ZAR").await;
    let premium = type_id(&app, &system, 42, "Premium ZAR").await;
    let path = format!("/tenants/42/customers/{customer}/wallets");
    let body = json!({"walletTypeId": everyday, "status": "ACTIVE", "name": "Sipho's Wallet", "currency": "ZAR", "externalUniqueId": "wallet-sipho-001"});
    let (status, w) = post(&app, &system, &path, body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{w}");
    for field in ["walletId", "customerId", "tenantId", "walletTypeId"] {
        assert!(w[field].is_i64(), "{field}");
    }
    for field in ["name", "currency", "status", "friendlyId", "externalUniqueId", "created"] {
        assert!(w[field].is_string(), "{field}");
    }
    assert_eq!(w["currentBalance"], 0.0);
    assert_eq!(w["availableBalance"], 0.0);
    let (status, err) = post(&app, &system, &path, body).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&err, ErrorCode::Duplicate);

    let (status, err) = post(
        &app,
        &system,
        &path,
        json!({"walletTypeId": premium, "externalUniqueId": "wallet-premium-1"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a FULL type for a NONE customer");
    assert_error(&err, ErrorCode::NotAllowedInStatus);
    let (_, eligible) =
        get(&app, &system, &format!("/tenants/42/customers/{customer}/wallet-types")).await;
    let names: Vec<&str> =
        eligible.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Everyday ZAR"]);
}

#[tokio::test]
async fn cards_follow_the_tenant_rules_and_the_status_transitions() {
    let (_dir, app, system) = started().await;
    let customer = new_customer(&app, &system, 42, "cust-cards-001").await;
    let everyday = type_id(&app, &system, 42, "Everyday ZAR").await;
    let (status, w) = post(&app, &system, &format!("/tenants/42/customers/{customer}/wallets"), json!({"walletTypeId": everyday, "externalUniqueId": "70802005-4", "cardType": "virtual", "name": "Test card"})).await;
    assert_eq!(status, StatusCode::CREATED, "{w}");
    let wallet = w["walletId"].as_i64().unwrap();
    let (_, cards) = get(&app, &system, &format!("/tenants/42/customers/{customer}/cards")).await;
    assert_eq!(cards.as_array().unwrap().len(), 1, "the one-step virtual card");
    let pan = cards[0]["maskedPan"].as_str().unwrap();
    assert!(pan.contains("******") && pan.len() == 16, "{pan}");

    // A physical card named by one identifier (`kind`: pan, qrCode or packId).
    let physical = |kind: &str, value: &str, op: &str| {
        let identifier = json!({kind: value});
        json!({"externalUniqueId": format!("card-{op}-{}", identifier.to_string().len()),
        "physicalCardIdentifier": identifier, "status": "ACTIVE", "name": "Card", "cardType": "physical", "operationType": op})
    };
    let cards_path = format!("/tenants/42/wallets/{wallet}/cards");
    let (status, err) =
        post(&app, &system, &cards_path, physical("qrCode", "1234567890", "PRIMARY_CARD")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "one primary card per wallet");
    assert_error(&err, ErrorCode::NotAllowedInStatus);
    let (status, card) = post(
        &app,
        &system,
        &cards_path,
        physical("pan", "5399 9912 3456 7890", "SUPPLEMENTARY_CARD"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{card}");
    assert_eq!(card["maskedPan"], "539999******7890");
    assert!(!card.to_string().contains("1234567890"), "the PAN never comes back");

    // Status: LEVEL_03 blocks, only TENANT_SYSTEM unblocks.
    let card_path = format!("/tenants/42/cards/{}", card["cardId"]);
    let level3 = token(&app, "mzansi.level3").await;
    for (who, to, expected) in [
        (&level3, "STOPPED", 200),
        (&level3, "ACTIVE", 200),
        (&level3, "BLOCKED", 200),
        (&level3, "ACTIVE", 403),
        (&system, "ACTIVE", 200),
    ] {
        let (status, body) =
            put(&app, who, &card_path, json!({"status": to, "reason": "test"})).await;
        assert_eq!(status.as_u16(), expected, "{to}: {body}");
    }

    // Tenant 77 has no Postilion: no physical card; with Postilion but not PCI: no PAN.
    let karoo = token(&app, "karoo.system").await;
    let karoo_customer = new_customer(&app, &karoo, 77, "cust-karoo-001").await;
    let store = type_id(&app, &karoo, 77, "Store Wallet").await;
    let (_, kw) = post(
        &app,
        &karoo,
        &format!("/tenants/77/customers/{karoo_customer}/wallets"),
        json!({"walletTypeId": store, "externalUniqueId": "karoo-wallet-1"}),
    )
    .await;
    let karoo_cards = format!("/tenants/77/wallets/{}/cards", kw["walletId"]);
    let (status, err) =
        post(&app, &karoo, &karoo_cards, physical("packId", "PACK-0001", "PRIMARY_CARD")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::NotAllowedInStatus);
    post(
        &app,
        &karoo,
        "/tenants/77/config",
        json!({"key": "cardManagementSystem", "value": "Postilion"}),
    )
    .await;
    let (status, err) =
        post(&app, &karoo, &karoo_cards, physical("pan", "5399991234567890", "PRIMARY_CARD")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "PAN only for PCI tenants");
    assert_error(&err, ErrorCode::Forbidden);
    let (status, _) =
        post(&app, &karoo, &karoo_cards, physical("packId", "PACK-0001", "PRIMARY_CARD")).await;
    assert_eq!(status, StatusCode::CREATED);
}

/// The demo's first customer: two wallets, the first with EFT, immediate EFT and ATM withdrawals pending.
async fn demo_wallets(app: &axum::Router, token: &str) -> (i64, Vec<Value>) {
    let (_, wallets) = get(app, token, "/tenants/42/wallets?limit=2&sort=walletId,asc").await;
    let wallets = wallets.as_array().unwrap().clone();
    (wallets[0]["customerId"].as_i64().unwrap(), wallets)
}

#[tokio::test]
async fn barring_stops_debits_and_withdrawals_cancel_only_while_pending() {
    let (_dir, app, system) = started().await;
    let (customer, wallets) = demo_wallets(&app, &system).await;
    assert_eq!(wallets[1]["customerId"], customer, "the demo's first customer has two wallets");
    let (from, to) =
        (wallets[0]["walletId"].as_i64().unwrap(), wallets[1]["walletId"].as_i64().unwrap());
    let level3 = token(&app, "mzansi.level3").await;

    let (_, withdrawals) =
        get(&app, &level3, &format!("/tenants/42/wallets/{from}/withdrawals")).await;
    let kinds: Vec<(&str, &str)> = withdrawals
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["type"].as_str().unwrap(), w["status"].as_str().unwrap()))
        .collect();
    assert!(
        kinds.contains(&("ZA_NEDBANK_EFT", "PENDING"))
            && kinds.contains(&("ZA_PAYCORP_ATM", "PENDING")),
        "{kinds:?}"
    );
    let eft =
        withdrawals.as_array().unwrap().iter().find(|w| w["type"] == "ZA_NEDBANK_EFT").unwrap()
            ["withdrawalId"]
            .clone();
    let cancel = format!("/tenants/42/wallets/{from}/withdrawals/{eft}");
    let (status, w) = put(&app, &level3, &cancel, json!({"status": "CANCELLED"})).await;
    assert_eq!(status, StatusCode::OK, "{w}");
    assert_eq!(w["status"], "CANCELLED");
    let (status, err) = put(&app, &level3, &cancel, json!({"status": "CANCELLED"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "only PENDING withdrawals cancel");
    assert_error(&err, ErrorCode::NotAllowedInStatus);

    let transfer = |id: &str, from: i64, to: i64| json!({"fromWalletId": from, "toWalletId": to, "amount": 12.34, "externalUniqueId": id, "description": "test"});
    let (status, moved) =
        post(&app, &level3, "/tenants/42/wallets/transfers", transfer("transfer-0001", from, to))
            .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["debit"]["amount"], -12.34);
    let (status, err) =
        post(&app, &level3, "/tenants/42/wallets/transfers", transfer("transfer-0001", from, to))
            .await;
    assert_eq!(status, StatusCode::CONFLICT, "a transfer is applied once per externalUniqueId");
    assert_error(&err, ErrorCode::Duplicate);

    update_customer(&app, &level3, customer, json!({"status": "BARRED", "reason": "fraud"})).await;
    let (status, err) =
        post(&app, &level3, "/tenants/42/wallets/transfers", transfer("transfer-0002", from, to))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no debit from a barred customer");
    assert_error(&err, ErrorCode::NotAllowedInStatus);
    let from_wallet = format!("/tenants/42/wallets/{from}");
    let (status, _) = put(&app, &level3, &from_wallet, json!({"status": "BARRED"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, err) = put(&app, &level3, &from_wallet, json!({"status": "ACTIVE"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a barred customer's wallet stays out of ACTIVE");
    assert_error(&err, ErrorCode::NotAllowedInStatus);
}

#[tokio::test]
async fn transactions_filter_by_date_range_newest_first() {
    let (_dir, app, system) = started().await;
    let (_, wallets) = demo_wallets(&app, &system).await;
    let wallet = wallets[0]["walletId"].as_i64().unwrap();
    let transactions = format!("/tenants/42/wallets/{wallet}/transactions");
    let (status, headers, all) =
        call_full(&app, Method::GET, &format!("{transactions}?limit=1000"), Some(&system), None)
            .await;
    assert_eq!(status, StatusCode::OK);
    let total: usize = headers["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(total >= 20, "90 days of history: {total}");
    let dates: Vec<&str> =
        all.as_array().unwrap().iter().map(|t| t["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let range = "dateFromIncl=2026-10-01T00:00:00.000Z&dateToExcl=2026-10-15T00:00:00.000Z";
    let (_, some) = get(&app, &system, &format!("{transactions}?{range}")).await;
    assert!(some.as_array().unwrap().iter().all(|t| {
        let d = t["date"].as_str().unwrap();
        ("2026-10-01".."2026-10-15").contains(&&d[..10])
    }));
    for field in ["transactionId", "type", "date", "currency", "description"] {
        assert!(all[0][field].is_string(), "{field}");
    }
    let (status, err) = get(&app, &system, &format!("{transactions}?dateFromIncl=yesterday")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);
}

#[tokio::test]
async fn stopped_wallets_pay_nothing_and_barred_ones_take_deposits_only_when_their_type_allows() {
    let (_dir, app, system) = started().await;
    let (_, wallets) = demo_wallets(&app, &system).await;
    let (a, b) =
        (wallets[0]["walletId"].as_i64().unwrap(), wallets[1]["walletId"].as_i64().unwrap());
    let transfer = |id: &str, from: i64, to: i64| json!({"fromWalletId": from, "toWalletId": to, "amount": 1.0, "externalUniqueId": id});
    put(&app, &system, &format!("/tenants/42/wallets/{a}"), json!({"status": "STOPPED"})).await;
    let (status, err) =
        post(&app, &system, "/tenants/42/wallets/transfers", transfer("stopped-001", a, b)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no debit from a stopped wallet");
    assert_error(&err, ErrorCode::NotAllowedInStatus);

    // Wallet a barred: a deposit into it needs its type's barredWalletsAllowDeposits=true.
    put(&app, &system, &format!("/tenants/42/wallets/{a}"), json!({"status": "BARRED"})).await;
    let (status, err) =
        post(&app, &system, "/tenants/42/wallets/transfers", transfer("barred-001", b, a)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_error(&err, ErrorCode::NotAllowedInStatus);
    let type_path = format!("/tenants/42/wallet-types/{}", wallets[0]["walletTypeId"]);
    let (_, t) = get(&app, &system, &type_path).await;
    let mut configuration = t["configuration"].as_array().unwrap().clone();
    configuration.push(json!({"att": "barredWalletsAllowDeposits", "val": "true"}));
    let update = json!({"name": t["name"], "mode": t["mode"], "configuration": configuration, "version": t["version"]});
    let (status, _) = put(&app, &system, &type_path, update).await;
    assert_eq!(status, StatusCode::OK);
    let (status, moved) =
        post(&app, &system, "/tenants/42/wallets/transfers", transfer("barred-002", b, a)).await;
    assert_eq!(status, StatusCode::OK, "{moved}");
}

/// A list that first checked its wallet on one pooled connection and then took a second one deadlocked the
/// pool once as many of them ran at once as it has connections (8): each held one and waited for another
/// until the pool's timeout answered 500. Found by the benchmark at 200 pages a second.
#[tokio::test]
async fn many_lists_at_once_never_exhaust_the_pool() {
    let (_dir, app, system) = started().await;
    let started = std::time::Instant::now();
    let calls = (0..40).map(|_| get(&app, &system, "/tenants/42/wallets/5/cards"));
    for (status, body) in futures_util::future::join_all(calls).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_wallet_is_found_by_its_friendly_id_in_its_tenant_only() {
    let (_dir, app, system) = started().await;
    let (status, found) = get(&app, &system, "/tenants/42/wallets?friendlyId=w0000120").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "typed in lower case, found all the same");
    assert_eq!(found[0]["friendlyId"], "W0000120");
    let (_, none) = get(&app, &system, "/tenants/42/wallets?friendlyId=NOSUCH").await;
    assert_eq!(none.as_array().unwrap().len(), 0);
    let karoo = token(&app, "karoo.level3").await;
    let (_, theirs) = get(&app, &karoo, "/tenants/77/wallets?friendlyId=W0000120").await;
    assert_eq!(theirs.as_array().unwrap().len(), 0, "another tenant's wallet is not found");
}

#[tokio::test]
async fn a_pin_reset_goes_to_the_customers_phone_a_few_times_a_day_and_never_for_a_blocked_card() {
    let (_dir, app, system) = started().await;
    let level1 = token(&app, "mzansi.level1").await;
    // A new customer without a phone, with a virtual card.
    let customer = new_customer(&app, &system, 42, "cust-pin-001").await;
    let everyday = type_id(&app, &system, 42, "Everyday ZAR").await;
    let (status, w) = post(&app, &system, &format!("/tenants/42/customers/{customer}/wallets"), json!({"walletTypeId": everyday, "externalUniqueId": "pin-wallet-1", "cardType": "virtual"})).await;
    assert_eq!(status, StatusCode::CREATED, "{w}");
    let (_, cards) = get(&app, &system, &format!("/tenants/42/customers/{customer}/cards")).await;
    let card = cards[0]["cardId"].as_i64().unwrap();
    let pin = format!("/tenants/42/cards/{card}/pin");

    let (status, err) = post(&app, &system, &pin, json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no phone to send it to: {err}");
    assert_error(&err, ErrorCode::Validation);
    update_customer(&app, &system, customer, json!({"phone1": "+27825550101"})).await;

    let (status, err) = post(&app, &level1, &pin, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "LEVEL_03 or TENANT_SYSTEM only: {err}");
    for _ in 0..3 {
        let (status, sent) = post(&app, &system, &pin, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{sent}");
        assert_eq!(
            (sent["sentTo"].as_str(), sent["channel"].as_str()),
            (Some("278*****101"), Some("SMS"))
        );
        assert!(sent.get("pin").is_none(), "the PIN never travels back");
    }
    let (status, err) = post(&app, &system, &pin, json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a fourth reset within 24 hours: {err}");
    assert_error(&err, ErrorCode::NotAllowedInStatus);

    let (_, cards) = get(&app, &system, "/tenants/42/customers/4/cards").await;
    let other = cards[0]["cardId"].as_i64().unwrap();
    let other_card = format!("/tenants/42/cards/{other}");
    let (status, _) =
        put(&app, &system, &other_card, json!({"status": "BLOCKED", "reason": "fraud"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, err) = post(&app, &system, &format!("{other_card}/pin"), json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err.to_string().contains("BLOCKED"), "{err}");
}
