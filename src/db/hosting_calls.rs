//! Calls for hosts of the spring plenary and the bodies' proposals.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    host_proposal_dates, host_proposal_events, host_proposal_supports, host_proposals,
    hosting_calls, organizations, people,
};
use crate::domain::error::AppError;
use crate::domain::hosting::{CheckedProposal, ProposalEvent};
use crate::domain::{ProposalState, code};

/// A call for hosts.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = hosting_calls)]
pub struct HostingCall {
    pub id: String,
    pub title: String,
    pub year: i32,
    pub wished_period_start: NaiveDate,
    pub wished_period_end: NaiveDate,
    pub deadline: NaiveDate,
    pub requirements: String,
    pub meeting_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A body's proposal to host.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = host_proposals)]
pub struct HostProposal {
    pub id: String,
    pub hosting_call_id: String,
    pub organization_id: String,
    pub state: String,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub venue_directions: String,
    pub accessibility: String,
    pub capacity: i32,
    pub equipment: String,
    pub catering: String,
    pub access_notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub has_screen: bool,
    pub has_sound: bool,
    pub has_streaming: bool,
    /// The candidate date chosen, once accepted.
    pub accepted_position: Option<i32>,
}

/// One candidate date of a proposal, in UTC.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = host_proposal_dates)]
pub struct CandidateDate {
    pub host_proposal_id: String,
    pub position: i32,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

/// A proposal with its body (slug, name) and candidate dates.
#[derive(Debug, Clone)]
pub struct ProposalListing {
    pub proposal: HostProposal,
    pub organization: (String, String),
    pub dates: Vec<CandidateDate>,
}

/// The calls still taking proposals on `today`, with how many live
/// proposals each has: before their deadline, and without an accepted
/// proposal (the call has its host).
pub fn list_open(conn: &mut DbConn, today: NaiveDate) -> Result<Vec<(HostingCall, i64)>, AppError> {
    let decided = host_proposals::table
        .filter(host_proposals::state.eq(code(ProposalState::Accepted)))
        .select(host_proposals::hosting_call_id);
    let calls: Vec<HostingCall> = hosting_calls::table
        .filter(hosting_calls::deadline.ge(today))
        .filter(hosting_calls::id.ne_all(decided))
        .select(HostingCall::as_select())
        .order(hosting_calls::deadline.asc())
        .load(conn)?;
    let ids: Vec<&str> = calls.iter().map(|c| c.id.as_str()).collect();
    let counts: std::collections::HashMap<String, i64> = host_proposals::table
        .filter(host_proposals::hosting_call_id.eq_any(ids))
        .filter(host_proposals::state.ne(code(ProposalState::Withdrawn)))
        .group_by(host_proposals::hosting_call_id)
        .select((host_proposals::hosting_call_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(calls
        .into_iter()
        .map(|call| {
            let count = counts.get(&call.id).copied().unwrap_or(0);
            (call, count)
        })
        .collect())
}

/// One call.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<HostingCall>, AppError> {
    Ok(hosting_calls::table
        .find(id)
        .select(HostingCall::as_select())
        .first(conn)
        .optional()?)
}

/// The call that finds a host for this meeting.
pub fn find_for_meeting(
    conn: &mut DbConn,
    meeting_id: &str,
) -> Result<Option<HostingCall>, AppError> {
    Ok(hosting_calls::table
        .filter(hosting_calls::meeting_id.eq(meeting_id))
        .select(HostingCall::as_select())
        .first(conn)
        .optional()?)
}

/// A call's proposals, oldest first, with their dates.
pub fn proposals(conn: &mut DbConn, call_id: &str) -> Result<Vec<ProposalListing>, AppError> {
    let rows: Vec<(HostProposal, (String, String))> = host_proposals::table
        .inner_join(organizations::table)
        .filter(host_proposals::hosting_call_id.eq(call_id))
        .select((
            HostProposal::as_select(),
            (organizations::slug, organizations::name),
        ))
        .order((host_proposals::created_at.asc(), host_proposals::id.asc()))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|(p, _)| p.id.as_str()).collect();
    let mut dates: Vec<CandidateDate> = host_proposal_dates::table
        .filter(host_proposal_dates::host_proposal_id.eq_any(ids))
        .select(CandidateDate::as_select())
        .order((
            host_proposal_dates::host_proposal_id,
            host_proposal_dates::position,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(proposal, organization)| {
            let (mine, rest) = dates
                .drain(..)
                .partition(|d| d.host_proposal_id == proposal.id);
            dates = rest;
            ProposalListing {
                proposal,
                organization,
                dates: mine,
            }
        })
        .collect())
}

/// Adds a call.
pub fn insert(conn: &mut DbConn, call: &HostingCall) -> Result<(), AppError> {
    diesel::insert_into(hosting_calls::table)
        .values(call)
        .execute(conn)?;
    Ok(())
}

/// The fields of a proposal its body writes, from the checked proposal:
/// what proposing inserts and editing sets.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = host_proposals)]
pub struct ProposalFields<'a> {
    time_zone: &'a str,
    venue_name: &'a str,
    venue_address: &'a str,
    venue_city: &'a str,
    venue_directions: &'a str,
    accessibility: &'a str,
    capacity: i32,
    equipment: &'a str,
    catering: &'a str,
    access_notes: &'a str,
    contact_name: &'a str,
    contact_email: &'a str,
    contact_phone: &'a str,
    has_screen: bool,
    has_sound: bool,
    has_streaming: bool,
    updated_at: NaiveDateTime,
}

impl<'a> ProposalFields<'a> {
    /// The columns of a checked proposal, changed now.
    pub fn from_checked(p: &'a CheckedProposal) -> Self {
        Self {
            time_zone: p.zone.name(),
            venue_name: &p.venue_name,
            venue_address: &p.venue_address,
            venue_city: &p.venue_city,
            venue_directions: &p.venue_directions,
            accessibility: &p.accessibility,
            capacity: p.capacity,
            equipment: &p.equipment,
            catering: &p.catering,
            access_notes: &p.access_notes,
            contact_name: &p.contact_name,
            contact_email: &p.contact_email,
            contact_phone: &p.contact_phone,
            has_screen: p.has_screen,
            has_sound: p.has_sound,
            has_streaming: p.has_streaming,
            updated_at: super::now(),
        }
    }
}

/// A new proposal: submitted, its fields, created now.
#[derive(Debug, Insertable)]
#[diesel(table_name = host_proposals)]
pub struct ProposalInsertForm<'a> {
    id: &'a str,
    hosting_call_id: &'a str,
    organization_id: &'a str,
    state: &'static str,
    created_at: NaiveDateTime,
    #[diesel(embed)]
    fields: ProposalFields<'a>,
}

