use leptos::prelude::*;

#[component]
pub fn BrandMark() -> impl IntoView {
    view! {
        <svg class="h-7 w-7" viewBox="0 0 32 32" aria-hidden="true">
            <circle cx="16" cy="16" r="14" fill="#0f172a" />
            <circle cx="20" cy="13" r="10" fill="#38bdf8" />
            <circle cx="22.5" cy="11" r="8.5" fill="#0f172a" />
        </svg>
    }
}
