//! The review queue: every result awaiting manual verification, oldest first, with who holds it.
use super::{
    age_hours, review_queue, waited, QueueFilters, QueuePage, QueueRow, ReleaseClaim, SlaStanding,
    AGES,
};
use crate::{
    auth::use_current_user,
    customers::kyc::check_help,
    eclipse::positions::Capability,
    error::AppError,
    saved_views::{ListKind, SavedViews},
    ui::{
        error::{ErrorPanel, InlineError},
        layout::PageHeader,
        load::{list_page_if, Loaded},
        table::{use_list_state_with, ColumnHeads, FilterForm, ListState, PagedCard, SortHeader},
    },
};
use leptos::prelude::*;

const FILTER_KEYS: &[&str] = &["outcome", "age", "check"];

/// The queue's filters and order, as the address holds them.
fn filters_of(s: &ListState) -> QueueFilters {
    QueueFilters {
        outcome: s.filter("outcome").to_owned(),
        age: s.filter("age").to_owned(),
        failed_check: s.filter("check").to_owned(),
        offset: s.offset(),
        newest_first: s.desc,
    }
}

/// The checks a reviewer can filter by: those ratify runs.
const CHECKS: &[&str] = &[
    "nationalIdentityIsLegitimate",
    "identityNumberMatchesNationalIdentity",
    "selfieMatchesNationalIdentity",
    "ocrMatchesProfile",
    "proofOfAddressProvided",
    "sanctionsListCheck",
];

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let user = use_current_user();
    let state = use_list_state_with("created", &["created"], FILTER_KEYS);
    let may = user.can(Capability::ReviewKyc);
    let queue = list_page_if(may, state, |s| review_queue(filters_of(&s)));
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <PageHeader title="Review queue" subtitle="Ratify results awaiting manual verification, the longest waiting first, each against the review SLA. Opening one claims it for 15 minutes." />
        <super::ReviewTabs current="/review" />
        <div class="mb-3"><SavedViews list=ListKind::Review /></div>
        <QueueFilterForm state />
        <Loaded resource=queue children=move |page| view! { <QueueTable page state /> } />
    }
    .into_any()
}

#[component]
fn QueueFilterForm(state: Memo<ListState>) -> impl IntoView {
    let s = state.get_untracked();
    let other_age = s.filter("age").to_owned();
    let option = move |key: &'static str, value: &'static str, label: &'static str| {
        let selected = s.filter(key) == value;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let checks = CHECKS.iter().map(|name| option("check", name, check_help(name).0)).collect_view();
    let ages = AGES.iter().map(|(value, label, _)| option("age", value, label)).collect_view();
    // An age the dashboard linked to (the tenant's SLA) that the list does not offer is shown as chosen.
    let other_age = (age_hours(&other_age).is_some() && !AGES.iter().any(|(key, _, _)| *key == other_age))
        .then(|| view! { <option value=other_age.clone() selected=true>{format!("Over {other_age}")}</option> });
    view! {
        <FilterForm label="Filter the queue" clear="/review">
            <label class="text-sm">
                <span class="label">"Automated outcome"</span>
                <select name="outcome" class="input">
                    {option("outcome", "", "Any")}
                    {option("outcome", "FAILED", "Checks failed")}
                    {option("outcome", "PASSED", "All checks passed")}
                </select>
            </label>
            <label class="text-sm">
                <span class="label">"Waiting"</span>
                <select name="age" class="input">{option("age", "", "Any time")}{ages}{other_age}</select>
            </label>
            <label class="text-sm">
                <span class="label">"Failed check"</span>
                <select name="check" class="input">{option("check", "", "Any")}{checks}</select>
            </label>
        </FilterForm>
    }
}

#[component]
fn QueueTable(page: QueuePage, state: Memo<ListState>) -> impl IntoView {
    let shown = page.rows.len();
    let sla_hours = page.sla_hours;
    let rows =
        page.rows.into_iter().map(|row| view! { <QueueLine row sla_hours /> }).collect_view();
    view! {
        <PagedCard state default_sort="created" shown total=page.total none="No result awaits review with these filters."
            none_testid="queue-empty">
            <table class="w-full text-sm" data-testid="review-queue">
                <thead class="bg-slate-50">
                    <tr>
                        <SortHeader state key="created" default_sort="created" label="Received" />
                        <ColumnHeads labels=&["Customer", "Automated outcome", "Failed checks"] bare=true />
                        <th scope="col" class="th">{format!("Waiting (SLA {sla_hours} h)")}</th>
                        <ColumnHeads labels=&["Claim", "Open"] hidden=&["Open"] bare=true />
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{rows}</tbody>
            </table>
        </PagedCard>
    }
}

