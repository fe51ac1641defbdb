//! A page's data as it loads: "Loading…" the first time, the previous view while it reloads, and the
//! error panel (with its status, and sign-in for an ended session) when it fails.
use crate::{error::AppError, ui::error::ErrorPanel};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
            {move || {
                let show = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => show(data).into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
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
