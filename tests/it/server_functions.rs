//! Integration tests: the portal's server functions through its axum router, against the embedded sandbox.

use crate::common::files_under;
use crate::portal::{Admin, Answer, Portal};
use axum::http::StatusCode;
use eclipse_admin::eclipse::ErrorCode;

#[tokio::test]
async fn sign_in_gives_a_session_that_names_the_user_but_never_holds_the_token() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    assert!(cookie.starts_with("eclipse_admin="));
    let me = portal.call("/api/current_user", "", Some(&cookie), &[]).await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.body.contains("\"identity\":\"mzansi.system\""), "{}", me.body);
    assert!(me.body.contains("Mzansi Wallet"));
    assert!(!me.body.contains("Bearer") && !me.body.contains("eyJ"), "token leaked: {}", me.body);
}

#[tokio::test]
async fn a_wrong_password_answers_401_with_eclipses_description_and_trace_id() {
    let portal = Portal::start().await;
    let answer =
        portal.call("/api/login", "identity=mzansi.system&password=nope&next=/", None, &[]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.body.contains("Invalid identity or password"), "{}", answer.body);
    assert!(
        answer.body.contains(ErrorCode::BadCredentials.as_str())
            && answer.body.contains("trace_id")
    );
    assert!(answer.cookie.is_none(), "no session for a failed sign-in");
}

