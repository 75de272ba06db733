//! A call for hosts and its proposals: the call's page, opening a call,
//! proposing to host, a proposal's page with its supports, decisions and
//! history. The rules are `crate::services::hosting`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::confirm::{self, Confirmation};
use super::views::MeetingView;
use super::{Chrome, render, render_status};
use crate::db::hosting_calls::ProposalListing;
use crate::db::meetings::MeetingListing;
use crate::db::organizations::Organization;
use crate::db::{self, write_transaction};
use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError};
use crate::domain::hosting::{
    CallInput, CandidateInput, CheckedCall, CheckedProposal, MAX_DATES, ProposalEvent,
    ProposalInput, candidate_field, outside_period,
};
use crate::domain::meetings::format_local;
use crate::domain::polls::PollState;
use crate::domain::time::{utc, zone};
use crate::domain::{ProposalState, code, decode, time};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::caller::Caller;
use crate::services::hosting::{self, CallFile};
use crate::services::policy::Action;

/// One candidate date as pages show it.
#[derive(Debug)]
pub struct DateView {
    pub index: i32,
    pub text: String,
    pub outside: bool,
    pub accepted: bool,
}

/// A proposal as pages show it.
#[derive(Debug)]
pub struct ProposalView {
    pub id: String,
    pub organization: (String, String),
    pub state: ProposalState,
    pub state_label: &'static str,
    pub dates: Vec<DateView>,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub venue_directions: String,
    pub capacity: i32,
    pub accessibility: String,
    pub equipment: String,
    /// "Écran, son" …, empty when none.
    pub facilities: String,
    pub catering: String,
    pub access_notes: String,
    /// Name, email and phone, for signed-in people.
    pub contact: Option<(String, String, String)>,
    pub support_count: usize,
    pub supporting_bodies: usize,
}

impl ProposalView {
    fn new(file: &CallFile, listing: &ProposalListing, chrome: &Chrome) -> Result<Self, AppError> {
        let lang = chrome.lang;
        let p = &listing.proposal;
        let state: ProposalState = decode(&p.state)?;
        let tz = zone(&p.time_zone)?;
        let period = (file.call.wished_period_start, file.call.wished_period_end);
        let dates = listing
            .dates
            .iter()
            .map(|d| DateView {
                index: d.position,
                text: lang.span(utc(d.starts_at), utc(d.ends_at), tz),
                outside: outside_period(utc(d.starts_at), tz, period),
                accepted: p.accepted_position == Some(d.position),
            })
            .collect();
        let t = chrome.t;
        let facilities = [
            (p.has_screen, t.hosting.has_screen_label),
            (p.has_sound, t.hosting.has_sound_label),
            (p.has_streaming, t.hosting.has_streaming_label),
        ]
        .into_iter()
        .filter_map(|(has, label)| has.then_some(label))
        .collect::<Vec<_>>()
        .join(", ");
        Ok(Self {
            id: p.id.clone(),
            organization: listing.organization.clone(),
            state,
            state_label: lang.proposal_state(state),
            dates,
            venue_name: p.venue_name.clone(),
            venue_address: p.venue_address.clone(),
            venue_city: p.venue_city.clone(),
            venue_directions: p.venue_directions.clone(),
            capacity: p.capacity,
            accessibility: p.accessibility.clone(),
            equipment: p.equipment.clone(),
            facilities,
            catering: p.catering.clone(),
            access_notes: p.access_notes.clone(),
            contact: chrome.signed_in.as_ref().map(|_| {
                (
                    p.contact_name.clone(),
                    p.contact_email.clone(),
                    p.contact_phone.clone(),
                )
            }),
            support_count: file.supports_of(&p.id).count(),
            supporting_bodies: file.supporting_bodies(&p.id),
        })
    }
}

