//! Assembles the portal's server: configuration, store, Eclipse client (or the embedded sandbox),
//! sessions, middleware and the Leptos routes.
mod csp_reports;
mod form_errors;
mod health;
pub mod housekeeping;
pub mod limits;
mod metrics;
mod middleware;

use crate::clock::Clock;
use crate::{
    app::{shell, App},
    config::PortalConfig,
    eclipse::{client::EclipseClient, page_reads::PageReads},
    sandbox,
    state::AppState,
    store::Store,
};
use axum::{
    http::{header, HeaderValue, Request},
    response::Response,
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::{set_header::SetResponseHeaderLayer, trace::TraceLayer};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

/// The session cookie's name: `__Host-` when Secure, which pins it to this host and path `/`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-eclipse_admin"
    } else {
        "eclipse_admin"
    }
}

/// Builds the whole application; with no `ECLIPSE_BASE_URL` it first starts the embedded sandbox.
pub async fn build(config: PortalConfig) -> Result<Router, String> {
    build_on(config, Clock::default()).await
}

/// `build`, going by `clock` (tests move it forward instead of waiting).
pub async fn build_on(config: PortalConfig, clock: Clock) -> Result<Router, String> {
    build_with_state(config, clock).await.map(|(app, _)| app)
}

/// The portal's routes, and the state they share (the server's shutdown drains and releases through it).
pub async fn build_with_state(
    config: PortalConfig,
    clock: Clock,
) -> Result<(Router, AppState), String> {
    let store = Store::open(&config.data_dir, config.database_url.as_deref())
        .await
        .map_err(|e| format!("portal store: {e}"))?;
    let base_url = match &config.eclipse_base_url {
        Some(url) => url.clone(),
        None => {
            let sandbox_config = sandbox::SandboxConfig {
                data_dir: config.data_dir.join("sandbox"),
                seed_demo: config.sandbox_seed_demo,
                token_ttl_secs: config.sandbox_token_ttl_secs,
                extra_customers: 0,
                faults: sandbox::faults::Faults::from_env()?,
                seed_date: std::env::var("SANDBOX_SEED_DATE")
                    .unwrap_or_else(|_| sandbox::DEFAULT_SEED_DATE.to_owned()),
                clock: clock.clone(),
            };
            let addr = sandbox::serve(&sandbox_config, config.sandbox_listen)
                .await
                .map_err(|e| format!("embedded sandbox: {e}"))?;
            tracing::info!(%addr, "embedded Eclipse sandbox started");
            format!("http://{addr}")
        }
    };
    let eclipse =
        EclipseClient::new(&base_url, config.eclipse_connect_timeout, config.eclipse_timeout);

    let session_store = store.sessions.clone();
    // A browser-session cookie (no Max-Age): closing the browser ends it on the client. The idle and absolute
    // limits are the guard's (auth::ssr::check), which ends a session past either; a record never used again
    // leaves the store at tower-sessions' own expiry.
    let sessions = SessionManagerLayer::new(session_store)
        .with_name(cookie_name(config.cookie_secure))
        .with_secure(config.cookie_secure)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        .with_expiry(Expiry::OnSessionEnd);

    metrics::recorder();
    tokio::spawn(housekeeping::run(store.clone(), config.audit_retention_days));
    let state = AppState::new(config, eclipse, store, clock);
    tokio::spawn(crate::customers::barring::take_over_stale(state.clone()));
    tokio::spawn(crate::transfers::bulk::take_over_stale(state.clone()));
    tokio::spawn(crate::reports::jobs::take_over_stale(state.clone()));
    let routes = route_list();
    let pkg_dir = std::path::Path::new(&*state.leptos_options.site_root)
        .join(&*state.leptos_options.site_pkg_dir);
    // Hashed assets, served as the `.br` / `.gz` files `scripts/precompress.mjs` writes beside them when there
    // are some (a release build), else compressed on the fly by the layer below. A hashed name changes with
    // the content, so the browser never needs to ask again.
    let asset_cache = if state.leptos_options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let assets = Router::new().nest_service(
        "/pkg",
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static(asset_cache),
            ))
            .service(
                tower_http::services::ServeDir::new(pkg_dir)
                    .precompressed_br()
                    .precompressed_gzip(),
            ),
    );
    let https = state.config.public_origin.starts_with("https://");
    let app = Router::new()
        .route("/health", get(health::alive))
        .route("/healthz", get(health::alive))
        .route("/readyz", get(health::ready))
        .route("/metrics", get(metrics::scrape))
        .route("/csp-report", axum::routing::post(csp_reports::report))
        .route(
            "/customers/{customer_id}/documents/{document_id}/file",
            get(crate::customers::documents::ssr::file),
        )
        .route("/audit/decisions.csv", get(crate::review::audit::ssr::csv))
        .route("/customers/{customer_id}/timeline.csv", get(crate::customers::timeline::ssr::csv))
        .route("/wallets/{wallet_id}/transactions.csv", get(crate::wallets::ssr::transactions_csv))
        .route("/disbursements/{batch_id}/result.csv", get(crate::transfers::bulk::ssr::result_csv))
        .route("/reports/file", get(crate::reports::ssr::file))
        .route("/reports/jobs/{file}", get(crate::reports::ssr::job_file))
        .leptos_routes_with_context(
            &state,
            routes,
            || {
                provide_context(PageReads::default());
                provide_context(crate::auth::ssr::PageSession::default());
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(middleware::own_reactive_owner))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn(form_errors::server_chosen))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::saved_views::ssr::open_default,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::pages_need_session))
        // Inside the sessions (a large body needs one) and the origin check: nothing is read before them.
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits::body_limit))
        .layer(sessions)
        // Pages, server function answers and downloads are never cached.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .merge(assets)
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::same_origin_writes))
        // The limit is `limits::body_limit`'s, per route; axum's single default would refuse uploads.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &Response| {
                https.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
            },
        ))
        // Pages set their own policy (with their nonce) while rendering; everything else may run nothing.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            non_page_policy,
        ))
        .layer(axum::middleware::from_fn(|req, next| {
            middleware::report_slow(SLOW_REQUEST, req, next)
        }))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        // Outside the trace, so the request's span carries its id.
        .layer(axum::middleware::from_fn(middleware::correlate))
        // Pages and answers are compressed as they stream, at each algorithm's fastest level: brotli's default
        // here (quality 4) took 390 µs of CPU for a 13 KB page, mostly setting up its tables, and its fastest
        // 90 µs, for 600 bytes more (measured). The WASM, JS and CSS are not compressed here: they are sent as
        // the `.br`/`.gz` files written at build time.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(middleware::panic_response))
        .with_state(state.clone());
    Ok((app, state))
}

