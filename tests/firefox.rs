//! Hydration under the Content-Security-Policy in Debian's Firefox ESR, driven through geckodriver.
//! Run by `scripts/test-firefox.sh`, which starts the portal and geckodriver; not part of `cargo test`.
#![cfg(feature = "firefox")]

use fantoccini::{ClientBuilder, Locator};
use std::time::Duration;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// Whether the page's islands have hydrated: the bootstrap script marks `<html>` then.
fn hydrated_check() -> String {
    format!(
        "return document.documentElement.hasAttribute({:?});",
        eclipse_admin::ui::client::HYDRATED_ATTRIBUTE
    )
}

async fn hydrated(client: &fantoccini::Client, path: &str) {
    for _ in 0..250 {
        let done = client.execute(&hydrated_check(), vec![]).await.unwrap();
        if done.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} did not hydrate within 25 s");
}

/// Violations browsers reported to the portal (`report-uri /csp-report`), counted in its store.
async fn reported_violations() -> i64 {
    let dir =
        std::env::var("PORTAL_DATA_DIR").expect("PORTAL_DATA_DIR: the portal's data directory");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{dir}/portal.db")).await.unwrap();
    // Reports are sent in the background: give the last page's a moment.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sqlx::query_scalar("SELECT COUNT(*) FROM csp_reports").fetch_one(&pool).await.unwrap()
}

#[tokio::test]
async fn pages_hydrate_under_the_policy_in_firefox() {
    let portal = env("PORTAL_URL", "http://127.0.0.1:3000");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "moz:firefoxOptions".into(),
        serde_json::json!({"binary": env("FIREFOX_BIN", "/usr/bin/firefox-esr"), "args": ["-headless"]}),
    );
    let client = ClientBuilder::rustls()
        .expect("TLS roots")
        .capabilities(caps)
        .connect(&env("WEBDRIVER_URL", "http://127.0.0.1:4444"))
        .await
        .expect("geckodriver");

    client.goto(&format!("{portal}/login")).await.unwrap();
    hydrated(&client, "/login").await;
    client.find(Locator::Id("identity")).await.unwrap().send_keys("mzansi.system").await.unwrap();
    client
        .find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys("Eclipse-Demo-2026")
        .await
        .unwrap();
    client.find(Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(25))
        .for_element(Locator::Css("[data-testid=user-identity]"))
        .await
        .unwrap();

    for path in [
        "/customers",
        "/customers/1?tab=kyc",
        "/wallets/1",
        "/review",
        "/tenant",
        "/audit/activity",
    ] {
        client.goto(&format!("{portal}{path}")).await.unwrap();
        hydrated(&client, path).await;
    }
    assert_eq!(
        reported_violations().await,
        0,
        "Firefox reported CSP violations (see the portal's log)"
    );
    // Hydrated means interactive: a client-side search answers without a page load.
    client.goto(&format!("{portal}/customers")).await.unwrap();
    hydrated(&client, "/customers").await;
    let search = client.find(Locator::Css("input[name=q]")).await.unwrap();
    search.send_keys("Dlamini").await.unwrap();
    search.send_keys("\u{E007}").await.unwrap();
    let mut searched = false;
    for _ in 0..100 {
        if client.current_url().await.unwrap().as_str().contains("q=Dlamini") {
            searched = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(searched, "the search did not run");

    // The control: an injected inline script is blocked, and Firefox's report reaches the portal.
    client
        .execute("const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s);", vec![])
        .await
        .unwrap();
    let injected = client.execute("return window.__injected === 1;", vec![]).await.unwrap();
    assert_eq!(injected.as_bool(), Some(false), "an inline script without the nonce ran");
    assert_eq!(reported_violations().await, 1, "the blocked script was reported");
    client.close().await.unwrap();
}
