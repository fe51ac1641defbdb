//! Integration tests: transfers through the portal's router: sent once whatever the retries, four eyes above
//! the tenant's threshold (nobody approves their own; a decision is taken once), and requests that expire.
use crate::portal::{Admin, Portal};
use eclipse_admin::clock::Clock;
use serde_json::Value;

/// A wallet as these tests read it: (id, friendly id, available balance).
type Wallet = (i64, String, f64);

/// The first wallets of two customers, where a transfer leaves from and where it goes.
async fn from_and_to(admin: &Admin<'_>, from_customer: i64, to_customer: i64) -> (Wallet, Wallet) {
    (first_wallet(admin, from_customer).await, first_wallet(admin, to_customer).await)
}

/// The first wallet of a customer.
async fn first_wallet(admin: &Admin<'_>, customer_id: i64) -> Wallet {
    let list = admin.call("/api/wallets/of_customer", &format!("customer_id={customer_id}")).await;
    let w = &list[0]["wallet"];
    (
        w["walletId"].as_i64().unwrap(),
        w["friendlyId"].as_str().unwrap().to_owned(),
        w["availableBalance"].as_f64().unwrap(),
    )
}

async fn available(admin: &Admin<'_>, wallet_id: i64) -> f64 {
    admin.call("/api/wallets/get", &format!("wallet_id={wallet_id}")).await["wallet"]
        ["availableBalance"]
        .as_f64()
        .unwrap()
}

fn form(from: i64, to: &str, amount: &str, reason: &str) -> String {
    format!(
        "form[from_wallet_id]={from}&form[to]={to}&form[amount]={amount}&form[description]=test%20transfer&form[reason]={reason}"
    )
}

async fn send(admin: &Admin<'_>, body: &str, key: &str) -> Value {
    admin.call("/api/transfers/send", &format!("{body}&key={key}")).await
}

/// Sends a transfer that needs a second admin: the id of the request it made.
async fn request(admin: &Admin<'_>, body: &str, key: &str) -> String {
    let answer = send(admin, body, key).await;
    answer["Done"]["Requested"]["request_id"]
        .as_str()
        .unwrap_or_else(|| panic!("a request: {answer}"))
        .to_owned()
}

async fn approve(admin: &Admin<'_>, request_id: &str) -> Value {
    admin.call("/api/transfers/approve", &format!("request_id={request_id}")).await
}

/// Declines a request; `reason` as the form sends it (URL-encoded).
async fn decline(admin: &Admin<'_>, request_id: &str, reason: &str) -> Value {
    admin.call("/api/transfers/decline", &format!("request_id={request_id}&reason={reason}")).await
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

#[tokio::test]
async fn a_transfer_moves_money_once_whatever_the_retries() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    let ((from, _, before), (to, to_friendly, to_before)) = from_and_to(&admin, 21, 22).await;
    let body = form(from, &to_friendly, "12.34", "");

    let preview = admin.call("/api/transfers/preview", &body).await;
    let shown = &preview["Done"];
    assert_eq!(shown["needs_approval"], false, "{preview}");
    assert_eq!(shown["from"]["available_before"], cents(before));
    assert_eq!(shown["from"]["available_after"], cents(before) - 1234);
    assert_eq!(shown["to"]["available_after"], cents(to_before) + 1234);

    // A double click, or a retry after a lost answer: the same key, one debit.
    let first = send(&admin, &body, "transferkey0001").await;
    let again = send(&admin, &body, "transferkey0001").await;
    let sent = &first["Done"]["Sent"]["transaction_id"];
    assert!(sent.is_string(), "{first}");
    assert_eq!(&again["Done"]["Sent"]["transaction_id"], sent, "{again}");
    assert_eq!(cents(available(&admin, from).await), cents(before) - 1234);
    assert_eq!(cents(available(&admin, to).await), cents(to_before) + 1234);

    // The browser's rules, again on the server; Eclipse's refusal, said with its trace id.
    let bad =
        admin.call("/api/transfers/preview", &form(from, &from.to_string(), "1.005", "")).await;
    let errors = bad["Invalid"].to_string();
    assert!(errors.contains("amount") && errors.contains("decimals"), "{bad}");
    let too_much =
        admin.call("/api/transfers/preview", &form(from, &to_friendly, "99999999", "")).await;
    assert!(too_much["Invalid"].to_string().contains("available balance"), "{too_much}");
    let barred = admin.set_wallet_status(to, "BARRED", "test%20refusal").await;
    assert!(barred.get("Done").is_some(), "{barred}");
    let refused = send(&admin, &form(from, &to.to_string(), "1.00", ""), "transferkey0002").await;
    let why = refused["Refused"].as_str().unwrap_or_default();
    assert!(why.contains("BARRED") && why.contains("trace id"), "{refused}");
}

