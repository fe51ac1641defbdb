//! Integration tests: compliance review through the portal's router against the embedded sandbox: claims,
//! four eyes, decisions and what follows from them, the queue's filters, and the audit trail and its CSV.

use crate::portal::{Admin, Portal};
use axum::http::{header, StatusCode};
use serde_json::Value;

async fn ratify(admin: &Admin<'_>, customer_id: i64) -> i64 {
    admin.call("/api/customers/kyc/ratify", &format!("customer_id={customer_id}")).await
        ["ratifyResultId"]
        .as_i64()
        .unwrap()
}

async fn open(admin: &Admin<'_>, result: i64) -> Value {
    admin.call("/api/review/open", &format!("ratify_result_id={result}")).await
}

async fn decide(admin: &Admin<'_>, result: i64, decision: &str, reason: &str) -> Value {
    let body = format!("form[ratify_result_id]={result}&form[decision]={decision}&form[reason]={reason}&form[comment]=checked%20by%20test");
    admin.call("/api/review/decide", &body).await
}

async fn queue(admin: &Admin<'_>, filters: &str) -> Value {
    admin.call("/api/review/queue", &format!("filters[offset]=0&{filters}")).await
}

fn refused(answer: &Value) -> &str {
    answer["Refused"].as_str().unwrap_or_else(|| panic!("refused: {answer}"))
}

