//! `/api/v1/hosting-calls` and `/api/v1/host-proposals`: calls for hosts
//! of the spring plenary, the bodies' proposals, supports and decisions.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::date_polls::DatePollJson;
use super::meetings::MeetingJson;
use crate::db::hosting_calls::ProposalListing;
use crate::db::{self, write_transaction};
use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError};
use crate::domain::hosting::{
    CallInput, CandidateInput, CheckedCall, CheckedProposal, ProposalEvent, ProposalInput,
};
use crate::domain::meetings::format_local;
use crate::domain::time::{utc, zone};
use crate::domain::{ProposalState, decode};
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services::caller::Caller;
use crate::services::hosting::{self, CallFile};

/// A call as the API shows it, with its proposals.
#[derive(Debug, Serialize)]
pub struct HostingCallJson {
    pub id: String,
    pub title: String,
    pub year: i32,
    pub wished_period_start: String,
    pub wished_period_end: String,
    pub deadline: String,
    pub requirements: String,
    /// Whether members may still propose and change their proposals.
    pub open: bool,
    /// The plenary the call found a host for (or its draft).
    pub meeting: Option<String>,
    pub url: String,
    pub proposals: Vec<ProposalJson>,
}

/// One candidate date.
#[derive(Debug, Serialize)]
pub struct CandidateJson {
    /// Pass it as `candidate_date` to accept this date.
    pub index: i32,
    pub starts_at_local: String,
    pub ends_at_local: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// A proposal's venue.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProposalVenueJson {
    pub name: String,
    pub address: String,
    pub city: String,
    pub directions: String,
}

/// Whom to ask about a proposal.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactJson {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// A member's support.
#[derive(Debug, Serialize)]
pub struct SupportJson {
    pub name: String,
    /// The supporter's body (slug).
    pub organization: Option<String>,
    pub comment: String,
    pub created_at: String,
}

/// One change of a proposal.
#[derive(Debug, Serialize)]
pub struct HistoryJson {
    pub event: ProposalEvent,
    /// Who did it, if still known.
    pub by: Option<String>,
    pub at: String,
}

/// Something allowed that deserves a second look.
#[derive(Debug, Serialize)]
pub struct WarningJson {
    pub field: String,
    pub message: String,
}

/// A proposal as the API shows it. Contact and supporters' names are for
/// signed-in callers only.
#[derive(Debug, Serialize)]
pub struct ProposalJson {
    pub id: String,
    pub hosting_call: String,
    /// The proposing body (slug).
    pub organization: String,
    pub state: ProposalState,
    pub time_zone: String,
    pub candidate_dates: Vec<CandidateJson>,
    /// The date accepted, once accepted.
    pub accepted_candidate_date: Option<i32>,
    pub venue: ProposalVenueJson,
    pub accessibility: String,
    pub capacity: i32,
    pub equipment: String,
    pub has_screen: bool,
    pub has_sound: bool,
    pub has_streaming: bool,
    pub catering: String,
    pub access_notes: String,
    pub contact: Option<ContactJson>,
    pub support_count: usize,
    pub supporting_organizations: usize,
    pub supports: Vec<SupportJson>,
    pub history: Vec<HistoryJson>,
    pub url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<WarningJson>,
}

