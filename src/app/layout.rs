//! The signed-in shell: top bar (tenant, theme, user, position, sign-out), side navigation filtered by position,
//! the idle-session warning, and the page itself.
use super::{palette::CommandPalette, session_timer::SessionTimer};
use crate::{
    auth::{fetch_current_user, CurrentUser, Logout, Theme},
    eclipse::positions::Capability,
    error::AppError,
    review::review_waiting,
    saved_views::ListKind,
    ui::{error::ErrorPanel, icons::BrandMark},
};
use leptos::prelude::*;
use leptos_router::{
    components::{Outlet, A},
    hooks::use_location,
};

/// One entry of the side navigation: shown only to positions that may use it.
struct NavItem {
    href: &'static str,
    label: &'static str,
    needs: Capability,
}

const NAV: &[NavItem] = &[
    NavItem { href: "/", label: "Dashboard", needs: Capability::ReadBasics },
    NavItem { href: "/customers", label: "Customers", needs: Capability::ReadBasics },
    NavItem { href: "/onboarding", label: "Onboarding", needs: Capability::EditCustomers },
    NavItem { href: "/review", label: "Review queue", needs: Capability::ReviewKyc },
    NavItem { href: "/transfers", label: "Transfer requests", needs: Capability::ChangeStatus },
    NavItem { href: "/disbursements", label: "Disbursements", needs: Capability::ChangeStatus },
    NavItem { href: "/reports", label: "Reports", needs: Capability::ReadBasics },
    NavItem { href: "/tenant", label: "Tenant", needs: Capability::ReadBasics },
    NavItem { href: "/wallet-types", label: "Wallet types", needs: Capability::ReadBasics },
    NavItem { href: "/admin-users", label: "Admin users", needs: Capability::ReadBasics },
    NavItem { href: "/audit", label: "Audit", needs: Capability::ManageTenant },
];

#[component]
pub fn Shell() -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| fetch_current_user());
    // Created here, beside the user, so the server and the browser number it alike; read again on every
    // navigation, so a decision shows in the count at once.
    let location = use_location();
    let waiting = Resource::new(move || location.pathname.get(), |_| review_waiting());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => {
                        provide_context(user.number_locale);
                        provide_context(user.clone());
                        view! { <Layout user waiting /> }.into_any()
                    }
                    Ok(None) => view! { <ErrorPanel error=AppError::Unauthenticated /> }.into_any(),
                    Err(error) => view! { <main class="p-8"><ErrorPanel error /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Layout(user: CurrentUser, waiting: Resource<Result<Option<u64>, AppError>>) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let location = use_location();
    let pages: Vec<(String, &'static str)> = NAV
        .iter()
        .filter(|item| user.can(item.needs))
        .map(|item| (opening_href(item.href), item.label))
        .collect();
    let nav = NAV.iter().filter(|item| user.can(item.needs)).map(|item| {
        let href = item.href;
        let opens = opening_href(href);
        let active = move || {
            let here = location.pathname.get();
            here == href || (href != "/" && here.starts_with(href))
        };
        view! {
            <A href=opens attr:class=move || if active() { "nav-link nav-link-active" } else { "nav-link" }>
                {item.label}
                {(href == "/review").then(|| view! { <WaitingCount waiting /> })}
            </A>
        }
    }).collect_view();
    let positions = user.positions.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ");
    view! {
        <div class="min-h-screen bg-slate-100 text-slate-900" data-theme=user.theme.as_str() data-theme-root=""
            data-number-locale=user.number_locale.tag()>
            <header class="sticky top-0 z-30 border-b border-slate-200 bg-white">
                <div class="flex h-14 items-center justify-between px-4 sm:px-6">
                    <a href="/" class="flex items-center gap-2 text-slate-900">
                        <BrandMark />
                        <span class="font-semibold tracking-tight">"Eclipse Admin"</span>
                        <span class="ml-2 hidden rounded-md bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 sm:inline" data-testid="tenant-name">
                            {user.tenant_name.clone()}
                        </span>
                    </a>
                    <div class="flex items-center gap-4">
                        <CommandPalette user=user.clone() pages />
                        <ThemeSwitch current=user.theme />
                        <div class="text-right leading-tight">
                            <p class="text-sm font-medium text-slate-900" data-testid="user-identity">{user.identity.clone()}</p>
                            <p class="text-xs text-slate-600" data-testid="user-positions">{positions}</p>
                        </div>
                        <ActionForm action=logout>
                            <button type="submit" class="btn-secondary" data-pending="Signing out…">"Sign out"</button>
                        </ActionForm>
                    </div>
                </div>
            </header>
            <div class="flex">
                <nav class="hidden w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-4 md:block min-h-[calc(100vh-3.5rem)]" aria-label="Main">
                    {nav}
                </nav>
                <main class="min-w-0 flex-1 px-4 py-6 sm:px-8">
                    <Outlet />
                </main>
            </div>
            <SessionTimer idle_secs=user.idle_timeout_secs warning_secs=user.warning_secs />
        </div>
    }
}

/// Where a page of the navigation opens: a list with saved views on the admin's default one.
fn opening_href(href: &str) -> String {
    ListKind::of_path(href).map_or_else(|| href.to_owned(), ListKind::opening_href)
}

/// How many results await review, beside "Review queue".
#[component]
fn WaitingCount(waiting: Resource<Result<Option<u64>, AppError>>) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                waiting.await.ok().flatten().map(|n| view! {
                    <span class="ml-auto rounded-full bg-sky-100 px-2 py-0.5 text-xs font-semibold text-sky-800" data-testid="review-count"
                        aria-label=format!("{n} awaiting review")>{n}</span>
                })
            })}
        </Transition>
    }
}

/// The admin's theme: a plain form (no island, so a page without islands still loads no WebAssembly), which
/// `js/theme.js` applies and sends as it changes; without the script, "Apply" sends it.
#[component]
fn ThemeSwitch(current: Theme) -> impl IntoView {
    let options = Theme::ALL
        .map(|t| view! { <option value=t.as_str() selected=t == current>{t.label()}</option> })
        .collect_view();
    view! {
        <form method="post" action="/api/preferences/theme" data-theme-switch=""
            class="hidden items-center gap-2 text-sm text-slate-700 sm:flex">
            <label class="flex items-center gap-2">
                <span>"Theme"</span>
                <select name="theme" class="input w-auto py-1" data-testid="theme">{options}</select>
            </label>
            <noscript><button type="submit" class="btn-secondary">"Apply"</button></noscript>
        </form>
    }
}
