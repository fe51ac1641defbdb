//! The Eclipse sandbox: a persistent simulator of the Eclipse REST API, as `docs/sandbox.md` describes it and
//! the vendor's examples (`tests/fixtures/eclipse/`) show it.
//!
//! It runs in-process for the portal (on a loopback port, reached over real HTTP) or as the
//! `eclipse-sandbox` binary. State lives in SQLite under the data directory and survives restarts.
mod addresses;
mod admin_users;
mod audit;
mod auth;
mod cards;
mod clock;
mod config;
mod customers;
mod db;
mod documents;
mod error;
mod extract;
pub mod faults;
mod identities;
mod ledger;
mod list;
mod manual_kyc;
mod prelude;
mod ratify;
mod report_rows;
mod reports;
pub mod second_factor;
mod seed;
mod seed_kyc;
mod seed_money;
mod tenants;
mod wallet_types;
mod wallets;
mod withdrawals;

pub use error::ApiError;
pub use seed::{DEFAULT_SEED_DATE, DEMO_SECOND_FACTORS};

use crate::eclipse::models::{
    Address, AdminUser, Card, Customer, CustomerIdentity, Document, RatifyResult, Wallet,
    WalletType,
};
use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post},
    Router,
};

/// A 10 MiB document is 13.4 MiB of base64, plus its JSON envelope.
const DOCUMENT_BODY_LIMIT: usize = 14 * 1024 * 1024;
use crate::clock::Clock;
use sqlx::SqlitePool;
use std::{net::SocketAddr, path::PathBuf, sync::Arc};

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub data_dir: PathBuf,
    /// Seed the two demo tenants when the data directory holds no tenant yet.
    pub seed_demo: bool,
    /// Lifetime of issued tokens; short values exercise the portal's renewal and expiry paths.
    pub token_ttl_secs: i64,
    /// Generate customers until the main demo tenant has this many (search and load benchmarks).
    pub extra_customers: u32,
    /// Faults to inject from the start (none by default).
    pub faults: faults::Faults,
    /// The date the demo's history ends on (ISO-8601): the same date gives the same data.
    pub seed_date: String,
    /// What tokens' lives are counted by; the portal that embeds the sandbox shares it.
    pub clock: Clock,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            data_dir: PathBuf::from("data"),
            seed_demo: true,
            token_ttl_secs: 3600,
            extra_customers: 0,
            faults: faults::Faults::default(),
            seed_date: seed::DEFAULT_SEED_DATE.to_owned(),
            clock: Clock::default(),
        }
    }
}

#[derive(Clone)]
pub struct SandboxState {
    pub(crate) db: SqlitePool,
    pub(crate) jwt_key: Arc<Vec<u8>>,
    pub(crate) token_ttl_secs: i64,
    pub(crate) clock: Clock,
    pub(crate) config_key: Arc<[u8; 32]>,
}

/// Opens (and if asked, seeds) the sandbox's store and returns its router.
pub async fn build(config: &SandboxConfig) -> Result<Router, sqlx::Error> {
    let db = db::open(&config.data_dir).await?;
    if config.seed_demo {
        let seed_date = chrono::DateTime::parse_from_rfc3339(&config.seed_date)
            .map_err(|_| {
                sqlx::Error::Configuration(
                    format!("seed date {:?} is not an ISO-8601 instant", config.seed_date).into(),
                )
            })?
            .to_utc();
        seed::seed_demo_if_empty(&db, seed_date).await?;
    }
    if config.extra_customers > 0 {
        seed::ensure_customers(&db, seed::MAIN_TENANT.tenant_id, config.extra_customers).await?;
    }
    let jwt_key = Arc::new(db::signing_key(&db).await?);
    let config_key = Arc::new(db::config_key(&db).await?);
    let state = SandboxState {
        db,
        jwt_key,
        token_ttl_secs: config.token_ttl_secs,
        clock: config.clock.clone(),
        config_key,
    };
    let faults: faults::SharedFaults = Arc::new(std::sync::RwLock::new(config.faults.clone()));
    Ok(router(state, faults))
}