/// The bodies `caller` may still propose for in this call.
fn proposing_bodies(file: &CallFile, caller: &Caller, all: Vec<Organization>) -> Vec<Organization> {
    all.into_iter()
        .filter(|o| caller.may(Action::EditOrganization { id: &o.id }))
        .filter(|o| {
            !file.proposals.iter().any(|p| {
                p.proposal.organization_id == o.id
                    && decode::<ProposalState>(&p.proposal.state).is_ok_and(ProposalState::is_live)
            })
        })
        .collect()
}

/// Whether `caller` may still propose, or change proposals, in this call.
fn may_propose(file: &CallFile, caller: &Caller) -> bool {
    hosting::check_open(caller, &file.call, &file.proposals).is_ok()
}

/// The plenary a call found its host for: its meeting once a proposal is
/// accepted (before that, `meeting_id` may name the plenary's draft).
fn scheduled_plenary(
    conn: &mut db::DbConn,
    file: &CallFile,
) -> Result<Option<MeetingListing>, AppError> {
    let accepted = file
        .proposals
        .iter()
        .any(|p| p.proposal.state == code(ProposalState::Accepted));
    match &file.call.meeting_id {
        Some(id) if accepted => db::meetings::find(conn, id),
        _ => Ok(None),
    }
}

#[derive(Template)]
#[template(path = "hosting_call.html")]
struct HostingCallPage {
    chrome: Chrome,
    id: String,
    title: String,
    wished_period: String,
    deadline: String,
    open: bool,
    requirements_html: String,
    proposals: Vec<ProposalView>,
    /// Supporters' bodies and the bodies whose proposals they support.
    by_body: Vec<(String, String)>,
    may_propose: bool,
    /// The plenary scheduled once a proposal is accepted.
    plenary: Option<MeetingView>,
    /// The call's date polls: id and state, in words.
    polls: Vec<(String, &'static str)>,
    /// Whether the visitor may poll the members on the shortlisted dates.
    may_poll: bool,
}

/// The call, what it asks of a host, its proposals and their supports.
pub async fn show_hosting_call(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (file, polls, plenary) = state
        .db
        .run(move |conn| {
            let file = CallFile::load(conn, &id)?;
            let plenary = scheduled_plenary(conn, &file)?;
            Ok((file, db::polls::for_call(conn, &id)?, plenary))
        })
        .await?;
    let lang = chrome.lang;
    let proposals = file
        .proposals
        .iter()
        .filter(|l| l.proposal.state != code(ProposalState::Withdrawn))
        .map(|l| ProposalView::new(&file, l, &chrome))
        .collect::<Result<Vec<_>, _>>()?;
    let mut bodies: Vec<(String, Vec<String>)> = Vec::new();
    for s in &file.supports {
        let body = s
            .organization
            .as_ref()
            .map_or(chrome.t.answers.without_body, |(_, name)| name.as_str());
        let host = file
            .proposal(&s.host_proposal_id)
            .map(|p| p.organization.1.clone())
            .unwrap_or_default();
        match bodies.iter_mut().find(|(b, _)| b == body) {
            Some((_, hosts)) if !hosts.contains(&host) => hosts.push(host),
            Some(_) => {}
            None => bodies.push((body.to_owned(), vec![host])),
        }
    }
    let may_propose = chrome.signed_in.as_ref().is_some_and(|c| {
        may_propose(&file, c)
            && (c.may(Action::DecideHosting) || !c.managed_organizations.is_empty())
    });
    // admins, until a proposal is accepted, once some are shortlisted
    let may_poll = may_propose
        && chrome
            .signed_in
            .as_ref()
            .is_some_and(|c| c.may(Action::DecideHosting))
        && file
            .proposals
            .iter()
            .any(|p| p.proposal.state == code(ProposalState::Shortlisted));
    let t = chrome.t;
    let polls = polls
        .into_iter()
        .map(|p| {
            let state = match p.state() {
                Ok(PollState::Open) => t.polls.poll_open,
                Ok(PollState::Closed) => t.polls.poll_closed,
                _ => t.polls.poll_cancelled,
            };
            (p.id, state)
        })
        .collect();
    let call = &file.call;
    render(&HostingCallPage {
        polls,
        may_poll,
        id: call.id.clone(),
        title: call.title.clone(),
        wished_period: format!(
            "{} – {}",
            lang.date(call.wished_period_start),
            lang.date(call.wished_period_end)
        ),
        deadline: lang.date(call.deadline),
        open: file.is_open(),
        plenary: plenary.map(|m| MeetingView::new(m, lang)).transpose()?,
        requirements_html: super::markdown_to_safe_html(&call.requirements),
        proposals,
        by_body: bodies
            .into_iter()
            .map(|(b, hosts)| (b, hosts.join(", ")))
            .collect(),
        may_propose,
        chrome,
    })
}

#[derive(Template)]
#[template(path = "hosting_call_form.html")]
struct CallFormPage {
    chrome: Chrome,
    input: CallInput,
    errors: Vec<FieldError>,
}

impl CallFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    /// The one-line fields: name, label, type, value.
    fn fields(&self) -> [(&'static str, &'static str, &'static str, &str); 5] {
        let t = self.chrome.t;
        let i = &self.input;
        [
            ("title", t.hosting.call_title, "text", &i.title),
            ("year", t.hosting.plenary_year, "number", &i.year),
            (
                "wished_period_start",
                t.hosting.wished_period_start,
                "date",
                &i.wished_period_start,
            ),
            (
                "wished_period_end",
                t.hosting.wished_period_end,
                "date",
                &i.wished_period_end,
            ),
            (
                "deadline",
                t.hosting.proposals_deadline,
                "date",
                &i.deadline,
            ),
        ]
    }
}

fn require_admin(chrome: &Chrome) -> Result<&Caller, AppError> {
    crate::services::policy::require(chrome.signed_in.as_ref(), Action::DecideHosting)
}

/// The form that opens a call (admins).
pub async fn new_hosting_call(chrome: Chrome) -> Result<HttpResponse, AppError> {
    require_admin(&chrome)?;
    render(&CallFormPage {
        chrome,
        input: CallInput::default(),
        errors: Vec::new(),
    })
}

/// Opens the call and tells the members; the form again on bad input.
pub async fn create_hosting_call(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<CallInput>,
) -> Result<HttpResponse, AppError> {
    let caller = require_admin(&chrome)?.clone();
    let input = form.0;
    let checked = match CheckedCall::parse(&input, hosting::today())
        .map_err(|p| chrome.lang.field_errors(p))
    {
        Ok(checked) => checked,
        Err(errors) => {
            let page = CallFormPage {
                chrome,
                input,
                errors,
            };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let settings = state.settings.clone();
    let id = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                hosting::open_call(conn, &settings, &caller, &checked)
            })
        })
        .await?;
    Ok(see_other(&format!("/hosting-calls/{id}")))
}

