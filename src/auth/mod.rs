//! Sign-in, sign-out and the signed-in user, as server functions; the guard every server function
//! starts with (`ssr::require`). The pages that use them are the app shell's.
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod throttle;

use crate::api::server_fns;
use crate::eclipse::positions::{allows, Capability, Position};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the browser may know of the signed-in admin (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub identity: String,
    pub admin_user_id: i64,
    pub tenant_id: i64,
    pub tenant_name: String,
    pub positions: Vec<Position>,
    pub idle_timeout_secs: u64,
    pub warning_secs: u64,
}

impl CurrentUser {
    pub fn can(&self, capability: Capability) -> bool {
        allows(&self.positions, capability)
    }
}

/// The signed-in user, provided by the shell to every page inside it.
pub fn use_current_user() -> CurrentUser {
    expect_context::<CurrentUser>()
}

server_fns! {
    "login" => login(identity: String, password: String, next: Option<String>) -> () = ssr::login;
    "logout" => logout() -> () = ssr::logout;
    "current_user" => fetch_current_user() -> Option<CurrentUser> = ssr::current_user;
}

/// "Stay signed in": any authenticated call counts as activity; this one does nothing else.
#[server(prefix = "/api", endpoint = "keep_alive")]
pub async fn keep_alive() -> Result<(), AppError> {
    ssr::require(Capability::ReadBasics).await?.touch().await
}