/// Every registered server function, with valid arguments; those that need no session are marked.
const SERVER_FUNCTIONS: &[(&str, &str, bool)] = &[
    ("/api/login", "identity=someone&password=y", true),
    ("/api/current_user", "", true),
    ("/api/logout", "", true),
    ("/api/login/second_factor_page", "", true),
    ("/api/login/second_factor", "code=123456", true),
    ("/api/login/abandon", "", true),
    ("/api/keep_alive", "", false),
    ("/api/admin_users/list", "query[sort]=identity&query[desc]=false&query[offset]=0&query[limit]=20&query[q]=", false),
    ("/api/admin_users/get", "admin_user_id=1", false),
    (
        "/api/admin_users/create",
        "draft[identity]=x.y.z&draft[first_name]=A&draft[last_name]=B&draft[email]=a%40b.co&draft[phone1]=&draft[credential]=Password&draft[secret]=Quiet-Harbor-2026&draft[positions][0]=LEVEL_01",
        false,
    ),
    (
        "/api/admin_users/update",
        "edit[admin_user_id]=1&edit[first_name]=A&edit[last_name]=B&edit[email]=a%40b.co&edit[phone1]=&edit[positions][0]=LEVEL_01",
        false,
    ),
    ("/api/admin_users/set_status", "admin_user_id=1&active=false", false),
    ("/api/admin_users/delete", "admin_user_id=1", false),
    ("/api/customers/search", "query[sort]=name&query[desc]=false&query[offset]=0&query[limit]=20&query[q]=&by=Any&status=&kyc=", false),
    ("/api/dashboard", "days=30", false),
    ("/api/reports/ask", "form[kind]=kyc-status&form[from]=2026-10-01&form[to]=2026-10-31&form[format]=csv", false),
    ("/api/reports/job", "job_id=abc", false),
    ("/api/reports/mine", "", false),
    ("/api/preferences/theme", "theme=light", false),
    ("/api/palette/find", "q=ab", false),
    ("/api/views/list", "list=customers", false),
    ("/api/views/save", "list=customers&name=Barred&query=status%3DBARRED&make_default=false", false),
    ("/api/views/default", "list=customers&view_id=1&on=true", false),
    ("/api/views/delete", "list=customers&view_id=1", false),
    ("/api/customers/get", "customer_id=1", false),
    (
        "/api/customers/update",
        "edit[customer_id]=1&edit[version]=1&edit[title]=&edit[first_name]=A&edit[last_name]=B&edit[gender]=&edit[date_of_birth]=\
        &edit[phone1]=&edit[email]=&edit[national_identity_number]=&edit[passport_number]=&edit[country_of_residence]=",
        false,
    ),
    ("/api/customers/set_lock", "customer_id=1&version=1&lock=1", false),
    ("/api/customers/addresses/list", "customer_id=1", false),
    ("/api/customers/addresses/save", ADDRESS_FORM, false),
    ("/api/customers/addresses/delete", "customer_id=1&address_id=1", false),
    ("/api/customers/documents/list", "customer_id=1", false),
    (
        "/api/customers/documents/upload",
        r#"{"customer_id":1,"upload":{"document_type":"FACIAL_PHOTO","file_name":"a.png","content":"","key":"abcdefgh12"},"replace":null}"#,
        false,
    ),
    ("/api/customers/documents/delete", "customer_id=1&document_id=1", false),
    ("/api/customers/identities/list", "customer_id=1", false),
    ("/api/customers/identities/create", "customer_id=1&identity=someone&password=Secret-Pass-1", false),
    ("/api/customers/barring/get", "customer_id=1", false),
    ("/api/customers/barring/start", "customer_id=1&bar=true&reason=fraud%20suspected", false),
    ("/api/customers/barring/resume", "customer_id=1", false),
    ("/api/customers/kyc/results", "customer_id=1", false),
    ("/api/customers/kyc/ratify", "customer_id=1", false),
    ("/api/wallets/of_customer", "customer_id=1", false),
    ("/api/wallets/options", "customer_id=1", false),
    ("/api/wallets/create", "customer_id=1&form[wallet_type_id]=1&form[name]=&form[card]=none&form[identify_by]=qrCode&form[identifier]=&key=abcdefgh12", false),
    ("/api/cards/of_customer", "customer_id=1", false),
    ("/api/cards/link", "wallet_id=1&form[card]=virtual&form[identify_by]=qrCode&form[identifier]=&form[operation]=ADD_ON_CARD&key=abcdefgh12", false),
    ("/api/cards/set_status", "card_id=1&status=STOPPED&reason=lost%20card", false),
    ("/api/cards/reset_pin", "card_id=1&reason=forgot%20it", false),
    ("/api/transfers/preview", "form[from_wallet_id]=1&form[to]=2&form[amount]=1&form[description]=&form[reason]=", false),
    ("/api/transfers/send", "form[from_wallet_id]=1&form[to]=2&form[amount]=1&form[description]=&form[reason]=&key=abcdefgh12", false),
    ("/api/transfers/payees", "query=Nkosi", false),
    ("/api/transfers/requests", "filters[status]=&filters[offset]=0", false),
    ("/api/transfers/approve", "request_id=abcdefgh12", false),
    ("/api/transfers/decline", "request_id=abcdefgh12&reason=not%20needed", false),
    ("/api/disbursements/check", "source=1&file_name=a.csv&csv=amount%2Cdescription%2CtoWalletId%2CexternalUniqueId", false),
    ("/api/disbursements/start", "batch_id=abcdefgh12&reason=", false),
    ("/api/disbursements/list", "offset=0", false),
    ("/api/disbursements/get", "batch_id=abcdefgh12", false),
    ("/api/disbursements/approve", "batch_id=abcdefgh12", false),
    ("/api/disbursements/decline", "batch_id=abcdefgh12&reason=not%20needed", false),
    ("/api/disbursements/resume", "batch_id=abcdefgh12", false),
    ("/api/wallets/get", "wallet_id=1", false),
    ("/api/wallets/transactions", "wallet_id=1&query[from]=&query[to]=&query[kind]=&query[offset]=0", false),
    ("/api/wallets/set_status", "wallet_id=1&status=STOPPED&reason=customer%20asked", false),
    ("/api/onboarding/list", "", false),
    ("/api/onboarding/start", "", false),
    ("/api/onboarding/get", "draft_id=x", false),
    (
        "/api/onboarding/save_details",
        "draft_id=x&details[customer_id]=0&details[version]=0&details[title]=&details[first_name]=A&details[last_name]=B&details[gender]=\
        &details[date_of_birth]=&details[phone1]=&details[email]=&details[national_identity_number]=&details[passport_number]=\
        &details[country_of_residence]=&not_a_duplicate=false",
        false,
    ),
    ("/api/onboarding/save_address", "draft_id=x&address[line1]=1%20Main&address[line2]=&address[city]=Cape%20Town&address[state]=&address[postal_code]=8001&address[country]=ZAF&address[address_type]=RESIDENTIAL", false),
    ("/api/onboarding/advance", "draft_id=x&from=Documents", false),
    ("/api/onboarding/create_wallet", "draft_id=x&form[wallet_type_id]=1&form[name]=&form[card]=none&form[identify_by]=qrCode&form[identifier]=", false),
    ("/api/onboarding/delete", "draft_id=x", false),
    ("/api/review/waiting", "", false),
    ("/api/review/queue", "filters[outcome]=&filters[age]=&filters[failed_check]=&filters[offset]=0", false),
    ("/api/review/open", "ratify_result_id=1", false),
    ("/api/review/release", "ratify_result_id=1", false),
    ("/api/review/decide", "form[ratify_result_id]=1&form[decision]=VERIFIED&form[reason]=&form[comment]=", false),
    ("/api/review/decisions", "customer_id=1", false),
    ("/api/customers/timeline", "customer_id=1&filters[kind]=&filters[before]=", false),
    ("/api/review/manual-kyc/list", "filters[status]=&filters[offset]=0", false),
    ("/api/review/manual-kyc/request", "form[customer_id]=1&form[kyc_level]=FULL&form[reason]=seen&form[document_id]=1&key=abcdefgh12", false),
    ("/api/review/manual-kyc/approve", "request_id=abcdefgh12", false),
    ("/api/review/manual-kyc/decline", "request_id=abcdefgh12&reason=not%20needed", false),
    ("/api/review/audit", "filters[reviewer]=&filters[decision]=&filters[from]=&filters[to]=&filters[customer_id]=&filters[offset]=0", false),
    ("/api/activity/list", "filters[actor]=&filters[action]=&filters[result]=&filters[offset]=0", false),
    ("/api/tenant/get", "", false),
    ("/api/tenant/update", "edit[name]=Mzansi&edit[description]=", false),
    ("/api/config/list", "query[sort]=key&query[desc]=false&query[offset]=0&query[limit]=20&query[q]=", false),
    ("/api/config/all", "", false),
    ("/api/config/save", "edit[key]=pciCompliant&edit[value]=true&edit[description]=&edit[encrypt]=false&edit[is_new]=false", false),
    ("/api/config/delete", "key=someKey", false),
    ("/api/config/bulk", "rows[0][key]=pciCompliant&rows[0][value]=true&rows[0][encrypt]=false", false),
    ("/api/wallet_types/list", "query[sort]=name&query[desc]=false&query[offset]=0&query[limit]=20&query[q]=", false),
    ("/api/wallet_types/get", "wallet_type_id=1", false),
    ("/api/wallet_types/save", WALLET_TYPE_FORM, false),
    ("/api/wallet_types/delete", "wallet_type_id=1", false),
];

