//! Answers to meetings (RSVP), and seats.
//!
//! Every change of a meeting's answers goes through [`settle_with`]: it
//! first takes the meeting's lock (`rsvp_version + 1`, a row lock on
//! PostgreSQL held until commit; SQLite's immediate transaction already
//! serialises writers), then reads every answer, runs the seat rule
//! ([`crate::domain::rsvps::settle`]) and writes back what changed — in the
//! caller's transaction. It returns the answers before and after
//! ([`Settled`]): the service that called it queues the mails of everyone
//! whose place changed, in the same transaction. So two requests never see
//! the same free seat, and a freed seat is given in the transaction that
//! frees it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::meetings::Meeting;
use super::people::Person;
use super::schema::{meetings, organizations, people, rsvps};
use crate::domain::error::AppError;
use crate::domain::rsvps::{
    Approval, Attendance, CheckedAnswer, Entry, RsvpState, SeatRules, WaitReason, attendance_for,
    settle,
};
use crate::domain::{ClubStatus, MeetingFormat, code, decode};

/// One answer as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Insertable, AsChangeset)]
#[diesel(table_name = rsvps, treat_none_as_null = true)]
pub struct Rsvp {
    pub id: String,
    pub meeting_id: String,
    pub person_id: String,
    pub answer: String,
    pub attendance: String,
    pub state: String,
    pub waitlist_ticket: Option<i32>,
    pub waitlist_reason: Option<String>,
    pub approval: String,
    pub decided_by: Option<String>,
    pub project_highlight: String,
    pub wished_development: String,
    pub comment: String,
    pub listed: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The body a participant belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Body {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub club_status: String,
}

/// An answer with the person who gave it and their body.
#[derive(Debug, Clone)]
pub struct Participant {
    pub rsvp: Rsvp,
    pub person: Person,
    pub body: Option<Body>,
    /// Their place in the waiting list of their attendance (1 = next).
    pub waitlist_position: Option<i64>,
}

impl Participant {
    /// The answer's state.
    pub fn state(&self) -> Result<RsvpState, AppError> {
        decode(&self.rsvp.state)
    }
}

/// Takes the meeting's lock for this transaction and reads it afresh.
pub fn lock(conn: &mut DbConn, meeting_id: &str) -> Result<Meeting, AppError> {
    let changed = diesel::update(meetings::table.find(meeting_id))
        .set(meetings::rsvp_version.eq(meetings::rsvp_version + 1))
        .execute(conn)?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(meetings::table
        .find(meeting_id)
        .select(Meeting::as_select())
        .first(conn)?)
}

/// Every answer to a meeting, oldest first, with people and bodies, and
/// waiting-list positions.
pub fn participants(conn: &mut DbConn, meeting_id: &str) -> Result<Vec<Participant>, AppError> {
    let rows: Vec<(Rsvp, Person, Option<Body>)> = rsvps::table
        .inner_join(people::table.left_join(organizations::table))
        .filter(rsvps::meeting_id.eq(meeting_id))
        .select((
            Rsvp::as_select(),
            Person::as_select(),
            (
                organizations::id,
                organizations::slug,
                organizations::name,
                organizations::club_status,
            )
                .nullable(),
        ))
        .order((rsvps::created_at.asc(), rsvps::id.asc()))
        .load(conn)?;
    let mut all: Vec<Participant> = rows
        .into_iter()
        .map(|(rsvp, person, body)| Participant {
            rsvp,
            person,
            body,
            waitlist_position: None,
        })
        .collect();
    number_waitlists(&mut all);
    Ok(all)
}

/// Positions 1…n in each attendance's waiting list, by ticket (one sort,
/// whatever the list's length).
fn number_waitlists(all: &mut [Participant]) {
    let mut waiting: Vec<usize> = (0..all.len())
        .filter(|&i| all[i].rsvp.waitlist_ticket.is_some())
        .collect();
    waiting.sort_by(|&a, &b| {
        let key = |i: usize| (&all[i].rsvp.attendance, all[i].rsvp.waitlist_ticket);
        key(a).cmp(&key(b))
    });
    let mut position: i64 = 0;
    for (n, &i) in waiting.iter().enumerate() {
        let same_list = n > 0 && all[waiting[n - 1]].rsvp.attendance == all[i].rsvp.attendance;
        position = if same_list { position + 1 } else { 1 };
        all[i].waitlist_position = Some(position);
    }
}

/// The caller's own answer, if any.
pub fn find(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
) -> Result<Option<Participant>, AppError> {
    Ok(participants(conn, meeting_id)?
        .into_iter()
        .find(|p| p.person.id == person_id))
}

fn rules(meeting: &Meeting) -> SeatRules {
    SeatRules {
        capacity: meeting.capacity,
        remote_capacity: meeting.remote_capacity,
        organization_quota: meeting.organization_quota,
        approval_required: meeting.approval_required,
    }
}

fn entry(p: &Participant) -> Result<Entry, AppError> {
    Ok(Entry {
        answer: decode(&p.rsvp.answer)?,
        attendance: decode(&p.rsvp.attendance)?,
        approval: decode(&p.rsvp.approval)?,
        holds_seat: p.rsvp.state == code(RsvpState::Confirmed),
        ticket: p.rsvp.waitlist_ticket,
        organization_id: p.body.as_ref().map(|b| b.id.clone()),
    })
}

/// Locks the meeting, lets `change` alter its answers (in memory: add,
/// edit or remove rows), places every answer and writes back what changed.
/// Returns the answers before and after.
fn settle_with(
    conn: &mut DbConn,
    meeting_id: &str,
    change: impl FnOnce(&Meeting, &mut Vec<Participant>) -> Result<(), AppError>,
) -> Result<Settled, AppError> {
    let meeting = lock(conn, meeting_id)?;
    let before = participants(conn, meeting_id)?;
    let mut after = before.clone();
    change(&meeting, &mut after)?;
    let entries = after.iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    let (placements, last_ticket) = settle(rules(&meeting), &entries, meeting.waitlist_counter);
    let now = super::now();
    let was_by_id: HashMap<&str, &Participant> =
        before.iter().map(|b| (b.rsvp.id.as_str(), b)).collect();
    for (p, placed) in after.iter_mut().zip(placements) {
        let was = was_by_id.get(p.rsvp.id.as_str());
        p.rsvp.state = code(placed.state).to_owned();
        p.rsvp.waitlist_ticket = placed.ticket;
        p.rsvp.waitlist_reason = placed.reason.map(|r| code(r).to_owned());
        match was {
            Some(was) if was.rsvp == p.rsvp => continue,
            Some(_) => {
                p.rsvp.updated_at = now;
                diesel::update(rsvps::table.find(&p.rsvp.id))
                    .set(&p.rsvp)
                    .execute(conn)?;
            }
            None => {
                diesel::insert_into(rsvps::table)
                    .values(&p.rsvp)
                    .execute(conn)?;
            }
        }
    }
    let kept: HashSet<&str> = after.iter().map(|a| a.rsvp.id.as_str()).collect();
    for gone in before.iter().filter(|b| !kept.contains(b.rsvp.id.as_str())) {
        diesel::delete(rsvps::table.find(&gone.rsvp.id)).execute(conn)?;
    }
    if last_ticket != meeting.waitlist_counter {
        diesel::update(meetings::table.find(meeting_id))
            .set(meetings::waitlist_counter.eq(last_ticket))
            .execute(conn)?;
    }
    number_waitlists(&mut after);
    Ok(Settled {
        meeting_id: meeting_id.to_owned(),
        before,
        after,
    })
}

/// A meeting's answers before and after a change: whoever made the change
/// tells those whose place changed.
#[derive(Debug, Clone)]
pub struct Settled {
    /// The meeting.
    pub meeting_id: String,
    /// The answers before the change.
    pub before: Vec<Participant>,
    /// The answers after, placed.
    pub after: Vec<Participant>,
}

impl Settled {
    /// `person_id`'s answer after the change.
    pub fn answer_of(&self, person_id: &str) -> Option<&Participant> {
        self.after.iter().find(|p| p.person.id == person_id)
    }

