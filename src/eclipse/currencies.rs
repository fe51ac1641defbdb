//! ISO 4217 currencies in circulation (from `iso_currency`): a wallet type's `Currency` is one of them, and
//! an amount has as many decimals as its currency.
use super::amount::Minor;
use iso_currency::{Currency, IntoEnumIterator};

/// Funds, metals, test codes and superseded currencies are not what a wallet holds.
fn in_circulation(c: Currency) -> bool {
    !c.is_fund() && !c.is_special() && c.latest() == c
}

/// (code, name) of every currency in circulation, by code.
pub fn currencies() -> Vec<(&'static str, String)> {
    let mut all: Vec<_> = Currency::iter()
        .filter(|c| in_circulation(*c))
        .map(|c| (c.code(), c.name().to_owned()))
        .collect();
    all.sort_unstable();
    all
}

pub fn is_currency(code: &str) -> bool {
    Currency::from_code(code).is_some_and(in_circulation)
}

/// How many decimals amounts of `code` have (2 for ZAR, 0 for JPY, 3 for BHD); `None` for no currency.
pub fn decimals(code: &str) -> Option<u32> {
    Currency::from_code(code)
        .filter(|c| in_circulation(*c))
        .map(|c| c.exponent().unwrap_or(0).into())
}

/// The currency symbols of South African English (CLDR's `en-ZA`, as ICU has them) that are not the ISO code.
const SYMBOLS: &[(&str, &str)] = &[
    ("AUD", "A$"),
    ("BRL", "R$"),
    ("CAD", "CA$"),
    ("CNY", "CN¥"),
    ("EUR", "€"),
    ("GBP", "£"),
    ("HKD", "HK$"),
    ("ILS", "₪"),
    ("INR", "₹"),
    ("JPY", "JP¥"),
    ("KRW", "₩"),
    ("MXN", "MX$"),
    ("NZD", "NZ$"),
    ("PHP", "₱"),
    ("TWD", "NT$"),
    ("USD", "US$"),
    ("VND", "₫"),
    ("XAF", "FCFA"),
    ("XCD", "EC$"),
    ("XOF", "F CFA"),
    ("XPF", "CFPF"),
    ("ZAR", "R"),
];

/// The space South African English groups thousands with, and puts after a symbol that ends in a letter.
const SPACE: char = '\u{a0}';

/// An amount as people read it, in the tenant's locale (South African English: `R 30 963,54`, `US$1 500,00`):
/// the currency's symbol, thousands grouped, the currency's decimals after a decimal comma. Exports keep plain
/// numbers (`30963.54`); forms read either comma or point (`amount::parse`).
pub fn money(amount: f64, currency: &str) -> String {
    let places = decimals(currency).unwrap_or(2);
    money_minor(Minor::from_major(amount, places), currency)
}

/// How South African English names a currency: its symbol (`R`, `US$`), else its code.
pub fn symbol(currency: &str) -> &str {
    SYMBOLS.iter().find(|(code, _)| *code == currency).map_or(currency, |(_, s)| s)
}

/// `money` of an amount in minor units.
pub fn money_minor(amount: Minor, currency: &str) -> String {
    let places = decimals(currency).unwrap_or(2);
    let scale = 10u64.pow(places);
    let abs = amount.0.unsigned_abs();
    let digits = (abs / scale).to_string();
    let mut whole = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            whole.push(SPACE);
        }
        whole.push(digit);
    }
    let number = if places == 0 {
        whole
    } else {
        format!("{whole},{:0width$}", abs % scale, width = places as usize)
    };
    let symbol = symbol(currency);
    let space =
        if symbol.ends_with(|c: char| c.is_alphabetic() || c == '.') { "\u{a0}" } else { "" };
    let sign = if amount.0 < 0 { "-" } else { "" };
    format!("{sign}{symbol}{space}{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_in_circulation_with_their_decimals() {
        assert!(is_currency("ZAR") && is_currency("KES") && is_currency("USD"));
        assert!(!is_currency("ZZZ") && !is_currency("zar"));
        assert!(!is_currency("XAU"), "gold is not a wallet's currency");
        assert!(!is_currency("HRK"), "superseded by the euro");
        assert_eq!(
            (decimals("ZAR"), decimals("JPY"), decimals("BHD")),
            (Some(2), Some(0), Some(3))
        );
        let all = currencies();
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "sorted by code");
        assert!(all.contains(&("ZAR", "South African rand".to_owned())));
    }

    /// The strings Node's ICU prints for `new Intl.NumberFormat('en-ZA', {style: 'currency', currency})`.
    #[test]
    fn amounts_read_as_south_african_english_writes_them() {
        let icu = |s: &str| s.replace(' ', "\u{a0}");
        assert_eq!(money(-30963.54, "ZAR"), icu("-R 30 963,54"));
        assert_eq!(money(1234567.5, "ZAR"), icu("R 1 234 567,50"));
        assert_eq!(money(-0.5, "ZAR"), icu("-R 0,50"));
        assert_eq!(money(30963.54, "USD"), icu("US$30 963,54"));
        assert_eq!(money(1234567.5, "EUR"), icu("€1 234 567,50"));
        assert_eq!(money(-30963.54, "JPY"), icu("-JP¥30 964"));
        assert_eq!(money(1234567.5, "BHD"), icu("BHD 1 234 567,500"));
        assert_eq!(money(1234.5, "KES"), icu("KES 1 234,50"));
        assert_eq!(money(999.0, "ZAR"), icu("R 999,00"));
        assert_eq!(money_minor(Minor(2_550), "ZAR"), icu("R 25,50"));
    }
}
