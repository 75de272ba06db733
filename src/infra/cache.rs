//! A cache that never holds more than its budget of bytes: the least
//! recently used entries go first. The operator sets the budget
//! (`QUORUM_CACHE_BYTES`); every in-memory cache of the process takes its
//! share from it.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// What an entry costs, in bytes of memory held.
pub trait Weigh {
    fn bytes(&self) -> usize;
}

/// Bytes counted for an entry beyond its value: its key, the maps' slots.
const ENTRY_BYTES: usize = 256;

/// The largest share of the budget one entry may take: a bigger value is
/// answered but not kept, so one huge answer never empties the cache.
const LARGEST_SHARE: usize = 8;

/// A least-recently-used cache bounded by bytes.
#[derive(Debug)]
pub struct ByteCache<K, V> {
    budget: usize,
    inner: Mutex<Inner<K, V>>,
}

#[derive(Debug)]
struct Inner<K, V> {
    entries: HashMap<K, Entry<V>>,
    /// Keys by last use, oldest first.
    by_use: BTreeMap<u64, K>,
    clock: u64,
    held: usize,
}

#[derive(Debug)]
struct Entry<V> {
    value: Arc<V>,
    used: u64,
    bytes: usize,
}

impl<K: Hash + Eq + Clone, V: Weigh> ByteCache<K, V> {
    /// An empty cache that holds at most `budget` bytes.
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                by_use: BTreeMap::new(),
                clock: 0,
                held: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<K, V>> {
        // a panic while holding the lock leaves the maps consistent (every
        // change below is made whole before anything can panic)
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The value under `key`, marked as just used.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        let entry = inner.entries.get_mut(key)?;
        let before = std::mem::replace(&mut entry.used, now);
        let value = entry.value.clone();
        inner.by_use.remove(&before);
        inner.by_use.insert(now, key.clone());
        Some(value)
    }

    /// Keeps `value` under `key` (replacing what was there), dropping the
    /// least recently used entries until the budget holds; a value larger
    /// than an eighth of the budget is not kept. Returns the value.
    pub fn insert(&self, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let bytes = value.bytes() + ENTRY_BYTES;
        let mut inner = self.lock();
        if let Some(old) = inner.entries.remove(&key) {
            inner.by_use.remove(&old.used);
            inner.held -= old.bytes;
        }
        if bytes > self.budget / LARGEST_SHARE {
            return value;
        }
        while inner.held + bytes > self.budget {
            let Some((_, oldest)) = inner.by_use.pop_first() else {
                break;
            };
            if let Some(gone) = inner.entries.remove(&oldest) {
                inner.held -= gone.bytes;
            }
        }
        inner.clock += 1;
        let used = inner.clock;
        inner.by_use.insert(used, key.clone());
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
        self.lock().held
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
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
        assert!(cache.get(&1).is_none(), "1 was the least recently used");
        assert!(cache.get(&2).is_some());
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