    /// Whether `person_id` had an answer before the change.
    pub fn had_answer(&self, person_id: &str) -> bool {
        self.before.iter().any(|p| p.person.id == person_id)
    }
}

/// Records `person`'s answer (a new one, or a change of the one they have)
/// and places it. Call it in a write transaction, after checking that the
/// meeting takes answers and the deadline (see `services::rsvps`).
pub fn answer(
    conn: &mut DbConn,
    meeting_id: &str,
    person: &Person,
    checked: &CheckedAnswer,
) -> Result<Settled, AppError> {
    let body = match &person.organization_id {
        Some(id) => super::organizations::find(conn, id)?,
        None => None,
    };
    settle_with(conn, meeting_id, |meeting, all| {
        let format: MeetingFormat = decode(&meeting.format)?;
        let attendance = attendance_for(format, checked.attendance);
        let now = super::now();
        match all.iter_mut().find(|p| p.person.id == person.id) {
            Some(mine) => {
                let moved = mine.rsvp.answer != code(checked.answer)
                    || mine.rsvp.attendance != code(attendance);
                if moved {
                    // a new answer or attendance takes its place anew
                    mine.rsvp.state = code(RsvpState::Declined).to_owned();
                    mine.rsvp.waitlist_ticket = None;
                }
                fill(&mut mine.rsvp, checked, attendance);
                mine.rsvp.updated_at = now;
            }
            None => {
                let club_status: Option<ClubStatus> = match &body {
                    Some(o) => Some(decode(&o.club_status)?),
                    None => None,
                };
                let mut rsvp = Rsvp {
                    id: super::new_id(),
                    meeting_id: meeting.id.clone(),
                    person_id: person.id.clone(),
                    answer: String::new(),
                    attendance: String::new(),
                    state: code(RsvpState::Declined).to_owned(),
                    waitlist_ticket: None,
                    waitlist_reason: None,
                    approval: code(Approval::initial(meeting.approval_required, club_status))
                        .to_owned(),
                    decided_by: None,
                    project_highlight: String::new(),
                    wished_development: String::new(),
                    comment: String::new(),
                    listed: false,
                    created_at: now,
                    updated_at: now,
                };
                fill(&mut rsvp, checked, attendance);
                all.push(Participant {
                    rsvp,
                    person: person.clone(),
                    body: body.as_ref().map(|o| Body {
                        id: o.id.clone(),
                        slug: o.slug.clone(),
                        name: o.name.clone(),
                        club_status: o.club_status.clone(),
                    }),
                    waitlist_position: None,
                });
            }
        }
        Ok(())
    })
}

fn fill(rsvp: &mut Rsvp, checked: &CheckedAnswer, attendance: Attendance) {
    rsvp.answer = code(checked.answer).to_owned();
    rsvp.attendance = code(attendance).to_owned();
    rsvp.project_highlight = checked.project_highlight.clone();
    rsvp.wished_development = checked.wished_development.clone();
    rsvp.comment = checked.comment.clone();
    rsvp.listed = checked.listed;
}

/// Removes `person_id`'s answer; a seat it held goes to the first in line.
/// Call it in a write transaction.
pub fn withdraw(conn: &mut DbConn, meeting_id: &str, person_id: &str) -> Result<Settled, AppError> {
    settle_with(conn, meeting_id, |_, all| {
        all.retain(|p| p.person.id != person_id);
        Ok(())
    })
}

/// An organizer's decision on `person_id`'s answer: approved answers take
/// a seat or wait like any other. `NotFound` when the person has no answer.
pub fn decide(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
    organizer_id: &str,
    approve: bool,
) -> Result<Settled, AppError> {
    settle_with(conn, meeting_id, |_, all| {
        let p = all
            .iter_mut()
            .find(|p| p.person.id == person_id)
            .ok_or(AppError::NotFound)?;
        let approval = if approve {
            Approval::Approved
        } else {
            Approval::Refused
        };
        if p.rsvp.approval != code(approval) {
            p.rsvp.approval = code(approval).to_owned();
            p.rsvp.decided_by = Some(organizer_id.to_owned());
            // a refused person gives their seat back
            p.rsvp.state = code(RsvpState::Declined).to_owned();
            p.rsvp.waitlist_ticket = None;
        }
        Ok(())
    })
}

/// Places the answers again after the meeting's seat rules changed (more
/// seats, another quota). Call it in the write transaction that changed the
/// meeting.
pub fn resettle(conn: &mut DbConn, meeting_id: &str) -> Result<Settled, AppError> {
    settle_with(conn, meeting_id, |_, _| Ok(()))
}

/// Seats held now, in person and remote: the least capacities a change of
/// the meeting may set.
pub fn seats_held(conn: &mut DbConn, meeting_id: &str) -> Result<(i64, i64), AppError> {
    let rows: Vec<(String, i64)> = rsvps::table
        .filter(rsvps::meeting_id.eq(meeting_id))
        .filter(rsvps::state.eq(code(RsvpState::Confirmed)))
        .group_by(rsvps::attendance)
        .select((rsvps::attendance, diesel::dsl::count_star()))
        .load(conn)?;
    let held = |attendance: Attendance| {
        rows.iter()
            .find(|(a, _)| a == code(attendance))
            .map_or(0, |(_, n)| *n)
    };
    Ok((held(Attendance::InPerson), held(Attendance::Remote)))
}

/// Counts of a meeting's answers, for its public page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub in_person: i64,
    pub remote: i64,
    pub waitlisted: i64,
    pub tentative: i64,
}

/// Counts every state of a list of answers.
pub fn counts(all: &[Participant]) -> Counts {
    let mut counts = Counts::default();
    for p in all {
        match (p.rsvp.state.as_str(), p.rsvp.attendance.as_str()) {
            ("confirmed", "remote") => counts.remote += 1,
            ("confirmed", _) => counts.in_person += 1,
            ("waitlisted", _) => counts.waitlisted += 1,
            ("tentative", _) => counts.tentative += 1,
            _ => {}
        }
    }
    counts
}

/// Why a waitlisted answer waits, decoded.
pub fn reason(p: &Participant) -> Option<WaitReason> {
    p.rsvp
        .waitlist_reason
        .as_deref()
        .and_then(|r| decode(r).ok())
}
