//! The portal's UI kit: page header, toasts, errors, forms, dialogs, tables, the page's bootstrap and its
//! content policy. It knows no domain: nothing here imports a domain module, auth or the app shell.
pub mod chart;
pub mod client;
pub mod conflict;
#[cfg(feature = "ssr")]
pub mod csp;
pub mod dialog;
#[cfg(feature = "hydrate")]
pub mod early_input;
pub mod error;
pub mod form;
pub mod format;
pub mod hydration_script;
pub mod icons;
pub mod layout;
pub mod load;
pub mod shortcuts;
pub mod status_change;
pub mod table;
pub mod toast;

/// A random key the browser fixes when a create starts (a file picked, a form opened): every retry of that
/// create carries it, so Eclipse sees one `externalUniqueId` and a lost answer cannot make a second record.
pub fn retry_key() -> String {
    (0..20)
        .map(|_| char::from_digit((random_unit() * 36.0) as u32 % 36, 36).unwrap_or('0'))
        .collect()
}

#[cfg(feature = "hydrate")]
fn random_unit() -> f64 {
    js_sys::Math::random()
}

#[cfg(all(feature = "ssr", not(feature = "hydrate")))]
fn random_unit() -> f64 {
    rand::random()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn random_unit() -> f64 {
    0.5
}

/// A path (with its query) as the value of a `next=` parameter: percent-encoded but for `/`, which
/// keeps the address readable.
pub fn encode_path(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const PATH_VALUE: &AsciiSet =
        &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');
    utf8_percent_encode(s, PATH_VALUE).to_string()
}

/// A file size for people: bytes, KB or MB.
pub fn file_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1_048_576 => format!("{:.0} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}
