//! The server's runtime configuration: `Leptos.toml` (its `[portal]` table and its Leptos options), each
//! value overridable by an environment variable (docs/configuration.md lists them).
use leptos::config::LeptosOptions;
use serde::Deserialize;
use std::{net::SocketAddr, path::PathBuf, time::Duration};

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
struct PortalSection {
    eclipse_base_url: String,
    data_dir: String,
    database_url: String,
    shutdown_drain_secs: u64,
    session_idle_secs: u64,
    session_absolute_secs: u64,
    session_warning_secs: u64,
    request_body_timeout_secs: u64,
    audit_retention_days: u32,
    session_cookie_secure: String,
    public_origin: String,
    eclipse_connect_timeout_ms: u64,
    eclipse_timeout_ms: u64,
    sandbox_seed_demo: bool,
    sandbox_token_ttl_secs: i64,
    trusted_proxies: String,
    metrics_allow: String,
    sign_in_failures_per_identity: u32,
    sign_in_failures_per_address: u32,
    sign_in_window_secs: u64,
    report_direct_rows: u64,
    report_rows_cap: u64,
}

impl Default for PortalSection {
    fn default() -> Self {
        PortalSection {
            eclipse_base_url: String::new(),
            data_dir: "data".into(),
            database_url: String::new(),
            shutdown_drain_secs: 5,
            session_idle_secs: 1800,
            session_absolute_secs: 43_200,
            session_warning_secs: 120,
            request_body_timeout_secs: 30,
            audit_retention_days: 2557,
            session_cookie_secure: "auto".into(),
            public_origin: "http://127.0.0.1:3000".into(),
            eclipse_connect_timeout_ms: 2000,
            eclipse_timeout_ms: 15_000,
            sandbox_seed_demo: true,
            sandbox_token_ttl_secs: 3600,
            trusted_proxies: String::new(),
            report_direct_rows: 1_000,
            report_rows_cap: 100_000,
            metrics_allow: "127.0.0.1, ::1".into(),
            sign_in_failures_per_identity: 5,
            sign_in_failures_per_address: 20,
            sign_in_window_secs: 900,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PortalConfig {
    /// `None`: start the embedded sandbox and talk to it.
    pub eclipse_base_url: Option<String>,
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: the PostgreSQL database the store is in; `None`, SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// `SHUTDOWN_DRAIN_SECS`: how long `/readyz` says 503 before the server stops accepting at SIGTERM.
    pub shutdown_drain: Duration,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub session_warning: Duration,
    /// How long a request's body may take to arrive.
    pub request_body_timeout: Duration,
    /// Audit lines older than this many days are purged; 0 keeps them all.
    pub audit_retention_days: u32,
    pub cookie_secure: bool,
    pub public_origin: String,
    pub eclipse_connect_timeout: Duration,
    pub eclipse_timeout: Duration,
    pub sandbox_seed_demo: bool,
    pub sandbox_token_ttl_secs: i64,
    /// `SANDBOX_LISTEN`: a fixed address for the embedded sandbox (tests drive its fault endpoint);
    /// by default a free loopback port.
    pub sandbox_listen: SocketAddr,
    /// Peers whose `X-Forwarded-For` is believed; from anyone else the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `METRICS_ALLOW`: the addresses that may read `/metrics` (directly, not through a proxy).
    pub metrics_allow: Vec<std::net::IpAddr>,
    pub sign_in_limits: SignInLimits,
    pub reports: ReportLimits,
    pub leptos: LeptosOptions,
}

/// `REPORT_DIRECT_ROWS`: reports of more rows are made as jobs; `REPORT_ROWS_CAP`: no report holds more.
#[derive(Debug, Clone, Copy)]
pub struct ReportLimits {
    pub direct_rows: u64,
    pub cap_rows: u64,
}

/// How many failed sign-ins within `window` an identity, or a client address, may have.
#[derive(Debug, Clone, Copy)]
pub struct SignInLimits {
    pub per_identity: u32,
    pub per_address: u32,
    pub window: Duration,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    portal: PortalSection,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn env_parse<T: std::str::FromStr>(name: &str, current: T) -> Result<T, String> {
    match env(name) {
        None => Ok(current),
        Some(v) => v.trim().parse().map_err(|_| format!("{name}={v:?} is not valid")),
    }
}

/// A comma-separated list of IP addresses.
fn addresses(name: &str, list: &str) -> Result<Vec<std::net::IpAddr>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| a.parse().map_err(|_| format!("{name}: {a:?} is not an IP address")))
        .collect()
}

impl PortalConfig {
    pub fn load(path: &str) -> Result<PortalConfig, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let file: File = toml::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        let mut p = file.portal;
        p.eclipse_base_url = env("ECLIPSE_BASE_URL").unwrap_or(p.eclipse_base_url);
        p.data_dir = env("ECLIPSE_ADMIN_DATA_DIR").unwrap_or(p.data_dir);
        p.database_url = env("DATABASE_URL").unwrap_or(p.database_url);
        p.shutdown_drain_secs = env_parse("SHUTDOWN_DRAIN_SECS", p.shutdown_drain_secs)?;
        p.session_idle_secs = env_parse("SESSION_IDLE_SECS", p.session_idle_secs)?;
        p.session_absolute_secs = env_parse("SESSION_ABSOLUTE_SECS", p.session_absolute_secs)?;
        p.session_warning_secs = env_parse("SESSION_WARNING_SECS", p.session_warning_secs)?;
        p.request_body_timeout_secs =
            env_parse("REQUEST_BODY_TIMEOUT_SECS", p.request_body_timeout_secs)?;
        p.audit_retention_days = env_parse("AUDIT_RETENTION_DAYS", p.audit_retention_days)?;
        p.session_cookie_secure = env("SESSION_COOKIE_SECURE").unwrap_or(p.session_cookie_secure);
        p.public_origin = env("PUBLIC_ORIGIN").unwrap_or(p.public_origin);
        p.eclipse_connect_timeout_ms =
            env_parse("ECLIPSE_CONNECT_TIMEOUT_MS", p.eclipse_connect_timeout_ms)?;
        p.eclipse_timeout_ms = env_parse("ECLIPSE_TIMEOUT_MS", p.eclipse_timeout_ms)?;
        p.sandbox_seed_demo = env_parse("SANDBOX_SEED_DEMO", p.sandbox_seed_demo)?;
        p.sandbox_token_ttl_secs = env_parse("SANDBOX_TOKEN_TTL_SECS", p.sandbox_token_ttl_secs)?;
        p.trusted_proxies = env("TRUSTED_PROXIES").unwrap_or(p.trusted_proxies);
        p.metrics_allow = env("METRICS_ALLOW").unwrap_or(p.metrics_allow);
        p.sign_in_failures_per_identity =
            env_parse("SIGN_IN_FAILURES_PER_IDENTITY", p.sign_in_failures_per_identity)?;
        p.sign_in_failures_per_address =
            env_parse("SIGN_IN_FAILURES_PER_ADDRESS", p.sign_in_failures_per_address)?;
        p.sign_in_window_secs = env_parse("SIGN_IN_WINDOW_SECS", p.sign_in_window_secs)?;
        p.report_direct_rows = env_parse("REPORT_DIRECT_ROWS", p.report_direct_rows)?;
        p.report_rows_cap = env_parse("REPORT_ROWS_CAP", p.report_rows_cap)?;

        let mut leptos = leptos::config::get_configuration(Some(path))
            .map_err(|e| format!("{path}: leptos options: {e}"))?
            .leptos_options;
        // Hashed asset names are read from the hash file cargo-leptos writes beside the server binary; leptos
        // panics on every page when it is missing (a binary run from elsewhere, the tests): use plain names then.
        if leptos.hash_files {
            let beside_binary = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(&*leptos.hash_file)));
            if !beside_binary.as_ref().is_some_and(|path| path.exists()) {
                tracing::warn!(
                    ?beside_binary,
                    "hash-files is on but the hash file is missing: serving unhashed asset names"
                );
                leptos.hash_files = false;
            }
        }
        if let Some(listen) = env("ECLIPSE_ADMIN_LISTEN") {
            leptos.site_addr = listen
                .parse::<SocketAddr>()
                .map_err(|_| format!("ECLIPSE_ADMIN_LISTEN={listen:?} is not an address"))?;
        }
        let cookie_secure = match p.session_cookie_secure.as_str() {
            "auto" => p.public_origin.starts_with("https://"),
            "true" => true,
            "false" => false,
            other => {
                return Err(format!("SESSION_COOKIE_SECURE={other:?}: use auto, true or false"))
            }
        };
        if p.session_warning_secs >= p.session_idle_secs {
            return Err("SESSION_WARNING_SECS must be shorter than SESSION_IDLE_SECS".into());
        }
        let trusted_proxies = addresses("TRUSTED_PROXIES", &p.trusted_proxies)?;
        let metrics_allow = addresses("METRICS_ALLOW", &p.metrics_allow)?;
        let sandbox_listen = match env("SANDBOX_LISTEN") {
            Some(a) => a.parse().map_err(|_| format!("SANDBOX_LISTEN={a:?} is not an address"))?,
            None => SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        let embedded_sandbox = p.eclipse_base_url.trim().is_empty();
        demo_stays_on_this_machine(
            embedded_sandbox && p.sandbox_seed_demo,
            leptos.site_addr,
            sandbox_listen,
        )?;
        Ok(PortalConfig {
            eclipse_base_url: Some(p.eclipse_base_url.trim().to_owned()).filter(|u| !u.is_empty()),
            data_dir: PathBuf::from(p.data_dir),
            database_url: Some(p.database_url.trim().to_owned()).filter(|u| !u.is_empty()),
            shutdown_drain: Duration::from_secs(p.shutdown_drain_secs),
            session_idle: Duration::from_secs(p.session_idle_secs),
            session_absolute: Duration::from_secs(p.session_absolute_secs),
            session_warning: Duration::from_secs(p.session_warning_secs),
            request_body_timeout: Duration::from_secs(p.request_body_timeout_secs),
            audit_retention_days: p.audit_retention_days,
            cookie_secure,
            public_origin: p.public_origin.trim_end_matches('/').to_owned(),
            eclipse_connect_timeout: Duration::from_millis(p.eclipse_connect_timeout_ms),
            eclipse_timeout: Duration::from_millis(p.eclipse_timeout_ms),
            sandbox_seed_demo: p.sandbox_seed_demo,
            sandbox_token_ttl_secs: p.sandbox_token_ttl_secs,
            sandbox_listen,
            trusted_proxies,
            metrics_allow,
            sign_in_limits: SignInLimits {
                per_identity: p.sign_in_failures_per_identity.max(1),
                per_address: p.sign_in_failures_per_address.max(1),
                window: Duration::from_secs(p.sign_in_window_secs.max(1)),
            },
            reports: ReportLimits {
                direct_rows: p.report_direct_rows,
                cap_rows: p.report_rows_cap.max(1),
            },
            leptos,
        })
    }
}