/// Longer than any page or answer should take with Eclipse answering (a page is ~50 ms), well short of
/// Eclipse's own timeout: a request past it is logged while it waits.
const SLOW_REQUEST: std::time::Duration = std::time::Duration::from_secs(5);

/// The app's routes, walked once per process. Walking them sets a process-wide flag in leptos that leaves any
/// resource first polled meanwhile pending forever (leptos-rs/leptos#4773): a second portal built in the same
/// process (the integration tests build one per test, in parallel) would hang a page render of the first.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The policy of a response that is not a page. A PDF opens in the browser's own viewer, which
/// `default-src 'none'` would stop.
fn non_page_policy(res: &Response) -> Option<HeaderValue> {
    let is_pdf = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/pdf"));
    (!is_pdf).then(|| HeaderValue::from_static(crate::ui::csp::NON_PAGE_POLICY))
}

/// A request's span names its method and path, never its query: a search's query can hold a customer's
/// identity number, which must not reach a log.
fn request_span<B>(req: &Request<B>) -> tracing::Span {
    let id = req
        .extensions()
        .get::<crate::error::correlation::RequestId>()
        .map(|id| id.0.clone())
        .unwrap_or_default();
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,sqlx=warn,tower_sessions=warn,tower_sessions_core=warn")
    });
    // Colours only on a terminal: a log file or collector gets plain `key=value` text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    // `LOG_FORMAT=json`: one object per line, the event's fields at the top and the request's span (its
    // method, path and request_id) beside them, for a collector to index.
    let _ = if std::env::var("LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init()
    } else {
        builder.try_init()
    };
}

pub async fn main() {
    init_tracing();
    let config_path =
        std::env::var("ECLIPSE_ADMIN_CONFIG").unwrap_or_else(|_| "Leptos.toml".into());
    let config = match PortalConfig::load(&config_path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    let addr = config.leptos.site_addr;
    let drain_for = config.shutdown_drain;
    let (app, state) = match build_with_state(config, Clock::default()).await {
        Ok(built) => built,
        Err(e) => {
            eprintln!("start-up failed: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    tracing::info!("eclipse-admin listening on http://{addr}");
    let serve = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(drain(state.clone(), drain_for));
    if let Err(e) = serve.await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
    crate::customers::barring::JOBS.hand_back(&state.store).await;
    crate::transfers::bulk::JOBS.hand_back(&state.store).await;
    crate::reports::jobs::JOBS.hand_back(&state.store).await;
    housekeeping::release(&state.store).await;
    tracing::info!("stopped");
}

/// At SIGTERM (or Ctrl-C): `/readyz` answers 503 at once while requests are still served, so the balancer
/// moves new ones elsewhere; after `drain_for` the server stops accepting and finishes those in flight.
async fn drain(state: AppState, drain_for: std::time::Duration) {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!(drain_secs = drain_for.as_secs(), "shutting down: draining");
    state.readiness.drain();
    tokio::time::sleep(drain_for).await;
    tracing::info!("no longer accepting; finishing requests in flight");
}
