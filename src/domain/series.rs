//! Recurring sessions: a rule such as "the third Thursday of each month,
//! 10:00–11:30 Europe/Paris, from … until …", expanded in local time and
//! only then turned into instants, so 10:00 stays 10:00 across clock changes.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::time::{self, LocalTimeError};
use crate::domain::error::{FieldProblem, Problem};

/// At most this many occurrences in one series.
pub const MAX_OCCURRENCES: usize = 60;

/// How often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// The `ordinal` weekday of each month (ordinal -1: the last).
    Monthly {
        /// 1 to 4, or -1.
        ordinal: i32,
    },
    /// Every `interval` weeks.
    Weekly {
        /// 1 to 8.
        interval: i32,
    },
}

/// A checked rule.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRule {
    pub frequency: Frequency,
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub zone: Tz,
    pub starts_on: NaiveDate,
    pub until: NaiveDate,
}

/// The rule's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct SeriesInput {
    /// `monthly` or `weekly`.
    pub frequency: String,
    /// 0 (Monday) to 6.
    pub weekday: String,
    /// `1`…`4` or `-1`, for monthly rules.
    pub ordinal: String,
    /// Weeks between sessions, for weekly rules.
    pub interval_weeks: String,
    /// `10:00`.
    pub start_time: String,
    pub end_time: String,
    pub time_zone: String,
    /// `2027-01-01`.
    pub starts_on: String,
    pub until: String,
}

fn weekday_of(n: i32) -> Option<Weekday> {
    u8::try_from(n).ok().and_then(|n| Weekday::try_from(n).ok())
}

impl SeriesRule {
    /// Checks the rule, including that every occurrence's local time exists
    /// exactly once in the zone.
    pub fn parse(input: &SeriesInput) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut error = |field: &str, problem: Problem| {
            errors.push(FieldProblem::new(field, problem));
        };
        let number = |text: &str| text.trim().parse::<i32>().ok();
        let frequency = match input.frequency.trim() {
            "monthly" => match number(&input.ordinal).filter(|o| [-1, 1, 2, 3, 4].contains(o)) {
                Some(ordinal) => Some(Frequency::Monthly { ordinal }),
                None => {
                    error("ordinal", Problem::OrdinalExpected);
                    None
                }
            },
            "weekly" => match number(&input.interval_weeks).filter(|i| (1..=8).contains(i)) {
                Some(interval) => Some(Frequency::Weekly { interval }),
                None => {
                    error("interval_weeks", Problem::IntervalExpected);
                    None
                }
            },
            _ => {
                error("frequency", Problem::FrequencyExpected);
                None
            }
        };
        let weekday = number(&input.weekday).and_then(weekday_of);
        if weekday.is_none() {
            error("weekday", Problem::WeekdayExpected);
        }
        let clock = |text: &str| NaiveTime::parse_from_str(text.trim(), "%H:%M").ok();
        let start = clock(&input.start_time);
        if start.is_none() {
            error("start_time", Problem::TimeExpected);
        }
        let end = clock(&input.end_time);
        match (start, end) {
            (_, None) => error("end_time", Problem::TimeExpected),
            (Some(s), Some(e)) if e <= s => error("end_time", Problem::EndBeforeStart),
            _ => {}
        }
        let zone_name = if input.time_zone.trim().is_empty() {
            "Europe/Paris"
        } else {
            input.time_zone.trim()
        };
        let zone = time::parse_zone(zone_name);
        if zone.is_none() {
            error("time_zone", Problem::UnknownZone { hint: false });
        }
        let mut day = |field: &str, text: &str| {
            time::parse_date(text)
                .map_err(|e| error(field, e.problem(Problem::DateExpected { example: None })))
                .ok()
        };
        let starts_on = day("starts_on", &input.starts_on);
        let until = day("until", &input.until);
        if let (Some(s), Some(u)) = (starts_on, until)
            && (u < s || u > s + Duration::days(731))
        {
            error("until", Problem::SeriesSpan);
        }
        let (
            Some(frequency),
            Some(weekday),
            Some(start),
            Some(end),
            Some(zone),
            Some(starts_on),
            Some(until),
            true,
        ) = (
            frequency,
            weekday,
            start,
            end,
            zone,
            starts_on,
            until,
            errors.is_empty(),
        )
        else {
            return Err(errors);
        };
        let rule = Self {
            frequency,
            weekday,
            start,
            end,
            zone,
            starts_on,
            until,
        };
        let dates = rule.dates();
        if dates.is_empty() {
            return Err(vec![FieldProblem::new("until", Problem::NoDateInPeriod)]);
        }
        if dates.len() > MAX_OCCURRENCES {
            return Err(vec![FieldProblem::new(
                "until",
                Problem::TooManySessions {
                    max: MAX_OCCURRENCES,
                },
            )]);
        }
        for date in dates {
            if let Err(error) = rule.occurrence(date) {
                return Err(vec![FieldProblem::new(
                    "start_time",
                    Problem::LocalTime { error, zone },
                )]);
            }
        }
        Ok(rule)
    }

    /// The local dates of the occurrences, in order.
    pub fn dates(&self) -> Vec<NaiveDate> {
        let mut dates = Vec::new();
        match self.frequency {
            Frequency::Weekly { interval } => {
                let offset = (7 + self.weekday.num_days_from_monday()
                    - self.starts_on.weekday().num_days_from_monday())
                    % 7;
                let mut day = self.starts_on + Duration::days(i64::from(offset));
                while day <= self.until && dates.len() <= MAX_OCCURRENCES {
                    dates.push(day);
                    day += Duration::weeks(i64::from(interval));
                }
            }
            Frequency::Monthly { ordinal } => {
                let (mut year, mut month) = (self.starts_on.year(), self.starts_on.month());
                while dates.len() <= MAX_OCCURRENCES {
                    if let Some(day) = nth_weekday(year, month, self.weekday, ordinal) {
                        if day > self.until {
                            break;
                        }
                        if day >= self.starts_on {
                            dates.push(day);
                        }
                    }
                    (year, month) = if month == 12 {
                        (year + 1, 1)
                    } else {
                        (year, month + 1)
                    };
                }
            }
        }
        dates
    }

    /// The instants of the occurrence on `date`.
    pub fn occurrence(
        &self,
        date: NaiveDate,
    ) -> Result<(DateTime<Utc>, DateTime<Utc>), LocalTimeError> {
        Ok((
            time::local_to_utc(date.and_time(self.start), self.zone)?,
            time::local_to_utc(date.and_time(self.end), self.zone)?,
        ))
    }
}

