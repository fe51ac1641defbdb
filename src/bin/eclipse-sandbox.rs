//! `eclipse-sandbox`: the Eclipse simulator on its own, for developers integrating with Eclipse.
use clap::{Parser, Subcommand};
use eclipse_admin::sandbox::{faults::Faults, serve, SandboxConfig};
use std::{net::SocketAddr, path::PathBuf};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(version, about = "A persistent simulator of the Eclipse REST API")]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "SANDBOX_LISTEN", default_value = "127.0.0.1:8081")]
    listen: SocketAddr,
    /// Where the sandbox keeps its SQLite state.
    #[arg(long, env = "SANDBOX_DATA_DIR", default_value = "data/sandbox", global = true)]
    data_dir: PathBuf,
    /// Create the demo tenants when the data directory holds no tenant yet.
    #[arg(long, env = "SANDBOX_SEED_DEMO")]
    seed_demo: bool,
    /// Generate customers until the main demo tenant has this many (for search and load benchmarks).
    #[arg(long, env = "SANDBOX_CUSTOMERS", default_value_t = 0)]
    customers: u32,
    /// The date the demo's history ends on; the same date gives the same data.
    #[arg(long, env = "SANDBOX_SEED_DATE", default_value = eclipse_admin::sandbox::DEFAULT_SEED_DATE)]
    seed_date: String,
    /// Lifetime of issued tokens, in seconds.
    #[arg(long, env = "SANDBOX_TOKEN_TTL_SECS", default_value_t = 3600)]
    token_ttl_secs: i64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Prints the one-time code a user with a second factor signs in with now, read from --data-dir (the
    /// demo's: karoo.system, mzansi.level3). Each code works once; the command gives one not used yet.
    Totp { identity: String },
}

#[tokio::main]
async fn main() {
    eclipse_admin::server::init_tracing();
    let args = Args::parse();
    if let Some(Command::Totp { identity }) = &args.command {
        match eclipse_admin::sandbox::second_factor::current_code(&args.data_dir, identity).await {
            Ok(code) => println!("{code}"),
            Err(e) => {
                eprintln!("eclipse-sandbox totp: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    // Faults come from SANDBOX_FAULT_* (see docs/sandbox.md); they can be changed at run time on /__sandbox/faults.
    let faults = match Faults::from_env() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("eclipse-sandbox: {e}");
            std::process::exit(2);
        }
    };
    let config = SandboxConfig {
        data_dir: args.data_dir,
        seed_demo: args.seed_demo,
        token_ttl_secs: args.token_ttl_secs,
        extra_customers: args.customers,
        faults,
        seed_date: args.seed_date,
        clock: Default::default(),
    };
    match serve(&config, args.listen).await {
        Ok(addr) => {
            tracing::info!("eclipse-sandbox listening on http://{addr}/eclipse-conductor/rest/v1")
        }
        Err(e) => {
            eprintln!("eclipse-sandbox: {e}");
            std::process::exit(1);
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
