//! The wallet page: balances and why they differ, status (and its change), reservations, withdrawals, the
//! wallet's cards with their status, and the transactions of a date range.
use super::{
    load_wallet_detail, wallet_transactions, BalancePoint, SetWalletStatus, TxPage, TxQuery,
    WalletDetail, WalletStatusBadge, WALLET_STATUSES,
};
use crate::ui::table::list_filters;
use crate::{
    auth::use_current_user,
    cards::{CardStatusBadge, LinkCardForm, ResetPin, SetCardStatus, CARD_STATUSES},
    eclipse::{
        currencies::money,
        models::{Card, CardStatus, Reservation, WalletStatus, Withdrawal},
        positions::Capability,
    },
    error::{AppError, Outcome},
    transfers::TransferPanel,
    ui::{
        form::ToggleButton,
        layout::PageHeader,
        load::{record_of_route, route_id, Loaded},
        status_change::StatusChangeForm,
        table::{use_list_state_with, DataTable, FilterField, ListState, PagedCard},
    },
};
use leptos::prelude::*;

list_filters!(TX_FILTERS, tx_query -> TxQuery { from: "from", to: "to", kind: "type" });

#[component]
pub fn WalletPage() -> impl IntoView {
    let id = route_id();
    let detail = record_of_route(load_wallet_detail);
    let state = use_list_state_with("date", &["date"], TX_FILTERS);
    let transactions = Resource::new(
        move || (id(), state.get()),
        |(id, s)| async move {
            match id {
                Some(id) => wallet_transactions(id, tx_query(&s)).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let can_change = use_current_user().can(Capability::ChangeStatus);
    view! {
        <Loaded resource=detail children=move |detail| view! { <WalletSummary detail can_change /> } />
        <section class="mt-6" aria-labelledby="tx-heading">
            <div class="mb-3 flex flex-wrap items-center justify-between gap-3">
                <h2 id="tx-heading" class="text-base font-semibold text-slate-900">"Transactions"</h2>
                {move || id().map(|id| view! {
                    <a class="btn-secondary" download data-testid="tx-csv"
                        href=move || format!("/wallets/{id}/transactions.csv{}", tx_query(&state.get()).query_string())>"Download CSV"</a>
                })}
            </div>
            <TxFilterForm state />
            <Loaded resource=transactions children=move |answer| view! { <TxTable answer state /> } />
        </section>
    }
}

#[component]
fn WalletSummary(detail: WalletDetail, can_change: bool) -> impl IntoView {
    let w = detail.wallet.clone();
    let title = w.name.clone().unwrap_or_else(|| detail.type_name.clone());
    let subtitle = format!(
        "{} · {} · {} · opened {}",
        w.friendly_id,
        detail.type_name,
        detail.owner,
        crate::ui::format::date(&w.created)
    );
    let reserved = w.current_balance - w.available_balance;
    let why = if detail.reservations.is_empty() {
        "Nothing is reserved: current and available are the same.".to_owned()
    } else {
        format!("{} held by {} reservation(s) until they are settled or expire: available = current − reserved.", money(reserved, &w.currency), detail.reservations.len())
    };
    let barred_note =
        (w.status == WalletStatus::Barred).then_some(if detail.deposits_when_barred {
            "Barred: no debits; deposits still accepted (the wallet type allows them)."
        } else {
            "Barred: no debits and no deposits."
        });
    let wallet_id = w.wallet_id;
    let customer_href = format!("/customers/{}?tab=wallets", w.customer_id);
    view! {
        <PageHeader title subtitle>
            <a href=customer_href class="btn-secondary">"The customer"</a>
        </PageHeader>
        <div class="grid gap-4 md:grid-cols-4" data-testid="balances">
            <Figure label="Current balance" value=money(w.current_balance, &w.currency) testid="current" />
            <Figure label="Available" value=money(w.available_balance, &w.currency) testid="available" />
            <Figure label="Reserved" value=money(reserved, &w.currency) testid="reserved" />
            <div class="card p-4">
                <p class="text-xs font-medium uppercase text-slate-500">"Status"</p>
                <p class="mt-1"><WalletStatusBadge status=w.status /></p>
                {barred_note.map(|n| view! { <p class="mt-2 text-xs text-slate-700" data-testid="barred-note">{n}</p> })}
            </div>
        </div>
        <p class="mt-2 text-sm text-slate-600" data-testid="balance-why">{why}</p>
        {can_change.then(|| view! {
            <section class="card mt-4 p-4" aria-labelledby="transfer-heading">
                <h2 id="transfer-heading" class="mb-3 text-sm font-semibold text-slate-900">"Transfer money from this wallet"</h2>
                <TransferPanel from_wallet_id=wallet_id decimals=crate::eclipse::currencies::decimals(&w.currency).unwrap_or(2) currency=w.currency.clone() />
            </section>
        })}
        {can_change.then(|| view! {
            <section class="card mt-4 p-4">
                <h2 class="mb-3 text-sm font-semibold text-slate-900">"Wallet status"</h2>
                <WalletStatusChange wallet_id friendly_id=w.friendly_id.clone() current=w.status />
            </section>
        })}
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <Reservations list=detail.reservations.clone() currency=w.currency.clone() />
            <Withdrawals list=detail.withdrawals.clone() />
        </div>
        <WalletCards cards=detail.cards can_change />
        {can_change.then(|| view! {
            <section class="card mt-4 p-4">
                <h2 class="mb-3 text-sm font-semibold text-slate-900">"Link a card to this wallet"</h2>
                <LinkCardForm wallet_id pci_compliant=detail.pci_compliant />
            </section>
        })}
    }
}

/// The wallet's status form; a change loads the page again, so balances and notes follow it.
#[island]
fn WalletStatusChange(wallet_id: i64, friendly_id: String, current: WalletStatus) -> impl IntoView {
    let set = ServerAction::<SetWalletStatus>::new();
    let answer = Signal::derive(move || set.value().get());
    view! {
        <StatusChangeForm subject=format!("wallet {friendly_id}") id_prefix="wallet".to_owned() current=current.as_str() choices=WALLET_STATUSES.to_vec()
            send=Callback::new(move |(status, reason)| { set.dispatch(SetWalletStatus { wallet_id, status, reason }); })
            pending=set.pending() answer on_done=Callback::new(|_| crate::ui::client::reload()) />
    }
}

#[component]
fn Figure(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    view! {
        <div class="card p-4">
            <p class="text-xs font-medium uppercase text-slate-500">{label}</p>
            <p class="mt-1 text-lg font-semibold tabular-nums text-slate-900" data-testid=testid>{value}</p>
        </div>
    }
}

/// A titled card of the wallet page: its list (`children`), or `none` when the list is empty.
#[component]
fn Listing(
    #[prop(default = "card overflow-x-auto")] class: &'static str,
    testid: &'static str,
    title: &'static str,
    empty: bool,
    none: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class=class data-testid=testid tabindex="0">
            <h2 class="px-4 pt-4 text-sm font-semibold text-slate-900">{title}</h2>
            {if empty {
                view! { <p class="p-4 text-sm text-slate-600">{none}</p> }.into_any()
            } else {
                children()
            }}
        </section>
    }
}

#[component]
fn Reservations(list: Vec<Reservation>, currency: String) -> impl IntoView {
    let empty = list.is_empty();
    let rows = list.into_iter().map(|r| view! {
        <tr>
            <td class="td">{r.description}</td>
            <td class="td whitespace-nowrap text-right tabular-nums">{money(r.amount, &currency)}</td>
            <td class="td whitespace-nowrap">{crate::ui::format::date_time(&r.expires)}</td>
        </tr>
    }).collect_view();
    view! {
        <Listing testid="reservations" title="Reservations" empty none="No reservation.">
            <DataTable class="w-full text-sm" labels=&["What", "Amount", "Expires (UTC)"] right=&["Amount"]>{rows}</DataTable>
        </Listing>
    }
}

#[component]
fn Withdrawals(list: Vec<Withdrawal>) -> impl IntoView {
    let empty = list.is_empty();
    let rows = list.into_iter().map(|w| view! {
        <tr data-testid="withdrawal-row">
            <td class="td">{w.kind.clone()}</td>
            <td class="td whitespace-nowrap text-right tabular-nums">{money(w.amount, &w.currency)}</td>
            <td class="td" data-testid="withdrawal-status">{w.status.as_str()}</td>
            <td class="td whitespace-nowrap">{crate::ui::format::date(&w.created)}</td>
        </tr>
    }).collect_view();
    view! {
        <Listing testid="withdrawals" title="Withdrawals" empty none="No withdrawal.">
            <DataTable class="w-full text-sm" labels=&["Type", "Amount", "Status", "Created"] right=&["Amount"]>{rows}</DataTable>
        </Listing>
    }
}

#[component]
fn WalletCards(cards: Vec<Card>, can_change: bool) -> impl IntoView {
    let empty = cards.is_empty();
    let rows = cards.into_iter().map(|card| view! { <CardLine card can_change /> }).collect_view();
    view! {
        <Listing class="card mt-6 overflow-x-auto" testid="wallet-cards" title="Cards" empty none="No card is linked to this wallet.">
            <div class="divide-y divide-slate-100">{rows}</div>
        </Listing>
    }
}

/// One card, with its status form behind "Change status…"; a change loads the page again.
#[island]
fn CardLine(card: Card, can_change: bool) -> impl IntoView {
    let open = RwSignal::new(false);
    let set = ServerAction::<SetCardStatus>::new();
    let answer = Signal::derive(move || set.value().get());
    let card_id = card.card_id;
    let subject = format!("card {}", card.masked_pan);
    view! {
        <div class="p-4" data-testid="card-row">
            <div class="flex flex-wrap items-center gap-3 text-sm">
                <span class="font-mono">{card.masked_pan.clone()}</span>
                <span class="text-slate-600">{card.card_type.clone()}" · "{card.operation_type.as_str().replace('_', " ").to_lowercase()}</span>
                <CardStatusBadge status=card.status />
                {can_change.then(|| view! {
                    <ToggleButton open label="Change status…" class="link text-xs" />
                })}
                {(can_change && card.status != CardStatus::Blocked).then(|| view! {
                    <ResetPin card_id masked_pan=card.masked_pan.clone() />
                })}
            </div>
            <Show when=move || open.get()>
                <div class="mt-3">
                    <StatusChangeForm subject=subject.clone() id_prefix=format!("card-{card_id}") current=card.status.as_str() choices=CARD_STATUSES.to_vec()
                        send=Callback::new(move |(status, reason)| { set.dispatch(SetCardStatus { card_id, status, reason }); })
                        pending=set.pending() answer on_done=Callback::new(|_| crate::ui::client::reload()) />
                </div>
            </Show>
        </div>
    }
}

#[component]
fn TxFilterForm(state: Memo<ListState>) -> impl IntoView {
    view! {
        <form method="GET" action="" class="card mb-3 flex flex-wrap items-end gap-4 p-4" aria-label="Filter the transactions">
            <FilterField state form="tx" name="from" label="From (UTC day)" kind="date" />
            <FilterField state form="tx" name="to" label="To (UTC day, included)" kind="date" />
            <FilterField state form="tx" name="type" label="Type (e.g. deposit, or tfr.debit*)" />
            <button type="submit" class="btn-secondary" data-pending="Showing…">"Show"</button>
        </form>
    }
}

#[component]
fn TxTable(answer: Outcome<TxPage>, state: Memo<ListState>) -> impl IntoView {
    let page = match answer {
        Outcome::Done(page) => page,
        Outcome::Invalid(errors) => {
            let lines = errors.0.into_iter().map(|e| view! { <li data-testid=format!("error-{}", e.field)>{format!("{}: {}", e.field, e.message)}</li> }).collect_view();
            return view! { <ul class="card list-disc space-y-1 p-4 pl-8 text-sm text-red-800" role="alert">{lines}</ul> }.into_any();
        }
        _ => return ().into_any(),
    };
    let shown = page.rows.len();
    let chart = page.rows.first().map(|first| {
        view! { <BalanceChart points=page.points.clone() currency=first.currency.clone() /> }
    });
    let rows = page.rows.into_iter().map(|t| view! {
        <tr data-testid="tx-row">
            <td class="td whitespace-nowrap">{crate::ui::format::date_time(&t.date)}</td>
            <td class="td">{t.kind.clone()}</td>
            <td class="td">{t.description.clone()}</td>
            <td class="td text-right tabular-nums" class:text-red-700={t.amount < 0.0}>{money(t.amount, &t.currency)}</td>
            <td class="td text-right tabular-nums">{money(t.balance, &t.currency)}</td>
        </tr>
    }).collect_view();
    view! {
        {chart}
        <PagedCard state default_sort="date" shown total=page.total none="No transaction in this range." none_testid="tx-empty">
            <DataTable class="w-full text-sm" testid="transactions" labels=&["Date (UTC)", "Type", "Description", "Amount", "Balance after"]
                right=&["Amount", "Balance after"]>
                {rows}
            </DataTable>
        </PagedCard>
    }
    .into_any()
}

/// The balance over the period, after each transaction: a line scaled to the period's lowest and highest.
#[component]
fn BalanceChart(points: Vec<BalancePoint>, currency: String) -> impl IntoView {
    if points.len() < 2 {
        return ().into_any();
    }
    const W: f64 = 600.0;
    const H: f64 = 140.0;
    let (low, high) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.balance), hi.max(p.balance)));
    let span = if high > low { high - low } else { 1.0 };
    let step = W / (points.len() - 1) as f64;
    let line = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", i as f64 * step, H - (p.balance - low) / span * H))
        .collect::<Vec<_>>()
        .join(" ");
    let first = points.first().map(|p| crate::ui::format::date(&p.date)).unwrap_or_default();
    let last = points.last().map(|p| crate::ui::format::date(&p.date)).unwrap_or_default();
    let summary = format!(
        "Balance from {first} to {last}: lowest {}, highest {}.",
        money(low, &currency),
        money(high, &currency)
    );
    view! {
        <figure class="card mb-3 p-4" data-testid="balance-chart">
            <svg viewBox=format!("0 0 {W} {H}") class="h-36 w-full" preserveAspectRatio="none" role="img" aria-label=summary.clone()>
                <polyline points=line fill="none" stroke="currentColor" stroke-width="2" vector-effect="non-scaling-stroke" class="text-sky-700" />
            </svg>
            <figcaption class="mt-2 flex justify-between text-xs text-slate-600">
                <span>{first}</span><span>{summary.clone()}</span><span>{last}</span>
            </figcaption>
        </figure>
    }
    .into_any()
}
