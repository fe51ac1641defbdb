//! Server side of the tenant pages: the guard, the rules again, and the calls to Eclipse.
use super::{
    validate_bulk, validate_config_edit, validate_tenant_edit, BulkRow, BulkSummary, ConfigChange,
    ConfigEdit, TenantEdit,
};
use crate::{
    auth::ssr::{require, Authed, FormErrors},
    eclipse::{
        client::EclipseError,
        models::{
            config_write_problem, ConfigItem, ConfigWrite, ListParams, Page, Tenant, TenantUpdate,
            MASK, NUMBER_LOCALE,
        },
        positions::Capability,
        ErrorCode,
    },
    error::{AppError, Outcome},
    ui::table::ListQuery,
};
use std::collections::HashMap;

fn form_field(eclipse_field: &str) -> &str {
    match eclipse_field {
        "name" | "description" | "key" | "value" => eclipse_field,
        _ => "form",
    }
}

const FORM: FormErrors = FormErrors {
    field: form_field,
    duplicate: ("key", "This key already exists: edit it in the list instead."),
};

pub async fn get_tenant() -> Result<Tenant, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let result = authed.eclipse.tenant().await;
    authed.answer(result).await
}

pub async fn update_tenant(edit: TenantEdit) -> Result<Outcome<Tenant>, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let errors = validate_tenant_edit(&edit);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let update = TenantUpdate {
        name: Some(edit.name.trim().to_owned()),
        description: Some(edit.description.trim().to_owned()),
    };
    let result = authed.eclipse.update_tenant(&update).await;
    authed.audit("tenant.update", format!("tenant {}", authed.data.tenant_id), &result).await;
    authed.outcome(result, &FORM).await
}

fn sort_field(key: &str) -> &'static str {
    if key == "modified" {
        "lastModified"
    } else {
        "key"
    }
}

pub async fn list_config(query: ListQuery) -> Result<Page<ConfigItem>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let params = ListParams {
        offset: query.offset,
        limit: query.limit.clamp(1, 100),
        sort: Some(query.eclipse_sort(sort_field(&query.sort))),
        filters: vec![("key".into(), query.q.trim().to_owned())],
    };
    let result = authed.eclipse.config(&params).await;
    authed.answer(result).await
}

async fn every_item(authed: &Authed) -> Result<Vec<ConfigItem>, EclipseError> {
    let mut items = vec![];
    loop {
        let params = ListParams {
            offset: items.len() as u32,
            limit: 1000,
            sort: Some("key,asc".into()),
            filters: vec![],
        };
        let page = authed.eclipse.config(&params).await?;
        let done = page.items.len() < 1000;
        items.extend(page.items);
        if done {
            return Ok(items);
        }
    }
}

pub async fn all_config() -> Result<Vec<ConfigItem>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let result = every_item(&authed).await;
    authed.answer(result).await
}

pub async fn save_config(edit: ConfigEdit) -> Result<Outcome<ConfigItem>, AppError> {
    let mut authed = require(Capability::ManageTenant).await?;
    let errors = validate_config_edit(&edit);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let write = edit.to_write();
    let result = if edit.is_new {
        authed.eclipse.create_config(&write).await
    } else {
        authed.eclipse.update_config(&write).await
    };
    authed
        .audit(
            if edit.is_new { "config.create" } else { "config.update" },
            write.key.clone(),
            &result,
        )
        .await;
    if result.is_ok() && write.key == NUMBER_LOCALE {
        authed.reread_number_locale().await?;
    }
    authed.outcome(result, &FORM).await
}

