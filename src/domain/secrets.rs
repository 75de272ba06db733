//! Secrets that must never be printed, and the randomness they come from.

use std::fmt;

use serde::Deserialize;

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
