//! Local wall-clock times in a meeting's zone (`i18n::time` shows them).
//!
//! A meeting is planned in local time ("10:00, Europe/Paris") and stored as a
//! UTC instant plus the zone. A local time that does not exist (the hour
//! skipped in spring) or that happens twice (the hour repeated in autumn) is
//! refused, never shifted.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::error::AppError;

/// The zone meetings are planned in unless told otherwise.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Paris;

/// Why a local time cannot be turned into an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTimeError {
    /// The clocks skip this time: the last valid minute before it and the
    /// first after it are offered instead.
    Skipped {
        /// The time asked for.
        requested: NaiveDateTime,
        /// The last local minute before the gap.
        before: NaiveDateTime,
        /// The first local minute after the gap.
        after: NaiveDateTime,
    },
    /// The clocks show this time twice: the two instants are offered.
    Repeated {
        /// The time asked for.
        requested: NaiveDateTime,
        /// Its first occurrence (summer time).
        earlier: DateTime<Tz>,
        /// Its second occurrence (winter time).
        later: DateTime<Tz>,
    },
}

/// Reads an IANA zone name such as `Europe/Paris`.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// The instant of a local time in `zone`, refusing skipped and repeated times.
pub fn local_to_utc(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, LocalTimeError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => Ok(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, later) => Err(LocalTimeError::Repeated {
            requested: local,
            earlier,
            later,
        }),
        LocalResult::None => {
            let valid = |t: &NaiveDateTime| zone.from_local_datetime(t).single().is_some();
            // Gaps last at most a few hours; walk minute by minute to their edges.
            let step = Duration::minutes(1);
            let mut before = local - step;
            while !valid(&before) {
                before -= step;
            }
            let mut after = local + step;
            while !valid(&after) {
                after += step;
            }
            Err(LocalTimeError::Skipped {
                requested: local,
                before,
                after,
            })
        }
    }
}

/// The zone a row was planned in; a stored name that does not parse is a bug.
pub fn zone(name: &str) -> Result<Tz, AppError> {
    parse_zone(name)
        .ok_or_else(|| AppError::internal(format!("unknown time zone `{name}` in the database")))
}

/// A stored UTC instant.
pub fn utc(stored: NaiveDateTime) -> DateTime<Utc> {
    stored.and_utc()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, min, 0))
            .expect("valid test date")
    }

    #[test]
    fn winter_time_is_utc_plus_one() {
        let instant = local_to_utc(at(2017, 12, 7, 14, 0), DEFAULT_ZONE).expect("exists");
        assert_eq!(instant.naive_utc(), at(2017, 12, 7, 13, 0));
    }

    #[test]
    fn skipped_hour_is_refused_with_its_edges() {
        let err = local_to_utc(at(2027, 3, 28, 2, 30), DEFAULT_ZONE).unwrap_err();
        assert_eq!(
            err,
            LocalTimeError::Skipped {
                requested: at(2027, 3, 28, 2, 30),
                before: at(2027, 3, 28, 1, 59),
                after: at(2027, 3, 28, 3, 0),
            }
        );
    }
}
