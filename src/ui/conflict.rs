//! Someone else saved the record while the user was editing it: their values beside the user's, the
//! differences marked, and the choice of applying the user's on top of the latest version or taking theirs.
use leptos::prelude::*;

#[component]
pub fn ConflictPanel(
    /// What is being edited, e.g. "this wallet type".
    what: &'static str,
    version: i64,
    /// (field, saved, yours) for every field.
    rows: Vec<(String, String, String)>,
    on_apply_mine: impl Fn() + Send + Sync + 'static,
    on_take_theirs: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let rows = rows.into_iter().map(|(label, t, m)| {
        let differs = t != m;
        let show = |v: String| if v.is_empty() { "(not set)".to_owned() } else { v };
        view! {
            <tr class:bg-amber-50=differs data-differs=differs.to_string()>
                <th scope="row" class="td text-left font-medium">{label}{differs.then_some(view! { <span class="sr-only">" (differs)"</span> })}</th>
                <td class="td font-mono text-sm">{show(t)}</td>
                <td class="td font-mono text-sm">{show(m)}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="card mb-6 max-w-4xl border-amber-300 p-6 ring-1 ring-amber-200" role="alert" data-testid="conflict">
            <h2 class="text-base font-semibold text-amber-950">{format!("Someone else saved {what} while you were editing it")}</h2>
            <p class="mt-1 text-sm text-slate-700">
                "It is now at version "{version}". Nothing you entered is lost: compare the two, then apply yours on top of "
                "their version, or take theirs. Rows that differ are highlighted."
            </p>
            <div class="mt-4 overflow-x-auto" tabindex="0">
                <table class="min-w-full divide-y divide-slate-200 text-sm">
                    <thead class="bg-slate-50">
                        <tr>
                            <th scope="col" class="th">"Field"</th>
                            <th scope="col" class="th">{format!("Saved (version {version})")}</th>
                            <th scope="col" class="th">"Yours"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </div>
            <div class="mt-4 flex flex-wrap justify-end gap-3">
                <button type="button" class="btn-secondary" on:click=move |_| on_take_theirs()>"Discard mine, take theirs"</button>
                <button type="button" class="btn-primary" on:click=move |_| on_apply_mine()>
                    {format!("Apply mine on top of version {version}")}
                </button>
            </div>
        </section>
    }
}
