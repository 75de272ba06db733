//! What calendar feeds hold, and the personal feed tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::meetings::{MeetingFilter, MeetingListing, Participant};
use super::schema::{feed_tokens, feed_versions};
use crate::domain::error::AppError;
use crate::domain::secrets::SecretKey;
use crate::domain::secrets::{feed_token, hash_token, new_token};

/// Whose meetings a feed holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
/// the window, so subscribed calendars see its cancellation. One query,
/// whatever the club's history.
pub fn meetings(
    conn: &mut DbConn,
    scope: &FeedScope,
    since: NaiveDateTime,
) -> Result<Vec<MeetingListing>, AppError> {
    let mut filter = MeetingFilter {
        ending_after: Some(since),
        ..MeetingFilter::default()
    };
    match scope {
        FeedScope::Club => {}
        FeedScope::Meeting(id) => {
            filter.id = Some(id.clone());
            filter.ending_after = None;
        }
        FeedScope::Group(group) => filter.working_group_id = Some(group.clone()),
        FeedScope::Organization(body) => {
            filter.taken_part_by = Some(Participant::Body(body.clone()));
        }
        FeedScope::Person(person) => {
            filter.taken_part_by = Some(Participant::Person(person.clone()));
        }
    }
    super::meetings::list(conn, &filter)
}

/// What a feed's content depends on in the database: the version of each
/// scope it reads (see the `feed_versions` migration), and when the last
/// of them changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedVersion {
    pub versions: Vec<i64>,
    pub changed_at: Option<NaiveDateTime>,
}

/// The scopes of `feed_versions` a feed reads: the club's meetings, plus
/// the answers it follows.
fn version_scopes(scope: &FeedScope) -> Vec<String> {
    let mut scopes = vec!["club".to_owned()];
    match scope {
        FeedScope::Organization(body) => scopes.push(format!("org:{body}")),
        FeedScope::Person(person) => scopes.push(format!("person:{person}")),
        FeedScope::Club | FeedScope::Meeting(_) | FeedScope::Group(_) => {}
    }
    scopes
}

/// The feed's version, read in one query without loading a meeting.
pub fn version(conn: &mut DbConn, scope: &FeedScope) -> Result<FeedVersion, AppError> {
    let scopes = version_scopes(scope);
    let rows: Vec<(String, i64, NaiveDateTime)> = feed_versions::table
        .filter(feed_versions::scope.eq_any(&scopes))
        .select((
            feed_versions::scope,
            feed_versions::version,
            feed_versions::changed_at,
        ))
        .load(conn)?;
    let versions = scopes
        .iter()
        .map(|scope| {
            rows.iter()
                .find(|(s, _, _)| s == scope)
                .map_or(0, |(_, version, _)| *version)
        })
        .collect();
    Ok(FeedVersion {
        versions,
        changed_at: rows.iter().map(|(_, _, at)| *at).max(),
    })
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
