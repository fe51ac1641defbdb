//! The sandbox's customer audit trail (`docs/sandbox.md`, "The customer audit trail"): every change to a
//! customer's records is told once, in its category, newest first, to those who may read the customer.

use crate::common::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

/// A valid South African identity number (its Luhn digit is right), which no description may carry.
const IDENTITY_NUMBER: &str = "9003155012086";

/// A new customer of tenant 42 with an identity number; their id.
async fn customer_with_identity_number(app: &axum::Router, token: &str, external_id: &str) -> i64 {
    let body = json!({"firstName": "Thandi", "lastName": "Audit", "dateOfBirth": "1990-03-15",
        "nationalIdentityNumber": IDENTITY_NUMBER, "externalUniqueId": external_id});
    create_customer(app, token, 42, body).await
}

fn trail_path(customer: i64) -> String {
    format!("/tenants/42/customers/{customer}/audit-events")
}

/// The customer's whole trail, newest first, as `token` may read it.
async fn trail(app: &axum::Router, token: &str, customer: i64) -> Vec<Value> {
    let (status, events) = get(app, token, &trail_path(customer)).await;
    assert_eq!(status, StatusCode::OK, "{events}");
    events.as_array().unwrap().clone()
}

/// The (category, action, description) of each event.
fn told(events: &[Value]) -> Vec<(String, String, String)> {
    let text = |e: &Value, field: &str| e[field].as_str().unwrap().to_owned();
    events
        .iter()
        .map(|e| (text(e, "category"), text(e, "action"), text(e, "description")))
        .collect()
}

/// Asks for a change that must succeed; its answer.
async fn must(answer: (StatusCode, Value)) -> Value {
    let (status, body) = answer;
    assert!(status.is_success(), "{status}: {body}");
    body
}

