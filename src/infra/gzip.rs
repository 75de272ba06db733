//! Compressing an answer once, to keep beside its plain bytes.

use std::io::Write;

use bytes::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;

/// `bytes` gzipped at `level`.
pub fn gzip(bytes: &[u8], level: Compression) -> std::io::Result<Bytes> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), level);
    encoder.write_all(bytes)?;
    encoder.finish().map(Bytes::from)
}
