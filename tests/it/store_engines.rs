//! The store on each engine: the same checks against SQLite and PostgreSQL, so that the two sets of migrations
//! and every query stay in step. PostgreSQL is the throwaway cluster `scripts/test.sh` starts; each test makes
//! a database of its own in it (`TEST_DATABASE_URL`, see docs/testing.md).
use crate::portal::{Portal, PASSWORD};
use axum::http::StatusCode;
use eclipse_admin::{
    auth::throttle::{self, Reservation},
    config::SignInLimits,
    store::{Actor, AuditEntry, Engine, Lease, Store, ViewOwner},
};
use std::time::Duration;
use tower_sessions::{
    cookie::time::OffsetDateTime,
    session::{Id, Record},
    session_store::SessionStore,
};

/// A new, empty PostgreSQL database in the test cluster.
pub async fn postgres_database() -> String {
    let url = std::env::var("TEST_DATABASE_URL").expect(
        "TEST_DATABASE_URL: a PostgreSQL database the store tests may create databases from \
         (scripts/test.sh starts a throwaway cluster; docs/testing.md)",
    );
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    let name = format!("store_test_{:016x}", rand::random::<u64>());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    admin.close().await;
    let base = url.rsplit_once('/').expect("a database URL ends in its name").0;
    format!("{base}/{name}")
}

/// Two handles on one new store of each engine, as two instances would hold them.
async fn stores() -> Vec<(Engine, Store, Store, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = (
        Store::open(dir.path(), None).await.unwrap(),
        Store::open(dir.path(), None).await.unwrap(),
    );
    let url = postgres_database().await;
    let postgres = (
        Store::open(dir.path(), Some(&url)).await.unwrap(),
        Store::open(dir.path(), Some(&url)).await.unwrap(),
    );
    assert_eq!(postgres.0.engine, Engine::Postgres);
    let other = tempfile::tempdir().unwrap();
    vec![
        (Engine::Sqlite, sqlite.0, sqlite.1, dir),
        (Engine::Postgres, postgres.0, postgres.1, other),
    ]
}

fn refusal(actor: &str) -> AuditEntry<'_> {
    AuditEntry {
        customer_id: None,
        tenant_id: None,
        actor,
        action: "sign-in",
        target: None,
        result: "AUT001",
        trace_id: None,
    }
}

#[tokio::test]
async fn the_store_keeps_the_same_records_on_either_engine() {
    for (engine, store, other_instance, _dir) in stores().await {
        // The audit log counts a repeated refusal on its first line, and writes successes each time.
        store.audit(refusal("mallory")).await;
        store.audit(refusal("mallory")).await;
        let repeats: Vec<(i64,)> =
            sqlx::query_as("SELECT repeats FROM audit_log WHERE actor = $1 ORDER BY id")
                .bind("mallory")
                .fetch_all(&store.pool)
                .await
                .unwrap();
        assert_eq!(repeats, vec![(2,)], "{engine:?}");

        // Four eyes' record, and what changed since a time.
        let me = Actor { admin_user_id: 7, identity: "mzansi.level3" };
        let before = chrono::Utc::now() - chrono::Duration::seconds(1);
        store.record_kyc_contribution(42, 1001, me, "document.upload").await;
        let (action, at) = store.kyc_contribution(42, 1001, me).await.unwrap().unwrap();
        assert_eq!(action, "document.upload", "{engine:?}");
        assert!(at > before, "{engine:?}: {at}");
        let change = store.kyc_change_since(42, 1001, before).await.unwrap();
        assert_eq!(
            change.map(|(action, actor, _)| (action, actor)),
            Some(("document.upload".into(), "mzansi.level3".into())),
            "{engine:?}"
        );
        assert!(store.kyc_contributed_to(42, me).await.unwrap().contains(&1001));

        // A change to an admin user is seen by every instance.
        let since = chrono::Utc::now().timestamp_millis() - 1;
        store.mark_admin_user_changed(42, 7).await.unwrap();
        assert!(other_instance.admin_user_changed_since(42, 7, since).await.unwrap());

        // A session written by one instance is read by the other.
        let mut record = Record {
            id: Id::default(),
            data: [("who".to_owned(), serde_json::json!("mzansi.system"))].into(),
            expiry_date: OffsetDateTime::now_utc()
                + tower_sessions::cookie::time::Duration::hours(1),
        };
        store.sessions.create(&mut record).await.unwrap();
        let loaded = other_instance.sessions.load(&record.id).await.unwrap();
        assert_eq!(loaded.map(|r| r.data), Some(record.data.clone()), "{engine:?}");

        // The sign-in limit is the store's: three failures, then both instances refuse the fourth.
        let limits =
            SignInLimits { per_identity: 3, per_address: 100, window: Duration::from_secs(900) };
        for _ in 0..3 {
            let taken = throttle::reserve(&store, &limits, "198.51.100.9", "mzansi.level2").await;
            assert!(matches!(taken, Ok(Reservation::Taken(_))), "{engine:?}");
        }
        for instance in [&store, &other_instance] {
            let refused =
                throttle::reserve(instance, &limits, "198.51.100.10", "mzansi.level2").await;
            assert!(matches!(refused, Ok(Reservation::Wait(_))), "{engine:?}");
        }

        // A lease is one instance's until it is given back or runs out.
        let lease = Lease { name: "test", ttl: Duration::from_secs(60) };
        assert!(store.take_lease(lease).await.unwrap(), "{engine:?}");
        assert!(!other_instance.take_lease(lease).await.unwrap(), "{engine:?}");
        assert!(store.take_lease(lease).await.unwrap(), "renewed, {engine:?}");
        store.release_lease(lease).await.unwrap();
        assert!(other_instance.take_lease(lease).await.unwrap(), "{engine:?}");
        let short = Lease { name: "short", ttl: Duration::from_millis(50) };
        assert!(store.take_lease(short).await.unwrap());
        tokio::time::sleep(Duration::from_millis(80)).await;
        assert!(other_instance.take_lease(short).await.unwrap(), "run out, {engine:?}");

        assert!(store.ping().await.is_ok());
        assert_eq!(store.purge_audit(1).await.unwrap(), 0, "{engine:?}");
    }
}

