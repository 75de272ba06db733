//! Limits on sign-in requests, per address and per client IP, kept in
//! memory (each instance counts for itself).

use std::fmt;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota};

/// Sign-in requests allowed in a burst for one address; then one more
/// every `ADDRESS_REFILL`.
const ADDRESS_BURST: u32 = 5;
const ADDRESS_REFILL: Duration = Duration::from_secs(180);
/// The same for one client IP (an office may share one address).
const IP_BURST: u32 = 20;
const IP_REFILL: Duration = Duration::from_secs(30);

/// The sign-in limiters.
pub struct SigninLimits {
    by_address: DefaultKeyedRateLimiter<String>,
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
}

impl fmt::Debug for SigninLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigninLimits")
    }
}

impl Default for SigninLimits {
    fn default() -> Self {
        let quota = |burst: u32, refill: Duration| {
            let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
            Quota::with_period(refill)
                .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
                .allow_burst(burst)
        };
        Self {
            by_address: DefaultKeyedRateLimiter::keyed(quota(ADDRESS_BURST, ADDRESS_REFILL)),
            by_ip: DefaultKeyedRateLimiter::keyed(quota(IP_BURST, IP_REFILL)),
        }
    }
}

impl SigninLimits {
    /// Counts one request; false when the address or the IP asked too often.
    pub fn allow(&self, address_key: &str, ip: Option<IpAddr>) -> bool {
        let ip_ok = ip.is_none_or(|ip| self.by_ip.check_key(&ip).is_ok());
        ip_ok && self.by_address.check_key(&address_key.to_owned()).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_is_limited_without_limiting_another() {
        let limits = SigninLimits::default();
        for _ in 0..ADDRESS_BURST {
            assert!(limits.allow("a@example.org", None));
        }
        assert!(!limits.allow("a@example.org", None));
        assert!(limits.allow("b@example.org", None));
    }

    #[test]
    fn one_ip_is_limited_across_addresses() {
        let limits = SigninLimits::default();
        let ip: IpAddr = [192, 0, 2, 1].into();
        for n in 0..IP_BURST {
            assert!(limits.allow(&format!("p{n}@example.org"), Some(ip)));
        }
        assert!(!limits.allow("other@example.org", Some(ip)));
    }
}