/// The `ordinal` `weekday` of a month (-1: the last).
pub fn nth_weekday(year: i32, month: u32, weekday: Weekday, ordinal: i32) -> Option<NaiveDate> {
    if ordinal == -1 {
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let mut day = NaiveDate::from_ymd_opt(next_year, next_month, 1)? - Duration::days(1);
        while day.weekday() != weekday {
            day -= Duration::days(1);
        }
        return Some(day);
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(ordinal).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn third_thursdays(from: &str, until: &str) -> SeriesInput {
        SeriesInput {
            frequency: "monthly".into(),
            weekday: "3".into(),
            ordinal: "3".into(),
            start_time: "10:00".into(),
            end_time: "11:30".into(),
            starts_on: from.into(),
            until: until.into(),
            ..SeriesInput::default()
        }
    }

    #[test]
    fn a_series_ends_within_the_years() {
        let errors = SeriesRule::parse(&third_thursdays("2027-02-01", "9999-12-31"))
            .expect_err("outside the years");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "until");
        assert_eq!(
            errors[0].problem,
            Problem::OutsideYears {
                first: 1900,
                last: 2200
            }
        );
        let errors = SeriesRule::parse(&third_thursdays("-0001-02-01", "2027-04-30"))
            .expect_err("outside the years");
        assert_eq!(errors[0].field, "starts_on");
    }

    #[test]
    fn third_thursdays_keep_ten_oclock_across_the_clock_change() {
        let rule = SeriesRule::parse(&third_thursdays("2027-02-01", "2027-04-30")).expect("valid");
        let dates = rule.dates();
        let expected: Vec<NaiveDate> = ["2027-02-18", "2027-03-18", "2027-04-15"]
            .iter()
            .map(|d| d.parse().expect("date"))
            .collect();
        assert_eq!(dates, expected);
        let utc_hours: Vec<String> = dates
            .iter()
            .map(|d| {
                rule.occurrence(*d)
                    .expect("exists")
                    .0
                    .format("%H:%M")
                    .to_string()
            })
            .collect();
        // 10:00 in Paris is 09:00 UTC in winter, 08:00 UTC in summer
        assert_eq!(utc_hours, ["09:00", "09:00", "08:00"]);
    }

    #[test]
    fn last_and_weekly_rules() {
        assert_eq!(
            nth_weekday(2027, 3, Weekday::Sun, -1),
            "2027-03-28".parse().ok()
        );
        let weekly = SeriesInput {
            frequency: "weekly".into(),
            interval_weeks: "2".into(),
            weekday: "0".into(),
            ..third_thursdays("2027-01-06", "2027-02-28")
        };
        let rule = SeriesRule::parse(&weekly).expect("valid");
        let dates: Vec<String> = rule.dates().iter().map(ToString::to_string).collect();
        assert_eq!(
            dates,
            ["2027-01-11", "2027-01-25", "2027-02-08", "2027-02-22"]
        );
    }

    #[test]
    fn a_rule_landing_in_the_skipped_hour_is_refused() {
        let input = SeriesInput {
            weekday: "6".into(),
            ordinal: "-1".into(),
            start_time: "02:30".into(),
            end_time: "03:30".into(),
            ..third_thursdays("2027-01-01", "2027-06-30")
        };
        let errors = SeriesRule::parse(&input).expect_err("the last Sunday of March skips 02:30");
        assert_eq!(errors[0].field, "start_time");
        match &errors[0].problem {
            Problem::LocalTime {
                error: LocalTimeError::Skipped { requested, .. },
                ..
            } => assert_eq!(requested.to_string(), "2027-03-28 02:30:00"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn too_long_or_backwards_series_are_refused() {
        assert!(SeriesRule::parse(&third_thursdays("2027-06-01", "2027-01-01")).is_err());
        assert!(SeriesRule::parse(&third_thursdays("2027-01-01", "2030-01-01")).is_err());
        let weekly_forever = SeriesInput {
            frequency: "weekly".into(),
            interval_weeks: "1".into(),
            ..third_thursdays("2027-01-01", "2028-12-31")
        };
        assert!(
            SeriesRule::parse(&weekly_forever).is_err(),
            "more than 60 sessions"
        );
    }
}
