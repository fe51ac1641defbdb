//! Benchmark, not part of the test command: customer search latency of the sandbox with 100,000 customers,
//! over real HTTP on loopback. Run: `scripts/bench-sandbox-search.sh`.

use std::time::{Duration, Instant};

const API: &str = "eclipse-conductor/rest/v1";

/// The JSON answer of a set-up request, which must arrive.
async fn answer<T: serde::de::DeserializeOwned>(req: reqwest::RequestBuilder) -> T {
    req.send().await.unwrap().json().await.unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with scripts/bench-sandbox-search.sh"]
async fn customer_search_with_100k_customers() {
    let started = Instant::now();
    let (_dir, addr, customers) = crate::common::bench_sandbox().await;
    eprintln!("seeded {customers} customers in {:.1?}", started.elapsed());
    let http = reqwest::Client::new();
    let base = format!("http://{addr}/{API}");
    let credentials =
        serde_json::json!({"identity": "mzansi.system", "password": "Eclipse-Demo-2026"});
    let login: serde_json::Value =
        answer(http.post(format!("{base}/authentication/login")).json(&credentials)).await;
    let token = login["headerValue"].as_str().unwrap().to_owned();
    let sample: Vec<serde_json::Value> = answer(
        http.get(format!("{base}/tenants/42/customers?limit=200&offset=5000&sort=customerId,asc"))
            .header("Authorization", &token),
    )
    .await;
    // A search field, and how to make a query for it out of a sample customer.
    type QueryOf = Box<dyn Fn(&serde_json::Value) -> Option<String>>;
    let queries: Vec<(&str, QueryOf)> = vec![
        ("lastName", Box::new(|c| c["lastName"].as_str().map(|s| s[..3].to_owned()))),
        ("firstName", Box::new(|c| c["firstName"].as_str().map(|s| s[..4].to_owned()))),
        ("email", Box::new(|c| c["email"].as_str().map(|s| s[..8].to_owned()))),
        (
            "nationalIdentityNumber",
            Box::new(|c| c["nationalIdentityNumber"].as_str().map(str::to_owned)),
        ),
        ("passportNumber", Box::new(|c| c["passportNumber"].as_str().map(str::to_owned))),
        ("phone1", Box::new(|c| c["phone1"].as_str().map(|p| format!("0{}", &p[2..])))),
        ("externalUniqueId", Box::new(|c| c["externalUniqueId"].as_str().map(str::to_owned))),
    ];
    println!("| field | requests | p50 | p95 | max |");
    println!("|---|---:|---:|---:|---:|");
    let mut worst_p95 = Duration::ZERO;
    for (field, value_of) in &queries {
        let mut times = vec![];
        for customer in &sample {
            let Some(value) = value_of(customer) else {
                continue;
            };
            let t = Instant::now();
            let res = http
                .get(format!("{base}/tenants/42/customers"))
                .query(&[(*field, value.as_str()), ("limit", "20")])
                .header("Authorization", &token)
                .send()
                .await
                .unwrap();
            assert!(res.status().is_success());
            let found: Vec<serde_json::Value> = res.json().await.unwrap();
            times.push(t.elapsed());
            assert!(!found.is_empty(), "{field}={value} found nothing");
        }
        times.sort();
        let p95 = percentile(&times, 0.95);
        worst_p95 = worst_p95.max(p95);
        println!(
            "| {field} | {} | {:.2} ms | {:.2} ms | {:.2} ms |",
            times.len(),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3
        );
    }
    assert!(worst_p95 < Duration::from_millis(20), "p95 {worst_p95:?} is over 20 ms");
}
