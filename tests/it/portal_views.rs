//! Saved views through the portal: each admin's own, checked against the list's position, one opening the
//! list from the navigation.
use crate::portal::{Admin, Portal};
use axum::http::{header, StatusCode};
use serde_json::Value;

async fn save(admin: &Admin<'_>, list: &str, name: &str, query: &str, default: bool) -> Value {
    let body = format!(
        "list={list}&name={}&query={}&make_default={default}",
        eclipse_admin::ui::table::encode(name),
        eclipse_admin::ui::table::encode(query)
    );
    admin.call("/api/views/save", &body).await
}

/// Where `GET path` sends this admin.
async fn opens(admin: &Admin<'_>, path: &str) -> (StatusCode, Option<String>) {
    let (status, headers, _) = admin.portal.get_bytes(path, &admin.cookie).await;
    (status, headers.get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned()))
}

#[tokio::test]
async fn an_admins_default_view_opens_their_list_and_no_one_elses() {
    let portal = Portal::start().await;
    let [system, level1] = Admin::sign_in_each(&portal, ["mzansi.system", "mzansi.level1"]).await;
    let saved = save(
        &system,
        "customers",
        "Barred, newest",
        "?status=BARRED&page=3&q=&sort=created&dir=desc",
        true,
    )
    .await;
    let view = &saved["Done"];
    // Kept without its page, in one order.
    assert_eq!(view["query"], "dir=desc&sort=created&status=BARRED");
    assert_eq!(view["is_default"], true);
    let (status, location) = opens(&system, "/customers?view=default").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/customers?dir=desc&sort=created&status=BARRED"));
    // Another admin's list opens unfiltered; the view is not theirs to see, change or delete.
    assert_eq!(opens(&level1, "/customers?view=default").await.1.as_deref(), Some("/customers"));
    assert_eq!(level1.call("/api/views/list", "list=customers").await, serde_json::json!([]));
    let id = view["view_id"].as_i64().unwrap();
    for (path, body) in [
        ("/api/views/delete", format!("list=customers&view_id={id}")),
        ("/api/views/default", format!("list=customers&view_id={id}&on=false")),
    ] {
        assert_eq!(level1.answer(path, &body).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Stopping it being the default opens the list unfiltered again; deleting it forgets it.
    system.call("/api/views/default", &format!("list=customers&view_id={id}&on=false")).await;
    assert_eq!(opens(&system, "/customers?view=default").await.1.as_deref(), Some("/customers"));
    system.call("/api/views/delete", &format!("list=customers&view_id={id}")).await;
    assert_eq!(system.call("/api/views/list", "list=customers").await, serde_json::json!([]));
}

#[tokio::test]
async fn a_view_needs_a_name_and_the_lists_position() {
    let portal = Portal::start().await;
    let [level1, reviewer] =
        Admin::sign_in_each(&portal, ["mzansi.level1", "mzansi.reviewer"]).await;
    let unnamed = save(&level1, "customers", "  ", "status=BARRED", false).await;
    assert_eq!(unnamed["Invalid"][0]["field"], "name", "{unnamed}");
    assert_eq!(unnamed["Invalid"][0]["message"], "Name the view.");
    let long = save(&level1, "customers", &"x".repeat(61), "", false).await;
    assert!(long["Invalid"][0]["message"].as_str().unwrap().contains("60"), "{long}");
    // The review queue and the audit log are not level 1's lists.
    for list in ["review", "activity"] {
        let body = format!("list={list}&name=Mine&query=&make_default=false");
        assert_eq!(
            level1.answer("/api/views/save", &body).await.status,
            StatusCode::FORBIDDEN,
            "{list}"
        );
    }
    let (status, location) = opens(&level1, "/review?view=default").await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("/review")));
    // A reviewer's queue opens on theirs.
    save(&reviewer, "review", "Failed, oldest", "outcome=FAILED", true).await;
    assert_eq!(
        opens(&reviewer, "/review?view=default").await.1.as_deref(),
        Some("/review?outcome=FAILED")
    );
}

#[tokio::test]
async fn an_admin_keeps_at_most_twenty_views_of_a_list() {
    let portal = Portal::start().await;
    let admin = Admin::sign_in(&portal, "mzansi.system").await;
    for n in 0..20 {
        assert!(save(&admin, "customers", &format!("View {n:02}"), &format!("q=n{n}"), false)
            .await["Done"]
            .is_object());
    }
    let refused = save(&admin, "customers", "One more", "q=more", false).await;
    assert!(refused["Refused"].as_str().unwrap().contains("delete one first"), "{refused}");
    // Saving one of them again replaces its filters.
    let again = save(&admin, "customers", "View 03", "status=ACTIVE", false).await;
    assert_eq!(again["Done"]["query"], "status=ACTIVE");
}
