//! `T/config`: the tenant's configuration. Values written as `Encrypt:…` are stored sealed and read back
//! masked; a write of the mask itself is refused, so a resent mask can never overwrite the secret.
use super::prelude::*;
use crate::eclipse::models::{
    config_write_problem, known_config_key, ConfigItem, ConfigWrite, ENCRYPT_PREFIX, MASK,
};
use sqlx::SqliteConnection;

/// Seals a secret with XChaCha20-Poly1305 under the sandbox's config key (not the token key), bound to the
/// tenant and key it belongs to: base64 of a random 24-byte nonce and the ciphertext. Stored, never shown.
fn seal(key: &[u8; 32], tenant_id: i64, config_key: &str, plain: &str) -> String {
    use base64::{engine::general_purpose::STANDARD, Engine};
    use chacha20poly1305::{aead::Aead, KeyInit, XChaCha20Poly1305, XNonce};
    let nonce: [u8; 24] = rand::random();
    let aad = format!("{tenant_id}/{config_key}");
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            chacha20poly1305::aead::Payload { msg: plain.as_bytes(), aad: aad.as_bytes() },
        )
        .expect("XChaCha20-Poly1305 seals any length the limits allow");
    STANDARD.encode([nonce.as_slice(), &sealed].concat())
}

#[derive(sqlx::FromRow)]
struct Row {
    key: String,
    value: String,
    encrypted: bool,
    description: Option<String>,
    last_modified: DateTime<Utc>,
}

impl From<Row> for ConfigItem {
    fn from(r: Row) -> ConfigItem {
        ConfigItem {
            key: r.key,
            value: if r.encrypted { MASK.to_owned() } else { r.value },
            description: r.description,
            last_modified: Some(r.last_modified),
            encrypted: r.encrypted,
        }
    }
}

/// The value a rule of the sandbox reads: the tenant's, or the default of a known key.
pub async fn effective(
    db: &sqlx::SqlitePool,
    tenant_id: i64,
    key: &str,
) -> Result<String, sqlx::Error> {
    let stored: Option<(String,)> = sqlx::query_as(
        "SELECT value FROM tenant_config WHERE tenant_id = ? AND key = ? AND encrypted = 0",
    )
    .bind(tenant_id)
    .bind(key)
    .fetch_optional(db)
    .await?;
    Ok(stored
        .map(|(v,)| v)
        .unwrap_or_else(|| known_config_key(key).map(|k| k.default.to_owned()).unwrap_or_default()))
}

fn check(write: &ConfigWrite) -> ApiResult<()> {
    match config_write_problem(write) {
        Some((field, problem)) => Err(ApiError::validation(field, &problem)),
        None => Ok(()),
    }
}

/// Inserts or updates one item; `Ok(false)` when it existed with the same value (nothing to change).
async fn upsert(
    conn: &mut SqliteConnection,
    state: &SandboxState,
    tenant_id: i64,
    write: &ConfigWrite,
) -> ApiResult<bool> {
    check(write)?;
    let (value, encrypted) = match write.value.strip_prefix(ENCRYPT_PREFIX) {
        Some(secret) => (seal(&state.config_key, tenant_id, write.key.trim(), secret), true),
        None => (write.value.clone(), false),
    };
    let current: Option<(String, bool)> = sqlx::query_as(
        "SELECT value, encrypted FROM tenant_config WHERE tenant_id = ? AND key = ?",
    )
    .bind(tenant_id)
    .bind(write.key.trim())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((old, false)) = &current {
        if !encrypted && *old == value && write.description.is_none() {
            return Ok(false);
        }
    }
    sqlx::query(
        "INSERT INTO tenant_config (tenant_id, key, value, encrypted, description, last_modified) VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (tenant_id, key) DO UPDATE SET value = excluded.value, encrypted = excluded.encrypted, \
         description = COALESCE(excluded.description, tenant_config.description), last_modified = excluded.last_modified",
    )
    .bind(tenant_id)
    .bind(write.key.trim())
    .bind(value)
    .bind(encrypted)
    .bind(write.description.clone().or_else(|| known_config_key(write.key.trim()).map(|k| k.description.to_owned())))
    .bind(timestamps::now())
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

const COLUMNS: &str = "key, value, encrypted, description, last_modified";

async fn load(state: &SandboxState, tenant_id: i64, key: &str) -> ApiResult<ConfigItem> {
    sqlx::query_as::<_, Row>(&format!(
        "SELECT {COLUMNS} FROM tenant_config WHERE tenant_id = ? AND key = ?"
    ))
    .bind(tenant_id)
    .bind(key)
    .fetch_optional(&state.db)
    .await?
    .map(ConfigItem::from)
    .ok_or_else(|| ApiError::not_found("config item"))
}

#[derive(Deserialize)]
pub struct Filters {
    offset: Option<u32>,
    limit: Option<u32>,
    sort: Option<String>,
    /// Case-insensitive prefix of the key.
    key: Option<String>,
}

pub async fn list(scope: Scoped<i64>, Query(f): Query<Filters>) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ReadBasics)?;
    let window = Paging { offset: f.offset, limit: f.limit, sort: f.sort }
        .window(&[("key", "key"), ("lastModified", "last_modified")], "key")?;
    let prefix = f.key.map(|k| format!("{}%", k.replace(['%', '_'], "")));
    let filter = "tenant_id = ? AND (? IS NULL OR key LIKE ?)";
    let values = Values::default().with(tenant_id).optional(prefix);
    let (rows, total) =
        filtered::<Row>(&state.db, (COLUMNS, "tenant_config"), filter, values, &window).await?;
    Ok(page(rows.into_iter().map(ConfigItem::from).collect(), total))
}