#[tokio::test]
async fn every_change_is_told_in_its_category_newest_first_without_identity_numbers() {
    let (_dir, app, system) = started().await;
    let customer = customer_with_identity_number(&app, &system, "cust-audit-001").await;
    let base = format!("/tenants/42/customers/{customer}");
    must(
        put(&app, &system, &base, json!({"email": "thandi@example.com", "phone1": "0821234567"}))
            .await,
    )
    .await;
    let id_png = json!({"documentType": "NATIONAL_IDENTITY", "fileName": "id.png", "contentType": "image/png",
        "content": b64(&png(None))});
    must(post(&app, &system, &format!("{base}/documents"), id_png).await).await;
    must(post(&app, &system, &format!("{base}/ratify"), json!({})).await).await;

    let (_, types) = get(&app, &system, "/tenants/42/wallet-types").await;
    let everyday = types.as_array().unwrap().iter().find(|t| t["name"] == "Everyday ZAR").unwrap();
    let new_wallet = json!({"walletTypeId": everyday["walletTypeId"], "externalUniqueId": "wallet-audit-1",
        "cardType": "virtual"});
    let wallet = must(post(&app, &system, &format!("{base}/wallets"), new_wallet).await).await;
    let wallet_id = wallet["walletId"].as_i64().unwrap();
    let (_, demo) = get(&app, &system, "/tenants/42/wallets?limit=1&sort=walletId,asc").await;
    let (payer, payer_wallet) =
        (demo[0]["customerId"].as_i64().unwrap(), demo[0]["walletId"].as_i64().unwrap());
    let transfer = json!({"fromWalletId": payer_wallet, "toWalletId": wallet_id, "amount": 25.5,
        "externalUniqueId": "audit-transfer-1", "description": "Refund"});
    must(post(&app, &system, "/tenants/42/wallets/transfers", transfer.clone()).await).await;
    let (status, _) = post(&app, &system, "/tenants/42/wallets/transfers", transfer).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a repeated transfer changes nothing, and is not told"
    );

    let withdrawals = format!("/tenants/42/wallets/{wallet_id}/withdrawals");
    let withdrawal = json!({"type": "ZA_NEDBANK_EFT", "amount": 5.0, "description": "To bank"});
    let withdrawal = must(post(&app, &system, &withdrawals, withdrawal).await).await;
    let cancel = format!("{withdrawals}/{}", withdrawal["withdrawalId"]);
    must(
        put(&app, &system, &cancel, json!({"status": "CANCELLED", "reason": "typed twice"})).await,
    )
    .await;
    let (status, _) = put(&app, &system, &cancel, json!({"status": "CANCELLED"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a refused cancel is not told");

    // A reason may carry what must never be told: the identity number is hidden.
    let stop =
        json!({"status": "STOPPED", "reason": format!("asked by the holder of {IDENTITY_NUMBER}")});
    must(put(&app, &system, &format!("/tenants/42/wallets/{wallet_id}"), stop).await).await;
    let (_, cards) = get(&app, &system, &format!("/tenants/42/wallets/{wallet_id}/cards")).await;
    let card = &cards[0];
    let last_four = &card["maskedPan"].as_str().unwrap()[12..];
    let card_path = format!("/tenants/42/cards/{}", card["cardId"]);
    must(put(&app, &system, &card_path, json!({"status": "STOPPED", "reason": "lost"})).await)
        .await;
    must(put(&app, &system, &base, json!({"status": "BARRED", "reason": "fraud"})).await).await;

    let events = trail(&app, &system, customer).await;
    let (d, w) = (withdrawal["withdrawalId"].as_i64().unwrap(), wallet_id);
    let expected: Vec<(&str, &str, String)> = vec![
        ("BARRING", "CUSTOMER_BARRED", "Customer status ACTIVE → BARRED (fraud)".into()),
        (
            "CARD",
            "CARD_STATUS_CHANGED",
            format!("Card ending {last_four} status ACTIVE → STOPPED (lost)"),
        ),
        (
            "WALLET",
            "WALLET_STATUS_CHANGED",
            format!("Wallet {w} status ACTIVE → STOPPED (asked by the holder of [number hidden])"),
        ),
        (
            "WITHDRAWAL",
            "WITHDRAWAL_CANCELLED",
            format!("Withdrawal {d} of ZAR 5.00 PENDING → CANCELLED (typed twice)"),
        ),
        (
            "WITHDRAWAL",
            "WITHDRAWAL_CREATED",
            format!(
                "Withdrawal {d} of ZAR 5.00 by ZA_NEDBANK_EFT from wallet {w} requested (PENDING)"
            ),
        ),
        (
            "TRANSFER",
            "TRANSFER_RECEIVED",
            format!("Received ZAR 25.50 into wallet {w} from wallet {payer_wallet}: Refund"),
        ),
        (
            "CARD",
            "CARD_ISSUED",
            format!("Virtual card ending {last_four} issued to wallet {w} (PRIMARY_CARD)"),
        ),
        ("WALLET", "WALLET_CREATED", format!("Wallet {w} created (Everyday ZAR, ACTIVE)")),
    ];
    let told_now = told(&events);
    for (at, (category, action, description)) in expected.iter().enumerate() {
        assert_eq!(
            told_now[at],
            (category.to_string(), action.to_string(), description.clone()),
            "{at}"
        );
    }
    let (category, action, ratified) = &told_now[8];
    assert_eq!((category.as_str(), action.as_str()), ("KYC", "RATIFY_RUN"));
    assert!(
        ratified.starts_with("KYC check FAILED: ")
            && ratified.contains("selfieMatchesNationalIdentity"),
        "{ratified}"
    );
    let rest: Vec<_> =
        told_now[9..].iter().map(|(c, a, d)| (c.as_str(), a.as_str(), d.as_str())).collect();
    assert_eq!(
        rest,
        [
            ("DOCUMENT", "DOCUMENT_UPLOADED", "Document NATIONAL_IDENTITY uploaded (id.png)"),
            ("PROFILE", "CUSTOMER_UPDATED", "Profile changed: phone, email"),
            ("PROFILE", "CUSTOMER_CREATED", "Customer created"),
        ]
    );
    let created: Vec<&str> = events.iter().map(|e| e["created"].as_str().unwrap()).collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first: {created:?}");
    for event in &events {
        assert_eq!(
            (event["customerId"].as_i64(), event["actor"].as_str()),
            (Some(customer), Some("mzansi.system"))
        );
    }
    assert!(events[2]["walletId"] == w && events[0].get("walletId").is_none(), "{events:?}");

    let payer_events = trail(&app, &system, payer).await;
    assert_eq!(
        told(&payer_events[..1]),
        [(
            "TRANSFER".to_owned(),
            "TRANSFER_SENT".to_owned(),
            format!("Sent ZAR 25.50 from wallet {payer_wallet} to wallet {w}: Refund")
        )],
        "the other side of the transfer is told too"
    );
    for description in told_now.iter().chain(&told(&payer_events)).map(|(_, _, d)| d) {
        assert!(!description.contains(IDENTITY_NUMBER), "{description}");
    }
}

#[tokio::test]
async fn the_trail_filters_by_category_and_time_and_pages() {
    let (_dir, app, system) = started().await;
    let customer = customer_with_identity_number(&app, &system, "cust-audit-002").await;
    let base = format!("/tenants/42/customers/{customer}");
    for city in ["Durban", "Polokwane", "Kimberley"] {
        let address = json!({"line1": "1 Long Street", "city": city, "country": "ZAF"});
        must(post(&app, &system, &format!("{base}/addresses"), address).await).await;
    }
    for name in ["Thando", "Thandiwe"] {
        must(put(&app, &system, &base, json!({"firstName": name})).await).await;
    }
    let bill = json!({"documentType": "PROOF_OF_ADDRESS", "fileName": "bill.pdf", "contentType": "application/pdf",
        "content": b64(b"%PDF-1.4\n%%EOF\n")});
    must(post(&app, &system, &format!("{base}/documents"), bill).await).await;
    must(post(&app, &system, &format!("{base}/ratify"), json!({})).await).await;
    let all = trail(&app, &system, customer).await;
    assert_eq!(all.len(), 8, "{all:?}");

    let path = trail_path(customer);
    let categories_of = |events: &Value| -> Vec<String> {
        events
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["category"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, repeated) = get(&app, &system, &format!("{path}?category=KYC&category=DOCUMENT")).await;
    let (_, comma) = get(&app, &system, &format!("{path}?category=KYC,DOCUMENT")).await;
    assert_eq!(categories_of(&repeated), ["KYC", "DOCUMENT"]);
    assert_eq!(repeated, comma, "repeated or comma separated, the same");
    let (_, profile) = get(&app, &system, &format!("{path}?category=PROFILE")).await;
    assert_eq!(profile.as_array().unwrap().len(), 6);
    let (status, err) = get(&app, &system, &format!("{path}?category=PROFILE,GOSSIP")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);

    let (status, headers, page) =
        call_full(&app, Method::GET, &format!("{path}?offset=2&limit=3"), Some(&system), None)
            .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-total-count"], "8");
    assert_eq!(page.as_array().unwrap()[..], all[2..5]);

    // Strictly before an event's instant: only the events older than it, however many share a millisecond.
    let instant = all[3]["created"].as_str().unwrap();
    let older: Vec<&Value> =
        all.iter().filter(|e| e["created"].as_str().unwrap() < instant).collect();
    let (_, before) = get(&app, &system, &format!("{path}?before={instant}")).await;
    assert_eq!(before.as_array().unwrap().iter().collect::<Vec<_>>(), older);
    let (_, none) = get(&app, &system, &format!("{path}?before=2000-01-01T00:00:00.000Z")).await;
    assert_eq!(none, json!([]));
    let (status, err) = get(&app, &system, &format!("{path}?before=yesterday")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);
    let (status, _) = get(&app, &system, &format!("{path}?limit=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_trail_is_the_tenants_own_and_kyc_stays_with_who_may_read_it() {
    let (_dir, app, system) = started().await;
    let customer = customer_with_identity_number(&app, &system, "cust-audit-003").await;
    let base = format!("/tenants/42/customers/{customer}");
    let ratified = must(post(&app, &system, &format!("{base}/ratify"), json!({})).await).await;
    let reviewer = token(&app, "mzansi.reviewer").await;
    let decision = json!({"verifiedStatus": "REJECTED", "reason": "DATA_MISMATCH"});
    let decide = format!("/global/ratify-results/{}", ratified["ratifyResultId"]);
    must(put(&app, &reviewer, &decide, decision).await).await;
    let level2 = token(&app, "mzansi.level2").await;
    must(
        post(&app, &level2, &format!("{base}/addresses"), json!({"line1": "2 Short Street"})).await,
    )
    .await;

    let events = trail(&app, &level2, customer).await;
    let decided = &events[1];
    assert_eq!(
        (decided["action"].as_str(), decided["actor"].as_str()),
        (Some("RATIFY_REJECTED"), Some("mzansi.reviewer")),
        "{events:?}"
    );
    let result = ratified["ratifyResultId"].as_i64().unwrap();
    assert_eq!(
        decided["description"],
        format!("KYC result {result} rejected (DATA_MISMATCH); KYC level now NONE")
    );
    assert_eq!(
        (events[0]["actor"].as_str(), events[0]["description"].as_str()),
        (Some("mzansi.level2"), Some("Address RESIDENTIAL added"))
    );

    // LEVEL_01 reads the basics of the trail; KYC and documents, as their own lists, need LEVEL_02.
    let level1 = token(&app, "mzansi.level1").await;
    let (status, headers, basics) =
        call_full(&app, Method::GET, &trail_path(customer), Some(&level1), None).await;
    assert_eq!(status, StatusCode::OK, "{basics}");
    assert_eq!(headers["x-total-count"], "2");
    let actions: Vec<&str> =
        basics.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["ADDRESS_ADDED", "CUSTOMER_CREATED"]);
    let (_, asked) = get(&app, &level1, &format!("{}?category=KYC", trail_path(customer))).await;
    assert_eq!(asked, json!([]));

    let karoo = token(&app, "karoo.system").await;
    let theirs = format!("/tenants/77/customers/{customer}/audit-events");
    let (status, err) = get(&app, &karoo, &theirs).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another tenant's customer is not found: {err}");
    assert_error(&err, ErrorCode::NotFound);
    let (status, err) = get(&app, &karoo, &trail_path(customer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
    assert_error(&err, ErrorCode::Forbidden);
    let (status, _) = call(&app, Method::GET, &trail_path(customer), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
