//! Eclipse: the shared wire models, and (on the server) the typed HTTP client.
pub mod codes;
pub mod currencies;
pub mod models;
pub mod positions;
pub mod timestamps;

pub use codes::ErrorCode;

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod errors;
#[cfg(feature = "ssr")]
pub mod page_reads;
