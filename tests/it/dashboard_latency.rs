//! Benchmark, not part of the test command: the dashboard's server time with 100,000 customers, a wallet each
//! and a year of transactions, the portal calling its sandbox over real HTTP on loopback. Run:
//! `scripts/bench-dashboard.sh` (`BENCH_CUSTOMERS=0` measures the demo data alone).

use crate::portal::Portal;
use sqlx::sqlite::SqlitePoolOptions;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// A wallet for every customer without one, and `per_wallet` transactions each spread over the year before
/// the seed date; the day totals and balances are then what the ledger would have written.
async fn a_year_of_money(db: &sqlx::SqlitePool, per_wallet: u32) {
    let steps = [
        "INSERT INTO wallets (tenant_id, customer_id, wallet_type_id, name, currency, status, current_balance, friendly_id, created) \
         SELECT c.tenant_id, c.customer_id, \
                (SELECT MIN(wallet_type_id) FROM wallet_types t WHERE t.tenant_id = c.tenant_id), \
                'Everyday', 'ZAR', 'ACTIVE', 0, printf('B%08d', c.customer_id), c.created \
         FROM customers c WHERE c.tenant_id = 42 AND NOT EXISTS (SELECT 1 FROM wallets w WHERE w.customer_id = c.customer_id)",
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {per_wallet}) \
             INSERT INTO transactions (transaction_id, wallet_id, type, date, amount, balance, description, reversal) \
             SELECT printf('BENCH-%d-%d', w.wallet_id, n.i), w.wallet_id, \
                    CASE WHEN (w.wallet_id + n.i) % 3 = 0 THEN 'deposit' ELSE 'tfr.debit' END, \
                    strftime('%Y-%m-%dT%H:%M:%fZ', '2026-11-01', printf('-%d minutes', abs((w.wallet_id * 7919 + n.i * 104729) % 525600))), \
                    CASE WHEN (w.wallet_id + n.i) % 3 = 0 THEN 10000 + (w.wallet_id * n.i) % 90000 ELSE -(500 + (w.wallet_id * n.i) % 20000) END, \
                    0, 'Bench', 0 \
             FROM wallets w, n WHERE w.tenant_id = 42 AND w.friendly_id LIKE 'B%'"
        ),
        "UPDATE wallets SET current_balance = (SELECT COALESCE(SUM(amount), 0) FROM transactions t WHERE t.wallet_id = wallets.wallet_id) \
         WHERE friendly_id LIKE 'B%'",
        "DELETE FROM transaction_days",
        "INSERT INTO transaction_days (tenant_id, day, currency, count, credits, debits) \
         SELECT w.tenant_id, substr(t.date, 1, 10), w.currency, COUNT(*), \
                SUM(CASE WHEN t.amount > 0 THEN t.amount ELSE 0 END), SUM(CASE WHEN t.amount < 0 THEN -t.amount ELSE 0 END) \
         FROM transactions t JOIN wallets w ON w.wallet_id = t.wallet_id GROUP BY w.tenant_id, substr(t.date, 1, 10), w.currency",
        "ANALYZE",
    ];
    for sql in steps {
        sqlx::query(sql).execute(db).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with scripts/bench-dashboard.sh"]
async fn dashboard_with_100k_customers() {
    let per_wallet: u32 =
        std::env::var("BENCH_TRANSACTIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    let started = Instant::now();
    let (dir, addr, customers) = crate::common::bench_sandbox().await;
    let url = format!("sqlite://{}", dir.path().join("sandbox.db").display());
    let db = SqlitePoolOptions::new().max_connections(1).connect(&url).await.unwrap();
    if customers > 0 {
        a_year_of_money(&db, per_wallet).await;
    }
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&db);
    let n_customers = count("SELECT COUNT(*) FROM customers WHERE tenant_id = 42").await.unwrap();
    let n_wallets = count("SELECT COUNT(*) FROM wallets WHERE tenant_id = 42").await.unwrap();
    let n_transactions = count("SELECT COUNT(*) FROM transactions").await.unwrap();
    eprintln!(
        "{n_customers} customers, {n_wallets} wallets, {n_transactions} transactions, ready in {:.1?}",
        started.elapsed()
    );
    let portal = Portal::start_with(|c| c.eclipse_base_url = Some(format!("http://{addr}"))).await;
    let cookie = portal.sign_in("mzansi.system").await;
    println!("| page | customers | requests | p50 | p95 | max |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut worst_p95 = Duration::ZERO;
    for path in ["/?days=30", "/?days=90"] {
        for _ in 0..5 {
            portal.get_bytes(path, &cookie).await;
        }
        let mut times = vec![];
        for _ in 0..100 {
            let t = Instant::now();
            let (status, _, _) = portal.get_bytes(path, &cookie).await;
            times.push(t.elapsed());
            assert!(status.is_success(), "{path}: {status}");
        }
        times.sort();
        let p95 = percentile(&times, 0.95);
        worst_p95 = worst_p95.max(p95);
        println!(
            "| `{path}` | {n_customers} | {} | {:.1} ms | {:.1} ms | {:.1} ms |",
            times.len(),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3
        );
    }
    assert!(worst_p95 < Duration::from_millis(150), "p95 {worst_p95:?} is over 150 ms");
}
