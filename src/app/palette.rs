//! The command palette (Ctrl+K, Cmd+K, or the top bar's "Search"): go to any page the position may see, or
//! find a customer (by name, phone, email, identity or passport number, or customer id) or a wallet (by id or
//! friendly id) as it is typed. The dialog is drawn here with the pages; `ui/js/palette.js` filters them and
//! asks `palette/find` for the rest.
use crate::{api::server_fns, auth::CurrentUser, eclipse::positions::Capability};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One thing found: its name, a line that says what it is and tells it apart, and where it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub label: String,
    pub detail: String,
    pub href: String,
}

/// The most customers one search shows.
pub const MAX_CUSTOMERS: u32 = 6;

server_fns! {
    "palette/find" => palette_find(q: String) -> Vec<Found> = ssr::find;
}

/// The pages the palette offers besides the navigation's, with what a position must be able to do.
const MORE_PAGES: &[(&str, &str, Capability)] = &[
    ("/audit/activity?view=default", "Audit: all activity", Capability::ManageTenant),
    ("/review/manual-kyc", "Manual KYC queue", Capability::ReviewKyc),
    ("/admin-users/new", "New admin user", Capability::ManageTenant),
    ("/wallet-types/new", "New wallet type", Capability::ManageTenant),
    ("/tenant/config/bulk", "Tenant settings in bulk", Capability::ManageTenant),
];

/// The top bar's "Search" button and the palette's dialog, with `pages` (href, label) the position may open.
#[component]
pub fn CommandPalette(user: CurrentUser, pages: Vec<(String, &'static str)>) -> impl IntoView {
    let more = MORE_PAGES.iter().filter(|(_, _, needs)| user.can(*needs));
    let options = pages
        .into_iter()
        .chain(more.map(|(href, label, _)| ((*href).to_owned(), *label)))
        .enumerate()
        .map(|(n, (href, label))| {
            view! {
                <li role="option" id=format!("palette-page-{n}") data-href=href data-palette-page="" aria-selected="false"
                    class="palette-option">
                    <span class="shrink-0 font-medium">{label}</span><span class="text-right text-xs text-slate-500">"Page"</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <button type="button" class="btn-secondary hidden items-center gap-2 py-1 sm:flex" data-palette-open=""
            aria-keyshortcuts="Control+K Meta+K" aria-haspopup="dialog" data-testid="palette-open">
            <span>"Go to…"</span>
            <kbd class="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">"Ctrl K"</kbd>
        </button>
        <dialog id="command-palette" data-palette="/api/palette/find" aria-labelledby="palette-title"
            class="mx-auto mt-[12vh] w-full max-w-xl rounded-xl bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40">
            <h2 id="palette-title" class="sr-only">"Go to a page, a customer or a wallet"</h2>
            <div class="border-b border-slate-200 p-3">
                <input type="text" role="combobox" class="input" autocomplete="off" spellcheck="false"
                    aria-label="Go to a page, customer or wallet" aria-controls="palette-results" aria-expanded="true"
                    aria-autocomplete="list" placeholder="A page, or a customer's name, phone, email, ID or passport, or a wallet id"
                    data-palette-input="" />
            </div>
            <ul id="palette-results" role="listbox" aria-label="Places to go" class="max-h-[50vh] overflow-y-auto p-2">
                {options}
            </ul>
            <p class="border-t border-slate-200 px-4 py-2 text-xs text-slate-600" role="status" data-palette-status="">
                "↑ ↓ to choose, Enter to open, Esc to close."
            </p>
        </dialog>
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{Found, MAX_CUSTOMERS};
    use crate::{
        auth::ssr::{require, Authed},
        customers::SearchBy,
        eclipse::{
            currencies::money,
            models::{Customer, ListParams, Wallet},
            positions::Capability,
            ErrorCode,
        },
        error::AppError,
        transfers::{parse_wallet_ref, wallet_named},
    };

    /// Customers and wallets `q` may name, customers first. Nothing for fewer than two characters.
    pub async fn find(q: String) -> Result<Vec<Found>, AppError> {
        let authed = require(Capability::ReadBasics).await?;
        let q = q.trim();
        if q.chars().count() < 2 || q.len() > 100 {
            return Ok(vec![]);
        }
        let by_id = q.parse::<i64>().ok().filter(|id| *id > 0 && q.len() <= 10);
        let wallet = parse_wallet_ref(q).filter(|_| q.chars().any(|c| c.is_ascii_digit()));
        let (matching, by_number, wallet) = tokio::join!(
            customers_matching(&authed, q),
            customer_numbered(&authed, by_id),
            async {
                match wallet {
                    Some(named) => wallet_named(&authed, named).await,
                    None => Ok(None),
                }
            }
        );
        let mut customers = by_number?.into_iter().collect::<Vec<_>>();
        customers.extend(matching?.into_iter().filter(|c| Some(c.customer_id) != by_id));
        let mut found: Vec<Found> = customers.iter().map(customer_found).collect();
        found.extend(wallet?.as_ref().map(wallet_found));
        Ok(found)
    }

    async fn customers_matching(authed: &Authed, q: &str) -> Result<Vec<Customer>, AppError> {
        let params = ListParams {
            limit: MAX_CUSTOMERS,
            sort: Some("lastName,asc".into()),
            filters: SearchBy::Any.filters(q),
            ..Default::default()
        };
        Ok(authed.answer(authed.eclipse.customers(&params).await).await?.items)
    }

    async fn customer_numbered(
        authed: &Authed,
        id: Option<i64>,
    ) -> Result<Option<Customer>, AppError> {
        let Some(id) = id else { return Ok(None) };
        match authed.eclipse.customer(id).await {
            Err(err) if err.is(ErrorCode::NotFound) => Ok(None),
            other => authed.answer(other).await.map(Some),
        }
    }

    /// A customer told apart by what staff know them by; never their identity number, which pages show only
    /// on the customer's record.
    fn customer_found(c: &Customer) -> Found {
        let known_by = [c.email.as_deref(), c.phone1.as_deref()].into_iter().flatten();
        let detail = std::iter::once(format!("Customer #{}", c.customer_id))
            .chain(known_by.map(str::to_owned))
            .chain([c.status.as_str().to_owned()])
            .collect::<Vec<_>>()
            .join(" · ");
        Found { label: c.full_name(), detail, href: format!("/customers/{}", c.customer_id) }
    }

    fn wallet_found(w: &Wallet) -> Found {
        let name = w.name.clone().unwrap_or_else(|| "Wallet".into());
        Found {
            label: format!("{name} {}", w.friendly_id),
            detail: format!(
                "Wallet #{} · customer #{} · {} · {}",
                w.wallet_id,
                w.customer_id,
                money(w.available_balance, &w.currency),
                w.status.as_str()
            ),
            href: format!("/wallets/{}", w.wallet_id),
        }
    }
}
