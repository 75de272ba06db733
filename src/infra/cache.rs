//! A cache that never holds more than its budget of bytes: the least
//! recently used entries go first. The operator sets the budget
//! (`QUORUM_CACHE_BYTES`); every in-memory cache of the process takes its
//! share from it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

/// What an entry costs, in bytes of memory held.
pub trait Weigh {
    fn bytes(&self) -> usize;
}

/// Bytes counted for an entry beyond its value: its key, the map's slot.
const ENTRY_BYTES: usize = 256;

/// The largest share of the budget one entry may take: a bigger value is
/// answered but not kept, so one huge answer never empties the cache.
const LARGEST_SHARE: usize = 8;

/// A least-recently-used cache bounded by bytes. Reading takes a shared
/// lock and stamps the entry's last use (an atomic); keeping a value takes
/// the lock alone and, when the budget is spent, drops the entries used
/// longest ago until an eighth of the budget is free. Reads are the hot path (every feed poll, every page a
/// visitor reads); values are kept only after a miss.
#[derive(Debug)]
pub struct ByteCache<K, V> {
    budget: usize,
    clock: AtomicU64,
    inner: RwLock<Inner<K, V>>,
}

#[derive(Debug)]
struct Inner<K, V> {
    entries: HashMap<K, Entry<V>>,
    held: usize,
}

#[derive(Debug)]
struct Entry<V> {
    value: Arc<V>,
    used: AtomicU64,
    bytes: usize,
}

impl<K: Hash + Eq + Clone, V: Weigh> ByteCache<K, V> {
    /// An empty cache that holds at most `budget` bytes.
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            clock: AtomicU64::new(0),
            inner: RwLock::new(Inner {
                entries: HashMap::new(),
                held: 0,
            }),
        }
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The value under `key`, marked as just used.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        // a panic while holding the lock leaves the map consistent (every
        // change below is made whole before anything can panic)
        let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        let entry = inner.entries.get(key)?;
        entry.used.store(self.tick(), Ordering::Relaxed);
        Some(entry.value.clone())
    }

    /// Keeps `value` under `key` (replacing what was there), dropping the
    /// least recently used entries until the budget holds; a value larger
    /// than an eighth of the budget is not kept. Returns the value.
    pub fn insert(&self, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let bytes = value.bytes() + ENTRY_BYTES;
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(old) = inner.entries.remove(&key) {
            inner.held -= old.bytes;
        }
        if bytes > self.budget / LARGEST_SHARE {
            return value;
        }
        if inner.held + bytes > self.budget {
            // the oldest first, until the new value fits in seven eighths
            // of the budget: sorting the entries is paid once per many
            // values kept, not at each
            let room = self.budget - self.budget / LARGEST_SHARE;
            let mut by_use: Vec<(u64, K)> = inner
                .entries
                .iter()
                .map(|(k, e)| (e.used.load(Ordering::Relaxed), k.clone()))
                .collect();
            by_use.sort_unstable_by_key(|(used, _)| *used);
            for (_, oldest) in by_use {
                if inner.held + bytes <= room {
                    break;
                }
                if let Some(gone) = inner.entries.remove(&oldest) {
                    inner.held -= gone.bytes;
                }
            }
        }
        let used = AtomicU64::new(self.tick());
        inner.entries.insert(
            key,
            Entry {
                value: value.clone(),
                used,
                bytes,
            },
        );
        inner.held += bytes;
        value
    }

    /// Bytes held now, entries' overhead included.
    pub fn held(&self) -> usize {
        self.inner
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .held
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.inner
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .entries
            .len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Weigh for Vec<u8> {
        fn bytes(&self) -> usize {
            self.len()
        }
    }

    fn value(bytes: usize) -> Vec<u8> {
        vec![0; bytes]
    }

    #[test]
    fn never_holds_more_than_its_budget() {
        let cache = ByteCache::new(100_000);
        for key in 0..1_000 {
            cache.insert(key, value(3_000 + key % 7 * 1_000));
            assert!(cache.held() <= 100_000, "{} held", cache.held());
        }
        assert!(cache.len() > 5, "{} kept", cache.len());
    }

    #[test]
    fn the_least_recently_used_goes_first() {
        let cache = ByteCache::new(8 * (1_000 + ENTRY_BYTES) * 2);
        for key in 0..16 {
            cache.insert(key, value(1_000));
        }
        assert!(cache.get(&0).is_some(), "0 kept while within budget");
        cache.insert(16, value(1_000));
        assert!(cache.get(&0).is_some(), "0 was just used");
        // an eighth of the budget freed at once: 1, 2 and 3, used longest ago
        for gone in 1..=3 {
            assert!(
                cache.get(&gone).is_none(),
                "{gone} was among the least recently used"
            );
        }
        assert!(cache.get(&4).is_some());
        assert!(cache.get(&16).is_some());
    }

    #[test]
    fn replacing_a_key_counts_its_bytes_once() {
        let cache = ByteCache::new(1_000_000);
        cache.insert("feed", value(10_000));
        cache.insert("feed", value(20_000));
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.held(), 20_000 + ENTRY_BYTES);
        assert_eq!(cache.get(&"feed").map(|v| v.len()), Some(20_000));
    }

    #[test]
    fn a_value_too_large_is_answered_not_kept() {
        let cache = ByteCache::new(80_000);
        cache.insert("small", value(1_000));
        let big = cache.insert("big", value(20_000));
        assert_eq!(big.len(), 20_000);
        assert!(cache.get(&"big").is_none());
        assert!(cache.get(&"small").is_some(), "nothing evicted for it");
    }
}
