//! The application shell: the command line, the settings, start-up, the
//! route table, the mail worker, administrators' commands and the demo club.

pub mod admin_commands;
pub mod cli;
pub mod demo;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod telemetry;
pub mod worker;