#[tokio::test]
async fn only_the_holder_of_a_live_claim_decides_and_never_one_who_gathered_the_evidence() {
    let portal = Portal::start().await;
    let [system, reviewer, reviewer2] =
        Admin::sign_in_each(&portal, ["mzansi.system", "mzansi.reviewer", "mzansi.reviewer2"])
            .await;
    let result = ratify(&system, 5).await;

    // Nobody opened it: nobody may decide it.
    assert!(refused(&decide(&reviewer2, result, "VERIFIED", "").await)
        .contains("claim on this result has ended"));

    let case = open(&reviewer, result).await;
    assert_eq!(case["claim"]["by"], "mzansi.reviewer");
    assert_eq!(case["claim"]["mine"], true);
    let seen = open(&reviewer2, result).await;
    assert_eq!(seen["claim"]["by"], "mzansi.reviewer", "the first claim holds");
    assert_eq!(seen["claim"]["mine"], false);
    assert!(refused(&decide(&reviewer2, result, "VERIFIED", "").await)
        .contains("mzansi.reviewer holds this result"));

    // The admin who ran ratify is told why, claims nothing, and is refused.
    let own = open(&system, result).await;
    assert!(own["four_eyes"].as_str().unwrap().contains("you ran ratify"), "{own}");
    assert!(refused(&decide(&system, result, "VERIFIED", "").await).contains("Four eyes"));

    // A rejection needs a reason; the server says so on the field.
    let invalid = decide(&reviewer, result, "REJECTED", "").await;
    assert_eq!(invalid["Invalid"][0]["field"], "reason", "{invalid}");

    let done = decide(&reviewer, result, "VERIFIED", "").await;
    assert_eq!(done["Done"]["status"], "VERIFIED", "{done}");
    let next = done["Done"]["next"].as_i64().expect("the seeded queue has more");
    assert_ne!(next, result);
    let customer = reviewer.call("/api/customers/get", "customer_id=5").await;
    assert_eq!(customer["kycLevel"], "FULL");
    assert!(refused(&decide(&reviewer, result, "REJECTED", "DATA_MISMATCH").await)
        .contains("already decided"));

    // The trail: on the customer, and on the audit page for TENANT_SYSTEM only.
    let decisions = system.call("/api/review/decisions", "customer_id=5").await;
    assert_eq!(decisions[0]["reviewer"], "mzansi.reviewer");
    assert_eq!(decisions[0]["decision"], "VERIFIED");
    assert_eq!(decisions[0]["comment"], "checked by test");
    let audit = system.call("/api/review/audit", "filters[reviewer]=mzansi.reviewer&filters[decision]=&filters[from]=&filters[to]=&filters[customer_id]=5&filters[offset]=0").await;
    assert_eq!(audit["total"], 1, "{audit}");
    let page = portal.call("/api/review/audit", "filters[reviewer]=&filters[decision]=&filters[from]=&filters[to]=&filters[customer_id]=&filters[offset]=0", Some(&reviewer.cookie), &[]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    let (status, headers, body) =
        portal.get_bytes("/audit/decisions.csv?customer=5", &system.cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let csv = String::from_utf8(body).unwrap();
    assert!(csv.starts_with("decided_at,reviewer,"), "{csv}");
    assert!(
        csv.contains(&format!(
            "\"mzansi.reviewer\",\"{result}\",\"5\",\"VERIFIED\",\"\",\"checked by test\",\"ok\""
        )),
        "{csv}"
    );
    let (status, _, _) = portal.get_bytes("/audit/decisions.csv", &reviewer.cookie).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_rejection_sets_the_level_back_and_leaves_the_wallets_alone() {
    let portal = Portal::start().await;
    let [system, reviewer] =
        Admin::sign_in_each(&portal, ["mzansi.system", "mzansi.reviewer"]).await;
    let wallets_before = system.call("/api/wallets/of_customer", "customer_id=7").await;
    assert!(
        !wallets_before.as_array().unwrap().is_empty(),
        "seeded customers up to 120 have wallets"
    );
    let result = ratify(&system, 7).await;
    let case = open(&reviewer, result).await;
    assert_eq!(case["wallets"].as_array().unwrap().len(), wallets_before.as_array().unwrap().len());
    let done = decide(&reviewer, result, "REJECTED", "SUSPECTED_FRAUD").await;
    assert_eq!(done["Done"]["status"], "REJECTED", "{done}");
    assert_eq!(system.call("/api/customers/get", "customer_id=7").await["kycLevel"], "NONE");
    assert_eq!(system.call("/api/wallets/of_customer", "customer_id=7").await, wallets_before);
    let options = system.call("/api/wallets/options", "customer_id=7").await;
    assert!(
        options["eligible"].as_array().unwrap().iter().all(|t| !t.to_string().contains("\"FULL\"")),
        "{options}"
    );
}

#[tokio::test]
async fn the_queue_holds_only_latest_pending_results_and_filters_them() {
    let portal = Portal::start().await;
    let [system, reviewer] =
        Admin::sign_in_each(&portal, ["mzansi.system", "mzansi.reviewer"]).await;
    let first = ratify(&system, 130).await;
    let second = ratify(&system, 130).await;
    let all = queue(&reviewer, "filters[outcome]=&filters[age]=&filters[failed_check]=").await;
    let total = all["total"].as_u64().unwrap();
    let mut ids = vec![];
    for offset in (0..total).step_by(20) {
        let page = reviewer.call("/api/review/queue", &format!("filters[outcome]=&filters[age]=&filters[failed_check]=&filters[offset]={offset}")).await;
        ids.extend(
            page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["ratify_result_id"].as_i64().unwrap()),
        );
    }
    assert!(ids.contains(&second) && !ids.contains(&first), "the earlier result is superseded");
    let created: Vec<String> = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["created"].as_str().unwrap().to_owned())
        .collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert_eq!(all["sla_hours"], 24, "the default review SLA");
    let newest = queue(
        &reviewer,
        "filters[outcome]=&filters[age]=&filters[failed_check]=&filters[newest_first]=true",
    )
    .await;
    assert_eq!(newest["rows"][0]["ratify_result_id"], second, "the result just made comes first");

    let failed = queue(
        &reviewer,
        "filters[outcome]=FAILED&filters[age]=&filters[failed_check]=proofOfAddressProvided",
    )
    .await;
    for row in failed["rows"].as_array().unwrap() {
        assert_eq!(row["passed"], false, "{row}");
        assert!(
            row["failed_checks"].as_array().unwrap().iter().any(|c| c == "proofOfAddressProvided"),
            "{row}"
        );
    }
    let old = queue(&reviewer, "filters[outcome]=&filters[age]=72h&filters[failed_check]=").await;
    assert!(old["total"].as_u64().unwrap() < total);
    assert!(old["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["waited_minutes"].as_i64().unwrap() >= 72 * 60));
    let count = reviewer.call("/api/review/waiting", "").await;
    assert_eq!(count.as_u64(), Some(total));
    let none = system.call("/api/review/waiting", "").await;
    assert_eq!(none.as_u64(), Some(total), "TENANT_SYSTEM reviews too");
    let level1 = Admin::sign_in(&portal, "mzansi.level1").await;
    assert_eq!(level1.call("/api/review/waiting", "").await, Value::Null);
}

#[tokio::test]
async fn two_reviewers_opening_at_once_get_one_claim() {
    let portal = Portal::start().await;
    let system = Admin::sign_in(&portal, "mzansi.system").await;
    let result = ratify(&system, 140).await;
    let [reviewer, reviewer2] =
        Admin::sign_in_each(&portal, ["mzansi.reviewer", "mzansi.reviewer2"]).await;
    let (a, b) = tokio::join!(open(&reviewer, result), open(&reviewer2, result));
    assert_eq!(a["claim"]["by"], b["claim"]["by"]);
    assert_ne!(a["claim"]["mine"], b["claim"]["mine"], "exactly one holds it");
    // The holder releases it; the other takes it.
    let holder = if a["claim"]["mine"] == true { &reviewer } else { &reviewer2 };
    let other = if a["claim"]["mine"] == true { &reviewer2 } else { &reviewer };
    holder.call("/api/review/release", &format!("ratify_result_id={result}")).await;
    assert_eq!(open(other, result).await["claim"]["mine"], true);
}

#[tokio::test]
async fn a_change_to_the_evidence_counts_for_four_eyes_and_shows_on_the_pending_result() {
    let portal = Portal::start().await;
    let [level3, system, reviewer] =
        Admin::sign_in_each(&portal, ["mzansi.level3", "mzansi.system", "mzansi.reviewer"]).await;
    let result = ratify(&level3, 6).await;
    let case = open(&reviewer, result).await;
    assert!(case["evidence_changed"].is_null(), "{case}");

    let address =
        "customer_id=6&form[line1]=9%20Loop%20St&form[line2]=&form[city]=Cape%20Town&form[state]=\
        &form[postal_code]=8001&form[country]=ZAF&form[address_type]=RESIDENTIAL";
    let saved = system.call("/api/customers/addresses/save", address).await;
    assert!(saved["Done"].is_object(), "{saved}");

    let case = open(&reviewer, result).await;
    let changed = case["evidence_changed"].as_str().unwrap_or_default();
    assert!(changed.contains("mzansi.system added an address of this customer"), "{case}");
    // Whoever changed the evidence may not decide on it.
    let own = open(&system, result).await;
    let four_eyes = own["four_eyes"].as_str().unwrap_or_default();
    assert!(four_eyes.contains("you added an address"), "{own}");
    assert!(refused(&decide(&system, result, "VERIFIED", "").await).contains("Four eyes"));
}

#[tokio::test]
async fn a_reviewer_holds_at_most_three_results_and_gives_up_the_oldest() {
    let portal = Portal::start().await;
    let [reviewer, reviewer2] =
        Admin::sign_in_each(&portal, ["mzansi.reviewer", "mzansi.reviewer2"]).await;
    let waiting = queue(&reviewer, "filters[outcome]=&filters[age]=&filters[failed_check]=").await;
    let ids: Vec<i64> = waiting["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ratify_result_id"].as_i64().unwrap())
        .take(4)
        .collect();
    assert_eq!(ids.len(), 4, "{waiting}");
    for id in &ids {
        assert_eq!(open(&reviewer, *id).await["claim"]["mine"], true);
    }
    // The first one opened was given up; the last three are still held.
    let first = open(&reviewer2, ids[0]).await;
    assert_eq!(first["claim"]["by"], "mzansi.reviewer2", "{first}");
    for id in &ids[1..] {
        assert_eq!(open(&reviewer2, *id).await["claim"]["by"], "mzansi.reviewer");
    }
}

/// The manual KYC request form, as the browser sends it.
fn manual_kyc(customer_id: i64, level: &str, document_id: i64, key: &str) -> String {
    format!("form[customer_id]={customer_id}&form[kyc_level]={level}&form[reason]=Passport%20seen%20in%20branch&form[document_id]={document_id}&key={key}")
}

async fn kyc_requests(admin: &Admin<'_>, customer: Option<i64>, status: &str) -> Value {
    let customer = customer.map(|c| format!("&filters[customer_id]={c}")).unwrap_or_default();
    let body = format!("filters[status]={status}&filters[offset]=0{customer}");
    admin.call("/api/review/manual-kyc/list", &body).await
}

async fn kyc_level(admin: &Admin<'_>, customer: i64) -> Value {
    admin.call("/api/customers/get", &format!("customer_id={customer}")).await["kycLevel"].clone()
}

#[tokio::test]
async fn a_kyc_level_set_by_hand_needs_a_second_reviewer() {
    let portal = Portal::start().await;
    let [reviewer, reviewer2, level3] =
        Admin::sign_in_each(&portal, ["mzansi.reviewer", "mzansi.reviewer2", "mzansi.level3"])
            .await;
    // A seeded customer whose ratify was rejected: at NONE, with an identity document on file.
    let customer = 187;
    let on_file =
        reviewer.call("/api/customers/documents/list", &format!("customer_id={customer}")).await;
    let document = on_file["documents"][0]["documentId"].as_i64().unwrap();
    assert_eq!(kyc_level(&reviewer, customer).await, "NONE");

    let refused_level3 = level3
        .answer(
            "/api/review/manual-kyc/request",
            &manual_kyc(customer, "FULL", document, "manualkyc0001"),
        )
        .await;
    assert_eq!(refused_level3.status, StatusCode::FORBIDDEN, "only reviewers ask");
    let invalid = reviewer
        .call(
            "/api/review/manual-kyc/request",
            &manual_kyc(customer, "NONE", document, "manualkyc0001"),
        )
        .await;
    assert!(invalid["Invalid"].to_string().contains("kyc_level"), "{invalid}");
    let elsewhere = reviewer
        .call("/api/review/manual-kyc/request", &manual_kyc(customer, "FULL", 1, "manualkyc0001"))
        .await;
    assert!(
        elsewhere["Invalid"].to_string().contains("document_id"),
        "another customer's document: {elsewhere}"
    );

    let body = manual_kyc(customer, "FULL", document, "manualkyc0001");
    let made = reviewer.call("/api/review/manual-kyc/request", &body).await;
    let request_id =
        made["Done"]["request_id"].as_str().unwrap_or_else(|| panic!("{made}")).to_owned();
    let again = reviewer.call("/api/review/manual-kyc/request", &body).await;
    assert_eq!(again["Done"]["request_id"], request_id, "a repeated submit is the same request");
    let second = reviewer2
        .call(
            "/api/review/manual-kyc/request",
            &manual_kyc(customer, "BASIC", document, "manualkyc0002"),
        )
        .await;
    assert!(refused(&second).contains("waiting"), "one live request per customer");
    assert_eq!(kyc_level(&reviewer, customer).await, "NONE", "nothing changes before the approval");

    let queue = kyc_requests(&reviewer2, None, "").await;
    assert!(queue["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["request_id"] == request_id.as_str()));
    let approve = format!("request_id={request_id}");
    let own = reviewer.call("/api/review/manual-kyc/approve", &approve).await;
    assert!(refused(&own).contains("another reviewer"), "nobody approves their own");
    let approved = reviewer2.call("/api/review/manual-kyc/approve", &approve).await;
    assert!(approved.get("Done").is_some(), "{approved}");
    assert_eq!(kyc_level(&reviewer, customer).await, "FULL");
    let twice = reviewer2.call("/api/review/manual-kyc/approve", &approve).await;
    assert!(refused(&twice).contains("DONE"), "{twice}");

    let trail = kyc_requests(&reviewer, Some(customer), "ALL").await;
    let row = &trail["rows"][0];
    assert_eq!(row["status"], "DONE");
    assert_eq!(
        (row["requested_by"].as_str(), row["decided_by"].as_str()),
        (Some("mzansi.reviewer"), Some("mzansi.reviewer2"))
    );
    let results =
        reviewer.call("/api/customers/kyc/results", &format!("customer_id={customer}")).await;
    assert_eq!(results[0]["ratifyType"], "MANUAL");
    assert_eq!(
        results[0]["verifiedBy"], "mzansi.reviewer2",
        "set in Eclipse with the approver's session"
    );
    assert!(results[0]["comment"].as_str().unwrap().contains("asked by mzansi.reviewer"));

    // A declined request changes nothing and needs a reason.
    let down = reviewer2
        .call(
            "/api/review/manual-kyc/request",
            &manual_kyc(customer, "BASIC", document, "manualkyc0003"),
        )
        .await;
    let down_id = down["Done"]["request_id"].as_str().unwrap().to_owned();
    let no_reason = reviewer
        .call("/api/review/manual-kyc/decline", &format!("request_id={down_id}&reason="))
        .await;
    assert!(no_reason["Invalid"].to_string().contains("reason"), "{no_reason}");
    let declined = reviewer
        .call(
            "/api/review/manual-kyc/decline",
            &format!("request_id={down_id}&reason=No%20evidence%20of%20a%20downgrade"),
        )
        .await;
    assert!(declined.get("Done").is_some(), "{declined}");
    assert_eq!(kyc_level(&reviewer, customer).await, "FULL");
    let trail = kyc_requests(&reviewer, Some(customer), "ALL").await;
    assert_eq!(trail["rows"][0]["status"], "DECLINED");
    assert_eq!(trail["rows"][0]["decision_reason"], "No evidence of a downgrade");
}