#[component]
fn QueueLine(row: QueueRow, sla_hours: u32) -> impl IntoView {
    let id = row.ratify_result_id;
    let passed = row.passed;
    let failed = if row.failed_checks.is_empty() {
        view! { <span class="text-slate-500">"—"</span> }.into_any()
    } else {
        row.failed_checks.iter().map(|c| view! { <span class="mr-1 mb-1 inline-block rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-800">{check_help(c).0}</span> }).collect_view().into_any()
    };
    let claim = match (row.claim, row.own_evidence) {
        (_, true) => view! { <span class="text-xs text-slate-600" title="You gathered this customer's evidence">"Four eyes: not yours to decide"</span> }.into_any(),
        (Some(claim), _) if claim.mine => view! { <MyClaim id minutes_left=claim.minutes_left /> }.into_any(),
        (Some(claim), _) => view! {
            <span class="badge bg-amber-50 text-amber-800 ring-amber-200" data-testid="claimed-by">{format!("{} · {} min left", claim.by, claim.minutes_left)}</span>
        }.into_any(),
        (None, _) => view! { <span class="text-slate-500">"Free"</span> }.into_any(),
    };
    view! {
        <tr data-testid="queue-row" data-result=id.to_string()>
            <td class="td whitespace-nowrap">
                <span class="font-medium text-slate-900" data-testid="received">{crate::ui::format::date_time(&row.created)}</span>
                <span class="block text-xs text-slate-500">{format!("Result #{id}")}</span>
            </td>
            <td class="td"><a class="link" href=format!("/customers/{}?tab=kyc", row.customer_id)>{row.customer_name}</a></td>
            <td class="td">
                <span class=if passed { "badge bg-emerald-50 text-emerald-800 ring-emerald-200" } else { "badge bg-red-50 text-red-800 ring-red-200" }>
                    {if passed { "Passed" } else { "Failed" }}
                </span>
            </td>
            <td class="td">{failed}</td>
            <td class="td whitespace-nowrap">
                <span data-testid="waited">{waited(row.waited_minutes)}</span>
                <SlaNote standing=SlaStanding::of(row.waited_minutes, sla_hours) sla_hours />
            </td>
            <td class="td">{claim}</td>
            <td class="td text-right"><a class="btn-secondary" href=format!("/review/{id}")>"Review"</a></td>
        </tr>
    }
}

/// The wait against the SLA: past it in red, its last quarter in amber, in words so it reads without colour.
#[component]
fn SlaNote(standing: SlaStanding, sla_hours: u32) -> impl IntoView {
    let class = match standing {
        SlaStanding::Past(_) => "badge mt-1 bg-red-50 text-red-800 ring-red-200",
        SlaStanding::Due(_) => "badge mt-1 bg-amber-50 text-amber-800 ring-amber-200",
        SlaStanding::Within(_) => "mt-1 text-xs text-slate-600",
    };
    let state = match standing {
        SlaStanding::Past(_) => "past",
        SlaStanding::Due(_) => "due",
        SlaStanding::Within(_) => "within",
    };
    view! { <span class=format!("block w-fit {class}") data-testid="sla" data-sla=state>{standing.describe(sla_hours)}</span> }
}

/// The reviewer's own claim, and "Release"; the queue loads again to show the result free.
#[island]
fn MyClaim(id: i64, minutes_left: i64) -> impl IntoView {
    let release = ServerAction::<ReleaseClaim>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = release.value().get() {
            crate::ui::client::reload_saying(
                "Claim released: other reviewers can take this result.",
            );
        }
    });
    view! {
        <div class="flex flex-wrap items-center gap-2">
            <span class="badge bg-sky-50 text-sky-800 ring-sky-200" data-testid="claimed-by">{format!("You · {minutes_left} min left")}</span>
            <button type="button" class="link text-xs" disabled=move || release.pending().get()
                on:click=move |_| { release.dispatch(ReleaseClaim { ratify_result_id: id }); }>
                {move || if release.pending().get() { "Releasing…" } else { "Release" }}
            </button>
            {move || release.value().get().and_then(|r| r.err()).map(|error| view! { <InlineError error /> })}
        </div>
    }
}
