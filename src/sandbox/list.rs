//! Paging and sorting shared by every sandbox list: `offset`/`limit` (at most 1000), `sort=field,asc|desc`
//! on whitelisted fields, and the `X-Total-Count` header.
use super::error::{ApiError, ApiResult};
use axum::{
    http::HeaderMap,
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};
use sqlx::{
    sqlite::{SqliteArguments, SqliteRow},
    Arguments, Sqlite, SqlitePool,
};

pub const MAX_LIMIT: u32 = 1000;

#[derive(Debug, Default, Deserialize)]
pub struct Paging {
    pub offset: Option<u32>,
    pub limit: Option<u32>,
    pub sort: Option<String>,
}

#[derive(Debug)]
pub struct Window {
    pub offset: u32,
    pub limit: u32,
    /// A trusted `ORDER BY` clause built from the whitelist.
    pub order_by: String,
}

impl Paging {
    /// `columns` maps each sortable API field name to its SQL column; the first is the default order.
    pub fn window(&self, columns: &[(&str, &str)], tiebreak: &str) -> ApiResult<Window> {
        let limit = checked_limit(self.limit)?;
        let (field, dir) = match self.sort.as_deref().filter(|s| !s.is_empty()) {
            None => (columns[0].0, "asc"),
            Some(sort) => {
                let (field, dir) = sort.split_once(',').unwrap_or((sort, "asc"));
                (field, dir)
            }
        };
        let dir = match dir.to_ascii_lowercase().as_str() {
            "asc" => "ASC",
            "desc" => "DESC",
            _ => return Err(ApiError::validation("sort", "direction must be asc or desc")),
        };
        let column = columns
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, col)| *col)
            .ok_or_else(|| ApiError::validation("sort", &format!("cannot sort by {field}")))?;
        // Lower-cased copies and ids sort as stored, so an index on them can give the order.
        let collate =
            if column.ends_with("_lc") || column.ends_with("_id") { "" } else { " COLLATE NOCASE" };
        Ok(Window {
            offset: self.offset.unwrap_or(0),
            limit,
            order_by: format!("ORDER BY {column}{collate} {dir}, {tiebreak} {dir}"),
        })
    }

    /// A window in a fixed order, for a list that takes no `sort`.
    pub fn fixed(&self, order_by: &str) -> ApiResult<Window> {
        let limit = checked_limit(self.limit)?;
        Ok(Window { offset: self.offset.unwrap_or(0), limit, order_by: order_by.to_owned() })
    }
}

/// A page's size: `limit`, 1 to `MAX_LIMIT`, or `MAX_LIMIT` when not given.
fn checked_limit(limit: Option<u32>) -> ApiResult<u32> {
    let limit = limit.unwrap_or(MAX_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::validation("limit", "must be between 1 and 1000"));
    }
    Ok(limit)
}

/// The values of a filter's `?`s, in order: bound once, then used for the count and for the rows.
#[derive(Default, Clone)]
pub struct Values<'q>(SqliteArguments<'q>);

impl<'q> Values<'q> {
    pub fn with<T: 'q + sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite>>(mut self, value: T) -> Self {
        Arguments::add(&mut self.0, value).expect("SQLite takes every value that has a type");
        self
    }
    /// The value of an optional filter, written `(? IS NULL OR <column> = ?)`: twice.
    pub fn optional<T: 'q + Clone + sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite>>(
        self,
        value: T,
    ) -> Self {
        self.with(value.clone()).with(value)
    }
}

/// A list read through a filter: how many rows of `from` match `filter` in all, and the rows of the window
/// in its order. The caller turns the rows into items and pages them (`page`).
pub async fn filtered<R>(
    db: &SqlitePool,
    (columns, from): (&str, &str),
    filter: &str,
    values: Values<'_>,
    window: &Window,
) -> ApiResult<(Vec<R>, i64)>
where
    R: for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin,
{
    let count = format!("SELECT COUNT(*) FROM {from} WHERE {filter}");
    let (total,): (i64,) = sqlx::query_as_with(&count, values.0.clone()).fetch_one(db).await?;
    let order_by = &window.order_by;
    let select = format!("SELECT {columns} FROM {from} WHERE {filter} {order_by} LIMIT ? OFFSET ?");
    let rows = sqlx::query_as_with(&select, values.with(window.limit).with(window.offset).0)
        .fetch_all(db)
        .await?;
    Ok((rows, total))
}

/// A bare JSON array, as Eclipse lists are, with the total in `X-Total-Count`.
pub fn page<T: Serialize>(items: Vec<T>, total: i64) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", total.into());
    (headers, Json(items)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_is_whitelisted_and_limit_capped() {
        let cols = [("identity", "identity"), ("lastName", "last_name")];
        let p = Paging { sort: Some("lastName,desc".into()), ..Default::default() };
        assert!(p.window(&cols, "id").unwrap().order_by.contains("last_name COLLATE NOCASE DESC"));
        let bad = Paging { sort: Some("password_hash,asc".into()), ..Default::default() };
        assert_eq!(
            bad.window(&cols, "id").unwrap_err().code,
            crate::eclipse::ErrorCode::Validation
        );
        let big = Paging { limit: Some(1001), ..Default::default() };
        assert!(big.window(&cols, "id").is_err());
    }
}

/// Paging and the `externalUniqueId` filter for the short lists read whole (a customer's addresses,
/// documents, cards…): every list pages and reports `X-Total-Count`, whatever its size.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    pub offset: Option<u32>,
    pub limit: Option<u32>,
    pub external_unique_id: Option<String>,
}

pub fn page_of<T: Serialize>(
    items: Vec<T>,
    q: &ListQuery,
    external_id: impl Fn(&T) -> Option<&str>,
) -> Result<Response, ApiError> {
    let limit = checked_limit(q.limit)?;
    let matching: Vec<T> = match q.external_unique_id.as_deref().filter(|e| !e.is_empty()) {
        Some(wanted) => items.into_iter().filter(|i| external_id(i) == Some(wanted)).collect(),
        None => items,
    };
    let total = matching.len() as i64;
    let shown = matching
        .into_iter()
        .skip(q.offset.unwrap_or(0) as usize)
        .take(limit as usize)
        .collect::<Vec<_>>();
    Ok(page(shown, total))
}
