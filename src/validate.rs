//! Small field rules shared by the browser, the portal's server and the sandbox.

pub fn is_valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.len() >= 3
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && !domain.contains('@')
}

/// Sign-in names: 3 to 100 letters, digits, `.`, `_`, `-` or `@`.
pub fn is_valid_identity(s: &str) -> bool {
    (3..=100).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || ".-_@".contains(c))
}

/// A pre-hashed bcrypt value (`$2a$`, `$2b$` or `$2y$`), which Eclipse stores as given.
pub fn is_bcrypt_hash(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 60
        && (s.starts_with("$2a$") || s.starts_with("$2b$") || s.starts_with("$2y$"))
        && b[4].is_ascii_digit()
        && b[5].is_ascii_digit()
        && b[6] == b'$'
        && s[7..].chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/')
}

/// Phone numbers in the international form Eclipse stores (`27821234567`): a leading `0` is South Africa's
/// national prefix, so `0821234567` and `27821234567` are the same number.
pub fn normalise_phone(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let international = match digits.strip_prefix('0') {
        Some(rest) if rest.len() == 9 => format!("27{rest}"),
        _ => digits.to_owned(),
    };
    (9..=15).contains(&international.len()).then_some(international)
}

/// The fewest characters a password the portal sets may have (ASVS 5.0, level 2).
pub const PASSWORD_MIN_CHARS: usize = 12;

