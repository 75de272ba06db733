//! Meetings of the three kinds.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    meetings, organizations, people, rsvps, working_group_followers, working_groups,
};
use crate::domain::error::{AppError, FieldProblem, Problem, Refusal};
use crate::domain::meetings::{CheckedMeeting, max_length};
use crate::domain::rsvps::Answer;
use crate::domain::{MeetingStatus, code};

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
    pub series_id: Option<String>,
    pub series_date: Option<chrono::NaiveDate>,
    pub series_detached: bool,
    pub remote_capacity: Option<i32>,
    pub organization_quota: Option<i32>,
    pub approval_required: bool,
    pub rsvp_version: i32,
    pub waitlist_counter: i32,
    pub asks_lunch: bool,
}

/// The columns an organizer writes, from a checked meeting: what creating
/// inserts and editing sets.
#[derive(Debug, Clone, Default, Insertable, AsChangeset)]
#[diesel(table_name = meetings, treat_none_as_null = true)]
pub struct MeetingFields {
    pub kind: String,
    pub format: String,
    pub status: String,
    pub title: String,
    pub agenda: String,
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
    pub remote_capacity: Option<i32>,
    pub organization_quota: Option<i32>,
    pub approval_required: bool,
    pub asks_lunch: bool,
    pub rsvp_deadline: Option<NaiveDateTime>,
}

impl MeetingFields {
    /// The columns of a checked meeting, its body and group given by id.
    pub fn from_checked(
        checked: &CheckedMeeting,
        host_organization_id: Option<String>,
        working_group_id: Option<String>,
    ) -> Self {
        Self {
            kind: code(checked.kind).to_owned(),
            format: code(checked.format).to_owned(),
            status: code(checked.status).to_owned(),
            title: checked.title.clone(),
            agenda: checked.agenda.clone(),
            starts_at: checked.starts_at.naive_utc(),
            ends_at: checked.ends_at.naive_utc(),
            time_zone: checked.zone.name().to_owned(),
            venue_name: checked.venue_name.clone(),
            venue_address: checked.venue_address.clone(),
            venue_city: checked.venue_city.clone(),
            venue_directions: checked.venue_directions.clone(),
            venue_latitude: checked.venue_geo.map(|(lat, _)| lat),
            venue_longitude: checked.venue_geo.map(|(_, lon)| lon),
            host_organization_id,
            working_group_id,
            capacity: checked.capacity,
            remote_capacity: checked.remote_capacity,
            organization_quota: checked.organization_quota,
            approval_required: checked.approval_required,
            asks_lunch: checked.asks_lunch,
            rsvp_deadline: checked.rsvp_deadline.map(|d| d.naive_utc()),
        }
    }
}

/// A new meeting: its fields, no minutes yet, sequence 0.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = meetings)]
pub struct MeetingInsertForm {
    pub id: String,
    #[diesel(embed)]
    pub fields: MeetingFields,
    pub minutes: String,
    pub sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl MeetingInsertForm {
    /// A meeting created now.
    pub fn new(id: String, fields: MeetingFields) -> Self {
        let now = super::now();
        Self {
            id,
            fields,
            minutes: String::new(),
            sequence: 0,
            created_at: now,
            updated_at: now,
        }
    }
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
    /// Only meetings that end after this instant (so started less than
    /// the longest meeting before it).
    pub ending_after: Option<NaiveDateTime>,
    /// Only meetings that start before this instant.
    pub starting_before: Option<NaiveDateTime>,
    /// Only meetings that ended before this instant (newest first then).
    pub ended_before: Option<NaiveDateTime>,
    /// Only this working group's sessions.
    pub working_group_id: Option<String>,
    /// Only meetings this body hosts.
    pub host_organization_id: Option<String>,
    /// Only meetings of this kind.
    pub kind: Option<String>,
    /// Drafts too (for organizers).
    pub include_drafts: bool,
    /// Only this series' sessions.
    pub series_id: Option<String>,
    /// Only meetings after this (start, id), in start order: a page's cursor.
    pub after: Option<(NaiveDateTime, String)>,
    /// Only meetings before this (start, id), newest first: a page's cursor
    /// in a list of past meetings.
    pub before: Option<(NaiveDateTime, String)>,
    /// At most this many.
    pub limit: Option<i64>,
    /// Only the meetings someone takes part in.
    pub taken_part_by: Option<Participant>,
}

/// Who takes part in a meeting, for the feeds that follow them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Participant {
    /// A person: meetings they answered yes or maybe to, and sessions of the
    /// groups they follow.
    Person(String),
    /// A body: meetings it hosts, or that its people answered yes or maybe to.
    Body(String),
}

