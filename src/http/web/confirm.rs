//! The confirmation step of actions that cannot be undone (accepting or
//! withdrawing a host proposal, removing a participant, sending
//! invitations). Without JavaScript there is no dialog: the button leads
//! (GET) to a page that says what will happen, whom it mails and what it
//! ends, with a "Confirmer" form and a way back. The action's POST acts only
//! with `confirm=yes`; without it, it shows that page and changes nothing.

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::{Chrome, render};
use crate::domain::error::AppError;

/// What a confirmation page says and where its form posts.
#[derive(Debug)]
pub struct Confirmation {
    /// The question, as the page's heading.
    pub title: String,
    /// What will happen, one sentence each.
    pub lines: Vec<String>,
    /// Where the confirmed form posts.
    pub action: String,
    /// The action's own fields, posted again with `confirm=yes`.
    pub fields: Vec<(&'static str, String)>,
    /// The way back, without acting.
    pub back: String,
}

/// The field a confirmed post carries.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Confirm {
    confirm: String,
}

impl Confirm {
    /// Whether the post comes from a confirmation page.
    pub fn given(&self) -> bool {
        is_confirmed(&self.confirm)
    }
}

/// Whether a posted `confirm` field confirms.
pub fn is_confirmed(value: &str) -> bool {
    value == "yes"
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    c: Confirmation,
}

/// The confirmation page.
pub fn show(chrome: Chrome, c: Confirmation) -> Result<HttpResponse, AppError> {
    render(&ConfirmPage { chrome, c })
}
