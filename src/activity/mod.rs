//! The portal's audit log as a page: sign-ins (failed ones too), sign-outs, refusals and every change the
//! portal made in Eclipse, who did it, when, with what result and Eclipse's trace id. Beside the KYC
//! decisions on `/audit`, for `TENANT_SYSTEM`.
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::api::server_fns;
use crate::ui::table::list_filters;
use crate::{
    auth::use_current_user,
    eclipse::positions::Capability,
    error::AppError,
    saved_views::{ListKind, SavedViews},
    ui::{
        error::ErrorPanel,
        format,
        layout::{PageHeader, ViewTabs},
        load::{list_page_if, Loaded},
        table::{use_list_state_with, DataTable, FilterField, FilterForm, ListState, PagedCard},
    },
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ActivityRecord {
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::store::StoredTime"))]
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub result: String,
    pub trace_id: Option<String>,
    /// How many times this happened within a few minutes (a repeated refusal is counted, not written again).
    pub repeats: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::store::StoredTime"))]
    pub last_at: Option<DateTime<Utc>>,
}

/// Which results to show.
pub const RESULTS: &[(&str, &str)] =
    &[("", "Any"), ("ok", "Succeeded"), ("refused", "Refused"), ("failed", "Failed")];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFilters {
    pub actor: String,
    /// The start of an action's name: `sign-in`, `wallet`, `customer.bar`.
    pub action: String,
    pub result: String,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub rows: Vec<ActivityRecord>,
    pub total: u64,
}

server_fns! {
    "activity/list" => activity_list(filters: ActivityFilters) -> ActivityPage = ssr::page;
}

/// "KYC decisions" | "All activity": the two views of `/audit`.
#[component]
pub fn AuditTabs(current: &'static str) -> impl IntoView {
    const TABS: &[(&str, &str)] =
        &[("/audit", "KYC decisions"), ("/audit/activity?view=default", "All activity")];
    view! { <ViewTabs tabs=TABS current label="Audit views" /> }
}

list_filters!(FILTER_KEYS, filters_of -> ActivityFilters {
    actor: "actor", action: "action", result: "result"
});

#[component]
pub fn ActivityLogPage() -> impl IntoView {
    let may = use_current_user().can(Capability::ManageTenant);
    let state = use_list_state_with("at", &["at"], FILTER_KEYS);
    let page = list_page_if(may, state, |s| activity_list(filters_of(&s)));
    if !may {
        return view! { <ErrorPanel error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <PageHeader title="Audit: all activity" subtitle="Sign-ins, sign-outs, refusals and every change the portal made in Eclipse, newest first." />
        <AuditTabs current="/audit/activity" />
        <div class="mb-3"><SavedViews list=ListKind::Activity /></div>
        <ActivityFilterForm state />
        <Loaded resource=page children=move |data| view! { <ActivityTable data state /> } />
    }
    .into_any()
}

#[component]
fn ActivityFilterForm(state: Memo<ListState>) -> impl IntoView {
    let result = state.with_untracked(|s| s.filter("result").to_owned());
    let options = RESULTS.iter().map(|(value, label)| view! { <option value=*value selected=result == *value>{*label}</option> }).collect_view();
    view! {
        <FilterForm label="Filter the activity" clear="/audit/activity">
            <FilterField state form="activity" name="actor" label="Who" class="input w-44" />
            <FilterField state form="activity" name="action" label="Action starts with" class="input w-44"
                placeholder="sign-in, wallet, customer.bar" />
            <div>
                <label for="activity-result" class="label">"Result"</label>
                <select id="activity-result" name="result" class="input">{options}</select>
            </div>
        </FilterForm>
    }
}

#[component]
fn ActivityTable(data: ActivityPage, state: Memo<ListState>) -> impl IntoView {
    let shown = data.rows.len();
    let lines = data
        .rows
        .into_iter()
        .map(|r| {
            let result_class =
                if r.result == "ok" || r.result == "started" || r.result.starts_with("done") {
                    "text-emerald-700"
                } else if r.result.starts_with("refused")
                    || r.result == "forbidden"
                    || r.result == "rate-limited"
                {
                    "text-amber-700"
                } else {
                    "text-red-700"
                };
            view! {
                <tr data-testid="activity-row">
                    <td class="td whitespace-nowrap">{format::date_time_to_second(&r.at)}</td>
                    <td class="td">{r.actor}</td>
                    <td class="td font-mono text-xs">{r.action}</td>
                    <td class="td max-w-xs break-words">{r.target.unwrap_or_default()}</td>
                    <td class=format!("td max-w-xs break-words {result_class}")>
                        {r.result}
                        {(r.repeats > 1).then(|| view! {
                            <span class="ml-1 text-xs text-slate-600" data-testid="activity-repeats">
                                {format!("×{}, last {}", r.repeats, r.last_at.as_ref().map(format::date_time_to_second).unwrap_or_default())}
                            </span>
                        })}
                    </td>
                    <td class="td font-mono text-xs">{r.trace_id.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <PagedCard state default_sort="at" shown total=Some(data.total) none="Nothing matches these filters.">
            <DataTable class="w-full text-sm" testid="activity" labels=&["Time (UTC)", "Who", "Action", "On", "Result", "Trace id"]>
                {lines}
            </DataTable>
        </PagedCard>
    }
}
