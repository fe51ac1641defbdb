//! `T/customers`: search on every listed field, HEAD, create, read, update (with `version`), delete.
use super::{
    audit::{self, Event},
    prelude::*,
};
use crate::eclipse::models::{Customer, CustomerStatus, CustomerUpdate, KycLevel, NewCustomer};
use crate::validate;
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
pub struct Row {
    customer_id: i64,
    tenant_id: i64,
    title: Option<String>,
    gender: Option<String>,
    first_name: String,
    last_name: String,
    date_of_birth: Option<NaiveDate>,
    phone1: Option<String>,
    email: Option<String>,
    national_identity_number: Option<String>,
    passport_number: Option<String>,
    country_of_residence: Option<String>,
    status: String,
    external_unique_id: Option<String>,
    profile_completion_status: i64,
    kyc_level: String,
    version: i64,
    created: DateTime<Utc>,
    last_modified: DateTime<Utc>,
}

pub(super) const COLUMNS: &str =
    "customer_id, tenant_id, title, gender, first_name, last_name, date_of_birth, phone1, email, \
    national_identity_number, passport_number, country_of_residence, status, external_unique_id, \
    profile_completion_status, kyc_level, version, created, last_modified";

impl From<Row> for Customer {
    fn from(r: Row) -> Customer {
        Customer {
            customer_id: r.customer_id,
            tenant_id: r.tenant_id,
            title: r.title,
            gender: r.gender,
            first_name: r.first_name,
            last_name: r.last_name,
            date_of_birth: r.date_of_birth,
            phone1: r.phone1,
            email: r.email,
            national_identity_number: r.national_identity_number,
            passport_number: r.passport_number,
            country_of_residence: r.country_of_residence,
            status: CustomerStatus::parse(&r.status).unwrap_or(CustomerStatus::Active),
            external_unique_id: r.external_unique_id,
            profile_completion_status: r.profile_completion_status,
            kyc_level: KycLevel::parse(&r.kyc_level).unwrap_or_default(),
            version: r.version,
            created: r.created,
            last_modified: Some(r.last_modified),
        }
    }
}

const CUSTOMERS: db::Versioned =
    db::Versioned { table: "customers", id_column: "customer_id", what: "customer" };