const ADDRESS_FORM: &str = "customer_id=1&form[line1]=1%20Main&form[line2]=&form[city]=Cape%20Town&form[state]=&form[postal_code]=8001\
    &form[country]=ZAF&form[address_type]=RESIDENTIAL";

const WALLET_TYPE_FORM: &str = "form[name]=Savings&form[mode]=CLOSED_LOOP_DIGITAL&form[known][0]=ZAR&form[known][1]=&form[known][2]=\
    &form[known][3]=&form[known][4]=&form[known][5]=&form[known][6]=";

#[tokio::test]
async fn every_server_function_needs_a_session_unless_it_is_public() {
    let registered: Vec<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_owned()).collect();
    for path in &registered {
        assert!(
            SERVER_FUNCTIONS.iter().any(|(p, _, _)| p == path),
            "{path} is registered but not listed here: add it, with valid arguments"
        );
    }
    // The tenant and the acting admin come from the session, never from arguments.
    for (path, body, _) in SERVER_FUNCTIONS {
        let names: Vec<&str> = body.split('&').filter_map(|pair| pair.split('=').next()).collect();
        for name in names {
            let leaf = name.rsplit('[').next().unwrap_or(name).trim_end_matches(']');
            assert!(!leaf.contains("tenant"), "{path} takes a tenant argument ({name})");
            assert!(
                !["actor", "reviewer", "signed_in_as"].contains(&name),
                "{path} takes who acts ({name})"
            );
        }
        assert!(!body.contains("\"tenant"), "{path} takes a tenant argument");
    }
    // And in the code: no server function (`#[server]`, or an entry of `server_fns!`) has a parameter
    // naming a tenant.
    let signature = regex::Regex::new(concat!(
        r"#\[server\([^)]*\)\]\s*(?:///[^\n]*\n\s*)*pub async fn (\w+)\(([^)]*)\)",
        r#"|"[\w/]+"\s*(?:\[[^\]]*\])?\s*=>\s*(\w+)\(([^)]*)\)"#
    ))
    .unwrap();
    let mut checked = 0;
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    for file in files_under(src, "rs") {
        let text = std::fs::read_to_string(&file).unwrap();
        for found in signature.captures_iter(&text) {
            checked += 1;
            let name = found.get(1).or(found.get(3)).unwrap().as_str();
            let parameters = found.get(2).or(found.get(4)).unwrap().as_str();
            assert!(
                !parameters.contains("tenant"),
                "{}: {name} takes a tenant argument",
                file.display()
            );
        }
    }
    assert!(checked >= 60, "only {checked} server functions found in the sources");
    let portal = Portal::start().await;
    for (path, body, public) in SERVER_FUNCTIONS {
        if *public {
            continue;
        }
        let answer = portal.call(path, body, None, &[]).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}: {}", answer.body);
        assert!(answer.body.contains("Unauthenticated"), "{path}: {}", answer.body);
    }
}

