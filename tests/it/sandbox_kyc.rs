//! The sandbox's documents, identities, ratify and manual verification (`docs/sandbox.md`, "KYC checks").

use crate::common::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

fn upload(kind: &str, name: &str, content_type: &str, bytes: &[u8]) -> Value {
    json!({"documentType": kind, "fileName": name, "contentType": content_type, "content": b64(bytes)})
}

const CHECKED: &str = "?performOcr=true&validateDocType=true";

#[tokio::test]
async fn documents_are_checked_by_their_bytes() {
    let (_dir, app, system) = started().await;
    let customer =
        json!({"firstName": "Doc", "lastName": "Tester", "externalUniqueId": "cust-docs-001"});
    let id = create_customer(&app, &system, 42, customer).await;
    let docs = format!("/tenants/42/customers/{id}/documents{CHECKED}");
    let (status, doc) = post(
        &app,
        &system,
        &docs,
        upload("NATIONAL_IDENTITY", "id_front.png", "image/png", &png(None)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    assert_eq!(doc["ocrData"]["lastName"], "Tester", "OCR falls back to the profile");
    assert!(doc.get("content").is_none());
    let (_, one) =
        get(&app, &system, &format!("/tenants/42/documents/{}", doc["documentId"])).await;
    assert_eq!(one["content"], b64(&png(None)));

    let refusals = [
        (
            upload("FACIAL_PHOTO", "selfie.jpg", "image/jpeg", b"MZ\x90\x00not really a jpeg"),
            "content",
        ),
        (upload("FACIAL_PHOTO", "selfie.jpg", "image/jpeg", &png(None)), "contentType"),
        (
            upload("FACIAL_PHOTO", "selfie.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n"),
            "documentType",
        ),
        (
            json!({"documentType": "PASSPORT", "fileName": "p.png", "contentType": "image/png", "content": "not base64!!"}),
            "content",
        ),
        (upload("PASSPORT", "big.png", "image/png", &vec![0u8; 10 * 1024 * 1024 + 1]), "content"),
    ];
    for (body, field) in refusals {
        let (status, err) = post(&app, &system, &docs, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {err}");
        assert_error(&err, ErrorCode::Validation);
        assert!(err[0]["description"].as_str().unwrap().contains(field), "{field}: {err}");
    }
    let level1 = token(&app, "mzansi.level1").await;
    let (status, err) = get(&app, &level1, &docs).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "LEVEL_01 sees no documents");
    assert_error(&err, ErrorCode::Forbidden);
}

/// One check of a ratify result's serialised `EclipseKycResult`.
fn check(result: &Value, name: &str) -> Value {
    let data: Value = serde_json::from_str(result["resultData"].as_str().unwrap()).unwrap();
    data[name].clone()
}

#[tokio::test]
async fn ratify_fails_on_purpose_then_passes_after_the_fixes() {
    let (_dir, app, system) = started().await;
    let customer = json!({"firstName": "Sipho", "lastName": "Dlamini",
        "dateOfBirth": "1990-03-15", "phone1": "27821234567", "email": "sipho.kyc@example.com",
        "nationalIdentityNumber": "9003155012083", "externalUniqueId": "cust-sipho-kyc"});
    let id = create_customer(&app, &system, 42, customer).await;
    let base = format!("/tenants/42/customers/{id}");
    let (ratify, documents) = (format!("{base}/ratify"), format!("{base}/documents{CHECKED}"));
    let (status, first) = post(&app, &system, &ratify, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    for field in ["ratifyResultId", "userId", "tenantId"] {
        assert!(first[field].is_i64(), "{field}");
    }
    assert_eq!(first["ratifyType"], "NORMAL");
    assert_eq!(first["verifiedStatus"], "PENDING");
    assert_eq!(first["status"], "COMPLETED");
    assert_eq!(
        check(&first, "nationalIdentityIsLegitimate")["passed"],
        false,
        "the vendor's example fails its Luhn digit"
    );
    assert_eq!(check(&first, "selfieMatchesNationalIdentity")["passed"], false);

    // Fix: the right check digit, an address, the documents (OCR disagreeing at first).
    put(&app, &system, &base, json!({"nationalIdentityNumber": "9003155012086"})).await;
    post(
        &app,
        &system,
        &format!("{base}/addresses"),
        json!({"line1": "12 Mandela Street", "city": "Johannesburg", "country": "ZAF"}),
    )
    .await;
    let wrong = png(Some(
        r#"{"ocr":{"firstName":"Sipho","lastName":"Dlamani","nationalIdentityNumber":"9003155012086"}}"#,
    ));
    let (_, id_doc) =
        post(&app, &system, &documents, upload("NATIONAL_IDENTITY", "id.png", "image/png", &wrong))
            .await;
    assert_eq!(id_doc["ocrData"]["lastName"], "Dlamani", "OCR read the image's metadata");
    for doc in [
        upload("FACIAL_PHOTO", "selfie.png", "image/png", &png(None)),
        upload("PROOF_OF_ADDRESS", "bill.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n"),
    ] {
        post(&app, &system, &documents, doc).await;
    }
    let (_, second) = post(&app, &system, &ratify, json!({})).await;
    let ocr = check(&second, "ocrMatchesProfile");
    assert_eq!(ocr["passed"], false);
    assert!(ocr["comment"].as_str().unwrap().contains("last name"));

    let right = png(Some(
        r#"{"ocr":{"firstName":"Sipho","lastName":"Dlamini","nationalIdentityNumber":"9003155012086"}}"#,
    ));
    put(
        &app,
        &system,
        &format!("/tenants/42/documents/{}{CHECKED}", id_doc["documentId"]),
        upload("NATIONAL_IDENTITY", "id.png", "image/png", &right),
    )
    .await;
    let (_, third) = post(&app, &system, &ratify, json!({})).await;
    let data: Value = serde_json::from_str(third["resultData"].as_str().unwrap()).unwrap();
    assert_eq!(data["status"], "PASSED", "{data}");
    let (_, customer) = get(&app, &system, &base).await;
    assert_eq!(customer["kycLevel"], "BASIC");
    let (_, history) = get(&app, &system, &ratify).await;
    let statuses: Vec<&str> =
        history.as_array().unwrap().iter().map(|r| r["verifiedStatus"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        ["PENDING", "SUPERSEDED", "SUPERSEDED"],
        "newest first; only the latest awaits review"
    );
    let (_, eligible) = get(&app, &system, &format!("{base}/wallet-types")).await;
    assert!(eligible.as_array().unwrap().len() > 1, "BASIC opens more wallet types");

    // A reviewer verifies it: FULL. Deciding again is refused.
    let reviewer = token(&app, "mzansi.reviewer").await;
    let decide = format!("/global/ratify-results/{}", third["ratifyResultId"]);
    let (status, err) = put(&app, &reviewer, &decide, json!({"verifiedStatus": "REJECTED"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a rejection needs a reason");
    assert_error(&err, ErrorCode::Validation);
    let (status, decided) =
        put(&app, &reviewer, &decide, json!({"verifiedStatus": "VERIFIED", "comment": "all good"}))
            .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["verifiedBy"], "mzansi.reviewer");
    let (_, customer) = get(&app, &system, &base).await;
    assert_eq!(customer["kycLevel"], "FULL");
    let (status, err) =
        put(&app, &reviewer, &decide, json!({"verifiedStatus": "REJECTED", "reason": "OTHER"}))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::NotAllowedInStatus);
}

#[tokio::test]
async fn the_review_queue_is_the_tenants_own_oldest_first() {
    let (_dir, app, _system) = started().await;
    let reviewer = token(&app, "mzansi.reviewer").await;
    let (status, headers, queue) = call_full(
        &app,
        Method::GET,
        "/global/ratify-results?verifiedStatus=PENDING&limit=100",
        Some(&reviewer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    let total: usize = headers["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(total >= 10, "at least ten results await review: {total}");
    let created: Vec<&str> =
        queue.as_array().unwrap().iter().map(|r| r["created"].as_str().unwrap()).collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let (_, newest) = get(
        &app,
        &reviewer,
        "/global/ratify-results?verifiedStatus=PENDING&limit=100&sort=created,desc",
    )
    .await;
    let reversed: Vec<&str> =
        newest.as_array().unwrap().iter().map(|r| r["created"].as_str().unwrap()).collect();
    assert_eq!(reversed, created.iter().rev().copied().collect::<Vec<_>>(), "newest first");
    let (status, err) = get(&app, &reviewer, "/global/ratify-results?sort=userId,asc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, ErrorCode::Validation);
    let (_, failed) = get(
        &app,
        &reviewer,
        "/global/ratify-results?status=FAILED&failedCheck=selfieMatchesNationalIdentity",
    )
    .await;
    assert!(!failed.as_array().unwrap().is_empty());

    let level1 = token(&app, "mzansi.level1").await;
    let (status, err) = get(&app, &level1, "/global/ratify-results").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&err, ErrorCode::Forbidden);
    let other = token(&app, "karoo.reviewer").await;
    let (status, _) = get(&app, &other, "/global/ratify-results?tenantId=42").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another tenant's reviewer");
    let (_, own) = get(&app, &other, "/global/ratify-results").await;
    assert_eq!(own, json!([]));
}

#[tokio::test]
async fn identities_follow_the_tenants_password_rule() {
    let (_dir, app, _) = started().await;
    let karoo = token(&app, "karoo.system").await;
    let customer =
        json!({"firstName": "Pin", "lastName": "User", "externalUniqueId": "cust-pin-001"});
    let id = create_customer(&app, &karoo, 77, customer).await;
    let path = format!("/tenants/77/customers/{id}/identities");
    let (status, err) =
        post(&app, &karoo, &path, json!({"identity": "pin.user", "password": "not-a-pin"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err[0]["description"].as_str().unwrap().contains("passwordRegEx"));
    let (status, created) =
        post(&app, &karoo, &path, json!({"identity": "pin.user", "password": "12345"})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(created.get("password").is_none());
    let (status, err) =
        post(&app, &karoo, &path, json!({"identity": "pin.user", "password": "54321"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&err, ErrorCode::Duplicate);
}

#[tokio::test]
async fn manual_kyc_sets_the_level_with_a_reason_and_a_document_on_file() {
    let (_dir, app, system) = started().await;
    let customer =
        json!({"firstName": "Lerato", "lastName": "Manual", "externalUniqueId": "cust-manual-kyc"});
    let id = create_customer(&app, &system, 42, customer).await;
    let other = create_customer(
        &app,
        &system,
        42,
        json!({"firstName": "Other", "lastName": "One",
        "externalUniqueId": "cust-manual-other"}),
    )
    .await;
    let upload_to = |customer: i64| {
        let app = app.clone();
        let system = system.clone();
        async move {
            let docs = format!("/tenants/42/customers/{customer}/documents");
            let (_, doc) =
                post(&app, &system, &docs, upload("PASSPORT", "p.png", "image/png", &png(None)))
                    .await;
            doc["documentId"].as_i64().unwrap()
        }
    };
    let (document, others) = (upload_to(id).await, upload_to(other).await);
    let base = format!("/tenants/42/customers/{id}");
    let (_, pending) = post(&app, &system, &format!("{base}/ratify"), json!({})).await;
    assert_eq!(pending["verifiedStatus"], "PENDING");

    let manual = format!("{base}/ratify/manual");
    let body = |level: &str, reason: &str, doc: i64| json!({"kycLevel": level, "reason": reason, "documentId": doc});
    let level2 = token(&app, "mzansi.level2").await;
    let (status, err) =
        post(&app, &level2, &manual, body("FULL", "Seen in branch", document)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only a reviewer sets a level by hand: {err}");
    let reviewer = token(&app, "mzansi.reviewer").await;
    for (bad, field) in [
        (body("FULL", "  ", document), "reason"),
        (body("FULL", "Seen in branch", others), "documentId"),
        (json!({"kycLevel": "PLATINUM", "reason": "x", "documentId": document}), "kycLevel"),
    ] {
        let (status, err) = post(&app, &reviewer, &manual, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {err}");
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
    let (status, set) =
        post(&app, &reviewer, &manual, body("FULL", "Seen in branch", document)).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["ratifyType"], "MANUAL");
    assert_eq!(set["verifiedStatus"], "VERIFIED");
    assert_eq!(set["verifiedBy"], "mzansi.reviewer");
    assert_eq!(set["kycLevel"], "FULL");
    assert_eq!(set["documentId"], document);
    assert_eq!(set["comment"], "Seen in branch");
    assert_eq!(check(&set, "manualKyc")["passed"], true);
    let (_, customer) = get(&app, &system, &base).await;
    assert_eq!(customer["kycLevel"], "FULL");
    let (_, results) = get(&app, &system, &format!("{base}/ratify")).await;
    assert_eq!(results[0]["ratifyType"], "MANUAL", "newest first");
    assert_eq!(results[1]["verifiedStatus"], "SUPERSEDED", "the pending result was replaced");
    assert!(results[1].get("kycLevel").is_none(), "an automated result has no level of its own");

    let (_, down) =
        post(&app, &system, &manual, body("NONE", "Passport reported stolen", document)).await;
    assert_eq!(check(&down, "manualKyc")["passed"], false);
    let (_, customer) = get(&app, &system, &base).await;
    assert_eq!(customer["kycLevel"], "NONE", "a level set by hand may also go down");
}
