//! The command palette's search: customers by what staff know them by, wallets by id or friendly id.
use crate::portal::{Admin, Portal};
use serde_json::Value;

async fn find(admin: &Admin<'_>, q: &str) -> Vec<Value> {
    let q = eclipse_admin::ui::table::encode(q);
    admin.call("/api/palette/find", &format!("q={q}")).await.as_array().unwrap().clone()
}

fn hrefs(found: &[Value]) -> Vec<&str> {
    found.iter().map(|f| f["href"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn customers_and_wallets_are_found_by_what_staff_know_them_by() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.level1").await;
    let customer = admin.call("/api/customers/get", "customer_id=12").await;
    let profile = &customer;
    let (first, last) =
        (profile["firstName"].as_str().unwrap(), profile["lastName"].as_str().unwrap());
    let email = profile["email"].as_str().unwrap();
    for typed in [format!("{first} {last}"), email.to_owned(), "12".to_owned()] {
        let found = find(&admin, &typed).await;
        assert!(hrefs(&found).contains(&"/customers/12"), "{typed}: {found:?}");
    }
    // A customer's own id comes first, before names that merely contain it.
    assert_eq!(hrefs(&find(&admin, "12").await)[0], "/customers/12");
    let wallets = admin.call("/api/wallets/of_customer", "customer_id=12").await;
    let wallet = &wallets.as_array().expect("the customer's wallets")[0]["wallet"];
    let (id, friendly) =
        (wallet["walletId"].as_i64().unwrap(), wallet["friendlyId"].as_str().unwrap());
    let href = format!("/wallets/{id}");
    assert!(hrefs(&find(&admin, &id.to_string()).await).contains(&href.as_str()));
    let by_friendly = find(&admin, &friendly.to_lowercase()).await;
    assert_eq!(hrefs(&by_friendly), [href.as_str()], "{by_friendly:?}");
    assert!(by_friendly[0]["label"].as_str().unwrap().contains(friendly));
    // Too short to search, and nothing that matches: nothing, and no error.
    assert!(find(&admin, "a").await.is_empty());
    assert!(find(&admin, "zzqqxxnobody").await.is_empty());
}

#[tokio::test]
async fn amounts_follow_the_tenants_number_locale_at_once_for_whoever_changed_it() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    let wallets = admin.call("/api/wallets/of_customer", "customer_id=12").await;
    let wallet = &wallets.as_array().expect("the customer's wallets")[0]["wallet"];
    let id = wallet["walletId"].as_i64().unwrap();
    let path = format!("/wallets/{id}");
    // South African English by default: `R 44 554,82`.
    assert!(regex::Regex::new(r"R\u{a0}\d{1,3}(\u{a0}\d{3})*,\d{2}")
        .unwrap()
        .is_match(&wallet_page(&admin, &path).await));
    let save = |value: &str| {
        format!("edit[key]=numberLocale&edit[value]={value}&edit[description]=&edit[encrypt]=false&edit[is_new]=true")
    };
    let saved = admin.call("/api/config/save", &save("de-DE")).await;
    assert!(saved["Done"].is_object(), "{saved}");
    // German: `44.554,82 ZAR`, on the page and in a server function's answer.
    let german = regex::Regex::new(r"\d{1,3}(\.\d{3})*,\d{2}\u{a0}ZAR").unwrap();
    assert!(german.is_match(&wallet_page(&admin, &path).await));
    let found = find(&admin, &id.to_string()).await;
    let wallet_line = found.iter().find(|f| f["href"] == format!("/wallets/{id}")).unwrap();
    assert!(german.is_match(wallet_line["detail"].as_str().unwrap()), "{wallet_line}");
    // A value that is not one of the locales is refused on the field.
    let refused = admin
        .call("/api/config/save", &save("xx-YY").replace("is_new]=true", "is_new]=false"))
        .await;
    assert_eq!(refused["Invalid"][0]["field"], "value", "{refused}");
}

async fn wallet_page(admin: &Admin<'_>, path: &str) -> String {
    String::from_utf8(admin.portal.get_bytes(path, &admin.cookie).await.2).unwrap()
}
