//! Meetings of the three kinds.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{meetings, organizations, working_groups};
use crate::domain::{MeetingStatus, code};
use crate::error::AppError;

/// A meeting as stored: instants in UTC, plus the zone it was planned in.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = meetings)]
pub struct Meeting {
    pub id: String,
    pub kind: String,
    pub format: String,
    pub status: String,
    pub title: String,
    pub agenda: String,
    pub minutes: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_city: Option<String>,
    pub venue_directions: Option<String>,
    pub venue_latitude: Option<f64>,
    pub venue_longitude: Option<f64>,
    pub host_organization_id: Option<String>,
    pub working_group_id: Option<String>,
    pub capacity: Option<i32>,
    pub rsvp_deadline: Option<NaiveDateTime>,
    pub sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new meeting.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = meetings)]
pub struct MeetingInsertForm {
    pub id: String,
    pub kind: String,
    pub format: String,
    pub status: String,
    pub title: String,
    pub agenda: String,
    pub minutes: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_city: Option<String>,
    pub venue_directions: Option<String>,
    pub venue_latitude: Option<f64>,
    pub venue_longitude: Option<f64>,
    pub host_organization_id: Option<String>,
    pub working_group_id: Option<String>,
    pub capacity: Option<i32>,
    pub rsvp_deadline: Option<NaiveDateTime>,
    pub sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A body or group a meeting points to: its slug and name.
pub type Link = (String, String);

/// A meeting with the names of its host and working group.
#[derive(Debug, Clone)]
pub struct MeetingListing {
    pub meeting: Meeting,
    pub host: Option<Link>,
    pub working_group: Option<Link>,
}

/// Which meetings a list holds.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    /// Only the meeting with this id.
    pub id: Option<String>,
    /// Only meetings that end after this instant.
    pub ending_after: Option<NaiveDateTime>,
    /// Only meetings that ended before this instant (newest first then).
    pub ended_before: Option<NaiveDateTime>,
    /// Only this working group's sessions.
    pub working_group_id: Option<String>,
    /// Only meetings this body hosts.
    pub host_organization_id: Option<String>,
    /// Drafts too (for organizers).
    pub include_drafts: bool,
    /// At most this many.
    pub limit: Option<i64>,
}

/// Meetings in start order (newest first for past ones).
pub fn list(conn: &mut DbConn, filter: &MeetingFilter) -> Result<Vec<MeetingListing>, AppError> {
    let mut query = meetings::table
        .left_join(organizations::table)
        .left_join(working_groups::table)
        .select((
            Meeting::as_select(),
            (organizations::slug, organizations::name).nullable(),
            (working_groups::slug, working_groups::name).nullable(),
        ))
        .into_boxed();
    if !filter.include_drafts {
        query = query.filter(meetings::status.ne(code(MeetingStatus::Draft)));
    }
    if let Some(id) = &filter.id {
        query = query.filter(meetings::id.eq(id.clone()));
    }
    if let Some(after) = filter.ending_after {
        query = query.filter(meetings::ends_at.gt(after));
    }
    if let Some(group) = &filter.working_group_id {
        query = query.filter(meetings::working_group_id.eq(group.clone()));
    }
    if let Some(host) = &filter.host_organization_id {
        query = query.filter(meetings::host_organization_id.eq(host.clone()));
    }
    query = match filter.ended_before {
        Some(before) => query
            .filter(meetings::ends_at.le(before))
            .order((meetings::starts_at.desc(), meetings::id.desc())),
        None => query.order((meetings::starts_at.asc(), meetings::id.asc())),
    };
    if let Some(limit) = filter.limit {
        query = query.limit(limit);
    }
    let rows: Vec<(Meeting, Option<Link>, Option<Link>)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(meeting, host, working_group)| MeetingListing {
            meeting,
            host,
            working_group,
        })
        .collect())
}

/// One meeting with its host and group, whatever its status.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<MeetingListing>, AppError> {
    let filter = MeetingFilter {
        id: Some(id.to_owned()),
        include_drafts: true,
        ..MeetingFilter::default()
    };
    Ok(list(conn, &filter)?.pop())
}

/// Whether a meeting with this id exists.
pub fn exists(conn: &mut DbConn, id: &str) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        meetings::table.filter(meetings::id.eq(id)),
    ))
    .get_result(conn)?)
}

/// Adds a meeting.
pub fn insert(conn: &mut DbConn, form: &MeetingInsertForm) -> Result<(), AppError> {
    diesel::insert_into(meetings::table)
        .values(form)
        .execute(conn)?;
    Ok(())
}
