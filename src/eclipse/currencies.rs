//! ISO 4217 currencies in circulation (from `iso_currency`): a wallet type's `Currency` is one of them, and
//! an amount has as many decimals as its currency.
use super::amount::Minor;
use iso_currency::{Currency, IntoEnumIterator};
use serde::{Deserialize, Serialize};

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

/// A way of writing amounts: the tenant's `numberLocale` setting, South African English by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NumberLocale {
    /// `R 30 963,54`, `US$1 500,00`.
    #[default]
    #[serde(rename = "en-ZA")]
    EnZa,
    /// `ZAR 30,963.54`, `US$1,500.00`.
    #[serde(rename = "en-GB")]
    EnGb,
    /// `ZAR 30,963.54`, `$1,500.00`.
    #[serde(rename = "en-US")]
    EnUs,
    /// `30.963,54 ZAR`, `1.500,00 $`.
    #[serde(rename = "de-DE")]
    DeDe,
    /// `30 963,54 ZAR`, `1 500,00 $US`.
    #[serde(rename = "fr-FR")]
    FrFr,
}

/// How a locale writes an amount, as ICU's `Intl.NumberFormat(tag, {style: 'currency'})` does.
struct Rules {
    group: char,
    decimal: char,
    /// The symbol after the number (`1.500,00 $`), with a no-break space; else before it.
    symbol_after: bool,
    symbols: &'static [(&'static str, &'static str)],
}

impl NumberLocale {
    pub const ALL: [NumberLocale; 5] = [
        NumberLocale::EnZa,
        NumberLocale::EnGb,
        NumberLocale::EnUs,
        NumberLocale::DeDe,
        NumberLocale::FrFr,
    ];

    /// Its BCP 47 tag, as the setting holds it.
    pub fn tag(self) -> &'static str {
        match self {
            NumberLocale::EnZa => "en-ZA",
            NumberLocale::EnGb => "en-GB",
            NumberLocale::EnUs => "en-US",
            NumberLocale::DeDe => "de-DE",
            NumberLocale::FrFr => "fr-FR",
        }
    }

    pub fn parse(tag: &str) -> Option<NumberLocale> {
        NumberLocale::ALL.into_iter().find(|l| l.tag() == tag.trim())
    }

    fn rules(self) -> Rules {
        use super::currency_symbols as symbols;
        let (group, decimal, symbol_after, symbols) = match self {
            NumberLocale::EnZa => (NO_BREAK, ',', false, symbols::EN_ZA),
            NumberLocale::EnGb => (',', '.', false, symbols::EN_GB),
            NumberLocale::EnUs => (',', '.', false, symbols::EN_US),
            NumberLocale::DeDe => ('.', ',', true, symbols::DE_DE),
            NumberLocale::FrFr => (NARROW_NO_BREAK, ',', true, symbols::FR_FR),
        };
        Rules { group, decimal, symbol_after, symbols }
    }

    /// How this locale names a currency: its symbol (`R`, `US$`), else its code.
    pub fn symbol(self, currency: &str) -> &str {
        self.rules().symbols.iter().find(|(code, _)| *code == currency).map_or(currency, |(_, s)| s)
    }

    /// An amount as people of this locale read it: the currency's symbol where the locale puts it, thousands
    /// grouped, the currency's decimals. Exports keep plain numbers (`30963.54`); forms read either comma or
    /// point (`amount::parse`).
    pub fn money(self, amount: f64, currency: &str) -> String {
        let places = decimals(currency).unwrap_or(2);
        self.money_minor(Minor::from_major(amount, places), currency)
    }

    /// `money` of an amount in minor units.
    pub fn money_minor(self, amount: Minor, currency: &str) -> String {
        let rules = self.rules();
        let places = decimals(currency).unwrap_or(2);
        let scale = 10u64.pow(places);
        let abs = amount.0.unsigned_abs();
        let digits = (abs / scale).to_string();
        let mut number = String::with_capacity(digits.len() + digits.len() / 3 + 4);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                number.push(rules.group);
            }
            number.push(digit);
        }
        if places > 0 {
            number.push(rules.decimal);
            number.push_str(&format!("{:0width$}", abs % scale, width = places as usize));
        }
        let symbol = self.symbol(currency);
        let sign = if amount.0 < 0 { "-" } else { "" };
        if rules.symbol_after {
            return format!("{sign}{number}{NO_BREAK}{symbol}");
        }
        let space =
            if symbol.ends_with(|c: char| c.is_alphabetic() || c == '.') { "\u{a0}" } else { "" };
        format!("{sign}{symbol}{space}{number}")
    }
}

