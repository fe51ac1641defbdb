//! A page's data as it loads: "Loading…" the first time, the previous view while it reloads, and the
//! error panel (with its status, and sign-in for an ended session) when it fails.
use crate::{
    error::AppError,
    ui::{error::ErrorPanel, table::ListState},
};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

#[component]
pub fn Loaded<T, F, V>(
    resource: Resource<Result<T, AppError>>,
    children: F,
    /// Inside a card: "Loading…" and the error keep off its edges.
    #[prop(optional)]
    inset: bool,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let loading = if inset { "p-4 text-sm text-slate-500" } else { "text-sm text-slate-500" };
    view! {
        <Transition fallback=move || view! { <p class=loading>"Loading…"</p> }>
            {move || {
                let show = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => show(data).into_any(),
                        Err(error) if inset => view! { <div class="p-4"><ErrorPanel error /></div> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// A list that loads inside a card, as `Loaded`, with a line saying `none` when it is empty.
#[component]
pub fn LoadedList<T, F, V>(
    resource: Resource<Result<Vec<T>, AppError>>,
    none: &'static str,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(Vec<T>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let show = move |list: Vec<T>| {
        if list.is_empty() {
            view! { <p class="p-6 text-sm text-slate-600">{none}</p> }.into_any()
        } else {
            children(list).into_any()
        }
    };
    view! { <Loaded resource inset=true children=show /> }
}

/// The number the route's `:id` carries; `None` when it is not a number.
pub fn route_id() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get("id").and_then(|id| id.parse::<i64>().ok())
}

/// The record the route's `:id` names, as `fetch` loads it; an `:id` that is not a number is not found.
pub fn record_of_route<T, Fut>(fetch: fn(i64) -> Fut) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(route_id(), move |id| async move {
        match id {
            Some(id) => fetch(id).await,
            None => Err(AppError::NotFound),
        }
    })
}

/// The page of a list that `state` names, as `fetch` loads it, for a user who `may` see the list; anyone
/// else gets `Forbidden` without the server being asked (the page shows that instead of the list).
pub fn list_page_if<T, Fut>(
    may: bool,
    state: Memo<ListState>,
    fetch: impl Fn(ListState) -> Fut + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(
        move || state.get(),
        move |s| {
            let answer = may.then(|| fetch(s));
            async move {
                match answer {
                    Some(answer) => answer.await,
                    None => Err(AppError::Forbidden),
                }
            }
        },
    )
}
