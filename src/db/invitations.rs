//! Whom a meeting's invitations go to.

use diesel::dsl::not;
use diesel::prelude::*;

use super::DbConn;
use super::people::Person;
use super::schema::{people, rsvps, working_group_coordinators, working_group_followers};
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
