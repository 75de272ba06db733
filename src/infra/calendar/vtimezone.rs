//! VTIMEZONE components drawn from the same time-zone rules (chrono-tz) the
//! application converts times with, so a calendar client and our pages never
//! disagree on an instant.
//!
//! A zone is written the way Outlook and tzurl write it: its **current
//! rules**, as repeating observances (RRULE) from the first year they held,
//! so that every calendar carrying a TZID defines it the same way whatever
//! its events (clients such as vobject and Radicale keep the first
//! definition of a TZID they meet, for every calendar). Events from before
//! those rules get, around them, each earlier change as an observance of its
//! own (exact for any zone, also for rules that changed).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// The last year chrono-tz's tables describe; after it every zone keeps its
/// last offset, so the rules are read from the years up to it.
const LAST_YEAR: i32 = 2099;
/// How far back the rules are looked for.
const FIRST_YEAR: i32 = 1900;

/// An offset in effect: seconds east of UTC, whether it is summer time, its
/// abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Offset {
    seconds: i64,
    daylight: bool,
    name: String,
}

fn offset_at(zone: Tz, instant: DateTime<Utc>) -> Offset {
    let offset = zone.offset_from_utc_datetime(&instant.naive_utc());
    let seconds = (offset.base_utc_offset() + offset.dst_offset()).num_seconds();
    Offset {
        seconds,
        // Dublin's winter is a negative saving: summer time is the positive one
        daylight: offset.dst_offset() > Duration::zero(),
        name: offset
            .abbreviation()
            .map_or_else(|| utc_offset(seconds), str::to_owned),
    }
}

