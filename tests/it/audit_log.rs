//! The audit log keeps bounded lines, counts a repeated refusal on one line, and forgets what is past its
//! retention.

use eclipse_admin::store::{AuditEntry, Store};

async fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    (dir, store)
}

fn refusal<'a>(actor: &'a str, result: &'a str) -> AuditEntry<'a> {
    AuditEntry {
        tenant_id: None,
        customer_id: None,
        actor,
        action: "sign-in",
        target: None,
        result,
        trace_id: None,
    }
}

async fn lines(store: &Store) -> Vec<(String, String, i64)> {
    sqlx::query_as("SELECT actor, result, repeats FROM audit_log ORDER BY id")
        .fetch_all(&store.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_repeated_refusal_is_counted_on_one_line_and_a_success_is_written() {
    let (_dir, store) = store().await;
    for _ in 0..40 {
        store.audit(refusal("mallory", "USR002")).await;
    }
    store.audit(refusal("mallory", "rate-limited")).await;
    store.audit(refusal("mallory", "ok")).await;
    store.audit(refusal("mallory", "ok")).await;
    let expected = [
        ("mallory", "USR002", 40),
        ("mallory", "rate-limited", 1),
        ("mallory", "ok", 1),
        ("mallory", "ok", 1),
    ]
    .map(|(a, r, n)| (a.to_owned(), r.to_owned(), n));
    assert_eq!(lines(&store).await, expected);
}

#[tokio::test]
async fn fields_are_kept_to_a_bounded_length() {
    let (_dir, store) = store().await;
    let typed = "x".repeat(5000);
    store
        .audit(AuditEntry {
            target: Some("t".repeat(5000)),
            trace_id: Some("z".repeat(5000)),
            ..refusal(&typed, &typed)
        })
        .await;
    let (actor, target, result, trace): (String, String, String, String) =
        sqlx::query_as("SELECT actor, target, result, trace_id FROM audit_log")
            .fetch_one(&store.pool)
            .await
            .unwrap();
    assert_eq!(actor.chars().count(), 101, "100 and an ellipsis");
    assert_eq!(target.chars().count(), 301);
    assert_eq!(result.chars().count(), 301);
    assert_eq!(trace.chars().count(), 101);
}

#[tokio::test]
async fn lines_past_their_retention_are_purged() {
    let (_dir, store) = store().await;
    store.audit(refusal("recent", "ok")).await;
    sqlx::query("INSERT INTO audit_log (at, actor, action, result) VALUES ('2019-01-01T00:00:00.000Z', 'old', 'sign-in', 'ok')")
        .execute(&store.pool)
        .await
        .unwrap();
    assert_eq!(store.purge_audit(0).await.unwrap(), 0, "0 keeps everything");
    assert_eq!(store.purge_audit(2557).await.unwrap(), 1);
    let kept: Vec<String> = lines(&store).await.into_iter().map(|l| l.0).collect();
    assert_eq!(kept, ["recent"]);
}
