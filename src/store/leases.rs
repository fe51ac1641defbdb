//! Leases: work one instance of the fleet does at a time. A lease is held until a time; its holder renews it
//! while it works, and when the holder dies the lease runs out and another instance may take it.
use super::Store;
use std::time::Duration;

/// A lease this instance may hold.
#[derive(Debug, Clone, Copy)]
pub struct Lease {
    pub name: &'static str,
    pub ttl: Duration,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Store {
    /// Takes `lease` for this instance, or renews it, unless another instance holds it live; in one
    /// statement, so two instances cannot both win. Whether this instance holds it now.
    pub async fn take_lease(&self, lease: Lease) -> Result<bool, sqlx::Error> {
        let now = now_ms();
        let ttl_ms = i64::try_from(lease.ttl.as_millis()).unwrap_or(i64::MAX / 2);
        let taken = sqlx::query(
            "INSERT INTO leases (name, holder, until_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms \
             WHERE leases.holder = excluded.holder OR leases.until_ms <= $4",
        )
        .bind(lease.name)
        .bind(&*self.instance)
        .bind(now + ttl_ms)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(taken.rows_affected() == 1)
    }

    /// Gives `lease` back early (at shutdown), if this instance holds it.
    pub async fn release_lease(&self, lease: Lease) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(lease.name)
            .bind(&*self.instance)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}
