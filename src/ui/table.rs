//! Lists whose state (sort, direction, page, search) lives in the URL, so back and reload keep it.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub const PAGE_SIZE: u32 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    pub sort: String,
    pub desc: bool,
    /// 1-based.
    pub page: u32,
    pub q: String,
}

impl ListState {
    pub fn offset(&self) -> u32 {
        (self.page.saturating_sub(1)) * PAGE_SIZE
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
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() { "?".to_owned() } else { format!("?{}", parts.join("&")) }
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The list state of the current URL; `sortable` guards against a hand-edited `sort`.
pub fn use_list_state(default_sort: &'static str, sortable: &'static [&'static str]) -> Memo<ListState> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let sort = q.get("sort").filter(|s| sortable.contains(&s.as_str())).unwrap_or_else(|| default_sort.to_owned());
        ListState {
            sort,
            desc: q.get("dir").as_deref() == Some("desc"),
            page: q.get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
            q: q.get("q").unwrap_or_default(),
        }
    })
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
        if s.sort != key { "none" } else if s.desc { "descending" } else { "ascending" }
    };
    let arrow = move || {
        let s = state.get();
        if s.sort != key { "" } else if s.desc { " ↓" } else { " ↑" }
    };
    view! {
        <th scope="col" class="th" aria-sort=aria>
            <a href=href class="hover:text-slate-900">{label}<span aria-hidden="true">{arrow}</span></a>
        </th>
    }
}

#[component]
pub fn Pager(state: Memo<ListState>, default_sort: &'static str, shown: usize, total: Option<u64>) -> impl IntoView {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_leave_defaults_out() {
        let s = ListState { sort: "identity".into(), desc: false, page: 1, q: String::new() };
        assert_eq!(s.href("identity"), "?");
        let s = ListState { sort: "email".into(), desc: true, page: 3, q: "a b".into() };
        assert_eq!(s.href("identity"), "?sort=email&dir=desc&q=a%20b&page=3");
        assert_eq!(s.offset(), 40);
    }
}
