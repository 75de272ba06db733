//! Date polls, their slots and answers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{date_poll_answers, date_poll_slots, date_polls, people};
use crate::domain::error::AppError;
use crate::domain::polls::{CheckedPoll, PollAnswer, PollState};
use crate::domain::{code, decode};

/// A date poll as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = date_polls)]
pub struct DatePoll {
    pub id: String,
    pub title: String,
    pub description: String,
    pub working_group_id: Option<String>,
    pub hosting_call_id: Option<String>,
    pub time_zone: String,
    pub format: String,
    pub video_provider: Option<String>,
    pub deadline: Option<NaiveDateTime>,
    pub hide_results: bool,
    pub state: String,
    pub chosen_slot: Option<i32>,
    pub meeting_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl DatePoll {
    /// Its state, decoded.
    pub fn state(&self) -> Result<PollState, AppError> {
        decode(&self.state)
    }
}

/// One candidate slot, in UTC.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = date_poll_slots)]
pub struct PollSlot {
    pub date_poll_id: String,
    pub position: i32,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// For a hosting call's poll: the proposal this date comes from.
    pub host_proposal_id: Option<String>,
    pub candidate_position: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = date_poll_answers)]
struct AnswerRow {
    date_poll_id: String,
    slot_position: i32,
    person_id: String,
    answer: String,
    updated_at: NaiveDateTime,
}

/// One person's answer to one slot, with their name.
#[derive(Debug, Clone)]
pub struct PollAnswerRow {
    pub slot: usize,
    pub person_id: String,
    pub person_name: String,
    pub answer: PollAnswer,
}

/// Stores a checked poll of a working group; returns its id.
pub fn create(
    conn: &mut DbConn,
    checked: &CheckedPoll,
    working_group_id: &str,
    created_by: &str,
) -> Result<String, AppError> {
    let id = super::new_id();
    insert(conn, &id, checked, working_group_id, created_by)?;
    Ok(id)
}

/// Stores a checked poll of a working group under a given id (the demo's
/// stable ones).
pub fn insert(
    conn: &mut DbConn,
    id: &str,
    checked: &CheckedPoll,
    working_group_id: &str,
    created_by: &str,
) -> Result<(), AppError> {
    let now = super::now();
    let poll = DatePoll {
        id: id.to_owned(),
        title: checked.title.clone(),
        description: checked.description.clone(),
        working_group_id: Some(working_group_id.to_owned()),
        hosting_call_id: None,
        time_zone: checked.zone.name().to_owned(),
        format: code(checked.format).to_owned(),
        video_provider: checked.video_provider.map(|p| code(p).to_owned()),
        deadline: checked.deadline.map(|d| d.naive_utc()),
        hide_results: checked.hide_results,
        state: code(PollState::Open).to_owned(),
        chosen_slot: None,
        meeting_id: None,
        created_by: Some(created_by.to_owned()),
        created_at: now,
        updated_at: now,
    };
    let slots = (0..)
        .zip(&checked.slots)
        .map(|(position, slot)| PollSlot {
            date_poll_id: poll.id.clone(),
            position,
            starts_at: slot.starts_at.naive_utc(),
            ends_at: slot.ends_at.naive_utc(),
            host_proposal_id: None,
            candidate_position: None,
        })
        .collect::<Vec<_>>();
    store(conn, &poll, &slots)
}

/// A poll row and its slots.
fn store(conn: &mut DbConn, poll: &DatePoll, slots: &[PollSlot]) -> Result<(), AppError> {
    diesel::insert_into(date_polls::table)
        .values(poll)
        .execute(conn)?;
    for slot in slots {
        diesel::insert_into(date_poll_slots::table)
            .values(slot)
            .execute(conn)?;
    }
    Ok(())
}

/// One candidate date of a host proposal, offered in a call's poll.
#[derive(Debug, Clone)]
pub struct CandidateSlot {
    pub host_proposal_id: String,
    pub candidate_position: i32,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

/// Stores the poll of a hosting call over `slots` (in person, no room, no
/// deadline); returns its id.
pub fn create_for_call(
    conn: &mut DbConn,
    call_id: &str,
    title: &str,
    slots: &[CandidateSlot],
    created_by: &str,
) -> Result<String, AppError> {
    let now = super::now();
    let poll = DatePoll {
        id: super::new_id(),
        title: title.to_owned(),
        description: String::new(),
        working_group_id: None,
        hosting_call_id: Some(call_id.to_owned()),
        time_zone: crate::domain::time::DEFAULT_ZONE.name().to_owned(),
        format: code(crate::domain::MeetingFormat::InPerson).to_owned(),
        video_provider: None,
        deadline: None,
        hide_results: false,
        state: code(PollState::Open).to_owned(),
        chosen_slot: None,
        meeting_id: None,
        created_by: Some(created_by.to_owned()),
        created_at: now,
        updated_at: now,
    };
    let rows = (0..)
        .zip(slots)
        .map(|(position, s)| PollSlot {
            date_poll_id: poll.id.clone(),
            position,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            host_proposal_id: Some(s.host_proposal_id.clone()),
            candidate_position: Some(s.candidate_position),
        })
        .collect::<Vec<_>>();
    store(conn, &poll, &rows)?;
    Ok(poll.id)
}

/// A hosting call's polls, oldest first.
pub fn for_call(conn: &mut DbConn, call_id: &str) -> Result<Vec<DatePoll>, AppError> {
    Ok(date_polls::table
        .filter(date_polls::hosting_call_id.eq(call_id.to_owned()))
        .select(DatePoll::as_select())
        .order(date_polls::id.asc())
        .load(conn)?)
}

/// One poll.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<DatePoll>, AppError> {
    Ok(date_polls::table
        .find(id)
        .select(DatePoll::as_select())
        .first(conn)
        .optional()?)
}