/// Meetings in start order (newest first for past ones).
///
/// Every bound is also a range of `starts_at`, so the query reads an index
/// range, never the club's whole history: a meeting ending after an instant
/// started at most [`max_length`] before it, one that ended before it
/// started before it.
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
        query = query.filter(meetings::ends_at.gt(after)).filter(
            meetings::starts_at.gt(after
                .checked_sub_signed(max_length())
                .unwrap_or(NaiveDateTime::MIN)),
        );
    }
    if let Some(before) = filter.starting_before {
        query = query.filter(meetings::starts_at.lt(before));
    }
    if let Some(series) = &filter.series_id {
        query = query.filter(meetings::series_id.eq(series.clone()));
    }
    if let Some(group) = &filter.working_group_id {
        query = query.filter(meetings::working_group_id.eq(group.clone()));
    }
    if let Some(host) = &filter.host_organization_id {
        query = query.filter(meetings::host_organization_id.eq(host.clone()));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(meetings::kind.eq(kind.clone()));
    }
    let coming = [code(Answer::Yes), code(Answer::Maybe)];
    match &filter.taken_part_by {
        Some(Participant::Person(person)) => {
            let answered = rsvps::table
                .filter(rsvps::person_id.eq(person.clone()))
                .filter(rsvps::answer.eq_any(coming))
                .select(rsvps::meeting_id);
            let followed = working_group_followers::table
                .filter(working_group_followers::person_id.eq(person.clone()))
                .select(working_group_followers::working_group_id.nullable());
            query = query.filter(
                meetings::id
                    .eq_any(answered)
                    .or(meetings::working_group_id.eq_any(followed)),
            );
        }
        Some(Participant::Body(body)) => {
            let answered = rsvps::table
                .inner_join(people::table)
                .filter(people::organization_id.eq(body.clone()))
                .filter(rsvps::answer.eq_any(coming))
                .select(rsvps::meeting_id);
            query = query.filter(
                meetings::id
                    .eq_any(answered)
                    .or(meetings::host_organization_id.eq(body.clone())),
            );
        }
        None => {}
    }
    // the first comparison bounds the index range, the second breaks ties
    if let Some((at, id)) = &filter.after {
        query = query
            .filter(meetings::starts_at.ge(*at))
            .filter(meetings::starts_at.gt(*at).or(meetings::id.gt(id.clone())));
    }
    if let Some((at, id)) = &filter.before {
        query = query
            .filter(meetings::starts_at.le(*at))
            .filter(meetings::starts_at.lt(*at).or(meetings::id.lt(id.clone())));
    }
    query = match filter.ended_before {
        Some(before) => query
            .filter(meetings::ends_at.le(before))
            .filter(meetings::starts_at.lt(before))
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

/// The first `size` meetings of a list, and whether more follow (one more
/// is read to know).
pub fn first(conn: &mut DbConn, filter: MeetingFilter, size: i64) -> Result<FirstOf, AppError> {
    let mut listings = list(
        conn,
        &MeetingFilter {
            limit: Some(size + 1),
            ..filter
        },
    )?;
    let more = listings.len() > usize::try_from(size).unwrap_or(usize::MAX);
    listings.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    Ok((listings, more))
}

/// The first meetings of a list, and whether more follow.
pub type FirstOf = (Vec<MeetingListing>, bool);

/// The first `coming` meetings of `filter` that end after `now`, and the
/// last `past` that ended before it, each with whether more follow: what a
/// group's or a body's page shows.
pub fn around(
    conn: &mut DbConn,
    filter: &MeetingFilter,
    now: NaiveDateTime,
    (coming, past): (i64, i64),
) -> Result<(FirstOf, FirstOf), AppError> {
    let upcoming = first(
        conn,
        MeetingFilter {
            ending_after: Some(now),
            ..filter.clone()
        },
        coming,
    )?;
    let ended = first(
        conn,
        MeetingFilter {
            ended_before: Some(now),
            ..filter.clone()
        },
        past,
    )?;
    Ok((upcoming, ended))
}

impl MeetingListing {
    /// Where a list continues after this meeting: its start (microseconds
    /// since 1970) and id, as `parse_cursor` reads it.
    pub fn cursor(&self) -> String {
        format!(
            "{}_{}",
            self.meeting.starts_at.and_utc().timestamp_micros(),
            self.meeting.id
        )
    }
}

/// The start and id a cursor names; `None` when it does not read.
pub fn parse_cursor(cursor: &str) -> Option<(NaiveDateTime, String)> {
    let (micros, id) = cursor.split_once('_')?;
    let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
    Some((at, id.to_owned()))
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

/// The ids of the body and group a checked meeting names by slug; an
/// unknown slug is a field error.
fn links(
    conn: &mut DbConn,
    checked: &CheckedMeeting,
) -> Result<(Option<String>, Option<String>), AppError> {
    let mut errors = Vec::new();
    let host = match &checked.host_organization {
        Some(slug) => {
            let found = super::organizations::find_by_slug(conn, slug)?.map(|o| o.id);
            if found.is_none() {
                errors.push(FieldProblem::new(
                    "host_organization",
                    Problem::UnknownBody { slug: slug.clone() },
                ));
            }
            found
        }
        None => None,
    };
    let group = match &checked.working_group {
        Some(slug) => {
            let found = super::working_groups::find_by_slug(conn, slug)?.map(|g| g.id);
            if found.is_none() {
                errors.push(FieldProblem::new(
                    "working_group",
                    Problem::UnknownGroup { slug: slug.clone() },
                ));
            }
            found
        }
        None => None,
    };
    if errors.is_empty() {
        Ok((host, group))
    } else {
        Err(AppError::Refused(Refusal::Invalid(errors)))
    }
}

/// The working group id a checked meeting names, for the role check before
/// writing.
pub fn working_group_id(
    conn: &mut DbConn,
    checked: &CheckedMeeting,
) -> Result<Option<String>, AppError> {
    Ok(links(conn, checked)?.1)
}

/// Creates a meeting; returns its id.
pub fn create(conn: &mut DbConn, checked: &CheckedMeeting) -> Result<String, AppError> {
    let form = new_form(conn, super::new_id(), checked)?;
    insert(conn, &form)?;
    super::rooms::set(conn, &form.id, &checked.video)?;
    Ok(form.id)
}

/// The row `create` inserts for a checked meeting, under `id`; an unknown
/// body or group slug is a field error.
pub fn new_form(
    conn: &mut DbConn,
    id: String,
    checked: &CheckedMeeting,
) -> Result<MeetingInsertForm, AppError> {
    let (host, group) = links(conn, checked)?;
    Ok(MeetingInsertForm::new(
        id,
        MeetingFields::from_checked(checked, host, group),
    ))
}

/// Whether a calendar must see the change from `old` to `new` (time, place,
/// status, title, format): then the sequence goes up.
fn calendar_must_see(old: &Meeting, new: &MeetingFields) -> bool {
    old.title != new.title
        || old.status != new.status
        || old.format != new.format
        || old.starts_at != new.starts_at
        || old.ends_at != new.ends_at
        || old.time_zone != new.time_zone
        || old.venue_name != new.venue_name
        || old.venue_address != new.venue_address
        || old.venue_city != new.venue_city
        || old.venue_directions != new.venue_directions
        || old.venue_latitude != new.venue_latitude
        || old.venue_longitude != new.venue_longitude
}

/// Replaces a meeting's fields; the sequence goes up when a calendar must
/// see the change. Returns whether it did. Call it in a write transaction.
pub fn update(conn: &mut DbConn, id: &str, checked: &CheckedMeeting) -> Result<bool, AppError> {
    let old = find(conn, id)?.ok_or(AppError::NotFound)?.meeting;
    let (host, group) = links(conn, checked)?;
    let change = MeetingFields::from_checked(checked, host, group);
    // a new room keeps the gateway's link: calendars need not hear of it
    super::rooms::set(conn, id, &checked.video)?;
    let seen = calendar_must_see(&old, &change);
    let (sequence, series_detached) = if seen {
        // moved by hand: re-planning its series leaves it alone
        (old.sequence + 1, old.series_id.is_some())
    } else {
        (old.sequence, old.series_detached)
    };
    diesel::update(meetings::table.find(&old.id))
        .set((
            &change,
            meetings::sequence.eq(sequence),
            meetings::updated_at.eq(super::now()),
            meetings::series_detached.eq(series_detached),
        ))
        .execute(conn)?;
    Ok(seen)
}

/// Cancels a meeting (kept, so calendars remove it); cancelling twice
/// changes nothing. Returns whether it was cancelled now.
pub fn cancel(conn: &mut DbConn, id: &str) -> Result<bool, AppError> {
    let old = find(conn, id)?.ok_or(AppError::NotFound)?.meeting;
    let cancelled = code(MeetingStatus::Cancelled);
    if old.status == cancelled {
        return Ok(false);
    }
    diesel::update(meetings::table.find(id))
        .set((
            meetings::status.eq(cancelled),
            meetings::sequence.eq(old.sequence + 1),
            meetings::updated_at.eq(super::now()),
            meetings::series_detached.eq(old.series_id.is_some()),
        ))
        .execute(conn)?;
    Ok(true)
}

/// A stored meeting (and its room) as the fields an organizer edits.
pub fn as_input(
    listing: &MeetingListing,
    room: Option<&super::rooms::Room>,
) -> crate::domain::meetings::MeetingInput {
    use crate::domain::meetings::format_local;
    let m = &listing.meeting;
    let zone =
        crate::domain::time::parse_zone(&m.time_zone).unwrap_or(crate::domain::time::DEFAULT_ZONE);
    crate::domain::meetings::MeetingInput {
        kind: m.kind.clone(),
        title: m.title.clone(),
        format: m.format.clone(),
        status: m.status.clone(),
        starts_at_local: format_local(m.starts_at.and_utc(), zone),
        ends_at_local: format_local(m.ends_at.and_utc(), zone),
        time_zone: m.time_zone.clone(),
        venue_name: m.venue_name.clone().unwrap_or_default(),
        venue_address: m.venue_address.clone().unwrap_or_default(),
        venue_city: m.venue_city.clone().unwrap_or_default(),
        venue_directions: m.venue_directions.clone().unwrap_or_default(),
        venue_latitude: m.venue_latitude.map(|d| d.to_string()).unwrap_or_default(),
        venue_longitude: m.venue_longitude.map(|d| d.to_string()).unwrap_or_default(),
        host_organization: listing
            .host
            .as_ref()
            .map(|(slug, _)| slug.clone())
            .unwrap_or_default(),
        working_group: listing
            .working_group
            .as_ref()
            .map(|(slug, _)| slug.clone())
            .unwrap_or_default(),
        capacity: m.capacity.map(|c| c.to_string()).unwrap_or_default(),
        remote_capacity: m.remote_capacity.map(|c| c.to_string()).unwrap_or_default(),
        organization_quota: m
            .organization_quota
            .map(|c| c.to_string())
            .unwrap_or_default(),
        approval_required: m.approval_required,
        asks_lunch: m.asks_lunch,
        video_provider: room.and_then(|r| r.provider.clone()).unwrap_or_default(),
        video_url: room.and_then(super::rooms::Room::url).unwrap_or_default(),
        dial_in_number: room
            .and_then(|r| r.dial_in_number.clone())
            .unwrap_or_default(),
        dial_in_pin: room.and_then(|r| r.dial_in_pin.clone()).unwrap_or_default(),
        rsvp_deadline_local: m
            .rsvp_deadline
            .map(|d| format_local(d.and_utc(), zone))
            .unwrap_or_default(),
        agenda: m.agenda.clone(),
    }
}
