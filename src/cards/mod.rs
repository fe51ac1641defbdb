//! Cards: a customer's and a wallet's cards (PAN always masked), and their status: stop, block, reactivate.
pub mod fields;
pub mod link;
mod pin;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use fields::{physical_identifier, validate_card_choice, CardFields};
pub use link::LinkCardForm;
pub use pin::ResetPin;

use crate::api::server_fns;
use crate::{
    eclipse::models::{Card, CardStatus, PinReset},
    error::Outcome,
    ui::{load::LoadedList, status_change::StatusBadge, table::DataTable},
};
use leptos::prelude::*;

server_fns! {
    "cards/of_customer" => customer_cards(customer_id: i64) -> Vec<Card> = ssr::of_customer;
}

/// A card's statuses: (status, label, what it does).
pub const CARD_STATUSES: &[(&str, &str, &str)] = &[
    ("ACTIVE", "Active (reactivate)", "The card works again."),
    ("STOPPED", "Stopped", "A temporary stop; the card can be reactivated."),
    ("BLOCKED", "Blocked (fraud)", "Blocked for fraud: only TENANT_SYSTEM can reactivate it."),
];

server_fns! {
    "cards/set_status" =>
        set_card_status(card_id: i64, status: String, reason: String)
            -> Outcome<()> = ssr::set_status;
    /// Eclipse sets a new PIN and sends it to the customer by SMS; nobody at the tenant sees it.
    "cards/reset_pin" => reset_card_pin(card_id: i64, reason: String) -> Outcome<PinReset> = ssr::reset_pin;
}

/// The longest reason a PIN reset keeps in the audit log.
pub const PIN_REASON_MAX: usize = 200;

#[component]
pub fn CardStatusBadge(status: CardStatus) -> impl IntoView {
    view! { <StatusBadge status=status.as_str() testid="card-status" /> }
}

#[component]
pub fn CustomerCards(customer_id: i64) -> impl IntoView {
    let cards = Resource::new(|| (), move |_| customer_cards(customer_id));
    view! {
        <section class="card overflow-x-auto" tabindex="0" data-testid="cards">
            <LoadedList resource=cards none="The customer has no card." children=|cards| view! { <CardTable cards /> } />
        </section>
    }
}

/// Cards, PAN always masked.
#[component]
pub fn CardTable(cards: Vec<Card>) -> impl IntoView {
    let rows = cards.into_iter().map(|c| view! {
        <tr data-testid="card-row">
            <td class="td font-mono">{c.masked_pan.clone()}</td>
            <td class="td">{c.card_type.clone()}</td>
            <td class="td">{c.operation_type.as_str().replace('_', " ").to_lowercase()}</td>
            <td class="td"><CardStatusBadge status=c.status /></td>
            <td class="td tabular-nums"><a class="link" href=format!("/wallets/{}", c.wallet_id)>{c.wallet_id}</a></td>
            <td class="td text-slate-600">{crate::ui::format::date(&c.created)}</td>
        </tr>
    }).collect_view();
    view! {
        <DataTable labels=&["Card number", "Kind", "Operation", "Status", "Wallet", "Issued"]>{rows}</DataTable>
    }
}
