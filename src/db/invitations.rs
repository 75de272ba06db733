//! Whom a meeting's invitations go to.

use diesel::dsl::not;
use diesel::prelude::*;

use super::DbConn;
use super::people::Person;
use super::schema::{
    calendar_stamps, people, rsvps, working_group_coordinators, working_group_followers,
};
use crate::domain::error::AppError;

/// The people to invite to a meeting who have not answered it yet: for a
/// working group's session, its coordinators and the followers who want its
/// sessions by mail; for other meetings, everyone who wants the club's
/// announcements. Oldest first.
pub fn audience(
    conn: &mut DbConn,
    meeting_id: &str,
    working_group_id: Option<&str>,
) -> Result<Vec<Person>, AppError> {
    let answered = rsvps::table
        .filter(rsvps::meeting_id.eq(meeting_id.to_owned()))
        .select(rsvps::person_id);
    let mut query = people::table
        .filter(not(people::id.eq_any(answered)))
        .select(Person::as_select())
        .order(people::id.asc())
        .into_boxed();
    query = match working_group_id {
        Some(group) => {
            let coordinators = working_group_coordinators::table
                .filter(working_group_coordinators::working_group_id.eq(group.to_owned()))
                .select(working_group_coordinators::person_id);
            let followers = working_group_followers::table
                .filter(working_group_followers::working_group_id.eq(group.to_owned()))
                .select(working_group_followers::person_id);
            // coordinators run the session: they are invited whatever their settings
            query.filter(
                people::id
                    .eq_any(coordinators)
                    .or(people::notify_group_sessions
                        .eq(true)
                        .and(people::id.eq_any(followers))),
            )
        }
        None => query.filter(people::notify_meetings.eq(true)),
    };
    Ok(query.load(conn)?)
}

/// The DTSTAMP of a new calendar message to `person_id` about
/// `meeting_id`: now, to the second, and at least a second after the last
/// one they were sent, so that clients order the messages of one SEQUENCE
/// as they were sent (RFC 5546 §2.1.5). Call it in the write transaction
/// that queues the message (the meeting is locked there).
pub fn next_calendar_stamp(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
) -> Result<chrono::NaiveDateTime, AppError> {
    use chrono::SubsecRound;
    let key = (meeting_id, person_id);
    let last: Option<chrono::NaiveDateTime> = calendar_stamps::table
        .find(key)
        .select(calendar_stamps::stamped_at)
        .first(conn)
        .optional()?;
    let now = super::now().trunc_subsecs(0);
    let stamp = last.map_or(now, |last| now.max(last + chrono::Duration::seconds(1)));
    if last.is_some() {
        diesel::update(calendar_stamps::table.find(key))
            .set(calendar_stamps::stamped_at.eq(stamp))
            .execute(conn)?;
    } else {
        diesel::insert_into(calendar_stamps::table)
            .values((
                calendar_stamps::meeting_id.eq(meeting_id),
                calendar_stamps::person_id.eq(person_id),
                calendar_stamps::stamped_at.eq(stamp),
            ))
            .execute(conn)?;
    }
    Ok(stamp)
}
