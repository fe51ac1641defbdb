//! Keyboard shortcuts: controls carry `data-shortcut="<key>"` (and a `data-shortcut-label`), and
//! `js/shortcuts.js` presses them; `?` lists those of the page.

/// "? Shortcuts": shows the page's keyboard shortcuts, as `?` does.
#[leptos::component]
pub fn ShortcutsButton() -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! {
        <button type="button" class="btn-secondary" data-shortcut-help="" aria-keyshortcuts="?" data-testid="shortcuts">
            <kbd class="mr-1 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">"?"</kbd>"Shortcuts"
        </button>
    }
}
