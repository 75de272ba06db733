//! Secrets: the instance key, strings never printed, random tokens and
//! their hashes, keys derived for each purpose.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256, Sha512};

/// `n` bytes from the operating system's random source.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    // The OS random source failing is not something to recover from.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    bytes
}

/// A string that is never printed.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Redacted(pub String);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// The instance secret: 64 random bytes. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Vec<u8>);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// Bytes of a secret key.
pub const SECRET_KEY_BYTES: usize = 64;

impl SecretKey {
    /// A new random key.
    pub fn generate() -> Self {
        Self(random_bytes(SECRET_KEY_BYTES))
    }

    /// Reads a key written as hexadecimal.
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| "the secret key must be written in hexadecimal".to_owned())?;
        if bytes.len() < SECRET_KEY_BYTES {
            return Err(format!(
                "the secret key must hold at least {SECRET_KEY_BYTES} bytes ({} hexadecimal characters)",
                SECRET_KEY_BYTES * 2
            ));
        }
        Ok(Self(bytes))
    }

    /// The key's bytes, for signing.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Bytes of randomness in a token (256 bits).
const TOKEN_BYTES: usize = 32;

/// A new token, URL-safe.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes(TOKEN_BYTES))
}

/// What is stored of a token: its SHA-256, in hex. A lookup by hash leaks
/// nothing useful through timing, so no constant-time comparison is needed.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A key for one purpose, derived from the instance secret, so that the
/// cookie key, link signatures and the like never share bytes.
pub fn derive_key(secret: &SecretKey, purpose: &str) -> [u8; 64] {
    let mut mac = Hmac::<Sha512>::new_from_slice(secret.bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

/// The personal feed token made from a stored `nonce`: an HMAC with a key
/// of its own, so the database alone cannot rebuild it.
pub fn feed_token(secret: &SecretKey, nonce: &str) -> String {
    let key = derive_key(secret, "personal calendar feed");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(nonce.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Equality that takes the same time wherever the strings differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_url_safe() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn hash_is_stable_and_not_the_token() {
        let token = new_token();
        assert_eq!(hash_token(&token), hash_token(&token));
        assert_ne!(hash_token(&token), token);
        assert_eq!(hash_token(&token).len(), 64);
    }

    #[test]
    fn derived_keys_differ_by_purpose() {
        let secret = SecretKey::generate();
        assert_ne!(derive_key(&secret, "session"), derive_key(&secret, "rsvp"));
        assert_eq!(
            derive_key(&secret, "session"),
            derive_key(&secret, "session")
        );
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
