//! quorum: the meeting and working-group scheduler of a users' club of
//! French public bodies.
//!
//! Start with `routes.rs` (every URL), then `docs/ARCHITECTURE.md`.

pub mod admin_commands;
pub mod api;
pub mod auth;
pub mod bigbluebutton;
pub mod calendar;
pub mod cli;
pub mod db;
pub mod demo;
pub mod domain;
pub mod emails;
pub mod error;
pub mod hosting;
pub mod i18n;
pub mod invitations;
pub mod mail;
pub mod notices;
pub mod polls;
pub mod registrations;
pub mod reminders;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod telemetry;
pub mod web;

/// `n` bytes from the operating system's random source.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    // The OS random source failing is not something to recover from.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    bytes
}
