//! The customer's "Timeline" tab: a kind to filter by, the entries newest first with who did what, the way
//! to older entries, and the CSV. Its state is in the address (`?tab=timeline&kind=&before=`).
use super::{csv_href, customer_timeline, Source, TimelineEntry, TimelineFilters, TimelinePage};
use crate::{
    eclipse::models::AuditCategory,
    ui::{format, load::Loaded, table::query_string},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use strum::VariantArray;

fn kind_label(kind: AuditCategory) -> &'static str {
    match kind {
        AuditCategory::Profile => "Profile",
        AuditCategory::Document => "Documents",
        AuditCategory::Kyc => "KYC",
        AuditCategory::Wallet => "Wallets",
        AuditCategory::Card => "Cards",
        AuditCategory::Transfer => "Transfers",
        AuditCategory::Withdrawal => "Withdrawals",
        AuditCategory::Barring => "Barring",
    }
}

#[component]
pub fn CustomerTimeline(customer_id: i64) -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        TimelineFilters {
            kind: q.get("kind").unwrap_or_default(),
            before: q.get("before").unwrap_or_default(),
        }
    };
    let shown = filters();
    let page = Resource::new(filters, move |f| customer_timeline(customer_id, f));
    let kind = shown.kind.clone();
    let options = std::iter::once(("", "Every kind"))
        .chain(AuditCategory::VARIANTS.iter().map(|k| (k.as_str(), kind_label(*k))))
        .map(|(value, label)| view! { <option value=value selected=kind == value>{label}</option> })
        .collect_view();
    let paging = shown.clone();
    view! {
        <div class="space-y-4" data-testid="timeline">
            <form method="GET" action="" class="card flex flex-wrap items-end gap-4 p-4" aria-label="Filter the timeline">
                <input type="hidden" name="tab" value="timeline" />
                <div>
                    <label for="timeline-kind" class="label">"Kind"</label>
                    <select id="timeline-kind" name="kind" class="input">{options}</select>
                </div>
                <button type="submit" class="btn-secondary">"Apply"</button>
                <a class="link ml-auto text-sm" href=csv_href(customer_id, &shown.kind) download>"Download CSV"</a>
            </form>
            <Loaded resource=page children=move |page| view! { <TimelineList page customer_id filters=paging.clone() /> } />
        </div>
    }
}

#[component]
fn TimelineList(page: TimelinePage, customer_id: i64, filters: TimelineFilters) -> impl IntoView {
    let here = |before: &str| {
        let q = query_string(&[("tab", "timeline"), ("kind", &filters.kind), ("before", before)]);
        format!("/customers/{customer_id}{q}")
    };
    let newest = (!filters.before.is_empty())
        .then(|| view! { <a class="btn-secondary" href=here("")>"Newest"</a> });
    let older = page.older.as_deref().map(
        |before| view! { <a class="btn-secondary" href=here(before) rel="next">"Older →"</a> },
    );
    if page.entries.is_empty() {
        return view! {
            <p class="card p-6 text-sm text-slate-600" data-testid="timeline-empty">"Nothing of this kind has happened yet."</p>
            <div class="flex gap-2">{newest}</div>
        }
        .into_any();
    }
    let rows = page.entries.into_iter().map(|e| view! { <EntryRow e /> }).collect_view();
    view! {
        <p class="text-xs text-slate-600">"Newest first; times in UTC."</p>
        <ol class="card divide-y divide-slate-100" aria-label="Timeline, newest first">{rows}</ol>
        <nav class="flex justify-end gap-2" aria-label="Timeline pages">{newest}{older}</nav>
    }
    .into_any()
}

#[component]
fn EntryRow(e: TimelineEntry) -> impl IntoView {
    let source = match e.source {
        Source::Eclipse => "Eclipse",
        Source::Portal => "Portal",
    };
    let failed =
        e.result.as_deref().is_some_and(|r| r != "ok" && r != "started" && !r.starts_with("done"));
    let outcome = e.result.clone().filter(|_| failed).map(|r| {
        let trace = e.trace_id.clone().map(|t| format!(" (trace id {t})")).unwrap_or_default();
        view! { <span class="block text-xs text-red-700">{format!("{r}{trace}")}</span> }
    });
    let wallet = e.wallet_id.map(|w| view! { " · " <a class="link" href=format!("/wallets/{w}")>{format!("wallet {w}")}</a> });
    view! {
        <li class="flex flex-wrap gap-x-4 gap-y-1 px-4 py-3 text-sm" data-testid="timeline-entry" data-kind=e.category.as_str()>
            <time class="w-36 shrink-0 tabular-nums text-slate-600" datetime=crate::eclipse::timestamps::format(e.at)>
                {format::date_time_to_second(&e.at)}
            </time>
            <span class="badge w-24 shrink-0 justify-center bg-slate-100 text-slate-800 ring-slate-300">{kind_label(e.category)}</span>
            <div class="min-w-0 flex-1">
                <p class="break-words text-slate-900">{e.description.clone()}</p>
                <p class="text-xs text-slate-600">{format!("{} · {source} · {}", e.actor, e.action)}{wallet}</p>
                {outcome}
            </div>
        </li>
    }
}
