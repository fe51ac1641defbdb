//! Lists whose state (sort, direction, page, search) lives in the URL, so back and reload keep it.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u32 = 20;

/// The address's parameter of a chosen column, once per column (`?col=email&col=phone`).
pub const COLUMN_KEY: &str = "col";

/// What `col` holds when every optional column was unchecked: a choice, unlike no `col` at all.
const NO_OPTIONAL_COLUMN: &str = "none";

/// A list's state as a server function receives it: the page's rows, in an order, matching a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// One of the list's sortable keys; the server maps it to Eclipse's field.
    pub sort: String,
    pub desc: bool,
    pub offset: u32,
    pub limit: u32,
    /// The search box's text, as the list defines it.
    pub q: String,
}

impl ListQuery {
    /// `field,asc|desc` for Eclipse's `sort` parameter.
    pub fn eclipse_sort(&self, field: &str) -> String {
        format!("{field},{}", if self.desc { "desc" } else { "asc" })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListState {
    pub sort: String,
    pub desc: bool,
    /// 1-based.
    pub page: u32,
    pub q: String,
    /// The list's own filters, as (parameter, value), in a fixed order.
    pub filters: Vec<(String, String)>,
    /// The optional columns chosen (`?col=`), by key; empty when the admin has not chosen (all are shown).
    pub columns: Vec<String>,
}

impl ListState {
    pub fn offset(&self) -> u32 {
        (self.page.saturating_sub(1)) * PAGE_SIZE
    }

    pub fn filter(&self, key: &str) -> &str {
        self.filters.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// Whether the optional column `key` is shown.
    pub fn shows(&self, key: &str) -> bool {
        self.columns.is_empty() || self.columns.iter().any(|c| c == key)
    }

    pub fn query(&self) -> ListQuery {
        ListQuery {
            sort: self.sort.clone(),
            desc: self.desc,
            offset: self.offset(),
            limit: PAGE_SIZE,
            q: self.q.clone(),
        }
    }

    /// The query string of this state, with defaults left out.
    pub fn href(&self, default_sort: &str) -> String {
        let mut parts = vec![];
        if self.sort != default_sort || self.desc {
            parts.push(format!("sort={}", self.sort));
            if self.desc {
                parts.push("dir=desc".to_owned());
            }
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        for (k, v) in self.filters.iter().filter(|(_, v)| !v.is_empty()) {
            parts.push(format!("{k}={}", encode(v)));
        }
        for column in &self.columns {
            parts.push(format!("{COLUMN_KEY}={}", encode(column)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "?".to_owned()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// A list's filters, named once: `$keys` lists their parameters in the address (for `use_list_state_with`),
/// and `$read` makes the server function's filters of a list state, each field from the parameter beside it,
/// with the page's offset.
macro_rules! list_filters {
    ($keys:ident, $read:ident -> $filters:ident { $($field:ident: $key:literal),+ $(,)? }) => {
        const $keys: &[&str] = &[$($key),+];

        fn $read(s: &$crate::ui::table::ListState) -> $filters {
            $filters { $($field: s.filter($key).to_owned(),)+ offset: s.offset() }
        }
    };
}
pub(crate) use list_filters;

/// `?k=v&…` of the non-empty pairs (empty when none), for links that carry a page's filters elsewhere.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// A query value, percent-encoded: letters, digits and `-_.~` stay as they are.
pub fn encode(s: &str) -> String {
    const QUERY_VALUE: &AsciiSet =
        &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// The list state of the current URL; `sortable` guards against a hand-edited `sort`.
pub fn use_list_state(
    default_sort: &'static str,
    sortable: &'static [&'static str],
) -> Memo<ListState> {
    use_list_state_with(default_sort, sortable, &[])
}

/// As `use_list_state`, with the list's own filter parameters.
pub fn use_list_state_with(
    default_sort: &'static str,
    sortable: &'static [&'static str],
    filter_keys: &'static [&'static str],
) -> Memo<ListState> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let sort = q
            .get("sort")
            .filter(|s| sortable.contains(&s.as_str()))
            .unwrap_or_else(|| default_sort.to_owned());
        ListState {
            sort,
            desc: q.get("dir").as_deref() == Some("desc"),
            page: q.get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
            q: q.get("q").unwrap_or_default(),
            filters: filter_keys
                .iter()
                .map(|k| ((*k).to_owned(), q.get(k).unwrap_or_default()))
                .collect(),
            columns: q.get_all(COLUMN_KEY).unwrap_or_default(),
        }
    })
}

/// A table's header row, one column per label: those in `right` hold figures (right-aligned), those in
/// `hidden` are read out but not shown (a column of buttons). `bare`: the cells alone, for a row that mixes
/// them with sorting heads.
#[component]
pub fn ColumnHeads(
    labels: &'static [&'static str],
    #[prop(optional)] right: &'static [&'static str],
    #[prop(optional)] hidden: &'static [&'static str],
    #[prop(optional)] bare: bool,
) -> impl IntoView {
    let heads = labels
        .iter()
        .map(|label| {
            let class = if right.contains(label) { "th text-right" } else { "th" };
            let text = if hidden.contains(label) {
                view! { <span class="sr-only">{*label}</span> }.into_any()
            } else {
                (*label).into_any()
            };
            view! { <th scope="col" class=class>{text}</th> }
        })
        .collect_view();
    if bare {
        return heads.into_any();
    }
    view! { <thead class="bg-slate-50"><tr>{heads}</tr></thead> }.into_any()
}

/// The list's search box: a GET form, so the search lands in the URL and works without JavaScript. The
/// current order is kept; the page goes back to the first.
#[component]
pub fn SearchBox(
    state: Memo<ListState>,
    default_sort: &'static str,
    label: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    let s = state.get_untracked();
    view! {
        <form method="GET" action="" class="flex flex-wrap items-center gap-2" role="search">
            <label for="q" class="sr-only">{label}</label>
            <input id="q" name="q" class="input w-56 max-w-xs" placeholder=placeholder value=s.q.clone() />
            <KeepOrder state=s default_sort />
            <button type="submit" class="btn-secondary" data-pending="Searching…">"Search"</button>
        </form>
    }
}

/// Hidden fields that keep a list's order (when it is not the default) and its chosen columns through a
/// search form.
#[component]
pub fn KeepOrder(state: ListState, default_sort: &'static str) -> impl IntoView {
    let columns = state
        .columns
        .iter()
        .map(|c| view! { <input type="hidden" name=COLUMN_KEY value=c.clone() /> })
        .collect_view();
    (order_fields(&state, default_sort), columns)
}

fn order_fields(state: &ListState, default_sort: &str) -> impl IntoView {
    (state.sort != default_sort || state.desc).then(|| {
        view! {
            <input type="hidden" name="sort" value=state.sort.clone() />
            {state.desc.then(|| view! { <input type="hidden" name="dir" value="desc" /> })}
        }
    })
}

/// "Columns": which of a list's optional columns show, a GET form of its own that keeps the rest of the
/// list's state (search, filters, order) in hidden fields.
#[component]
pub fn ColumnChoice(
    state: Memo<ListState>,
    default_sort: &'static str,
    columns: &'static [Column],
) -> impl IntoView {
    let s = state.get_untracked();
    let boxes = columns
        .iter()
        .filter_map(|c| c.choice.map(|key| (key, c.label)))
        .map(|(key, label)| {
            view! {
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name=COLUMN_KEY value=key checked=s.shows(key) />{label}
                </label>
            }
        })
        .collect_view();
    let kept = s
        .filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| view! { <input type="hidden" name=k.clone() value=v.clone() /> })
        .collect_view();
    let order = order_fields(&s, default_sort);
    view! {
        <details class="relative" data-testid="column-choice">
            <summary class="btn-secondary cursor-pointer list-none">"Columns"</summary>
            <form method="GET" action="" class="absolute right-0 z-20 mt-1 grid w-56 gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
                aria-label="Choose the columns">
                {(!s.q.is_empty()).then(|| view! { <input type="hidden" name="q" value=s.q.clone() /> })}
                {kept}
                {order}
                <input type="hidden" name=COLUMN_KEY value=NO_OPTIONAL_COLUMN />
                {boxes}
                <button type="submit" class="btn-secondary mt-1">"Show these columns"</button>
            </form>
        </details>
    }
}

#[component]
pub fn SortHeader(
    state: Memo<ListState>,
    key: &'static str,
    default_sort: &'static str,
    #[prop(into)] label: String,
) -> impl IntoView {
    let href = move || {
        let s = state.get();
        let next = ListState { desc: s.sort == key && !s.desc, sort: key.to_owned(), page: 1, ..s };
        next.href(default_sort)
    };
    let aria = move || {
        let s = state.get();
        if s.sort != key {
            "none"
        } else if s.desc {
            "descending"
        } else {
            "ascending"
        }
    };
    let arrow = move || {
        let s = state.get();
        if s.sort != key {
            ""
        } else if s.desc {
            " ↓"
        } else {
            " ↑"
        }
    };
    view! {
        <th scope="col" class="th" aria-sort=aria>
            <a href=href class="hover:text-slate-900">{label}<span aria-hidden="true">{arrow}</span></a>
        </th>
    }
}

#[component]
pub fn Pager(
    state: Memo<ListState>,
    default_sort: &'static str,
    shown: usize,
    total: Option<u64>,
) -> impl IntoView {
    let s = state.get_untracked();
    let first = if shown == 0 { 0 } else { s.offset() as u64 + 1 };
    let last = s.offset() as u64 + shown as u64;
    let has_next = match total {
        Some(t) => last < t,
        None => shown as u32 == PAGE_SIZE,
    };
    let prev_href = ListState { page: s.page - 1, ..s.clone() }.href(default_sort);
    let next_href = ListState { page: s.page + 1, ..s.clone() }.href(default_sort);
    let summary = match total {
        Some(t) => format!("{first}–{last} of {t}"),
        None => format!("{first}–{last}"),
    };
    view! {
        <nav class="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm text-slate-600" aria-label="Pages">
            <p data-testid="pager-summary">{summary}</p>
            <div class="flex gap-2">
                {(s.page > 1).then(|| view! { <a class="btn-secondary" href=prev_href rel="prev">"Previous"</a> })}
                {has_next.then(|| view! { <a class="btn-secondary" href=next_href rel="next">"Next"</a> })}
            </div>
        </nav>
    }
}

/// A table of rows (`children`) under `ColumnHeads`.
#[component]
pub fn DataTable(
    #[prop(default = "min-w-full divide-y divide-slate-200")] class: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    labels: &'static [&'static str],
    #[prop(optional)] right: &'static [&'static str],
    #[prop(optional)] hidden: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    view! {
        <table class=class data-testid=testid>
            <ColumnHeads labels=labels right=right hidden=hidden />
            <tbody class="divide-y divide-slate-100">{children()}</tbody>
        </table>
    }
}

/// A column of a sorted list's table: its label, the key it sorts by when it does, and its key among the
/// columns an admin may hide, when it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub label: &'static str,
    pub sort: Option<&'static str>,
    pub choice: Option<&'static str>,
}

