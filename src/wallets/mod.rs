//! Wallets: a customer's wallets, and a new wallet of a type the customer is eligible for, optionally with
//! its first card (virtual, or physical by QR code, pack id or — PCI-compliant tenants only — PAN).
pub mod create;
mod page;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use create::{NewWalletPanel, WalletSender};
pub use page::WalletPage;

pub use crate::eclipse::currencies::money;

use crate::api::server_fns;
use crate::{
    cards::validate_card_choice,
    eclipse::models::{
        Card, KycLevel, Reservation, Transaction, Wallet, WalletStatus, WalletType, Withdrawal,
    },
    error::{FieldErrors, Outcome},
    ui::{load::LoadedList, status_change::StatusBadge, table::DataTable},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The new-wallet form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WalletForm {
    pub wallet_type_id: i64,
    pub name: String,
    /// `none`, `virtual` or `physical`.
    pub card: String,
    /// For a physical card: `qrCode`, `packId` or `pan`.
    pub identify_by: String,
    pub identifier: String,
}

/// What the form offers this customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalletChoices {
    pub eligible: Vec<WalletType>,
    pub kyc_level: KycLevel,
    pub pci_compliant: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalletCreated {
    pub wallet: Wallet,
    pub cards: Vec<Card>,
}

/// A wallet with its type's name, as the customer's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerWallet {
    pub wallet: Wallet,
    pub type_name: String,
}

/// The form's rules (the server checks them again, PCI included).
pub fn validate_wallet_form(f: &WalletForm, pci_compliant: bool) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if f.wallet_type_id <= 0 {
        errors.add("wallet_type_id", "Choose a wallet type.");
    }
    if f.name.trim().chars().count() > 100 {
        errors.add("name", "At most 100 characters.");
    }
    validate_card_choice(&f.card, &f.identify_by, &f.identifier, pci_compliant, &mut errors);
    errors
}

server_fns! {
    "wallets/of_customer" =>
        customer_wallets(customer_id: i64) -> Vec<CustomerWallet> = ssr::of_customer;
    "wallets/options" => wallet_options(customer_id: i64) -> WalletChoices = ssr::options;
    /// `key` is fixed when the form opens: a retry carries the same `externalUniqueId` and finds the first
    /// attempt's wallet instead of making a second.
    "wallets/create" =>
        create_wallet(customer_id: i64, form: WalletForm, key: String)
            -> Outcome<WalletCreated> = ssr::create;
}

/// Everything the wallet page shows but the transactions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalletDetail {
    pub wallet: Wallet,
    pub type_name: String,
    /// The type's `barredWalletsAllowDeposits`: a barred wallet still accepts deposits.
    pub deposits_when_barred: bool,
    pub owner: String,
    pub reservations: Vec<Reservation>,
    pub withdrawals: Vec<Withdrawal>,
    pub cards: Vec<Card>,
    /// Whether a PAN may identify a physical card.
    pub pci_compliant: bool,
}

/// The transactions' filter, as typed: dates `YYYY-MM-DD` (UTC days, both inclusive), a type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxQuery {
    pub from: String,
    pub to: String,
    pub kind: String,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TxPage {
    pub rows: Vec<Transaction>,
    pub total: Option<u64>,
    /// The balance after each transaction of the period, oldest first, for the chart.
    pub points: Vec<BalancePoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalancePoint {
    pub date: chrono::DateTime<chrono::Utc>,
    pub balance: f64,
}

impl TxQuery {
    /// `?from=…&to=…&type=…` for the CSV download of the same period.
    pub fn query_string(&self) -> String {
        crate::ui::table::query_string(&[
            ("from", &self.from),
            ("to", &self.to),
            ("type", &self.kind),
        ])
    }
}

/// The day a `YYYY-MM-DD` names, if it names one.
pub fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

pub fn validate_tx_query(q: &TxQuery) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (field, value) in [("from", &q.from), ("to", &q.to)] {
        if !value.trim().is_empty() && parse_day(value).is_none() {
            errors.add(field, "A date as YYYY-MM-DD.");
        }
    }
    if let (Some(from), Some(to)) = (parse_day(&q.from), parse_day(&q.to)) {
        if from > to {
            errors.add("to", "The end is before the start.");
        }
    }
    if q.kind.chars().count() > 80
        || q.kind.trim().chars().any(|c| !(c.is_ascii_alphanumeric() || "._-*".contains(c)))
    {
        errors.add(
            "kind",
            "Letters, digits, dots, dashes and _ only (a trailing * matches the start).",
        );
    }
    errors
}