/// What is wrong with a password the portal sets (an admin user's, a customer identity's), as ASVS 5.0
/// level 2 asks: at least 12 characters, no composition rules, at most 72 bytes (bcrypt reads no further),
/// and, on the server, not easy to guess — zxcvbn's estimate, with the person's own names (`about`) counted
/// as known to an attacker. The browser checks the length only (zxcvbn's dictionaries would weigh on every
/// page).
pub fn password_problem(s: &str, about: &[&str]) -> Option<String> {
    if s.chars().count() < PASSWORD_MIN_CHARS {
        return Some(format!("must be at least {PASSWORD_MIN_CHARS} characters"));
    }
    if s.len() > 72 {
        return Some("must be at most 72 bytes (bcrypt's limit)".into());
    }
    #[cfg(feature = "ssr")]
    {
        let estimate = zxcvbn::zxcvbn(s, about);
        if u8::from(estimate.score()) < 3 {
            let why = estimate
                .feedback()
                .and_then(|f| f.warning())
                .map(|w| format!(" ({})", w.to_string().trim_end_matches('.')))
                .unwrap_or_default();
            return Some(format!(
                "is too easy to guess{why}: a few unrelated words make a strong one"
            ));
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = about;
    None
}

/// The cost a bcrypt hash was made with (`$2b$12$…` is 12).
pub fn bcrypt_cost(hash: &str) -> Option<u32> {
    is_bcrypt_hash(hash).then(|| hash[4..6].parse().ok()).flatten()
}

/// The costs a supplied bcrypt hash may have: cheaper ones are quick to crack, dearer ones slow every
/// sign-in down.
pub const BCRYPT_COSTS: std::ops::RangeInclusive<u32> = 10..=14;

/// Whether `sample` matches `pattern`, or why `pattern` is no regular expression. The server uses the
/// engine the identities are checked with (lookaround included); the browser its own, as a first check.
pub fn regex_test(pattern: &str, sample: &str) -> Result<bool, String> {
    #[cfg(feature = "ssr")]
    {
        let re = fancy_regex::Regex::new(pattern).map_err(|e| e.to_string())?;
        re.is_match(sample).map_err(|e| e.to_string())
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        let args = js_sys::Array::of1(&pattern.into());
        let constructor = js_sys::RegExp::new("", "").constructor();
        let re = js_sys::Reflect::construct(&constructor, &args).map_err(|e| {
            e.dyn_into::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|_| "invalid".into())
        })?;
        Ok(re.unchecked_into::<js_sys::RegExp>().test(sample))
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        let _ = (pattern, sample);
        Ok(false)
    }
}

/// A retry key as the browser makes it (`ui::retry_key`): 8 to 64 letters, digits or dashes.
/// What is wrong with a reason someone else reads (a second admin, the audit log): at least 3 characters, at
/// most `max`.
pub fn reason_problem(reason: &str, max: usize) -> Option<String> {
    match reason.trim().chars().count() {
        n if n < 3 => Some("Say why, in a few words (at least 3 characters).".into()),
        n if n > max => Some(format!("At most {max} characters.")),
        _ => None,
    }
}

pub fn is_retry_key(key: &str) -> bool {
    (8..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A create without a valid retry key is a malformed request: a retry could not be recognised as one.
pub fn require_retry_key(key: &str) -> Result<(), crate::error::AppError> {
    if is_retry_key(key) {
        Ok(())
    } else {
        Err(crate::error::AppError::BadRequest("The request carries no valid retry key.".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_keys_are_what_the_browser_makes() {
        assert!(
            is_retry_key("k3j4-88aa")
                && !is_retry_key("short")
                && !is_retry_key("../../etc/passwd")
        );
    }

    #[test]
    fn emails() {
        assert!(is_valid_email("aisha@example.co.za"));
        for bad in ["", "a", "a@b", "@x.com", "a b@x.com", "a@x.com.", "a@@x.com"] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones_in_either_form_are_one_number() {
        assert_eq!(normalise_phone("0821234567").as_deref(), Some("27821234567"));
        assert_eq!(normalise_phone("+27 82 123 4567").as_deref(), Some("27821234567"));
        assert_eq!(normalise_phone("27821234567").as_deref(), Some("27821234567"));
        assert_eq!(normalise_phone("12ab"), None);
    }

    #[test]
    fn bcrypt_and_identities() {
        assert_eq!(
            bcrypt_cost("$2a$10$tMR2xhUpO0kEpJT9E7p2ZuiJaqxFVmpCJjYJG7H7ttstFq2ddjXfq"),
            Some(10)
        );
        assert_eq!(password_problem("Long-enough-26", &[]), None);
        assert!(password_problem("Short-2026", &[]).unwrap().contains("at least 12"));
        assert!(is_bcrypt_hash("$2a$10$tMR2xhUpO0kEpJT9E7p2ZuiJaqxFVmpCJjYJG7H7ttstFq2ddjXfq"));
        assert!(!is_bcrypt_hash("$2a$10$short"));
        assert!(is_valid_identity("aisha.petersen"));
        assert!(!is_valid_identity("a b"));
        assert_eq!(
            password_problem("short1", &[]).as_deref(),
            Some("must be at least 12 characters")
        );
        assert_eq!(password_problem("SecureP@ssw0rd123", &[]), None);
    }
}

/// The Luhn check digit that completes `payload` (digits only).
pub fn luhn_check_digit(payload: &str) -> Option<u32> {
    if payload.is_empty() || !payload.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = payload
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    Some((10 - sum % 10) % 10)
}

/// Digits whose last is the Luhn check digit of the others (identity numbers, card numbers).
pub fn luhn_ok(number: &str) -> bool {
    number.len() >= 2
        && number.is_char_boundary(number.len() - 1)
        && luhn_check_digit(&number[..number.len() - 1])
            .is_some_and(|d| number[number.len() - 1..].parse::<u32>().ok() == Some(d))
}

/// The Luhn check digit of the first 12 digits of a South African identity number.
pub fn sa_id_check_digit(first12: &str) -> Option<u32> {
    if first12.len() != 12 {
        return None;
    }
    luhn_check_digit(first12)
}

/// 13 digits whose last is the Luhn check digit of the others.
pub fn sa_id_luhn_ok(id: &str) -> bool {
    id.len() == 13 && luhn_ok(id)
}

/// Whether the identity number's `YYMMDD` agrees with a `YYYY-MM-DD` date of birth.
pub fn sa_id_matches_birth_date(id: &str, date_of_birth: &str) -> bool {
    let Some(born) = chrono::NaiveDate::parse_from_str(date_of_birth.trim(), "%Y-%m-%d").ok()
    else {
        return false;
    };
    id.get(..6) == Some(born.format("%y%m%d").to_string().as_str())
}

#[cfg(test)]
mod sa_id_tests {
    use super::*;

    #[test]
    fn the_vendor_example_fails_its_luhn_check_as_api_md_says() {
        assert_eq!(sa_id_check_digit("900315501208"), Some(6));
        assert!(!sa_id_luhn_ok("9003155012083"));
        assert!(sa_id_luhn_ok("9003155012086"));
        assert!(sa_id_matches_birth_date("9003155012086", "1990-03-15"));
        assert!(!sa_id_matches_birth_date("9003155012086", "1990-03-16"));
    }
}
