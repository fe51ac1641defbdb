//! The customer search: results follow the typing (debounced), and the search lives in the URL, so back
//! and reload keep it. Without JavaScript the same form searches on submit.
use crate::api::server_fns;
use crate::{
    eclipse::models::{Customer, CustomerStatus, KycLevel, Page},
    saved_views::{ListKind, SavedViews},
    ui::{
        layout::PageHeader,
        load::Loaded,
        status_change::StatusBadge,
        table::{
            use_list_state_with, Column, ColumnChoice, KeepOrder, ListQuery, ListState, SortedTable,
        },
    },
    validate,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

pub const SORTABLE: &[&str] = &["name", "created"];

/// Which field a search looks in.
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SearchBy {
    /// Worked out from what was typed.
    #[default]
    Any,
    Name,
    Email,
    Phone,
    #[strum(serialize = "id")]
    NationalId,
    Passport,
}

impl SearchBy {
    /// Its name in the URL (`?by=id`).
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            SearchBy::Any => "Anything",
            SearchBy::Name => "Name",
            SearchBy::Email => "Email",
            SearchBy::Phone => "Phone",
            SearchBy::NationalId => "Identity number",
            SearchBy::Passport => "Passport number",
        }
    }

    pub fn parse(key: &str) -> SearchBy {
        key.parse().unwrap_or_default()
    }

    /// What `Any` means for this text: an email has an `@`; 13 digits that pass the Luhn check are a South
    /// African identity number; other runs of 9 to 15 digits are a phone; letters with digits a passport;
    /// anything else a name.
    pub fn resolve(self, q: &str) -> SearchBy {
        if self != SearchBy::Any {
            return self;
        }
        let q = q.trim();
        let digits: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
        let only_digits = q.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if q.contains('@') {
            SearchBy::Email
        } else if only_digits && digits.len() == 13 && validate::sa_id_luhn_ok(&digits) {
            SearchBy::NationalId
        } else if only_digits && (9..=15).contains(&digits.len()) {
            SearchBy::Phone
        } else if q.chars().any(|c| c.is_ascii_digit())
            && q.chars().any(|c| c.is_alphabetic())
            && !q.contains(' ')
        {
            SearchBy::Passport
        } else {
            SearchBy::Name
        }
    }

    /// Eclipse's search parameters for `q` (API.md: names and email by prefix, numbers exactly, phones in
    /// either form). A name of two or more words is a first name and a surname.
    pub fn filters(self, q: &str) -> Vec<(String, String)> {
        let q = q.trim();
        if q.is_empty() {
            return vec![];
        }
        let one = |k: &str, v: &str| vec![(k.to_owned(), v.to_owned())];
        match self.resolve(q) {
            SearchBy::Email => one("email", q),
            SearchBy::Phone => {
                one("phone1", &q.chars().filter(|c| c.is_ascii_digit()).collect::<String>())
            }
            SearchBy::NationalId => one("nationalIdentityNumber", &q.replace(' ', "")),
            SearchBy::Passport => one("passportNumber", q),
            SearchBy::Name | SearchBy::Any => match q.rsplit_once(' ') {
                Some((first, last)) => vec![
                    ("firstName".into(), first.trim().to_owned()),
                    ("lastName".into(), last.trim().to_owned()),
                ],
                None => one("lastName", q),
            },
        }
    }
}

/// A page of results, and the field the search looked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResult {
    pub page: Page<Customer>,
    pub by: SearchBy,
}

server_fns! {
    "customers/search" =>
        search_customers(query: ListQuery, by: SearchBy, status: String, kyc: String) -> SearchResult = ssr::search;
}

const DEFAULT_SORT: &str = "name";

