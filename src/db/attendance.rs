//! Who came to a meeting, as its organizers recorded it, and the people a
//! sheet may name: those who answered and those who went through the join
//! gateway.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::rsvps::Body;
use crate::db::schema::{meeting_attendance, meeting_joins, organizations, people, rsvps};
use crate::domain::error::AppError;

/// One recorded line.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = meeting_attendance)]
pub struct AttendanceRow {
    pub meeting_id: String,
    pub person_id: String,
    pub status: String,
    pub walk_in: bool,
    pub recorded_by: Option<String>,
    pub recorded_at: NaiveDateTime,
}

/// Someone a meeting's sheet names, with what is known of them.
#[derive(Debug, Clone)]
pub struct SheetLine {
    pub person_id: String,
    pub name: String,
    pub email: String,
    pub body: Option<Body>,
    /// Their answer (`yes`, `maybe`, `no`), attendance and whether they
    /// agreed to be named publicly, if they answered.
    pub answer: Option<(String, String, bool)>,
    /// Their first pass through the join gateway.
    pub joined_at: Option<NaiveDateTime>,
    /// What the organizers recorded.
    pub recorded: Option<AttendanceRow>,
}

type PersonCols = (String, String, String, Option<Body>);

/// The columns of a person and their body.
type PersonSelect = (
    people::id,
    people::name,
    people::email,
    diesel::dsl::Nullable<(
        organizations::id,
        organizations::slug,
        organizations::name,
        organizations::club_status,
    )>,
);

fn person_cols() -> PersonSelect {
    (
        people::id,
        people::name,
        people::email,
        (
            organizations::id,
            organizations::slug,
            organizations::name,
            organizations::club_status,
        )
            .nullable(),
    )
}

/// Everyone the sheet names: answers (in answer order), then people who
/// only went through the gateway, then walk-ins; each once.
pub fn sheet(conn: &mut DbConn, meeting_id: &str) -> Result<Vec<SheetLine>, AppError> {
    let answered: Vec<(PersonCols, (String, String, bool))> = rsvps::table
        .inner_join(people::table.left_join(organizations::table))
        .filter(rsvps::meeting_id.eq(meeting_id))
        .order((rsvps::created_at.asc(), rsvps::id.asc()))
        .select((
            person_cols(),
            (rsvps::answer, rsvps::attendance, rsvps::listed),
        ))
        .load(conn)?;
    let joins: Vec<(String, NaiveDateTime)> = meeting_joins::table
        .filter(meeting_joins::meeting_id.eq(meeting_id))
        .group_by(meeting_joins::person_id)
        .select((
            meeting_joins::person_id,
            diesel::dsl::min(meeting_joins::joined_at).assume_not_null(),
        ))
        .order(diesel::dsl::min(meeting_joins::joined_at).asc())
        .load(conn)?;
    let recorded = recorded(conn, meeting_id)?;
    let mut lines: Vec<SheetLine> = answered
        .into_iter()
        .map(|((person_id, name, email, body), answer)| SheetLine {
            person_id,
            name,
            email,
            body,
            answer: Some(answer),
            joined_at: None,
            recorded: None,
        })
        .collect();
    let mut others: Vec<String> = joins
        .iter()
        .map(|(p, _)| p.clone())
        .chain(recorded.iter().map(|r| r.person_id.clone()))
        .filter(|p| !lines.iter().any(|l| &l.person_id == p))
        .collect();
    others.dedup();
    if !others.is_empty() {
        let found: Vec<PersonCols> = people::table
            .left_join(organizations::table)
            .filter(people::id.eq_any(&others))
            .select(person_cols())
            .load(conn)?;
        for id in &others {
            if lines.iter().any(|l| &l.person_id == id) {
                continue;
            }
            if let Some((person_id, name, email, body)) =
                found.iter().find(|(p, ..)| p == id).cloned()
            {
                lines.push(SheetLine {
                    person_id,
                    name,
                    email,
                    body,
                    answer: None,
                    joined_at: None,
                    recorded: None,
                });
            }
        }
    }
    for line in &mut lines {
        line.joined_at = joins
            .iter()
            .find(|(p, _)| p == &line.person_id)
            .map(|(_, at)| *at);
        line.recorded = recorded
            .iter()
            .find(|r| r.person_id == line.person_id)
            .cloned();
    }
    Ok(lines)
}

/// What the organizers recorded for a meeting.
pub fn recorded(conn: &mut DbConn, meeting_id: &str) -> Result<Vec<AttendanceRow>, AppError> {
    Ok(meeting_attendance::table
        .filter(meeting_attendance::meeting_id.eq(meeting_id))
        .select(AttendanceRow::as_select())
        .order(meeting_attendance::recorded_at.asc())
        .load(conn)?)
}

/// Replaces the recorded sheet of a meeting with `rows` (checked by the
/// caller), in the caller's transaction.
pub fn replace(
    conn: &mut DbConn,
    meeting_id: &str,
    rows: &[AttendanceRow],
) -> Result<(), AppError> {
    diesel::delete(meeting_attendance::table.filter(meeting_attendance::meeting_id.eq(meeting_id)))
        .execute(conn)?;
    for row in rows {
        diesel::insert_into(meeting_attendance::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
