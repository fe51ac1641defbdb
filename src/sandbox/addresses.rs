//! Addresses: `T/customers/{id}/addresses` and `T/addresses/{id}`.
use super::{
    audit::{self, Event},
    customers,
    prelude::*,
};
use crate::eclipse::models::{Address, AddressWrite, Customer, ADDRESS_TYPES};

#[derive(sqlx::FromRow)]
pub struct Row {
    address_id: i64,
    customer_id: i64,
    line1: Option<String>,
    line2: Option<String>,
    city: Option<String>,
    state: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
    address_type: Option<String>,
    external_unique_id: Option<String>,
    created: DateTime<Utc>,
}

impl From<Row> for Address {
    fn from(r: Row) -> Address {
        Address {
            address_id: r.address_id,
            customer_id: r.customer_id,
            line1: r.line1,
            line2: r.line2,
            city: r.city,
            state: r.state,
            postal_code: r.postal_code,
            country: r.country,
            address_type: r.address_type,
            external_unique_id: r.external_unique_id,
            created: r.created,
        }
    }
}

const COLUMNS: &str =
    "address_id, customer_id, line1, line2, city, state, postal_code, country, address_type, external_unique_id, created";

fn check(a: &AddressWrite, creating: bool) -> ApiResult<()> {
    if creating && a.line1.as_deref().is_none_or(|l| l.trim().is_empty()) {
        return Err(ApiError::validation("line1", "is required"));
    }
    for (field, value, max) in [
        ("line1", &a.line1, 100),
        ("line2", &a.line2, 100),
        ("city", &a.city, 60),
        ("state", &a.state, 60),
        ("postalCode", &a.postal_code, 10),
    ] {
        if value.as_ref().is_some_and(|v| v.len() > max) {
            return Err(ApiError::validation(field, &format!("must be at most {max} characters")));
        }
    }
    if a.country
        .as_ref()
        .is_some_and(|c| c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()))
    {
        return Err(ApiError::validation(
            "country",
            "must be an ISO 3166 alpha-3 code such as ZAF",
        ));
    }
    if a.address_type.as_ref().is_some_and(|t| !ADDRESS_TYPES.contains(&t.as_str())) {
        return Err(ApiError::validation("addressType", "must be RESIDENTIAL, POSTAL or BUSINESS"));
    }
    if let Some(id) = &a.external_unique_id {
        customers::check_external_id(id)?;
    }
    Ok(())
}

impl db::TenantTable for Address {
    type Row = Row;
    const PLACE: (&'static str, &'static str, &'static str) = ("addresses", "address_id", COLUMNS);
    const WHAT: &'static str = "address";
    const EDIT: Capability = Capability::EditCustomers;

    fn deleted(&self) -> Option<Event> {
        Some(Event::address_removed(self))
    }
}

impl customers::OfCustomer for Address {
    const ORDER: &'static str = "address_id";
    fn external_id(&self) -> Option<&str> {
        self.external_unique_id.as_deref()
    }
}

pub async fn create(
    scope: Scoped<(i64, i64)>,
    JsonBody(a): JsonBody<AddressWrite>,
) -> ApiResult<Response> {
    let (state, customer) = scope.require_record::<Customer>(Capability::EditCustomers).await?;
    check(&a, true)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let id = insert(&mut *tx, customer.tenant_id, customer.customer_id, &a, Utc::now()).await?;
    let address: Address = db::load_on(&mut *tx, customer.tenant_id, id).await?;
    audit::record(&mut tx, &scope.caller, Event::address_added(&address)).await?;
    tx.commit().await?;
    db::created::<Address>(state, customer.tenant_id, id).await
}

/// Binds line1, line2, city, state, postal code and country: the columns both insert and update write.
fn bind_place<'q>(write: db::Statement<'q>, a: &'q AddressWrite) -> db::Statement<'q> {
    write
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.state)
        .bind(&a.postal_code)
        .bind(&a.country)
}

pub async fn insert(
    on: impl sqlx::SqliteExecutor<'_>,
    tenant_id: i64,
    customer_id: i64,
    a: &AddressWrite,
    created: DateTime<Utc>,
) -> ApiResult<i64> {
    let write = sqlx::query(
        "INSERT INTO addresses (tenant_id, customer_id, line1, line2, city, state, postal_code, country, address_type, \
         external_unique_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tenant_id)
    .bind(customer_id);
    let write = bind_place(write, a)
        .bind(a.address_type.as_deref().unwrap_or("RESIDENTIAL"))
        .bind(&a.external_unique_id)
        .bind(timestamps::format(created));
    db::insert(write, on, "externalUniqueId").await
}

impl db::Update for Address {
    type Body = AddressWrite;
    async fn apply(change: db::Change<'_, Address>, a: AddressWrite) -> ApiResult<()> {
        check(&a, false)?;
        let write = sqlx::query(
            "UPDATE addresses SET line1 = COALESCE(?, line1), line2 = COALESCE(?, line2), city = COALESCE(?, city), \
             state = COALESCE(?, state), postal_code = COALESCE(?, postal_code), country = COALESCE(?, country), \
             address_type = COALESCE(?, address_type) WHERE address_id = ?",
        );
        bind_place(write, &a)
            .bind(&a.address_type)
            .bind(change.id)
            .execute(&mut *change.conn)
            .await?;
        let after: Address = db::load_on(&mut *change.conn, change.tenant_id, change.id).await?;
        if after != change.current {
            audit::record(change.conn, change.caller, Event::address_changed(&after)).await?;
        }
        Ok(())
    }
}
