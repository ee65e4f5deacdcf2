//! A per-client rate limit for lead submissions, and finding the client's
//! address behind trusted proxies.
//!
//! Each client address may send `burst` submissions at once and one more
//! every `refill` (governor's keyed GCRA limiter, the same arithmetic as a
//! token bucket). The address is the connection's peer, unless that peer is
//! a configured trusted proxy: then it is the rightmost `X-Forwarded-For`
//! entry that is not itself a trusted proxy. Entries further left are set by
//! the client and can be forged, so they are never used.
//!
//! An IPv6 client is limited by its /64 network, not its address: one
//! household or server is usually given a whole /64 and can pick any of its
//! 2^64 addresses at will. An IPv4 address mapped into IPv6 counts as the
//! IPv4 address.
//!
//! The limiter keeps one entry per key. Past [`DEFAULT_CAPACITY`] keys it
//! first forgets those whose allowance has fully recovered; if a flood of
//! fresh keys still fills it, it starts over empty. Memory stays bounded at
//! the price of giving every client a fresh allowance once in such a flood,
//! which each of those fresh keys would have had anyway.

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::RwLock;
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

/// The key a client is limited by: an IPv4 address, or an IPv6 /64.
pub fn rate_key(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V4(_) => client,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !((1u128 << 64) - 1))),
        },
    }
}

/// Keys kept at most (about 100 bytes each).
pub const DEFAULT_CAPACITY: usize = 100_000;

type Keyed<C> = governor::RateLimiter<
    IpAddr,
    DefaultKeyedStateStore<IpAddr>,
    C,
    NoOpMiddleware<<C as Clock>::Instant>,
>;

/// The submissions each client key has left.
pub struct RateLimiter<C: Clock = DefaultClock> {
    limiter: RwLock<Keyed<C>>,
    quota: Quota,
    clock: C,
    capacity: usize,
}

impl RateLimiter {
    pub fn new(burst: u32, refill: Duration) -> Self {
        Self::with_clock(burst, refill, DefaultClock::default(), DEFAULT_CAPACITY)
    }
}

impl<C: Clock + Clone> RateLimiter<C> {
    pub fn with_clock(burst: u32, refill: Duration, clock: C, capacity: usize) -> Self {
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(refill.max(Duration::from_millis(1)))
            .expect("a period of at least a millisecond")
            .allow_burst(burst);
        RateLimiter {
            limiter: RwLock::new(governor::RateLimiter::dashmap_with_clock(
                quota,
                clock.clone(),
            )),
            quota,
            clock,
            capacity: capacity.max(1),
        }
    }

    /// Takes a submission for `key` (see [`rate_key`]); `Err(wait)` says how
    /// long until one is free.
    pub fn check(&self, key: IpAddr) -> Result<(), Duration> {
        if self.len() >= self.capacity {
            let mut limiter = self.limiter.write().unwrap_or_else(|p| p.into_inner());
            limiter.retain_recent();
            if limiter.len() >= self.capacity {
                tracing::warn!(
                    keys = limiter.len(),
                    "rate limiter full of fresh keys; starting over"
                );
                *limiter =
                    governor::RateLimiter::dashmap_with_clock(self.quota, self.clock.clone());
            }
            limiter.shrink_to_fit();
        }
        let limiter = self.limiter.read().unwrap_or_else(|p| p.into_inner());
        limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// Keys held now.
    pub fn len(&self) -> usize {
        self.limiter.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        let limiter = RateLimiter::with_clock(3, Duration::from_secs(10), clock.clone(), 1000);
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

    #[test]
    fn ipv6_clients_are_keyed_by_their_slash_64() {
        assert_eq!(rate_key(ip("2001:db8:5:7::1")), ip("2001:db8:5:7::"));
        assert_eq!(
            rate_key(ip("2001:db8:5:7:ffff:1:2:3")),
            rate_key(ip("2001:db8:5:7::9"))
        );
        assert_ne!(
            rate_key(ip("2001:db8:5:7::1")),
            rate_key(ip("2001:db8:5:8::1"))
        );
        assert_eq!(rate_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(rate_key(ip("192.0.2.1")), ip("192.0.2.1"));
    }

    #[test]
    fn a_flood_of_fresh_keys_cannot_grow_the_limiter_past_its_capacity() {
        let clock = governor::clock::FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(3, Duration::from_secs(600), clock, 100);
        for n in 0..1000u32 {
            let key = IpAddr::V4(std::net::Ipv4Addr::from_bits(0x0a00_0000 + n));
            assert!(limiter.check(key).is_ok());
            assert!(limiter.len() <= 100, "{} keys after {n}", limiter.len());
        }
    }
}
