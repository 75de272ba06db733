//! TEMPORARY interface stub: replaced by the mail-outbox branch at merge.
#![allow(missing_docs, clippy::needless_pass_by_value)]

use crate::db::DbConn;
use crate::error::AppError;
use crate::settings::Settings;

/// A message to send, already rendered in the recipient's language.
#[derive(Debug, Clone)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub kind: &'static str,
    pub dedupe_key: Option<String>,
    pub calendar: Option<CalendarPart>,
}

/// An iCalendar part (iMIP).
#[derive(Debug, Clone)]
pub struct CalendarPart {
    pub method: String,
    pub ics: String,
}

/// Queues `email` in the caller's transaction.
pub fn enqueue(
    _conn: &mut DbConn,
    _settings: &Settings,
    _email: &Email,
) -> Result<Option<String>, AppError> {
    Err(AppError::internal("mail outbox not merged yet"))
}