/// Adds a checked proposal of `organization_id` to `call_id`, under `id`,
/// with its candidate dates.
pub fn insert_proposal(
    conn: &mut DbConn,
    id: &str,
    call_id: &str,
    organization_id: &str,
    p: &CheckedProposal,
) -> Result<(), AppError> {
    let fields = ProposalFields::from_checked(p);
    let form = ProposalInsertForm {
        id,
        hosting_call_id: call_id,
        organization_id,
        state: code(ProposalState::Submitted),
        created_at: fields.updated_at,
        fields,
    };
    diesel::insert_into(host_proposals::table)
        .values(&form)
        .execute(conn)?;
    // One statement per row: batch inserts are not available on both backends at once.
    for date in candidate_dates(id, p) {
        diesel::insert_into(host_proposal_dates::table)
            .values(&date)
            .execute(conn)?;
    }
    Ok(())
}

fn candidate_dates(id: &str, p: &CheckedProposal) -> Vec<CandidateDate> {
    (0..)
        .zip(&p.dates)
        .map(|(position, (start, end))| CandidateDate {
            host_proposal_id: id.to_owned(),
            position,
            starts_at: start.naive_utc(),
            ends_at: end.naive_utc(),
        })
        .collect()
}

/// Replaces what a proposal offers, its dates included.
pub fn replace_proposal(conn: &mut DbConn, id: &str, p: &CheckedProposal) -> Result<(), AppError> {
    diesel::update(host_proposals::table.find(id))
        .set(ProposalFields::from_checked(p))
        .execute(conn)?;
    diesel::delete(host_proposal_dates::table.filter(host_proposal_dates::host_proposal_id.eq(id)))
        .execute(conn)?;
    for date in candidate_dates(id, p) {
        diesel::insert_into(host_proposal_dates::table)
            .values(&date)
            .execute(conn)?;
    }
    Ok(())
}

/// The call a proposal answers.
pub fn call_of(conn: &mut DbConn, proposal_id: &str) -> Result<Option<String>, AppError> {
    Ok(host_proposals::table
        .find(proposal_id)
        .select(host_proposals::hosting_call_id)
        .first(conn)
        .optional()?)
}

