//! Someone else saved the wallet type while the user was editing it: their values beside the user's, the
//! differences marked, and the choice of applying the user's on top of the latest version or taking theirs.
use super::*;

/// The fields of both versions, as (label, theirs, mine).
pub fn compare(theirs: &WalletTypeForm, mine: &WalletTypeForm) -> Vec<(String, String, String)> {
    let mut rows = vec![
        ("Name".to_owned(), theirs.name.clone(), mine.name.clone()),
        ("Mode".to_owned(), theirs.mode.as_str().to_owned(), mine.mode.as_str().to_owned()),
    ];
    for k in KNOWN_ATTRIBUTES {
        rows.push((k.label.to_owned(), theirs.known_value(k.att).to_owned(), mine.known_value(k.att).to_owned()));
    }
    let value_in = |form: &WalletTypeForm, att: &str| {
        form.other.iter().find(|a| a.att.trim() == att).map(|a| a.val.trim().to_owned()).unwrap_or_default()
    };
    let mut others: Vec<String> = theirs.other.iter().chain(&mine.other).map(|a| a.att.trim().to_owned()).filter(|a| !a.is_empty()).collect();
    others.sort();
    others.dedup();
    for att in others {
        rows.push((att.clone(), value_in(theirs, &att), value_in(mine, &att)));
    }
    rows
}

#[component]
pub fn ConflictPanel(
    latest: WalletType,
    mine: WalletTypeForm,
    on_apply_mine: impl Fn(WalletType) + Copy + Send + Sync + 'static,
    on_take_theirs: impl Fn(WalletType) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let theirs = WalletTypeForm::of(&latest);
    let rows = compare(&theirs, &mine).into_iter().map(|(label, t, m)| {
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
    let version = latest.version;
    let (for_mine, for_theirs) = (latest.clone(), latest);
    view! {
        <section class="card mb-6 max-w-4xl border-amber-300 p-6 ring-1 ring-amber-200" role="alert" data-testid="conflict">
            <h2 class="text-base font-semibold text-amber-950">"Someone else saved this wallet type while you were editing it"</h2>
            <p class="mt-1 text-sm text-slate-700">
                "It is now at version "{version}". Nothing you entered is lost: compare the two, then apply yours on top of "
                "their version, or take theirs. Rows that differ are highlighted."
            </p>
            <div class="mt-4 overflow-x-auto">
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
                <button type="button" class="btn-secondary" on:click=move |_| on_take_theirs(for_theirs.clone())>"Discard mine, take theirs"</button>
                <button type="button" class="btn-primary" on:click=move |_| on_apply_mine(for_mine.clone())>
                    {format!("Apply mine on top of version {version}")}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_versions_line_up_field_by_field() {
        let mut theirs = WalletTypeForm::blank();
        theirs.name = "Wallet".into();
        theirs.other = vec![Attribute { att: "tier".into(), val: "1".into() }];
        let mut mine = theirs.clone();
        mine.known[3] = "500".into();
        mine.other.push(Attribute { att: "colour".into(), val: "blue".into() });
        let rows = compare(&theirs, &mine);
        let differing: Vec<&str> = rows.iter().filter(|(_, t, m)| t != m).map(|(l, _, _)| l.as_str()).collect();
        assert_eq!(differing, ["Daily debit limit", "colour"]);
        assert!(rows.iter().any(|(l, t, m)| l == "tier" && t == "1" && m == "1"));
    }
}
