//! The sandbox's tenant config, wallet types, customers and addresses, with the rules `docs/sandbox.md` states.

use crate::common::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn encrypted_config_is_masked_and_the_mask_cannot_overwrite_it() {
    let (_dir, app, system) = started().await;
    let sms_api_key = |value: &str| json!({"key": "smsApiKey", "value": value});
    let (status, item) =
        post(&app, &system, "/tenants/42/config", sms_api_key("Encrypt:s3cret-value")).await;
    assert_eq!(status, StatusCode::CREATED, "{item}");
    assert_eq!(item["value"], "********");
    assert_eq!(item["encrypted"], true);
    let (_, list) = get(&app, &system, "/tenants/42/config").await;
    assert!(!list.to_string().contains("s3cret"), "{list}");
    for key in ["key", "value", "description", "lastModified"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    let (status, err) =
        put(&app, &system, "/tenants/42/config/smsApiKey", sms_api_key("********")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);

    // Bulk: every row or none.
    let rows = json!([{"key": "supportEmail", "value": "help@mzansi.example"}, {"key": "pciCompliant", "value": "maybe"}]);
    let (status, err) = post(&app, &system, "/tenants/42/config/bulk", rows).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err[0]["description"].as_str().unwrap().contains("row 2"));
    let (_, support) = get(&app, &system, "/tenants/42/config/supportEmail").await;
    assert_eq!(support["value"], "support@mzansi.example", "nothing half done");
    let rows = json!([{"key": "supportEmail", "value": "help@mzansi.example"}, {"key": "newKey", "value": "1"}]);
    let (status, items) = post(&app, &system, "/tenants/42/config/bulk", rows).await;
    assert_eq!(status, StatusCode::OK, "{items}");
    assert_eq!(items.as_array().unwrap().len(), 2);

    let (status, _) = delete(&app, &system, "/tenants/42/config/newKey").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = get(&app, &system, "/tenants/42/config/newKey").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&err, ErrorCode::NotFound);

    let reader = token(&app, "mzansi.level3").await;
    let (status, err) = post(&app, &reader, "/tenants/42/config/bulk", json!([])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&err, ErrorCode::Forbidden);
}