fn router(state: SandboxState, faults: faults::SharedFaults) -> Router {
    let shared_clock = state.clock.clone();
    let api = Router::new()
        .route("/authentication/login", post(auth::login))
        .route("/authentication/second-factor", post(auth::second_step))
        .route("/authentication/second-factor/enrolment", post(auth::enrol))
        .route("/authentication/renew", post(auth::renew))
        .route("/authentication/logout", post(auth::logout))
        .route("/tenants/{tenant_id}", get(tenants::get_tenant).put(tenants::update_tenant))
        .route("/tenants/{tenant_id}/admin-users", get(admin_users::list).post(admin_users::create))
        .route(
            "/tenants/{tenant_id}/admin-users/{admin_user_id}",
            get(db::get_one::<AdminUser>)
                .put(db::update_one::<AdminUser>)
                .delete(db::delete_one::<AdminUser>),
        )
        .route("/tenants/{tenant_id}/config", get(config::list).post(config::create))
        .route("/tenants/{tenant_id}/config/bulk", post(config::bulk))
        .route(
            "/tenants/{tenant_id}/config/{key}",
            get(config::get_one).put(config::update).delete(config::delete),
        )
        .route(
            "/tenants/{tenant_id}/wallet-types",
            get(wallet_types::list).post(wallet_types::create),
        )
        .route(
            "/tenants/{tenant_id}/wallet-types/{wallet_type_id}",
            get(db::get_one::<WalletType>).put(wallet_types::update).delete(wallet_types::delete),
        )
        .route(
            "/tenants/{tenant_id}/customers",
            get(customers::search).head(customers::exists).post(customers::create),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}",
            get(db::get_one::<Customer>).put(db::update_one::<Customer>).delete(customers::delete),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/addresses",
            get(customers::list_of::<Address>).post(addresses::create),
        )
        .route(
            "/tenants/{tenant_id}/addresses/{address_id}",
            get(db::get_one::<Address>)
                .put(db::update_one::<Address>)
                .delete(db::delete_one::<Address>),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/wallet-types",
            get(wallets::eligible_types),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/wallets",
            get(wallets::list_for_customer).post(wallets::create),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/cards",
            get(cards::list_for::<Customer>),
        )
        .route("/tenants/{tenant_id}/wallets", get(wallets::list))
        .route("/tenants/{tenant_id}/wallets/transfers", post(ledger::transfer))
        .route(
            "/tenants/{tenant_id}/wallets/{wallet_id}",
            get(db::get_one::<Wallet>).put(wallets::update).delete(wallets::delete),
        )
        .route("/tenants/{tenant_id}/wallets/{wallet_id}/transactions", get(ledger::transactions))
        .route("/tenants/{tenant_id}/wallets/{wallet_id}/reservations", get(ledger::reservations))
        .route(
            "/tenants/{tenant_id}/wallets/{wallet_id}/cards",
            get(cards::list_for::<Wallet>).post(cards::create),
        )
        .route(
            "/tenants/{tenant_id}/cards/{card_id}",
            get(db::get_one::<Card>).put(db::update_one::<Card>),
        )
        .route("/tenants/{tenant_id}/cards/{card_id}/pin", post(cards::reset_pin))
        .route(
            "/tenants/{tenant_id}/wallets/{wallet_id}/withdrawals",
            get(withdrawals::list).post(withdrawals::create),
        )
        .route(
            "/tenants/{tenant_id}/wallets/{wallet_id}/withdrawals/{withdrawal_id}",
            get(withdrawals::get_one).put(withdrawals::update),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/documents",
            get(customers::list_of::<Document>)
                .post(documents::create)
                .layer(DefaultBodyLimit::max(DOCUMENT_BODY_LIMIT)),
        )
        .route(
            "/tenants/{tenant_id}/documents/{document_id}",
            get(documents::get_one)
                .put(documents::update)
                .delete(db::delete_one::<Document>)
                .layer(DefaultBodyLimit::max(DOCUMENT_BODY_LIMIT)),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/identities",
            get(customers::list_of::<CustomerIdentity>).post(identities::create),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/ratify",
            get(customers::list_of::<RatifyResult>).post(ratify::ratify),
        )
        .route(
            "/tenants/{tenant_id}/customers/{customer_id}/ratify/manual",
            post(manual_kyc::set_level),
        )
        .route("/tenants/{tenant_id}/customers/{customer_id}/audit-events", get(audit::list))
        .route("/tenants/{tenant_id}/reports/{report_name}", get(reports::run))
        .route("/global/ratify-results", get(ratify::queue))
        .route(
            "/global/ratify-results/{ratify_result_id}",
            get(ratify::get_result).put(ratify::decide_result),
        )
        .fallback(|| async { ApiError::not_found("resource") })
        .with_state(state);
    let control = Router::new()
        .route("/__sandbox/faults", get(faults::get_faults).put(faults::put_faults))
        .layer(axum::middleware::from_fn(faults::loopback_only))
        .with_state(faults.clone())
        .merge(
            Router::new()
                .route("/__sandbox/clock", get(clock::get_clock).put(clock::advance_clock))
                .layer(axum::middleware::from_fn(faults::loopback_only))
                .with_state(shared_clock),
        );
    Router::new()
        .nest(crate::eclipse::client::API_PREFIX, api)
        .merge(control)
        .layer(axum::middleware::from_fn_with_state(faults, faults::inject))
        .layer(axum::middleware::from_fn(log_call))
}

/// With `RUST_LOG=sandbox_calls=debug`, one line per API call with its start and end (µs since the epoch):
/// the benchmark reads which calls a portal page made, and which at once (`scripts/bench.sh`).
async fn log_call(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    // The portal's correlation id (`X-Request-Id`), so a failed call is found under the id the user saw.
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or_default()
        .to_owned();
    if !tracing::enabled!(target: "sandbox_calls", tracing::Level::DEBUG) {
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let res = next.run(req).await;
        // An error answered to a portal request is logged under its id; probes without one only when 5xx.
        let failed = res.status().is_client_error() && !request_id.is_empty();
        if failed || res.status().is_server_error() {
            tracing::info!(%method, %path, %request_id, status = res.status().as_u16(), "sandbox answered an error");
        }
        return res;
    }
    let micros = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros())
            .unwrap_or_default()
    };
    let method = req.method().clone();
    let path = req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
    let start_us = micros();
    let res = next.run(req).await;
    tracing::debug!(target: "sandbox_calls", %method, %path, %request_id, start_us, end_us = micros(), status = res.status().as_u16(), "sandbox call");
    res
}

/// Starts the sandbox on `listen` and serves it until the process ends; returns the bound address.
pub async fn serve(config: &SandboxConfig, listen: SocketAddr) -> std::io::Result<SocketAddr> {
    let app = build(config).await.map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(err) = axum::serve(listener, app).await {
            tracing::error!(%err, "sandbox server stopped");
        }
    });
    Ok(addr)
}