#[tokio::test]
async fn above_the_threshold_a_second_admin_decides_and_never_their_own() {
    let portal = Portal::start().await;
    let asker = Admin::sign_in(&portal, "mzansi.system").await;
    let ((from, _, before), (_, to_friendly, _)) = from_and_to(&asker, 23, 24).await;
    assert!(before > 5000.02, "the demo wallet holds {before}");

    // Above 5000.00 ZAR (the demo tenant's setting): a reason, then a request; nothing moves yet.
    let body = form(from, &to_friendly, "5000.01", "");
    assert_eq!(asker.call("/api/transfers/preview", &body).await["Done"]["needs_approval"], true);
    let no_reason = send(&asker, &body, "requestkey0001").await;
    assert!(no_reason["Invalid"].to_string().contains("reason"), "{no_reason}");
    let body = form(from, &to_friendly, "5000.01", "Supplier%20invoice%2042");
    let requested = send(&asker, &body, "requestkey0001").await;
    let request_id = requested["Done"]["Requested"]["request_id"].as_str().unwrap().to_owned();
    assert_eq!(
        send(&asker, &body, "requestkey0001").await,
        requested,
        "a repeat finds the same request"
    );
    assert_eq!(cents(available(&asker, from).await), cents(before));

    let own = approve(&asker, &request_id).await;
    assert!(own["Refused"].as_str().unwrap().contains("another admin"), "{own}");
    let queue = asker.call("/api/transfers/requests", "filters[status]=&filters[offset]=0").await;
    let row = &queue["rows"][0];
    assert_eq!(
        (row["request_id"].as_str(), row["mine"].as_bool()),
        (Some(request_id.as_str()), Some(true))
    );

    let approver = Admin::sign_in(&portal, "mzansi.level3").await;
    let approved = approve(&approver, &request_id).await;
    assert!(approved["Done"]["Sent"]["transaction_id"].is_string(), "{approved}");
    let twice = approve(&approver, &request_id).await;
    assert!(twice["Refused"].as_str().unwrap().contains("SENT"), "{twice}");
    assert_eq!(cents(available(&asker, from).await), cents(before) - 500_001);

    // A declined request moves nothing, and says why.
    let other_id =
        request(&asker, &form(from, &to_friendly, "6000", "Second%20invoice"), "requestkey0002")
            .await;
    let short = decline(&approver, &other_id, "no").await;
    assert!(short["Invalid"].to_string().contains("reason"), "{short}");
    let declined = decline(&approver, &other_id, "Not%20on%20the%20supplier%20list").await;
    assert!(declined.get("Done").is_some(), "{declined}");
    let list =
        asker.call("/api/transfers/requests", "filters[status]=DECLINED&filters[offset]=0").await;
    assert_eq!(list["rows"][0]["decision_reason"], "Not on the supplier list");
    assert_eq!(cents(available(&asker, from).await), cents(before) - 500_001);

    let audit = portal
        .call(
            "/api/activity/list",
            "filters[actor]=&filters[action]=transfer&filters[result]=&filters[offset]=0",
            Some(&asker.cookie),
            &[],
        )
        .await;
    for action in ["transfer.request", "transfer.approve", "transfer.decline"] {
        assert!(audit.body.contains(action), "{action}: {}", audit.body);
    }
}

#[tokio::test]
async fn a_request_past_its_time_expires_and_cannot_be_approved() {
    let clock = Clock::default();
    let portal = Portal::start_on(clock.clone(), |_| {}).await;
    // The asker signs in first: mzansi.level3's one-time codes follow the wall clock, not the moved one.
    let asker = Admin::sign_in(&portal, "mzansi.level3").await;
    let ((from, _, _), (_, to_friendly, _)) = from_and_to(&asker, 25, 26).await;
    let request_id =
        request(&asker, &form(from, &to_friendly, "5001", "Month%20end"), "expirykey0001").await;

    clock.advance(chrono::TimeDelta::hours(49));
    let approver = Admin::sign_in(&portal, "mzansi.system").await;
    let live = approver.call("/api/transfers/requests", "filters[status]=&filters[offset]=0").await;
    assert_eq!(live["total"], 0, "{live}");
    let expired =
        approver.call("/api/transfers/requests", "filters[status]=EXPIRED&filters[offset]=0").await;
    assert_eq!(expired["rows"][0]["request_id"].as_str(), Some(request_id.as_str()));
    let late = approve(&approver, &request_id).await;
    assert!(late["Refused"].as_str().unwrap().contains("expired"), "{late}");
}