#[tokio::test]
async fn wallet_types_follow_the_vendor_example_and_guard_their_version() {
    let (_dir, app, system) = started().await;
    let body = json!({"name": "Digital Wallet ZAR", "mode": "CLOSED_LOOP_DIGITAL", "configuration": [{"att": "Currency", "val": "ZAR"}]});
    let (status, created) = post(&app, &system, "/tenants/42/wallet-types", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(created["walletTypeId"].is_i64());
    assert_eq!(created["version"], 1);
    assert_eq!(created["configuration"], json!([{"att": "Currency", "val": "ZAR"}]));
    let id = created["walletTypeId"].as_i64().unwrap();
    let path = format!("/tenants/42/wallet-types/{id}");

    let update = |limit: &str, version: i64| {
        json!({"walletTypeId": id, "name": "Digital Wallet ZAR", "mode": "CLOSED_LOOP_DIGITAL",
        "configuration": [{"att": "Currency", "val": "ZAR"}, {"att": "dailyDebitLimit", "val": limit}], "version": version})
    };
    let (status, updated) = put(&app, &system, &path, update("20000", 1)).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["version"], 2);
    let (status, err) = put(&app, &system, &path, update("1", 1)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&err, ErrorCode::StaleVersion);

    // Two writers from the same version: exactly one wins, the other gets VER001, nothing is lost.
    let winner = race(&app, &system, &path, update("111", 2), update("222", 2)).await;
    let (_, now) = get(&app, &system, &path).await;
    assert_eq!(now["version"], 3);
    assert_eq!(now["configuration"], winner["configuration"]);

    let (status, err) = put(&app, &system, &path, json!({"name": "x", "mode": "CLOSED_LOOP_DIGITAL", "configuration": [{"att": "Currency", "val": "ZAR"}]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "version is required");
    assert_error(&err, ErrorCode::Validation);
    let (status, err) = post(
        &app,
        &system,
        "/tenants/42/wallet-types",
        json!({"name": "No currency", "mode": "CLOSED_LOOP_DIGITAL", "configuration": []}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err[0]["description"].as_str().unwrap().contains("Currency"));

    let (status, _) = delete(&app, &system, &path).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, types) = get(&app, &system, "/tenants/42/wallet-types").await;
    assert_eq!(types.as_array().unwrap().len(), 5, "the demo types remain");
}

/// Two writes of `path` at once from the same version: exactly one wins, the other gets VER001's CONFLICT.
/// The winner's answer.
async fn race(app: &axum::Router, token: &str, path: &str, a: Value, b: Value) -> Value {
    let (a, b) = tokio::join!(put(app, token, path, a), put(app, token, path, b));
    let statuses = [a.0, b.0];
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
        "{statuses:?}"
    );
    if a.0 == StatusCode::OK {
        a.1
    } else {
        b.1
    }
}

fn sipho(external_id: &str) -> Value {
    json!({"firstName": "Sipho", "lastName": "Dlamini", "dateOfBirth": "1990-03-15", "phone1": "27821234567",
        "email": "sipho.test@example.com", "nationalIdentityNumber": "9003155012083", "externalUniqueId": external_id})
}

#[tokio::test]
async fn customers_are_created_as_the_vendor_example_and_found_by_every_field() {
    let (_dir, app, system) = started().await;
    let (status, created) =
        post(&app, &system, "/tenants/42/customers", sipho("cust-sipho-001")).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    for (field, value) in [
        ("firstName", "Sipho"),
        ("lastName", "Dlamini"),
        ("dateOfBirth", "1990-03-15"),
        ("phone1", "27821234567"),
        ("nationalIdentityNumber", "9003155012083"),
        ("status", "ACTIVE"),
        ("externalUniqueId", "cust-sipho-001"),
    ] {
        assert_eq!(created[field], value, "{field}");
    }
    assert!(
        created["customerId"].is_i64()
            && created["tenantId"] == 42
            && created["created"].is_string()
    );
    let (status, err) = post(&app, &system, "/tenants/42/customers", sipho("cust-sipho-001")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&err, ErrorCode::Duplicate);

    let id = created["customerId"].as_i64().unwrap();
    for query in [
        "lastName=dlam",
        "email=SIPHO.TEST",
        "nationalIdentityNumber=9003155012083",
        "phone1=0821234567",
        "phone1=27821234567",
        "externalUniqueId=cust-sipho-001",
    ] {
        let (status, headers, found) = call_full(
            &app,
            Method::GET,
            &format!("/tenants/42/customers?{query}&limit=1000"),
            Some(&system),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert!(
            found.as_array().unwrap().iter().any(|c| c["customerId"] == id),
            "{query} finds Sipho"
        );
        assert!(headers.contains_key("x-total-count"));
    }
    // HEAD says whether a search finds anyone.
    for (query, expected) in [
        ("nationalIdentityNumber=9003155012083", StatusCode::OK),
        ("passportNumber=NOPE12345", StatusCode::NOT_FOUND),
    ] {
        let path = format!("/tenants/42/customers?{query}");
        let (status, _) = call(&app, Method::HEAD, &path, Some(&system), None).await;
        assert_eq!(status, expected, "{query}");
    }

    // Another tenant's admin cannot see the customer, even by id.
    let other = token(&app, "karoo.system").await;
    let (status, _) = get(&app, &other, &format!("/tenants/77/customers/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn customer_updates_check_version_position_and_status() {
    let (_dir, app, system) = started().await;
    let id = create_customer(&app, &system, 42, sipho("cust-sipho-002")).await;
    let path = format!("/tenants/42/customers/{id}");
    let (status, updated) =
        put(&app, &system, &path, json!({"email": "new@example.com", "version": 1})).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["version"], 2);
    assert_eq!(updated["firstName"], "Sipho", "only the fields carried change");
    let (status, err) =
        put(&app, &system, &path, json!({"email": "old@example.com", "version": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&err, ErrorCode::StaleVersion);
    let (status, _) = put(&app, &system, &path, json!({"profileCompletionStatus": 14})).await;
    assert_eq!(status, StatusCode::OK, "version is optional");

    let level2 = token(&app, "mzansi.level2").await;
    let (status, err) = put(&app, &level2, &path, json!({"status": "BARRED"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "status needs LEVEL_03");
    assert_error(&err, ErrorCode::Forbidden);
    let level3 = token(&app, "mzansi.level3").await;
    let (status, barred) =
        put(&app, &level3, &path, json!({"status": "BARRED", "reason": "suspected fraud"})).await;
    assert_eq!(status, StatusCode::OK, "{barred}");
    assert_eq!(barred["status"], "BARRED");

    let (status, err) = put(&app, &system, &path, json!({"dateOfBirth": "15/03/1990"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err[0]["description"].as_str().unwrap().contains("dateOfBirth"));
    assert_error(&err, ErrorCode::Validation);
    assert_eq!(
        err[0]["field"], "dateOfBirth",
        "a value that does not read is refused on its field"
    );

    let (status, _) = delete(&app, &system, &path).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, found) =
        get(&app, &system, "/tenants/42/customers?externalUniqueId=cust-sipho-002").await;
    assert_eq!(found, json!([]), "deleted customers are left out of searches");
    let (_, deleted) = get(&app, &system, &path).await;
    assert_eq!(deleted["status"], "DELETED");
}

#[tokio::test]
async fn addresses_follow_the_vendor_example() {
    let (_dir, app, system) = started().await;
    let id = create_customer(&app, &system, 42, sipho("cust-sipho-003")).await;
    let address = json!({"line1": "12 Mandela Street", "line2": "Sandton", "city": "Johannesburg", "state": "Gauteng",
        "postalCode": "2196", "country": "ZAF", "addressType": "RESIDENTIAL"});
    let (status, a) =
        post(&app, &system, &format!("/tenants/42/customers/{id}/addresses"), address).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    assert!(a["addressId"].is_i64());
    let address_id = a["addressId"].as_i64().unwrap();
    let address = format!("/tenants/42/addresses/{address_id}");
    let (status, a) = put(&app, &system, &address, json!({"line2": "Rosebank"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a["line2"], "Rosebank");
    assert_eq!(a["line1"], "12 Mandela Street");
    let (status, err) = put(&app, &system, &address, json!({"country": "South Africa"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);
    let (_, list) = get(&app, &system, &format!("/tenants/42/customers/{id}/addresses")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let other_tenant = token(&app, "karoo.system").await;
    let (status, err) = delete(&app, &other_tenant, &address.replace("/42/", "/77/")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another tenant's address");
    assert_error(&err, ErrorCode::NotFound);
    let (status, _) = delete(&app, &system, &address).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = delete(&app, &system, &address).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "already deleted");
    assert_error(&err, ErrorCode::NotFound);
}

#[tokio::test]
async fn the_demo_tenant_has_hundreds_of_customers() {
    let (_dir, app, system) = started().await;
    let (_, headers, first) = call_full(
        &app,
        Method::GET,
        "/tenants/42/customers?limit=5&sort=lastName,asc",
        Some(&system),
        None,
    )
    .await;
    let total: i64 = headers["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(total >= 300, "{total}");
    assert_eq!(first.as_array().unwrap().len(), 5);
    assert_eq!(first[0]["lastName"], "Adams");
}

#[tokio::test]
async fn two_writers_of_one_customer_version_one_wins_and_nothing_is_lost() {
    let (_dir, app, system) = started().await;
    let id = create_customer(&app, &system, 42, sipho("cust-sipho-004")).await;
    let path = format!("/tenants/42/customers/{id}");
    let email = |address: &str| json!({"email": address, "version": 1});
    let winner =
        race(&app, &system, &path, email("first@example.com"), email("second@example.com")).await;
    let (_, now) = get(&app, &system, &path).await;
    assert_eq!(now["email"], winner["email"]);
    assert_eq!(now["version"], 2);
}

#[tokio::test]
async fn the_tenant_can_be_renamed_by_tenant_system_only() {
    let (_dir, app, system) = started().await;
    let (status, tenant) =
        put(&app, &system, "/tenants/42", json!({"name": "Mzansi Wallet SA"})).await;
    assert_eq!(status, StatusCode::OK, "{tenant}");
    assert_eq!(tenant["name"], "Mzansi Wallet SA");
    assert_eq!(tenant["tenantId"], 42);
    let level3 = token(&app, "mzansi.level3").await;
    let (status, err) = put(&app, &level3, "/tenants/42", json!({"name": "x"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&err, ErrorCode::Forbidden);
    let (status, err) = put(&app, &system, "/tenants/42", json!({"name": " "})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);
}

#[tokio::test]
async fn every_list_pages_and_filters_by_external_unique_id() {
    let (_dir, app, system) = started().await;
    let id = create_customer(&app, &system, 42, sipho("cust-sipho-005")).await;
    let list = format!("/tenants/42/customers/{id}/addresses");
    for i in 0..3 {
        let body = json!({"line1": format!("{i} Long Street"), "country": "ZAF", "externalUniqueId": format!("address-{i:04}")});
        post(&app, &system, &list, body).await;
    }
    let (_, headers, second) =
        call_full(&app, Method::GET, &format!("{list}?offset=1&limit=1"), Some(&system), None)
            .await;
    assert_eq!(headers["x-total-count"], "3");
    assert_eq!(second[0]["line1"], "1 Long Street");
    let (_, one) = get(&app, &system, &format!("{list}?externalUniqueId=address-0002")).await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["line1"], "2 Long Street");
    let (_, headers, types) =
        call_full(&app, Method::GET, "/tenants/42/wallet-types?limit=2", Some(&system), None).await;
    assert_eq!(types.as_array().unwrap().len(), 2);
    assert_eq!(headers["x-total-count"], "5");
}
