//! Amounts as people type them, checked against their currency's decimals before anything moves. Kept as
//! whole minor units (cents), so a total of ten thousand rows adds up exactly; Eclipse's JSON numbers are
//! converted at the edge.
use super::currencies::decimals;

/// An amount in minor units of its currency (cents for ZAR).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Minor(pub i64);

/// Why a typed amount is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountProblem {
    Empty,
    NotANumber,
    NotPositive,
    TooManyDecimals(u32),
    TooLarge,
    /// A lone comma before three digits: a thousands separator or decimals?
    Ambiguous,
}

impl AmountProblem {
    pub fn message(&self) -> String {
        match self {
            AmountProblem::Empty => "Enter an amount.".into(),
            AmountProblem::NotANumber => {
                "An amount such as 150.00 (digits, one decimal point).".into()
            }
            AmountProblem::NotPositive => "The amount must be more than zero.".into(),
            AmountProblem::TooManyDecimals(0) => "This currency has no decimals.".into(),
            AmountProblem::TooManyDecimals(n) => format!("At most {n} decimals for this currency."),
            AmountProblem::TooLarge => "The amount is too large.".into(),
            AmountProblem::Ambiguous => {
                "Write 1500 or 1 500,00: a comma before three digits could mean thousands or decimals.".into()
            }
        }
    }
}

/// Parses `typed` into minor units of a currency with `decimals` of them, written either way people here write
/// amounts: "1 500,50" (as the portal shows them) or "1,500.50". Spaces group thousands; with both a comma
/// and a point, the last one separates the decimals; a lone comma is a decimal comma, except before exactly
/// three digits ("1,500"), which could be either and is refused rather than guessed.
pub fn parse(typed: &str, decimals: u32) -> Result<Minor, AmountProblem> {
    let spaced: String =
        typed.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let cleaned = match (spaced.rfind(','), spaced.rfind('.')) {
        (Some(comma), Some(point)) if comma > point => spaced.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => spaced.replace(',', ""),
        (Some(_), None) if spaced.matches(',').count() > 1 => spaced.replace(',', ""),
        (Some(comma), None) if spaced.len() - comma - 1 == 3 => {
            return Err(AmountProblem::Ambiguous)
        }
        (Some(_), None) => spaced.replace(',', "."),
        (None, _) => spaced,
    };
    if cleaned.is_empty() {
        return Err(AmountProblem::Empty);
    }
    if cleaned.starts_with('-') {
        return Err(AmountProblem::NotPositive);
    }
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(AmountProblem::NotANumber);
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > decimals as usize {
        return Err(AmountProblem::TooManyDecimals(decimals));
    }
    let scale = 10i64.pow(decimals);
    let whole: i64 =
        if whole.is_empty() { 0 } else { whole.parse().map_err(|_| AmountProblem::TooLarge)? };
    let fraction_minor: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<width$}", width = decimals as usize)
            .parse()
            .map_err(|_| AmountProblem::NotANumber)?
    };
    let minor = whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(fraction_minor))
        .filter(|m| *m <= MAX_MINOR)
        .ok_or(AmountProblem::TooLarge)?;
    if minor == 0 {
        return Err(AmountProblem::NotPositive);
    }
    Ok(Minor(minor))
}

/// The largest amount the portal sends: far beyond any wallet, and exact as an `f64` (Eclipse's JSON number).
const MAX_MINOR: i64 = 1 << 50;

impl Minor {
    /// The amount as Eclipse's JSON number.
    pub fn to_major(self, decimals: u32) -> f64 {
        self.0 as f64 / 10f64.powi(decimals as i32)
    }

    /// A balance Eclipse sent as a number, in minor units (rounded: Eclipse's numbers carry the currency's
    /// decimals, binary fractions aside).
    pub fn from_major(amount: f64, decimals: u32) -> Minor {
        Minor((amount * 10f64.powi(decimals as i32)).round() as i64)
    }

    /// `1 500.50`-style text with the currency's decimals, for forms, CSV and the confirmation.
    pub fn format(self, decimals: u32) -> String {
        let scale = 10i64.pow(decimals);
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs() as i64;
        if decimals == 0 {
            format!("{sign}{abs}")
        } else {
            format!("{sign}{}.{:0width$}", abs / scale, abs % scale, width = decimals as usize)
        }
    }
}