#[derive(Template)]
#[template(path = "host_proposal.html")]
struct ProposalPage {
    chrome: Chrome,
    call: (String, String),
    p: ProposalView,
    /// Supporters' name, body and comment, for signed-in people.
    supports: Vec<(String, Option<String>, String)>,
    /// Whether the signed-in person supports it.
    supporting: bool,
    /// What the support form's comment shows: theirs, or what was refused.
    comment: String,
    errors: Vec<FieldError>,
    may_support: bool,
    /// Whether the signed-in person belongs to, or manages, the proposing body.
    own_body: bool,
    may_edit: bool,
    may_decide: bool,
    /// When, what, who.
    history: Vec<(String, &'static str, String)>,
    notice: Option<&'static str>,
    /// The plenary scheduled at this proposal, once accepted.
    plenary: Option<MeetingView>,
}

impl ProposalPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// `?done=` after an action.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    done: Option<String>,
}

fn done_text(chrome: &Chrome, done: Option<&str>) -> Option<&'static str> {
    let t = chrome.t;
    match done? {
        "saved" => Some(t.hosting.proposal_saved),
        "supported" => Some(t.hosting.support_saved),
        "unsupported" => Some(t.hosting.support_removed),
        "decided" => Some(t.hosting.decision_saved),
        "withdrawn" => Some(t.hosting.proposal_withdrawn),
        _ => None,
    }
}

