//! Eclipse: the shared wire models, and (on the server) the typed HTTP client.
pub mod amount;
pub mod currencies;
mod currency_symbols;
pub mod models;
pub mod positions;
pub mod timestamps;

/// Eclipse's error codes are part of the portal's error vocabulary (`error`), the layer below this one.
pub use crate::error::ErrorCode;

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod errors;
#[cfg(feature = "ssr")]
pub mod page_reads;
