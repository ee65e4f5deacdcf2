//! A per-client rate limit for lead submissions, and finding the client's
//! address behind trusted proxies.
//!
//! Each client address may send `burst` submissions at once and one more
//! every `refill` (governor's keyed GCRA limiter, the same arithmetic as a
//! token bucket). The address is the connection's peer, unless that peer is
//! a configured trusted proxy: then it is the rightmost `X-Forwarded-For`
//! entry that is not itself a trusted proxy. Entries further left are set by
//! the client and can be forged, so they are never used.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::HeaderMap;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::Quota;

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

/// Addresses kept before the limiter forgets those whose limit has fully
/// recovered, so a flood of addresses cannot grow it without end.
const FORGET_FROM: usize = 100_000;

/// The submissions each client address has left.
pub struct RateLimiter<C: Clock = DefaultClock> {
    limiter: governor::RateLimiter<
        IpAddr,
        DefaultKeyedStateStore<IpAddr>,
        C,
        NoOpMiddleware<C::Instant>,
    >,
    clock: C,
}

impl RateLimiter {
    pub fn new(burst: u32, refill: Duration) -> Self {
        Self::with_clock(burst, refill, DefaultClock::default())
    }
}

impl<C: Clock + Clone> RateLimiter<C> {
    pub fn with_clock(burst: u32, refill: Duration, clock: C) -> Self {
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(refill.max(Duration::from_millis(1)))
            .expect("a period of at least a millisecond")
            .allow_burst(burst);
        RateLimiter {
            limiter: governor::RateLimiter::dashmap_with_clock(quota, clock.clone()),
            clock,
        }
    }

    /// Takes a submission for `client`; `Err(wait)` says how long until one is free.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        if self.limiter.len() > FORGET_FROM {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
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
        let clock = governor::clock::FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(3, Duration::from_secs(10), clock.clone());
        let (a, b) = (ip("192.0.2.1"), ip("192.0.2.2"));
        for _ in 0..3 {
            assert!(limiter.check(a).is_ok());
        }
        let wait = limiter.check(a).unwrap_err();
        assert!(
            wait <= Duration::from_secs(10) && wait > Duration::from_secs(9),
            "{wait:?}"
        );
        assert!(
            limiter.check(b).is_ok(),
            "another client has its own allowance"
        );
        clock.advance(Duration::from_secs(11));
        assert!(limiter.check(a).is_ok());
        assert!(limiter.check(a).is_err());
    }
}