pub async fn get_one(scope: Scoped<(i64, String)>) -> ApiResult<Json<ConfigItem>> {
    let (state, (tenant_id, key)) = scope.require(Capability::ReadBasics)?;
    Ok(Json(load(state, tenant_id, &key).await?))
}

pub async fn create(
    scope: Scoped<i64>,
    JsonBody(write): JsonBody<ConfigWrite>,
) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ManageTenant)?;
    check(&write)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let exists: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM tenant_config WHERE tenant_id = ? AND key = ?")
            .bind(tenant_id)
            .bind(write.key.trim())
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_some() {
        return Err(ApiError::duplicate("config key"));
    }
    upsert(&mut tx, state, tenant_id, &write).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(load(state, tenant_id, write.key.trim()).await?)).into_response())
}

pub async fn update(
    scope: Scoped<(i64, String)>,
    JsonBody(mut write): JsonBody<ConfigWrite>,
) -> ApiResult<Json<ConfigItem>> {
    let (state, (tenant_id, key)) = scope.require(Capability::ManageTenant)?;
    load(state, tenant_id, &key).await?;
    write.key = key.clone();
    upsert(&mut *state.db.acquire().await?, state, tenant_id, &write).await?;
    Ok(Json(load(state, tenant_id, &key).await?))
}

/// Upserts every row in one transaction: all are applied, or (on the first invalid row) none.
pub async fn bulk(
    scope: Scoped<i64>,
    JsonBody(writes): JsonBody<Vec<ConfigWrite>>,
) -> ApiResult<Json<Vec<ConfigItem>>> {
    let (state, tenant_id) = scope.require(Capability::ManageTenant)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    for (i, write) in writes.iter().enumerate() {
        upsert(&mut tx, state, tenant_id, write).await.map_err(|mut e| {
            e.description = format!("{} (row {})", e.description, i + 1);
            e
        })?;
    }
    tx.commit().await?;
    let mut items = Vec::with_capacity(writes.len());
    for write in &writes {
        items.push(load(state, tenant_id, write.key.trim()).await?);
    }
    Ok(Json(items))
}

pub async fn delete(scope: Scoped<(i64, String)>) -> ApiResult<StatusCode> {
    let (state, (tenant_id, key)) = scope.require(Capability::ManageTenant)?;
    let remove = sqlx::query("DELETE FROM tenant_config WHERE tenant_id = ? AND key = ?")
        .bind(tenant_id)
        .bind(&key);
    db::guarded(remove, &state.db, async || ApiError::not_found("config item")).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use base64::{engine::general_purpose::STANDARD, Engine};
    use chacha20poly1305::{aead::Aead, KeyInit, XChaCha20Poly1305, XNonce};

    fn open(key: &[u8; 32], aad: &str, sealed: &str) -> Option<String> {
        let bytes = STANDARD.decode(sealed).ok()?;
        let (nonce, body) = bytes.split_at(24);
        let payload = chacha20poly1305::aead::Payload { msg: body, aad: aad.as_bytes() };
        let plain =
            XChaCha20Poly1305::new(key.into()).decrypt(XNonce::from_slice(nonce), payload).ok()?;
        String::from_utf8(plain).ok()
    }

    #[test]
    fn sealed_values_open_only_with_their_key_tenant_and_name() {
        let key = [7u8; 32];
        let a = super::seal(&key, 42, "apiKey", "secret-value");
        let b = super::seal(&key, 42, "apiKey", "secret-value");
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("secret"));
        assert_eq!(open(&key, "42/apiKey", &a).as_deref(), Some("secret-value"));
        assert_eq!(open(&[8u8; 32], "42/apiKey", &a), None, "another key");
        assert_eq!(open(&key, "77/apiKey", &a), None, "moved to another tenant");
        let mut tampered = STANDARD.decode(&a).unwrap();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(open(&key, "42/apiKey", &STANDARD.encode(tampered)), None);
    }
}
