use super::{
    get_admin_user, list_admin_users, validate_draft, validate_edit, AdminUserDraft, AdminUserEdit,
    CreateAdminUser, CredentialKind, DeleteAdminUser, SetAdminUserStatus, UpdateAdminUser,
    SORTABLE,
};
use crate::{
    auth::use_current_user,
    eclipse::{
        models::{AdminUser, AdminUserStatus, Page},
        positions::{Capability, Position},
    },
    error::{AppError, FieldErrors, Outcome},
    ui::{
        client::{go_saying, reload_saying},
        dialog::ConfirmDialog,
        error::{ErrorPanel, InlineError},
        form::{answered, clear_error, field_error, SubmitButton, TextField},
        layout::PageHeader,
        load::{record_of_route, Loaded},
        table::{use_list_state, Column, ListState, SearchCard, SortedTable},
    },
};
use leptos::prelude::*;
use strum::VariantArray;

const DEFAULT_SORT: &str = "identity";

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let user = use_current_user();
    let state = use_list_state(DEFAULT_SORT, SORTABLE);
    let users = Resource::new(move || state.get(), |s| list_admin_users(s.query()));
    view! {
        <PageHeader title="Admin users" subtitle="People and services that can sign in to this tenant.">
            {user.can(Capability::ManageTenant).then(|| view! {
                <a href="/admin-users/new" class="btn-primary">"New admin user"</a>
            })}
        </PageHeader>
        <SearchCard state default_sort=DEFAULT_SORT label="Search by identity" placeholder="Search by identity…">
            <Loaded resource=users inset=true children=move |page| view! { <AdminUsersTable page state /> } />
        </SearchCard>
    }
}

const COLUMNS: &[Column] = &[
    Column::sorted("Identity", "identity"),
    Column::sorted("Name", "name"),
    Column::sorted("Email", "email"),
    Column::plain("Positions"),
    Column::sorted("Status", "status"),
    Column::sorted("Created", "created"),
];

