//! Time as the collector writes it: RFC 3339 in UTC, and Unix milliseconds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as i64
}

/// `2026-11-28T04:21:05Z` for a Unix time in milliseconds (whole seconds, UTC).
pub fn rfc3339(ms: i64) -> String {
    let since_epoch = Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_seconds(UNIX_EPOCH + since_epoch).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_649_367_553_000), "2022-04-07T21:39:13Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
    }
}
