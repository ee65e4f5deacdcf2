//! A per-client rate limit for lead submissions, and finding the client's
//! address behind trusted proxies.
//!
//! Each client address has a bucket of `burst` tokens that refills one token
//! every `refill`. The address is the connection's peer, unless that peer is
//! a configured trusted proxy: then it is the rightmost `X-Forwarded-For`
//! entry that is not itself a trusted proxy. Entries further left are set by
//! the client and can be forged, so they are never used.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

/// The client's address as far as it can be trusted.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted_proxies.contains(ip))
        .unwrap_or(peer)
}

/// Token buckets per client address.
pub struct RateLimiter {
    burst: u32,
    refill: Duration,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(burst: u32, refill: Duration) -> Self {
        RateLimiter {
            burst: burst.max(1),
            refill: refill.max(Duration::from_millis(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `client`; `Err(wait)` says how long until one is free.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Forget full buckets so a flood of addresses cannot grow the map without end.
            let (burst, refill) = (f64::from(self.burst), self.refill);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() / refill.as_secs_f64() < burst
            });
        }
        let (tokens, at) = buckets
            .entry(client)
            .or_insert((f64::from(self.burst), now));
        let refilled = (*tokens
            + now.duration_since(*at).as_secs_f64() / self.refill.as_secs_f64())
        .min(f64::from(self.burst));
        *at = now;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            Ok(())
        } else {
            *tokens = refilled;
            Err(self.refill.mul_f64(1.0 - refilled))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_peer_is_the_client_unless_it_is_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "6.6.6.6, 203.0.113.7".parse().unwrap());
        assert_eq!(
            client_ip(ip("198.51.100.1"), &headers, &[]),
            ip("198.51.100.1"),
            "untrusted peers cannot claim an address"
        );
        let proxy = ip("10.0.0.2");
        assert_eq!(
            client_ip(proxy, &headers, &[proxy]),
            ip("203.0.113.7"),
            "the rightmost entry, set by the proxy"
        );
        headers.insert("x-forwarded-for", "203.0.113.7, 10.0.0.3".parse().unwrap());
        assert_eq!(
            client_ip(proxy, &headers, &[proxy, ip("10.0.0.3")]),
            ip("203.0.113.7")
        );
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn allows_a_burst_then_refills_over_time() {
        let limiter = RateLimiter::new(3, Duration::from_secs(10));
        let (a, b) = (ip("192.0.2.1"), ip("192.0.2.2"));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(a, t0).is_ok());
        }
        let wait = limiter.check(a, t0).unwrap_err();
        assert!(wait <= Duration::from_secs(10) && wait > Duration::from_secs(9));
        assert!(
            limiter.check(b, t0).is_ok(),
            "another client has its own bucket"
        );
        assert!(limiter.check(a, t0 + Duration::from_secs(11)).is_ok());
        assert!(limiter.check(a, t0 + Duration::from_secs(11)).is_err());
    }
}
