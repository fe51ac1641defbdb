//! Demo data (`docs/sandbox.md`, "Demo data"): the two demo tenants, each with an admin user per position.
//! Generated from fixed values, so it is the same on every run.
use super::{addresses, admin_users::join_positions, customers};
use crate::eclipse::{
    models::{AddressWrite, NewCustomer},
    positions::Position,
    timestamps,
};
use crate::validate::sa_id_check_digit;
use chrono::NaiveDate;
use rand::{rngs::StdRng, Rng, SeedableRng};
use sqlx::{SqliteConnection, SqlitePool};

/// The password of every demo admin user (the README's demo sign-ins; docs/sandbox.md, "Demo data").
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

/// Demo users with a second factor, and their fixed secrets (base32): `eclipse-sandbox totp <identity>` prints
/// a code. Tenant 77 requires one of `TENANT_SYSTEM`; `mzansi.level3` enrolled of their own accord.
pub const DEMO_SECOND_FACTORS: &[(&str, &str)] = &[
    ("karoo.system", "KAROOSYSTEMDEMOTOTPSECRETAAAAAAA"),
    ("mzansi.level3", "MZANSILEVEL3DEMOTOTPSECRETAAAAAA"),
];

/// The default `--seed-date`.
pub const DEFAULT_SEED_DATE: &str = "2026-11-01T08:00:00Z";

pub async fn seed_demo_if_empty(
    db: &SqlitePool,
    seed_date: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let (tenants,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tenants").fetch_one(db).await?;
    if tenants > 0 {
        return Ok(());
    }
    // Hash once: every demo user shares the password, and bcrypt is slow on purpose.
    let hash =
        tokio::task::spawn_blocking(|| bcrypt::hash(DEMO_PASSWORD, super::auth::PASSWORD_COST))
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
    DEMO_CONFIG.insert(&mut tx).await?;
    for (identity, secret) in DEMO_SECOND_FACTORS {
        sqlx::query("UPDATE admin_users SET totp_secret = ? WHERE identity = ?")
            .bind(secret)
            .bind(identity)
            .execute(&mut *tx)
            .await?;
    }
    DEMO_WALLET_TYPES.insert(&mut tx).await?;
    tx.commit().await?;
    generate_customers(db, MAIN_TENANT.tenant_id, 300, 2026).await?;
    generate_customers(db, SECOND_TENANT.tenant_id, 40, 77).await?;
    super::seed_money::seed_wallets(db, MAIN_TENANT.tenant_id, 120, seed_date).await?;
    super::seed_kyc::seed_kyc(db, MAIN_TENANT.tenant_id, 200, seed_date).await?;
    analyze(db).await?;
    tracing::info!(at = %timestamps::now(), "sandbox seeded with the demo tenants");
    Ok(())
}

/// Demo rows of one table: each a tenant and three values, which `sql` inserts with `SEED_TIME`.
struct DemoRows {
    sql: &'static str,
    rows: &'static [(i64, &'static str, &'static str, &'static str)],
}

