//! What a year's report counts, loaded in six queries. Every query but the
//! bodies' reads only the meetings held in the window (a range of the
//! indexed `meetings.starts_at`) and their own answers and sheets, so a
//! report costs what its year holds, never the club's whole history.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    host_proposals, hosting_calls, meeting_attendance, meetings, organizations, people, rsvps,
    working_group_followers, working_groups,
};
use crate::domain::error::AppError;
use crate::domain::reports::{AnswerFact, BodyFact, Held, PresenceFact, YearFacts};
use crate::domain::time::utc;
use crate::domain::{MeetingStatus, ProposalState, code, decode};

/// The meetings held between `from` and `until` (UTC, `until` excluded):
/// scheduled ones, neither drafts nor cancelled.
macro_rules! held_between {
    ($from:expr, $until:expr) => {
        meetings::starts_at
            .ge($from)
            .and(meetings::starts_at.lt($until))
            .and(meetings::status.eq(code(MeetingStatus::Scheduled)))
    };
}

/// A held meeting as read: id, title, kind, start, zone, group.
type HeldRow = (
    String,
    String,
    String,
    NaiveDateTime,
    String,
    Option<(String, String)>,
);

/// Everything the report of the meetings held between `from` and `until`
/// counts, and the proposals to host the spring plenary of `year`.
pub fn year_facts(
    conn: &mut DbConn,
    year: i32,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<YearFacts, AppError> {
    let held: Vec<HeldRow> = meetings::table
        .left_join(working_groups::table)
        .filter(held_between!(from, until))
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .select((
            meetings::id,
            meetings::title,
            meetings::kind,
            meetings::starts_at,
            meetings::time_zone,
            (working_groups::slug, working_groups::name).nullable(),
        ))
        .load(conn)?;
    let meetings = held
        .into_iter()
        .map(|(id, title, kind, starts_at, time_zone, group)| {
            Ok(Held {
                id,
                title,
                kind: decode(&kind)?,
                starts_at: utc(starts_at),
                time_zone,
                group,
            })
        })
        .collect::<Result<_, AppError>>()?;

    let answered: Vec<(String, String, String, String)> = rsvps::table
        .inner_join(meetings::table)
        .filter(held_between!(from, until))
        .select((
            rsvps::meeting_id,
            rsvps::person_id,
            rsvps::answer,
            rsvps::state,
        ))
        .load(conn)?;
    let answers = answered
        .into_iter()
        .map(|(meeting_id, person_id, answer, state)| {
            Ok(AnswerFact {
                meeting_id,
                person_id,
                answer: decode(&answer)?,
                state: decode(&state)?,
            })
        })
        .collect::<Result<_, AppError>>()?;

    let sheets: Vec<(String, String, Option<String>, String)> = meeting_attendance::table
        .inner_join(meetings::table)
        .inner_join(people::table)
        .filter(held_between!(from, until))
        .select((
            meeting_attendance::meeting_id,
            meeting_attendance::person_id,
            people::organization_id,
            meeting_attendance::status,
        ))
        .load(conn)?;
    let presences = sheets
        .into_iter()
        .map(|(meeting_id, person_id, body_id, status)| {
            Ok(PresenceFact {
                meeting_id,
                person_id,
                body_id,
                presence: decode(&status)?,
            })
        })
        .collect::<Result<_, AppError>>()?;

    Ok(YearFacts {
        meetings,
        answers,
        presences,
        bodies: bodies(conn)?,
        proposals: proposals(conn, year)?,
    })
}

/// Every body, in name order, with how many groups its people follow.
fn bodies(conn: &mut DbConn) -> Result<Vec<BodyFact>, AppError> {
    let all: Vec<(String, String, String)> = organizations::table
        .order((organizations::name.asc(), organizations::id.asc()))
        .select((organizations::id, organizations::slug, organizations::name))
        .load(conn)?;
    let followed: Vec<(Option<String>, String)> = working_group_followers::table
        .inner_join(people::table)
        .filter(people::organization_id.is_not_null())
        .select((
            people::organization_id,
            working_group_followers::working_group_id,
        ))
        .distinct()
        .load(conn)?;
    let mut groups_followed: HashMap<String, usize> = HashMap::new();
    for (body, _) in followed {
        *groups_followed.entry(body.unwrap_or_default()).or_default() += 1;
    }
    Ok(all
        .into_iter()
        .map(|(id, slug, name)| BodyFact {
            groups_followed: groups_followed.get(&id).copied().unwrap_or_default(),
            id,
            slug,
            name,
        })
        .collect())
}

/// The body of each proposal, not withdrawn, to host the spring plenary of
/// `year`.
fn proposals(conn: &mut DbConn, year: i32) -> Result<Vec<String>, AppError> {
    Ok(host_proposals::table
        .inner_join(hosting_calls::table)
        .filter(hosting_calls::year.eq(year))
        .filter(host_proposals::state.ne(code(ProposalState::Withdrawn)))
        .select(host_proposals::organization_id)
        .load(conn)?)
}

/// What a body's page counts, as read.
#[derive(Debug, Clone)]
pub struct BodyFacts {
    /// Its people's attendance lines: meeting, its start (UTC), status.
    pub presences: Vec<(String, NaiveDateTime, String)>,
    /// The plenary year of each of its proposals, not withdrawn.
    pub proposals: Vec<i32>,
    /// The groups its people follow today.
    pub groups_followed: usize,
}

/// A body's attendance lines at the meetings held between `from` and
/// `until`, its proposals for the plenaries of `years`, and the groups its
/// people follow.
pub fn body_facts(
    conn: &mut DbConn,
    body_id: &str,
    years: std::ops::RangeInclusive<i32>,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<BodyFacts, AppError> {
    let presences = meeting_attendance::table
        .inner_join(meetings::table)
        .inner_join(people::table)
        .filter(held_between!(from, until))
        .filter(people::organization_id.eq(body_id))
        .select((
            meeting_attendance::meeting_id,
            meetings::starts_at,
            meeting_attendance::status,
        ))
        .load(conn)?;
    let proposals = host_proposals::table
        .inner_join(hosting_calls::table)
        .filter(host_proposals::organization_id.eq(body_id))
        .filter(hosting_calls::year.between(*years.start(), *years.end()))
        .filter(host_proposals::state.ne(code(ProposalState::Withdrawn)))
        .select(hosting_calls::year)
        .load(conn)?;
    let groups: Vec<String> = working_group_followers::table
        .inner_join(people::table)
        .filter(people::organization_id.eq(body_id))
        .select(working_group_followers::working_group_id)
        .distinct()
        .load(conn)?;
    Ok(BodyFacts {
        presences,
        proposals,
        groups_followed: groups.len(),
    })
}
