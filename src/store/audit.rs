//! The audit log: every sign-in and change, with who, when and Eclipse's answer. Fields are cut to a bounded
//! length (an attacker chooses what is typed); the same refusal again within `REPEAT_WINDOW_MINUTES` is
//! counted on its first line instead of written again; lines older than the retention setting are purged.
use super::{AuditEntry, Store};
use crate::eclipse::timestamps;
use chrono::{Duration, Utc};

/// Longest kept text of each field, in characters.
const ACTOR_CHARS: usize = 100;
const ACTION_CHARS: usize = 64;
const TEXT_CHARS: usize = 300;
const TRACE_CHARS: usize = 100;
/// A refusal repeated within this many minutes of its last time is counted, not written again.
pub const REPEAT_WINDOW_MINUTES: i64 = 15;

/// `text` cut to `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some((at, _)) => format!("{}…", &text[..at]).into(),
    }
}

/// Successes are always written; anything else may be a repeat.
fn may_repeat(result: &str) -> bool {
    !(result == "ok" || result == "started" || result.starts_with("done"))
}

impl Store {
    /// Writes an audit line; a failure is logged, never shown, and never undoes what was done.
    pub async fn audit(&self, entry: AuditEntry<'_>) {
        if let Err(err) = self.write_audit(&entry).await {
            tracing::error!(%err, action = entry.action, "audit write failed");
        }
    }

    async fn write_audit(&self, entry: &AuditEntry<'_>) -> Result<(), sqlx::Error> {
        let now = timestamps::now();
        let actor = clip(entry.actor, ACTOR_CHARS).into_owned();
        let action = clip(entry.action, ACTION_CHARS).into_owned();
        let target = (entry.target.as_deref()).map(|t| clip(t, TEXT_CHARS).into_owned());
        let result = clip(entry.result, TEXT_CHARS).into_owned();
        let trace_id = (entry.trace_id.as_deref()).map(|t| clip(t, TRACE_CHARS).into_owned());
        if may_repeat(&result) {
            let since = timestamps::format(Utc::now() - Duration::minutes(REPEAT_WINDOW_MINUTES));
            let counted = sqlx::query(
                "UPDATE audit_log SET repeats = repeats + 1, last_at = $1, trace_id = COALESCE($2, trace_id) \
                 WHERE id = (SELECT id FROM audit_log WHERE tenant_id IS NOT DISTINCT FROM $3 AND actor = $4 AND action = $5 \
                   AND target IS NOT DISTINCT FROM $6 AND result = $7 AND COALESCE(last_at, at) > $8 ORDER BY id DESC LIMIT 1)",
            )
            .bind(&now)
            .bind(&trace_id)
            .bind(entry.tenant_id)
            .bind(&actor)
            .bind(&action)
            .bind(&target)
            .bind(&result)
            .bind(since)
            .execute(&self.pool)
            .await?;
            if counted.rows_affected() > 0 {
                return Ok(());
            }
        }
        sqlx::query(
            "INSERT INTO audit_log (at, tenant_id, actor, action, target, result, trace_id, customer_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(now)
        .bind(entry.tenant_id)
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(result)
        .bind(trace_id)
        .bind(entry.customer_id)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// Deletes audit lines older than `retention_days` (0 keeps them all); how many went.
    pub async fn purge_audit(&self, retention_days: u32) -> Result<u64, sqlx::Error> {
        if retention_days == 0 {
            return Ok(0);
        }
        let cutoff = Utc::now() - Duration::days(i64::from(retention_days));
        sqlx::query("DELETE FROM audit_log WHERE COALESCE(last_at, at) < $1")
            .bind(timestamps::format(cutoff))
            .execute(&self.pool)
            .await
            .map(|done| done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_fields_are_cut_on_a_character() {
        assert_eq!(super::clip("short", 10), "short");
        assert_eq!(super::clip("ééééé", 3), "ééé…");
    }
}
