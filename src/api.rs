//! How a domain declares its server functions. Each is a public endpoint under `/api/` whose body hands
//! over to the domain's `ssr` half, which checks the session and the position before anything else and
//! takes the tenant from the session. One declaration keeps the prefix, the error type (and so the HTTP
//! status, `AppError::status`) and that hand-over the same for every endpoint.
//!
//! ```ignore
//! server_fns! {
//!     /// Doc comments travel with the function.
//!     "customers/get" => get_customer(customer_id: i64) -> Customer = ssr::get;
//!     "customers/documents/upload" [input = Json] =>
//!         upload_document(customer_id: i64, upload: DocumentUpload) -> Outcome<Document> = ssr::upload;
//! }
//! ```

/// Declares server functions: `"endpoint" [server options] => name(args) -> Ok type = handler;`.
macro_rules! server_fns {
    ($(
        $(#[$meta:meta])*
        $endpoint:literal $([$($option:tt)*])? =>
            $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ok:ty = $handler:path;
    )*) => {$(
        $(#[$meta])*
        #[::leptos::server(prefix = "/api", endpoint = $endpoint $(, $($option)*)?)]
        pub async fn $name($($arg: $ty),*) -> Result<$ok, $crate::error::AppError> {
            $handler($($arg),*).await
        }
    )*};
}
pub(crate) use server_fns;
