//! Server side of admin users: the guard, the self-protection rules, and the calls to Eclipse.
use super::{validate_draft, validate_edit, AdminUserDraft, AdminUserEdit, CredentialKind};
use crate::{
    auth::ssr::{require, Authed, FormErrors},
    eclipse::{
        client::EclipseError,
        models::{AdminUser, AdminUserStatus, AdminUserUpdate, ListParams, NewAdminUser, Page},
        positions::{Capability, Position},
    },
    error::{AppError, Outcome},
    ui::table::ListQuery,
};

/// A change that could take away someone's access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Positions(Vec<Position>),
    Deactivate,
    Delete,
}

fn counts_as_system(user: &AdminUser) -> bool {
    user.status == AdminUserStatus::Active && user.positions.contains(&Position::TenantSystem)
}

/// Why `change` may not be made, if it may not: no one deletes, deactivates or demotes themselves, and
/// the tenant keeps at least one active `TENANT_SYSTEM` user.
pub fn refusal(
    actor_id: i64,
    target: &AdminUser,
    change: &Change,
    active_system_users: usize,
) -> Option<String> {
    let removes_system = match change {
        Change::Positions(p) => !p.contains(&Position::TenantSystem),
        Change::Deactivate | Change::Delete => true,
    };
    if target.admin_user_id == actor_id {
        match change {
            Change::Delete => return Some("You cannot delete your own admin user.".into()),
            Change::Deactivate => return Some("You cannot deactivate your own admin user.".into()),
            Change::Positions(_) if removes_system && counts_as_system(target) => {
                return Some("You cannot remove TENANT_SYSTEM from your own positions.".into())
            }
            Change::Positions(_) => {}
        }
    }
    if removes_system && counts_as_system(target) && active_system_users <= 1 {
        return Some(format!(
            "{} is the tenant's last active TENANT_SYSTEM user; give that position to someone else first.",
            target.identity
        ));
    }
    None
}

async fn active_system_users(authed: &Authed) -> Result<usize, EclipseError> {
    let mut count = 0;
    let mut offset = 0;
    loop {
        let params = ListParams {
            offset,
            limit: 1000,
            sort: None,
            filters: vec![("status".into(), "ACTIVE".into())],
        };
        let page = authed.eclipse.admin_users(&params).await?;
        count += page.items.iter().filter(|u| counts_as_system(u)).count();
        if page.items.len() < 1000 {
            return Ok(count);
        }
        offset += 1000;
    }
}

fn sort_field(key: &str) -> &'static str {
    match key {
        "name" => "lastName",
        "email" => "email",
        "status" => "status",
        "created" => "created",
        _ => "identity",
    }
}

pub async fn list(query: ListQuery) -> Result<Page<AdminUser>, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    let params = ListParams {
        offset: query.offset,
        limit: query.limit.clamp(1, 100),
        sort: Some(query.eclipse_sort(sort_field(&query.sort))),
        filters: vec![("identity".into(), query.q.trim().to_owned())],
    };
    let result = authed.eclipse.admin_users(&params).await;
    authed.answer(result).await
}

pub async fn get(admin_user_id: i64) -> Result<AdminUser, AppError> {
    let authed = require(Capability::ReadBasics).await?;
    match authed.eclipse.admin_user(admin_user_id).await {
        Ok(user) => Ok(user),
        Err(err) if err.status().map(|s| s.as_u16()) == Some(404) => Err(AppError::NotFound),
        Err(err) => Err(authed.fail(err).await),
    }
}

/// Eclipse's field names, as our forms name them.
fn form_field(eclipse_field: &str) -> &str {
    match eclipse_field {
        "identity" => "identity",
        "firstName" => "first_name",
        "lastName" => "last_name",
        "email" => "email",
        "phone1" => "phone1",
        "positions" => "positions",
        "password" | "base64EncodedPublicKey" => "secret",
        _ => "form",
    }
}

const FORM: FormErrors =
    FormErrors { field: form_field, duplicate: ("identity", "This identity is already taken.") };

pub async fn create(draft: AdminUserDraft) -> Result<Outcome<AdminUser>, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let errors = validate_draft(&draft);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let secret = draft.secret.trim().to_owned();
    let (password, key) = match draft.credential {
        CredentialKind::Password => (Some(draft.secret.clone()), None),
        CredentialKind::BcryptHash => (Some(secret), None),
        CredentialKind::PublicKey => (None, Some(secret.replace(['\n', '\r'], ""))),
    };
    let new = NewAdminUser {
        first_name: draft.first_name.trim().to_owned(),
        last_name: draft.last_name.trim().to_owned(),
        email: draft.email.trim().to_owned(),
        phone1: draft.phone1.trim().to_owned(),
        identity: draft.identity.trim().to_owned(),
        password,
        base64_encoded_public_key: key,
        positions: draft.positions,
    };
    let result = authed.eclipse.create_admin_user(&new).await;
    authed.audit("admin-user.create", new.identity.clone(), &result).await;
    authed.outcome(result, &FORM).await
}

