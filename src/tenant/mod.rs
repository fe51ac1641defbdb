//! The tenant: its details, and its configuration (a searchable, paged table; single edits; bulk edits
//! and pasted `key=value` lines). Everyone reads it, with encrypted values masked; `TENANT_SYSTEM` changes it.
mod bulk;
mod config_editor;
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use bulk::ConfigBulkPage;
pub use pages::TenantPage;

use crate::api::server_fns;
use crate::eclipse::models::{
    config_write_problem, debug_showing, known_config_key, ConfigInput, ConfigItem, ConfigWrite,
    Page, Tenant, ENCRYPT_PREFIX,
};
use crate::error::{FieldErrors, Outcome};
use crate::ui::table::ListQuery;
use serde::{Deserialize, Serialize};

pub const CONFIG_SORTABLE: &[&str] = &["key", "modified"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantEdit {
    pub name: String,
    pub description: String,
}

pub fn validate_tenant_edit(e: &TenantEdit) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if e.name.trim().is_empty() || e.name.trim().chars().count() > 100 {
        errors.add("name", "Enter a name of 1 to 100 characters.");
    }
    if e.description.chars().count() > 500 {
        errors.add("description", "Keep the description to 500 characters.");
    }
    errors
}

/// One setting as a form edits it. `encrypt` stores the value as `Encrypt:…`, never to be read back.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ConfigEdit {
    pub key: String,
    pub value: String,
    pub description: String,
    pub encrypt: bool,
    /// A new key (create) rather than a change to an existing one.
    pub is_new: bool,
}

// The value may be a secret.
debug_showing!(ConfigEdit { key, encrypt });

impl ConfigEdit {
    pub fn to_write(&self) -> ConfigWrite {
        let value = if self.encrypt {
            format!("{ENCRYPT_PREFIX}{}", self.value)
        } else {
            self.value.clone()
        };
        let description = Some(self.description.trim().to_owned()).filter(|d| !d.is_empty());
        ConfigWrite { key: self.key.trim().to_owned(), value, description }
    }
}

/// The problem with a value for `key` beyond the shared rules: a regular expression must compile.
fn value_problem(key: &str, value: &str) -> Option<String> {
    if known_config_key(key).map(|k| k.input) == Some(ConfigInput::Regex) {
        if let Err(why) = crate::validate::regex_test(value, "") {
            return Some(format!("This is not a valid regular expression: {why}"));
        }
    }
    None
}

/// The rules of one setting, checked in the browser and again on the server.
pub fn validate_config_edit(e: &ConfigEdit) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if e.encrypt && e.value.is_empty() {
        errors.add("value", "Enter the secret value to store encrypted.");
    } else if let Some((field, problem)) = config_write_problem(&e.to_write()) {
        errors.add(field, format!("The {field} {problem}."));
    } else if let Some(problem) = value_problem(e.key.trim(), &e.value) {
        errors.add("value", problem);
    }
    if e.description.chars().count() > 200 {
        errors.add("description", "Keep the description to 200 characters.");
    }
    errors
}

/// One row of a bulk edit.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRow {
    pub key: String,
    pub value: String,
    pub encrypt: bool,
}

debug_showing!(BulkRow { key });

impl BulkRow {
    fn edit(&self) -> ConfigEdit {
        ConfigEdit {
            key: self.key.clone(),
            value: self.value.clone(),
            encrypt: self.encrypt,
            ..Default::default()
        }
    }
}

/// The message for bulk row `index` (0-based) lives under this field name.
pub fn bulk_row_field(index: usize) -> String {
    format!("row-{index}")
}

/// The rules of a bulk edit: each row as a single edit, and each key once.
pub fn validate_bulk(rows: &[BulkRow]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if rows.is_empty() {
        errors.add("form", "There is nothing to save.");
    }
    for (i, row) in rows.iter().enumerate() {
        let problems = validate_config_edit(&row.edit());
        if let Some(first) = problems.0.first() {
            errors.add(&bulk_row_field(i), format!("{}: {}", row.key.trim(), first.message));
        } else if rows[..i].iter().any(|r| r.key.trim() == row.key.trim()) {
            errors.add(&bulk_row_field(i), format!("{} appears more than once.", row.key.trim()));
        }
    }
    errors
}

