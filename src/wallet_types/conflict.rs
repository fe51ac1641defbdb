//! Someone else saved the wallet type while the user was editing it: the two versions, field by field.
use super::{WalletTypeForm, KNOWN_ATTRIBUTES};
use crate::eclipse::models::WalletType;

/// The fields of both versions, as (label, theirs, mine).
pub fn compare(theirs: &WalletTypeForm, mine: &WalletTypeForm) -> Vec<(String, String, String)> {
    let mut rows = vec![
        ("Name".to_owned(), theirs.name.clone(), mine.name.clone()),
        ("Mode".to_owned(), theirs.mode.as_str().to_owned(), mine.mode.as_str().to_owned()),
    ];
    for k in KNOWN_ATTRIBUTES {
        rows.push((
            k.label.to_owned(),
            theirs.known_value(k.att).to_owned(),
            mine.known_value(k.att).to_owned(),
        ));
    }
    let value_in = |form: &WalletTypeForm, att: &str| {
        form.other
            .iter()
            .find(|a| a.att.trim() == att)
            .map(|a| a.val.trim().to_owned())
            .unwrap_or_default()
    };
    let mut others: Vec<String> = theirs
        .other
        .iter()
        .chain(&mine.other)
        .map(|a| a.att.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    others.sort();
    others.dedup();
    for att in others {
        rows.push((att.clone(), value_in(theirs, &att), value_in(mine, &att)));
    }
    rows
}

/// Their version beside the user's edit, for `ui::conflict::ConflictPanel`.
pub fn conflict_rows(latest: &WalletType, mine: &WalletTypeForm) -> Vec<(String, String, String)> {
    compare(&WalletTypeForm::of(latest), mine)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eclipse::models::Attribute;

    #[test]
    fn both_versions_line_up_field_by_field() {
        let mut theirs = WalletTypeForm::blank();
        theirs.name = "Wallet".into();
        theirs.other = vec![Attribute { att: "tier".into(), val: "1".into() }];
        let mut mine = theirs.clone();
        mine.known[3] = "500".into();
        mine.other.push(Attribute { att: "colour".into(), val: "blue".into() });
        let rows = compare(&theirs, &mine);
        let differing: Vec<&str> =
            rows.iter().filter(|(_, t, m)| t != m).map(|(l, _, _)| l.as_str()).collect();
        assert_eq!(differing, ["Daily debit limit", "colour"]);
        assert!(rows.iter().any(|(l, t, m)| l == "tier" && t == "1" && m == "1"));
    }
}