/// A proposal with its supports, the actions open to the visitor, and its
/// history.
pub async fn show_proposal(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let notice = done_text(&chrome, query.done.as_deref());
    let page = proposal_page(&state, chrome, id.into_inner(), notice, None).await?;
    render(&page)
}

/// A support comment refused, shown again in its form.
type Refused = (String, Vec<FieldError>);

async fn proposal_page(
    state: &AppState,
    chrome: Chrome,
    id: String,
    notice: Option<&'static str>,
    refused: Option<Refused>,
) -> Result<ProposalPage, AppError> {
    let (file, history, plenary) = state
        .db
        .run({
            let id = id.clone();
            move |conn| {
                let file = CallFile::of_proposal(conn, &id)?;
                let accepted = file
                    .proposal(&id)
                    .is_some_and(|p| p.proposal.state == code(ProposalState::Accepted));
                let plenary = scheduled_plenary(conn, &file)?.filter(|_| accepted);
                Ok((file, db::hosting_calls::history(conn, &id)?, plenary))
            }
        })
        .await?;
    let listing = file.proposal(&id).ok_or(AppError::NotFound)?;
    let p = ProposalView::new(&file, listing, &chrome)?;
    let lang = chrome.lang;
    let caller = chrome.signed_in.as_ref();
    let live = p.state.is_live();
    let signed_in = caller.is_some();
    let supports = file
        .supports_of(&id)
        .filter(|_| signed_in)
        .map(|s| {
            (
                s.name.clone(),
                s.organization.as_ref().map(|(_, n)| n.clone()),
                s.comment.clone(),
            )
        })
        .collect();
    let my_support = caller.and_then(|c| {
        file.supports_of(&id)
            .find(|s| s.person_id == c.person.id)
            .map(|s| s.comment.clone())
    });
    let may_edit = live
        && caller.is_some_and(|c| {
            c.may(Action::EditOrganization {
                id: &listing.proposal.organization_id,
            }) && may_propose(&file, c)
        });
    let may_decide = live && caller.is_some_and(|c| c.may(Action::DecideHosting));
    let paris = time::DEFAULT_ZONE;
    let history = history
        .into_iter()
        .map(|h| {
            let at = utc(h.at).with_timezone(&paris).naive_local();
            Ok((
                format!("{}, {}", lang.date(at.date()), lang.clock(at)),
                lang.proposal_event(decode::<ProposalEvent>(&h.event)?),
                h.person.filter(|_| signed_in).unwrap_or_default(),
            ))
        })
        .collect::<Result<_, AppError>>()?;
    let own_body = caller.is_some_and(|c| hosting::is_own_body(c, listing));
    let supporting = my_support.is_some();
    let (comment, errors) = match refused {
        Some((comment, errors)) => (comment, errors),
        None => (my_support.unwrap_or_default(), Vec::new()),
    };
    Ok(ProposalPage {
        call: (file.call.id.clone(), file.call.title.clone()),
        supports,
        supporting,
        comment,
        errors,
        may_support: live && signed_in && !own_body,
        own_body,
        may_edit,
        may_decide,
        history,
        notice,
        plenary: plenary.map(|m| MeetingView::new(m, lang)).transpose()?,
        p,
        chrome,
    })
}

#[derive(Template)]
#[template(path = "host_proposal_form.html")]
struct ProposalFormPage {
    chrome: Chrome,
    /// Where the form posts.
    action: String,
    call_title: String,
    /// Slug and name of the bodies it may be for, on a new proposal.
    bodies: Vec<(String, String)>,
    organization: String,
    input: ProposalInput,
    errors: Vec<FieldError>,
}

