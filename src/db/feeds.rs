//! What calendar feeds hold, and the personal feed tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::meetings::{MeetingFilter, MeetingListing};
use super::schema::{feed_tokens, meetings, people, rsvps, working_group_followers};
use crate::domain::error::AppError;
use crate::domain::rsvps::Answer;
use crate::domain::secrets::SecretKey;
use crate::domain::secrets::{feed_token, hash_token, new_token};
use crate::domain::{MeetingStatus, code};

/// Whose meetings a feed holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedScope {
    /// The whole club.
    Club,
    /// One meeting.
    Meeting(String),
    /// One working group's sessions.
    Group(String),
    /// Meetings a body hosts, or that its people answered yes or maybe to.
    Organization(String),
    /// Meetings a person answered yes or maybe to, and sessions of the
    /// groups they follow.
    Person(String),
}

/// The meetings of a feed: announced or cancelled (never drafts), ending
/// after `since`, in start order. A cancelled meeting stays while it is in
/// the window, so subscribed calendars see its cancellation.
pub fn meetings(
    conn: &mut DbConn,
    scope: &FeedScope,
    since: NaiveDateTime,
) -> Result<Vec<MeetingListing>, AppError> {
    let mut filter = MeetingFilter {
        ending_after: Some(since),
        ..MeetingFilter::default()
    };
    let ids: Option<Vec<String>> = match scope {
        FeedScope::Club => None,
        FeedScope::Meeting(id) => {
            filter.id = Some(id.clone());
            filter.ending_after = None;
            None
        }
        FeedScope::Group(group) => {
            filter.working_group_id = Some(group.clone());
            None
        }
        FeedScope::Organization(org) => {
            let mut ids: Vec<String> = rsvps::table
                .inner_join(people::table)
                .filter(people::organization_id.eq(org))
                .filter(rsvps::answer.eq_any([code(Answer::Yes), code(Answer::Maybe)]))
                .select(rsvps::meeting_id)
                .load(conn)?;
            ids.extend(
                meetings::table
                    .filter(meetings::host_organization_id.eq(org))
                    .select(meetings::id)
                    .load::<String>(conn)?,
            );
            Some(ids)
        }
        FeedScope::Person(person) => {
            let mut ids: Vec<String> = rsvps::table
                .filter(rsvps::person_id.eq(person))
                .filter(rsvps::answer.eq_any([code(Answer::Yes), code(Answer::Maybe)]))
                .select(rsvps::meeting_id)
                .load(conn)?;
            let groups = working_group_followers::table
                .filter(working_group_followers::person_id.eq(person))
                .select(working_group_followers::working_group_id.nullable());
            ids.extend(
                meetings::table
                    .filter(meetings::working_group_id.eq_any(groups))
                    .select(meetings::id)
                    .load::<String>(conn)?,
            );
            Some(ids)
        }
    };
    let listings = super::meetings::list(conn, &filter)?;
    let draft = code(MeetingStatus::Draft);
    Ok(listings
        .into_iter()
        .filter(|l| l.meeting.status != draft)
        .filter(|l| ids.as_ref().is_none_or(|ids| ids.contains(&l.meeting.id)))
        .collect())
}

/// The person's feed token, made on first use.
pub fn token_of(
    conn: &mut DbConn,
    secret: &SecretKey,
    person_id: &str,
) -> Result<String, AppError> {
    let nonce: Option<String> = feed_tokens::table
        .find(person_id)
        .select(feed_tokens::nonce)
        .first(conn)
        .optional()?;
    match nonce {
        Some(nonce) => Ok(feed_token(secret, &nonce)),
        None => rotate(conn, secret, person_id),
    }
}

/// A new feed token for the person; the old one stops working. Call it in
/// a write transaction.
pub fn rotate(conn: &mut DbConn, secret: &SecretKey, person_id: &str) -> Result<String, AppError> {
    let nonce = new_token();
    let token = feed_token(secret, &nonce);
    diesel::delete(feed_tokens::table.find(person_id)).execute(conn)?;
    diesel::insert_into(feed_tokens::table)
        .values((
            feed_tokens::person_id.eq(person_id),
            feed_tokens::nonce.eq(&nonce),
            feed_tokens::token_hash.eq(hash_token(&token)),
            feed_tokens::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The person whose feed token this is.
pub fn person_for_token(conn: &mut DbConn, token: &str) -> Result<Option<String>, AppError> {
    Ok(feed_tokens::table
        .filter(feed_tokens::token_hash.eq(hash_token(token)))
        .select(feed_tokens::person_id)
        .first(conn)
        .optional()?)
}