fn proposal_json(
    conn: &mut db::DbConn,
    file: &CallFile,
    listing: &ProposalListing,
    signed_in: bool,
    base_url: &str,
) -> Result<ProposalJson, AppError> {
    let p = &listing.proposal;
    let tz = zone(&p.time_zone)?;
    let candidate_dates = listing
        .dates
        .iter()
        .map(|d| CandidateJson {
            index: d.position,
            starts_at_local: format_local(utc(d.starts_at), tz),
            ends_at_local: format_local(utc(d.ends_at), tz),
            starts_at: utc(d.starts_at).with_timezone(&tz).to_rfc3339(),
            ends_at: utc(d.ends_at).with_timezone(&tz).to_rfc3339(),
        })
        .collect();
    let history = db::hosting_calls::history(conn, &p.id)?
        .into_iter()
        .map(|h| {
            Ok(HistoryJson {
                event: decode(&h.event)?,
                by: h.person.filter(|_| signed_in),
                at: utc(h.at).to_rfc3339(),
            })
        })
        .collect::<Result<_, AppError>>()?;
    let supports = file
        .supports_of(&p.id)
        .filter(|_| signed_in)
        .map(|s| SupportJson {
            name: s.name.clone(),
            organization: s.organization.as_ref().map(|(slug, _)| slug.clone()),
            comment: s.comment.clone(),
            created_at: utc(s.created_at).to_rfc3339(),
        })
        .collect();
    Ok(ProposalJson {
        id: p.id.clone(),
        hosting_call: p.hosting_call_id.clone(),
        organization: listing.organization.0.clone(),
        state: decode(&p.state)?,
        time_zone: p.time_zone.clone(),
        candidate_dates,
        accepted_candidate_date: p.accepted_position,
        venue: ProposalVenueJson {
            name: p.venue_name.clone(),
            address: p.venue_address.clone(),
            city: p.venue_city.clone(),
            directions: p.venue_directions.clone(),
        },
        accessibility: p.accessibility.clone(),
        capacity: p.capacity,
        equipment: p.equipment.clone(),
        has_screen: p.has_screen,
        has_sound: p.has_sound,
        has_streaming: p.has_streaming,
        catering: p.catering.clone(),
        access_notes: p.access_notes.clone(),
        contact: signed_in.then(|| ContactJson {
            name: p.contact_name.clone(),
            email: p.contact_email.clone(),
            phone: p.contact_phone.clone(),
        }),
        support_count: file.supports_of(&p.id).count(),
        supporting_organizations: file.supporting_bodies(&p.id),
        supports,
        history,
        url: format!("{base_url}/host-proposals/{}", p.id),
        warnings: Vec::new(),
    })
}

fn call_json(
    conn: &mut db::DbConn,
    id: &str,
    signed_in: bool,
    base_url: &str,
) -> Result<HostingCallJson, AppError> {
    let file = &CallFile::load(conn, id)?;
    let c = &file.call;
    let proposals = file
        .proposals
        .iter()
        .map(|p| proposal_json(conn, file, p, signed_in, base_url))
        .collect::<Result<_, _>>()?;
    Ok(HostingCallJson {
        id: c.id.clone(),
        title: c.title.clone(),
        year: c.year,
        wished_period_start: c.wished_period_start.to_string(),
        wished_period_end: c.wished_period_end.to_string(),
        deadline: c.deadline.to_string(),
        requirements: c.requirements.clone(),
        open: file.is_open(),
        meeting: c.meeting_id.clone(),
        url: format!("{base_url}/hosting-calls/{}", c.id),
        proposals,
    })
}

/// A call to open.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallBody {
    title: String,
    year: i32,
    wished_period_start: String,
    wished_period_end: String,
    deadline: String,
    #[serde(default)]
    requirements: String,
}

/// Opens a call for hosts (admins); members are told by mail.
pub async fn create_hosting_call(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<CallBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let b = body.into_inner();
    let input = CallInput {
        title: b.title,
        year: b.year.to_string(),
        wished_period_start: b.wished_period_start,
        wished_period_end: b.wished_period_end,
        deadline: b.deadline,
        requirements: b.requirements,
    };
    let settings = state.settings.clone();
    let json = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                caller.require(crate::services::policy::Action::DecideHosting)?;
                let checked = CheckedCall::parse(&input, hosting::today())
                    .map_err(|p| AppError::Invalid(caller.lang().field_errors(p)))?;
                let id = hosting::open_call(conn, &settings, &caller, &checked)?;
                call_json(conn, &id, true, &settings.base_url)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(json))
}