impl ProposalFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    /// The candidate rows: number, start field, start value, end field, end value.
    fn rows(&self) -> Vec<(usize, String, &str, String, &str)> {
        (0..MAX_DATES)
            .map(|i| {
                let row = self.input.candidate_dates.get(i);
                (
                    i + 1,
                    candidate_field(i, false),
                    row.map_or("", |r| r.starts_at_local.as_str()),
                    candidate_field(i, true),
                    row.map_or("", |r| r.ends_at_local.as_str()),
                )
            })
            .collect()
    }

    /// One-line fields: name, label, type, value.
    fn lines(&self) -> [(&'static str, &'static str, &'static str, &str); 8] {
        let t = self.chrome.t;
        let i = &self.input;
        [
            ("time_zone", t.meetings.time_zone, "text", &i.time_zone),
            (
                "venue_name",
                t.hosting.venue_name_label,
                "text",
                &i.venue_name,
            ),
            (
                "venue_address",
                t.meetings.address,
                "text",
                &i.venue_address,
            ),
            ("venue_city", t.meetings.city, "text", &i.venue_city),
            ("capacity", t.meetings.capacity, "number", &i.capacity),
            ("contact_name", t.people.name, "text", &i.contact_name),
            ("contact_email", t.people.email, "email", &i.contact_email),
            ("contact_phone", t.hosting.phone, "tel", &i.contact_phone),
        ]
    }

    /// Longer texts: name, label, value.
    fn texts(&self) -> [(&'static str, &'static str, &str); 5] {
        let t = self.chrome.t;
        let i = &self.input;
        [
            (
                "venue_directions",
                t.hosting.venue_directions_label,
                &i.venue_directions,
            ),
            (
                "accessibility",
                t.hosting.accessibility_label,
                &i.accessibility,
            ),
            ("equipment", t.hosting.equipment_label, &i.equipment),
            ("catering", t.hosting.catering, &i.catering),
            (
                "access_notes",
                t.hosting.access_notes_label,
                &i.access_notes,
            ),
        ]
    }

    /// Checkboxes: name, label, ticked.
    fn boxes(&self) -> [(&'static str, &'static str, bool); 3] {
        let t = self.chrome.t;
        let i = &self.input;
        [
            ("has_screen", t.hosting.has_screen_label, i.has_screen),
            ("has_sound", t.hosting.has_sound_label, i.has_sound),
            (
                "has_streaming",
                t.hosting.has_streaming_label,
                i.has_streaming,
            ),
        ]
    }
}

/// Reads the proposal form's fields (candidate rows are named
/// `candidate_dates[i].starts_at_local`); returns the body's slug too.
fn read_form(pairs: Vec<(String, String)>) -> (String, ProposalInput) {
    let mut input = ProposalInput {
        candidate_dates: vec![CandidateInput::default(); MAX_DATES],
        ..ProposalInput::default()
    };
    let mut organization = String::new();
    for (name, value) in pairs {
        if let Some(rest) = name.strip_prefix("candidate_dates[") {
            let Some((index, part)) = rest.split_once("].") else {
                continue;
            };
            let Some(row) = index
                .parse::<usize>()
                .ok()
                .and_then(|i| input.candidate_dates.get_mut(i))
            else {
                continue;
            };
            match part {
                "starts_at_local" => row.starts_at_local = value,
                "ends_at_local" => row.ends_at_local = value,
                _ => {}
            }
            continue;
        }
        let i = &mut input;
        match name.as_str() {
            "organization" => organization = value,
            "time_zone" => i.time_zone = value,
            "venue_name" => i.venue_name = value,
            "venue_address" => i.venue_address = value,
            "venue_city" => i.venue_city = value,
            "venue_directions" => i.venue_directions = value,
            "accessibility" => i.accessibility = value,
            "capacity" => i.capacity = value,
            "equipment" => i.equipment = value,
            "has_screen" => i.has_screen = true,
            "has_sound" => i.has_sound = true,
            "has_streaming" => i.has_streaming = true,
            "catering" => i.catering = value,
            "access_notes" => i.access_notes = value,
            "contact_name" => i.contact_name = value,
            "contact_email" => i.contact_email = value,
            "contact_phone" => i.contact_phone = value,
            _ => {}
        }
    }
    (organization, input)
}