#[component]
pub fn CustomersPage() -> impl IntoView {
    let state = use_list_state_with(DEFAULT_SORT, SORTABLE, &["by", "status", "kyc"]);
    let results = Resource::new(
        move || state.get(),
        |s| {
            let by = SearchBy::parse(s.filter("by"));
            search_customers(
                s.query(),
                by,
                s.filter("status").to_owned(),
                s.filter("kyc").to_owned(),
            )
        },
    );
    view! {
        <PageHeader title="Customers" subtitle="Search by name, email, phone, identity number or passport number." />
        <div class="mb-3 flex flex-wrap items-start justify-between gap-3">
            <SavedViews list=ListKind::Customers />
            <ColumnChoice state default_sort=DEFAULT_SORT columns=COLUMNS />
        </div>
        <div class="card">
            <SearchForm state=state.get_untracked() />
            <div id=RESULTS_ID>
                <Loaded resource=results inset=true children=move |result| view! { <CustomersTable result state /> } />
            </div>
        </div>
    }
}

/// A GET form; with JavaScript, the results follow the typing after a short pause (the bootstrap script's
/// `data-live`): they are replaced in place, so the box keeps the focus, and the address follows without
/// adding history entries. The order is kept; the page goes back to the first.
#[component]
fn SearchForm(state: ListState) -> impl IntoView {
    let by = SearchBy::parse(state.filter("by"));
    view! {
        <form method="GET" action="" class="flex flex-wrap items-end gap-3 border-b border-slate-200 p-4" role="search" data-live=RESULTS_ID>
            <div class="min-w-64 flex-1">
                <label for="q" class="label">"Search"</label>
                <input id="q" name="q" type="search" class="input" autocomplete="off" placeholder="e.g. Dlamini, 0821234567, thandi@example.com"
                    value=state.q.clone() />
            </div>
            <div>
                <label for="by" class="label">"Look in"</label>
                <select id="by" name="by" class="input">
                    {SearchBy::VARIANTS.iter().map(|&b| view! { <option value=b.key() selected=b == by>{b.label()}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="status" class="label">"Status"</label>
                <select id="status" name="status" class="input">
                    <option value="">"Active or barred"</option>
                    {CustomerStatus::VARIANTS.iter().map(|s| view! { <option value=s.as_str() selected=state.filter("status") == s.as_str()>{s.as_str()}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="kyc" class="label">"KYC level"</label>
                <select id="kyc" name="kyc" class="input">
                    <option value="">"Any"</option>
                    {KycLevel::VARIANTS.iter().map(|k| view! { <option value=k.as_str() selected=state.filter("kyc") == k.as_str()>{k.as_str()}</option> }).collect_view()}
                </select>
            </div>
            <KeepOrder state default_sort=DEFAULT_SORT />
            <button type="submit" class="btn-secondary" data-pending="Searching…">"Search"</button>
        </form>
    }
}

/// The part of the page the search replaces as it is typed.
const RESULTS_ID: &str = "customer-results";

const COLUMNS: &[Column] = &[
    Column::sorted("Name", "name"),
    Column::plain("Email").optional("email"),
    Column::plain("Phone").optional("phone"),
    Column::plain("Identity / passport").optional("identity"),
    Column::plain("Status").optional("status"),
    Column::plain("KYC").optional("kyc"),
    Column::sorted("Created", "created").optional("created"),
];

#[component]
fn CustomersTable(result: SearchResult, state: Memo<ListState>) -> impl IntoView {
    let SearchResult { page, by } = result;
    let shown = page.items.len();
    let total = page.total;
    let searching = !state.get_untracked().q.trim().is_empty();
    let chosen = state.get_untracked();
    let shows = |key: &str| chosen.shows(key);
    let rows = page.items.into_iter().map(|c| {
        let identity = c.national_identity_number.clone().or_else(|| c.passport_number.clone()).unwrap_or_default();
        view! {
            <tr class="hover:bg-slate-50">
                <td class="td font-medium"><a class="link" href=format!("/customers/{}", c.customer_id)>{c.full_name()}</a></td>
                {shows("email").then(|| view! { <td class="td">{c.email.clone().unwrap_or_default()}</td> })}
                {shows("phone").then(|| view! { <td class="td whitespace-nowrap tabular-nums">{c.phone1.clone().unwrap_or_default()}</td> })}
                {shows("identity").then(|| view! { <td class="td whitespace-nowrap font-mono text-sm">{identity}</td> })}
                {shows("status").then(|| view! { <td class="td"><CustomerStatusBadge status=c.status /></td> })}
                {shows("kyc").then(|| view! { <td class="td"><span class="badge bg-slate-100 text-slate-800 ring-slate-300">{c.kyc_level.as_str()}</span></td> })}
                {shows("created").then(|| view! { <td class="td whitespace-nowrap text-slate-600">{crate::ui::format::date(&c.created)}</td> })}
            </tr>
        }
    }).collect_view();
    view! {
        {searching.then(|| view! {
            <p class="px-4 pt-3 text-xs text-slate-600" data-testid="searched-by">"Looking in: "{by.label()}</p>
        })}
        <SortedTable state default_sort=DEFAULT_SORT columns=COLUMNS testid="customers-table" shown total none="No customer matches.">
            {rows}
        </SortedTable>
    }
}

#[component]
pub fn CustomerStatusBadge(status: CustomerStatus) -> impl IntoView {
    view! { <StatusBadge status=status.as_str() testid="customer-status" /> }
}

/// The search on the server: Eclipse's customer list, filtered by the field the text names.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{SearchBy, SearchResult};
    use crate::{
        auth::ssr::require,
        eclipse::{
            models::{CustomerStatus, KycLevel, ListParams},
            positions::Capability,
        },
        error::AppError,
        ui::table::ListQuery,
    };

    fn sort_field(key: &str) -> &'static str {
        if key == "created" {
            "created"
        } else {
            "lastName"
        }
    }

    pub async fn search(
        query: ListQuery,
        by: SearchBy,
        status: String,
        kyc: String,
    ) -> Result<SearchResult, AppError> {
        let authed = require(Capability::ReadBasics).await?;
        let mut filters = by.filters(&query.q);
        // Only Eclipse's own names go on: anything else in the address is ignored, not sent.
        if let Some(status) = CustomerStatus::parse(&status) {
            filters.push(("status".into(), status.to_string()));
        }
        if let Some(level) = KycLevel::parse(&kyc) {
            filters.push(("kycLevel".into(), level.to_string()));
        }
        let params = ListParams {
            offset: query.offset,
            limit: query.limit.clamp(1, 100),
            sort: Some(query.eclipse_sort(sort_field(&query.sort))),
            filters,
        };
        let page = authed.answer(authed.eclipse.customers(&params).await).await?;
        Ok(SearchResult { page, by: by.resolve(&query.q) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_typed_decides_the_field() {
        assert_eq!(SearchBy::Any.resolve("thandi@example.com"), SearchBy::Email);
        assert_eq!(SearchBy::Any.resolve("0821234567"), SearchBy::Phone);
        assert_eq!(SearchBy::Any.resolve("+27 82 123 4567"), SearchBy::Phone);
        assert_eq!(SearchBy::Any.resolve("8001015009087"), SearchBy::NationalId);
        assert_eq!(SearchBy::Any.resolve("A12345678"), SearchBy::Passport);
        assert_eq!(SearchBy::Any.resolve("Dlamini"), SearchBy::Name);
        assert_eq!(SearchBy::Phone.resolve("Dlamini"), SearchBy::Phone);
    }

    #[test]
    fn filters_use_eclipses_names() {
        assert_eq!(
            SearchBy::Any.filters("+27 82 123 4567"),
            vec![("phone1".to_owned(), "27821234567".to_owned())]
        );
        assert_eq!(
            SearchBy::Name.filters("Thandi Dlamini"),
            vec![("firstName".into(), "Thandi".into()), ("lastName".into(), "Dlamini".into())]
        );
        assert_eq!(SearchBy::Name.filters("Dla"), vec![("lastName".to_owned(), "Dla".to_owned())]);
        assert!(SearchBy::Any.filters("  ").is_empty());
    }
}
