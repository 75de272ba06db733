//! `/api/v1/meetings/{id}/actions` and `/api/v1/actions/{item}`: action
//! items, through `services::actions` as the pages.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::actions::Item;
use crate::db::write_transaction;
use crate::domain::actions::ActionInput;
use crate::domain::error::AppError;
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services;

/// An item's owner, as the API shows and takes it.
#[derive(Debug, Serialize, Deserialize)]
pub struct OwnerJson {
    /// `person`, `organization` or `club`.
    pub kind: String,
    /// A person's address (`person`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A body's slug (`organization`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Its name, in reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An item as the API shows it.
#[derive(Debug, Serialize)]
pub struct ActionJson {
    pub id: String,
    pub meeting_id: String,
    pub text: String,
    pub owner: OwnerJson,
    pub due_on: Option<String>,
    pub state: String,
}

impl ActionJson {
    fn new(item: Item) -> Self {
        let owner = OwnerJson {
            kind: item.row.owner_kind.clone(),
            email: item.person.as_ref().map(|(_, email)| email.clone()),
            slug: item.body.as_ref().map(|(slug, _)| slug.clone()),
            name: item
                .person
                .map(|(name, _)| name)
                .or(item.body.map(|(_, name)| name)),
        };
        Self {
            id: item.row.id,
            meeting_id: item.row.meeting_id,
            text: item.row.text,
            owner,
            due_on: item.row.due_on.map(|d| d.format("%Y-%m-%d").to_string()),
            state: item.row.state,
        }
    }
}

/// A meeting's items.
#[derive(Debug, Serialize)]
pub struct MeetingActionsJson {
    /// Raised at this meeting.
    pub raised_here: Vec<ActionJson>,
    /// Still open, raised at the working group's earlier sessions.
    pub carried_over: Vec<ActionJson>,
}

/// The items of a meeting the caller may see.
pub async fn list_actions(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let caller = caller.map(|c| c.0);
    let items = state
        .db
        .run(move |conn| services::actions::of_meeting(conn, caller.as_ref(), &id))
        .await?;
    Ok(HttpResponse::Ok().json(MeetingActionsJson {
        raised_here: items.raised.into_iter().map(ActionJson::new).collect(),
        carried_over: items.carried.into_iter().map(ActionJson::new).collect(),
    }))
}

/// A new item.
#[derive(Debug, Deserialize)]
pub struct ActionBody {
    text: String,
    owner: OwnerJson,
    #[serde(default)]
    due_on: Option<String>,
}

/// Raises an item (the meeting's organizers).
pub async fn raise_action(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<ActionBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = path.into_inner();
    let body = body.into_inner();
    let input = ActionInput {
        text: body.text,
        owner: body.owner.email.or(body.owner.slug).unwrap_or_default(),
        owner_kind: body.owner.kind,
        due_on: body.due_on.unwrap_or_default(),
    };
    let item = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::actions::raise(conn, &caller, caller.lang(), &id, &input)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(ActionJson::new(item)))
}

/// A change of state.
#[derive(Debug, Deserialize)]
pub struct StateBody {
    state: String,
}

/// Marks an item `open`, `done` or `dropped` (organizers, the owner).
pub async fn change_action(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<StateBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = path.into_inner();
    let new_state = body.into_inner().state;
    let item = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::actions::set_state(conn, &caller, caller.lang(), &id, &new_state)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(ActionJson::new(item)))
}
