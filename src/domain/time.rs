//! Local wall-clock times in a meeting's zone (`i18n::time` shows them).
//!
//! A meeting is planned in local time ("10:00, Europe/Paris") and stored as a
//! UTC instant plus the zone. A local time that does not exist (the hour
//! skipped in spring) or that happens twice (the hour repeated in autumn) is
//! refused, never shifted.

use std::ops::RangeInclusive;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::error::{AppError, Problem};

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

/// The years a date someone sends may fall in. Far wider than anything the
/// club plans, and narrow enough that every date, a week or a zone's offset
/// away, stays an instant both databases store, compare and give back alike
/// (year 10000 breaks SQLite's text order; year 0 and before, PostgreSQL's).
pub const YEARS: RangeInclusive<i32> = 1900..=2200;

/// Why a date or a date and time someone sent is not taken as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTextError {
    /// It does not read as a date (and time) in the form expected.
    Unreadable,
    /// It reads, but its year is outside [`YEARS`].
    OutsideYears,
}

impl DateTextError {
    /// The field's problem; `unreadable` says which form was expected.
    pub fn problem(self, unreadable: Problem) -> Problem {
        match self {
            Self::Unreadable => unreadable,
            Self::OutsideYears => Problem::OutsideYears {
                first: *YEARS.start(),
                last: *YEARS.end(),
            },
        }
    }
}

/// Whether a date falls in [`YEARS`].
pub fn within_years(date: NaiveDate) -> bool {
    YEARS.contains(&date.year())
}

/// Reads a local date and time as the HTML `datetime-local` field writes it
/// (`2027-06-10T09:30`, seconds allowed), within [`YEARS`]. Every date and
/// time a page or an API client sends is read here.
pub fn parse_local(text: &str) -> Result<NaiveDateTime, DateTextError> {
    let text = text.trim();
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| DateTextError::Unreadable)?;
    if within_years(local.date()) {
        Ok(local)
    } else {
        Err(DateTextError::OutsideYears)
    }
}

/// Reads a date (`2027-06-01`), within [`YEARS`]. Every date a page or an
/// API client sends is read here.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateTextError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| DateTextError::Unreadable)?;
    if within_years(date) {
        Ok(date)
    } else {
        Err(DateTextError::OutsideYears)
    }
}

/// The instant of a local date and time someone sent, in `zone`: read by
/// [`parse_local`] (an unreadable text is `DateTimeExpected { example }`),
/// then refused when the clocks skip or repeat it.
pub fn parse_instant(
    text: &str,
    zone: Tz,
    example: &'static str,
) -> Result<DateTime<Utc>, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::DateTimeMissing);
    }
    let local =
        parse_local(text).map_err(|error| error.problem(Problem::DateTimeExpected { example }))?;
    local_to_utc(local, zone).map_err(|error| Problem::LocalTime { error, zone })
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
    fn dates_are_read_from_1900_to_2200() {
        assert_eq!(parse_local("1900-01-01T00:00"), Ok(at(1900, 1, 1, 0, 0)));
        assert_eq!(
            parse_local(" 2200-12-31T23:59 "),
            Ok(at(2200, 12, 31, 23, 59))
        );
        assert_eq!(
            parse_date("2200-12-31"),
            Ok(NaiveDate::from_ymd_opt(2200, 12, 31).expect("a date"))
        );
        assert_eq!(parse_local("2027-06-10"), Err(DateTextError::Unreadable));
        assert_eq!(parse_date("10/06/2027"), Err(DateTextError::Unreadable));
    }

    #[test]
    fn dates_outside_the_years_are_refused() {
        for text in [
            "9999-12-31T23:59",
            "2201-01-01T00:00",
            "1899-12-31T23:59",
            "0000-01-01T10:00",
            "-0001-01-01T10:00",
            "+10000-01-01T10:00",
        ] {
            assert_eq!(
                parse_local(text),
                Err(DateTextError::OutsideYears),
                "{text}"
            );
        }
        for text in [
            "9999-12-31",
            "0000-01-01",
            "-0001-06-01",
            "1899-12-31",
            "2201-01-01",
        ] {
            assert_eq!(parse_date(text), Err(DateTextError::OutsideYears), "{text}");
        }
    }

    #[test]
    fn an_instant_names_its_problem() {
        let example = "2027-06-10T09:30";
        assert_eq!(
            parse_instant("9999-12-31T23:59", DEFAULT_ZONE, example),
            Err(Problem::OutsideYears {
                first: 1900,
                last: 2200
            })
        );
        assert_eq!(
            parse_instant("demain", DEFAULT_ZONE, example),
            Err(Problem::DateTimeExpected { example })
        );
        assert_eq!(
            parse_instant("  ", DEFAULT_ZONE, example),
            Err(Problem::DateTimeMissing),
            "an empty field is missing, not misspelt"
        );
        assert!(matches!(
            parse_instant("2027-03-28T02:30", DEFAULT_ZONE, example),
            Err(Problem::LocalTime { .. })
        ));
        let edge = parse_instant("2200-12-31T23:59", chrono_tz::Pacific::Kiritimati, example);
        assert_eq!(edge.map(|t| t.naive_utc()), Ok(at(2200, 12, 31, 9, 59)));
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
