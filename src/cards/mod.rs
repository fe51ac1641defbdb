//! Cards: a customer's cards (PAN always masked). Linking and status changes come with issue 7's work.
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::{
    eclipse::models::{Card, CardStatus},
    error::AppError,
    ui::error::ErrorPanel,
    wallets::CardTable,
};
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "cards/of_customer")]
pub async fn customer_cards(customer_id: i64) -> Result<Vec<Card>, AppError> {
    ssr::of_customer(customer_id).await
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
