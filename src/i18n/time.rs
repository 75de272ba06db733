//! Words: dates and times in French and English ("jeudi 7 décembre 2017,
//! 14 h 00" / "Thursday 7 December 2017, 14:00"), and why a local time
//! cannot be used. The arithmetic is `domain::time`'s.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;

use crate::domain::Lang;
use crate::domain::time::{DEFAULT_ZONE, LocalTimeError};

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

/// Dates and times in words.
impl Lang {
    /// Why a local time cannot be used, and what to choose instead.
    pub fn local_time_error(self, error: &LocalTimeError, zone: Tz) -> String {
        match (error, self) {
            (
                LocalTimeError::Skipped {
                    requested,
                    before,
                    after,
                },
                Self::Fr,
            ) => format!(
                "{} n'existe pas le {} en {zone} (changement d'heure) : choisissez {} ou {}.",
                self.clock(*requested),
                self.date(requested.date()),
                self.clock(*before),
                self.clock(*after),
            ),
            (
                LocalTimeError::Skipped {
                    requested,
                    before,
                    after,
                },
                Self::En,
            ) => format!(
                "{} does not exist on {} in {zone} (clock change): choose {} or {}.",
                self.clock(*requested),
                self.date(requested.date()),
                self.clock(*before),
                self.clock(*after),
            ),
            (
                LocalTimeError::Repeated {
                    requested,
                    earlier,
                    later,
                },
                Self::Fr,
            ) => format!(
                "{} existe deux fois le {} en {zone} (changement d'heure) : précisez {} (UTC{}) ou {} (UTC{}).",
                self.clock(*requested),
                self.date(requested.date()),
                self.clock(*requested),
                earlier.format("%:z"),
                self.clock(*requested),
                later.format("%:z"),
            ),
            (
                LocalTimeError::Repeated {
                    requested,
                    earlier,
                    later,
                },
                Self::En,
            ) => format!(
                "{} happens twice on {} in {zone} (clock change): say {} (UTC{}) or {} (UTC{}).",
                self.clock(*requested),
                self.date(requested.date()),
                self.clock(*requested),
                earlier.format("%:z"),
                self.clock(*requested),
                later.format("%:z"),
            ),
        }
    }

    /// The days of the week, Monday first: "lundi" … / "Monday" ….
    pub fn weekday_names(self) -> [&'static str; 7] {
        match self {
            Self::Fr => JOURS,
            Self::En => DAYS,
        }
    }
    /// "jeudi 7 décembre 2017" / "Thursday 7 December 2017".
    pub fn date(self, day: NaiveDate) -> String {
        match self {
            Self::Fr => {
                let weekday = JOURS[day.weekday().num_days_from_monday() as usize];
                let month = MOIS[day.month0() as usize];
                let number = if day.day() == 1 {
                    "1er".to_owned()
                } else {
                    day.day().to_string()
                };
                format!("{weekday} {number} {month} {}", day.year())
            }
            Self::En => day.format("%A %-d %B %Y").to_string(),
        }
    }

    /// "07/12" / "7 Dec": a day of a year the page already names.
    pub fn short_date(self, day: NaiveDate) -> String {
        match self {
            Self::Fr => day.format("%d/%m").to_string(),
            Self::En => day.format("%-d %b").to_string(),
        }
    }

    /// "14 h 00" / "14:00".
    pub fn clock(self, time: NaiveDateTime) -> String {
        match self {
            Self::Fr => format!("{} h {:02}", time.hour(), time.minute()),
            Self::En => format!("{:02}:{:02}", time.hour(), time.minute()),
        }
    }

    /// An instant in the club's zone, named: "jeudi 4 décembre 2026, 11 h 20
    /// (heure de Paris)" — for what is not a meeting's time (mail sent,
    /// changes recorded).
    pub fn club_time(self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&DEFAULT_ZONE).naive_local();
        let (date, clock) = (self.date(local.date()), self.clock(local));
        match self {
            Self::Fr => format!("{date}, {clock} (heure de Paris)"),
            Self::En => format!("{date}, {clock} (Paris time)"),
        }
    }

    /// When a meeting happens, in its own zone, named: "jeudi 7 décembre
    /// 2017, 14 h 00 – 17 h 00 (heure de Paris)".
    pub fn span(self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, zone: Tz) -> String {
        let start = starts_at.with_timezone(&zone).naive_local();
        let end = ends_at.with_timezone(&zone).naive_local();
        let mut text = if start.date() == end.date() {
            format!(
                "{}, {} – {}",
                self.date(start.date()),
                self.clock(start),
                self.clock(end)
            )
        } else {
            format!(
                "{}, {} – {}, {}",
                self.date(start.date()),
                self.clock(start),
                self.date(end.date()),
                self.clock(end)
            )
        };
        text.push_str(&format!(" ({})", self.zone_time(zone)));
        text
    }

    /// "heure de Paris" / "Paris time": a zone by its city, as people say it.
    pub fn zone_time(self, zone: Tz) -> String {
        let name = zone.name();
        let city = name.rsplit('/').next().unwrap_or(name).replace('_', " ");
        match self {
            Self::Fr => format!("heure de {city}"),
            Self::En => format!("{city} time"),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use crate::domain::Lang;
    use crate::domain::time::{DEFAULT_ZONE, local_to_utc, parse_zone};

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, min, 0))
            .expect("valid test date")
    }

    #[test]
    fn a_skipped_hour_offers_its_edges() {
        let err = local_to_utc(at(2027, 3, 28, 2, 30), DEFAULT_ZONE).unwrap_err();
        let message = Lang::Fr.local_time_error(&err, DEFAULT_ZONE);
        assert!(
            message.contains("2 h 30 n'existe pas le dimanche 28 mars 2027"),
            "{message}"
        );
        assert!(message.contains("1 h 59 ou 3 h 00"), "{message}");
    }

    #[test]
    fn repeated_hour_is_refused_with_both_offsets() {
        let err = local_to_utc(at(2026, 10, 25, 2, 30), DEFAULT_ZONE).unwrap_err();
        let message = Lang::En.local_time_error(&err, DEFAULT_ZONE);
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
            Lang::Fr.span(start, end, DEFAULT_ZONE),
            "jeudi 10 décembre 2026, 14 h 00 – 17 h 00 (heure de Paris)"
        );
        assert_eq!(
            Lang::En.span(start, end, DEFAULT_ZONE),
            "Thursday 10 December 2026, 14:00 – 17:00 (Paris time)"
        );
    }

    #[test]
    fn other_zones_are_named_by_their_city_and_shown_in_their_own_time() {
        let zone = parse_zone("America/Cayenne").expect("known zone");
        let start = local_to_utc(at(2027, 6, 10, 9, 0), zone).expect("exists");
        let end = local_to_utc(at(2027, 6, 10, 12, 0), zone).expect("exists");
        assert_eq!(
            Lang::Fr.span(start, end, zone),
            "jeudi 10 juin 2027, 9 h 00 – 12 h 00 (heure de Cayenne)"
        );
        let zone = parse_zone("America/Port_of_Spain").expect("known zone");
        assert!(
            Lang::En
                .span(start, end, zone)
                .ends_with(" (Port of Spain time)")
        );
    }

    #[test]
    fn first_of_the_month_is_written_1er() {
        let day = NaiveDate::from_ymd_opt(2027, 6, 1).expect("valid");
        assert_eq!(Lang::Fr.date(day), "mardi 1er juin 2027");
    }
}
