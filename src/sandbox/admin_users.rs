//! `T/admin-users`: list, create, read, update, delete; bodies as in the vendor's examples
//! (`tests/fixtures/eclipse/tenant-use-cases.json`).
use super::{auth, prelude::*};
use crate::eclipse::{
    models::{AdminUser, AdminUserStatus, AdminUserUpdate, NewAdminUser},
    positions::Position,
};
use crate::validate;

#[derive(sqlx::FromRow)]
pub struct Row {
    admin_user_id: i64,
    tenant_id: i64,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone1: Option<String>,
    identity: String,
    status: String,
    positions: String,
    created: DateTime<Utc>,
}

const COLUMNS: &str =
    "admin_user_id, tenant_id, first_name, last_name, email, phone1, identity, status, positions, created";

impl From<Row> for AdminUser {
    fn from(r: Row) -> AdminUser {
        AdminUser {
            admin_user_id: r.admin_user_id,
            tenant_id: r.tenant_id,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            phone1: r.phone1,
            identity: r.identity,
            status: if r.status == "ACTIVE" {
                AdminUserStatus::Active
            } else {
                AdminUserStatus::Inactive
            },
            positions: r.positions.split(',').filter_map(Position::parse).collect(),
            created: r.created,
        }
    }
}

pub fn join_positions(positions: &[Position]) -> String {
    positions.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",")
}

fn status_name(s: AdminUserStatus) -> &'static str {
    match s {
        AdminUserStatus::Active => "ACTIVE",
        AdminUserStatus::Inactive => "INACTIVE",
    }
}

// No `#[serde(flatten)]` of `Paging`: flattened numbers do not parse from a query string.
#[derive(Deserialize)]
pub struct Filters {
    offset: Option<u32>,
    limit: Option<u32>,
    sort: Option<String>,
    identity: Option<String>,
    status: Option<String>,
}

const SORTABLE: &[(&str, &str)] = &[
    ("identity", "identity"),
    ("firstName", "first_name"),
    ("lastName", "last_name"),
    ("email", "email"),
    ("status", "status"),
    ("created", "created"),
];

pub async fn list(scope: Scoped<i64>, Query(filters): Query<Filters>) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ReadBasics)?;
    let paging =
        Paging { offset: filters.offset, limit: filters.limit, sort: filters.sort.clone() };
    let window = paging.window(SORTABLE, "admin_user_id")?;
    let identity = filters.identity.map(|i| format!("{}%", i.to_lowercase()));
    let filter =
        "tenant_id = ? AND (? IS NULL OR lower(identity) LIKE ?) AND (? IS NULL OR status = ?)";
    let values = Values::default().with(tenant_id).optional(identity).optional(filters.status);
    let (rows, total) =
        filtered::<Row>(&state.db, (COLUMNS, "admin_users"), filter, values, &window).await?;
    Ok(page(rows.into_iter().map(AdminUser::from).collect(), total))
}

impl db::TenantTable for AdminUser {
    type Row = Row;
    const PLACE: (&'static str, &'static str, &'static str) =
        ("admin_users", "admin_user_id", COLUMNS);
    const WHAT: &'static str = "admin user";
    const EDIT: Capability = Capability::ManageTenant;
}

fn check_contact(email: Option<&str>, phone: Option<&str>) -> ApiResult<()> {
    if let Some(email) = email.filter(|e| !e.is_empty()) {
        if !validate::is_valid_email(email) {
            return Err(ApiError::validation("email", "is not a valid email address"));
        }
    }
    if let Some(phone) = phone.filter(|p| !p.is_empty()) {
        if validate::normalise_phone(phone).is_none() {
            return Err(ApiError::validation("phone1", "is not a valid phone number"));
        }
    }
    Ok(())
}

pub async fn create(
    scope: Scoped<i64>,
    JsonBody(user): JsonBody<NewAdminUser>,
) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ManageTenant)?;
    auth::check_identity(&user.identity)?;
    check_contact(Some(&user.email), Some(&user.phone1))?;
    if user.positions.is_empty() {
        return Err(ApiError::validation("positions", "must name at least one position"));
    }
    let (hash, key) = match (
        user.password.as_deref().filter(|p| !p.is_empty()),
        user.base64_encoded_public_key.as_deref().filter(|k| !k.is_empty()),
    ) {
        (Some(p), None) => (Some(auth::password_hash(p).await?), None),
        (None, Some(k)) => {
            use base64::{engine::general_purpose::STANDARD, Engine};
            if STANDARD.decode(k).map(|der| der.len() < 500).unwrap_or(true) {
                return Err(ApiError::validation(
                    "base64EncodedPublicKey",
                    "is not a base64 RSA 4096 public key",
                ));
            }
            (None, Some(k.to_owned()))
        }
        _ => {
            return Err(ApiError::validation(
                "password",
                "or base64EncodedPublicKey is required, not both",
            ))
        }
    };
    let now = timestamps::now();
    let write = sqlx::query(
        "INSERT INTO admin_users (tenant_id, first_name, last_name, email, phone1, identity, password_hash, \
         public_key, status, positions, created, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)",
    )
    .bind(tenant_id)
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(&user.email)
    .bind(validate::normalise_phone(&user.phone1))
    .bind(&user.identity)
    .bind(hash)
    .bind(key)
    .bind(join_positions(&user.positions))
    .bind(&now)
    .bind(&now);
    let id = db::insert(write, &state.db, "identity").await?;
    db::created::<AdminUser>(state, tenant_id, id).await
}

impl db::Update for AdminUser {
    type Body = AdminUserUpdate;
    async fn apply(change: db::Change<'_, AdminUser>, update: AdminUserUpdate) -> ApiResult<()> {
        check_contact(update.email.as_deref(), update.phone1.as_deref())?;
        if update.positions.as_ref().is_some_and(|p| p.is_empty()) {
            return Err(ApiError::validation("positions", "must name at least one position"));
        }
        sqlx::query(
            "UPDATE admin_users SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), \
             email = COALESCE(?, email), phone1 = COALESCE(?, phone1), positions = COALESCE(?, positions), \
             status = COALESCE(?, status), last_modified = ? WHERE tenant_id = ? AND admin_user_id = ?",
        )
        .bind(update.first_name)
        .bind(update.last_name)
        .bind(update.email)
        .bind(update.phone1.as_deref().and_then(validate::normalise_phone))
        .bind(update.positions.as_deref().map(join_positions))
        .bind(update.status.map(status_name))
        .bind(timestamps::now())
        .bind(change.tenant_id)
        .bind(change.id)
        .execute(&mut *change.conn)
        .await?;
        Ok(())
    }
}
