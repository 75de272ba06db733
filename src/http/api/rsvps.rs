//! `/api/v1/meetings/{id}/rsvp` (the caller's own answer) and
//! `/api/v1/meetings/{id}/rsvps` (everyone's, for organizers).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db;
use crate::db::rsvps::Participant;
use crate::domain::decode;
use crate::domain::error::AppError;
use crate::domain::rsvps::{
    Answer, AnswerInput, Approval, Attendance, CheckedAnswer, RsvpState, WaitReason,
};
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services;

/// An answer as the API shows it.
#[derive(Debug, Serialize)]
pub struct RsvpJson {
    pub meeting: String,
    pub person: RsvpPersonJson,
    pub answer: Answer,
    pub attendance: Attendance,
    pub state: RsvpState,
    /// 1 for the next in line; absent unless waitlisted.
    pub waitlist_position: Option<i64>,
    pub waitlist_reason: Option<WaitReason>,
    pub approval: Approval,
    pub project_highlight: String,
    pub wished_development: String,
    pub comment: String,
    /// Whether the name may appear on the public page.
    pub listed: bool,
    /// Whether they take the lunch (in person, at a meeting that asks).
    pub lunch: bool,
    /// Seen by the person and the meeting's organizers only.
    pub dietary_needs: String,
    /// Seen by the person and the meeting's organizers only.
    pub accessibility_needs: String,
    pub updated_at: String,
}

/// Who answered.
#[derive(Debug, Serialize)]
pub struct RsvpPersonJson {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Their body's slug.
    pub organization: Option<String>,
}

impl RsvpJson {
    fn new(p: Participant) -> Result<Self, AppError> {
        let r = p.rsvp;
        Ok(Self {
            answer: decode(&r.answer)?,
            attendance: decode(&r.attendance)?,
            state: decode(&r.state)?,
            waitlist_position: p.waitlist_position,
            waitlist_reason: r.waitlist_reason.as_deref().map(decode).transpose()?,
            approval: decode(&r.approval)?,
            updated_at: r.updated_at.and_utc().to_rfc3339(),
            meeting: r.meeting_id,
            person: RsvpPersonJson {
                id: p.person.id,
                name: p.person.name,
                email: p.person.email,
                organization: p.body.map(|b| b.slug),
            },
            project_highlight: r.project_highlight,
            wished_development: r.wished_development,
            comment: r.comment,
            listed: r.listed,
            lunch: r.lunch,
            dietary_needs: r.dietary_needs,
            accessibility_needs: r.accessibility_needs,
        })
    }
}

/// An answer, as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RsvpBody {
    answer: String,
    #[serde(default)]
    attendance: Option<String>,
    #[serde(default)]
    project_highlight: Option<String>,
    #[serde(default)]
    wished_development: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    listed: Option<bool>,
    #[serde(default)]
    lunch: Option<bool>,
    #[serde(default)]
    dietary_needs: Option<String>,
    #[serde(default)]
    accessibility_needs: Option<String>,
}

impl RsvpBody {
    fn checked(self, lang: crate::domain::Lang) -> Result<CheckedAnswer, AppError> {
        let input = AnswerInput {
            answer: self.answer,
            attendance: self.attendance.unwrap_or_default(),
            project_highlight: self.project_highlight.unwrap_or_default(),
            wished_development: self.wished_development.unwrap_or_default(),
            comment: self.comment.unwrap_or_default(),
            listed: self.listed.unwrap_or(false),
            lunch: self.lunch.unwrap_or(false),
            dietary_needs: self.dietary_needs.unwrap_or_default(),
            accessibility_needs: self.accessibility_needs.unwrap_or_default(),
        };
        CheckedAnswer::parse(&input).map_err(|p| AppError::Invalid(lang.field_errors(p)))
    }
}

/// The caller's answer: a new one, or a change of the one they have.
pub async fn put_my_rsvp(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<RsvpBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let checked = body.into_inner().checked(caller.lang())?;
    let settings = state.settings.clone();
    let id = id.into_inner();
    let answered = state
        .db
        .change_answers(id.clone(), move |conn| {
            services::rsvps::answer(conn, &settings, &caller, caller.lang(), &id, &checked)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RsvpJson::new(answered)?))
}

