//! The app shell, on top of every domain: the HTML document, the routes, the signed-in layout (navigation
//! by position, the user, the review count, the idle warning), and the pages composed of several domains.
mod customer_page;
mod dashboard;
mod layout;
pub mod palette;
mod session_timer;
mod sign_in;

use crate::{
    activity::ActivityLogPage,
    admin_users::{AdminUserPage, AdminUsersPage, NewAdminUserPage},
    customers::CustomersPage,
    onboarding::{OnboardingListPage, OnboardingPage},
    reports::ReportsPage,
    review::{AuditPage, ManualKycQueuePage, ReviewPage, ReviewQueuePage},
    tenant::{ConfigBulkPage, TenantPage},
    transfers::{DisbursementPage, DisbursementsPage, TransferRequestsPage},
    ui::{error::NotFoundPage, hydration_script::HydrateAfterFirstPaint, toast::ToastHost},
    wallet_types::{NewWalletTypePage, WalletTypePage, WalletTypesPage},
    wallets::WalletPage,
};
use customer_page::CustomerPage;
use layout::Shell;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};
use sign_in::{LoginPage, SecondFactorPage};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ui::csp::send_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrateAfterFirstPaint options />
                <MetaTags />
            </head>
            // The signed-in layout names the admin's own theme; elsewhere the browser's setting is followed.
            <body class="bg-slate-100 text-slate-900 antialiased" data-theme="system">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Pages render completely on the server (Async): they work without JavaScript, and a redirect to
    // sign-in can still be sent as a real HTTP redirect.
    view! {
        <Title text="Eclipse Admin" />
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/login/second-factor") view=SecondFactorPage ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                    <Route path=path!("/") view=dashboard::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/admin-users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin-users/new") view=NewAdminUserPage ssr=SsrMode::Async />
                    <Route path=path!("/admin-users/:id") view=AdminUserPage ssr=SsrMode::Async />
                    <Route path=path!("/customers") view=CustomersPage ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id") view=CustomerPage ssr=SsrMode::Async />
                    <Route path=path!("/onboarding") view=OnboardingListPage ssr=SsrMode::Async />
                    <Route path=path!("/onboarding/:id") view=OnboardingPage ssr=SsrMode::Async />
                    <Route path=path!("/wallets/:id") view=WalletPage ssr=SsrMode::Async />
                    <Route path=path!("/transfers") view=TransferRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/disbursements") view=DisbursementsPage ssr=SsrMode::Async />
                    <Route path=path!("/disbursements/:batch_id") view=DisbursementPage ssr=SsrMode::Async />
                    <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/review") view=ReviewQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/review/manual-kyc") view=ManualKycQueuePage ssr=SsrMode::Async />
                    <Route path=path!("/review/:id") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/audit/activity") view=ActivityLogPage ssr=SsrMode::Async />
                    <Route path=path!("/tenant") view=TenantPage ssr=SsrMode::Async />
                    <Route path=path!("/tenant/config/bulk") view=ConfigBulkPage ssr=SsrMode::Async />
                    <Route path=path!("/wallet-types") view=WalletTypesPage ssr=SsrMode::Async />
                    <Route path=path!("/wallet-types/new") view=NewWalletTypePage ssr=SsrMode::Async />
                    <Route path=path!("/wallet-types/:id") view=WalletTypePage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
        <ToastHost />
    }
}
