//! Calls for hosts and host proposals, as pages and the API both drive
//! them: who may do what, when, and what follows (the plenary scheduled,
//! the other proposals declined, the mails). The checks of what people type
//! are `domain::hosting`; the rows, `db::hosting_calls`.
//!
//! Every change of a proposal takes its call's row lock first, so that
//! decisions on one call happen one at a time: two admins accepting two
//! proposals at once end with one accepted and a 409 for the other.

use chrono::{NaiveDate, Utc};

use crate::db::hosting_calls::{HostingCall, ProposalListing};
use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError};
use crate::domain::hosting::HostingNotice;
use crate::domain::hosting::{CheckedCall, CheckedProposal, ProposalEvent};
use crate::domain::meetings::{CheckedMeeting, MeetingInput, format_local};
use crate::domain::{MeetingKind, MeetingStatus, ProposalState, code, decode, time};
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::emails::{self, HostingFields};
use crate::services::policy::Action;

/// The club's date: deadlines end with the day in Europe/Paris.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&time::DEFAULT_ZONE).date_naive()
}

/// Whether the call still takes proposals and their changes from members:
/// until its deadline, and while no proposal is accepted.
pub fn is_open(call: &HostingCall, proposals: &[ProposalListing]) -> bool {
    call.deadline >= today()
        && !proposals
            .iter()
            .any(|p| state(p) == Some(ProposalState::Accepted))
}

fn state(listing: &ProposalListing) -> Option<ProposalState> {
    decode(&listing.proposal.state).ok()
}

fn conflict(message: &str) -> AppError {
    AppError::Conflict(message.to_owned())
}

/// The refusal of a change once the call has its host.
fn decided(lang: Lang) -> AppError {
    conflict(lang.texts().hosting.refused_decided)
}

fn find_call(conn: &mut DbConn, id: &str) -> Result<HostingCall, AppError> {
    db::hosting_calls::find(conn, id)?.ok_or(AppError::NotFound)
}

/// Opens a call (admins) and tells everyone who wants the club's
/// announcements; returns its id. Call it in a write transaction.
pub fn open_call(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    checked: &CheckedCall,
) -> Result<String, AppError> {
    caller.require(Action::DecideHosting)?;
    let now = db::now();
    let call = HostingCall {
        id: db::new_id(),
        title: checked.title.clone(),
        year: checked.year,
        wished_period_start: checked.wished_period_start,
        wished_period_end: checked.wished_period_end,
        deadline: checked.deadline,
        requirements: checked.requirements.clone(),
        meeting_id: None,
        created_at: now,
        updated_at: now,
    };
    db::hosting_calls::insert(conn, &call)?;
    let link = format!("{}/hosting-calls/{}", settings.base_url, call.id);
    for person in db::people::announcement_audience(conn)? {
        let lang = Lang::from_code(&person.language);
        let fields = HostingFields {
            notice: HostingNotice::CallOpened,
            name: &person.name,
            call: &call.title,
            host: None,
            when: Some(lang.date(call.deadline)),
            venue: None,
            link: link.clone(),
            lang,
        };
        let key = format!("hosting-call:{}:opened:{}", call.id, person.id);
        crate::infra::mail::enqueue(conn, settings, &emails::hosting(&person, &fields, key)?)?;
    }
    Ok(call.id)
}

/// `organization_slug` proposes to host the plenary of `call_id`: its
/// managers (or admins), while the call is open (admins: until a proposal
/// is accepted), one live proposal per body. Returns the proposal's id.
pub fn propose(
    conn: &mut DbConn,
    caller: &Caller,
    call_id: &str,
    organization_slug: &str,
    checked: &CheckedProposal,
) -> Result<String, AppError> {
    let lang = caller.lang();
    let organization =
        db::organizations::find_by_slug(conn, organization_slug)?.ok_or_else(|| {
            AppError::Invalid(vec![FieldError::new(
                "organization",
                lang.texts().hosting.unknown_body,
            )])
        })?;
    caller.require(Action::EditOrganization {
        id: &organization.id,
    })?;
    db::hosting_calls::lock_call(conn, call_id)?;
    let call = find_call(conn, call_id)?;
    let proposals = db::hosting_calls::proposals(conn, call_id)?;
    check_open(caller, &call, &proposals)?;
    if proposals.iter().any(|p| {
        p.proposal.organization_id == organization.id
            && state(p).is_some_and(ProposalState::is_live)
    }) {
        return Err(conflict(lang.texts().hosting.refused_second_proposal));
    }
    let id = db::new_id();
    db::hosting_calls::insert_proposal(conn, &id, call_id, &organization.id, checked)?;
    db::hosting_calls::record(conn, &id, ProposalEvent::Submitted, Some(&caller.person.id))?;
    Ok(id)
}