#[component]
fn AdminUsersTable(page: Page<AdminUser>, state: Memo<ListState>) -> impl IntoView {
    let shown = page.items.len();
    let total = page.total;
    let rows = page.items.into_iter().map(|u| {
        let href = format!("/admin-users/{}", u.admin_user_id);
        let name = u.full_name();
        view! {
            <tr class="hover:bg-slate-50">
                <td class="td font-medium"><a class="link" href=href>{u.identity.clone()}</a></td>
                <td class="td">{name}</td>
                <td class="td">{u.email.clone().unwrap_or_default()}</td>
                <td class="td"><PositionBadges positions=u.positions.clone() /></td>
                <td class="td"><StatusBadge status=u.status /></td>
                <td class="td whitespace-nowrap text-slate-600">{crate::ui::format::date(&u.created)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <SortedTable state default_sort=DEFAULT_SORT columns=COLUMNS testid="admin-users-table" shown total none="No admin user matches.">
            {rows}
        </SortedTable>
    }
}

#[component]
fn PositionBadges(positions: Vec<Position>) -> impl IntoView {
    positions
        .into_iter()
        .map(|p| {
            view! {
                <span class="badge mr-1 bg-sky-50 text-sky-800 ring-sky-200">{p.as_str()}</span>
            }
        })
        .collect_view()
}

#[component]
fn StatusBadge(status: AdminUserStatus) -> impl IntoView {
    let (label, class) = match status {
        AdminUserStatus::Active => {
            ("Active", "badge bg-emerald-50 text-emerald-800 ring-emerald-200")
        }
        AdminUserStatus::Inactive => {
            ("Inactive", "badge bg-slate-100 text-slate-700 ring-slate-300")
        }
    };
    view! { <span class=class>{label}</span> }
}

/// Checkboxes for positions, each with what it allows.
#[component]
fn PositionPicker(
    selected: RwSignal<Vec<Position>>,
    errors: RwSignal<FieldErrors>,
    #[prop(default = None)] locked: Option<Position>,
) -> impl IntoView {
    let error = field_error(errors, "positions");
    let boxes = Position::VARIANTS.iter().map(|&p| {
        let id = format!("position-{}", p.as_str());
        let is_locked = locked == Some(p);
        let label_for = id.clone();
        view! {
            <label for=label_for class="flex items-start gap-2 rounded-md p-2 hover:bg-slate-50">
                <input id=id type="checkbox" class="mt-0.5 h-4 w-4 rounded border-slate-300" name="positions"
                    value=p.as_str() disabled=is_locked
                    checked=selected.with_untracked(|s| s.contains(&p))
                    prop:checked=move || selected.with(|s| s.contains(&p))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        clear_error(errors, "positions");
                        selected.update(|s| {
                            s.retain(|x| *x != p);
                            if on { s.push(p); s.sort(); }
                        });
                    } />
                <span>
                    <span class="block text-sm font-medium text-slate-900">{p.as_str()}</span>
                    <span class="block text-xs text-slate-600">{p.label()}{is_locked.then_some(" (you cannot remove this from yourself)")}</span>
                </span>
            </label>
        }
    }).collect_view();
    view! {
        <fieldset>
            <legend class="label">"Positions" <span class="text-red-600" aria-hidden="true">" *"</span></legend>
            <div class="grid gap-1 sm:grid-cols-2" aria-invalid=move || error.get().is_some().to_string()>{boxes}</div>
            {move || error.get().map(|e| view! { <p class="field-error" data-testid="error-positions">{e}</p> })}
        </fieldset>
    }
}

#[component]
pub fn NewAdminUserPage() -> impl IntoView {
    if !use_current_user().can(Capability::ManageTenant) {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <PageHeader title="New admin user" subtitle="They sign in with their identity and the credential you set here." />
        <NewAdminUserForm />
    }.into_any()
}

#[island]
fn NewAdminUserForm() -> impl IntoView {
    let create = ServerAction::<CreateAdminUser>::new();
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let identity = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone1 = RwSignal::new(String::new());
    let credential = RwSignal::new(CredentialKind::Password);
    let secret = RwSignal::new(String::new());
    let positions = RwSignal::new(vec![Position::Level01]);
    let draft = move || AdminUserDraft {
        identity: identity.get(),
        first_name: first_name.get(),
        last_name: last_name.get(),
        email: email.get(),
        phone1: phone1.get(),
        credential: credential.get(),
        secret: secret.get(),
        positions: positions.get(),
    };
    Effect::new(move |_| {
        if let Some(created) = answered(create.value().get(), errors, refused) {
            go_saying(
                &format!("/admin-users/{}", created.admin_user_id),
                format!("Admin user {} created.", created.identity),
            );
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft();
        let e = validate_draft(&d);
        refused.set(None);
        if e.is_empty() {
            errors.set(FieldErrors::default());
            create.dispatch(CreateAdminUser { draft: d });
        } else {
            errors.set(e);
        }
    };
    let secret_label = move || {
        match credential.get() {
        CredentialKind::Password => ("Password", "password", "At least 12 characters; a few unrelated words make a strong one. Eclipse stores it as a bcrypt hash."),
        CredentialKind::BcryptHash => ("Bcrypt hash", "text", "A pre-hashed value of cost 10 to 14, such as $2b$12$…; stored as given."),
        CredentialKind::PublicKey => ("RSA 4096 public key", "text", "Base64 (DER) for PKI service accounts, without PEM headers."),
    }
    };
    view! {
        <form class="card max-w-3xl space-y-6 p-6" on:submit=submit novalidate>
            <div class="grid gap-4 sm:grid-cols-2">
                <TextField name="identity" label="Identity" value=identity errors=errors required=true autocomplete="off"
                    hint="Used to sign in, e.g. aisha.petersen" />
                <TextField name="email" label="Email" kind="email" value=email errors=errors required=true />
                <TextField name="first_name" label="First name" value=first_name errors=errors required=true />
                <TextField name="last_name" label="Last name" value=last_name errors=errors required=true />
                <TextField name="phone1" label="Phone" kind="tel" value=phone1 errors=errors hint="Optional, e.g. 0821234567" />
            </div>
            <fieldset>
                <legend class="label">"Credential"</legend>
                <div class="flex flex-wrap gap-4 text-sm">
                    {[(CredentialKind::Password, "Clear-text password"), (CredentialKind::BcryptHash, "Pre-hashed bcrypt"), (CredentialKind::PublicKey, "PKI public key")]
                        .into_iter().map(|(kind, label)| view! {
                            <label class="flex items-center gap-2">
                                <input type="radio" name="credential" prop:checked=move || credential.get() == kind
                                    on:change=move |_| credential.set(kind) />
                                {label}
                            </label>
                        }).collect_view()}
                </div>
            </fieldset>
            {move || {
                let (label, kind, hint) = secret_label();
                view! { <TextField name="secret" label=label kind=kind value=secret errors=errors required=true hint=hint autocomplete="new-password" /> }
            }}
            <PositionPicker selected=positions errors />
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
            {move || create.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end gap-3 border-t border-slate-200 pt-4">
                <a href="/admin-users" class="btn-secondary">"Cancel"</a>
                <SubmitButton pending=create.pending() label="Create admin user" busy="Creating…" />
            </div>
        </form>
    }
}

#[component]
pub fn AdminUserPage() -> impl IntoView {
    let user = record_of_route(get_admin_user);
    view! { <Loaded resource=user children=move |target| view! { <AdminUserDetail target /> } /> }
}

#[component]
fn AdminUserDetail(target: AdminUser) -> impl IntoView {
    let me = use_current_user();
    let can_manage = me.can(Capability::ManageTenant);
    let is_self = me.admin_user_id == target.admin_user_id;
    let subtitle =
        format!("{} · created {}", target.full_name(), crate::ui::format::date(&target.created));
    view! {
        <PageHeader title=target.identity.clone() subtitle=subtitle>
            <a href="/admin-users" class="btn-secondary">"Back to admin users"</a>
        </PageHeader>
        <div class="mb-4 flex items-center gap-2 text-sm">
            <StatusBadge status=target.status />
            {is_self.then(|| view! { <span class="text-slate-600">"This is you."</span> })}
        </div>
        {if can_manage {
            view! {
                <div class="space-y-6">
                    <EditAdminUser target=target.clone() is_self />
                    <AccessActions target is_self />
                </div>
            }.into_any()
        } else {
            view! { <ReadOnlyAdminUser target /> }.into_any()
        }}
    }
}

#[component]
fn ReadOnlyAdminUser(target: AdminUser) -> impl IntoView {
    let rows = [
        ("Identity", target.identity.clone()),
        ("Name", target.full_name()),
        ("Email", target.email.clone().unwrap_or_default()),
        ("Phone", target.phone1.clone().unwrap_or_default()),
        ("Positions", target.positions.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")),
    ];
    view! {
        <dl class="card max-w-3xl divide-y divide-slate-100" data-testid="admin-user-readonly">
            {rows.into_iter().map(|(k, v)| view! {
                <div class="grid grid-cols-3 gap-4 px-6 py-3 text-sm">
                    <dt class="font-medium text-slate-600">{k}</dt>
                    <dd class="col-span-2 text-slate-900">{v}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

#[island]
fn EditAdminUser(target: AdminUser, is_self: bool) -> impl IntoView {
    let update = ServerAction::<UpdateAdminUser>::new();
    let errors = RwSignal::new(FieldErrors::default());
    let refused = RwSignal::new(None::<String>);
    let first_name = RwSignal::new(target.first_name.clone().unwrap_or_default());
    let last_name = RwSignal::new(target.last_name.clone().unwrap_or_default());
    let email = RwSignal::new(target.email.clone().unwrap_or_default());
    let phone1 = RwSignal::new(target.phone1.clone().unwrap_or_default());
    let positions = RwSignal::new(target.positions.clone());
    let id = target.admin_user_id;
    Effect::new(move |_| {
        if let Some(saved) = answered(update.value().get(), errors, refused) {
            errors.set(FieldErrors::default());
            reload_saying(format!("Saved {}.", saved.identity));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = AdminUserEdit {
            admin_user_id: id,
            first_name: first_name.get(),
            last_name: last_name.get(),
            email: email.get(),
            phone1: phone1.get(),
            positions: positions.get(),
        };
        refused.set(None);
        let e = validate_edit(&edit);
        if e.is_empty() {
            errors.set(e);
            update.dispatch(UpdateAdminUser { edit });
        } else {
            errors.set(e);
        }
    };
    let locked = (is_self && target.positions.contains(&Position::TenantSystem))
        .then_some(Position::TenantSystem);
    view! {
        <form class="card max-w-3xl space-y-6 p-6" on:submit=submit novalidate>
            <h2 class="text-base font-semibold text-slate-900">"Details and positions"</h2>
            <div class="grid gap-4 sm:grid-cols-2">
                <TextField name="first_name" label="First name" value=first_name errors=errors required=true />
                <TextField name="last_name" label="Last name" value=last_name errors=errors required=true />
                <TextField name="email" label="Email" kind="email" value=email errors=errors required=true />
                <TextField name="phone1" label="Phone" kind="tel" value=phone1 errors=errors />
            </div>
            <PositionPicker selected=positions errors locked=locked />
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
            {move || update.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
            <div class="flex justify-end border-t border-slate-200 pt-4">
                <SubmitButton pending=update.pending() label="Save changes" busy="Saving…" />
            </div>
        </form>
    }
}

/// Deactivate or reactivate, and delete: each confirmed first.
#[island]
fn AccessActions(target: AdminUser, is_self: bool) -> impl IntoView {
    let set_status = ServerAction::<SetAdminUserStatus>::new();
    let delete = ServerAction::<DeleteAdminUser>::new();
    let confirm_status = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let id = target.admin_user_id;
    let identity = target.identity.clone();
    let active = target.status == AdminUserStatus::Active;
    Effect::new(move |_| match set_status.value().get() {
        Some(Ok(Outcome::Done(u))) => {
            reload_saying(format!(
                "{} is now {}.",
                u.identity,
                if u.status == AdminUserStatus::Active { "active" } else { "inactive" }
            ));
        }
        Some(Ok(Outcome::Refused(why))) => {
            confirm_status.set(false);
            refused.set(Some(why));
        }
        _ => {}
    });
    let ident = identity.clone();
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(Outcome::Done(()))) => {
            go_saying("/admin-users", format!("Admin user {ident} deleted."))
        }
        Some(Ok(Outcome::Refused(why))) => {
            confirm_delete.set(false);
            refused.set(Some(why));
        }
        _ => {}
    });
    let self_note = is_self.then(|| view! { <p class="text-xs text-slate-600">"You cannot deactivate or delete your own admin user."</p> });
    let status_error = move || set_status.value().get().and_then(|r| r.err());
    let delete_error = move || delete.value().get().and_then(|r| r.err());
    view! {
        <section class="card max-w-3xl space-y-4 p-6">
            <h2 class="text-base font-semibold text-slate-900">"Access"</h2>
            {self_note}
            {move || refused.get().map(|why| view! { <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="alert">{why}</p> })}
            <div class="flex flex-wrap gap-3">
                <button type="button" class="btn-secondary" disabled=is_self on:click=move |_| { refused.set(None); confirm_status.set(true) }>
                    {if active { "Deactivate" } else { "Reactivate" }}
                </button>
                <button type="button" class="btn-danger" disabled=is_self on:click=move |_| { refused.set(None); confirm_delete.set(true) }>
                    "Delete"
                </button>
            </div>
        </section>
        <ConfirmDialog open=confirm_status title=if active { format!("Deactivate {identity}?") } else { format!("Reactivate {identity}?") }
            confirm_label=if active { "Deactivate" } else { "Reactivate" } pending=set_status.pending() danger=active
            on_confirm=move || { set_status.dispatch(SetAdminUserStatus { admin_user_id: id, active: !active }); }>
            <p>{if active { "They will not be able to sign in, and lose access at their next request. You can reactivate them later." } else { "They will be able to sign in again with their existing credential." }}</p>
            {move || status_error().map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
        </ConfirmDialog>
        <ConfirmDialog open=confirm_delete title=format!("Delete {}?", target.identity) confirm_label="Delete admin user"
            pending=delete.pending() danger=true
            on_confirm=move || { delete.dispatch(DeleteAdminUser { admin_user_id: id }); }>
            <p>"The admin user is removed from Eclipse and loses access at their next request. This cannot be undone."</p>
            {move || delete_error().map(|error| view! { <div class="mt-3"><InlineError error /></div> })}
        </ConfirmDialog>
    }
}
