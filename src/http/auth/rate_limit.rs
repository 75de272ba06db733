//! Limits on sign-in requests, per address and per client IP, kept in
//! memory (each instance counts for itself), for a bounded number of
//! addresses and IPs.

use std::fmt;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota};

/// Sign-in requests allowed in a burst for one address; then one more
/// every `ADDRESS_REFILL`.
const ADDRESS_BURST: u32 = 5;
const ADDRESS_REFILL: Duration = Duration::from_secs(180);
/// The same for one client IP (an office may share one address).
const IP_BURST: u32 = 20;
const IP_REFILL: Duration = Duration::from_secs(30);

/// Addresses or IPs each limiter follows at most (some megabytes): beyond,
/// those whose quota is whole again are forgotten, and if that is not
/// enough, all are — memory never grows with the people who ever signed in.
const MOST_FOLLOWED: usize = 50_000;

/// The sign-in limiters.
pub struct SigninLimits {
    by_address: Followed<String>,
    by_ip: Followed<IpAddr>,
}

/// One limiter, replaced by a fresh one when it follows too many keys.
struct Followed<K: Hash + Eq + Clone> {
    quota: Quota,
    limiter: RwLock<DefaultKeyedRateLimiter<K>>,
}

impl<K: Hash + Eq + Clone> Followed<K> {
    fn new(quota: Quota) -> Self {
        Self {
            quota,
            limiter: RwLock::new(DefaultKeyedRateLimiter::keyed(quota)),
        }
    }

    /// Counts one request for `key`; false when it asked too often.
    fn check(&self, key: &K) -> bool {
        let full = {
            let limiter = self.limiter.read().unwrap_or_else(PoisonError::into_inner);
            if limiter.len() > MOST_FOLLOWED {
                limiter.retain_recent();
            }
            limiter.len() > MOST_FOLLOWED
        };
        if full {
            tracing::warn!(
                followed = MOST_FOLLOWED,
                "sign-in limits: too many at once, counting starts again"
            );
            *self.limiter.write().unwrap_or_else(PoisonError::into_inner) =
                DefaultKeyedRateLimiter::keyed(self.quota);
        }
        let limiter = self.limiter.read().unwrap_or_else(PoisonError::into_inner);
        limiter.check_key(key).is_ok()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.limiter
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
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
            by_address: Followed::new(quota(ADDRESS_BURST, ADDRESS_REFILL)),
            by_ip: Followed::new(quota(IP_BURST, IP_REFILL)),
        }
    }
}

impl SigninLimits {
    /// Counts one request; false when the address or the IP asked too often.
    pub fn allow(&self, address_key: &str, ip: Option<IpAddr>) -> bool {
        let ip_ok = ip.is_none_or(|ip| self.by_ip.check(&ip));
        ip_ok && self.by_address.check(&address_key.to_owned())
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
    fn memory_stays_bounded_whatever_the_addresses() {
        let limits = SigninLimits::default();
        for n in 0..MOST_FOLLOWED + 10 {
            limits.allow(&format!("p{n}@example.org"), None);
        }
        assert!(
            limits.by_address.len() <= MOST_FOLLOWED,
            "{}",
            limits.by_address.len()
        );
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