/// An amount and its currency as a setting holds it: `"5000.00 ZAR"` (the amount, a space, the ISO code).
pub fn parse_with_currency(value: &str) -> Result<(Minor, String), String> {
    let (typed, currency) = value
        .trim()
        .rsplit_once(' ')
        .ok_or_else(|| "an amount and a currency, such as 5000.00 ZAR".to_owned())?;
    let currency = currency.trim().to_ascii_uppercase();
    let places = decimals(&currency).ok_or_else(|| format!("{currency} is not a currency code"))?;
    let minor = parse(typed, places).map_err(|p| p.message())?;
    Ok((minor, currency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_become_minor_units_of_their_currency() {
        assert_eq!(parse("1500", 2), Ok(Minor(150_000)));
        assert_eq!(parse(" 1 500.5 ", 2), Ok(Minor(150_050)));
        assert_eq!(parse("1,500.50", 2), Ok(Minor(150_050)));
        assert_eq!(parse(".25", 2), Ok(Minor(25)));
        assert_eq!(parse("12.300", 2), Ok(Minor(1_230)), "trailing zeros are not decimals");
        assert_eq!(parse("500", 0), Ok(Minor(500)));
        assert_eq!(parse("1.234", 3), Ok(Minor(1_234)));
        // As the portal shows amounts (South African English), and pasted from a page.
        assert_eq!(parse("1 500,50", 2), Ok(Minor(150_050)));
        assert_eq!(parse("1\u{a0}500,5", 2), Ok(Minor(150_050)));
        assert_eq!(parse("25,50", 2), Ok(Minor(2_550)));
        assert_eq!(parse("1.500,50", 2), Ok(Minor(150_050)));
        assert_eq!(parse("1,500,000", 2), Ok(Minor(150_000_000)));
    }

    #[test]
    fn a_comma_that_could_be_either_is_asked_about() {
        assert_eq!(parse("1,500", 2), Err(AmountProblem::Ambiguous));
        assert_eq!(parse("1,5005", 2), Err(AmountProblem::TooManyDecimals(2)));
    }

    #[test]
    fn what_is_not_an_amount_says_why() {
        assert_eq!(parse("", 2), Err(AmountProblem::Empty));
        assert_eq!(parse("-5", 2), Err(AmountProblem::NotPositive));
        assert_eq!(parse("0.00", 2), Err(AmountProblem::NotPositive));
        assert_eq!(parse("1.2.3", 2), Err(AmountProblem::NotANumber));
        assert_eq!(parse("1e3", 2), Err(AmountProblem::NotANumber));
        assert_eq!(parse(".", 2), Err(AmountProblem::NotANumber));
        assert_eq!(parse("1.005", 2), Err(AmountProblem::TooManyDecimals(2)));
        assert_eq!(parse("1.5", 0), Err(AmountProblem::TooManyDecimals(0)));
        assert_eq!(parse("99999999999999999999", 2), Err(AmountProblem::TooLarge));
    }

    #[test]
    fn a_setting_is_an_amount_and_a_currency() {
        assert_eq!(parse_with_currency("5 000 zar"), Ok((Minor(500_000), "ZAR".into())));
        assert_eq!(parse_with_currency("100 JPY"), Ok((Minor(100), "JPY".into())));
        assert!(parse_with_currency("5000").is_err());
        assert!(parse_with_currency("5000 XXX").unwrap_err().contains("XXX"));
        assert!(parse_with_currency("1.5 JPY").is_err());
    }

    #[test]
    fn minor_units_read_back_with_the_currency_decimals() {
        assert_eq!(Minor(150_050).format(2), "1500.50");
        assert_eq!(Minor(5).format(2), "0.05");
        assert_eq!(Minor(-5).format(2), "-0.05");
        assert_eq!(Minor(500).format(0), "500");
        assert_eq!(Minor::from_major(1500.5, 2), Minor(150_050));
        assert_eq!(Minor::from_major(0.1 + 0.2, 2), Minor(30));
        assert_eq!(Minor(150_050).to_major(2), 1500.5);
    }
}
