//! A page's title row, the one piece of layout every page shares (the signed-in shell is the app's).
use leptos::prelude::*;

/// A page's title row: the heading, a line of context, and its main actions.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] subtitle: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <leptos_meta::Title text=format!("{title} · Eclipse Admin") />
        <div class="mb-6 flex flex-wrap items-end justify-between gap-4">
            <div>
                <h1 class="text-xl font-semibold text-slate-900">{title}</h1>
                {subtitle.map(|s| view! { <p class="mt-1 text-sm text-slate-600">{s}</p> })}
            </div>
            <div class="flex gap-3">{children.map(|c| c())}</div>
        </div>
    }
}

/// Links between the views of one page (`/audit` | `/audit/activity`), the current one marked.
#[component]
pub fn ViewTabs(
    /// (href, label) of each view; `current` is matched against the href's path.
    tabs: &'static [(&'static str, &'static str)],
    current: &'static str,
    label: &'static str,
) -> impl IntoView {
    let links = tabs
        .iter()
        .map(|(href, text)| {
            let here = href.split('?').next() == Some(current);
            let class = if here { "tab tab-active" } else { "tab" };
            view! { <a href=*href class=class aria-current=here.then_some("page")>{*text}</a> }
        })
        .collect_view();
    view! { <nav class="mb-4 flex gap-2 border-b border-slate-200" aria-label=label>{links}</nav> }
}