/// The embedded sandbox's demo users have published passwords: with them, the portal and its sandbox listen
/// only on this machine, and say so rather than start.
fn demo_stays_on_this_machine(
    demo: bool,
    portal: SocketAddr,
    sandbox: SocketAddr,
) -> Result<(), String> {
    if !demo {
        return Ok(());
    }
    for (what, addr) in [("ECLIPSE_ADMIN_LISTEN", portal), ("SANDBOX_LISTEN", sandbox)] {
        if !addr.ip().is_loopback() {
            return Err(format!(
                "{what}={addr}: the embedded sandbox's demo users have published passwords, so it serves only \
                 this machine. Listen on 127.0.0.1, or set ECLIPSE_BASE_URL to your Eclipse, or start the \
                 sandbox without demo data (SANDBOX_SEED_DEMO=false)."
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    fn leptos_table(path: &str) -> toml::Table {
        let text =
            std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap();
        doc["package"]["metadata"]["leptos"].as_table().unwrap().clone()
    }

    /// cargo-leptos reads Cargo.toml, the server reads Leptos.toml: the values both use must agree.
    #[test]
    fn leptos_toml_matches_cargo_metadata() {
        let runtime = leptos_table("Leptos.toml");
        let build = leptos_table("Cargo.toml");
        for (key, value) in &runtime {
            if key == "env" {
                continue; // the build is DEV or PROD; the server runs as configured
            }
            assert_eq!(Some(value), build.get(key), "Leptos.toml and Cargo.toml differ on {key}");
        }
    }

    #[test]
    fn loads_the_shipped_file() {
        let path = format!("{}/Leptos.toml", env!("CARGO_MANIFEST_DIR"));
        let cfg = super::PortalConfig::load(&path).unwrap();
        assert_eq!(cfg.session_idle.as_secs(), 1800);
        assert_eq!(cfg.leptos.output_name.as_ref(), "eclipse-admin");
    }

    #[test]
    fn the_demo_sandbox_never_listens_beyond_this_machine() {
        let at = |a: &str| a.parse::<std::net::SocketAddr>().unwrap();
        let local = at("127.0.0.1:0");
        assert!(super::demo_stays_on_this_machine(true, at("127.0.0.1:3000"), local).is_ok());
        assert!(super::demo_stays_on_this_machine(true, at("[::1]:3000"), local).is_ok());
        let refused =
            super::demo_stays_on_this_machine(true, at("0.0.0.0:3000"), local).unwrap_err();
        assert!(refused.contains("ECLIPSE_ADMIN_LISTEN=0.0.0.0:3000"), "{refused}");
        assert!(super::demo_stays_on_this_machine(true, at("127.0.0.1:3000"), at("0.0.0.0:3010"))
            .is_err());
        // A real Eclipse, or a sandbox without the demo users: any address.
        assert!(super::demo_stays_on_this_machine(false, at("0.0.0.0:3000"), at("0.0.0.0:3010"))
            .is_ok());
    }
}
