//! Changing an open poll from its page: its title, description, deadline
//! and whether results are hidden (the slots stay once offered). The rules
//! are `polls::update`, as for the API's `PATCH`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, render, render_status};
use crate::db::write_transaction;
use crate::domain::error::{AppError, FieldError};
use crate::domain::meetings::format_local;
use crate::domain::polls::PollState;
use crate::domain::time::{utc, zone};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::polls::{self, PollChange, PollDetails};

/// The form's fields, as sent and as shown again.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PollEditForm {
    title: String,
    description: String,
    /// Local, in the poll's zone; empty for no deadline.
    deadline: String,
    /// A checkbox: present when ticked.
    hide_results: Option<String>,
}

#[derive(Template)]
#[template(path = "date_poll_edit.html")]
struct PollEditPage {
    chrome: Chrome,
    id: String,
    time_zone: String,
    form: PollEditForm,
    errors: Vec<FieldError>,
}

impl PollEditPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// The poll, if the caller organizes it and it is still open.
async fn editable(state: &AppState, chrome: &Chrome, id: &str) -> Result<PollDetails, AppError> {
    let caller = chrome.caller()?.clone();
    let id = id.to_owned();
    let details = state.db.run(move |conn| polls::details(conn, &id)).await?;
    if !polls::organizes(&caller, &details.poll) {
        return Err(AppError::Forbidden(
            chrome.t.polls.poll_edit_refused.to_owned(),
        ));
    }
    if details.poll.state()? != PollState::Open {
        return Err(AppError::Conflict(
            chrome.t.polls.poll_edit_closed.to_owned(),
        ));
    }
    Ok(details)
}

/// The form, filled with the poll as it is.
pub async fn edit_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let d = editable(&state, &chrome, &id).await?;
    let tz = zone(&d.poll.time_zone)?;
    render(&PollEditPage {
        form: PollEditForm {
            title: d.poll.title.clone(),
            description: d.poll.description.clone(),
            deadline: d
                .poll
                .deadline
                .map(|at| format_local(utc(at), tz))
                .unwrap_or_default(),
            hide_results: d.poll.hide_results.then(|| "on".to_owned()),
        },
        time_zone: d.poll.time_zone,
        id,
        errors: Vec::new(),
        chrome,
    })
}

/// Records the change; the form again, input kept, on bad input.
pub async fn update_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<PollEditForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let details = editable(&state, &chrome, &id).await?;
    let caller = chrome.caller()?.clone();
    let form = form.0;
    let change = PollChange {
        title: form.title.clone(),
        description: form.description.clone(),
        deadline_local: Some(form.deadline.clone()),
        hide_results: form.hide_results.is_some(),
    };
    let time_zone = details.poll.time_zone.clone();
    let done = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| polls::update(conn, &caller, &details, &change))
        })
        .await;
    match done {
        Ok(()) => Ok(see_other(&format!("/date-polls/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = PollEditPage {
                chrome,
                id,
                time_zone,
                form,
                errors,
            };
            render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => Err(error),
    }
}