/// The input a stored proposal shows in its form.
fn as_input(listing: &ProposalListing) -> Result<ProposalInput, AppError> {
    let p = &listing.proposal;
    let tz = zone(&p.time_zone)?;
    Ok(ProposalInput {
        candidate_dates: listing
            .dates
            .iter()
            .map(|d| CandidateInput {
                starts_at_local: format_local(utc(d.starts_at), tz),
                ends_at_local: format_local(utc(d.ends_at), tz),
            })
            .collect(),
        time_zone: p.time_zone.clone(),
        venue_name: p.venue_name.clone(),
        venue_address: p.venue_address.clone(),
        venue_city: p.venue_city.clone(),
        venue_directions: p.venue_directions.clone(),
        accessibility: p.accessibility.clone(),
        capacity: p.capacity.to_string(),
        equipment: p.equipment.clone(),
        has_screen: p.has_screen,
        has_sound: p.has_sound,
        has_streaming: p.has_streaming,
        catering: p.catering.clone(),
        access_notes: p.access_notes.clone(),
        contact_name: p.contact_name.clone(),
        contact_email: p.contact_email.clone(),
        contact_phone: p.contact_phone.clone(),
    })
}

/// The bodies the caller may propose for, or a 403 that says so.
async fn bodies_for(
    state: &AppState,
    chrome: &Chrome,
    call_id: String,
) -> Result<(CallFile, Vec<(String, String)>), AppError> {
    let caller = chrome.caller()?.clone();
    let (file, all) = state
        .db
        .run(move |conn| {
            Ok((
                CallFile::load(conn, &call_id)?,
                db::organizations::list(conn)?,
            ))
        })
        .await?;
    let bodies: Vec<(String, String)> = proposing_bodies(&file, &caller, all)
        .into_iter()
        .map(|o| (o.slug, o.name))
        .collect();
    if bodies.is_empty() || !may_propose(&file, &caller) {
        return Err(AppError::Forbidden(
            chrome.t.hosting.no_body_to_propose.to_owned(),
        ));
    }
    Ok((file, bodies))
}

/// The form to propose hosting (a body's managers, admins).
pub async fn new_proposal(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (file, bodies) = bodies_for(&state, &chrome, id.clone()).await?;
    let organization = bodies
        .first()
        .map(|(slug, _)| slug.clone())
        .unwrap_or_default();
    render(&ProposalFormPage {
        action: format!("/hosting-calls/{id}/propose"),
        call_title: file.call.title,
        bodies,
        organization,
        input: ProposalInput {
            time_zone: time::DEFAULT_ZONE.name().to_owned(),
            ..ProposalInput::default()
        },
        errors: Vec::new(),
        chrome,
    })
}

fn checked(
    file: &CallFile,
    input: &ProposalInput,
    lang: Lang,
) -> Result<CheckedProposal, Vec<FieldError>> {
    let period = (file.call.wished_period_start, file.call.wished_period_end);
    CheckedProposal::parse(input, period, chrono::Utc::now()).map_err(|p| lang.field_errors(p))
}

/// Records the proposal; the form again, input kept, on bad input.
pub async fn create_proposal(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (file, bodies) = bodies_for(&state, &chrome, id.clone()).await?;
    let (organization, input) = read_form(form.0);
    let checked = match checked(&file, &input, chrome.lang) {
        Ok(checked) => checked,
        Err(errors) => {
            let page = ProposalFormPage {
                action: format!("/hosting-calls/{id}/propose"),
                call_title: file.call.title,
                bodies,
                organization,
                input,
                errors,
                chrome,
            };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let caller = chrome.caller()?.clone();
    let proposal = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                hosting::propose(conn, &caller, &id, &organization, &checked)
            })
        })
        .await?;
    Ok(see_other(&format!("/host-proposals/{proposal}?done=saved")))
}

