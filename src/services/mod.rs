//! The use cases: one function behind a page, an API call and a mailed link
//! alike. Each takes a connection inside the caller's transaction and queues
//! the mails its change causes in that same transaction.

pub mod actions;
pub mod attendance;
pub mod caller;
pub mod developments;
pub mod emails;
pub mod feeds;
pub mod files;
pub mod hosting;
pub mod invitations;
pub mod links;
pub mod meetings;
pub mod messages;
pub mod minutes;
pub mod notices;
pub mod policy;
pub mod polls;
pub mod registrations;
pub mod reminders;
pub mod reports;
pub mod rsvps;
pub mod series;
pub mod signin;
