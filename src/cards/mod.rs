//! Cards: a customer's and a wallet's cards (PAN always masked), and their status: stop, block, reactivate.
pub mod link;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use link::LinkCardForm;

use crate::{
    eclipse::models::{Card, CardStatus},
    error::{AppError, Outcome},
    ui::error::ErrorPanel,
    wallets::CardTable,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[server(prefix = "/api", endpoint = "cards/of_customer")]
pub async fn customer_cards(customer_id: i64) -> Result<Vec<Card>, AppError> {
    ssr::of_customer(customer_id).await
}

/// A card's statuses: (status, label, what it does).
pub const CARD_STATUSES: &[(&str, &str, &str)] = &[
    ("ACTIVE", "Active (reactivate)", "The card works again."),
    ("STOPPED", "Stopped", "A temporary stop; the card can be reactivated."),
    ("BLOCKED", "Blocked (fraud)", "Blocked for fraud: only TENANT_SYSTEM can reactivate it."),
];

#[server(prefix = "/api", endpoint = "cards/set_status")]
pub async fn set_card_status(card_id: i64, status: String, reason: String) -> Result<Outcome<()>, AppError> {
    ssr::set_status(card_id, status, reason).await
}

#[component]
pub fn CardStatusBadge(status: CardStatus) -> impl IntoView {
    let class = match status {
        CardStatus::Active => "badge bg-emerald-50 text-emerald-800 ring-emerald-200",
        CardStatus::Stopped => "badge bg-amber-50 text-amber-800 ring-amber-200",
        CardStatus::Blocked => "badge bg-red-50 text-red-800 ring-red-200",
    };
    view! { <span class=class data-testid="card-status">{status.as_str()}</span> }
}

#[component]
pub fn CustomerCards(customer_id: i64) -> impl IntoView {
    let cards = Resource::new(|| (), move |_| customer_cards(customer_id));
    view! {
        <section class="card overflow-x-auto" data-testid="cards">
            <Transition fallback=|| view! { <p class="p-4 text-sm text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(list) if list.is_empty() => view! { <p class="p-6 text-sm text-slate-600">"The customer has no card."</p> }.into_any(),
                        Ok(list) => view! { <CardTable cards=list /> }.into_any(),
                        Err(error) => view! { <div class="p-4"><ErrorPanel error /></div> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
