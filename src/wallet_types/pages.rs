use super::{
    form::WalletTypeFormView, get_wallet_type, list_wallet_types, WalletTypeForm, WalletTypeRow,
    SORTABLE,
};
use crate::{
    auth::use_current_user,
    eclipse::{models::Page, positions::Capability},
    error::AppError,
    ui::{
        error::ErrorPanel,
        layout::PageHeader,
        load::{record_of_route, Loaded},
        table::{use_list_state, Column, ListState, SearchCard, SortedTable},
    },
};
use leptos::prelude::*;

const DEFAULT_SORT: &str = "name";

#[component]
pub fn WalletTypesPage() -> impl IntoView {
    let can_manage = use_current_user().can(Capability::ManageTenant);
    let state = use_list_state(DEFAULT_SORT, SORTABLE);
    let types = Resource::new(move || state.get(), |s| list_wallet_types(s.query()));
    view! {
        <PageHeader title="Wallet types" subtitle="Templates of wallets: currency, limits, KYC level and cards.">
            {can_manage.then(|| view! { <a href="/wallet-types/new" class="btn-primary">"New wallet type"</a> })}
        </PageHeader>
        <SearchCard state default_sort=DEFAULT_SORT label="Search by name" placeholder="Search by name…">
            <Loaded resource=types inset=true children=move |page| view! { <WalletTypesTable page state /> } />
        </SearchCard>
    }
}

const COLUMNS: &[Column] = &[
    Column::sorted("Name", "name"),
    Column::sorted("Mode", "mode"),
    Column::sorted("Currency", "currency"),
    Column::sorted("KYC level", "kyc"),
    Column::sorted("Wallets", "wallets"),
];

#[component]
fn WalletTypesTable(page: Page<WalletTypeRow>, state: Memo<ListState>) -> impl IntoView {
    let shown = page.items.len();
    let total = page.total;
    let rows = page.items.into_iter().map(|row| {
        let t = row.wallet_type;
        view! {
            <tr class="hover:bg-slate-50">
                <td class="td font-medium"><a class="link" href=format!("/wallet-types/{}", t.wallet_type_id)>{t.name.clone()}</a></td>
                <td class="td font-mono text-xs">{t.mode.as_str()}</td>
                <td class="td">{t.attribute("Currency").unwrap_or("—").to_owned()}</td>
                <td class="td"><span class="badge bg-slate-100 text-slate-800 ring-slate-300">{t.kyc_level().as_str()}</span></td>
                <td class="td text-right tabular-nums" data-testid="wallet-count">{row.wallets}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <SortedTable state default_sort=DEFAULT_SORT columns=COLUMNS testid="wallet-types-table" shown total none="No wallet type matches.">
            {rows}
        </SortedTable>
    }
}

#[component]
pub fn NewWalletTypePage() -> impl IntoView {
    if !use_current_user().can(Capability::ManageTenant) {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <PageHeader title="New wallet type" subtitle="Every wallet created from it follows this template." />
        <WalletTypeFormView initial=WalletTypeForm::blank() can_manage=true />
    }.into_any()
}

#[component]
pub fn WalletTypePage() -> impl IntoView {
    let row = record_of_route(get_wallet_type);
    view! { <Loaded resource=row children=move |row| view! { <WalletTypeDetail row /> } /> }
}

#[component]
fn WalletTypeDetail(row: WalletTypeRow) -> impl IntoView {
    let can_manage = use_current_user().can(Capability::ManageTenant);
    let t = row.wallet_type;
    let in_use = match row.wallets {
        0 => "No wallet uses this type yet.".to_owned(),
        1 => "1 wallet uses this type.".to_owned(),
        n => format!("{n} wallets use this type."),
    };
    let subtitle = format!("{} · {in_use}", t.mode.as_str());
    view! {
        <PageHeader title=t.name.clone() subtitle=subtitle>
            <a href="/wallet-types" class="btn-secondary">"Back to wallet types"</a>
        </PageHeader>
        {(!can_manage).then(|| view! {
            <p class="mb-4 text-sm text-slate-600" data-testid="read-only-note">"You can view wallet types; only TENANT_SYSTEM changes them."</p>
        })}
        <WalletTypeFormView initial=WalletTypeForm::of(&t) can_manage deletable=(t.clone(), row.wallets) />
    }
}
