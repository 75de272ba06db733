//! A meeting's minutes: the organizers' draft, and when it was published and
//! mailed. The published text itself is `meetings.minutes`, which every
//! reader of a meeting already reads.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::people::Person;
use crate::db::schema::{
    meeting_attendance, meeting_minutes, meetings, people, rsvps, working_group_followers,
};
use crate::domain::error::AppError;

/// The minutes' row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = meeting_minutes)]
pub struct MinutesRow {
    pub meeting_id: String,
    pub draft: String,
    pub published_at: Option<NaiveDateTime>,
    pub published_by: Option<String>,
    pub mailings: i32,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<String>,
}

/// The minutes' row of a meeting, if anything was written.
pub fn find(conn: &mut DbConn, meeting_id: &str) -> Result<Option<MinutesRow>, AppError> {
    Ok(meeting_minutes::table
        .find(meeting_id)
        .select(MinutesRow::as_select())
        .first(conn)
        .optional()?)
}

/// Holds the meeting's row until the transaction ends (PostgreSQL; SQLite's
/// immediate transaction already serialises writers), so two organizers
/// saving or publishing at once take turns.
fn lock_meeting(conn: &mut DbConn, meeting_id: &str) -> Result<(), AppError> {
    let found = diesel::update(meetings::table.find(meeting_id))
        .set(meetings::id.eq(meetings::id))
        .execute(conn)?;
    if found == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Writes the draft (published minutes stay as they were).
pub fn save_draft(
    conn: &mut DbConn,
    meeting_id: &str,
    text: &str,
    by: &str,
) -> Result<MinutesRow, AppError> {
    lock_meeting(conn, meeting_id)?;
    let now = crate::db::now();
    let changed = diesel::update(meeting_minutes::table.find(meeting_id))
        .set((
            meeting_minutes::draft.eq(text),
            meeting_minutes::updated_at.eq(now),
            meeting_minutes::updated_by.eq(by),
        ))
        .execute(conn)?;
    if changed == 0 {
        let published: String = meetings::table
            .find(meeting_id)
            .select(meetings::minutes)
            .first(conn)?;
        diesel::insert_into(meeting_minutes::table)
            .values(&MinutesRow {
                meeting_id: meeting_id.to_owned(),
                draft: text.to_owned(),
                // minutes stored before drafts existed count as published
                published_at: (!published.is_empty()).then_some(now),
                published_by: None,
                mailings: 0,
                updated_at: now,
                updated_by: Some(by.to_owned()),
            })
            .execute(conn)?;
    }
    find(conn, meeting_id)?.ok_or(AppError::NotFound)
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub row: MinutesRow,
    /// The mailing this publication starts (1 for the first), when it
    /// mails: the first publication, or a later one the organizer asked to
    /// mail again.
    pub mailing: Option<i32>,
}

/// Publishes the draft: it becomes the meeting's minutes. `None` when there
/// is no draft to publish.
pub fn publish(
    conn: &mut DbConn,
    meeting_id: &str,
    by: &str,
    mail_again: bool,
) -> Result<Option<Published>, AppError> {
    lock_meeting(conn, meeting_id)?;
    let Some(row) = find(conn, meeting_id)? else {
        return Ok(None);
    };
    if row.draft.trim().is_empty() {
        return Ok(None);
    }
    let mailing = (row.mailings == 0 || mail_again).then_some(row.mailings + 1);
    diesel::update(meetings::table.find(meeting_id))
        .set(meetings::minutes.eq(&row.draft))
        .execute(conn)?;
    diesel::update(meeting_minutes::table.find(meeting_id))
        .set((
            meeting_minutes::published_at.eq(crate::db::now()),
            meeting_minutes::published_by.eq(by),
            meeting_minutes::mailings.eq(mailing.unwrap_or(row.mailings)),
        ))
        .execute(conn)?;
    let row = find(conn, meeting_id)?.ok_or(AppError::NotFound)?;
    Ok(Some(Published { row, mailing }))
}

/// Stores minutes as already published and mailed (the demo's past
/// meetings): no mail follows.
pub fn insert_published(
    conn: &mut DbConn,
    meeting_id: &str,
    text: &str,
    published_at: NaiveDateTime,
    by: Option<&str>,
) -> Result<(), AppError> {
    if find(conn, meeting_id)?.is_some() {
        return Ok(());
    }
    diesel::update(meetings::table.find(meeting_id))
        .set(meetings::minutes.eq(text))
        .execute(conn)?;
    diesel::insert_into(meeting_minutes::table)
        .values(&MinutesRow {
            meeting_id: meeting_id.to_owned(),
            draft: text.to_owned(),
            published_at: Some(published_at),
            published_by: by.map(str::to_owned),
            mailings: 1,
            updated_at: published_at,
            updated_by: by.map(str::to_owned),
        })
        .execute(conn)?;
    Ok(())
}

/// Whom published minutes are mailed to, each once, by name: those who
/// answered yes or maybe, those recorded present, and the followers of the
/// meeting's working group.
pub fn recipients(
    conn: &mut DbConn,
    meeting_id: &str,
    working_group_id: Option<&str>,
) -> Result<Vec<Person>, AppError> {
    let mut ids: Vec<String> = rsvps::table
        .filter(rsvps::meeting_id.eq(meeting_id))
        .filter(rsvps::answer.eq_any(["yes", "maybe"]))
        .select(rsvps::person_id)
        .load(conn)?;
    ids.extend(
        meeting_attendance::table
            .filter(meeting_attendance::meeting_id.eq(meeting_id))
            .filter(meeting_attendance::status.eq_any(["in_person", "remote"]))
            .select(meeting_attendance::person_id)
            .load::<String>(conn)?,
    );
    if let Some(group) = working_group_id {
        ids.extend(
            working_group_followers::table
                .filter(working_group_followers::working_group_id.eq(group))
                .select(working_group_followers::person_id)
                .load::<String>(conn)?,
        );
    }
    ids.sort();
    ids.dedup();
    Ok(people::table
        .filter(people::id.eq_any(&ids))
        .select(Person::as_select())
        .order((people::name.asc(), people::id.asc()))
        .load(conn)?)
}
