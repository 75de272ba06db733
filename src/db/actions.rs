//! `action_items`: the items raised at meetings, with their owner's name
//! and their meeting, as lists read them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{action_items, meetings, organizations, people};
use crate::domain::actions::ActionState;
use crate::domain::error::AppError;
use crate::domain::{MeetingStatus, code};

/// One row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = action_items)]
pub struct ActionRow {
    pub id: String,
    pub meeting_id: String,
    pub text: String,
    pub owner_kind: String,
    pub owner_person_id: Option<String>,
    pub owner_organization_id: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub state: String,
    pub reminded_at: Option<NaiveDateTime>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_by: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// An item with its owner's name and its meeting, as pages and the API
/// show it.
#[derive(Debug, Clone)]
pub struct Item {
    pub row: ActionRow,
    /// The owner person's name and address.
    pub person: Option<(String, String)>,
    /// The owner body's slug and name.
    pub body: Option<(String, String)>,
    pub meeting_title: String,
    pub meeting_starts_at: NaiveDateTime,
    pub meeting_time_zone: String,
    pub meeting_status: String,
}

type ItemColumns = (
    ActionRow,
    Option<(String, String)>,
    Option<(String, String)>,
    (String, NaiveDateTime, String, String),
);

macro_rules! items {
    () => {
        action_items::table
            .inner_join(meetings::table)
            .left_join(people::table.on(people::id.nullable().eq(action_items::owner_person_id)))
            .left_join(
                organizations::table.on(organizations::id
                    .nullable()
                    .eq(action_items::owner_organization_id)),
            )
            .select((
                ActionRow::as_select(),
                (people::name, people::email).nullable(),
                (organizations::slug, organizations::name).nullable(),
                (
                    meetings::title,
                    meetings::starts_at,
                    meetings::time_zone,
                    meetings::status,
                ),
            ))
    };
}

fn item((row, person, body, (title, starts_at, zone, status)): ItemColumns) -> Item {
    Item {
        row,
        person,
        body,
        meeting_title: title,
        meeting_starts_at: starts_at,
        meeting_time_zone: zone,
        meeting_status: status,
    }
}

pub fn insert(conn: &mut DbConn, row: &ActionRow) -> Result<(), AppError> {
    diesel::insert_into(action_items::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<Item>, AppError> {
    let found: Option<ItemColumns> = items!()
        .filter(action_items::id.eq(id))
        .first(conn)
        .optional()?;
    Ok(found.map(item))
}

/// The items raised at a meeting, in the order they were raised.
pub fn of_meeting(conn: &mut DbConn, meeting_id: &str) -> Result<Vec<Item>, AppError> {
    let rows: Vec<ItemColumns> = items!()
        .filter(action_items::meeting_id.eq(meeting_id))
        .order((action_items::created_at.asc(), action_items::id.asc()))
        .load(conn)?;
    Ok(rows.into_iter().map(item).collect())
}

/// The open items raised at the working group's sessions that started
/// before `before` (oldest first, at most `limit`): they carry over to its
/// next sessions.
pub fn carried_over(
    conn: &mut DbConn,
    group_id: &str,
    before: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Item>, AppError> {
    let rows: Vec<ItemColumns> = items!()
        .filter(meetings::working_group_id.eq(group_id))
        .filter(meetings::starts_at.lt(before))
        .filter(action_items::state.eq(code(ActionState::Open)))
        .order((meetings::starts_at.asc(), action_items::created_at.asc()))
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(item).collect())
}

/// The open items of the club's meetings but drafts, soonest due first
/// (undated last), at most `limit`.
pub fn open(conn: &mut DbConn, limit: i64) -> Result<Vec<Item>, AppError> {
    let rows: Vec<ItemColumns> = items!()
        .filter(action_items::state.eq(code(ActionState::Open)))
        .filter(meetings::status.ne(code(MeetingStatus::Draft)))
        .order((
            action_items::due_on.is_null().asc(),
            action_items::due_on.asc(),
            action_items::created_at.asc(),
        ))
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(item).collect())
}

/// Changes an item's state; whether it changed.
pub fn set_state(
    conn: &mut DbConn,
    id: &str,
    state: ActionState,
    by: &str,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(action_items::table.find(id))
        .set((
            action_items::state.eq(code(state)),
            action_items::updated_by.eq(by),
            action_items::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// The open items due on or before `until` that were never reminded, with
/// their owner person's or body's id.
pub fn to_remind(conn: &mut DbConn, until: NaiveDate) -> Result<Vec<Item>, AppError> {
    let rows: Vec<ItemColumns> = items!()
        .filter(action_items::state.eq(code(ActionState::Open)))
        .filter(action_items::due_on.le(until))
        .filter(action_items::reminded_at.is_null())
        .order(action_items::due_on.asc())
        .limit(500)
        .load(conn)?;
    Ok(rows.into_iter().map(item).collect())
}

/// Marks an item reminded, if no one did; whether this call did.
pub fn claim_reminder(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> Result<bool, AppError> {
    let n = diesel::update(
        action_items::table
            .find(id)
            .filter(action_items::reminded_at.is_null()),
    )
    .set(action_items::reminded_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}