/// Takes the call's row lock: decisions on one call happen one at a time
/// (SQLite's immediate transactions already serialize writers).
pub fn lock_call(conn: &mut DbConn, call_id: &str) -> Result<(), AppError> {
    let locked = diesel::update(hosting_calls::table.find(call_id))
        .set(hosting_calls::updated_at.eq(super::now()))
        .execute(conn)?;
    if locked == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Links the call to the plenary it found a host for.
pub fn set_meeting(conn: &mut DbConn, call_id: &str, meeting_id: &str) -> Result<(), AppError> {
    diesel::update(hosting_calls::table.find(call_id))
        .set(hosting_calls::meeting_id.eq(meeting_id))
        .execute(conn)?;
    Ok(())
}

/// Moves a proposal to `state` and records `event` by `person_id`.
pub fn change_state(
    conn: &mut DbConn,
    id: &str,
    state: ProposalState,
    accepted_position: Option<i32>,
    event: ProposalEvent,
    person_id: Option<&str>,
) -> Result<(), AppError> {
    diesel::update(host_proposals::table.find(id))
        .set((
            host_proposals::state.eq(code(state)),
            host_proposals::accepted_position.eq(accepted_position),
            host_proposals::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    record(conn, id, event, person_id)
}

/// Records that `event` happened to a proposal, by `person_id`, now.
pub fn record(
    conn: &mut DbConn,
    id: &str,
    event: ProposalEvent,
    person_id: Option<&str>,
) -> Result<(), AppError> {
    diesel::insert_into(host_proposal_events::table)
        .values((
            host_proposal_events::id.eq(super::new_id()),
            host_proposal_events::host_proposal_id.eq(id),
            host_proposal_events::event.eq(code(event)),
            host_proposal_events::person_id.eq(person_id),
            host_proposal_events::at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// One change of a proposal: what, who (if still known), when.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub event: String,
    pub person: Option<String>,
    pub at: NaiveDateTime,
}

/// A proposal's changes, oldest first.
pub fn history(conn: &mut DbConn, id: &str) -> Result<Vec<HistoryEntry>, AppError> {
    let rows: Vec<(String, Option<String>, NaiveDateTime)> = host_proposal_events::table
        .left_join(people::table)
        .filter(host_proposal_events::host_proposal_id.eq(id))
        .select((
            host_proposal_events::event,
            people::name.nullable(),
            host_proposal_events::at,
        ))
        .order((
            host_proposal_events::at.asc(),
            host_proposal_events::id.asc(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(event, person, at)| HistoryEntry { event, person, at })
        .collect())
}

/// Who submitted a proposal, if still known.
pub fn submitter(conn: &mut DbConn, id: &str) -> Result<Option<String>, AppError> {
    Ok(host_proposal_events::table
        .filter(host_proposal_events::host_proposal_id.eq(id))
        .filter(host_proposal_events::event.eq(code(ProposalEvent::Submitted)))
        .select(host_proposal_events::person_id)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// A member's support of a proposal.
#[derive(Debug, Clone)]
pub struct Support {
    pub host_proposal_id: String,
    pub person_id: String,
    pub name: String,
    /// The supporter's body: slug and name.
    pub organization: Option<(String, String)>,
    pub comment: String,
    pub created_at: NaiveDateTime,
}

/// The supports of a call's proposals, oldest first.
pub fn supports(conn: &mut DbConn, call_id: &str) -> Result<Vec<Support>, AppError> {
    type Row = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        NaiveDateTime,
    );
    let rows: Vec<Row> = host_proposal_supports::table
        .inner_join(host_proposals::table)
        .inner_join(people::table.left_join(organizations::table))
        .filter(host_proposals::hosting_call_id.eq(call_id))
        .select((
            host_proposal_supports::host_proposal_id,
            host_proposal_supports::person_id,
            people::name,
            organizations::slug.nullable(),
            organizations::name.nullable(),
            host_proposal_supports::comment,
            host_proposal_supports::created_at,
        ))
        .order((
            host_proposal_supports::created_at.asc(),
            host_proposal_supports::person_id.asc(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(host_proposal_id, person_id, name, slug, org, comment, created_at)| Support {
                host_proposal_id,
                person_id,
                name,
                organization: slug.zip(org),
                comment,
                created_at,
            },
        )
        .collect())
}

/// Records `person_id`'s support (once: supporting again changes the comment).
pub fn support(
    conn: &mut DbConn,
    id: &str,
    person_id: &str,
    comment: &str,
) -> Result<(), AppError> {
    let changed = diesel::update(host_proposal_supports::table.find((id, person_id)))
        .set(host_proposal_supports::comment.eq(comment))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(host_proposal_supports::table)
            .values((
                host_proposal_supports::host_proposal_id.eq(id),
                host_proposal_supports::person_id.eq(person_id),
                host_proposal_supports::comment.eq(comment),
                host_proposal_supports::created_at.eq(super::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Takes back `person_id`'s support; whether there was one.
pub fn unsupport(conn: &mut DbConn, id: &str, person_id: &str) -> Result<bool, AppError> {
    Ok(diesel::delete(host_proposal_supports::table.find((id, person_id))).execute(conn)? > 0)
}

/// Every call, the latest plenary first.
pub fn list_all(conn: &mut DbConn) -> Result<Vec<HostingCall>, AppError> {
    Ok(hosting_calls::table
        .select(HostingCall::as_select())
        .order((hosting_calls::year.desc(), hosting_calls::created_at.desc()))
        .load(conn)?)
}
