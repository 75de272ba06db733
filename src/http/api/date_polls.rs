//! `/api/v1/date-polls`: date polls for working-group sessions. Reading is
//! public (totals only, names for signed-in callers, hidden results for
//! organizers only while open); answering needs a token; creating,
//! editing, closing and cancelling are for the group's coordinators and
//! admins (`crate::services::polls`).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::meetings::MeetingJson;
use crate::db::{self, write_transaction};
use crate::domain::error::{AppError, FieldError};
use crate::domain::meetings::format_local;
use crate::domain::polls::{
    self, PollAnswer, PollInput, PollState, SlotInput, Totals, best, totals,
};
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingFormat, decode};
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services::caller::Caller;
use crate::services::polls::{PollDetails, names_visible, results_visible};

/// A poll as the API shows it.
#[derive(Debug, Serialize)]
pub struct DatePollJson {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The group's slug.
    pub working_group: Option<String>,
    /// The hosting call whose shortlisted dates it offers.
    pub hosting_call: Option<String>,
    pub time_zone: String,
    pub format: MeetingFormat,
    pub video_provider: Option<String>,
    /// RFC 3339, with the offset of the poll's zone.
    pub deadline: Option<String>,
    pub hide_results: bool,
    pub state: PollState,
    pub chosen_slot: Option<i32>,
    /// The meeting closing scheduled.
    pub meeting: Option<String>,
    pub slots: Vec<SlotJson>,
    /// Whether `totals` and `best_slot` are given to this caller.
    pub results_visible: bool,
    /// Most people available, then most yes; absent while results are hidden.
    pub best_slot: Option<usize>,
    /// The caller's answers (empty when anonymous or not answered yet).
    pub my_answers: Vec<SlotAnswerJson>,
    /// Who answered what: for signed-in callers who see the results.
    pub answers: Option<Vec<PersonAnswersJson>>,
    pub url: String,
}

/// One slot: instants in UTC with the zone's offset, and local times.
#[derive(Debug, Serialize)]
pub struct SlotJson {
    pub slot: usize,
    pub starts_at: String,
    pub ends_at: String,
    pub starts_at_local: String,
    pub ends_at_local: String,
    pub totals: Option<Totals>,
    /// For a hosting call's poll: the body proposing this date (slug).
    pub host_organization: Option<String>,
}

/// One answer to one slot.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotAnswerJson {
    pub slot: usize,
    pub answer: PollAnswer,
}

/// One person's answers, slot by slot (null where they said nothing).
#[derive(Debug, Serialize)]
pub struct PersonAnswersJson {
    pub name: String,
    pub answers: Vec<Option<PollAnswer>>,
}

impl DatePollJson {
    /// The poll as `caller` may see it.
    pub fn new(
        details: &PollDetails,
        caller: Option<&Caller>,
        base_url: &str,
    ) -> Result<Self, AppError> {
        let visible = results_visible(caller, &details.poll);
        let names = names_visible(caller, &details.poll);
        let counts = totals(details.slots.len(), &details.pairs());
        let my_answers = caller
            .map(|c| details.answers_of(&c.person.id))
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .filter_map(|(slot, answer)| answer.map(|answer| SlotAnswerJson { slot, answer }))
            .collect();
        let answers = names.then(|| {
            details
                .by_person()
                .into_iter()
                .map(|(name, answers)| PersonAnswersJson { name, answers })
                .collect()
        });
        let p = &details.poll;
        let tz = zone(&p.time_zone)?;
        let instant = |t: chrono::NaiveDateTime| utc(t).with_timezone(&tz).to_rfc3339();
        let slots = details
            .slots
            .iter()
            .enumerate()
            .map(|(i, s)| SlotJson {
                slot: i,
                starts_at: instant(s.starts_at),
                ends_at: instant(s.ends_at),
                starts_at_local: format_local(utc(s.starts_at), tz),
                ends_at_local: format_local(utc(s.ends_at), tz),
                totals: visible.then_some(counts[i]),
                host_organization: details.hosts[i].as_ref().map(|(slug, _)| slug.clone()),
            })
            .collect();
        Ok(Self {
            id: p.id.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            working_group: details.group.as_ref().map(|g| g.slug.clone()),
            hosting_call: p.hosting_call_id.clone(),
            time_zone: p.time_zone.clone(),
            format: decode(&p.format)?,
            video_provider: p.video_provider.clone(),
            deadline: p.deadline.map(instant),
            hide_results: p.hide_results,
            state: p.state()?,
            chosen_slot: p.chosen_slot,
            meeting: p.meeting_id.clone(),
            slots,
            results_visible: visible,
            best_slot: if visible { best(&counts) } else { None },
            my_answers,
            answers,
            url: format!("{base_url}/date-polls/{}", p.id),
        })
    }
}

/// One candidate slot, as sent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotBody {
    starts_at_local: String,
    ends_at_local: String,
}