/// Every call, the latest first.
pub async fn list_hosting_calls(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
) -> Result<HttpResponse, AppError> {
    let signed_in = caller.is_some();
    let base_url = state.settings.base_url.clone();
    let items = state
        .db
        .run(move |conn| {
            db::hosting_calls::list_all(conn)?
                .iter()
                .map(|call| call_json(conn, &call.id, signed_in, &base_url))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(super::Page {
        items,
        next_cursor: None,
    }))
}

/// One call with its proposals.
pub async fn show_hosting_call(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let signed_in = caller.is_some();
    let base_url = state.settings.base_url.clone();
    let id = id.into_inner();
    let json = state
        .db
        .run(move |conn| call_json(conn, &id, signed_in, &base_url))
        .await?;
    Ok(HttpResponse::Ok().json(json))
}

/// A proposal as sent: `organization` on creation only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalBody {
    #[serde(default)]
    organization: Option<String>,
    #[serde(default)]
    candidate_dates: Vec<CandidateInput>,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    venue: ProposalVenueJson,
    #[serde(default)]
    accessibility: String,
    #[serde(default)]
    capacity: Option<i64>,
    #[serde(default)]
    equipment: String,
    #[serde(default)]
    has_screen: bool,
    #[serde(default)]
    has_sound: bool,
    #[serde(default)]
    has_streaming: bool,
    #[serde(default)]
    catering: String,
    #[serde(default)]
    access_notes: String,
    #[serde(default)]
    contact: ContactJson,
}

impl ProposalBody {
    fn input(self) -> (Option<String>, ProposalInput) {
        let input = ProposalInput {
            candidate_dates: self.candidate_dates,
            time_zone: self.time_zone,
            venue_name: self.venue.name,
            venue_address: self.venue.address,
            venue_city: self.venue.city,
            venue_directions: self.venue.directions,
            accessibility: self.accessibility,
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            equipment: self.equipment,
            has_screen: self.has_screen,
            has_sound: self.has_sound,
            has_streaming: self.has_streaming,
            catering: self.catering,
            access_notes: self.access_notes,
            contact_name: self.contact.name,
            contact_email: self.contact.email,
            contact_phone: self.contact.phone,
        };
        (self.organization, input)
    }
}

fn checked(
    file: &CallFile,
    input: &ProposalInput,
    caller: &Caller,
) -> Result<CheckedProposal, AppError> {
    let period = (file.call.wished_period_start, file.call.wished_period_end);
    CheckedProposal::parse(input, period, chrono::Utc::now())
        .map_err(|p| AppError::Invalid(caller.lang().field_errors(p)))
}

fn with_warnings(mut json: ProposalJson, checked: &CheckedProposal, lang: Lang) -> ProposalJson {
    json.warnings = lang
        .field_errors(checked.warnings.clone())
        .into_iter()
        .map(|w: FieldError| WarningJson {
            field: w.field,
            message: w.message,
        })
        .collect();
    json
}

fn one_proposal(conn: &mut db::DbConn, id: &str, base_url: &str) -> Result<ProposalJson, AppError> {
    let file = CallFile::of_proposal(conn, id)?;
    let listing = file.proposal(id).ok_or(AppError::NotFound)?;
    proposal_json(conn, &file, listing, true, base_url)
}

/// A body proposes to host (its managers, or admins).
pub async fn create_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<ProposalBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let (organization, input) = body.into_inner().input();
    let base_url = state.settings.base_url.clone();
    let call_id = id.into_inner();
    let json = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let file = CallFile::load(conn, &call_id)?;
                let organization = organization
                    .clone()
                    .filter(|o| !o.trim().is_empty())
                    .ok_or_else(|| {
                        AppError::Invalid(vec![FieldError::new("organization", "slug")])
                    })?;
                let checked = checked(&file, &input, &caller)?;
                let id = hosting::propose(conn, &caller, &call_id, &organization, &checked)?;
                Ok(with_warnings(
                    one_proposal(conn, &id, &base_url)?,
                    &checked,
                    caller.lang(),
                ))
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(json))
}

