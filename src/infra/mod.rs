//! What quorum talks to and renders for the outside: the mail outbox and its
//! transports, iCalendar, the byte-bounded cache, gzip, BigBlueButton, Jitsi tokens, random tokens and
//! keys, and the settings value.

pub mod bigbluebutton;
pub mod cache;
pub mod calendar;
pub mod gzip;
pub mod jitsi;
pub mod mail;
pub mod markdown;
pub mod settings;