impl db::TenantTable for Customer {
    const EDIT: Capability = Capability::EditCustomers;
    type Row = Row;
    const PLACE: (&'static str, &'static str, &'static str) = ("customers", "customer_id", COLUMNS);
    const WHAT: &'static str = "customer";
}

/// A customer of the caller's tenant (a customer of another tenant is "not found", never revealed).
pub async fn load(state: &SandboxState, tenant_id: i64, id: i64) -> ApiResult<Customer> {
    db::load(state, tenant_id, id).await
}

/// One kind of a customer's records (addresses, documents, identities, ratify results), listed by `list_of`.
pub trait OfCustomer: db::TenantTable + serde::Serialize {
    /// What a caller needs to read them.
    const READ: Capability = Capability::ReadBasics;
    /// The list's `ORDER BY`.
    const ORDER: &'static str;
    /// The `externalUniqueId` a list may be filtered by, for records that have one.
    fn external_id(&self) -> Option<&str> {
        None
    }
}

/// `GET T/customers/{id}/<records>`: all the customer's records of one kind, as a page. The customer must be
/// the tenant's (`NFD001` otherwise, before anything is read).
pub async fn list_of<T: OfCustomer>(
    scope: Scoped<(i64, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let (state, customer) = scope.require_record::<Customer>(T::READ).await?;
    let (table, _, columns) = T::PLACE;
    let select =
        format!("SELECT {columns} FROM {table} WHERE customer_id = ? ORDER BY {}", T::ORDER);
    let rows = sqlx::query_as::<_, T::Row>(&select)
        .bind(customer.customer_id)
        .fetch_all(&state.db)
        .await?;
    page_of(rows.into_iter().map(T::from).collect(), &q, T::external_id)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Search {
    offset: Option<u32>,
    limit: Option<u32>,
    sort: Option<String>,
    email: Option<String>,
    last_name: Option<String>,
    first_name: Option<String>,
    national_identity_number: Option<String>,
    passport_number: Option<String>,
    phone1: Option<String>,
    external_unique_id: Option<String>,
    status: Option<String>,
    kyc_level: Option<String>,
}

/// The smallest string greater than every string with `prefix`: `[prefix, upper)` is an index range.
fn prefix_upper(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// The WHERE clause and its values for a search. Names and email match a case-insensitive prefix;
/// identity and passport numbers exactly; phones in either national or international form.
fn conditions(tenant_id: i64, s: &Search) -> ApiResult<(String, Vec<String>)> {
    let mut sql = String::from("tenant_id = ?");
    let mut values = vec![tenant_id.to_string()];
    let mut prefix = |column: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            let v = v.to_lowercase();
            sql.push_str(&format!(" AND {column} >= ? AND {column} < ?"));
            values.push(prefix_upper(&v));
            values.insert(values.len() - 1, v);
        }
    };
    prefix("last_name_lc", &s.last_name);
    prefix("first_name_lc", &s.first_name);
    prefix("email_lc", &s.email);
    let mut exact = |column: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            sql.push_str(&format!(" AND {column} = ?"));
            values.push(v);
        }
    };
    exact(
        "national_identity_number",
        s.national_identity_number.as_ref().map(|v| v.trim().to_owned()),
    );
    exact("passport_number", s.passport_number.as_ref().map(|v| v.trim().to_uppercase()));
    exact("external_unique_id", s.external_unique_id.clone());
    if let Some(phone) = s.phone1.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        let normalised = validate::normalise_phone(phone)
            .ok_or_else(|| ApiError::validation("phone1", "is not a phone number"))?;
        exact("phone1", Some(normalised));
    }
    if let Some(level) = s.kyc_level.as_deref().filter(|v| !v.is_empty()) {
        KycLevel::parse(level)
            .ok_or_else(|| ApiError::validation("kycLevel", "must be NONE, BASIC or FULL"))?;
        exact("kyc_level", Some(level.to_owned()));
    }
    match s.status.as_deref().filter(|v| !v.is_empty()) {
        Some(status) => {
            CustomerStatus::parse(status).ok_or_else(|| {
                ApiError::validation("status", "must be ACTIVE, BARRED or DELETED")
            })?;
            exact("status", Some(status.to_owned()));
        }
        // Deleted customers are found only when asked for.
        None => sql.push_str(" AND status <> 'DELETED'"),
    }
    Ok((sql, values))
}

const SORTABLE: &[(&str, &str)] = &[
    ("lastName", "last_name_lc"),
    ("firstName", "first_name_lc"),
    ("email", "email_lc"),
    ("created", "created"),
    ("status", "status"),
    ("customerId", "customer_id"),
];

pub async fn search(scope: Scoped<i64>, Query(s): Query<Search>) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::ReadBasics)?;
    // Unless told otherwise, order by the prefix searched on: its index then yields rows already in order.
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let default_sort = if given(&s.first_name) && !given(&s.last_name) {
        "firstName"
    } else if given(&s.email) && !given(&s.last_name) {
        "email"
    } else {
        "lastName"
    };
    let sort = s.sort.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| default_sort.to_owned());
    let window = Paging { offset: s.offset, limit: s.limit, sort: Some(sort) }
        .window(SORTABLE, "customer_id")?;
    let (filter, values) = conditions(tenant_id, &s)?;
    let values = values.into_iter().fold(Values::default(), Values::with);
    let (rows, total) =
        filtered::<Row>(&state.db, (COLUMNS, "customers"), &filter, values, &window).await?;
    Ok(page(rows.into_iter().map(Customer::from).collect::<Vec<_>>(), total))
}

/// `HEAD T/customers?…`: 200 when any customer matches, 404 when none.
pub async fn exists(scope: Scoped<i64>, Query(s): Query<Search>) -> ApiResult<StatusCode> {
    let (state, tenant_id) = scope.require(Capability::ReadBasics)?;
    let (filter, values) = conditions(tenant_id, &s)?;
    let sql = format!("SELECT 1 FROM customers WHERE {filter} LIMIT 1");
    let mut q = sqlx::query_as::<_, (i64,)>(&sql);
    for v in &values {
        q = q.bind(v);
    }
    Ok(if q.fetch_optional(&state.db).await?.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    })
}