/// The call of proposal `id`, with its proposals and supports.
async fn file_of(state: &AppState, id: &str) -> Result<CallFile, AppError> {
    let id = id.to_owned();
    state
        .db
        .run(move |conn| CallFile::of_proposal(conn, &id))
        .await
}

/// The form to change a proposal.
pub async fn edit_proposal(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let id = id.into_inner();
    let file = file_of(&state, &id).await?;
    let listing = file.proposal(&id).ok_or(AppError::NotFound)?;
    caller.require(Action::EditOrganization {
        id: &listing.proposal.organization_id,
    })?;
    render(&ProposalFormPage {
        action: format!("/host-proposals/{id}/edit"),
        call_title: file.call.title.clone(),
        bodies: Vec::new(),
        organization: listing.organization.0.clone(),
        input: as_input(listing)?,
        errors: Vec::new(),
        chrome,
    })
}

/// Records the change; the form again, input kept, on bad input.
pub async fn update_proposal(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let id = id.into_inner();
    let file = file_of(&state, &id).await?;
    let (_, input) = read_form(form.0);
    let checked = match checked(&file, &input, chrome.lang) {
        Ok(checked) => checked,
        Err(errors) => {
            let organization = file
                .proposal(&id)
                .map(|l| l.organization.0.clone())
                .unwrap_or_default();
            let page = ProposalFormPage {
                action: format!("/host-proposals/{id}/edit"),
                call_title: file.call.title,
                bodies: Vec::new(),
                organization,
                input,
                errors,
                chrome,
            };
            return render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    state
        .db
        .run({
            let id = id.clone();
            move |conn| write_transaction(conn, |conn| hosting::edit(conn, &caller, &id, &checked))
        })
        .await?;
    Ok(see_other(&format!("/host-proposals/{id}?done=saved")))
}

/// What a button on the proposal's page does.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    /// `support`, `unsupport`, `withdraw`, `shortlist`, `decline`, `accept`.
    action: String,
    comment: String,
    /// For `accept`: the candidate date's index.
    candidate_date: String,
    /// `yes` from the confirmation page of `accept` and `withdraw`.
    confirm: String,
}

/// `?candidate_date=` of the accept button.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AcceptQuery {
    candidate_date: String,
}

fn offered_date_expected(lang: Lang) -> AppError {
    AppError::Invalid(vec![FieldError::new(
        "candidate_date",
        lang.texts().hosting.choose_offered_date,
    )])
}

/// What accepting the proposal at a date will do (admins): the plenary
/// scheduled, the proposals declined, who is mailed.
pub async fn confirm_accept(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    query: web::Query<AcceptQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    accept_confirmation(&state, chrome, id.into_inner(), &query.candidate_date).await
}

async fn accept_confirmation(
    state: &AppState,
    chrome: Chrome,
    id: String,
    candidate_date: &str,
) -> Result<HttpResponse, AppError> {
    require_admin(&chrome)?;
    let lang = chrome.lang;
    let file = file_of(state, &id).await?;
    let listing = file.proposal(&id).ok_or(AppError::NotFound)?;
    let position: i32 = candidate_date
        .trim()
        .parse()
        .map_err(|_| offered_date_expected(lang))?;
    let date = listing
        .dates
        .iter()
        .find(|d| d.position == position)
        .ok_or_else(|| offered_date_expected(lang))?;
    let p = &listing.proposal;
    let when = lang.span(utc(date.starts_at), utc(date.ends_at), zone(&p.time_zone)?);
    let venue = [&p.venue_name, &p.venue_city]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let declined: Vec<String> = file
        .proposals
        .iter()
        .filter(|other| other.proposal.id != id)
        .filter(|other| {
            decode::<ProposalState>(&other.proposal.state).is_ok_and(ProposalState::is_live)
        })
        .map(|other| other.organization.1.clone())
        .collect();
    let (title, lines) =
        lang.accept_confirmation(&listing.organization.1, &when, &venue, &declined);
    let c = Confirmation {
        title,
        lines,
        action: format!("/host-proposals/{id}/act"),
        fields: vec![
            ("action", "accept".to_owned()),
            ("candidate_date", position.to_string()),
        ],
        back: format!("/host-proposals/{id}"),
    };
    confirm::show(chrome, c)
}