#[tokio::test]
async fn a_read_only_position_is_refused_every_change_with_403() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.level1").await;
    // An admin's saved views are their own, not a change to the tenant: any position keeps them.
    let changes = SERVER_FUNCTIONS.iter().filter(|(p, _, _)| !p.starts_with("/api/views/"));
    for (path, body, _) in changes.filter(|(p, _, _)| {
        [
            "create",
            "update",
            "set_status",
            "delete",
            "save",
            "bulk",
            "set_lock",
            "upload",
            "ratify",
            "link",
        ]
        .iter()
        .any(|verb| p.ends_with(verb))
            || p.starts_with("/api/onboarding/")
            || p.starts_with("/api/customers/documents/")
            || p.starts_with("/api/customers/kyc/")
            || (p.starts_with("/api/review/") && !p.ends_with("/waiting"))
            || p.starts_with("/api/activity/")
            || p.ends_with("/start")
            || p.ends_with("/resume")
    }) {
        let answer = portal.call(path, body, Some(&cookie), &[]).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}: {}", answer.body);
    }
    let (path, body, _) =
        SERVER_FUNCTIONS.iter().find(|(p, _, _)| *p == "/api/admin_users/list").unwrap();
    let list = portal.call(path, body, Some(&cookie), &[]).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("mzansi.reviewer"));
}