/// Field rules shared by create and update (each checks only the fields present). A date of birth's form is
/// checked as the body is read (`JsonBody`); here, that it is not in the future.
fn check_fields(
    first: Option<&str>,
    last: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    dob: Option<NaiveDate>,
    national_id: Option<&str>,
    passport: Option<&str>,
) -> ApiResult<()> {
    for (field, value) in [("firstName", first), ("lastName", last)] {
        if value.is_some_and(|v| v.trim().is_empty() || v.len() > 100) {
            return Err(ApiError::validation(field, "must be 1 to 100 characters"));
        }
    }
    if email.is_some_and(|e| !e.is_empty() && !validate::is_valid_email(e.trim())) {
        return Err(ApiError::validation("email", "is not a valid email address"));
    }
    if phone.is_some_and(|p| !p.is_empty() && validate::normalise_phone(p).is_none()) {
        return Err(ApiError::validation("phone1", "is not a valid phone number"));
    }
    if dob.is_some_and(|d| d > Utc::now().date_naive()) {
        return Err(ApiError::validation("dateOfBirth", "must not be in the future"));
    }
    if national_id
        .is_some_and(|n| !n.is_empty() && (n.len() != 13 || !n.chars().all(|c| c.is_ascii_digit())))
    {
        return Err(ApiError::validation("nationalIdentityNumber", "must be 13 digits"));
    }
    if passport.is_some_and(|p| !p.is_empty() && !(5..=20).contains(&p.len())) {
        return Err(ApiError::validation("passportNumber", "must be 5 to 20 characters"));
    }
    Ok(())
}

pub fn check_external_id(id: &str) -> ApiResult<()> {
    if !(6..=100).contains(&id.len()) {
        return Err(ApiError::validation("externalUniqueId", "must be 6 to 100 characters"));
    }
    Ok(())
}

/// The `reason` of a status change (customers, wallets, cards).
pub fn check_reason(reason: Option<&str>) -> ApiResult<()> {
    if reason.is_some_and(|r| r.len() > 200) {
        return Err(ApiError::validation("reason", "must be at most 200 characters"));
    }
    Ok(())
}

fn lower(v: &Option<String>) -> Option<String> {
    v.as_ref().map(|s| s.trim().to_lowercase())
}

pub async fn create(scope: Scoped<i64>, JsonBody(c): JsonBody<NewCustomer>) -> ApiResult<Response> {
    let (state, tenant_id) = scope.require(Capability::EditCustomers)?;
    if c.first_name.trim().is_empty() {
        return Err(ApiError::validation("firstName", "is required"));
    }
    if c.last_name.trim().is_empty() {
        return Err(ApiError::validation("lastName", "is required"));
    }
    check_external_id(&c.external_unique_id)?;
    check_fields(
        Some(&c.first_name),
        Some(&c.last_name),
        c.email.as_deref(),
        c.phone1.as_deref(),
        c.date_of_birth,
        c.national_identity_number.as_deref(),
        c.passport_number.as_deref(),
    )?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let id = insert_at(&mut *tx, tenant_id, &c, Utc::now()).await?;
    audit::record(&mut tx, &scope.caller, Event::customer_created(id)).await?;
    tx.commit().await?;
    db::created::<Customer>(state, tenant_id, id).await
}

