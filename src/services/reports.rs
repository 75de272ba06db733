//! The club's report of one year, as the reports page and its CSV files
//! show it: for people of the club, signed in. A year runs from 1 January
//! to 31 December in the club's zone (Europe/Paris); the current year
//! counts the meetings held so far.

use chrono::{NaiveDate, NaiveDateTime, Utc};

use crate::db::{self, DbConn};
use crate::domain::error::AppError;
use crate::domain::reports::{Report, count};
use crate::domain::time::{DEFAULT_ZONE, YEARS, local_to_utc};
use crate::services::caller::Caller;

/// The current year in the club's zone.
pub fn this_year() -> i32 {
    use chrono::Datelike;
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
