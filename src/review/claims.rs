//! Claims in the portal's store: one reviewer per result for `CLAIM_MINUTES`, shared by every instance, and at
//! most `MAX_CLAIMS` results per reviewer, so that opening pages cannot squat the queue. A claim is the admin
//! user's (by id); the identity is what pages show.
use super::{Claim, CLAIM_MINUTES};
use crate::{
    eclipse::timestamps,
    store::{Actor, Store, StoredTime},
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// How many results one reviewer holds at once; opening another gives up the one held longest.
pub const MAX_CLAIMS: i64 = 3;

type Row = (i64, String, i64, StoredTime, i64);

const COLUMNS: &str = "ratify_result_id, claimed_by, claimed_by_id, claimed_at, expires_at_ms";

/// Claims written before ids were kept (`claimed_by_id` 0) are matched by identity.
fn is_mine(by: &str, by_id: i64, me: Actor<'_>) -> bool {
    by_id == me.admin_user_id || (by_id == 0 && by == me.identity)
}

fn claim_of(row: Row, me: Actor<'_>, now_ms: i64) -> Result<(i64, Claim), sqlx::Error> {
    let (id, by, by_id, claimed_at, expires_at_ms) = row;
    let claimed_at = claimed_at.try_into()?;
    let expires_at = DateTime::<Utc>::from_timestamp_millis(expires_at_ms).unwrap_or_default();
    let minutes_left = ((expires_at_ms - now_ms) as f64 / 60_000.0).ceil() as i64;
    Ok((id, Claim { mine: is_mine(&by, by_id, me), by, claimed_at, expires_at, minutes_left }))
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// The live claims of the tenant, by result.
pub async fn live(
    store: &Store,
    tenant_id: i64,
    me: Actor<'_>,
) -> Result<HashMap<i64, Claim>, sqlx::Error> {
    let now = now_ms();
    let sql =
        format!("SELECT {COLUMNS} FROM review_claims WHERE tenant_id = $1 AND expires_at_ms > $2");
    let rows: Vec<Row> =
        sqlx::query_as(&sql).bind(tenant_id).bind(now).fetch_all(&store.pool).await?;
    rows.into_iter().map(|r| claim_of(r, me, now)).collect()
}

/// The live claim on one result.
pub async fn on(
    store: &Store,
    tenant_id: i64,
    ratify_result_id: i64,
    me: Actor<'_>,
) -> Result<Option<Claim>, sqlx::Error> {
    let now = now_ms();
    let sql = format!(
        "SELECT {COLUMNS} FROM review_claims WHERE tenant_id = $1 AND ratify_result_id = $2 AND expires_at_ms > $3"
    );
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(tenant_id)
        .bind(ratify_result_id)
        .bind(now)
        .fetch_optional(&store.pool)
        .await?;
    Ok(row.map(|r| claim_of(r, me, now)).transpose()?.map(|(_, claim)| claim))
}

/// Claims the result for `me` (or renews my claim) unless someone else holds a live one; in one statement,
/// so two reviewers opening it at once cannot both win. Answers whoever holds it afterwards. Claiming a
/// result beyond `MAX_CLAIMS` gives up my claims held longest.
pub async fn take(
    store: &Store,
    tenant_id: i64,
    ratify_result_id: i64,
    me: Actor<'_>,
) -> Result<Option<Claim>, sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO review_claims (tenant_id, ratify_result_id, claimed_by, claimed_by_id, claimed_at, expires_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (tenant_id, ratify_result_id) DO UPDATE SET \
           claimed_at = CASE WHEN review_claims.claimed_by_id = excluded.claimed_by_id AND review_claims.expires_at_ms > $7 \
                        THEN review_claims.claimed_at ELSE excluded.claimed_at END, \
           claimed_by = excluded.claimed_by, claimed_by_id = excluded.claimed_by_id, expires_at_ms = excluded.expires_at_ms \
         WHERE review_claims.claimed_by_id = excluded.claimed_by_id OR review_claims.expires_at_ms <= $8",
    )
    .bind(tenant_id)
    .bind(ratify_result_id)
    .bind(me.identity)
    .bind(me.admin_user_id)
    .bind(timestamps::now())
    .bind(now + CLAIM_MINUTES * 60_000)
    .bind(now)
    .bind(now)
    .execute(&store.pool)
    .await?;
    let held = on(store, tenant_id, ratify_result_id, me).await?;
    if held.as_ref().is_some_and(|c| c.mine) {
        sqlx::query(
            "DELETE FROM review_claims WHERE tenant_id = $1 AND claimed_by_id = $2 AND ratify_result_id IN ( \
               SELECT ratify_result_id FROM review_claims \
               WHERE tenant_id = $3 AND claimed_by_id = $4 AND ratify_result_id <> $5 AND expires_at_ms > $6 \
               ORDER BY claimed_at DESC, expires_at_ms DESC, ratify_result_id DESC LIMIT 1000000 OFFSET $7)",
        )
        .bind(tenant_id)
        .bind(me.admin_user_id)
        .bind(tenant_id)
        .bind(me.admin_user_id)
        .bind(ratify_result_id)
        .bind(now)
        .bind(MAX_CLAIMS - 1)
        .execute(&store.pool)
        .await?;
    }
    Ok(held)
}

/// Gives up `me`'s claim (someone else's is left alone).
pub async fn release(
    store: &Store,
    tenant_id: i64,
    ratify_result_id: i64,
    me: Actor<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM review_claims WHERE tenant_id = $1 AND ratify_result_id = $2 \
         AND (claimed_by_id = $3 OR (claimed_by_id = 0 AND claimed_by = $4))",
    )
    .bind(tenant_id)
    .bind(ratify_result_id)
    .bind(me.admin_user_id)
    .bind(me.identity)
    .execute(&store.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A decided result needs no claim; expired ones go too.
pub async fn clear(
    store: &Store,
    tenant_id: i64,
    ratify_result_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM review_claims WHERE (tenant_id = $1 AND ratify_result_id = $2) OR expires_at_ms <= $3")
        .bind(tenant_id)
        .bind(ratify_result_id)
        .bind(now_ms())
        .execute(&store.pool)
        .await?;
    Ok(())
}