/// The space most locales put between a symbol and the number, and South African English groups with.
const NO_BREAK: char = '\u{a0}';
/// French groups thousands with a narrower one.
const NARROW_NO_BREAK: char = '\u{202f}';

/// An amount in the signed-in tenant's locale (`R 30 963,54` by default).
pub fn money(amount: f64, currency: &str) -> String {
    current_locale().money(amount, currency)
}

/// How the tenant's locale names a currency: its symbol (`R`, `US$`), else its code.
pub fn symbol(currency: &str) -> String {
    current_locale().symbol(currency).to_owned()
}

/// `money` of an amount in minor units.
pub fn money_minor(amount: Minor, currency: &str) -> String {
    current_locale().money_minor(amount, currency)
}

/// The locale of this render: on the server, what the shell (a page) or the guard (a server function)
/// provided from the session; in the browser, what the page's layout says (`data-number-locale`).
pub fn current_locale() -> NumberLocale {
    if let Some(locale) = leptos::prelude::use_context::<NumberLocale>() {
        return locale;
    }
    #[cfg(feature = "hydrate")]
    {
        thread_local! {
            static PAGE_LOCALE: NumberLocale = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[data-number-locale]").ok().flatten())
                .and_then(|e| e.get_attribute("data-number-locale"))
                .and_then(|tag| NumberLocale::parse(&tag))
                .unwrap_or_default();
        }
        return PAGE_LOCALE.with(|l| *l);
    }
    #[allow(unreachable_code)]
    NumberLocale::default()
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

    /// The strings Node's ICU prints for `Intl.NumberFormat(tag, {style: 'currency', currency})`.
    #[test]
    fn amounts_read_as_each_locale_writes_them() {
        let icu = |s: &str| s.replace(' ', "\u{a0}");
        let cases: [(NumberLocale, [&str; 4]); 4] = [
            (
                NumberLocale::EnGb,
                ["-ZAR 30,963.54", "US$30,963.54", "-JP¥30,964", "BHD 1,234,567.500"],
            ),
            (NumberLocale::EnUs, ["-ZAR 30,963.54", "$30,963.54", "-¥30,964", "BHD 1,234,567.500"]),
            (
                NumberLocale::DeDe,
                ["-30.963,54 ZAR", "30.963,54 $", "-30.964 ¥", "1.234.567,500 BHD"],
            ),
            (
                NumberLocale::FrFr,
                [
                    "-30\u{202f}963,54 ZAR",
                    "30\u{202f}963,54 $US",
                    "-30\u{202f}964 JPY",
                    "1\u{202f}234\u{202f}567,500 BHD",
                ],
            ),
        ];
        for (locale, [zar, usd, jpy, bhd]) in cases {
            assert_eq!(locale.money(-30963.54, "ZAR"), icu(zar), "{locale:?}");
            assert_eq!(locale.money(30963.54, "USD"), icu(usd), "{locale:?}");
            assert_eq!(locale.money(-30963.54, "JPY"), icu(jpy), "{locale:?}");
            assert_eq!(locale.money(1234567.5, "BHD"), icu(bhd), "{locale:?}");
            assert_eq!(NumberLocale::parse(locale.tag()), Some(locale));
        }
        assert_eq!(NumberLocale::parse("xx-YY"), None);
    }
}
