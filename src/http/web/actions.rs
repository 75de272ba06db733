//! Action items on pages: the section of a meeting's page (its items, the
//! open ones carried over from the group's earlier sessions, the
//! organizers' form), the form again when it is refused, the buttons that
//! change an item's state, and `/actions`, the open items by owner.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::views::MeetingView;
use super::{Chrome, local_path, private, render, render_status};
use crate::db::actions::Item;
use crate::db::write_transaction;
use crate::domain::actions::{ActionInput, ActionState, OwnerKind};
use crate::domain::error::{AppError, FieldError};
use crate::domain::time::{utc, zone};
use crate::domain::{Lang, decode};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::actions::{MeetingItems, owns};
use crate::services::caller::Caller;

/// One item, in the page's words.
#[derive(Debug, Clone)]
pub struct ActionView {
    pub id: String,
    pub text: String,
    pub owner: String,
    pub due: Option<String>,
    pub overdue: bool,
    pub state: ActionState,
    pub state_label: &'static str,
    /// `open`, `done` or `dropped`, for the page's style.
    pub state_code: &'static str,
    pub meeting_id: String,
    /// "Réunion du 7 décembre 2017" words: its title and day.
    pub meeting: String,
    /// Whether the reader may change its state.
    pub may_change: bool,
}

impl ActionView {
    fn new(
        item: Item,
        reader: Option<&Caller>,
        organizes: bool,
        today: NaiveDate,
        lang: Lang,
    ) -> Result<Self, AppError> {
        let state: ActionState = decode(&item.row.state)?;
        let kind: OwnerKind = decode(&item.row.owner_kind)?;
        let owner = match (kind, &item.person, &item.body) {
            (OwnerKind::Person, Some((name, _)), _) => name.clone(),
            (OwnerKind::Organization, _, Some((_, name))) => name.clone(),
            _ => lang.texts().actions.owner_club.to_owned(),
        };
        let day = utc(item.meeting_starts_at)
            .with_timezone(&zone(&item.meeting_time_zone)?)
            .date_naive();
        Ok(Self {
            may_change: reader.is_some_and(|c| organizes || owns(c, &item)),
            id: item.row.id,
            text: item.row.text,
            owner,
            due: item.row.due_on.map(|d| lang.date(d)),
            overdue: state == ActionState::Open && item.row.due_on.is_some_and(|d| d < today),
            state,
            state_label: lang.action_state(state),
            state_code: crate::domain::code(state),
            meeting_id: item.row.meeting_id,
            meeting: format!("{} ({})", item.meeting_title, lang.date(day)),
        })
    }
}

/// The section of a meeting's page.
#[derive(Debug, Clone)]
pub struct ActionsSection {
    pub raised: Vec<ActionView>,
    pub carried: Vec<ActionView>,
    pub organizes: bool,
}

impl ActionsSection {
    pub fn new(items: MeetingItems, reader: Option<&Caller>, lang: Lang) -> Result<Self, AppError> {
        let organizes = items.organizes;
        let today = services::actions::today();
        let view = |i: Item| ActionView::new(i, reader, organizes, today, lang);
        Ok(Self {
            raised: items
                .raised
                .into_iter()
                .map(view)
                .collect::<Result<_, _>>()?,
            carried: items
                .carried
                .into_iter()
                .map(view)
                .collect::<Result<_, _>>()?,
            organizes,
        })
    }
}

/// What the organizers' form sends.
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    owner_kind: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_on: String,
}

/// The organizers' form: what was typed, what is wrong, the kinds of owner.
#[derive(Debug, Clone)]
pub struct ActionFormView {
    pub input: ActionInput,
    pub errors: Vec<FieldError>,
    pub owner_kinds: [(&'static str, &'static str); 3],
}

impl ActionFormView {
    pub fn new(input: ActionInput, errors: Vec<FieldError>, lang: Lang) -> Self {
        let t = lang.texts();
        let input = ActionInput {
            owner_kind: if input.owner_kind.is_empty() {
                "club".to_owned()
            } else {
                input.owner_kind
            },
            ..input
        };
        Self {
            input,
            errors,
            owner_kinds: [
                ("club", t.actions.owner_club),
                ("organization", t.people.organization),
                ("person", t.people.name),
            ],
        }
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

#[derive(Template)]
#[template(path = "action_form.html")]
struct ActionFormPage {
    chrome: Chrome,
    meeting: MeetingView,
    action_form: ActionFormView,
}

/// Raises an item; refused, the form again with what was typed.
pub async fn raise_action(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<String>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.0;
    let input = ActionInput {
        text: form.text,
        owner_kind: form.owner_kind,
        owner: form.owner,
        due_on: form.due_on,
    };
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let (raise_id, raise_input) = (id.clone(), input.clone());
    let raised = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::actions::raise(conn, &caller, lang, &raise_id, &raise_input)
            })
        })
        .await;
    match raised {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}?done=action#actions"))),
        Err(AppError::Invalid(errors)) => {
            let caller = chrome.caller()?.clone();
            let listing = state
                .db
                .run(move |conn| services::rsvps::organized_meeting(conn, &caller, lang, &id))
                .await?;
            let page = ActionFormPage {
                meeting: MeetingView::new(listing, lang)?,
                action_form: ActionFormView::new(input, errors, lang),
                chrome,
            };
            Ok(private(render_status(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )?))
        }
        Err(other) => Err(other),
    }
}

/// What a state button sends: the new state, and the page to go back to.
#[derive(Debug, Default, Deserialize)]
pub struct StateForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    back: String,
}

/// Marks an item done, dropped or open again, then goes back.
pub async fn change_action(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<String>,
    form: CsrfForm<StateForm>,
) -> Result<HttpResponse, AppError> {
    let item = path.into_inner();
    let form = form.0;
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let new_state = form.state.clone();
    let changed = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::actions::set_state(conn, &caller, lang, &item, &new_state)
            })
        })
        .await?;
    let back = match local_path(Some(form.back.as_str())) {
        "/" => format!("/meetings/{}", changed.row.meeting_id),
        path => path.to_owned(),
    };
    let separator = if back.contains('?') { '&' } else { '?' };
    Ok(see_other(&format!("{back}{separator}done=action_changed")))
}

/// The open items of one owner.
struct OwnerGroup {
    owner: String,
    items: Vec<ActionView>,
}

#[derive(Template)]
#[template(path = "actions.html")]
struct ActionsPage {
    chrome: Chrome,
    groups: Vec<OwnerGroup>,
}

/// `/actions`: the club's open items by owner, for people signed in.
pub async fn open_actions(
    state: web::Data<AppState>,
    chrome: Chrome,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let reader = caller.clone();
    let items = state
        .db
        .run(move |conn| services::actions::open_items(conn, &caller))
        .await?;
    let today = services::actions::today();
    let mut groups: Vec<OwnerGroup> = Vec::new();
    for item in items {
        let view = ActionView::new(item, Some(&reader), false, today, chrome.lang)?;
        match groups.iter_mut().find(|g| g.owner == view.owner) {
            Some(group) => group.items.push(view),
            None => groups.push(OwnerGroup {
                owner: view.owner.clone(),
                items: vec![view],
            }),
        }
    }
    groups.sort_by_key(|g| crate::domain::sort_key(&g.owner));
    render(&ActionsPage { chrome, groups }).map(private)
}