/// Loads the target and checks `change` against the rules; `Err(Ok(refusal))` when refused.
async fn checked_target(
    authed: &Authed,
    admin_user_id: i64,
    change: &Change,
) -> Result<Result<AdminUser, String>, AppError> {
    let target = match authed.eclipse.admin_user(admin_user_id).await {
        Ok(t) => t,
        Err(err) if err.status().map(|s| s.as_u16()) == Some(404) => {
            return Err(AppError::NotFound)
        }
        Err(err) => return Err(authed.fail(err).await),
    };
    let needs_count = counts_as_system(&target);
    let active = if needs_count {
        match active_system_users(authed).await {
            Ok(n) => n,
            Err(err) => return Err(authed.fail(err).await),
        }
    } else {
        0
    };
    match refusal(authed.data.admin_user_id, &target, change, active) {
        Some(why) => Ok(Err(why)),
        None => Ok(Ok(target)),
    }
}

async fn changed(authed: &Authed, admin_user_id: i64) {
    if let Err(err) =
        authed.state.store.mark_admin_user_changed(authed.data.tenant_id, admin_user_id).await
    {
        tracing::error!(%err, "could not record an admin user change");
    }
}

pub async fn update(edit: AdminUserEdit) -> Result<Outcome<AdminUser>, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let errors = validate_edit(&edit);
    if !errors.is_empty() {
        return Ok(Outcome::Invalid(errors));
    }
    let target = match checked_target(
        &authed,
        edit.admin_user_id,
        &Change::Positions(edit.positions.clone()),
    )
    .await?
    {
        Ok(t) => t,
        Err(why) => {
            return Ok(authed
                .refuse("admin-user.update", format!("admin user {}", edit.admin_user_id), why)
                .await)
        }
    };
    let update = AdminUserUpdate {
        admin_user_id: target.admin_user_id,
        first_name: Some(edit.first_name.trim().to_owned()),
        last_name: Some(edit.last_name.trim().to_owned()),
        email: Some(edit.email.trim().to_owned()),
        phone1: Some(edit.phone1.trim().to_owned()).filter(|p| !p.is_empty()),
        positions: Some(edit.positions),
        status: None,
    };
    let result = authed.eclipse.update_admin_user(&update).await;
    authed.audit("admin-user.update", target.identity.clone(), &result).await;
    changed(&authed, target.admin_user_id).await;
    authed.outcome(result, &FORM).await
}

pub async fn set_status(admin_user_id: i64, active: bool) -> Result<Outcome<AdminUser>, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let change =
        if active { Change::Positions(vec![Position::TenantSystem]) } else { Change::Deactivate };
    let target = match checked_target(&authed, admin_user_id, &change).await? {
        Ok(t) => t,
        Err(why) if !active => {
            return Ok(authed
                .refuse("admin-user.deactivate", format!("admin user {admin_user_id}"), why)
                .await)
        }
        Err(_) => {
            return Err(AppError::Internal { correlation_id: crate::error::correlation_id() })
        }
    };
    let status = if active { AdminUserStatus::Active } else { AdminUserStatus::Inactive };
    let update = AdminUserUpdate { admin_user_id, status: Some(status), ..Default::default() };
    let result = authed.eclipse.update_admin_user(&update).await;
    let action = if active { "admin-user.reactivate" } else { "admin-user.deactivate" };
    authed.audit(action, target.identity.clone(), &result).await;
    changed(&authed, admin_user_id).await;
    authed.outcome(result, &FORM).await
}

pub async fn delete(admin_user_id: i64) -> Result<Outcome<()>, AppError> {
    let authed = require(Capability::ManageTenant).await?;
    let target = match checked_target(&authed, admin_user_id, &Change::Delete).await? {
        Ok(t) => t,
        Err(why) => {
            return Ok(authed
                .refuse("admin-user.delete", format!("admin user {admin_user_id}"), why)
                .await)
        }
    };
    let result = authed.eclipse.delete_admin_user(admin_user_id).await;
    authed.audit("admin-user.delete", target.identity.clone(), &result).await;
    changed(&authed, admin_user_id).await;
    authed.outcome(result, &FORM).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, positions: Vec<Position>) -> AdminUser {
        AdminUser {
            admin_user_id: id,
            tenant_id: 42,
            first_name: None,
            last_name: None,
            email: None,
            phone1: None,
            identity: format!("user{id}"),
            status: AdminUserStatus::Active,
            positions,
            created: chrono::DateTime::default(),
        }
    }

    #[test]
    fn no_one_deletes_deactivates_or_demotes_themselves() {
        let me = user(1, vec![Position::TenantSystem]);
        assert!(refusal(1, &me, &Change::Delete, 5).is_some());
        assert!(refusal(1, &me, &Change::Deactivate, 5).is_some());
        assert!(refusal(1, &me, &Change::Positions(vec![Position::Level03]), 5).is_some());
        assert!(refusal(
            1,
            &me,
            &Change::Positions(vec![Position::TenantSystem, Position::KycReviewer]),
            5
        )
        .is_none());
    }

    #[test]
    fn the_last_tenant_system_user_stays() {
        let last = user(2, vec![Position::TenantSystem]);
        for change in
            [Change::Delete, Change::Deactivate, Change::Positions(vec![Position::Level01])]
        {
            assert!(refusal(1, &last, &change, 1).unwrap().contains("last active TENANT_SYSTEM"));
            assert!(refusal(1, &last, &change, 2).is_none());
        }
        let other = user(3, vec![Position::Level02]);
        assert!(refusal(1, &other, &Change::Delete, 1).is_none());
    }
}
