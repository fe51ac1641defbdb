//! Integration tests: onboarding drafts, uploads checked by their bytes, document bytes behind the guard,
//! and creates that happen once however often they are sent.

use crate::portal::{Admin, Portal};
use axum::http::{header, StatusCode};
use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Value};

const SELFIE: &[u8] = include_bytes!("../../end2end/fixtures/selfie.jpg");

/// A valid South African identity number no other test uses, and its birth date.
fn unique_id(seed: u32) -> (String, String) {
    let serial =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_micros()
            % 10_000;
    let first12 = format!("8{}0{}15{serial:04}08", seed % 10, 1 + seed % 9);
    let digit = eclipse_admin::validate::luhn_check_digit(&first12).unwrap();
    let dob = format!("198{}-0{}-15", seed % 10, 1 + seed % 9);
    (format!("{first12}{digit}"), dob)
}

fn details(first: &str, last: &str, id: &str, dob: &str, email: &str) -> String {
    format!(
        "details[customer_id]=0&details[version]=0&details[title]=&details[first_name]={first}&details[last_name]={last}&details[gender]=\
         &details[date_of_birth]={dob}&details[phone1]=&details[email]={email}&details[national_identity_number]={id}\
         &details[passport_number]=&details[country_of_residence]="
    )
}

/// The customer a save of a draft's details made.
fn saved_customer(answer: &Value) -> i64 {
    answer["Done"]["Saved"]["data"]["customer_id"].as_i64().unwrap_or_else(|| panic!("{answer}"))
}

/// What the onboarding tests do as a signed-in admin, beside `Admin::call`.
impl Admin<'_> {
    async fn new_draft(&self) -> String {
        let before: Vec<String> = self.drafts().await;
        let _ = self.portal.call("/api/onboarding/start", "", Some(&self.cookie), &[]).await;
        self.drafts().await.into_iter().find(|d| !before.contains(d)).expect("a new draft")
    }

    /// Saves a draft's customer `details` (as `details` makes them), as the step's form sends them.
    async fn save_details(&self, draft: &str, details: &str, not_a_duplicate: bool) -> Value {
        let body = format!("draft_id={draft}&{details}&not_a_duplicate={not_a_duplicate}");
        self.call("/api/onboarding/save_details", &body).await
    }

    async fn drafts(&self) -> Vec<String> {
        let list = self.call("/api/onboarding/list", "").await;
        list.as_array()
            .unwrap()
            .iter()
            .map(|d| d["draft_id"].as_str().unwrap().to_owned())
            .collect()
    }

    async fn upload(
        &self,
        customer_id: i64,
        document_type: &str,
        name: &str,
        bytes: &[u8],
        key: &str,
    ) -> Value {
        let body = json!({"customer_id": customer_id, "upload": {"document_type": document_type, "file_name": name,
            "content": STANDARD.encode(bytes), "key": key}, "replace": null});
        self.call("/api/customers/documents/upload", &body.to_string()).await
    }
}