/// Inserts a checked customer, created at `created`; a repeated `externalUniqueId` is `DUP001`. Also used by
/// the demo seed.
pub async fn insert_at(
    on: impl sqlx::SqliteExecutor<'_>,
    tenant_id: i64,
    c: &NewCustomer,
    created: DateTime<Utc>,
) -> ApiResult<i64> {
    let created = timestamps::format(created);
    let write = sqlx::query(
        "INSERT INTO customers (tenant_id, title, gender, first_name, last_name, first_name_lc, last_name_lc, email_lc, \
         date_of_birth, phone1, email, national_identity_number, passport_number, country_of_residence, status, \
         external_unique_id, created, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)",
    )
    .bind(tenant_id)
    .bind(&c.title)
    .bind(&c.gender)
    .bind(c.first_name.trim())
    .bind(c.last_name.trim())
    .bind(c.first_name.trim().to_lowercase())
    .bind(c.last_name.trim().to_lowercase())
    .bind(lower(&c.email))
    .bind(c.date_of_birth)
    .bind(c.phone1.as_deref().and_then(validate::normalise_phone))
    .bind(c.email.as_deref().map(str::trim))
    .bind(c.national_identity_number.as_deref().map(str::trim))
    .bind(c.passport_number.as_deref().map(|p| p.trim().to_uppercase()))
    .bind(&c.country_of_residence)
    .bind(&c.external_unique_id)
    .bind(&created)
    .bind(&created);
    db::insert(write, on, "externalUniqueId").await
}

/// Changes only the fields present. A stale `version` is `VER001`.
impl db::Update for Customer {
    type Body = CustomerUpdate;

    /// `status` needs `LEVEL_03`; the rest `LEVEL_02`.
    fn authorise<'c>(
        caller: &'c Caller,
        tenant_id: i64,
        u: &CustomerUpdate,
    ) -> ApiResult<&'c SandboxState> {
        let changes_profile = u.first_name.is_some()
            || u.last_name.is_some()
            || u.title.is_some()
            || u.gender.is_some()
            || u.date_of_birth.is_some()
            || u.phone1.is_some()
            || u.email.is_some()
            || u.national_identity_number.is_some()
            || u.passport_number.is_some()
            || u.country_of_residence.is_some()
            || u.profile_completion_status.is_some();
        if u.status.is_some() {
            caller.require(tenant_id, Capability::ChangeStatus)?;
        }
        let profile = changes_profile || u.status.is_none();
        caller.require(
            tenant_id,
            if profile { Capability::EditCustomers } else { Capability::ChangeStatus },
        )
    }

    fn check(u: &CustomerUpdate) -> ApiResult<()> {
        check_fields(
            u.first_name.as_deref(),
            u.last_name.as_deref(),
            u.email.as_deref(),
            u.phone1.as_deref(),
            u.date_of_birth,
            u.national_identity_number.as_deref(),
            u.passport_number.as_deref(),
        )?;
        if u.profile_completion_status.is_some_and(|p| !(0..=63).contains(&p)) {
            return Err(ApiError::validation(
                "profileCompletionStatus",
                "must be a bitmask from 0 to 63",
            ));
        }
        check_reason(u.reason.as_deref())
    }

    async fn apply(change: db::Change<'_, Customer>, u: CustomerUpdate) -> ApiResult<()> {
        let current = &change.current;
        if let Some(status) = u.status {
            if current.status == CustomerStatus::Deleted || status == CustomerStatus::Deleted {
                return Err(ApiError::state(
                    "A deleted customer's status cannot change; delete with DELETE",
                ));
            }
        }
        let expected = u.version.unwrap_or(current.version);
        let set = "first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), \
             first_name_lc = lower(COALESCE(?, first_name)), last_name_lc = lower(COALESCE(?, last_name)), \
             title = COALESCE(?, title), gender = COALESCE(?, gender), date_of_birth = COALESCE(?, date_of_birth), \
             phone1 = COALESCE(?, phone1), email = COALESCE(?, email), email_lc = lower(COALESCE(?, email)), \
             national_identity_number = COALESCE(?, national_identity_number), passport_number = COALESCE(?, passport_number), \
             country_of_residence = COALESCE(?, country_of_residence), status = COALESCE(?, status), \
             status_reason = CASE WHEN ? IS NULL THEN status_reason ELSE ? END, \
             profile_completion_status = COALESCE(?, profile_completion_status), last_modified = ?";
        let sql = CUSTOMERS.update_sql(set);
        let write = sqlx::query(&sql)
            .bind(u.first_name.as_deref().map(str::trim))
            .bind(u.last_name.as_deref().map(str::trim))
            .bind(u.first_name.as_deref().map(str::trim))
            .bind(u.last_name.as_deref().map(str::trim))
            .bind(&u.title)
            .bind(&u.gender)
            .bind(u.date_of_birth)
            .bind(u.phone1.as_deref().and_then(validate::normalise_phone))
            .bind(u.email.as_deref().map(str::trim))
            .bind(u.email.as_deref().map(str::trim))
            .bind(u.national_identity_number.as_deref().map(str::trim))
            .bind(u.passport_number.as_deref().map(|p| p.trim().to_uppercase()))
            .bind(&u.country_of_residence)
            .bind(u.status.map(CustomerStatus::as_str))
            .bind(u.status.map(CustomerStatus::as_str))
            .bind(&u.reason)
            .bind(u.profile_completion_status)
            .bind(timestamps::now());
        CUSTOMERS.update(&mut *change.conn, write, change.tenant_id, change.id, expected).await?;
        let fields = changed_fields(current, &u);
        if !fields.is_empty() {
            audit::record(
                &mut *change.conn,
                change.caller,
                Event::profile_changed(change.id, &fields),
            )
            .await?;
        }
        if let Some(to) = u.status.filter(|to| *to != current.status) {
            let event = Event::customer_status(current, to, u.reason.as_deref());
            audit::record(&mut *change.conn, change.caller, event).await?;
        }
        Ok(())
    }
}