impl DemoRows {
    async fn insert(&self, conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        for (tenant_id, a, b, c) in self.rows {
            let row = sqlx::query(self.sql).bind(tenant_id).bind(a).bind(b).bind(c).bind(SEED_TIME);
            row.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// (tenant, key, value, description)
const DEMO_CONFIG: DemoRows = DemoRows {
    sql: "INSERT INTO tenant_config (tenant_id, key, value, encrypted, description, \
          last_modified) VALUES (?, ?, ?, 0, ?, ?)",
    rows: &[
        (
            77,
            super::second_factor::REQUIRED_KEY,
            "TENANT_SYSTEM",
            "Positions that sign in with a one-time code",
        ),
        (
            42,
            "cardManagementSystem",
            "Postilion",
            "Card management system; Postilion enables physical cards",
        ),
        (42, "pciCompliant", "true", "true allows a PAN as a physical card identifier"),
        (
            42,
            "passwordRegEx",
            "^[A-Za-z0-9!@#$%^&*._-]{8,64}$",
            "Rule for customer identity passwords",
        ),
        (
            42,
            "transferApprovalAbove",
            "5000.00 ZAR",
            "(ours) Transfers above this amount wait for a second admin's approval",
        ),
        (42, "supportEmail", "support@mzansi.example", "Where customers write for help"),
        (77, "pciCompliant", "false", "true allows a PAN as a physical card identifier"),
        (77, "passwordRegEx", "^[0-9]{5}$", "Rule for customer identity passwords (a 5-digit PIN)"),
    ],
};

/// (tenant, name, mode, configuration)
const DEMO_WALLET_TYPES: DemoRows = DemoRows {
    sql: "INSERT INTO wallet_types (tenant_id, name, mode, configuration, version, created) \
          VALUES (?, ?, ?, ?, 1, ?)",
    rows: &[
        (
            42,
            "Everyday ZAR",
            "CLOSED_LOOP_DIGITAL",
            r#"[{"att":"Currency","val":"ZAR"},{"att":"kycLevel","val":"NONE"},{"att":"maxBalance","val":"25000"},{"att":"dailyDebitLimit","val":"5000"}]"#,
        ),
        (
            42,
            "Premium ZAR",
            "CLOSED_LOOP_DIGITAL",
            r#"[{"att":"Currency","val":"ZAR"},{"att":"kycLevel","val":"FULL"},{"att":"maxBalance","val":"500000"},{"att":"dailyDebitLimit","val":"50000"},{"att":"alwaysCreateCard","val":"true"}]"#,
        ),
        (
            42,
            "Travel USD",
            "CLOSED_LOOP_DIGITAL",
            r#"[{"att":"Currency","val":"USD"},{"att":"kycLevel","val":"BASIC"},{"att":"maxBalance","val":"10000"}]"#,
        ),
        (
            42,
            "Prepaid Card",
            "PREPAID_RECEIVEONLY_CARD",
            r#"[{"att":"Currency","val":"ZAR"},{"att":"kycLevel","val":"BASIC"},{"att":"alwaysCreateCard","val":"true"}]"#,
        ),
        (
            42,
            "Savings",
            "BANK_ACCOUNT",
            r#"[{"att":"Currency","val":"ZAR"},{"att":"kycLevel","val":"BASIC"},{"att":"minBalance","val":"0"},{"att":"barredWalletsAllowDeposits","val":"true"}]"#,
        ),
        (
            77,
            "Store Wallet",
            "CLOSED_LOOP_DIGITAL",
            r#"[{"att":"Currency","val":"ZAR"},{"att":"kycLevel","val":"NONE"},{"att":"maxBalance","val":"5000"}]"#,
        ),
    ],
};

const FIRST_NAMES: &[(&str, &str)] = &[
    ("Sipho", "M"),
    ("Thandiwe", "F"),
    ("Lerato", "F"),
    ("Themba", "M"),
    ("Ayanda", "F"),
    ("Kagiso", "M"),
    ("Nomsa", "F"),
    ("Pieter", "M"),
    ("Anika", "F"),
    ("Johan", "M"),
    ("Zanele", "F"),
    ("Bongani", "M"),
    ("Fatima", "F"),
    ("Yusuf", "M"),
    ("Priya", "F"),
    ("Rajesh", "M"),
    ("Chloe", "F"),
    ("Liam", "M"),
    ("Naledi", "F"),
    ("Mandla", "M"),
    ("Refilwe", "F"),
    ("Tshepo", "M"),
    ("Karabo", "F"),
    ("Musa", "M"),
];
const LAST_NAMES: &[&str] = &[
    "Dlamini",
    "Nkosi",
    "Ndlovu",
    "Khumalo",
    "Mokoena",
    "Mahlangu",
    "Botha",
    "van der Merwe",
    "Naidoo",
    "Pillay",
    "Pretorius",
    "Jacobs",
    "Mthembu",
    "Zulu",
    "Sithole",
    "Mabuza",
    "Coetzee",
    "Adams",
    "Petersen",
    "Molefe",
    "Maseko",
    "Govender",
    "Williams",
    "Smith",
    "Radebe",
    "Mkhize",
    "Venter",
    "Steyn",
    "Hendricks",
    "Baloyi",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("Johannesburg", "Gauteng", "2196"),
    ("Pretoria", "Gauteng", "0002"),
    ("Cape Town", "Western Cape", "8001"),
    ("Durban", "KwaZulu-Natal", "4001"),
    ("Gqeberha", "Eastern Cape", "6001"),
    ("Bloemfontein", "Free State", "9301"),
    ("Polokwane", "Limpopo", "0700"),
    ("Mbombela", "Mpumalanga", "1200"),
];
const STREETS: &[&str] = &[
    "Mandela Street",
    "Church Street",
    "Main Road",
    "Long Street",
    "Jan Smuts Avenue",
    "Oxford Road",
];

/// A valid South African identity number for a birth date and gender.
fn sa_identity_number(rng: &mut StdRng, date_of_birth: NaiveDate, female: bool) -> String {
    let yymmdd = date_of_birth.format("%y%m%d");
    let sequence = if female { rng.gen_range(0..5000) } else { rng.gen_range(5000..10000) };
    let first12 = format!("{yymmdd}{sequence:04}08");
    let check = sa_id_check_digit(&first12).expect("12 digits");
    format!("{first12}{check}")
}

/// Statistics for SQLite's planner: without them it may walk a sort index instead of a selective one.
async fn analyze(db: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("ANALYZE").execute(db).await?;
    super::db::forget_samples(db).await
}

/// Tops a tenant up to `n` customers (a restart with the same `n` adds none).
pub async fn ensure_customers(db: &SqlitePool, tenant_id: i64, n: u32) -> Result<(), sqlx::Error> {
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers WHERE tenant_id = ?")
        .bind(tenant_id)
        .fetch_one(db)
        .await?;
    let missing = (n as i64 - existing).max(0) as u32;
    if missing > 0 {
        tracing::info!(missing, "generating customers");
        generate_customers(db, tenant_id, missing, n as u64).await?;
    }
    analyze(db).await
}

/// Adds `n` generated customers (most with an address) to a tenant, from a fixed seed.
pub async fn generate_customers(
    db: &SqlitePool,
    tenant_id: i64,
    n: u32,
    seed: u64,
) -> Result<(), sqlx::Error> {
    let mut rng = StdRng::seed_from_u64(seed);
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers WHERE tenant_id = ?")
        .bind(tenant_id)
        .fetch_one(db)
        .await?;
    let mut tx = db.begin().await?;
    for i in 0..n as i64 {
        let number = existing + i + 1;
        let (first, gender) = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
        let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
        let date_of_birth = NaiveDate::from_ymd_opt(
            rng.gen_range(1950..2006),
            rng.gen_range(1..13),
            rng.gen_range(1..29),
        )
        .expect("days 1 to 28 exist in every month");
        let foreign = rng.gen_ratio(1, 10);
        let handle =
            format!("{}.{}{}", first.to_lowercase(), last.to_lowercase().replace(' ', ""), number);
        let customer = NewCustomer {
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            title: Some(if gender == "F" { "MS" } else { "MR" }.to_owned()),
            gender: Some(gender.to_owned()),
            date_of_birth: Some(date_of_birth),
            phone1: Some(format!(
                "27{}{:08}",
                rng.gen_range(6..9),
                rng.gen_range(0..100_000_000u32)
            )),
            email: Some(format!("{handle}@example.co.za")),
            national_identity_number: (!foreign)
                .then(|| sa_identity_number(&mut rng, date_of_birth, gender == "F")),
            passport_number: foreign.then(|| format!("P{:08}", rng.gen_range(0..100_000_000u32))),
            country_of_residence: Some("South Africa".to_owned()),
            external_unique_id: format!("seed-{tenant_id}-{number:06}"),
        };
        let created = timestamps::from_epoch_secs(1_735_689_600 + number * 3_517 % 31_536_000);
        let customer_id = customers::insert_at(&mut *tx, tenant_id, &customer, created)
            .await
            .map_err(|_| sqlx::Error::RowNotFound)?;
        if rng.gen_ratio(9, 10) {
            let (city, province, postal) = CITIES[rng.gen_range(0..CITIES.len())];
            let address = AddressWrite {
                line1: Some(format!(
                    "{} {}",
                    rng.gen_range(1..400),
                    STREETS[rng.gen_range(0..STREETS.len())]
                )),
                line2: None,
                city: Some(city.to_owned()),
                state: Some(province.to_owned()),
                postal_code: Some(postal.to_owned()),
                country: Some("ZAF".to_owned()),
                address_type: Some("RESIDENTIAL".to_owned()),
                external_unique_id: None,
            };
            addresses::insert(&mut *tx, tenant_id, customer_id, &address, created)
                .await
                .map_err(|_| sqlx::Error::RowNotFound)?;
        }
    }
    tx.commit().await
}