#[tokio::test]
async fn an_onboarding_creates_each_record_once_and_checks_documents_by_their_bytes() {
    let portal = Portal::start().await;
    let me = Admin::sign_in(&portal, "mzansi.system").await;
    let (id, dob) = unique_id(3);
    let draft = me.new_draft().await;

    // A double click: two saves of a fresh draft at once make one customer.
    let ayanda = details("Ayanda", "Zulu", &id, &dob, "ayanda.zulu%40example.com");
    let (a, b) = tokio::join!(
        me.save_details(&draft, &ayanda, false),
        me.save_details(&draft, &ayanda, false)
    );
    let customer = saved_customer(&a);
    assert_eq!(customer, saved_customer(&b), "one customer for both clicks");

    // Another onboarding with the same identity number stops at the duplicate, creating nothing.
    let other = me.new_draft().await;
    let someone = details("Someone", "Else", &id, &dob, "someone.else%40example.com");
    let found = me.save_details(&other, &someone, false).await;
    assert_eq!(
        found["Done"]["PossibleDuplicates"][0]["customerId"].as_i64(),
        Some(customer),
        "{found}"
    );
    me.call("/api/onboarding/delete", &format!("draft_id={other}")).await;
    assert!(!me.drafts().await.contains(&other));

    // Uploads are judged by their bytes, on the server too, whatever the name says.
    let exe = me
        .upload(customer, "FACIAL_PHOTO", "selfie.jpg", b"MZ\x90\x00 not a photo", "key-exe-0001")
        .await;
    assert!(
        exe["Invalid"][0]["message"].as_str().unwrap().contains("not a JPEG, PNG or PDF"),
        "{exe}"
    );
    let pdf = me
        .upload(
            customer,
            "FACIAL_PHOTO",
            "selfie.pdf",
            b"%PDF-1.4\n1 0 obj\n%%EOF\n",
            "key-pdf-0001",
        )
        .await;
    assert!(pdf["Invalid"][0]["message"].as_str().unwrap().contains("not a PDF"), "{pdf}");
    let truncated = me
        .upload(customer, "FACIAL_PHOTO", "cut.jpg", &SELFIE[..SELFIE.len() / 2], "key-cut-0001")
        .await;
    assert!(
        truncated["Invalid"][0]["message"].as_str().unwrap().contains("truncated"),
        "{truncated}"
    );
    let broken = json!({"customer_id": customer, "upload": {"document_type": "FACIAL_PHOTO", "file_name": "x.jpg",
        "content": "@@not base64@@", "key": "key-b64-0001"}, "replace": null});
    let broken = me.call("/api/customers/documents/upload", &broken.to_string()).await;
    assert!(broken["Invalid"][0]["message"].as_str().unwrap().contains("damaged"), "{broken}");

    // The same upload sent twice (a retry after a lost answer) is one document.
    let (first, again) = tokio::join!(
        me.upload(customer, "FACIAL_PHOTO", "selfie.jpg", SELFIE, "key-selfie-0001"),
        me.upload(customer, "FACIAL_PHOTO", "selfie.jpg", SELFIE, "key-selfie-0001")
    );
    let document = first["Done"]["documentId"].as_i64().unwrap_or_else(|| panic!("{first}"));
    assert_eq!(again["Done"]["documentId"].as_i64(), Some(document));
    let on_file =
        me.call("/api/customers/documents/list", &format!("customer_id={customer}")).await;
    assert_eq!(on_file["documents"].as_array().unwrap().len(), 1, "{on_file}");

    // Its bytes come back only through the guard, typed by what they are, never cached or sniffed.
    let (status, headers, bytes) = portal
        .get_bytes(&format!("/customers/{customer}/documents/{document}/file"), &me.cookie)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(bytes, SELFIE);
    let (status, _, _) =
        portal.get_bytes(&format!("/customers/1/documents/{document}/file"), &me.cookie).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another customer's path does not reach this file");
    let reader = portal.sign_in("mzansi.level1").await;
    let (status, _, _) = portal
        .get_bytes(&format!("/customers/{customer}/documents/{document}/file"), &reader)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "LEVEL_01 does not see documents");

    // A wallet sent twice with the same key is one wallet.
    let wallet = format!("customer_id={customer}&form[wallet_type_id]=1&form[name]=&form[card]=virtual&form[identify_by]=qrCode&form[identifier]=&key=walletkey0001");
    let (w1, w2) = tokio::join!(
        me.call("/api/wallets/create", &wallet),
        me.call("/api/wallets/create", &wallet)
    );
    let wallet_id = w1["Done"]["wallet"]["walletId"].as_i64().unwrap_or_else(|| panic!("{w1}"));
    assert_eq!(w2["Done"]["wallet"]["walletId"].as_i64(), Some(wallet_id));
    assert_eq!(w1["Done"]["cards"][0]["cardType"], "virtual");
    let wallets = me.call("/api/wallets/of_customer", &format!("customer_id={customer}")).await;
    assert_eq!(wallets.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_pan_is_refused_for_a_tenant_that_is_not_pci_compliant() {
    let portal = Portal::start().await;
    let me = Admin::sign_in(&portal, "karoo.system").await;
    let (id, dob) = unique_id(5);
    let draft = me.new_draft().await;
    let sipho = details("Sipho", "Dube", &id, &dob, "sipho.dube%40example.com");
    let customer = saved_customer(&me.save_details(&draft, &sipho, true).await);
    let options = me.call("/api/wallets/options", &format!("customer_id={customer}")).await;
    assert_eq!(options["pci_compliant"], false);
    let type_id =
        options["eligible"][0]["walletTypeId"].as_i64().unwrap_or_else(|| panic!("{options}"));
    let pan = format!("customer_id={customer}&form[wallet_type_id]={type_id}&form[name]=&form[card]=physical&form[identify_by]=pan&form[identifier]=4111111111111111&key=pankey000001");
    let refused = me.call("/api/wallets/create", &pan).await;
    assert!(
        refused["Invalid"][0]["message"].as_str().unwrap().contains("not PCI compliant"),
        "{refused}"
    );
    let wallets = me.call("/api/wallets/of_customer", &format!("customer_id={customer}")).await;
    assert_eq!(wallets.as_array().unwrap().len(), 0, "nothing was created");
}

/// A draft untouched past its lifetime leaves the list at once and the store at the next housekeeping.
#[tokio::test]
async fn a_draft_past_its_lifetime_is_hidden_then_purged() {
    let portal = Portal::start().await;
    let me = Admin::sign_in(&portal, "mzansi.system").await;
    let (old, fresh) = (me.new_draft().await, me.new_draft().await);
    let store = eclipse_admin::store::Store::open(portal.data_dir(), None).await.unwrap();
    let days = eclipse_admin::onboarding::DRAFT_LIFETIME_DAYS;
    let long_ago = chrono::Utc::now() - chrono::Duration::days(days) - chrono::Duration::hours(1);
    sqlx::query("UPDATE onboarding_drafts SET updated_at = $1 WHERE draft_id = $2")
        .bind(eclipse_admin::eclipse::timestamps::format(long_ago))
        .bind(&old)
        .execute(&store.pool)
        .await
        .unwrap();

    let listed = me.drafts().await;
    assert!(listed.contains(&fresh) && !listed.contains(&old), "{listed:?}");
    assert_eq!(eclipse_admin::onboarding::ssr::purge(&store).await.unwrap(), 1);
    assert!(me.drafts().await.contains(&fresh));
}
