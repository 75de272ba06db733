//! What quorum talks to and renders for the outside: the mail outbox and its
//! transports, iCalendar, BigBlueButton, Jitsi tokens, random tokens and
//! keys, and the settings value.

pub mod bigbluebutton;
pub mod calendar;
pub mod jitsi;
pub mod mail;
pub mod settings;