/// What withdrawing the proposal will do (the body's managers, admins).
pub async fn confirm_withdraw(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    withdraw_confirmation(&state, chrome, id.into_inner()).await
}

async fn withdraw_confirmation(
    state: &AppState,
    chrome: Chrome,
    id: String,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let file = file_of(state, &id).await?;
    let listing = file.proposal(&id).ok_or(AppError::NotFound)?;
    caller.require(Action::EditOrganization {
        id: &listing.proposal.organization_id,
    })?;
    let (title, lines) = chrome.lang.withdraw_confirmation(&listing.organization.1);
    let c = Confirmation {
        title,
        lines,
        action: format!("/host-proposals/{id}/act"),
        fields: vec![("action", "withdraw".to_owned())],
        back: format!("/host-proposals/{id}"),
    };
    confirm::show(chrome, c)
}

/// Supports, withdraws or decides on the proposal, then shows it again.
pub async fn act_on_proposal(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let id = id.into_inner();
    let form = form.0;
    // what cannot be undone asks first
    if !confirm::is_confirmed(&form.confirm) {
        match form.action.as_str() {
            "accept" => {
                return accept_confirmation(&state, chrome, id, &form.candidate_date).await;
            }
            "withdraw" => return withdraw_confirmation(&state, chrome, id).await,
            _ => {}
        }
    }
    let comment = form.comment.clone();
    let settings = state.settings.clone();
    let lang = chrome.lang;
    let done = state
        .db
        .run({
            let id = id.clone();
            move |conn| {
                write_transaction(conn, |conn| match form.action.as_str() {
                    "support" => {
                        hosting::support(conn, &caller, &id, &form.comment).map(|()| "supported")
                    }
                    "unsupport" => hosting::unsupport(conn, &caller, &id).map(|()| "unsupported"),
                    "withdraw" => hosting::withdraw(conn, &caller, &id).map(|()| "withdrawn"),
                    "shortlist" => hosting::shortlist(conn, &caller, &id).map(|()| "decided"),
                    "decline" => {
                        hosting::decline(conn, &settings, &caller, &id).map(|()| "decided")
                    }
                    "accept" => {
                        let position = form
                            .candidate_date
                            .trim()
                            .parse::<i32>()
                            .map_err(|_| offered_date_expected(lang))?;
                        hosting::accept(conn, &settings, &caller, &id, position).map(|_| "decided")
                    }
                    _ => Err(AppError::NotFound),
                })
            }
        })
        .await;
    match done {
        Ok(done) => Ok(see_other(&format!("/host-proposals/{id}?done={done}"))),
        // a comment too long: the form again, with it
        Err(AppError::Invalid(errors)) if errors.iter().any(|e| e.field == "comment") => {
            let page = proposal_page(&state, chrome, id, None, Some((comment, errors))).await?;
            render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => Err(error),
    }
}

/// Admins poll the members on the shortlisted dates (or find the poll
/// already open), then see it.
pub async fn open_call_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<super::signin::Empty>,
) -> Result<HttpResponse, AppError> {
    let caller = require_admin(&chrome)?.clone();
    let id = id.into_inner();
    let (poll, _) = state
        .db
        .run(move |conn| write_transaction(conn, |conn| hosting::open_poll(conn, &caller, &id)))
        .await?;
    Ok(see_other(&format!("/date-polls/{poll}")))
}
