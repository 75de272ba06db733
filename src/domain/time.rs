//! Local wall-clock times in a meeting's zone, and how they are shown.
//!
//! A meeting is planned in local time ("10:00, Europe/Paris") and stored as a
//! UTC instant plus the zone. A local time that does not exist (the hour
//! skipped in spring) or that happens twice (the hour repeated in autumn) is
//! refused, never shifted.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::domain::Lang;
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

impl LocalTimeError {
    /// What to tell the person, in their language.
    pub fn message(&self, zone: Tz, lang: Lang) -> String {
        match (self, lang) {
            (
                Self::Skipped {
                    requested,
                    before,
                    after,
                },
                Lang::Fr,
            ) => format!(
                "{} n'existe pas le {} en {zone} (changement d'heure) : choisissez {} ou {}.",
                clock(*requested, lang),
                date(requested.date(), lang),
                clock(*before, lang),
                clock(*after, lang),
            ),
            (
                Self::Skipped {
                    requested,
                    before,
                    after,
                },
                Lang::En,
            ) => format!(
                "{} does not exist on {} in {zone} (clock change): choose {} or {}.",
                clock(*requested, lang),
                date(requested.date(), lang),
                clock(*before, lang),
                clock(*after, lang),
            ),
            (
                Self::Repeated {
                    requested,
                    earlier,
                    later,
                },
                Lang::Fr,
            ) => format!(
                "{} existe deux fois le {} en {zone} (changement d'heure) : précisez {} (UTC{}) ou {} (UTC{}).",
                clock(*requested, lang),
                date(requested.date(), lang),
                clock(*requested, lang),
                earlier.format("%:z"),
                clock(*requested, lang),
                later.format("%:z"),
            ),
            (
                Self::Repeated {
                    requested,
                    earlier,
                    later,
                },
                Lang::En,
            ) => format!(
                "{} happens twice on {} in {zone} (clock change): say {} (UTC{}) or {} (UTC{}).",
                clock(*requested, lang),
                date(requested.date(), lang),
                clock(*requested, lang),
                earlier.format("%:z"),
                clock(*requested, lang),
                later.format("%:z"),
            ),
        }
    }
}

const JOURS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The days of the week, Monday first: "lundi" … / "Monday" ….
pub fn weekday_names(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Fr => JOURS,
        Lang::En => DAYS,
    }
}
const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "jeudi 7 décembre 2017" / "Thursday 7 December 2017".
pub fn date(day: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => {
            let weekday = JOURS[day.weekday().num_days_from_monday() as usize];
            let month = MOIS[day.month0() as usize];
            let number = if day.day() == 1 {
                "1er".to_owned()
            } else {
                day.day().to_string()
            };
            format!("{weekday} {number} {month} {}", day.year())
        }
        Lang::En => day.format("%A %-d %B %Y").to_string(),
    }
}

/// "14 h 00" / "14:00".
pub fn clock(time: NaiveDateTime, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{} h {:02}", time.hour(), time.minute()),
        Lang::En => format!("{:02}:{:02}", time.hour(), time.minute()),
    }
}

/// When a meeting happens, in its own zone: "jeudi 7 décembre 2017, 14 h 00 –
/// 17 h 00", the zone named when it is not Europe/Paris.
pub fn span(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, zone: Tz, lang: Lang) -> String {
    let start = starts_at.with_timezone(&zone).naive_local();
    let end = ends_at.with_timezone(&zone).naive_local();
    let mut text = if start.date() == end.date() {
        format!(
            "{}, {} – {}",
            date(start.date(), lang),
            clock(start, lang),
            clock(end, lang)
        )
    } else {
        format!(
            "{}, {} – {}, {}",
            date(start.date(), lang),
            clock(start, lang),
            date(end.date(), lang),
            clock(end, lang)
        )
    };
    if zone != DEFAULT_ZONE {
        match lang {
            Lang::Fr => text.push_str(&format!(" (heure de {zone})")),
            Lang::En => text.push_str(&format!(" ({zone} time)")),
        }
    }
    text
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
        let message = err.message(DEFAULT_ZONE, Lang::Fr);
        assert!(
            message.contains("2 h 30 n'existe pas le dimanche 28 mars 2027"),
            "{message}"
        );
        assert!(message.contains("1 h 59 ou 3 h 00"), "{message}");
    }

    #[test]
    fn repeated_hour_is_refused_with_both_offsets() {
        let err = local_to_utc(at(2026, 10, 25, 2, 30), DEFAULT_ZONE).unwrap_err();
        let message = err.message(DEFAULT_ZONE, Lang::En);
        assert!(
            message.contains("UTC+02:00") && message.contains("UTC+01:00"),
            "{message}"
        );
    }

    #[test]
    fn span_in_french_as_the_club_writes_it() {
        let start = local_to_utc(at(2026, 12, 10, 14, 0), DEFAULT_ZONE).expect("exists");
        let end = local_to_utc(at(2026, 12, 10, 17, 0), DEFAULT_ZONE).expect("exists");
        assert_eq!(
            span(start, end, DEFAULT_ZONE, Lang::Fr),
            "jeudi 10 décembre 2026, 14 h 00 – 17 h 00"
        );
        assert_eq!(
            span(start, end, DEFAULT_ZONE, Lang::En),
            "Thursday 10 December 2026, 14:00 – 17:00"
        );
    }

    #[test]
    fn other_zones_are_named_and_shown_in_their_own_time() {
        let zone = parse_zone("America/Cayenne").expect("known zone");
        let start = local_to_utc(at(2027, 6, 10, 9, 0), zone).expect("exists");
        let end = local_to_utc(at(2027, 6, 10, 12, 0), zone).expect("exists");
        assert_eq!(
            span(start, end, zone, Lang::Fr),
            "jeudi 10 juin 2027, 9 h 00 – 12 h 00 (heure de America/Cayenne)"
        );
    }

    #[test]
    fn first_of_the_month_is_written_1er() {
        let day = NaiveDate::from_ymd_opt(2027, 6, 1).expect("valid");
        assert_eq!(date(day, Lang::Fr), "mardi 1er juin 2027");
    }
}