/// Reads pasted `key=value` lines: blank lines and `#` comments are skipped, the value is everything after
/// the first `=`, and a value starting `Encrypt:` is stored encrypted. Errors name the line.
pub fn parse_pasted(text: &str) -> Result<Vec<BulkRow>, Vec<String>> {
    let mut rows = vec![];
    let mut errors = vec![];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                let (value, encrypt) = match value.strip_prefix(ENCRYPT_PREFIX) {
                    Some(secret) => (secret.to_owned(), true),
                    None => (value.to_owned(), false),
                };
                rows.push(BulkRow { key: key.trim().to_owned(), value, encrypt });
            }
            _ => errors.push(format!(
                "Line {}: expected key=value, found {:?}.",
                n + 1,
                line.chars().take(40).collect::<String>()
            )),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// What a bulk save changed: each key with its value before (`None` when new) and after; secrets masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigChange {
    pub key: String,
    pub before: Option<String>,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BulkSummary {
    pub changed: Vec<ConfigChange>,
    /// Keys sent with the value they already had.
    pub unchanged: Vec<String>,
}

server_fns! {
    "tenant/get" => get_tenant_details() -> Tenant = ssr::get_tenant;
    "tenant/update" =>
        update_tenant_details(edit: TenantEdit) -> Outcome<Tenant> = ssr::update_tenant;
    /// `query.q` is a key prefix.
    "config/list" => list_config(query: ListQuery) -> Page<ConfigItem> = ssr::list_config;
    "config/all" => all_config() -> Vec<ConfigItem> = ssr::all_config;
    "config/save" => save_config(edit: ConfigEdit) -> Outcome<ConfigItem> = ssr::save_config;
    "config/delete" => delete_config(key: String) -> Outcome<()> = ssr::delete_config;
    "config/bulk" => save_config_bulk(rows: Vec<BulkRow>) -> Outcome<BulkSummary> = ssr::save_bulk;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_become_rows_and_bad_lines_are_named() {
        let rows = parse_pasted(
            "# comment\npciCompliant=true\n\napiSecret=Encrypt:a=b\r\nurl = https://x?y=1\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[0].key.as_str(), rows[0].value.as_str(), rows[0].encrypt),
            ("pciCompliant", "true", false)
        );
        assert_eq!(
            (rows[1].key.as_str(), rows[1].value.as_str(), rows[1].encrypt),
            ("apiSecret", "a=b", true)
        );
        assert_eq!(rows[2].value, " https://x?y=1");
        let errors = parse_pasted("ok=1\nnot a pair\n=value").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].starts_with("Line 2:") && errors[1].starts_with("Line 3:"));
    }

    #[test]
    fn settings_are_checked_by_their_key() {
        let edit = |key: &str, value: &str| ConfigEdit {
            key: key.into(),
            value: value.into(),
            ..Default::default()
        };
        assert!(validate_config_edit(&edit("pciCompliant", "true")).is_empty());
        assert!(validate_config_edit(&edit("pciCompliant", "maybe")).get("value").is_some());
        assert!(validate_config_edit(&edit("passwordRegEx", "^(?=.*\\d).{8,}$")).is_empty());
        assert!(validate_config_edit(&edit("passwordRegEx", "^([a-z"))
            .get("value")
            .unwrap()
            .contains("regular expression"));
        assert!(validate_config_edit(&edit("bad key", "1")).get("key").is_some());
        let secret = ConfigEdit { encrypt: true, ..edit("apiSecret", "") };
        assert!(validate_config_edit(&secret).get("value").is_some());
        assert_eq!(ConfigEdit { value: "s3".into(), ..secret }.to_write().value, "Encrypt:s3");
    }

    #[test]
    fn bulk_rows_are_checked_each_and_once() {
        let row = |k: &str, v: &str| BulkRow { key: k.into(), value: v.into(), encrypt: false };
        assert!(validate_bulk(&[row("a", "1"), row("pciCompliant", "false")]).is_empty());
        let errors = validate_bulk(&[row("a", "1"), row("a", "2"), row("pciCompliant", "x")]);
        assert!(errors.get("row-1").unwrap().contains("more than once"));
        assert!(errors.get("row-2").unwrap().starts_with("pciCompliant:"));
        assert!(validate_bulk(&[]).get("form").is_some());
    }
}
