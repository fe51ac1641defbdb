//! Demo data: the two demo tenants of API.md, each with an admin user per position.
//! Generated from fixed values, so it is the same on every run.
use super::admin_users::join_positions;
use crate::eclipse::{positions::Position, timestamps};
use sqlx::SqlitePool;

/// The password of every demo admin user (listed in the README).
pub const DEMO_PASSWORD: &str = "Eclipse-Demo-2026";
/// The fixed creation time of seeded records.
const SEED_TIME: &str = "2026-01-05T08:00:00.000Z";

pub struct DemoTenant {
    pub tenant_id: i64,
    pub name: &'static str,
    pub description: &'static str,
    pub prefix: &'static str,
}

pub const MAIN_TENANT: DemoTenant = DemoTenant {
    tenant_id: 42,
    name: "Mzansi Wallet",
    description: "PCI-compliant tenant issuing Postilion cards",
    prefix: "mzansi",
};
pub const SECOND_TENANT: DemoTenant = DemoTenant {
    tenant_id: 77,
    name: "Karoo Retail",
    description: "Closed-loop store wallets; not PCI-compliant",
    prefix: "karoo",
};

/// (identity suffix, first name, last name, positions)
const DEMO_USERS: &[(&str, &str, &str, &[Position])] = &[
    ("system", "Thandi", "Nkosi", &[Position::TenantSystem]),
    ("level1", "Pieter", "van Wyk", &[Position::Level01]),
    ("level2", "Lerato", "Mokoena", &[Position::Level02]),
    ("level3", "Sipho", "Khumalo", &[Position::Level03]),
    ("reviewer", "Naledi", "Dube", &[Position::KycReviewer]),
    ("reviewer2", "Johan", "Botha", &[Position::KycReviewer]),
];

pub async fn seed_demo_if_empty(db: &SqlitePool) -> Result<(), sqlx::Error> {
    let (tenants,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tenants").fetch_one(db).await?;
    if tenants > 0 {
        return Ok(());
    }
    // Hash once: every demo user shares the password, and bcrypt is slow on purpose.
    let hash = tokio::task::spawn_blocking(|| bcrypt::hash(DEMO_PASSWORD, 10))
        .await
        .expect("bcrypt task")
        .expect("bcrypt hashes");
    let mut tx = db.begin().await?;
    for tenant in [MAIN_TENANT, SECOND_TENANT] {
        sqlx::query("INSERT INTO tenants (tenant_id, name, description, status, created, last_modified) VALUES (?, ?, ?, 'ACTIVE', ?, ?)")
            .bind(tenant.tenant_id)
            .bind(tenant.name)
            .bind(tenant.description)
            .bind(SEED_TIME)
            .bind(SEED_TIME)
            .execute(&mut *tx)
            .await?;
        for (suffix, first, last, positions) in DEMO_USERS {
            sqlx::query(
                "INSERT INTO admin_users (tenant_id, first_name, last_name, email, phone1, identity, password_hash, \
                 status, positions, created, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)",
            )
            .bind(tenant.tenant_id)
            .bind(first)
            .bind(last)
            .bind(format!("{suffix}@{}.example", tenant.prefix))
            .bind("27820000000")
            .bind(format!("{}.{suffix}", tenant.prefix))
            .bind(&hash)
            .bind(join_positions(positions))
            .bind(SEED_TIME)
            .bind(SEED_TIME)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    tracing::info!(at = %timestamps::now(), "sandbox seeded with the demo tenants");
    Ok(())
}
