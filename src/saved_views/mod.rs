//! Saved views: a named set of a list's filters, sort and columns, kept per admin in the store. A view is the
//! list's address query, so its link can be shared; the one marked as default is where the navigation opens
//! the list (`?view=default`, answered by `ssr::open_default`).
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::{
    api::server_fns,
    eclipse::positions::Capability,
    error::Outcome,
    ui::{load::Loaded, table::encode},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The lists an admin can keep views of; named as `key` says on the wire too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    Customers,
    Review,
    Activity,
}

impl ListKind {
    pub const ALL: [ListKind; 3] = [ListKind::Customers, ListKind::Review, ListKind::Activity];

    /// Its name in the store.
    pub fn key(self) -> &'static str {
        match self {
            ListKind::Customers => "customers",
            ListKind::Review => "review",
            ListKind::Activity => "activity",
        }
    }

    /// The list's page.
    pub fn path(self) -> &'static str {
        match self {
            ListKind::Customers => "/customers",
            ListKind::Review => "/review",
            ListKind::Activity => "/audit/activity",
        }
    }

    /// What a position must be able to do to see the list (and so to keep views of it).
    pub fn needs(self) -> Capability {
        match self {
            ListKind::Customers => Capability::ReadBasics,
            ListKind::Review => Capability::ReviewKyc,
            ListKind::Activity => Capability::ManageTenant,
        }
    }

    pub fn of_path(path: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|list| list.path() == path)
    }

    /// The link that opens the list on the admin's default view (or unfiltered, without one).
    pub fn opening_href(self) -> String {
        format!("{}?{OPEN_DEFAULT}", self.path())
    }
}

/// The query that asks for the admin's default view.
pub const OPEN_DEFAULT: &str = "view=default";

/// The most views an admin keeps of one list.
pub const MAX_VIEWS: usize = 20;

/// The longest name of a view.
pub const MAX_NAME: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub view_id: i64,
    pub name: String,
    /// The list's address query, normalised (`normalize`), without `?`.
    pub query: String,
    pub is_default: bool,
}

impl SavedView {
    /// The view's address on this site.
    pub fn href(&self, list: ListKind) -> String {
        href_of(list, &self.query)
    }
}

/// The list's address with a view's query.
pub fn href_of(list: ListKind, query: &str) -> String {
    if query.is_empty() {
        list.path().to_owned()
    } else {
        format!("{}?{query}", list.path())
    }
}

/// A list's address query as a view keeps it: its parameters in one order (so equal views compare equal),
/// without the page or the default-view request, empty values dropped, every value percent-encoded again. A
/// stored query only ever goes back into its own list's address, where parameters the list does not know
/// are ignored; names are kept to short lowercase words and values to a bounded length all the same.
pub fn normalize(query: &str) -> String {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .ok()
            .map(|c| c.into_owned())
    };
    let mut pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(key)?, decode(value)?))
        })
        .filter(|(key, value)| {
            !value.is_empty()
                && value.len() <= 200
                && !matches!(key.as_str(), "page" | "view")
                && (1..=12).contains(&key.len())
                && key.chars().all(|c| c.is_ascii_lowercase())
        })
        .take(24)
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

server_fns! {
    "views/list" => saved_views(list: ListKind) -> Vec<SavedView> = ssr::list;
    "views/save" => save_view(list: ListKind, name: String, query: String, make_default: bool)
        -> Outcome<SavedView> = ssr::save;
    "views/default" => set_default_view(list: ListKind, view_id: i64, on: bool) -> () = ssr::set_default;
    "views/delete" => delete_view(list: ListKind, view_id: i64) -> () = ssr::delete;
}

/// The admin's views of `list` above it: each a link, the one showing marked, and saving what is showing. No
/// island (a list page loads no WebAssembly): `ui/js/saved-views.js` sends the forms and buttons marked
/// `data-view-*` to the server functions above.
#[component]
pub fn SavedViews(list: ListKind) -> impl IntoView {
    let showing =
        leptos_router::hooks::use_query_map().with_untracked(|q| normalize(&q.to_query_string()));
    let views = Resource::new(move || (), move |_| saved_views(list));
    // The page renders on the server only; the link to share is the site's address as people reach it.
    #[cfg(feature = "ssr")]
    let origin = crate::auth::ssr::app_state().config.public_origin.clone();
    #[cfg(not(feature = "ssr"))]
    let origin = String::new();
    let bar = move |views: Vec<SavedView>| {
        let shown = views.iter().find(|v| v.query == showing).cloned();
        let chips = views
            .iter()
            .map(|v| {
                view_chip(v.href(list), v.name.clone(), shown.as_ref() == Some(v), v.is_default)
            })
            .collect_view();
        view! {
            <div class="flex flex-wrap items-center gap-2" data-testid="saved-views" data-saved-views=list.key()
                data-list-path=list.path()>
                <span class="text-sm font-medium text-slate-700">"Views"</span>
                {view_chip(list.path().to_owned(), "All".to_owned(), showing.is_empty(), false)}
                {chips}
                {match shown {
                    Some(view) => view! { <ShownViewActions list view origin=origin.clone() /> }.into_any(),
                    None => view! { <SaveViewForm /> }.into_any(),
                }}
            </div>
        }
    };
    view! { <Loaded resource=views children=bar /> }
}

