//! Sign-in links: a request is kept whatever the address (the page answers
//! at once, alike for everyone); the mail worker then mails a link to the
//! addresses that are people's.

use chrono::{Duration, NaiveDateTime};

use crate::db::{self, DbConn, write_transaction};
use crate::domain::error::AppError;
use crate::domain::secrets::{hash_token, new_token};
use crate::infra::mail;
use crate::infra::settings::Settings;
use crate::services::emails;

/// How long a sign-in link lasts; a request older than that is dropped
/// unsent (its person has stopped waiting for it).
pub const LINK_MINUTES: i64 = 15;

/// Requests taken at once by one worker.
const BATCH: i64 = 50;

/// Mails a link for each waiting request whose address is a person's;
/// how many were sent. Each request is taken by one worker only.
pub fn send_links(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    write_transaction(conn, |conn| {
        let mut sent = 0;
        for request in db::people::take_signin_requests(conn, BATCH)? {
            if request.created_at + Duration::minutes(LINK_MINUTES) < now {
                continue;
            }
            let Some(person) = db::people::find_by_email(conn, &request.email)? else {
                continue;
            };
            let token = new_token();
            db::people::insert_signin_token(
                conn,
                &hash_token(&token),
                &person.id,
                &request.next_path,
                now + Duration::minutes(LINK_MINUTES),
            )?;
            let link = format!("{}/signin/{token}", settings.base_url);
            mail::enqueue(
                conn,
                settings,
                &emails::signin(&person, &link, LINK_MINUTES)?,
            )?;
            sent += 1;
        }
        Ok(sent)
    })
}
