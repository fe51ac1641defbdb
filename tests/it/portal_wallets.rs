//! Integration tests: wallet and card status, linking cards (PAN only for PCI tenants, once per key), and the
//! barring job (each step once, resumable, reversed by unbarring) through the portal's router.

use crate::portal::{Admin, Portal};
use serde_json::Value;
use std::time::Duration;

async fn wallets(admin: &Admin<'_>, customer_id: i64) -> Vec<Value> {
    admin
        .call("/api/wallets/of_customer", &format!("customer_id={customer_id}"))
        .await
        .as_array()
        .unwrap()
        .clone()
}

/// Waits until the customer's job is no longer running.
async fn settled_job(admin: &Admin<'_>, customer_id: i64) -> Value {
    for _ in 0..100 {
        let state =
            admin.call("/api/customers/barring/get", &format!("customer_id={customer_id}")).await;
        if state["job"]["status"] != "Running" {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the job did not finish");
}

/// Sets a card's status; `reason` as the form sends it (URL-encoded).
async fn set_card_status(admin: &Admin<'_>, card_id: i64, status: &str, reason: &str) -> Value {
    let body = format!("card_id={card_id}&status={status}&reason={reason}");
    admin.call("/api/cards/set_status", &body).await
}

fn statuses(wallets: &[Value]) -> Vec<String> {
    wallets.iter().map(|w| w["wallet"]["status"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn barring_applies_each_step_once_and_unbarring_restores_the_wallets() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    // Customer 46: two wallets; on the first, pending withdrawals of both EFT types and one ATM.
    let before = wallets(&admin, 46).await;
    assert_eq!(statuses(&before), ["ACTIVE", "ACTIVE"]);
    let first_wallet = before[0]["wallet"]["walletId"].as_i64().unwrap();
    // The second wallet is stopped beforehand: unbarring must bring it back to STOPPED, not ACTIVE.
    let second_wallet = before[1]["wallet"]["walletId"].as_i64().unwrap();
    let stop = admin.set_wallet_status(second_wallet, "STOPPED", "customer%20asked").await;
    assert!(stop.get("Done").is_some(), "{stop}");

    let started = admin
        .call("/api/customers/barring/start", "customer_id=46&bar=true&reason=fraud%20reported")
        .await;
    assert!(started.get("Done").is_some(), "{started}");
    let again = admin
        .call("/api/customers/barring/start", "customer_id=46&bar=true&reason=fraud%20reported")
        .await;
    assert!(
        again.get("Refused").is_some(),
        "a second start while the first runs or after it is refused: {again}"
    );
    let state = settled_job(&admin, 46).await;
    assert_eq!(state["job"]["status"], "Done", "{state}");
    assert_eq!(state["customer_status"], "BARRED");
    assert_eq!(statuses(&wallets(&admin, 46).await), ["BARRED", "BARRED"]);
    let detail = admin.call("/api/wallets/get", &format!("wallet_id={first_wallet}")).await;
    let withdrawals: Vec<(String, String)> = detail["withdrawals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["type"].as_str().unwrap().to_owned(), w["status"].as_str().unwrap().to_owned()))
        .collect();
    assert!(
        withdrawals.contains(&("ZA_NEDBANK_EFT".into(), "CANCELLED".into())),
        "{withdrawals:?}"
    );
    assert!(
        withdrawals.contains(&("ZA_NEDBANK_EFT_IMMEDIATE".into(), "CANCELLED".into())),
        "{withdrawals:?}"
    );
    assert!(withdrawals.contains(&("ZA_PAYCORP_ATM".into(), "PENDING".into())), "{withdrawals:?}");

    // Nothing is left to resume; a wallet of a barred customer cannot be made active.
    let resume = admin.call("/api/customers/barring/resume", "customer_id=46").await;
    assert!(resume.get("Refused").is_some(), "{resume}");
    let active = admin.set_wallet_status(first_wallet, "ACTIVE", "try%20it").await;
    assert!(active.get("Refused").is_some(), "{active}");

    let undo =
        admin.call("/api/customers/barring/start", "customer_id=46&bar=false&reason=cleared").await;
    assert!(undo.get("Done").is_some(), "{undo}");
    let state = settled_job(&admin, 46).await;
    assert_eq!(state["job"]["status"], "Done", "{state}");
    assert_eq!(state["customer_status"], "ACTIVE");
    assert_eq!(
        statuses(&wallets(&admin, 46).await),
        ["ACTIVE", "STOPPED"],
        "each wallet as it was before"
    );
    let said: Vec<String> = state["job"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["note"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(said.iter().filter(|n| n.contains("stays cancelled")).count(), 2, "{said:?}");
}

#[tokio::test]
async fn cards_are_linked_once_per_key_and_a_pan_needs_a_pci_tenant() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    let wallet = wallets(&admin, 2).await[0]["wallet"]["walletId"].as_i64().unwrap();
    let cards_before = admin.call("/api/wallets/get", &format!("wallet_id={wallet}")).await
        ["cards"]
        .as_array()
        .unwrap()
        .len();
    let body = format!("wallet_id={wallet}&form[card]=physical&form[identify_by]=qrCode&form[identifier]=QR-77-ABC&form[operation]=SUPPLEMENTARY_CARD&key=linkkey0001");
    let (a, b) =
        tokio::join!(admin.call("/api/cards/link", &body), admin.call("/api/cards/link", &body));
    assert!(a.get("Done").is_some() && b.get("Done").is_some(), "{a} {b}");
    assert_eq!(a["Done"]["cardId"], b["Done"]["cardId"], "one card for one key");
    let cards = admin.call("/api/wallets/get", &format!("wallet_id={wallet}")).await["cards"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(cards.len(), cards_before + 1);
    assert!(cards.iter().all(|c| c["maskedPan"].as_str().unwrap().contains('*')));

    let pan = format!("wallet_id={wallet}&form[card]=physical&form[identify_by]=pan&form[identifier]=4111111111111111&form[operation]=ADD_ON_CARD&key=linkkey0002");
    let karoo = Admin::sign_in(&portal, "karoo.system").await;
    let refused = karoo.call("/api/cards/link", &pan).await;
    assert_eq!(refused["Invalid"][0]["field"], "identify_by", "{refused}");
    assert!(refused["Invalid"][0]["message"].as_str().unwrap().contains("not PCI compliant"));

    // Blocked for fraud: LEVEL_03 may not take it out of BLOCKED; TENANT_SYSTEM may.
    let card = a["Done"]["cardId"].as_i64().unwrap();
    let blocked = set_card_status(&admin, card, "BLOCKED", "fraud").await;
    assert!(blocked.get("Done").is_some(), "{blocked}");
    let level3 = Admin::sign_in(&portal, "mzansi.level3").await;
    let refused = set_card_status(&level3, card, "ACTIVE", "found%20it").await;
    assert!(refused["Refused"].as_str().unwrap().contains("TENANT_SYSTEM"), "{refused}");
    let no_reason = set_card_status(&admin, card, "ACTIVE", "").await;
    assert_eq!(no_reason["Invalid"][0]["field"], "reason");
    let back = set_card_status(&admin, card, "ACTIVE", "found%20it").await;
    assert!(back.get("Done").is_some(), "{back}");
}