#[tokio::test]
async fn writes_from_another_origin_are_refused() {
    let portal = Portal::start().await;
    let cookie = portal.sign_in("mzansi.system").await;
    let evil =
        portal.call("/api/logout", "", Some(&cookie), &[("origin", "http://evil.example")]).await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    // A page that points a name of its own at this server (DNS rebinding) sends a matching Host and Origin:
    // only PUBLIC_ORIGIN counts.
    let rebound = portal
        .call(
            "/api/logout",
            "",
            Some(&cookie),
            &[("host", "rebound.example:3000"), ("origin", "http://rebound.example:3000")],
        )
        .await;
    assert_eq!(rebound.status, StatusCode::FORBIDDEN, "{}", rebound.body);
    assert!(rebound.body.contains("PUBLIC_ORIGIN"), "{}", rebound.body);
    let cross =
        portal.call("/api/logout", "", Some(&cookie), &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    // The session survived both attempts.
    let me = portal.call("/api/current_user", "", Some(&cookie), &[]).await;
    assert!(me.body.contains("mzansi.system"));
    let same =
        portal.call("/api/logout", "", Some(&cookie), &[("origin", "http://127.0.0.1:3000")]).await;
    assert!(same.status.is_success() || same.status.is_redirection());
    let after = portal.call("/api/current_user", "", Some(&cookie), &[]).await;
    assert_eq!(after.body, "null", "signed out");
}

/// The admin signed in with `cookie` deletes the one signed in with `target` (found by its current user).
async fn delete_signed_in(portal: &Portal, cookie: &str, target: &str) -> Answer {
    let them = portal.call("/api/current_user", "", Some(target), &[]).await;
    let id = serde_json::from_str::<serde_json::Value>(&them.body).unwrap()["admin_user_id"]
        .as_i64()
        .unwrap();
    portal.call("/api/admin_users/delete", &format!("admin_user_id={id}"), Some(cookie), &[]).await
}

#[tokio::test]
async fn no_one_deletes_themselves_and_a_deleted_user_loses_access() {
    let portal = Portal::start().await;
    let system = portal.sign_in("mzansi.system").await;
    let own = delete_signed_in(&portal, &system, &system).await;
    assert!(
        own.body.contains("Refused") && own.body.contains("cannot delete your own"),
        "{}",
        own.body
    );

    let level3 = portal.sign_in("mzansi.level3").await;
    let deleted = delete_signed_in(&portal, &system, &level3).await;
    assert!(deleted.body.contains("Done"), "{}", deleted.body);
    let next = portal.call("/api/keep_alive", "", Some(&level3), &[]).await;
    assert_eq!(next.status, StatusCode::UNAUTHORIZED, "{}", next.body);
}

#[tokio::test]
async fn pages_without_a_session_redirect_to_sign_in_with_the_way_back() {
    let portal = Portal::start().await;
    let (status, location) = portal.get_page("/admin-users?sort=email").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/login?next=/admin-users%3Fsort%3Demail"));
}

#[tokio::test]
async fn a_session_never_outlives_its_eclipse_token() {
    // The portal and its sandbox share a clock the test moves forward, instead of sleeping through a
    // token's life. Expiries are whole seconds; 3 s tokens leave each step at least 1 s of slack.
    let clock = eclipse_admin::clock::Clock::default();
    let portal = Portal::start_on(clock.clone(), |config| config.sandbox_token_ttl_secs = 3).await;
    let cookie = portal.sign_in("mzansi.level1").await;
    // Active: each request renews the short-lived token, so the session goes on past the first token's life.
    for _ in 0..4 {
        clock.advance(chrono::TimeDelta::milliseconds(1500));
        let alive = portal.call("/api/keep_alive", "", Some(&cookie), &[]).await;
        assert_eq!(alive.status, StatusCode::OK, "{}", alive.body);
    }
    // Idle past the token's expiry: the session ends with it.
    clock.advance(chrono::TimeDelta::seconds(4));
    let ended = portal.call("/api/keep_alive", "", Some(&cookie), &[]).await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_admins_theme_is_kept_for_them_across_sign_ins() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.level2").await;
    let me = admin.call("/api/current_user", "").await;
    assert_eq!(me["theme"], "System", "the browser's setting until they choose");
    admin.call("/api/preferences/theme", "theme=dark").await;
    assert_eq!(admin.call("/api/current_user", "").await["theme"], "Dark");
    let elsewhere = Admin::sign_in(&portal, "mzansi.level2").await;
    assert_eq!(elsewhere.call("/api/current_user", "").await["theme"], "Dark");
    let other = Admin::sign_in(&portal, "mzansi.level1").await;
    assert_eq!(other.call("/api/current_user", "").await["theme"], "System", "their own");
    let refused = admin.answer("/api/preferences/theme", "theme=purple").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let page = portal.get_bytes("/customers", &elsewhere.cookie).await.2;
    let html = String::from_utf8(page).unwrap();
    assert!(html.contains(r#"data-theme="dark""#), "the layout wears it");
}
