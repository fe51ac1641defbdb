//! Failed sign-ins are limited per client address and per identity, counted in the store so that every
//! instance sees the same failures. Each attempt is reserved before Eclipse is asked, in one statement that
//! checks both limits, so parallel attempts never evaluate more than the limit; a wrong identity or password
//! keeps its reservation as the failure, anything else gives it back. A successful sign-in neither counts nor
//! clears failures (else a guessed password and a known one could be interleaved).
use crate::{config::SignInLimits, store::Store};
use http::HeaderMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The client the limits count: the peer's own address, unless the peer is a trusted proxy, in which case
/// the nearest address in `X-Forwarded-For` that is not itself a trusted proxy. An IPv6 client is counted
/// by its /64 (one subscriber's network hands out the rest of the addresses at will).
pub fn client_address(
    peer: Option<SocketAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpAddr],
) -> String {
    let Some(peer) = peer.map(|p| p.ip().to_canonical()) else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return counted_as(peer);
    }
    let hops = forwarded_for.unwrap_or_default().split(',').rev().map(str::trim);
    for hop in hops {
        match hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return counted_as(ip),
            // A hop that is not an address was not written by our proxy: stop believing the header.
            Err(_) => break,
        }
    }
    counted_as(peer)
}

fn counted_as(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(network))
        }
    }
}

/// Every `X-Forwarded-For` line, in order, as one list: a proxy that adds a line of its own must not leave
/// the first (the client's) to be read alone.
pub fn forwarded_for(headers: &HeaderMap) -> Option<String> {
    let lines: Vec<&str> =
        headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    (!lines.is_empty()).then(|| lines.join(", "))
}

/// The client address of the request being served (from leptos_axum's request parts).
pub fn current_client_address(trusted: &[IpAddr]) -> String {
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    let peer = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>())
        .map(|c| c.0);
    let forwarded = parts.as_ref().and_then(|p| forwarded_for(&p.headers));
    client_address(peer, forwarded.as_deref(), trusted)
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
        "SELECT at_ms FROM sign_in_failures WHERE {column} = $1 AND at_ms > $2 ORDER BY at_ms DESC LIMIT 1 OFFSET $3"
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
async fn retry_after(
    store: &Store,
    limits: &SignInLimits,
    address: &str,
    identity: &str,
) -> Result<Option<u64>, sqlx::Error> {
    let window_ms = limits.window.as_millis() as i64;
    let by_identity =
        wait_for(store, "identity", &identity_key(identity), limits.per_identity, window_ms)
            .await?;
    let by_address = wait_for(store, "address", address, limits.per_address, window_ms).await?;
    Ok(by_identity.max(by_address))
}

/// An attempt that counts as a failure until it is given back.
#[derive(Debug)]
#[must_use = "a sign-in that did not fail on its credentials gives its attempt back"]
pub struct Attempt {
    id: i64,
}

pub enum Reservation {
    Taken(Attempt),
    /// Seconds until this address or this identity may try again.
    Wait(u64),
}

/// Takes one attempt for this address and identity if both limits have room, atomically (one statement:
/// SQLite runs writes one at a time), before Eclipse is asked.
pub async fn reserve(
    store: &Store,
    limits: &SignInLimits,
    address: &str,
    identity: &str,
) -> Result<Reservation, sqlx::Error> {
    let now = now_ms();
    let since = now - limits.window.as_millis() as i64;
    let taken: Option<i64> = sqlx::query_scalar(
        "INSERT INTO sign_in_failures (at_ms, address, identity) SELECT $1, $2, $3 \
         WHERE (SELECT COUNT(*) FROM sign_in_failures WHERE identity = $3 AND at_ms > $4) < $5 \
           AND (SELECT COUNT(*) FROM sign_in_failures WHERE address = $2 AND at_ms > $4) < $6 \
         RETURNING id",
    )
    .bind(now)
    .bind(address)
    .bind(identity_key(identity))
    .bind(since)
    .bind(i64::from(limits.per_identity))
    .bind(i64::from(limits.per_address))
    .fetch_optional(&store.pool)
    .await?;
    if let Some(id) = taken {
        return Ok(Reservation::Taken(Attempt { id }));
    }
    let wait = retry_after(store, limits, address, identity).await?;
    Ok(Reservation::Wait(wait.unwrap_or(1)))
}

impl Attempt {
    /// The attempt did not fail on its credentials (signed in, or Eclipse out of reach): it does not count.
    pub async fn give_back(self, store: &Store) {
        let result = sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
            .bind(self.id)
            .execute(&store.pool)
            .await;
        if let Err(err) = result {
            tracing::error!(%err, "giving back a sign-in attempt failed");
        }
    }

    /// A wrong identity or password: the reservation stays, as the failure.
    pub fn failed(self) {}
}

/// Forgets failures older than a day (the window is far shorter).
pub async fn purge(store: &Store) -> Result<u64, sqlx::Error> {
    let cutoff = now_ms() - 86_400_000;
    Ok(sqlx::query("DELETE FROM sign_in_failures WHERE at_ms < $1")
        .bind(cutoff)
        .execute(&store.pool)
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::{client_address, forwarded_for};
    use http::HeaderMap;
    use std::net::{IpAddr, SocketAddr};

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let peer = |ip: &str| Some(SocketAddr::new(ip.parse().unwrap(), 40000));
        // An untrusted peer cannot choose its address with a header.
        assert_eq!(client_address(peer("203.0.113.9"), Some("1.2.3.4"), &[proxy]), "203.0.113.9");
        // Through the proxy: the address the proxy saw, not what the client prepended.
        assert_eq!(
            client_address(peer("10.0.0.5"), Some("6.6.6.6, 198.51.100.7"), &[proxy]),
            "198.51.100.7"
        );
        // Chained trusted proxies are skipped.
        let second: IpAddr = "10.0.0.6".parse().unwrap();
        assert_eq!(
            client_address(peer("10.0.0.5"), Some("198.51.100.7, 10.0.0.6"), &[proxy, second]),
            "198.51.100.7"
        );
        // A garbled header from the proxy: the proxy's own address (all its clients share the limit).
        assert_eq!(client_address(peer("10.0.0.5"), Some("not-an-ip"), &[proxy]), "10.0.0.5");
        assert_eq!(client_address(peer("10.0.0.5"), None, &[proxy]), "10.0.0.5");
        assert_eq!(client_address(None, Some("1.2.3.4"), &[proxy]), "unknown");
    }

    #[test]
    fn every_forwarded_line_is_read_and_ipv6_counts_by_its_network() {
        // The client sends its own line; the proxy adds another with the address it saw.
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", "6.6.6.6".parse().unwrap());
        headers.append("x-forwarded-for", "198.51.100.7".parse().unwrap());
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let via_proxy = Some(SocketAddr::new(proxy, 40000));
        let forwarded = forwarded_for(&headers);
        assert_eq!(forwarded.as_deref(), Some("6.6.6.6, 198.51.100.7"));
        assert_eq!(client_address(via_proxy, forwarded.as_deref(), &[proxy]), "198.51.100.7");
        // Two addresses of one /64 are one client; another /64 is another.
        let v6 =
            |ip: &str| client_address(Some(SocketAddr::new(ip.parse().unwrap(), 1)), None, &[]);
        assert_eq!(v6("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(v6("2001:db8:1:2:ffff::9"), "2001:db8:1:2::/64");
        assert_eq!(v6("2001:db8:1:3::1"), "2001:db8:1:3::/64");
        // An IPv4 client seen through an IPv6 socket is still its IPv4 address.
        assert_eq!(v6("::ffff:203.0.113.9"), "203.0.113.9");
    }
}
