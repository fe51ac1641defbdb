//! Failed sign-ins are limited per client address and per identity, counted in the store so that every
//! instance sees the same failures. Only failures are recorded: a successful sign-in neither counts nor
//! clears them (else a guessed password and a known one could be interleaved).
use crate::{config::SignInLimits, store::Store};
use std::net::{IpAddr, SocketAddr};

/// The client's address: the peer's own, unless the peer is a trusted proxy, in which case the nearest
/// address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_address(
    peer: Option<SocketAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpAddr],
) -> String {
    let Some(peer) = peer.map(|p| p.ip()) else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let hops = forwarded_for
        .unwrap_or_default()
        .split(',')
        .rev()
        .map(str::trim);
    for hop in hops {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip.to_string(),
            // A hop that is not an address was not written by our proxy: stop believing the header.
            Err(_) => break,
        }
    }
    peer.to_string()
}

/// The client address of the request being served (from leptos_axum's request parts).
pub fn current_client_address(trusted: &[IpAddr]) -> String {
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    let peer = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>())
        .map(|c| c.0);
    let forwarded = parts
        .as_ref()
        .and_then(|p| p.headers.get("x-forwarded-for"))
        .and_then(|v| v.to_str().ok());
    client_address(peer, forwarded, trusted)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Seconds until the next attempt is allowed, if `column = key` has used up its failures.
async fn wait_for(
    store: &Store,
    column: &str,
    key: &str,
    limit: u32,
    window_ms: i64,
) -> Result<Option<u64>, sqlx::Error> {
    let now = now_ms();
    // The `limit`-th most recent failure inside the window: when it leaves the window, one attempt frees up.
    let sql = format!(
        "SELECT at_ms FROM sign_in_failures WHERE {column} = ? AND at_ms > ? ORDER BY at_ms DESC LIMIT 1 OFFSET ?"
    );
    let oldest: Option<(i64,)> = sqlx::query_as(&sql)
        .bind(key)
        .bind(now - window_ms)
        .bind(i64::from(limit) - 1)
        .fetch_optional(&store.pool)
        .await?;
    Ok(oldest.map(|(at,)| ((at + window_ms - now).max(1000) as u64).div_ceil(1000)))
}

fn identity_key(identity: &str) -> String {
    identity.trim().to_lowercase()
}

/// `Some(seconds)` when this address or this identity must wait before trying again.
pub async fn retry_after(
    store: &Store,
    limits: &SignInLimits,
    address: &str,
    identity: &str,
) -> Result<Option<u64>, sqlx::Error> {
    let window_ms = limits.window.as_millis() as i64;
    let by_identity = wait_for(
        store,
        "identity",
        &identity_key(identity),
        limits.per_identity,
        window_ms,
    )
    .await?;
    let by_address = wait_for(store, "address", address, limits.per_address, window_ms).await?;
    Ok(by_identity.max(by_address))
}

pub async fn record_failure(store: &Store, address: &str, identity: &str) {
    let result =
        sqlx::query("INSERT INTO sign_in_failures (at_ms, address, identity) VALUES (?, ?, ?)")
            .bind(now_ms())
            .bind(address)
            .bind(identity_key(identity))
            .execute(&store.pool)
            .await;
    if let Err(err) = result {
        tracing::error!(%err, "recording a failed sign-in failed");
    }
}

/// Forgets failures older than a day (the window is far shorter).
pub async fn purge(store: &Store) -> Result<u64, sqlx::Error> {
    let cutoff = now_ms() - 86_400_000;
    Ok(sqlx::query("DELETE FROM sign_in_failures WHERE at_ms < ?")
        .bind(cutoff)
        .execute(&store.pool)
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::client_address;
    use std::net::{IpAddr, SocketAddr};

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let peer = |ip: &str| Some(SocketAddr::new(ip.parse().unwrap(), 40000));
        // An untrusted peer cannot choose its address with a header.
        assert_eq!(
            client_address(peer("203.0.113.9"), Some("1.2.3.4"), &[proxy]),
            "203.0.113.9"
        );
        // Through the proxy: the address the proxy saw, not what the client prepended.
        assert_eq!(
            client_address(peer("10.0.0.5"), Some("6.6.6.6, 198.51.100.7"), &[proxy]),
            "198.51.100.7"
        );
        // Chained trusted proxies are skipped.
        let second: IpAddr = "10.0.0.6".parse().unwrap();
        assert_eq!(
            client_address(
                peer("10.0.0.5"),
                Some("198.51.100.7, 10.0.0.6"),
                &[proxy, second]
            ),
            "198.51.100.7"
        );
        // A garbled header from the proxy: the proxy's own address (all its clients share the limit).
        assert_eq!(
            client_address(peer("10.0.0.5"), Some("not-an-ip"), &[proxy]),
            "10.0.0.5"
        );
        assert_eq!(client_address(peer("10.0.0.5"), None, &[proxy]), "10.0.0.5");
        assert_eq!(client_address(None, Some("1.2.3.4"), &[proxy]), "unknown");
    }
}