impl Column {
    pub const fn sorted(label: &'static str, key: &'static str) -> Self {
        Column { label, sort: Some(key), choice: None }
    }

    pub const fn plain(label: &'static str) -> Self {
        Column { label, sort: None, choice: None }
    }

    /// The column may be hidden (`ColumnChoice`); `key` names it in the address.
    pub const fn optional(self, key: &'static str) -> Self {
        Column { choice: Some(key), ..self }
    }

    /// Whether the list's state shows it.
    pub fn shown_in(&self, state: &ListState) -> bool {
        self.choice.is_none_or(|key| state.shows(key))
    }
}

/// A list page's card: the search box above the results (`children`).
#[component]
pub fn SearchCard(
    state: Memo<ListState>,
    default_sort: &'static str,
    label: &'static str,
    placeholder: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="card">
            <div class="border-b border-slate-200 p-4">
                <SearchBox state=state default_sort=default_sort label=label placeholder=placeholder />
            </div>
            {children()}
        </div>
    }
}

/// One page of a sorted list: its table (`children` are the rows) under heads that sort it, a line saying
/// `none` when the page is empty, and the pager.
#[component]
pub fn SortedTable(
    state: Memo<ListState>,
    default_sort: &'static str,
    columns: &'static [Column],
    /// A last column of buttons, its head read out but not shown.
    #[prop(optional)]
    actions: bool,
    testid: &'static str,
    shown: usize,
    total: Option<u64>,
    none: &'static str,
    children: Children,
) -> impl IntoView {
    let heads = columns
        .iter()
        .filter(|column| state.with_untracked(|s| column.shown_in(s)))
        .map(|column| match column.sort {
            Some(key) => {
                view! { <SortHeader state=state key=key default_sort=default_sort label=column.label /> }
                    .into_any()
            }
            None => view! { <th scope="col" class="th">{column.label}</th> }.into_any(),
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto" tabindex="0">
            <table class="min-w-full divide-y divide-slate-200" data-testid=testid>
                <thead class="bg-slate-50">
                    <tr>
                        {heads}
                        {actions.then(|| view! { <th scope="col" class="th"><span class="sr-only">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100 bg-white">{children()}</tbody>
            </table>
            {(shown == 0).then(|| view! { <p class="p-6 text-center text-sm text-slate-500">{none}</p> })}
        </div>
        <Pager state default_sort shown total />
    }
}

/// One page of a filtered list in a card, above the pager; `none` in their place when the page is empty.
#[component]
pub fn PagedCard(
    state: Memo<ListState>,
    default_sort: &'static str,
    shown: usize,
    total: Option<u64>,
    none: &'static str,
    #[prop(optional)] none_testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    if shown == 0 {
        return view! { <p class="card p-6 text-sm text-slate-600" data-testid=none_testid>{none}</p> }
            .into_any();
    }
    view! {
        <div class="card overflow-x-auto" tabindex="0">
            {children()}
            <Pager state default_sort shown total />
        </div>
    }
    .into_any()
}

/// A list's filter form: a GET form of the page's own address labelled `label`, its fields, "Apply filters",
/// and "Clear" back to `clear` (the list unfiltered).
#[component]
pub fn FilterForm(label: &'static str, clear: &'static str, children: Children) -> impl IntoView {
    view! {
        <form method="GET" action="" class="card mb-4 flex flex-wrap items-end gap-4 p-4" aria-label=label>
            {children()}
            <button type="submit" class="btn-secondary">"Apply filters"</button>
            <a href=clear class="link text-sm">"Clear"</a>
        </form>
    }
}

/// A text (or date) box of a list's filter form, a GET form: `name` is the URL's parameter, which it shows.
#[component]
pub fn FilterField(
    state: Memo<ListState>,
    /// The form's name: the box's id is `{form}-{name}`.
    form: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "input")] class: &'static str,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let value = state.with_untracked(|s| s.filter(name).to_owned());
    view! {
        <div>
            <label for=id.clone() class="label">{label}</label>
            <input id=id name=name type=kind class=class placeholder=placeholder value=value />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_leave_defaults_out() {
        let s = ListState {
            sort: "identity".into(),
            desc: false,
            page: 1,
            q: String::new(),
            filters: vec![],
            columns: vec![],
        };
        assert_eq!(s.href("identity"), "?");
        let s = ListState {
            sort: "email".into(),
            desc: true,
            page: 3,
            q: "a b".into(),
            filters: vec![("by".into(), "phone".into())],
            columns: vec!["email".into()],
        };
        assert_eq!(s.href("identity"), "?sort=email&dir=desc&q=a%20b&by=phone&col=email&page=3");
        assert_eq!(s.offset(), 40);
        assert!(s.shows("email") && !s.shows("phone"));
    }
}

/// A list's filter by one status, in the address (`?status=`): (value, label) choices, nothing first.
#[component]
pub fn StatusFilter(
    state: Memo<ListState>,
    choices: &'static [(&'static str, &'static str)],
    /// The select's id, unique on the page.
    id: &'static str,
) -> impl IntoView {
    let current = state.get_untracked().filter("status").to_owned();
    let options = choices
        .iter()
        .map(|(value, label)| view! { <option value=*value selected=current == *value>{*label}</option> })
        .collect_view();
    view! {
        <form method="GET" action="" class="card mb-4 flex flex-wrap items-end gap-4 p-4" aria-label="Filter the requests">
            <div>
                <label for=id class="label">"Show"</label>
                <select id=id name="status" class="input">{options}</select>
            </div>
            <button type="submit" class="btn-secondary">"Apply"</button>
        </form>
    }
}