/// The names of the profile fields whose values `u` changes (never the values: one may be an identity number),
/// each compared as the update stores it.
fn changed_fields(c: &Customer, u: &CustomerUpdate) -> Vec<&'static str> {
    let trimmed = |v: &Option<String>| v.as_deref().map(|v| v.trim().to_owned());
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let sent = [
        ("first name", trimmed(&u.first_name), Some(c.first_name.clone())),
        ("last name", trimmed(&u.last_name), Some(c.last_name.clone())),
        ("title", u.title.clone(), c.title.clone()),
        ("gender", u.gender.clone(), c.gender.clone()),
        ("date of birth", day(u.date_of_birth), day(c.date_of_birth)),
        ("phone", u.phone1.as_deref().and_then(validate::normalise_phone), c.phone1.clone()),
        ("email", trimmed(&u.email), c.email.clone()),
        (
            "identity number",
            trimmed(&u.national_identity_number),
            c.national_identity_number.clone(),
        ),
        (
            "passport number",
            trimmed(&u.passport_number).map(|p| p.to_uppercase()),
            c.passport_number.clone(),
        ),
        ("country of residence", u.country_of_residence.clone(), c.country_of_residence.clone()),
        (
            "profile completion",
            u.profile_completion_status.map(|p| p.to_string()),
            Some(c.profile_completion_status.to_string()),
        ),
    ];
    sent.into_iter()
        .filter(|(_, new, old)| new.is_some() && new != old)
        .map(|(name, ..)| name)
        .collect()
}

/// Deleting marks the customer `DELETED`: their records stay, and searches leave them out.
pub async fn delete(scope: Scoped<(i64, i64)>) -> ApiResult<StatusCode> {
    let (state, (tenant_id, id)) = scope.require(Capability::EditCustomers)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    let customer = db::load_on::<Customer>(&mut *tx, tenant_id, id).await?;
    sqlx::query("UPDATE customers SET status = 'DELETED', version = version + 1, last_modified = ? WHERE customer_id = ?")
        .bind(timestamps::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if customer.status != CustomerStatus::Deleted {
        audit::record(&mut tx, &scope.caller, Event::customer_deleted(id)).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_become_index_ranges_and_phones_are_normalised() {
        let s = Search {
            last_name: Some("Dla".into()),
            phone1: Some("0821234567".into()),
            ..Default::default()
        };
        let (sql, values) = conditions(42, &s).unwrap();
        assert!(sql.contains("last_name_lc >= ? AND last_name_lc < ?"));
        assert!(sql.contains("phone1 = ?") && sql.contains("status <> 'DELETED'"));
        assert_eq!(values[1], "dla");
        assert_eq!(values[2], "dla\u{10FFFF}");
        assert_eq!(values[3], "27821234567");
        assert!(
            conditions(42, &Search { status: Some("GONE".into()), ..Default::default() }).is_err()
        );
    }
}
