//! Reads the audit log of the signed-in admin's tenant.
use super::{ActivityFilters, ActivityPage, ActivityRecord};
use crate::{auth::ssr::require, eclipse::positions::Capability, error::AppError, store::fault};

/// The tenant's lines, and failed sign-ins (which have no tenant yet) of identities that have signed in to
/// it. Every value is bound, none spliced in.
const FILTER: &str = "(tenant_id = $1 OR (tenant_id IS NULL AND actor IN (SELECT DISTINCT actor FROM audit_log WHERE tenant_id = $1))) \
    AND ($2 = '' OR actor = $2) AND ($3 = '' OR action LIKE $4 ESCAPE '\\') \
    AND ($5 = '' OR ($5 = 'ok' AND result IN ('ok', 'started')) \
         OR ($5 = 'refused' AND (result LIKE 'refused%' OR result IN ('forbidden', 'rate-limited'))) \
         OR ($5 = 'failed' AND result NOT IN ('ok', 'started', 'forbidden', 'rate-limited') AND result NOT LIKE 'refused%' \
             AND result NOT LIKE 'done%' AND result NOT LIKE 'skipped%'))";

fn like_prefix(s: &str) -> String {
    let escaped = s.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("{escaped}%")
}

pub async fn page(filters: ActivityFilters) -> Result<ActivityPage, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let tenant = authed.data.tenant_id;
    let actor = filters.actor.trim();
    let action = filters.action.trim();
    let action_like = like_prefix(action);
    let result = filters.result.trim();
    macro_rules! bind_filter {
        ($q:expr) => {
            $q.bind(tenant).bind(actor).bind(action).bind(&action_like).bind(result)
        };
    }
    let pool = &authed.state.store.pool;
    let total: i64 =
        bind_filter!(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE {FILTER}")))
            .fetch_one(pool)
            .await
            .map_err(fault)?;
    let rows: Vec<ActivityRecord> = bind_filter!(sqlx::query_as(&format!(
        "SELECT at, actor, action, target, result, trace_id, repeats, last_at FROM audit_log WHERE {FILTER} \
         ORDER BY id DESC LIMIT $6 OFFSET $7"
    )))
    .bind(crate::ui::table::PAGE_SIZE as i64)
    .bind(filters.offset as i64)
    .fetch_all(pool)
    .await
    .map_err(fault)?;
    Ok(ActivityPage { rows, total: total as u64 })
}
