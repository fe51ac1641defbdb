//! Reading a disbursement file: the vendor's header, then each row checked on its own and against the others
//! (what needs Eclipse or the store is checked by `ssr`). A problem is said by line, as a spreadsheet
//! numbers them (the header is line 1).
use super::{LineError, EXTERNAL_ID_MAX, EXTERNAL_ID_MIN, HEADER, MAX_ROWS};
use crate::{
    eclipse::amount::{self, Minor},
    transfers::DESCRIPTION_MAX,
};
use std::collections::HashMap;

/// A row that reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub line: u32,
    pub amount: Minor,
    pub description: String,
    pub to_wallet_id: i64,
    pub external_unique_id: String,
}

/// What the file says: its rows that read, and every problem. An `Err` is a file that is not one at all.
pub fn read(
    text: &str,
    decimals: u32,
    source_wallet_id: i64,
) -> Result<(Vec<FileRow>, Vec<LineError>), String> {
    // The reader numbers the line after a CRLF late; lines end in LF alone for it (spreadsheets write CRLF).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(_)) | None => return Err(header_problem()),
    };
    let same = header.len() == HEADER.len()
        && header.iter().zip(HEADER).all(|(cell, name)| cell.trim().eq_ignore_ascii_case(name));
    if !same {
        return Err(header_problem());
    }
    let line_of = |p: Option<&::csv::Position>| p.map_or(0, |p| p.line()) as u32;
    let mut rows = vec![];
    let mut errors = vec![];
    let mut seen: HashMap<String, u32> = HashMap::new();
    for record in records {
        let (line, record) = match record {
            Ok(r) => (line_of(r.position()), r),
            Err(err) => {
                let line = line_of(err.position());
                errors.push(LineError { line, message: "This line does not read as CSV.".into() });
                continue;
            }
        };
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(format!(
                "A file holds at most {MAX_ROWS} rows: split it into several files."
            ));
        }
        match row(&record, line, decimals, source_wallet_id) {
            Ok(row) => match seen.insert(row.external_unique_id.clone(), line) {
                Some(first) => errors.push(LineError {
                    line,
                    message: format!(
                        "externalUniqueId {} is also on line {first}.",
                        row.external_unique_id
                    ),
                }),
                None => rows.push(row),
            },
            Err(problems) => errors.push(LineError { line, message: problems.join(" ") }),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        return Err("The file has its header but no rows.".into());
    }
    Ok((rows, errors))
}

fn header_problem() -> String {
    format!("The first line must be the header {}.", HEADER.join(","))
}

fn row(
    record: &::csv::StringRecord,
    line: u32,
    decimals: u32,
    source: i64,
) -> Result<FileRow, Vec<String>> {
    if record.len() != HEADER.len() {
        return Err(vec![format!("{} cells where the header has {}.", record.len(), HEADER.len())]);
    }
    let cell = |i: usize| record.get(i).unwrap_or_default().trim();
    let mut problems = vec![];
    let amount = amount::parse(cell(0), decimals)
        .map_err(|p| problems.push(format!("amount: {}", p.message())))
        .unwrap_or(Minor(0));
    let description = cell(1);
    if description.chars().count() > DESCRIPTION_MAX {
        problems.push(format!("description: at most {DESCRIPTION_MAX} characters."));
    }
    let to_wallet_id = match cell(2).parse::<i64>() {
        Ok(id) if id > 0 && id == source => {
            problems.push("toWalletId: this is the source wallet.".into());
            id
        }
        Ok(id) if id > 0 => id,
        _ => {
            problems.push("toWalletId: a wallet id (digits).".into());
            0
        }
    };
    let external_unique_id = cell(3);
    let id_reads = (EXTERNAL_ID_MIN..=EXTERNAL_ID_MAX).contains(&external_unique_id.len())
        && external_unique_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if !id_reads {
        problems.push(format!(
            "externalUniqueId: {EXTERNAL_ID_MIN} to {EXTERNAL_ID_MAX} letters, digits, dashes, underscores, points or colons."
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(FileRow {
        line,
        amount,
        description: description.to_owned(),
        to_wallet_id,
        external_unique_id: external_unique_id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_is_said_on_its_line() {
        let text = "\u{feff}amount,description,toWalletId,externalUniqueId\r\n\
                    150.00,Salary,1042,payout-1\n\
                    1.005,Salary,1042,payout-2\n\
                    10,Salary,7,payout-3\n\
                    20,\"Bonus, March\",1043,payout-1\n\
                    5,x,abc,bad id\n\
                    1,2,3\n";
        let (rows, errors) = read(text, 2, 7).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0],
            FileRow {
                line: 2,
                amount: Minor(15_000),
                description: "Salary".into(),
                to_wallet_id: 1042,
                external_unique_id: "payout-1".into()
            }
        );
        let said: Vec<(u32, &str)> = errors.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(said[0], (3, "amount: At most 2 decimals for this currency."));
        assert_eq!(said[1], (4, "toWalletId: this is the source wallet."));
        assert_eq!(said[2], (5, "externalUniqueId payout-1 is also on line 2."));
        assert!(
            said[3].0 == 6
                && said[3].1.contains("toWalletId")
                && said[3].1.contains("externalUniqueId")
        );
        assert_eq!(said[4], (7, "3 cells where the header has 4."));
    }

    #[test]
    fn a_file_without_the_vendors_header_or_rows_is_refused_whole() {
        assert!(read("amount;description;toWalletId;externalUniqueId\n1;a;2;b\n", 2, 1).is_err());
        assert!(read("", 2, 1).is_err());
        assert_eq!(
            read("Amount,Description,ToWalletId,ExternalUniqueId\n", 2, 1).unwrap_err(),
            "The file has its header but no rows."
        );
        let big: String =
            std::iter::once("amount,description,toWalletId,externalUniqueId\n".to_owned())
                .chain((0..=MAX_ROWS).map(|i| format!("1,x,2,row-id-{i}\n")))
                .collect();
        assert!(read(&big, 2, 1).unwrap_err().contains("at most 10000 rows"));
    }
}