/// `+0100`, `-0330`, `+054517` (seconds only when there are some).
fn utc_offset(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// One change of offset.
#[derive(Debug, Clone)]
struct Change {
    at: DateTime<Utc>,
    before: Offset,
    after: Offset,
}

impl Change {
    /// The onset in the local time before it, as DTSTART wants it.
    fn local(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(self.before.seconds)
    }
}

/// The changes in `[from, to)`.
fn changes(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Change> {
    let mut found = Vec::new();
    let step = Duration::hours(12);
    let mut at = from;
    let mut before = offset_at(zone, at);
    while at < to {
        let next = (at + step).min(to);
        let after = offset_at(zone, next);
        if after != before {
            // the first second with the new offset
            let (mut low, mut high) = (at, next);
            while high - low > Duration::seconds(1) {
                let middle = low + (high - low) / 2;
                if offset_at(zone, middle) == before {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            if high < to {
                found.push(Change {
                    at: high,
                    before,
                    after: after.clone(),
                });
            }
        }
        before = after;
        at = next;
    }
    found
}

fn new_year(year: i32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn changes_in(zone: Tz, year: i32) -> Vec<Change> {
    changes(zone, new_year(year), new_year(year + 1))
}

/// How a yearly change finds its day in its month (RRULE parts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Day {
    /// The n-th weekday of the month (1 to 4).
    Nth(u32, Weekday),
    /// The month's last weekday.
    Last(Weekday),
    /// The weekday on or after a day of the month (Chile's "Sun>=2").
    OnOrAfter(u32, Weekday),
    /// The same day every year (Iran's old rules).
    Fixed(u32),
}

fn days_in_month(date: NaiveDate) -> u32 {
    let (year, month) = (date.year(), date.month());
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt())
        .map_or(28, |last| last.day())
}

fn weekday_code(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

impl Day {
    /// The one way of finding the day that gives each of `dates` (same
    /// month), if there is one.
    fn fitting(dates: &[NaiveDate]) -> Option<Self> {
        let first = *dates.first()?;
        let weekday = first.weekday();
        let days: Vec<u32> = dates.iter().map(|d| d.day()).collect();
        let (min, max) = (days.iter().copied().min()?, days.iter().copied().max()?);
        if dates.iter().all(|d| d.weekday() == weekday) {
            if dates.iter().all(|d| d.day() + 7 > days_in_month(*d)) {
                return Some(Self::Last(weekday));
            }
            let nth = (first.day() - 1) / 7 + 1;
            if nth <= 4 && days.iter().all(|d| (d - 1) / 7 + 1 == nth) {
                return Some(Self::Nth(nth, weekday));
            }
            if max - min <= 6 && max <= 28 {
                return Some(Self::OnOrAfter(max.saturating_sub(6).max(1), weekday));
            }
        }
        (min == max).then_some(Self::Fixed(min))
    }

    /// The day it gives in `year`'s `month`.
    #[cfg(test)]
    fn date(self, year: i32, month: u32) -> Option<NaiveDate> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first.with_day(days_in_month(first))?;
        let on_or_after = |day: u32, weekday: Weekday| {
            let from = first.with_day(day)?;
            from.iter_days().find(|d| d.weekday() == weekday)
        };
        match self {
            Self::Nth(n, weekday) => {
                NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
            }
            Self::Last(weekday) => last.iter_days().rev().find(|d| d.weekday() == weekday),
            Self::OnOrAfter(day, weekday) => on_or_after(day, weekday),
            Self::Fixed(day) => first.with_day(day),
        }
    }
}

/// A change that comes back every year: its month and how it finds its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Yearly {
    month: u32,
    day: Day,
}

impl Yearly {
    fn rrule(self) -> String {
        let by = match self.day {
            Day::Nth(n, weekday) => format!("BYDAY={n}{}", weekday_code(weekday)),
            Day::Last(weekday) => format!("BYDAY=-1{}", weekday_code(weekday)),
            Day::OnOrAfter(first, weekday) => {
                let days: Vec<String> = (first..first + 7).map(|d| d.to_string()).collect();
                format!(
                    "BYMONTHDAY={};BYDAY={}",
                    days.join(","),
                    weekday_code(weekday)
                )
            }
            Day::Fixed(day) => format!("BYMONTHDAY={day}"),
        };
        format!("FREQ=YEARLY;BYMONTH={};{by}", self.month)
    }
}

/// The yearly rules that give the same changes every year of `years` (the
/// changes of each year, in order), if there are such rules.
fn rules_of(years: &[Vec<Change>]) -> Option<Vec<Yearly>> {
    let slots = years.first()?.len();
    if years.iter().any(|year| year.len() != slots) {
        return None;
    }
    (0..slots)
        .map(|slot| {
            let same: Vec<&Change> = years.iter().map(|year| &year[slot]).collect();
            let first = same[0];
            let alike = same.iter().all(|c| {
                c.before == first.before
                    && c.after == first.after
                    && c.local().time() == first.local().time()
                    && c.local().month() == first.local().month()
            });
            if !alike {
                return None;
            }
            let dates: Vec<NaiveDate> = same.iter().map(|c| c.local().date()).collect();
            let month = first.local().month();
            Day::fitting(&dates).map(|day| Yearly { month, day })
        })
        .collect()
}

/// A zone's current rules: observances with their RRULE (none for a zone
/// whose offset no longer changes), and the instant they start from.
#[derive(Debug)]
struct Rules {
    observances: Vec<(Change, Option<Yearly>)>,
    since: DateTime<Utc>,
}

/// Reads the rules back from the last year of the tables, one year at a
/// time, while each year changes the same way.
fn current_rules(zone: Tz) -> Rules {
    let last = changes_in(zone, LAST_YEAR);
    if last.is_empty() {
        // no yearly change: the last change ever, as a single observance
        let latest = (FIRST_YEAR..LAST_YEAR)
            .rev()
            .find_map(|year| changes_in(zone, year).pop());
        let change = latest.unwrap_or_else(|| {
            let unchanged = offset_at(zone, new_year(1970));
            Change {
                at: new_year(1970) - Duration::seconds(unchanged.seconds),
                before: unchanged.clone(),
                after: unchanged,
            }
        });
        return Rules {
            since: change.at,
            observances: vec![(change, None)],
        };
    }
    let mut years = vec![last];
    for year in (FIRST_YEAR..LAST_YEAR).rev() {
        years.push(changes_in(zone, year));
        if rules_of(&years).is_none() {
            years.pop();
            break;
        }
    }
    let rules = rules_of(&years).unwrap_or_default();
    let first = years.pop().unwrap_or_default();
    Rules {
        since: first.first().map_or_else(|| new_year(LAST_YEAR), |c| c.at),
        observances: first.into_iter().zip(rules.into_iter().map(Some)).collect(),
    }
}

/// Each zone's rules, read once per process (about a hundred years of
/// offsets to walk).
fn rules(zone: Tz) -> Arc<Rules> {
    static READ: OnceLock<Mutex<HashMap<Tz, Arc<Rules>>>> = OnceLock::new();
    let read = READ.get_or_init(Mutex::default);
    if let Some(rules) = read.lock().ok().and_then(|r| r.get(&zone).cloned()) {
        return rules;
    }
    let rules = Arc::new(current_rules(zone));
    if let Ok(mut read) = read.lock() {
        read.insert(zone, Arc::clone(&rules));
    }
    rules
}

/// The VTIMEZONE of `zone` for events in `[from, to]`: its current rules,
/// and each earlier change within a year of the events. CRLF line ends,
/// ready to insert in a VCALENDAR.
pub fn vtimezone(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let rules = rules(zone);
    let (from, to) = (from - Duration::days(366), to + Duration::days(366));
    let mut observances: Vec<(Change, Option<Yearly>)> = Vec::new();
    if from < rules.since {
        // before the current rules: the offset at the start, then each change
        let first = offset_at(zone, from);
        observances.push((
            Change {
                at: from,
                before: first.clone(),
                after: first,
            },
            None,
        ));
        let until = to.min(rules.since);
        observances.extend(changes(zone, from, until).into_iter().map(|c| (c, None)));
    }
    observances.extend(rules.observances.iter().cloned());

    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push_str("\r\n");
    };
    line("BEGIN:VTIMEZONE".into());
    line(format!("TZID:{}", zone.name()));
    for (change, rule) in observances {
        // a yearly change forward is summer time (Dublin's tables call its
        // winter the saving, a negative one); any other change by the
        // tables' own saving
        let daylight = match rule {
            Some(_) => change.after.seconds > change.before.seconds,
            None => change.after.daylight,
        };
        let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
        line(format!("BEGIN:{kind}"));
        line(format!(
            "DTSTART:{}",
            change.local().format("%Y%m%dT%H%M%S")
        ));
        if let Some(rule) = rule {
            line(format!("RRULE:{}", rule.rrule()));
        }
        line(format!(
            "TZOFFSETFROM:{}",
            utc_offset(change.before.seconds)
        ));
        line(format!("TZOFFSETTO:{}", utc_offset(change.after.seconds)));
        line(format!("TZNAME:{}", change.after.name));
        line(format!("END:{kind}"));
    }
    line("END:VTIMEZONE".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("an instant")
    }

    fn for_events_in(zone: Tz, year: i32) -> String {
        vtimezone(zone, new_year(year), new_year(year + 1))
    }

    #[test]
    fn paris_is_written_with_its_rules_since_1996() {
        let expected = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n\
            BEGIN:DAYLIGHT\r\nDTSTART:19960331T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
            TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
            BEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
            TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
            END:VTIMEZONE\r\n";
        assert_eq!(for_events_in(chrono_tz::Europe::Paris, 2027), expected);
    }

    #[test]
    fn a_zone_is_defined_the_same_whatever_the_events() {
        for zone in [
            chrono_tz::Europe::Paris,
            chrono_tz::America::New_York,
            chrono_tz::Australia::Sydney,
            chrono_tz::Pacific::Noumea,
            chrono_tz::Europe::Dublin,
        ] {
            assert_eq!(
                for_events_in(zone, 2027),
                vtimezone(
                    zone,
                    utc("2031-07-01T00:00:00Z"),
                    utc("2034-01-01T00:00:00Z")
                ),
                "{zone}"
            );
        }
    }

    #[test]
    fn a_zone_without_summer_time_is_its_last_change() {
        let text = for_events_in(chrono_tz::America::Cayenne, 2027);
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
        assert!(
            !text.contains("DAYLIGHT") && !text.contains("RRULE"),
            "{text}"
        );
        // French Guiana moved from -04 to -03 in 1967
        assert!(
            text.contains("TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0300\r\n"),
            "{text}"
        );
        for zone in [
            chrono_tz::America::Guadeloupe,
            chrono_tz::Indian::Reunion,
            chrono_tz::Pacific::Tahiti,
            chrono_tz::Asia::Kolkata,
        ] {
            let text = for_events_in(zone, 2027);
            assert!(!text.contains("RRULE"), "{text}");
            assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
        }
    }

    #[test]
    fn southern_and_odd_offsets_repeat_by_their_own_rules() {
        let text = for_events_in(chrono_tz::Australia::Lord_Howe, 2027);
        // half an hour of summer time, ending in April, starting in October
        assert!(
            text.contains(
                "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1030"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\nTZOFFSETFROM:+1030\r\nTZOFFSETTO:+1100"
            ),
            "{text}"
        );
        let chatham = for_events_in(chrono_tz::Pacific::Chatham, 2027);
        assert!(chatham.contains("TZOFFSETTO:+1345"), "{chatham}");
        assert_eq!(utc_offset(-(3 * 3600 + 30 * 60)), "-0330");
        assert_eq!(utc_offset(561), "+000921");
    }

    #[test]
    fn dublin_summer_is_daylight_time() {
        let text = for_events_in(chrono_tz::Europe::Dublin, 2027);
        assert!(
            text.contains("BEGIN:DAYLIGHT\r\nDTSTART:19960331T010000\r\n"),
            "{text}"
        );
        assert!(text.contains("TZOFFSETTO:+0100\r\nTZNAME:IST"), "{text}");
    }

    #[test]
    fn events_before_the_rules_get_the_changes_of_their_time() {
        // Paris in 1990: summer time ended in September, not October
        let text = for_events_in(chrono_tz::Europe::Paris, 1990);
        assert!(text.contains("DTSTART:19900930T030000\r\n"), "{text}");
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
            "{text}"
        );
        // Casablanca follows no yearly rule: each change near the events
        let text = for_events_in(chrono_tz::Africa::Casablanca, 2027);
        assert!(text.matches("BEGIN:").count() > 3, "{text}");
    }

    #[test]
    fn rules_repeat_exactly_the_changes_of_the_tables() {
        // the RRULE days match chrono-tz's changes for every year of the rules
        for zone in [
            chrono_tz::Europe::Paris,
            chrono_tz::America::New_York,
            chrono_tz::America::Santiago,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Pacific::Chatham,
        ] {
            let rules = rules(zone);
            let since = rules.since.year();
            for year in since..=LAST_YEAR {
                let changes = changes_in(zone, year);
                assert_eq!(changes.len(), rules.observances.len(), "{zone} {year}");
                for (change, (first, rule)) in changes.iter().zip(&rules.observances) {
                    let rule = rule.expect("a yearly rule");
                    let local = change.local();
                    assert_eq!(
                        rule.day.date(year, rule.month),
                        Some(local.date()),
                        "{zone}"
                    );
                    assert_eq!(local.time(), first.local().time(), "{zone} {year}");
                    assert_eq!(change.after, first.after, "{zone} {year}");
                }
            }
        }
    }
}
