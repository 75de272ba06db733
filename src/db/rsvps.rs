//! Answers to meetings (RSVP), and seats.
//!
//! Every change of a meeting's answers first takes the meeting's lock
//! (`rsvp_version + 1`, a row lock on PostgreSQL held until commit;
//! SQLite's immediate transaction already serialises writers), in the
//! caller's transaction. A change of one person's answer ([`answer`],
//! [`withdraw`], [`decide`]) then places that answer alone against the
//! seats counted with the meeting (`meeting_seats`, kept by triggers on
//! `rsvps`) and, when it gives a seat back, gives it to the first in line
//! (one indexed read): a few queries whatever the number of answers. A
//! change of the meeting's seat rules ([`resettle`]), and a seat given back
//! at a meeting with a quota per body (the first in line may be held back
//! by their body's quota), read every answer and run the whole rule
//! ([`crate::domain::rsvps::settle`]). Both keep the meeting's answers
//! *settled*: nobody waits who could take a free seat. Each returns the
//! answers it changed, before and after ([`Settled`]): the service that
//! called it queues the mails of everyone whose place changed, in the same
//! transaction. So two requests never see the same free seat, and a freed
//! seat is given in the transaction that frees it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::meetings::Meeting;
use super::people::Person;
use super::schema::{meeting_seats, meetings, organizations, people, rsvps};
use crate::domain::error::AppError;
use crate::domain::rsvps::{
    Answer, Approval, Attendance, CheckedAnswer, Entry, Held, RsvpState, SeatRules, WaitReason,
    attendance_for, fixed, place, settle,
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
    pub lunch: bool,
    /// Seen by the person and the meeting's organizers only.
    pub dietary_needs: String,
    /// Seen by the person and the meeting's organizers only.
    pub accessibility_needs: String,
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

/// Takes the meeting's lock for this transaction and reads it afresh, in
/// one statement. It also holds a ticket for the waiting list: the
/// meeting's `waitlist_counter` as returned, which a "yes" that must wait
/// takes (a ticket nobody takes is a gap: only the tickets' order counts).
pub fn lock(conn: &mut DbConn, meeting_id: &str) -> Result<Meeting, AppError> {
    // RETURNING is per backend in diesel
    let bump = || {
        diesel::update(meetings::table.find(meeting_id)).set((
            meetings::rsvp_version.eq(meetings::rsvp_version + 1),
            meetings::waitlist_counter.eq(meetings::waitlist_counter + 1),
        ))
    };
    Ok(match conn {
        DbConn::Postgres(pg) => bump().returning(Meeting::as_returning()).get_result(pg)?,
        DbConn::Sqlite(sqlite) => bump()
            .returning(Meeting::as_returning())
            .get_result(sqlite)?,
    })
}

/// Answers with their people and bodies (a query to filter further).
macro_rules! with_people {
    () => {
        rsvps::table
            .inner_join(people::table.left_join(organizations::table))
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
    };
}

fn participant((rsvp, person, body): (Rsvp, Person, Option<Body>)) -> Participant {
    Participant {
        rsvp,
        person,
        body,
        waitlist_position: None,
    }
}

/// Every answer to a meeting, oldest first, with people and bodies, and
/// waiting-list positions.
pub fn participants(conn: &mut DbConn, meeting_id: &str) -> Result<Vec<Participant>, AppError> {
    let rows: Vec<(Rsvp, Person, Option<Body>)> = with_people!()
        .filter(rsvps::meeting_id.eq(meeting_id))
        .order((rsvps::created_at.asc(), rsvps::id.asc()))
        .load(conn)?;
    let mut all: Vec<Participant> = rows.into_iter().map(participant).collect();
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

/// `person_id`'s answer, if any, with its place in line: one read by the
/// unique index, and a count of those ahead when it waits.
pub fn find(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
) -> Result<Option<Participant>, AppError> {
    let row: Option<(Rsvp, Person, Option<Body>)> = with_people!()
        .filter(rsvps::meeting_id.eq(meeting_id))
        .filter(rsvps::person_id.eq(person_id))
        .first(conn)
        .optional()?;
    let Some(mut found) = row.map(participant) else {
        return Ok(None);
    };
    found.waitlist_position = position(conn, &found.rsvp)?;
    Ok(Some(found))
}

/// A waiting answer's place in its attendance's line (1 = next).
fn position(conn: &mut DbConn, rsvp: &Rsvp) -> Result<Option<i64>, AppError> {
    let Some(ticket) = rsvp.waitlist_ticket else {
        return Ok(None);
    };
    let ahead: i64 = rsvps::table
        .filter(rsvps::meeting_id.eq(&rsvp.meeting_id))
        .filter(rsvps::attendance.eq(&rsvp.attendance))
        .filter(rsvps::waitlist_ticket.lt(ticket))
        .count()
        .get_result(conn)?;
    Ok(Some(ahead + 1))
}

/// The first in the line of `attendance`, if anyone waits.
fn first_in_line(
    conn: &mut DbConn,
    meeting_id: &str,
    attendance: Attendance,
) -> Result<Option<Participant>, AppError> {
    let row: Option<(Rsvp, Person, Option<Body>)> = with_people!()
        .filter(rsvps::meeting_id.eq(meeting_id))
        .filter(rsvps::attendance.eq(code(attendance)))
        .filter(rsvps::waitlist_ticket.is_not_null())
        .order(rsvps::waitlist_ticket.asc())
        .first(conn)
        .optional()?;
    Ok(row.map(|row| Participant {
        waitlist_position: Some(1),
        ..participant(row)
    }))
}

/// The seats taken at a meeting, in person and remote, as counted with it
/// (`meeting_seats`, kept by triggers on `rsvps`).
pub fn seats(conn: &mut DbConn, meeting_id: &str) -> Result<(i32, i32), AppError> {
    Ok(meeting_seats::table
        .find(meeting_id)
        .select((meeting_seats::in_person, meeting_seats::remote))
        .first(conn)
        .optional()?
        .unwrap_or((0, 0)))
}

/// In-person seats held by the people of `body` at a meeting (its quota).
fn body_seats(conn: &mut DbConn, meeting_id: &str, body: &str) -> Result<i32, AppError> {
    let held: i64 = rsvps::table
        .inner_join(people::table)
        .filter(rsvps::meeting_id.eq(meeting_id))
        .filter(rsvps::attendance.eq(code(Attendance::InPerson)))
        .filter(rsvps::state.eq(code(RsvpState::Confirmed)))
        .filter(people::organization_id.eq(body))
        .count()
        .get_result(conn)?;
    Ok(i32::try_from(held).unwrap_or(i32::MAX))
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
    settle_locked(conn, &meeting, change)
}

/// [`settle_with`], the meeting locked already.
fn settle_locked(
    conn: &mut DbConn,
    meeting: &Meeting,
    change: impl FnOnce(&Meeting, &mut Vec<Participant>) -> Result<(), AppError>,
) -> Result<Settled, AppError> {
    let meeting_id = meeting.id.as_str();
    let before = participants(conn, meeting_id)?;
    let mut after = before.clone();
    change(meeting, &mut after)?;
    let entries = after.iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    let (placements, last_ticket) = settle(rules(meeting), &entries, meeting.waitlist_counter);
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

/// Locks the meeting, lets `change` turn `person_id`'s answer (`None`:
/// none) into another (`None`: removed), places it against the seats counted
/// with the meeting, gives a seat it gives back to the first in line, and
/// writes what changed. Returns the answers it changed, before and after.
///
/// The meeting's answers are settled before (nobody waits who could take a
/// free seat), so placing this one alone is what the whole rule would do;
/// they stay settled after. A seat given back at a meeting with a quota per
/// body goes through the whole rule instead: the first in line may be held
/// back by their body's quota, and the next one not.
fn change_one(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
    change: impl FnOnce(&Meeting, Option<Participant>) -> Result<Option<Participant>, AppError>,
) -> Result<Settled, AppError> {
    let meeting = lock(conn, meeting_id)?;
    let before = find(conn, meeting_id, person_id)?;
    let Some(mut after) = change(&meeting, before.clone())? else {
        return remove(conn, &meeting, before);
    };
    let rules = rules(&meeting);
    let mine = entry(&after)?;
    let fixed = fixed(rules, &mine);
    let keeps_seat = fixed.is_some_and(|f| f.state == RsvpState::Confirmed);
    let gives_back = match &before {
        Some(b) if b.rsvp.state == code(RsvpState::Confirmed) && !keeps_seat => {
            Some(decode::<Attendance>(&b.rsvp.attendance)?)
        }
        _ => None,
    };
    if gives_back.is_some() && rules.organization_quota.is_some() {
        return settle_locked(conn, &meeting, |_, all| {
            all.retain(|p| p.person.id != person_id);
            all.push(after);
            Ok(())
        });
    }
    let (in_person, remote) = seats(conn, meeting_id)?;
    let mut held = Held {
        in_person,
        remote,
        by_body: 0,
    };
    let mut settled = Settled {
        meeting_id: meeting_id.to_owned(),
        before: before.iter().cloned().collect(),
        after: Vec::new(),
    };
    if let Some(attendance) = gives_back {
        match attendance {
            Attendance::InPerson => held.in_person -= 1,
            Attendance::Remote => held.remote -= 1,
        }
        // the seat goes to the first in line, before this answer is placed
        // again (a "yes" that lost its seat queues after those waiting)
        if let Some(promoted) = promote(conn, &meeting, attendance, held)? {
            match attendance {
                Attendance::InPerson => held.in_person += 1,
                Attendance::Remote => held.remote += 1,
            }
            settled.before.push(promoted.0);
            settled.after.push(promoted.1);
        }
    }
    let quota_counts = rules.organization_quota.is_some()
        && fixed.is_none()
        && mine.attendance == Attendance::InPerson;
    if let (true, Some(body)) = (quota_counts, &mine.organization_id) {
        held.by_body = body_seats(conn, meeting_id, body)?;
    }
    // the ticket the lock held, if this answer waits
    let (placed, _) = place(rules, &mine, held, meeting.waitlist_counter - 1);
    after.rsvp.state = code(placed.state).to_owned();
    after.rsvp.waitlist_ticket = placed.ticket;
    after.rsvp.waitlist_reason = placed.reason.map(|r| code(r).to_owned());
    match &before {
        Some(b) if b.rsvp == after.rsvp => {}
        Some(_) => {
            after.rsvp.updated_at = super::now();
            diesel::update(rsvps::table.find(&after.rsvp.id))
                .set(&after.rsvp)
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(rsvps::table)
                .values(&after.rsvp)
                .execute(conn)?;
        }
    }
    if placed.state == RsvpState::Confirmed && !keeps_seat {
        match mine.attendance {
            Attendance::InPerson => held.in_person += 1,
            Attendance::Remote => held.remote += 1,
        }
    }
    let took_last_seat = placed.state == RsvpState::Confirmed
        && !keeps_seat
        && mine.attendance == Attendance::InPerson
        && !held.free(rules, Attendance::InPerson);
    if took_last_seat && rules.organization_quota.is_some() {
        // the room is full: those held back by their quota now wait for a
        // seat, as the whole rule says
        diesel::update(
            rsvps::table
                .filter(rsvps::meeting_id.eq(meeting_id))
                .filter(rsvps::attendance.eq(code(Attendance::InPerson)))
                .filter(rsvps::waitlist_reason.eq(code(WaitReason::OrganizationQuota))),
        )
        .set(rsvps::waitlist_reason.eq(code(WaitReason::Full)))
        .execute(conn)?;
    }
    after.waitlist_position = position(conn, &after.rsvp)?;
    settled.after.insert(0, after);
    Ok(settled)
}

/// Gives a freed seat of `attendance` to the first in line, if the seats
/// others hold leave it free. Returns them before and after.
fn promote(
    conn: &mut DbConn,
    meeting: &Meeting,
    attendance: Attendance,
    held: Held,
) -> Result<Option<(Participant, Participant)>, AppError> {
    if !held.free(rules(meeting), attendance) {
        return Ok(None);
    }
    let Some(first) = first_in_line(conn, &meeting.id, attendance)? else {
        return Ok(None);
    };
    let mut promoted = first.clone();
    promoted.rsvp.state = code(RsvpState::Confirmed).to_owned();
    promoted.rsvp.waitlist_ticket = None;
    promoted.rsvp.waitlist_reason = None;
    promoted.rsvp.updated_at = super::now();
    promoted.waitlist_position = None;
    diesel::update(rsvps::table.find(&promoted.rsvp.id))
        .set(&promoted.rsvp)
        .execute(conn)?;
    Ok(Some((first, promoted)))
}

/// Removes an answer (the meeting locked); a seat it held goes to the
/// first in line.
fn remove(
    conn: &mut DbConn,
    meeting: &Meeting,
    before: Option<Participant>,
) -> Result<Settled, AppError> {
    let mut settled = Settled {
        meeting_id: meeting.id.clone(),
        before: Vec::new(),
        after: Vec::new(),
    };
    let Some(gone) = before else {
        return Ok(settled);
    };
    let held_seat = gone.rsvp.state == code(RsvpState::Confirmed);
    if held_seat && meeting.organization_quota.is_some() {
        let person_id = gone.person.id.clone();
        return settle_locked(conn, meeting, |_, all| {
            all.retain(|p| p.person.id != person_id);
            Ok(())
        });
    }
    diesel::delete(rsvps::table.find(&gone.rsvp.id)).execute(conn)?;
    settled.before.push(gone.clone());
    if held_seat {
        // the trigger counted the seat given back
        let (in_person, remote) = seats(conn, &meeting.id)?;
        let held = Held {
            in_person,
            remote,
            by_body: 0,
        };
        if let Some((was, is)) = promote(conn, meeting, decode(&gone.rsvp.attendance)?, held)? {
            settled.before.push(was);
            settled.after.push(is);
        }
    }
    Ok(settled)
}

/// Records `person`'s answer (a new one, or a change of the one they have)
/// and places it, if `may` accepts the meeting as locked (whether it takes
/// answers: see `services::rsvps`). Call it in a write transaction.
pub fn answer(
    conn: &mut DbConn,
    meeting_id: &str,
    person: &Person,
    checked: &CheckedAnswer,
    may: impl FnOnce(&Meeting) -> Result<(), AppError>,
) -> Result<Settled, AppError> {
    let body = match &person.organization_id {
        Some(id) => super::organizations::find(conn, id)?,
        None => None,
    };
    change_one(conn, meeting_id, &person.id, |meeting, mine| {
        may(meeting)?;
        checked.fits(meeting.asks_lunch)?;
        let format: MeetingFormat = decode(&meeting.format)?;
        let attendance = attendance_for(format, checked.attendance);
        let now = super::now();
        Ok(Some(match mine {
            Some(mut mine) => {
                let moved = mine.rsvp.answer != code(checked.answer)
                    || mine.rsvp.attendance != code(attendance);
                if moved {
                    // a new answer or attendance takes its place anew
                    mine.rsvp.state = code(RsvpState::Declined).to_owned();
                    mine.rsvp.waitlist_ticket = None;
                }
                fill(&mut mine.rsvp, checked, meeting, attendance);
                mine.rsvp.updated_at = now;
                mine
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
                    lunch: false,
                    dietary_needs: String::new(),
                    accessibility_needs: String::new(),
                };
                fill(&mut rsvp, checked, meeting, attendance);
                Participant {
                    rsvp,
                    person: person.clone(),
                    body: body.as_ref().map(|o| Body {
                        id: o.id.clone(),
                        slug: o.slug.clone(),
                        name: o.name.clone(),
                        club_status: o.club_status.clone(),
                    }),
                    waitlist_position: None,
                }
            }
        }))
    })
}

fn fill(rsvp: &mut Rsvp, checked: &CheckedAnswer, meeting: &Meeting, attendance: Attendance) {
    rsvp.answer = code(checked.answer).to_owned();
    rsvp.attendance = code(attendance).to_owned();
    rsvp.project_highlight = checked.project_highlight.clone();
    rsvp.wished_development = checked.wished_development.clone();
    rsvp.comment = checked.comment.clone();
    rsvp.listed = checked.listed;
    rsvp.lunch = checked.takes_lunch(meeting.asks_lunch, attendance);
    rsvp.dietary_needs = checked.dietary_needs.clone();
    rsvp.accessibility_needs = checked.accessibility_needs.clone();
}

/// Turns `person_id`'s answer into "no", if `may` accepts the meeting as
/// locked: what they wrote for the tour de table stays; a seat it held goes
/// to the first in line. Call it in a write transaction.
pub fn withdraw(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
    may: impl FnOnce(&Meeting) -> Result<(), AppError>,
) -> Result<Settled, AppError> {
    change_one(conn, meeting_id, person_id, |meeting, mine| {
        may(meeting)?;
        Ok(mine.map(|mut p| {
            p.rsvp.answer = code(Answer::No).to_owned();
            p
        }))
    })
}

/// Removes `person_id`'s answer and what it said (an organizer's act); a
/// seat it held goes to the first in line. Call it in a write transaction.
pub fn remove_answer(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
) -> Result<Settled, AppError> {
    change_one(conn, meeting_id, person_id, |_, _| Ok(None))
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
    change_one(conn, meeting_id, person_id, |_, mine| {
        let mut p = mine.ok_or(AppError::NotFound)?;
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
        Ok(Some(p))
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
    let (in_person, remote) = seats(conn, meeting_id)?;
    Ok((i64::from(in_person), i64::from(remote)))
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
