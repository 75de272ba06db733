//! The integration tests: one binary, each test on SQLite and on PostgreSQL,
//! each with a fresh database and its own server on port 0.

mod chrome;
mod helpers;

mod bigbluebutton;
mod browser;
mod calendar;
mod calendar_clients;
mod cli;
mod date_polls;
mod demo;
mod errors;
mod feed_cache;
mod feeds;
mod headers;
mod health;
mod hosting;
mod hosting_pages;
mod ics_readers;
mod imip;
mod join;
mod join_links;
mod layers;
mod long_history;
mod mail;
mod mail_worker;
mod meetings;
mod meetings_api;
mod meetings_rules;
mod methods;
mod metrics;
mod openapi;
mod pages;
mod reminders;
mod roles;
mod rsvp_links;
mod rsvp_pages;
mod rsvps;
mod series;
mod sessions;
mod signin;
mod signin_mail;
mod smtp;
mod working_groups;
