//! CSV downloads: quoted cells, spreadsheet formulas defused, and the headers every download carries.
use axum::{
    http::header,
    response::{IntoResponse, Response},
};

/// What a spreadsheet may read as the start of a formula: `= + - @`, their full-width forms (some
/// spreadsheets fold them), tab and CR.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r'];

/// One cell: quoted, quotes doubled, and a leading formula character defused so a spreadsheet shows it as
/// text rather than running it.
pub fn cell(value: &str) -> String {
    let defused =
        if value.starts_with(FORMULA_STARTS) { format!("'{value}") } else { value.to_owned() };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// A CSV file from its header line and rows of cells.
pub fn table(header: &str, rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = format!("{header}\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|v| cell(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The answer: an attachment named `name`, never cached.
pub fn download(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "\"plain\"");
        assert_eq!(cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "\"'-1\"");
        assert_eq!(cell("＝1+1"), "\"'＝1+1\"", "full-width forms too");
        assert_eq!(cell("＠SUM(A1)"), "\"'＠SUM(A1)\"");
        assert_eq!(
            table("a,b", [vec!["1".to_owned(), "x".to_owned()]].into_iter()),
            "a,b\r\n\"1\",\"x\"\r\n"
        );
    }
}
