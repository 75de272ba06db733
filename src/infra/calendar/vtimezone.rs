//! VTIMEZONE components drawn from the same time-zone rules (chrono-tz) the
//! application converts times with, so a calendar client and our pages never
//! disagree on an instant.
//!
//! Each offset change inside the span is written as its own observance
//! (DTSTART at the onset, in the local time before it; no RRULE): valid RFC
//! 5545, exact for any zone — also for zones whose rules changed — and
//! identical for identical spans.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

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
    Offset {
        seconds: (offset.base_utc_offset() + offset.dst_offset()).num_seconds(),
        daylight: !offset.dst_offset().is_zero(),
        name: offset
            .abbreviation()
            .map_or_else(|| utc_offset(offset_seconds(&offset)), str::to_owned),
    }
}

fn offset_seconds(offset: &chrono_tz::TzOffset) -> i64 {
    (offset.base_utc_offset() + offset.dst_offset()).num_seconds()
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

fn local(instant: DateTime<Utc>, seconds: i64) -> NaiveDateTime {
    instant.naive_utc() + Duration::seconds(seconds)
}

/// The instants in `[from, to]` where the zone's offset changes, with the
/// offset before and after each.
fn transitions(
    zone: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, Offset, Offset)> {
    let mut found = Vec::new();
    let step = Duration::hours(12);
    let mut at = from;
    let mut before = offset_at(zone, at);
    while at < to {
        let next = (at + step).min(to);
        let after = offset_at(zone, next);
        if after.seconds != before.seconds || after.daylight != before.daylight {
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
            found.push((high, before, after.clone()));
        }
        before = after;
        at = next;
    }
    found
}

/// The VTIMEZONE of `zone` covering `[from, to]`, CRLF line ends, ready to
/// insert in a VCALENDAR.
pub fn vtimezone(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push_str("\r\n");
    };
    line("BEGIN:VTIMEZONE".into());
    line(format!("TZID:{}", zone.name()));
    // the offset in effect at the start of the span, as an observance of its own
    let first = offset_at(zone, from);
    let mut observances = vec![(local(from, first.seconds), first.clone(), first)];
    observances.extend(
        transitions(zone, from, to)
            .into_iter()
            .map(|(at, before, after)| (local(at, before.seconds), before, after)),
    );
    for (start, before, after) in observances {
        let kind = if after.daylight {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        line(format!("BEGIN:{kind}"));
        line(format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")));
        line(format!("TZOFFSETFROM:{}", utc_offset(before.seconds)));
        line(format!("TZOFFSETTO:{}", utc_offset(after.seconds)));
        line(format!("TZNAME:{}", after.name));
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

    #[test]
    fn paris_in_2027_has_its_two_changes_at_the_right_instants() {
        let text = vtimezone(
            chrono_tz::Europe::Paris,
            utc("2027-01-01T00:00:00Z"),
            utc("2027-12-31T00:00:00Z"),
        );
        let expected = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n\
            BEGIN:STANDARD\r\nDTSTART:20270101T010000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
            BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
            BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
            END:VTIMEZONE\r\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_zone_without_summer_time_has_one_observance() {
        let text = vtimezone(
            chrono_tz::America::Cayenne,
            utc("2027-01-01T00:00:00Z"),
            utc("2028-01-01T00:00:00Z"),
        );
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1);
        assert!(text.contains("TZOFFSETTO:-0300"), "{text}");
        assert!(!text.contains("DAYLIGHT"));
    }

    #[test]
    fn southern_and_odd_offsets_are_written_exactly() {
        let text = vtimezone(
            chrono_tz::Australia::Lord_Howe,
            utc("2027-01-01T00:00:00Z"),
            utc("2027-12-31T00:00:00Z"),
        );
        // half an hour of summer time, ending in April, starting in October
        assert!(
            text.contains("TZOFFSETFROM:+1100\r\nTZOFFSETTO:+1030"),
            "{text}"
        );
        assert!(
            text.contains("TZOFFSETFROM:+1030\r\nTZOFFSETTO:+1100"),
            "{text}"
        );
        assert_eq!(utc_offset(-(3 * 3600 + 30 * 60)), "-0330");
        assert_eq!(utc_offset(561), "+000921");
    }
}