/// A poll to create.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatePollBody {
    title: String,
    #[serde(default)]
    description: String,
    working_group: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    video_provider: String,
    slots: Vec<SlotBody>,
    /// Local, in the poll's zone.
    #[serde(default)]
    deadline: Option<String>,
    #[serde(default)]
    hide_results: bool,
}

async fn show(
    state: &AppState,
    caller: Option<Caller>,
    id: String,
) -> Result<DatePollJson, AppError> {
    let details = state
        .db
        .run(move |conn| crate::services::polls::details(conn, &id))
        .await?;
    DatePollJson::new(&details, caller.as_ref(), &state.settings.base_url)
}

/// Runs `change` on poll `id` as `caller` in a write transaction, then
/// answers the poll as they now see it.
async fn changed(
    state: &AppState,
    caller: Caller,
    id: String,
    change: impl Fn(&mut db::DbConn, &Caller, &str) -> Result<(), AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let who = caller.clone();
    let poll_id = id.clone();
    state
        .db
        .run(move |conn| write_transaction(conn, |conn| change(conn, &who, &poll_id)))
        .await?;
    Ok(HttpResponse::Ok().json(show(state, Some(caller), id).await?))
}

/// Creates a poll.
pub async fn create_date_poll(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<DatePollBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let body = body.into_inner();
    let input = PollInput {
        title: body.title,
        description: body.description,
        time_zone: body.time_zone,
        format: body.format,
        video_provider: body.video_provider,
        slots: body
            .slots
            .into_iter()
            .map(|s| SlotInput {
                starts_at_local: s.starts_at_local,
                ends_at_local: s.ends_at_local,
            })
            .collect(),
        deadline_local: body.deadline.unwrap_or_default(),
        hide_results: body.hide_results,
    };
    let group = body.working_group;
    let who = caller.clone();
    let id = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                crate::services::polls::create(conn, &who, &group, &input)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(show(&state, Some(caller), id).await?))
}

/// One poll.
pub async fn show_date_poll(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let poll = show(&state, caller.map(|c| c.0), id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(poll))
}

/// A change of what may change once people answered.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatePollPatch {
    title: Option<String>,
    description: Option<String>,
    /// Local, in the poll's zone; empty to remove it.
    deadline: Option<String>,
    hide_results: Option<bool>,
}

/// Changes a poll's title, description, deadline or hidden results.
pub async fn update_date_poll(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<DatePollPatch>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    changed(
        &state,
        caller.0,
        id.into_inner(),
        move |conn, who, poll_id| {
            let d = crate::services::polls::details(conn, poll_id)?;
            let change = crate::services::polls::PollChange {
                title: body.title.clone().unwrap_or_else(|| d.poll.title.clone()),
                description: body
                    .description
                    .clone()
                    .unwrap_or_else(|| d.poll.description.clone()),
                deadline_local: body.deadline.clone(),
                hide_results: body.hide_results.unwrap_or(d.poll.hide_results),
            };
            crate::services::polls::update(conn, who, &d, &change)
        },
    )
    .await
}

/// The caller's answers, as sent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersBody {
    answers: Vec<AnswerBody>,
}

/// One answer, as sent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    slot: i64,
    answer: String,
}

/// Replaces the caller's answers; slots left out count as "no".
pub async fn put_date_poll_answers(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<AnswersBody>,
) -> Result<HttpResponse, AppError> {
    let sent: Vec<polls::AnswerInput> = body
        .into_inner()
        .answers
        .into_iter()
        .map(|a| (a.slot, a.answer))
        .collect();
    changed(
        &state,
        caller.0,
        id.into_inner(),
        move |conn, who, poll_id| crate::services::polls::answer(conn, who, poll_id, &sent),
    )
    .await
}

/// The slot chosen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    slot: Option<i64>,
}

/// Closes a poll on one slot; returns the meeting scheduled.
pub async fn close_date_poll(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<CloseBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = id.into_inner();
    let Some(slot) = body.into_inner().slot else {
        return Err(AppError::Invalid(vec![FieldError::new("slot", "0, 1, 2…")]));
    };
    let settings = state.settings.clone();
    let listing = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let meeting = crate::services::polls::close(conn, &settings, &caller, &id, slot)?;
                db::meetings::find(conn, &meeting)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(MeetingJson::new(listing, &state.settings.base_url)?))
}

/// Cancels an open poll.
pub async fn cancel_date_poll(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    changed(&state, caller.0, id.into_inner(), |conn, who, poll_id| {
        crate::services::polls::cancel(conn, who, poll_id).map(|_| ())
    })
    .await
}

/// A working group's polls, newest first.
pub async fn list_group_date_polls(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.map(|c| c.0);
    let slug = slug.into_inner();
    let all = state
        .db
        .run(move |conn| {
            let group = db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            db::polls::list_for_group(conn, &group.id, false)?
                .iter()
                .map(|p| crate::services::polls::details(conn, &p.id))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    let items = all
        .into_iter()
        .map(|d| DatePollJson::new(&d, caller.as_ref(), &state.settings.base_url))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(super::Page {
        items,
        next_cursor: None,
    }))
}