/// A working group's polls, newest first; only open ones if `open_only`.
pub fn list_for_group(
    conn: &mut DbConn,
    working_group_id: &str,
    open_only: bool,
) -> Result<Vec<DatePoll>, AppError> {
    let mut query = date_polls::table
        .filter(date_polls::working_group_id.eq(working_group_id.to_owned()))
        .select(DatePoll::as_select())
        .order(date_polls::id.desc())
        .into_boxed();
    if open_only {
        query = query.filter(date_polls::state.eq(code(PollState::Open)));
    }
    Ok(query.load(conn)?)
}

/// A poll's slots, in the order offered.
pub fn slots(conn: &mut DbConn, poll_id: &str) -> Result<Vec<PollSlot>, AppError> {
    Ok(date_poll_slots::table
        .filter(date_poll_slots::date_poll_id.eq(poll_id.to_owned()))
        .select(PollSlot::as_select())
        .order(date_poll_slots::position.asc())
        .load(conn)?)
}

/// Every answer of a poll with the person's name, by person then slot.
pub fn answers(conn: &mut DbConn, poll_id: &str) -> Result<Vec<PollAnswerRow>, AppError> {
    let rows: Vec<(AnswerRow, String)> = date_poll_answers::table
        .inner_join(people::table)
        .filter(date_poll_answers::date_poll_id.eq(poll_id.to_owned()))
        .select((AnswerRow::as_select(), people::name))
        .order((
            people::name.asc(),
            people::id.asc(),
            date_poll_answers::slot_position.asc(),
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, person_name)| {
            Ok(PollAnswerRow {
                slot: usize::try_from(row.slot_position)
                    .map_err(|_| AppError::internal("negative slot position"))?,
                person_id: row.person_id,
                person_name,
                answer: decode(&row.answer)?,
            })
        })
        .collect()
}

/// Replaces a person's answers to a poll: one per slot, in slot order.
/// Call it in a write transaction.
pub fn replace_answers(
    conn: &mut DbConn,
    poll_id: &str,
    person_id: &str,
    answers: &[PollAnswer],
) -> Result<(), AppError> {
    diesel::delete(
        date_poll_answers::table
            .filter(date_poll_answers::date_poll_id.eq(poll_id.to_owned()))
            .filter(date_poll_answers::person_id.eq(person_id.to_owned())),
    )
    .execute(conn)?;
    let now = super::now();
    for (slot_position, answer) in (0..).zip(answers) {
        diesel::insert_into(date_poll_answers::table)
            .values(&AnswerRow {
                date_poll_id: poll_id.to_owned(),
                slot_position,
                person_id: person_id.to_owned(),
                answer: code(*answer).to_owned(),
                updated_at: now,
            })
            .execute(conn)?;
    }
    Ok(())
}

/// Closes an open poll on `slot`, in one conditional statement: `false` when
/// it was no longer open (closed or cancelled by someone else first). On
/// PostgreSQL a second closer waits for the first one's commit, then finds
/// the poll closed; on SQLite the immediate transaction serialises them.
pub fn close(conn: &mut DbConn, poll_id: &str, slot: i32) -> Result<bool, AppError> {
    let changed = diesel::update(
        date_polls::table
            .find(poll_id)
            .filter(date_polls::state.eq(code(PollState::Open))),
    )
    .set((
        date_polls::state.eq(code(PollState::Closed)),
        date_polls::chosen_slot.eq(Some(slot)),
        date_polls::updated_at.eq(super::now()),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Records the meeting a closed poll scheduled.
pub fn set_meeting(conn: &mut DbConn, poll_id: &str, meeting_id: &str) -> Result<(), AppError> {
    diesel::update(date_polls::table.find(poll_id))
        .set(date_polls::meeting_id.eq(Some(meeting_id)))
        .execute(conn)?;
    Ok(())
}

/// Cancels an open poll; `false` when it was not open.
pub fn cancel(conn: &mut DbConn, poll_id: &str) -> Result<bool, AppError> {
    let changed = diesel::update(
        date_polls::table
            .find(poll_id)
            .filter(date_polls::state.eq(code(PollState::Open))),
    )
    .set((
        date_polls::state.eq(code(PollState::Cancelled)),
        date_polls::updated_at.eq(super::now()),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Changes what may change once people answered: title, description,
/// deadline, and whether results are hidden.
pub fn update_text(
    conn: &mut DbConn,
    poll_id: &str,
    title: &str,
    description: &str,
    deadline: Option<NaiveDateTime>,
    hide_results: bool,
) -> Result<(), AppError> {
    diesel::update(date_polls::table.find(poll_id))
        .set((
            date_polls::title.eq(title),
            date_polls::description.eq(description),
            date_polls::deadline.eq(deadline),
            date_polls::hide_results.eq(hide_results),
            date_polls::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}
