//! Integration tests: tenant configuration and wallet types through the portal's server functions.

use crate::portal::{Admin, Portal};
use axum::http::StatusCode;
use serde_json::Value;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("JSON: {body}"))
}

/// One form field as a browser sends it (`application/x-www-form-urlencoded`).
fn field(name: &str, value: &str) -> String {
    serde_urlencoded::to_string([(name, value)]).unwrap()
}

fn config_edit(key: &str, value: &str, encrypt: bool, is_new: bool) -> String {
    format!(
        "{}&{}&edit[description]=&edit[encrypt]={encrypt}&edit[is_new]={is_new}",
        field("edit[key]", key),
        field("edit[value]", value)
    )
}

#[tokio::test]
async fn settings_are_checked_saved_masked_and_summarised() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;

    // A known key's value is checked on the server too, and the message names the field.
    let bad =
        admin.answer("/api/config/save", &config_edit("pciCompliant", "maybe", false, false)).await;
    assert_eq!(bad.status, StatusCode::OK, "{}", bad.body);
    assert_eq!(json(&bad.body)["Invalid"][0]["field"], "value");
    let bad_regex = admin
        .answer("/api/config/save", &config_edit("passwordRegEx", "^([a-z", false, false))
        .await;
    assert!(json(&bad_regex.body)["Invalid"][0]["message"]
        .as_str()
        .unwrap()
        .contains("regular expression"));

    // A secret is stored encrypted and comes back masked.
    let secret = admin
        .answer("/api/config/save", &config_edit("webhookSecret", "s3cr3t-value", true, true))
        .await;
    let saved = json(&secret.body);
    assert_eq!(saved["Done"]["value"], "********", "{}", secret.body);
    assert_eq!(saved["Done"]["encrypted"], true);
    let again =
        admin.answer("/api/config/save", &config_edit("webhookSecret", "x", false, true)).await;
    assert_eq!(
        json(&again.body)["Invalid"][0]["field"],
        "key",
        "a second create of the key is a duplicate"
    );

    // Bulk: only real changes are sent, and the answer says what changed.
    let rows = "rows[0][key]=pciCompliant&rows[0][value]=false&rows[0][encrypt]=false\
        &rows[1][key]=supportEmail&rows[1][value]=support%40mzansi.example&rows[1][encrypt]=false\
        &rows[2][key]=newKey&rows[2][value]=1&rows[2][encrypt]=false";
    let bulk = admin.answer("/api/config/bulk", rows).await;
    let summary = &json(&bulk.body)["Done"];
    assert_eq!(summary["unchanged"], serde_json::json!(["supportEmail"]), "{}", bulk.body);
    assert_eq!(
        summary["changed"][0],
        serde_json::json!({"key": "pciCompliant", "before": "true", "after": "false"})
    );
    assert_eq!(
        summary["changed"][1],
        serde_json::json!({"key": "newKey", "before": null, "after": "1"})
    );

    // A bulk with one bad row changes nothing.
    let broken = admin.answer("/api/config/bulk", "rows[0][key]=pciCompliant&rows[0][value]=true&rows[0][encrypt]=false&rows[1][key]=pciCompliant&rows[1][value]=x&rows[1][encrypt]=false").await;
    assert_eq!(json(&broken.body)["Invalid"][0]["field"], "row-1", "{}", broken.body);
    let all = json(&admin.answer("/api/config/all", "").await.body);
    let pci = all.as_array().unwrap().iter().find(|i| i["key"] == "pciCompliant").unwrap();
    assert_eq!(pci["value"], "false");

    // Delete falls back to the default; a key that could leave its path segment is refused unsent.
    assert!(json(&admin.answer("/api/config/delete", "key=newKey").await.body)
        .get("Done")
        .is_some());
    let dots = admin.answer("/api/config/delete", "key=..").await;
    assert!(json(&dots.body)["Refused"].is_string(), "{}", dots.body);
}

fn wallet_type_form(
    id: Option<i64>,
    version: Option<i64>,
    name: &str,
    daily_limit: &str,
) -> String {
    let mut body = format!("{}&form[mode]=CLOSED_LOOP_DIGITAL", field("form[name]", name));
    if let Some(id) = id {
        body.push_str(&format!("&form[wallet_type_id]={id}"));
    }
    if let Some(v) = version {
        body.push_str(&format!("&form[version]={v}"));
    }
    for (i, v) in ["ZAR", "", "25000", daily_limit, "NONE", "", ""].iter().enumerate() {
        body.push_str(&format!("&form[known][{i}]={v}"));
    }
    body
}

#[tokio::test]
async fn wallet_types_count_their_wallets_refuse_stale_versions_and_deletes_in_use() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    let save = |id, version, name, daily_limit| {
        let (admin, body) = (&admin, wallet_type_form(id, version, name, daily_limit));
        async move { admin.call("/api/wallet_types/save", &body).await }
    };
    let list = admin
        .call(
            "/api/wallet_types/list",
            "query[sort]=wallets&query[desc]=true&query[offset]=0&query[limit]=20&query[q]=",
        )
        .await;
    let first = &list["items"][0];
    assert!(first["wallets"].as_u64().unwrap() > 0, "{list}");
    let in_use = first["wallet_type"]["walletTypeId"].as_i64().unwrap();

    let created = save(None, None, "Conflict ZAR", "1000").await;
    let id = created["Done"]["walletTypeId"].as_i64().expect("created");
    assert_eq!(created["Done"]["version"], 1);

    // Two editors start from version 1; the second to save gets the latest back, not an error.
    let first_save = save(Some(id), Some(1), "Conflict ZAR", "2000").await;
    assert_eq!(first_save["Done"]["version"], 2);
    let second = save(Some(id), Some(1), "Conflict ZAR", "3000").await;
    let latest = &second["Conflict"];
    assert_eq!(latest["version"], 2, "{second}");
    assert!(latest["configuration"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["att"] == "dailyDebitLimit" && a["val"] == "2000"));
    // Applied on top of the latest version, the second editor's values win.
    let applied = save(Some(id), Some(2), "Conflict ZAR", "3000").await;
    assert_eq!(applied["Done"]["version"], 3);

    let invalid = save(Some(id), Some(3), "", "-5").await;
    let fields: Vec<&str> = invalid["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "dailyDebitLimit"]);

    let refused = admin.call("/api/wallet_types/delete", &format!("wallet_type_id={in_use}")).await;
    assert!(refused["Refused"].as_str().unwrap().contains("use this type"), "{refused}");
    let deleted = admin.call("/api/wallet_types/delete", &format!("wallet_type_id={id}")).await;
    assert!(deleted.get("Done").is_some());
    let gone = admin.answer("/api/wallet_types/get", &format!("wallet_type_id={id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.body);
}
