//! ISO 4217 currencies in circulation (from `iso_currency`): a wallet type's `Currency` is one of them, and
//! an amount has as many decimals as its currency.
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

/// An amount as people read it: the currency's code, then the amount with the currency's decimals.
pub fn money(amount: f64, currency: &str) -> String {
    let places = decimals(currency).unwrap_or(2) as usize;
    format!("{currency} {amount:.places$}")
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
        assert_eq!(money(1500.5, "ZAR"), "ZAR 1500.50");
        assert_eq!(money(1500.0, "JPY"), "JPY 1500");
        let all = currencies();
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "sorted by code");
        assert!(all.contains(&("ZAR", "South African rand".to_owned())));
    }
}
