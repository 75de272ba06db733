//! Calls for hosts of the spring plenary and the bodies' proposals.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{host_proposal_dates, host_proposals, hosting_calls, organizations};
use crate::domain::{ProposalState, code};
use crate::error::AppError;

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
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
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
/// proposals each has.
pub fn list_open(conn: &mut DbConn, today: NaiveDate) -> Result<Vec<(HostingCall, i64)>, AppError> {
    let calls: Vec<HostingCall> = hosting_calls::table
        .filter(hosting_calls::deadline.ge(today))
        .select(HostingCall::as_select())
        .order(hosting_calls::deadline.asc())
        .load(conn)?;
    calls
        .into_iter()
        .map(|call| {
            let count = host_proposals::table
                .filter(host_proposals::hosting_call_id.eq(&call.id))
                .filter(host_proposals::state.ne(code(ProposalState::Withdrawn)))
                .count()
                .get_result(conn)?;
            Ok((call, count))
        })
        .collect()
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

/// Adds a proposal with its candidate dates.
pub fn insert_proposal(
    conn: &mut DbConn,
    proposal: &HostProposal,
    dates: &[CandidateDate],
) -> Result<(), AppError> {
    diesel::insert_into(host_proposals::table)
        .values(proposal)
        .execute(conn)?;
    // One statement per row: batch inserts are not available on both backends at once.
    for date in dates {
        diesel::insert_into(host_proposal_dates::table)
            .values(date)
            .execute(conn)?;
    }
    Ok(())
}
