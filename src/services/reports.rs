//! The club's report of one year, as the reports page and its CSV files
//! show it: for people of the club, signed in. A year runs from 1 January
//! to 31 December in the club's zone (Europe/Paris); the current year
//! counts the meetings held so far.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Utc};

use crate::db::organizations::Organization;
use crate::db::{self, DbConn};
use crate::domain::decode;
use crate::domain::error::AppError;
use crate::domain::reports::{BodyPresence, BodyYear, Report, body_years, count};
use crate::domain::time::{DEFAULT_ZONE, YEARS, local_to_utc, utc};
use crate::services::caller::Caller;

/// The current year in the club's zone.
pub fn this_year() -> i32 {
    Utc::now().with_timezone(&DEFAULT_ZONE).year()
}

/// The first instant of `year` in the club's zone, as stored (UTC).
fn new_year(year: i32) -> Result<NaiveDateTime, AppError> {
    let midnight = NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .ok_or(AppError::NotFound)?;
    local_to_utc(midnight, DEFAULT_ZONE)
        .map(|instant| instant.naive_utc())
        .map_err(|e| AppError::internal(format!("new year in the club's zone: {e:?}")))
}

/// The report of `year` (404 outside the years the club plans in). The
/// caller is only required: every person of the club may read it.
pub fn year(conn: &mut DbConn, _caller: &Caller, year: i32) -> Result<Report, AppError> {
    if !YEARS.contains(&year) || !YEARS.contains(&(year + 1)) {
        return Err(AppError::NotFound);
    }
    let from = new_year(year)?;
    let until = new_year(year + 1)?.min(db::now());
    let facts = db::reports::year_facts(conn, year, from, until)?;
    Ok(count(year, &facts))
}

/// How many years a body's page looks back, the current one included.
pub const BODY_YEARS: i32 = 10;

/// A body's participation over time.
#[derive(Debug, Clone)]
pub struct BodyReport {
    pub body: Organization,
    /// The last [`BODY_YEARS`] years, oldest first.
    pub years: Vec<BodyYear>,
    /// The groups its people follow today.
    pub groups_followed: usize,
}

/// A body's participation over the last [`BODY_YEARS`] years (404 for an
/// unknown slug).
pub fn body(conn: &mut DbConn, _caller: &Caller, slug: &str) -> Result<BodyReport, AppError> {
    let body = db::organizations::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)?;
    let last = this_year();
    let years = (last - BODY_YEARS + 1)..=last;
    let from = new_year(*years.start())?;
    let facts = db::reports::body_facts(conn, &body.id, years.clone(), from, db::now())?;
    let presences = facts
        .presences
        .into_iter()
        .map(|(meeting_id, starts_at, status)| {
            Ok(BodyPresence {
                meeting_id,
                year: utc(starts_at).with_timezone(&DEFAULT_ZONE).year(),
                presence: decode(&status)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(BodyReport {
        body,
        years: body_years(years, &presences, &facts.proposals),
        groups_followed: facts.groups_followed,
    })
}