fn view_chip(href: String, label: String, on: bool, default: bool) -> impl IntoView {
    let class = if on {
        "rounded-full bg-sky-700 px-3 py-1 text-sm font-medium text-white"
    } else {
        "rounded-full bg-white px-3 py-1 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
    };
    view! {
        <a href=href class=class aria-current=on.then_some("page") data-testid="saved-view">
            {label}
            {default.then(|| view! { <span aria-hidden="true">" ★"</span><span class="sr-only">" (opens the list)"</span> })}
        </a>
    }
}

/// "Save as a view…": a name, and whether the list opens on it. The script sends the address as it is then
/// (a live search may have changed it since the page loaded).
#[component]
fn SaveViewForm() -> impl IntoView {
    view! {
        <details class="w-full sm:w-auto" data-testid="save-view">
            <summary class="link cursor-pointer text-sm">"Save as a view…"</summary>
            <form class="mt-2 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" data-view-save=""
                aria-label="Save as a view">
                <div>
                    <label for="view-name" class="label">"Name of the view"<span class="text-red-600" aria-hidden="true">" *"</span></label>
                    <input id="view-name" name="name" class="input" required=true maxlength=MAX_NAME.to_string() autocomplete="off"
                        aria-describedby="view-name-error" />
                    <p id="view-name-error" class="field-error" data-testid="error-name" hidden=true></p>
                </div>
                <label class="flex items-center gap-2 pb-2 text-sm">
                    <input type="checkbox" name="make_default" value="true" />"Open the list on this view"
                </label>
                <button type="submit" class="btn-primary" data-busy="Saving…">"Save view"</button>
                <p class="field-error w-full" role="alert" data-view-problem="" hidden=true></p>
            </form>
        </details>
    }
}

/// What can be done with the saved view the list shows: make it (or stop it being) the one the list opens
/// on, share its link, delete it (after a confirmation).
#[component]
fn ShownViewActions(list: ListKind, view: SavedView, origin: String) -> impl IntoView {
    let link = format!("{origin}{}", view.href(list));
    let SavedView { view_id, name, is_default, .. } = view;
    let (toggle, said) = if is_default {
        ("Stop opening the list on it", "The list opens unfiltered again.")
    } else {
        ("Open the list on it", "The list opens on this view.")
    };
    view! {
        <span class="mx-1 h-5 w-px bg-slate-300" aria-hidden="true"></span>
        <button type="button" class="link text-sm" data-view-default=(!is_default).to_string() data-view-id=view_id
            data-view-said=said data-busy="Saving…">{toggle}</button>
        <details>
            <summary class="link cursor-pointer text-sm">"Share link"</summary>
            <label class="mt-2 flex items-center gap-2 text-sm">
                <span class="text-slate-700">"Link to this view"</span>
                <input type="text" readonly=true class="input w-96 max-w-full font-mono text-xs" value=link data-testid="share-link" />
            </label>
        </details>
        <button type="button" class="link text-sm text-red-700" data-view-delete=view_id>"Delete view…"</button>
        <p class="field-error w-full" role="alert" data-view-problem="" hidden=true></p>
        <dialog class="m-auto w-full max-w-md rounded-xl bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
            aria-labelledby="delete-view-title" data-view-confirm="">
            <h2 id="delete-view-title" class="text-base font-semibold">{format!("Delete the view “{name}”?")}</h2>
            <p class="mt-3 text-sm text-slate-700">"The view's name and filters are forgotten. Links to it keep working: they carry the filters themselves."</p>
            <p class="field-error" role="alert" data-view-problem="" hidden=true></p>
            <div class="mt-6 flex justify-end gap-3">
                <button type="button" class="btn-secondary" data-view-cancel="">"Cancel"</button>
                <button type="button" class="btn-danger" data-view-confirm-delete=view_id data-view-name=name.clone()
                    data-busy="Deleting…">"Delete view"</button>
            </div>
        </dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_views_query_is_kept_in_one_order_without_its_page() {
        assert_eq!(
            normalize("?status=BARRED&q=van+der+Merwe&page=3&kyc=&sort=created&dir=desc"),
            "dir=desc&q=van%20der%20Merwe&sort=created&status=BARRED"
        );
        assert_eq!(normalize("col=phone&col=email&col=phone"), "col=email&col=phone");
        assert_eq!(normalize("view=default"), "");
        assert_eq!(normalize(""), "");
        // Names that are not a list's words, and undecodable text, are dropped.
        assert_eq!(normalize("a%20b=1&X=2&ok=%FF&age=24h"), "age=24h");
        assert_eq!(normalize(&normalize("q=%C3%A9l%C3%A8ve&by=name")), "by=name&q=%C3%A9l%C3%A8ve");
    }

    #[test]
    fn every_list_opens_through_its_default() {
        for list in ListKind::ALL {
            assert_eq!(ListKind::of_path(list.path()), Some(list));
            assert!(list.opening_href().ends_with("?view=default"));
        }
        assert_eq!(ListKind::of_path("/customers/12"), None);
    }
}