/// Members propose and change proposals while the call is open; admins
/// until a proposal is accepted. `Err` says why not.
pub fn check_open(
    caller: &Caller,
    call: &HostingCall,
    proposals: &[ProposalListing],
) -> Result<(), AppError> {
    let lang = caller.lang();
    if proposals
        .iter()
        .any(|p| state(p) == Some(ProposalState::Accepted))
    {
        return Err(decided(lang));
    }
    if call.deadline < today() && !caller.may(Action::DecideHosting) {
        return Err(conflict(lang.texts().hosting.refused_past_deadline));
    }
    Ok(())
}

/// A proposal and its call, under the call's lock.
fn locked(
    conn: &mut DbConn,
    id: &str,
) -> Result<(HostingCall, Vec<ProposalListing>, ProposalListing), AppError> {
    let call_id = db::hosting_calls::call_of(conn, id)?.ok_or(AppError::NotFound)?;
    db::hosting_calls::lock_call(conn, &call_id)?;
    let call = find_call(conn, &call_id)?;
    let proposals = db::hosting_calls::proposals(conn, &call_id)?;
    let listing = proposals
        .iter()
        .find(|p| p.proposal.id == id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok((call, proposals, listing))
}

/// Moves a proposal by `event`, if its state allows it now.
fn step(
    conn: &mut DbConn,
    caller: &Caller,
    listing: &ProposalListing,
    event: ProposalEvent,
    accepted_position: Option<i32>,
) -> Result<(), AppError> {
    let now: ProposalState = decode(&listing.proposal.state)?;
    let Some(next) = now.after(event) else {
        let lang = caller.lang();
        return Err(AppError::Conflict(format!(
            "{} {}",
            lang.texts().hosting.refused_state,
            lang.proposal_state(now)
        )));
    };
    db::hosting_calls::change_state(
        conn,
        &listing.proposal.id,
        next,
        accepted_position,
        event,
        Some(&caller.person.id),
    )
}

/// The body's managers (or admins) change what the proposal offers.
pub fn edit(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    checked: &CheckedProposal,
) -> Result<(), AppError> {
    let (call, proposals, listing) = locked(conn, id)?;
    caller.require(Action::EditOrganization {
        id: &listing.proposal.organization_id,
    })?;
    check_open(caller, &call, &proposals)?;
    step(conn, caller, &listing, ProposalEvent::Edited, None)?;
    db::hosting_calls::replace_proposal(conn, id, checked)
}

/// The body's managers (or admins) take the proposal back.
pub fn withdraw(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<(), AppError> {
    let (call, proposals, listing) = locked(conn, id)?;
    caller.require(Action::EditOrganization {
        id: &listing.proposal.organization_id,
    })?;
    check_open(caller, &call, &proposals)?;
    step(conn, caller, &listing, ProposalEvent::Withdrawn, None)
}

/// Whether `caller` belongs to, or manages, the body that proposes: they may
/// not support it.
pub fn is_own_body(caller: &Caller, listing: &ProposalListing) -> bool {
    crate::domain::hosting::supports_own_body(
        &listing.proposal.organization_id,
        caller.person.organization_id.as_deref(),
        &caller.managed_organizations,
    )
}

/// Any member of another body supports a live proposal, once (again: a new
/// comment).
pub fn support(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    comment: &str,
) -> Result<(), AppError> {
    let lang = caller.lang();
    let comment = comment.trim();
    if comment.chars().count() > crate::domain::hosting::MAX_TEXT {
        return Err(AppError::Invalid(vec![FieldError::new(
            "comment",
            lang.texts().hosting.comment_too_long,
        )]));
    }
    let (_, _, listing) = locked(conn, id)?;
    if is_own_body(caller, &listing) {
        return Err(AppError::Forbidden(
            lang.texts().hosting.refused_own_body.to_owned(),
        ));
    }
    if !state(&listing).is_some_and(ProposalState::is_live) {
        return Err(conflict(lang.texts().hosting.refused_not_running));
    }
    db::hosting_calls::support(conn, id, &caller.person.id, comment)
}

/// Takes back the caller's support.
pub fn unsupport(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<(), AppError> {
    let (_, _, _) = locked(conn, id)?;
    db::hosting_calls::unsupport(conn, id, &caller.person.id)?;
    Ok(())
}

/// Admins keep a proposal for the final choice.
pub fn shortlist(conn: &mut DbConn, caller: &Caller, id: &str) -> Result<(), AppError> {
    caller.require(Action::DecideHosting)?;
    let (_, _, listing) = locked(conn, id)?;
    step(conn, caller, &listing, ProposalEvent::Shortlisted, None)
}

/// Admins decline a proposal; its body is told.
pub fn decline(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    id: &str,
) -> Result<(), AppError> {
    caller.require(Action::DecideHosting)?;
    let (call, _, listing) = locked(conn, id)?;
    step(conn, caller, &listing, ProposalEvent::Declined, None)?;
    tell_body(
        conn,
        settings,
        &call,
        &listing,
        HostingNotice::Declined,
        None,
    )?;
    Ok(())
}

/// Admins ask the members which of the shortlisted proposals' dates suit
/// them: a date poll over every future candidate date of the shortlisted
/// proposals, earliest first. Its closing accepts the proposal of the slot
/// chosen. While one is open, asking again returns it. Returns its id and whether
/// it is new.
pub fn open_poll(
    conn: &mut DbConn,
    caller: &Caller,
    call_id: &str,
) -> Result<(String, bool), AppError> {
    caller.require(Action::DecideHosting)?;
    let lang = caller.lang();
    db::hosting_calls::lock_call(conn, call_id)?;
    if let Some(open) = db::polls::for_call(conn, call_id)?
        .into_iter()
        .find(|p| p.state == code(crate::domain::polls::PollState::Open))
    {
        return Ok((open.id, false));
    }
    let call = find_call(conn, call_id)?;
    let proposals = db::hosting_calls::proposals(conn, call_id)?;
    if proposals
        .iter()
        .any(|p| state(p) == Some(ProposalState::Accepted))
    {
        return Err(decided(lang));
    }
    let now = db::now();
    let mut slots: Vec<db::polls::CandidateSlot> = proposals
        .iter()
        .filter(|p| state(p) == Some(ProposalState::Shortlisted))
        .flat_map(|p| {
            p.dates
                .iter()
                .filter(|d| d.starts_at > now)
                .map(|d| db::polls::CandidateSlot {
                    host_proposal_id: p.proposal.id.clone(),
                    candidate_position: d.position,
                    starts_at: d.starts_at,
                    ends_at: d.ends_at,
                })
        })
        .collect();
    if slots.is_empty() {
        return Err(conflict(lang.texts().hosting.refused_no_shortlist));
    }
    slots.sort_by_key(|s| s.starts_at);
    let title = format!("{} — dates des propositions retenues", call.title);
    let id = db::polls::create_for_call(conn, call_id, &title, &slots, &caller.person.id)?;
    Ok((id, true))
}

/// Admins accept a proposal at one of its candidate dates (`position`,
/// from 0): the call's plenary is scheduled there (the draft updated, or a
/// new one), the other live proposals are declined, and the bodies and the
/// members are told. Accepting the same again returns the same meeting;
/// accepting another once one is accepted is a conflict. Returns the
/// meeting's id. Call it in a write transaction.
pub fn accept(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    id: &str,
    position: i32,
) -> Result<String, AppError> {
    caller.require(Action::DecideHosting)?;
    let lang = caller.lang();
    let (call, proposals, listing) = locked(conn, id)?;
    if let Some(accepted) = proposals
        .iter()
        .find(|p| state(p) == Some(ProposalState::Accepted))
    {
        if accepted.proposal.id == id && accepted.proposal.accepted_position == Some(position) {
            return call
                .meeting_id
                .ok_or_else(|| AppError::internal("an accepted call has no meeting"));
        }
        return Err(AppError::Conflict(format!(
            "{} {}",
            lang.texts().hosting.already_accepted,
            accepted.organization.1
        )));
    }
    let Some(date) = listing.dates.iter().find(|d| d.position == position) else {
        return Err(AppError::Invalid(vec![FieldError::new(
            "candidate_date",
            lang.texts().hosting.choose_offered_date,
        )]));
    };
    let date = date.clone();
    step(
        conn,
        caller,
        &listing,
        ProposalEvent::Accepted,
        Some(position),
    )?;
    let meeting_id = schedule(conn, settings, &call, &listing, &date, lang)?;
    db::hosting_calls::set_meeting(conn, &call.id, &meeting_id)?;
    let meeting = db::meetings::find(conn, &meeting_id)?
        .ok_or(AppError::NotFound)?
        .meeting;
    for other in &proposals {
        if other.proposal.id != id && state(other).is_some_and(ProposalState::is_live) {
            step(conn, caller, other, ProposalEvent::Declined, None)?;
            tell_body(conn, settings, &call, other, HostingNotice::Declined, None)?;
        }
    }
    let told = tell_body(
        conn,
        settings,
        &call,
        &listing,
        HostingNotice::Accepted,
        Some(&meeting),
    )?;
    crate::services::polls::conclude_call_polls(conn, settings, &call.id, id, position, &meeting)?;
    let link = format!("{}/meetings/{}", settings.base_url, meeting.id);
    // the host's people have their own message
    let audience = db::people::announcement_audience(conn)?;
    for person in audience.iter().filter(|p| !told.contains(&p.id)) {
        let fields = decision_fields(
            &call,
            &listing,
            &meeting,
            person,
            HostingNotice::HostChosen,
            &link,
        )?;
        let key = format!("hosting-call:{}:host-chosen:{}", call.id, person.id);
        crate::infra::mail::enqueue(conn, settings, &emails::hosting(person, &fields, key)?)?;
    }
    Ok(meeting_id)
}

/// The call's plenary at the accepted proposal's venue and date: its draft
/// (or scheduled) meeting updated, or a new one.
fn schedule(
    conn: &mut DbConn,
    settings: &Settings,
    call: &HostingCall,
    listing: &ProposalListing,
    date: &db::hosting_calls::CandidateDate,
    lang: Lang,
) -> Result<String, AppError> {
    let p = &listing.proposal;
    let zone = time::parse_zone(&p.time_zone).unwrap_or(time::DEFAULT_ZONE);
    let existing = match &call.meeting_id {
        Some(id) => db::meetings::find(conn, id)?
            .filter(|m| m.meeting.status != code(MeetingStatus::Cancelled)),
        None => None,
    };
    let mut input = match &existing {
        Some(listing) => db::meetings::as_input(
            listing,
            db::rooms::find(conn, &listing.meeting.id)?.as_ref(),
        ),
        None => MeetingInput {
            kind: code(MeetingKind::SpringPlenary).to_owned(),
            // the club's language, whoever accepts
            title: format!("Rencontre de printemps {}", call.year),
            ..MeetingInput::default()
        },
    };
    let starts_at = date.starts_at.and_utc();
    input.status = code(MeetingStatus::Scheduled).to_owned();
    input.format = String::new();
    input.starts_at_local = format_local(starts_at, zone);
    input.ends_at_local = format_local(date.ends_at.and_utc(), zone);
    input.time_zone = zone.name().to_owned();
    input.venue_name = p.venue_name.clone();
    input.venue_address = p.venue_address.clone();
    input.venue_city = p.venue_city.clone();
    input.venue_directions = p.venue_directions.clone();
    input.venue_latitude = String::new();
    input.venue_longitude = String::new();
    input.host_organization = listing.organization.0.clone();
    input.capacity = p.capacity.to_string();
    // a deadline the new date overtakes would refuse the meeting
    if time::parse_local(&input.rsvp_deadline_local)
        .is_ok_and(|d| d >= starts_at.with_timezone(&zone).naive_local())
    {
        input.rsvp_deadline_local = String::new();
    }
    let checked =
        CheckedMeeting::parse(&input).map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
    match existing {
        Some(m) => {
            super::meetings::update(conn, settings, &m.meeting.id, &checked, lang)?;
            Ok(m.meeting.id)
        }
        None => db::meetings::create(conn, &checked),
    }
}

fn decision_fields<'a>(
    call: &'a HostingCall,
    listing: &'a ProposalListing,
    meeting: &db::meetings::Meeting,
    person: &'a db::people::Person,
    notice: HostingNotice,
    link: &str,
) -> Result<HostingFields<'a>, AppError> {
    let lang = Lang::from_code(&person.language);
    let zone = time::parse_zone(&meeting.time_zone).unwrap_or(time::DEFAULT_ZONE);
    Ok(HostingFields {
        notice,
        name: &person.name,
        call: &call.title,
        host: Some(&listing.organization.1),
        when: Some(lang.span(meeting.starts_at.and_utc(), meeting.ends_at.and_utc(), zone)),
        venue: crate::services::notices::venue_line(meeting),
        link: link.to_owned(),
        lang,
    })
}

/// Tells a proposing body's managers, and whoever submitted the proposal,
/// of a decision on it; returns whom (their ids).
fn tell_body(
    conn: &mut DbConn,
    settings: &Settings,
    call: &HostingCall,
    listing: &ProposalListing,
    notice: HostingNotice,
    meeting: Option<&db::meetings::Meeting>,
) -> Result<Vec<String>, AppError> {
    let mut people = db::people::managers_of(conn, &listing.proposal.organization_id)?;
    if let Some(submitter) = db::hosting_calls::submitter(conn, &listing.proposal.id)?
        && !people.iter().any(|p| p.id == submitter)
        && let Some(person) = db::people::find(conn, &submitter)?
    {
        people.push(person);
    }
    let proposal_link = format!(
        "{}/host-proposals/{}",
        settings.base_url, listing.proposal.id
    );
    for person in &people {
        let lang = Lang::from_code(&person.language);
        let fields = match meeting {
            Some(meeting) => {
                let link = format!("{}/meetings/{}", settings.base_url, meeting.id);
                decision_fields(call, listing, meeting, person, notice, &link)?
            }
            None => HostingFields {
                notice,
                name: &person.name,
                call: &call.title,
                host: Some(&listing.organization.1),
                when: None,
                venue: None,
                link: proposal_link.clone(),
                lang,
            },
        };
        let key = format!(
            "host-proposal:{}:{}:{}",
            listing.proposal.id,
            notice.kind(),
            person.id
        );
        crate::infra::mail::enqueue(conn, settings, &emails::hosting(person, &fields, key)?)?;
    }
    Ok(people.into_iter().map(|p| p.id).collect())
}

/// A call with everything its pages and API show.
#[derive(Debug)]
pub struct CallFile {
    pub call: HostingCall,
    /// Oldest first, withdrawn ones included.
    pub proposals: Vec<ProposalListing>,
    pub supports: Vec<db::hosting_calls::Support>,
}

impl CallFile {
    /// The call `id`.
    pub fn load(conn: &mut DbConn, id: &str) -> Result<Self, AppError> {
        Ok(Self {
            call: find_call(conn, id)?,
            proposals: db::hosting_calls::proposals(conn, id)?,
            supports: db::hosting_calls::supports(conn, id)?,
        })
    }

    /// The call of proposal `id`.
    pub fn of_proposal(conn: &mut DbConn, id: &str) -> Result<Self, AppError> {
        let call_id = db::hosting_calls::call_of(conn, id)?.ok_or(AppError::NotFound)?;
        Self::load(conn, &call_id)
    }

    /// Whether members may still propose and change proposals.
    pub fn is_open(&self) -> bool {
        is_open(&self.call, &self.proposals)
    }

    /// The proposal `id`.
    pub fn proposal(&self, id: &str) -> Option<&ProposalListing> {
        self.proposals.iter().find(|p| p.proposal.id == id)
    }

    /// The supports of proposal `id`.
    pub fn supports_of<'a>(
        &'a self,
        id: &'a str,
    ) -> impl Iterator<Item = &'a db::hosting_calls::Support> {
        self.supports
            .iter()
            .filter(move |s| s.host_proposal_id == id)
    }

    /// How many bodies the supporters of proposal `id` belong to, the
    /// proposing body not counted (supports stored before that was refused).
    pub fn supporting_bodies(&self, id: &str) -> usize {
        let proposing = self.proposal(id).map(|p| p.organization.0.as_str());
        let mut bodies: Vec<&str> = self
            .supports_of(id)
            .filter_map(|s| s.organization.as_ref().map(|(slug, _)| slug.as_str()))
            .filter(|slug| Some(*slug) != proposing)
            .collect();
        bodies.sort_unstable();
        bodies.dedup();
        bodies.len()
    }
}
