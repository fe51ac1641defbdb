//! Sign-in, sign-out and the signed-in user, as server functions; the guard every server function
//! starts with (`ssr::require`). The pages that use them are the app shell's.
#[cfg(feature = "ssr")]
pub mod sign_in;
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
    pub theme: Theme,
    pub number_locale: crate::eclipse::currencies::NumberLocale,
}

/// The admin's colour theme: the browser's setting, or always light or dark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// Its name in the page (`data-theme`) and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "As the system",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
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

/// The second step of a sign-in, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondStep {
    pub identity: String,
    /// For a user whose tenant requires a second factor they have not enrolled yet.
    pub enrolment: Option<Enrolment>,
}

/// A new TOTP secret, shown once: as a QR code (SVG drawn on the server) and as text to type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub qr_svg: String,
    pub secret: String,
}

server_fns! {
    "login" => login(identity: String, password: String, next: Option<String>) -> () = sign_in::login;
    "login/second_factor_page" =>
        second_factor_page() -> Option<SecondStep> = sign_in::second_factor_page;
    "login/second_factor" => login_second_factor(code: String) -> () = sign_in::second_factor;
    "login/abandon" => abandon_sign_in() -> () = sign_in::abandon_second_factor;
    "logout" => logout() -> () = ssr::logout;
    "current_user" => fetch_current_user() -> Option<CurrentUser> = ssr::current_user;
    /// The admin's theme, kept for them (and in this session, which pages read it from).
    "preferences/theme" => set_theme(theme: String) -> () = ssr::set_theme;
}

/// "Stay signed in": any authenticated call counts as activity; this one does nothing else.
#[server(prefix = "/api", endpoint = "keep_alive")]
pub async fn keep_alive() -> Result<(), AppError> {
    ssr::require(Capability::ReadBasics).await?.touch().await
}
