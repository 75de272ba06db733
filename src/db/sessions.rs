//! Signed-in sessions: the SHA-256 of each cookie's token, whose it is and
//! until when it holds.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::sessions;
use crate::domain::error::AppError;

/// A session that still holds.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub person_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Records a new session.
pub fn create(
    conn: &mut DbConn,
    token_hash: &str,
    person_id: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::person_id.eq(person_id),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The session of this token, if it holds at `now`.
pub fn find(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<Session>, AppError> {
    Ok(sessions::table
        .find(token_hash)
        .filter(sessions::expires_at.gt(now))
        .select(Session::as_select())
        .first(conn)
        .optional()?)
}

/// Pushes a session's end back.
pub fn extend(
    conn: &mut DbConn,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(sessions::table.find(token_hash))
        .set(sessions::expires_at.eq(expires_at))
        .execute(conn)?;
    Ok(())
}

/// Ends one session.
pub fn end(conn: &mut DbConn, token_hash: &str) -> Result<(), AppError> {
    diesel::delete(sessions::table.find(token_hash)).execute(conn)?;
    Ok(())
}

/// Ends every session of a person; how many there were.
pub fn end_all(conn: &mut DbConn, person_id: &str) -> Result<usize, AppError> {
    Ok(diesel::delete(sessions::table.filter(sessions::person_id.eq(person_id))).execute(conn)?)
}

/// How many sessions of a person hold at `now`.
pub fn count(conn: &mut DbConn, person_id: &str, now: NaiveDateTime) -> Result<i64, AppError> {
    Ok(sessions::table
        .filter(sessions::person_id.eq(person_id))
        .filter(sessions::expires_at.gt(now))
        .count()
        .get_result(conn)?)
}

/// Forgets up to `limit` sessions over at `now`; how many.
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> Result<usize, AppError> {
    let over: Vec<String> = sessions::table
        .filter(sessions::expires_at.le(now))
        .select(sessions::token_hash)
        .limit(limit)
        .load(conn)?;
    Ok(diesel::delete(sessions::table.filter(sessions::token_hash.eq_any(&over))).execute(conn)?)
}