pub const WALLET_STATUSES: &[(&str, &str, &str)] = &[
    ("ACTIVE", "Active", "The wallet works normally again."),
    ("STOPPED", "Stopped", "No debits until it is made active again."),
    ("BARRED", "Barred", "No debits; deposits only if the wallet type allows them when barred."),
];

server_fns! {
    "wallets/get" => load_wallet_detail(wallet_id: i64) -> WalletDetail = ssr::detail;
    "wallets/transactions" =>
        wallet_transactions(wallet_id: i64, query: TxQuery) -> Outcome<TxPage> = ssr::transactions;
    "wallets/set_status" =>
        set_wallet_status(wallet_id: i64, status: String, reason: String)
            -> Outcome<()> = ssr::set_status;
}

#[component]
pub fn WalletStatusBadge(status: WalletStatus) -> impl IntoView {
    view! { <StatusBadge status=status.as_str() testid="wallet-status" /> }
}

/// The customer's wallets, and (for those who may) a new one.
#[island]
pub fn CustomerWallets(customer_id: i64, can_create: bool) -> impl IntoView {
    let created = RwSignal::new(0u32);
    let wallets = Resource::new(move || created.get(), move |_| customer_wallets(customer_id));
    view! {
        <div class="space-y-6">
            <section class="card overflow-x-auto" tabindex="0" data-testid="wallets">
                <LoadedList resource=wallets none="The customer has no wallet yet." children=|list| view! { <WalletTable list /> } />
            </section>
            {can_create.then(|| view! {
                <NewWalletPanel customer_id create=create::create_for_customer(customer_id) on_created=Callback::new(move |_| created.update(|n| *n += 1)) />
            })}
        </div>
    }
}

#[component]
fn WalletTable(list: Vec<CustomerWallet>) -> impl IntoView {
    let rows = list.into_iter().map(|CustomerWallet { wallet: w, type_name }| view! {
        <tr data-testid="wallet-row">
            <td class="td font-medium"><a class="link" href=format!("/wallets/{}", w.wallet_id)>{w.name.clone().unwrap_or_else(|| type_name.clone())}</a><span class="block font-mono text-xs text-slate-500">{w.friendly_id.clone()}</span></td>
            <td class="td">{type_name}</td>
            <td class="td"><WalletStatusBadge status=w.status /></td>
            <td class="td text-right tabular-nums">{money(w.current_balance, &w.currency)}</td>
            <td class="td text-right tabular-nums">{money(w.available_balance, &w.currency)}</td>
            <td class="td text-slate-600">{crate::ui::format::date(&w.created)}</td>
        </tr>
    }).collect_view();
    view! {
        <DataTable labels=&["Wallet", "Type", "Status", "Current balance", "Available", "Opened"]
            right=&["Current balance", "Available"]>{rows}</DataTable>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pan_needs_a_pci_tenant_and_a_valid_number() {
        let form = WalletForm {
            wallet_type_id: 1,
            card: "physical".into(),
            identify_by: "pan".into(),
            identifier: "4111 1111 1111 1111".into(),
            ..Default::default()
        };
        assert!(validate_wallet_form(&form, true).is_empty());
        assert!(validate_wallet_form(&form, false).get("identify_by").unwrap().contains("not PCI"));
        let bad = WalletForm { identifier: "4111 1111 1111 1112".into(), ..form.clone() };
        assert!(validate_wallet_form(&bad, true).get("identifier").is_some());
        let qr = WalletForm { identify_by: "qrCode".into(), identifier: "QR-0001".into(), ..form };
        assert!(validate_wallet_form(&qr, false).is_empty());
    }
}
