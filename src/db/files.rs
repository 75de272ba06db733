//! Files attached to meetings (`meeting_files`): their bytes are in the
//! database so every instance serves them. Lists never read the bytes;
//! a download reads one row.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{meeting_attendance, meeting_files, rsvps};
use crate::domain::error::AppError;

/// A stored file, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = meeting_files)]
pub struct MeetingFile {
    pub id: String,
    pub meeting_id: String,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub visibility: String,
    pub uploaded_by: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A new file, with its bytes.
#[derive(Debug, Insertable)]
#[diesel(table_name = meeting_files)]
pub struct MeetingFileInsertForm<'a> {
    pub id: &'a str,
    pub meeting_id: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub visibility: &'a str,
    pub bytes: &'a [u8],
    pub uploaded_by: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// Stores a file; returns it without its bytes.
pub fn insert(
    conn: &mut DbConn,
    form: &MeetingFileInsertForm<'_>,
) -> Result<MeetingFile, AppError> {
    diesel::insert_into(meeting_files::table)
        .values(form)
        .execute(conn)?;
    find(conn, form.meeting_id, form.id)?.ok_or(AppError::NotFound)
}

/// A meeting's files, oldest first, without their bytes.
pub fn list(conn: &mut DbConn, meeting_id: &str) -> Result<Vec<MeetingFile>, AppError> {
    Ok(meeting_files::table
        .filter(meeting_files::meeting_id.eq(meeting_id))
        .order((meeting_files::created_at.asc(), meeting_files::id.asc()))
        .select(MeetingFile::as_select())
        .load(conn)?)
}

/// One file of a meeting, without its bytes.
pub fn find(
    conn: &mut DbConn,
    meeting_id: &str,
    file_id: &str,
) -> Result<Option<MeetingFile>, AppError> {
    Ok(meeting_files::table
        .filter(meeting_files::id.eq(file_id))
        .filter(meeting_files::meeting_id.eq(meeting_id))
        .select(MeetingFile::as_select())
        .first(conn)
        .optional()?)
}

/// One file of a meeting and its bytes.
pub fn find_with_bytes(
    conn: &mut DbConn,
    meeting_id: &str,
    file_id: &str,
) -> Result<Option<(MeetingFile, Vec<u8>)>, AppError> {
    Ok(meeting_files::table
        .filter(meeting_files::id.eq(file_id))
        .filter(meeting_files::meeting_id.eq(meeting_id))
        .select((MeetingFile::as_select(), meeting_files::bytes))
        .first(conn)
        .optional()?)
}

/// Removes one file of a meeting; whether there was one.
pub fn delete(conn: &mut DbConn, meeting_id: &str, file_id: &str) -> Result<bool, AppError> {
    let deleted = diesel::delete(
        meeting_files::table
            .filter(meeting_files::id.eq(file_id))
            .filter(meeting_files::meeting_id.eq(meeting_id)),
    )
    .execute(conn)?;
    Ok(deleted > 0)
}

/// Whether the person takes part in the meeting, for its files: an answer
/// yes or maybe (seated, waiting or tentative), or a line of its
/// attendance.
pub fn takes_part(conn: &mut DbConn, meeting_id: &str, person_id: &str) -> Result<bool, AppError> {
    let answered = rsvps::table
        .filter(rsvps::meeting_id.eq(meeting_id))
        .filter(rsvps::person_id.eq(person_id))
        .filter(rsvps::answer.eq_any(["yes", "maybe"]))
        .select(rsvps::person_id)
        .first::<String>(conn)
        .optional()?;
    if answered.is_some() {
        return Ok(true);
    }
    let recorded = meeting_attendance::table
        .filter(meeting_attendance::meeting_id.eq(meeting_id))
        .filter(meeting_attendance::person_id.eq(person_id))
        .select(meeting_attendance::person_id)
        .first::<String>(conn)
        .optional()?;
    Ok(recorded.is_some())
}