pub async fn delete_config(key: String) -> Result<Outcome<()>, AppError> {
    let mut authed = require(Capability::ManageTenant).await?;
    // The key becomes a path segment: only a well-formed one is sent.
    let probe = ConfigWrite { key: key.trim().to_owned(), value: String::new(), description: None };
    if let Some((_, problem)) = config_write_problem(&probe).filter(|(field, _)| *field == "key") {
        return Ok(authed
            .refuse(
                "config.delete",
                format!("config {}", key.trim()),
                format!("The key {problem}."),
            )
            .await);
    }
    let result = authed.eclipse.delete_config(&probe.key).await;
    authed.audit("config.delete", format!("config {}", probe.key), &result).await;
    if probe.key == NUMBER_LOCALE {
        authed.reread_number_locale().await?;
    }
    match result {
        // Already gone: what the user asked for is true.
        Err(err) if err.is(ErrorCode::NotFound) => Ok(Outcome::Done(())),
        other => authed.outcome(other, &FORM).await,
    }
}

/// Which rows change something, against the current items: an encrypted row always does (the secret
/// cannot be compared), a plain one when the key is new or its value differs.
pub fn changes(current: &[ConfigItem], rows: &[BulkRow]) -> (Vec<ConfigChange>, Vec<String>) {
    let by_key: HashMap<&str, &ConfigItem> = current.iter().map(|i| (i.key.as_str(), i)).collect();
    let mut changed = vec![];
    let mut unchanged = vec![];
    for row in rows {
        let key = row.key.trim();
        let before = by_key.get(key).map(|i| i.value.clone());
        let same =
            !row.encrypt && by_key.get(key).is_some_and(|i| !i.encrypted && i.value == row.value);
        if same {
            unchanged.push(key.to_owned());
        } else {
            let after = if row.encrypt { MASK.to_owned() } else { row.value.clone() };
            changed.push(ConfigChange { key: key.to_owned(), before, after });
        }
    }
    (changed, unchanged)
}

pub async fn save_bulk(rows: Vec<BulkRow>) -> Result<Outcome<BulkSummary>, AppError> {
    let mut authed = require(Capability::ManageTenant).await?;
    let errors = validate_bulk(&rows);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let current = authed.answer(every_item(&authed).await).await?;
    let (changed, unchanged) = changes(&current, &rows);
    let writes: Vec<ConfigWrite> = rows
        .iter()
        .filter(|r| changed.iter().any(|c| c.key == r.key.trim()))
        .map(|r| r.edit().to_write())
        .collect();
    if writes.is_empty() {
        return Ok(Outcome::Done(BulkSummary { changed, unchanged }));
    }
    let result = authed.eclipse.bulk_config(&writes).await;
    let keys = writes.iter().map(|w| w.key.as_str()).collect::<Vec<_>>().join(",");
    authed.audit("config.bulk", keys, &result).await;
    if result.is_ok() && writes.iter().any(|w| w.key == NUMBER_LOCALE) {
        authed.reread_number_locale().await?;
    }
    Ok(match authed.outcome(result, &FORM).await? {
        Outcome::Done(_) => Outcome::Done(BulkSummary { changed, unchanged }),
        Outcome::Invalid(errors) => Outcome::Invalid(errors),
        Outcome::Refused(why) => Outcome::Refused(why),
        Outcome::Conflict(_) => {
            Outcome::Refused("Someone else changed the configuration; reload and try again.".into())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_changes_are_sent() {
        let item = |k: &str, v: &str, encrypted: bool| ConfigItem {
            key: k.into(),
            value: v.into(),
            description: None,
            last_modified: None,
            encrypted,
        };
        let current = [item("a", "1", false), item("secret", MASK, true)];
        let row =
            |k: &str, v: &str, encrypt: bool| BulkRow { key: k.into(), value: v.into(), encrypt };
        let (changed, unchanged) = changes(
            &current,
            &[row("a", "1", false), row("b", "2", false), row("secret", "new", true)],
        );
        assert_eq!(unchanged, ["a"]);
        assert_eq!(changed[0], ConfigChange { key: "b".into(), before: None, after: "2".into() });
        assert_eq!(
            changed[1],
            ConfigChange { key: "secret".into(), before: Some(MASK.into()), after: MASK.into() }
        );
    }
}
