//! Admin users of the tenant: a paged, sortable list; create, edit, deactivate, reactivate and delete.
//! `TENANT_SYSTEM` manages them; every other position may only read.
mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use pages::{AdminUserPage, AdminUsersPage, NewAdminUserPage};

use crate::api::server_fns;
use crate::eclipse::{
    models::{debug_showing, AdminUser, Page},
    positions::Position,
};
use crate::error::{FieldErrors, Outcome};
use crate::ui::table::ListQuery;
use crate::validate;
use serde::{Deserialize, Serialize};

pub const SORTABLE: &[&str] = &["identity", "name", "email", "status", "created"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CredentialKind {
    #[default]
    Password,
    BcryptHash,
    PublicKey,
}

/// The create form.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AdminUserDraft {
    pub identity: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone1: String,
    pub credential: CredentialKind,
    /// The password, the bcrypt hash or the base64 public key, as `credential` says.
    pub secret: String,
    pub positions: Vec<Position>,
}

debug_showing!(AdminUserDraft { identity });

/// The edit form: email, names, phone and positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUserEdit {
    pub admin_user_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone1: String,
    pub positions: Vec<Position>,
}

fn validate_contact(
    errors: &mut FieldErrors,
    first_name: &str,
    last_name: &str,
    email: &str,
    phone1: &str,
    positions: &[Position],
) {
    if first_name.trim().is_empty() {
        errors.add("first_name", "Enter a first name.");
    }
    if last_name.trim().is_empty() {
        errors.add("last_name", "Enter a last name.");
    }
    if !validate::is_valid_email(email.trim()) {
        errors.add("email", "Enter an email address like name@example.com.");
    }
    if !phone1.trim().is_empty() && validate::normalise_phone(phone1).is_none() {
        errors.add(
            "phone1",
            "Enter a phone number of 9 to 15 digits, like 0821234567 or 27821234567.",
        );
    }
    if positions.is_empty() {
        errors.add("positions", "Choose at least one position.");
    }
}

/// The rules of the create form, checked in the browser and again on the server.
pub fn validate_draft(d: &AdminUserDraft) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if !validate::is_valid_identity(d.identity.trim()) {
        errors.add("identity", "Use 3 to 100 letters, digits, '.', '_', '-' or '@'.");
    }
    validate_contact(&mut errors, &d.first_name, &d.last_name, &d.email, &d.phone1, &d.positions);
    match d.credential {
        CredentialKind::Password => {
            let about =
                [d.identity.trim(), d.first_name.trim(), d.last_name.trim(), d.email.trim()];
            if let Some(problem) = validate::password_problem(&d.secret, &about) {
                errors.add("secret", format!("The password {problem}."));
            }
        }
        CredentialKind::BcryptHash => match validate::bcrypt_cost(d.secret.trim()) {
            None => errors.add(
                "secret",
                "Paste a bcrypt hash: 60 characters starting with $2a$, $2b$ or $2y$.",
            ),
            Some(cost) if !validate::BCRYPT_COSTS.contains(&cost) => errors.add(
                "secret",
                format!(
                    "This hash has cost {cost}: use one made with a cost from {} to {}.",
                    validate::BCRYPT_COSTS.start(),
                    validate::BCRYPT_COSTS.end()
                ),
            ),
            Some(_) => {}
        },
        CredentialKind::PublicKey => {
            let key = d.secret.trim();
            if key.len() < 600
                || !key.chars().all(|c| c.is_ascii_alphanumeric() || "+/=\n\r".contains(c))
            {
                errors.add(
                    "secret",
                    "Paste the base64-encoded RSA 4096 public key (DER), without PEM headers.",
                );
            }
        }
    }
    errors
}

pub fn validate_edit(e: &AdminUserEdit) -> FieldErrors {
    let mut errors = FieldErrors::default();
    validate_contact(&mut errors, &e.first_name, &e.last_name, &e.email, &e.phone1, &e.positions);
    errors
}

server_fns! {
    /// `query.q` is an identity prefix.
    "admin_users/list" => list_admin_users(query: ListQuery) -> Page<AdminUser> = ssr::list;
    "admin_users/get" => get_admin_user(admin_user_id: i64) -> AdminUser = ssr::get;
    "admin_users/create" =>
        create_admin_user(draft: AdminUserDraft) -> Outcome<AdminUser> = ssr::create;
    "admin_users/update" =>
        update_admin_user(edit: AdminUserEdit) -> Outcome<AdminUser> = ssr::update;
    "admin_users/set_status" =>
        set_admin_user_status(admin_user_id: i64, active: bool)
            -> Outcome<AdminUser> = ssr::set_status;
    "admin_users/delete" => delete_admin_user(admin_user_id: i64) -> Outcome<()> = ssr::delete;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> AdminUserDraft {
        AdminUserDraft {
            identity: "aisha.petersen".into(),
            first_name: "Aisha".into(),
            last_name: "Petersen".into(),
            email: "aisha@example.com".into(),
            phone1: "0829876543".into(),
            credential: CredentialKind::Password,
            secret: "SecureP@ssw0rd123".into(),
            positions: vec![Position::Level01],
        }
    }

    #[test]
    fn a_good_draft_passes_and_each_bad_field_is_named() {
        assert!(validate_draft(&draft()).is_empty());
        let bad = AdminUserDraft {
            identity: "a b".into(),
            email: "nope".into(),
            secret: "short".into(),
            positions: vec![],
            ..draft()
        };
        let errors = validate_draft(&bad);
        for field in ["identity", "email", "secret", "positions"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(errors.get("first_name").is_none());
    }

    #[test]
    fn bcrypt_credentials_are_checked_as_hashes() {
        let d = AdminUserDraft {
            credential: CredentialKind::BcryptHash,
            secret: "$2a$10$tMR2xhUpO0kEpJT9E7p2ZuiJaqxFVmpCJjYJG7H7ttstFq2ddjXfq".into(),
            ..draft()
        };
        assert!(validate_draft(&d).is_empty());
        let d = AdminUserDraft {
            credential: CredentialKind::BcryptHash,
            secret: "SecureP@ssw0rd123".into(),
            ..draft()
        };
        assert!(validate_draft(&d).get("secret").is_some());
    }
}