/// The caller's answer, if any.
pub async fn show_my_rsvp(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = id.into_inner();
    let mine = state
        .db
        .run(move |conn| {
            services::rsvps::visible_meeting(conn, Some(&caller), &id)?;
            db::rsvps::find(conn, &id, &caller.person.id)?.ok_or(AppError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RsvpJson::new(mine)?))
}

/// Takes back the caller's answer; a seat it held goes to the next in line.
pub async fn delete_my_rsvp(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let settings = state.settings.clone();
    let id = id.into_inner();
    state
        .db
        .change_answers(id.clone(), move |conn| {
            services::rsvps::withdraw(conn, &settings, &caller, caller.lang(), &id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every answer to a meeting, for its organizers.
pub async fn list_rsvps(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = id.into_inner();
    let all = state
        .db
        .run(move |conn| {
            services::rsvps::organized_meeting(conn, &caller, caller.lang(), &id)?;
            db::rsvps::participants(conn, &id)
        })
        .await?;
    let items = all
        .into_iter()
        .map(RsvpJson::new)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(super::Page {
        items,
        next_cursor: None,
    }))
}

/// `{id}/rsvps/{person}`.
#[derive(Debug, Deserialize)]
pub struct PersonPath {
    id: String,
    person: String,
}

/// An organizer answers for someone.
pub async fn put_rsvp_for(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<PersonPath>,
    body: web::Json<RsvpBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let checked = body.into_inner().checked(caller.lang())?;
    let settings = state.settings.clone();
    let PersonPath { id, person } = path.into_inner();
    let answered = state
        .db
        .change_answers(id.clone(), move |conn| {
            let person = db::people::find(conn, &person)?.ok_or(AppError::NotFound)?;
            services::rsvps::answer_for(
                conn,
                &settings,
                &caller,
                caller.lang(),
                &id,
                &person,
                &checked,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(RsvpJson::new(answered)?))
}

/// An organizer takes back someone's answer.
pub async fn delete_rsvp_for(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<PersonPath>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let settings = state.settings.clone();
    let PersonPath { id, person } = path.into_inner();
    let found = state
        .db
        .change_answers(id.clone(), move |conn| {
            services::rsvps::withdraw_for(conn, &settings, &caller, caller.lang(), &id, &person)
        })
        .await?;
    if found {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(AppError::NotFound)
    }
}

async fn decide(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<PersonPath>,
    approve: bool,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let settings = state.settings.clone();
    let PersonPath { id, person } = path.into_inner();
    let decided = state
        .db
        .change_answers(id.clone(), move |conn| {
            services::rsvps::decide(
                conn,
                &settings,
                &caller,
                caller.lang(),
                &id,
                &person,
                approve,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(RsvpJson::new(decided)?))
}

/// An organizer accepts an answer waiting for approval.
pub async fn approve_rsvp(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<PersonPath>,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, path, true).await
}

/// An organizer refuses an answer waiting for approval.
pub async fn refuse_rsvp(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<PersonPath>,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, path, false).await
}

/// A colleague to register, as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    attendance: Option<String>,
}

/// The caller registers a colleague of their own body: 201 with the
/// colleague's answer.
pub async fn register_colleague(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<RegistrationBody>,
) -> Result<HttpResponse, AppError> {
    use crate::domain::registrations::{CheckedColleague, ColleagueInput};
    let caller = caller.0;
    let lang = caller.lang();
    let body = body.into_inner();
    let checked = CheckedColleague::parse(&ColleagueInput {
        email: body.email,
        name: body.name.unwrap_or_default(),
        attendance: body.attendance.unwrap_or_default(),
    })
    .map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
    let settings = state.settings.clone();
    let id = id.into_inner();
    let registered = state
        .db
        .change_answers(id.clone(), move |conn| {
            services::registrations::register_colleague(
                conn, &settings, &caller, lang, &id, &checked,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(RsvpJson::new(registered)?))
}
