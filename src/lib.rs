//! quorum: the meeting and working-group scheduler of a users' club of
//! French public bodies.
//!
//! Layers, from the top; each imports only from the layers below it
//! (`tests/api/layers.rs` keeps it so). Start with `app/routes.rs` (every
//! URL), then `docs/ARCHITECTURE.md`.

/// The shell: command line, settings, start-up, routes, worker, demo.
pub mod app;

/// The HTTP edges: pages and the JSON API.
pub mod http;

/// The use cases, one function behind page, API and mailed link.
pub mod services;

/// Mail, calendars, video servers, tokens, the settings value.
pub mod infra;

/// Rows and queries; never mail, never settings, never words.
pub mod db;

/// The words, French and English.
pub mod i18n;

/// The club's rules, without I/O.
pub mod domain;