#[tokio::test]
async fn saved_views_keep_one_default_per_admin_and_list_on_either_engine() {
    let now = chrono::Utc::now();
    for (engine, store, _, _dir) in stores().await {
        let mine = ViewOwner { tenant_id: 1, admin_user_id: 7, list: "customers" };
        let theirs = ViewOwner { admin_user_id: 8, ..mine };
        let barred = store.save_view(mine, "Barred", "status=BARRED", true, now).await.unwrap();
        let new = store.save_view(mine, "New", "sort=created&dir=desc", true, now).await.unwrap();
        assert_eq!(
            store.default_view(mine).await.unwrap().as_deref(),
            Some("sort=created&dir=desc")
        );
        // The same name again replaces the query; the default stays where it was.
        let again = store.save_view(mine, "Barred", "status=BARRED&kyc=LEVEL_0", false, now).await;
        assert_eq!(again.unwrap(), barred, "{engine:?}");
        let views = store.views_of(mine).await.unwrap();
        let names: Vec<_> =
            views.iter().map(|v| (v.name.as_str(), v.query.as_str(), v.is_default)).collect();
        assert_eq!(
            names,
            [("Barred", "status=BARRED&kyc=LEVEL_0", 0), ("New", "sort=created&dir=desc", 1)],
            "{engine:?}"
        );
        assert!(store.views_of(theirs).await.unwrap().is_empty(), "{engine:?}");
        assert!(!store.delete_view(theirs, new).await.unwrap(), "not theirs to delete, {engine:?}");
        assert!(!store.set_default_view(theirs, barred, true).await.unwrap(), "{engine:?}");
        assert!(store.set_default_view(mine, barred, true).await.unwrap());
        assert_eq!(
            store.default_view(mine).await.unwrap().as_deref(),
            Some("status=BARRED&kyc=LEVEL_0")
        );
        assert!(store.set_default_view(mine, barred, false).await.unwrap());
        assert_eq!(store.default_view(mine).await.unwrap(), None, "{engine:?}");
        assert!(store.delete_view(mine, new).await.unwrap());
        assert_eq!(store.views_of(mine).await.unwrap().len(), 1, "{engine:?}");
    }
}

#[tokio::test]
async fn the_migrations_of_both_engines_are_version_for_version() {
    let names = |engine: &str| {
        let dir = format!("{}/migrations/portal/{engine}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names("sqlite"), names("postgres"));
    assert!(names("sqlite").len() >= 9);
}

#[tokio::test]
async fn a_portal_on_postgres_signs_in_limits_and_keeps_its_log_there() {
    let url = postgres_database().await;
    let portal = Portal::start_with(|c| {
        c.database_url = Some(url.clone());
        c.sign_in_limits.per_identity = 2;
    })
    .await;
    let cookie = portal.sign_in("mzansi.system").await;
    let (status, _, _) = portal.get_bytes("/audit/activity", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..2 {
        let wrong = portal
            .call("/api/login", "identity=mzansi.level2&password=wrong&next=/", None, &[])
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let locked = portal
        .call(
            "/api/login",
            &format!("identity=mzansi.level2&password={PASSWORD}&next=/"),
            None,
            &[],
        )
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let store = sqlx::PgPool::connect(&url).await.unwrap();
    let (lines,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE actor = 'mzansi.system'")
            .fetch_one(&store)
            .await
            .unwrap();
    assert!(lines >= 1, "the sign-in is in PostgreSQL's audit log");
}