/// One proposal.
pub async fn show_proposal(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let signed_in = caller.is_some();
    let base_url = state.settings.base_url.clone();
    let id = id.into_inner();
    let json = state
        .db
        .run(move |conn| {
            let file = CallFile::of_proposal(conn, &id)?;
            let listing = file.proposal(&id).ok_or(AppError::NotFound)?;
            proposal_json(conn, &file, listing, signed_in, &base_url)
        })
        .await?;
    Ok(HttpResponse::Ok().json(json))
}

/// Replaces what a proposal offers (its body's managers until the
/// deadline, admins until the decision).
pub async fn update_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<ProposalBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let (_, input) = body.into_inner().input();
    let base_url = state.settings.base_url.clone();
    let id = id.into_inner();
    let json = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let file = CallFile::of_proposal(conn, &id)?;
                let checked = checked(&file, &input, &caller)?;
                hosting::edit(conn, &caller, &id, &checked)?;
                Ok(with_warnings(
                    one_proposal(conn, &id, &base_url)?,
                    &checked,
                    caller.lang(),
                ))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(json))
}

/// A support's comment.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportBody {
    #[serde(default)]
    comment: String,
}

/// What one decision does to a proposal.
#[derive(Debug, Clone, Copy)]
enum Decision {
    Support,
    Unsupport,
    Shortlist,
    Decline,
    Withdraw,
}

async fn decide(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    decision: Decision,
    comment: String,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let settings = state.settings.clone();
    let id = id.into_inner();
    let json = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                match decision {
                    Decision::Support => hosting::support(conn, &caller, &id, &comment)?,
                    Decision::Unsupport => hosting::unsupport(conn, &caller, &id)?,
                    Decision::Shortlist => hosting::shortlist(conn, &caller, &id)?,
                    Decision::Decline => hosting::decline(conn, &settings, &caller, &id)?,
                    Decision::Withdraw => hosting::withdraw(conn, &caller, &id)?,
                }
                one_proposal(conn, &id, &settings.base_url)
            })
        })
        .await?;
    Ok(match decision {
        Decision::Unsupport => HttpResponse::NoContent().finish(),
        _ => HttpResponse::Ok().json(json),
    })
}

/// The caller supports the proposal (again: a new comment).
pub async fn support_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: Option<web::Json<SupportBody>>,
) -> Result<HttpResponse, AppError> {
    let comment = body.map(|b| b.into_inner().comment).unwrap_or_default();
    decide(state, caller, id, Decision::Support, comment).await
}

/// The caller takes back their support.
pub async fn unsupport_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, id, Decision::Unsupport, String::new()).await
}

/// Admins keep the proposal for the final choice.
pub async fn shortlist_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, id, Decision::Shortlist, String::new()).await
}

/// Admins decline the proposal; its body is told.
pub async fn decline_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, id, Decision::Decline, String::new()).await
}

/// The body takes its proposal back.
pub async fn withdraw_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, id, Decision::Withdraw, String::new()).await
}

/// Which candidate date to accept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    candidate_date: i32,
}

/// Admins accept the proposal at one of its dates: returns the plenary.
pub async fn accept_proposal(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<AcceptBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let settings = state.settings.clone();
    let id = id.into_inner();
    let position = body.into_inner().candidate_date;
    let listing = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let meeting = hosting::accept(conn, &settings, &caller, &id, position)?;
                db::meetings::find(conn, &meeting)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(MeetingJson::new(listing, &state.settings.base_url)?))
}

/// Admins poll the members on the shortlisted proposals' dates: 201 with a
/// new poll, 200 with the one already open.
pub async fn open_hosting_call_poll(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let call_id = id.into_inner();
    let base_url = state.settings.base_url.clone();
    let (created, json) = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let (poll, created) = hosting::open_poll(conn, &caller, &call_id)?;
                let details = crate::services::polls::details(conn, &poll)?;
                Ok((
                    created,
                    DatePollJson::new(&details, Some(&caller), &base_url)?,
                ))
            })
        })
        .await?;
    Ok(if created {
        HttpResponse::Created().json(json)
    } else {
        HttpResponse::Ok().json(json)
    })
}
