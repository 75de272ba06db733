//! Reminders before meetings: by default 24 hours and 1 hour before the
//! start (`Settings::reminders`), to each confirmed participant who did not
//! turn them off. The mail worker calls [`queue_due`] every minute or so;
//! each reminder's dedupe key (meeting, person, offset, start) makes it
//! queued once, however many instances run and however often they look.
//! Whole days are days of the meeting's calendar (as RFC 5545's `-P1D`): a
//! meeting at 10:00 on the Sunday the clocks change is reminded at 10:00 on
//! the Saturday, 23 hours before; other offsets are exact durations.

use chrono::{Duration, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::db::schema::meetings;
use crate::db::{self, DbConn};
use crate::domain::error::AppError;
use crate::domain::rsvps::RsvpNotice;
use crate::domain::rsvps::RsvpState;
use crate::domain::{MeetingStatus, code};
use crate::infra::settings::Settings;

/// When the reminder `offset` before `start` (UTC) is due: whole days back
/// on the zone's calendar, at the same wall-clock time; other offsets back
/// in exact time.
pub fn due_at(start: NaiveDateTime, zone: Tz, offset: Duration) -> NaiveDateTime {
    let exact = start - offset;
    if offset.num_minutes() % (24 * 60) != 0 {
        return exact;
    }
    let local = zone.from_utc_datetime(&start).naive_local() - offset;
    // a wall-clock time the clocks skip or repeat: its first instant
    zone.from_local_datetime(&local)
        .earliest()
        .map_or(exact, |t| t.naive_utc())
}

/// The offset whose reminder is due for a meeting starting at `start`, with
/// its due instant: the nearest of those whose time has come, while the
/// meeting has not started; none otherwise. The nearest: a reminder late
/// because no worker ran is replaced by the nearer one.
pub fn due_offset(
    offsets: &[Duration],
    start: NaiveDateTime,
    zone: Tz,
    now: NaiveDateTime,
) -> Option<(Duration, NaiveDateTime)> {
    if start <= now {
        return None;
    }
    offsets
        .iter()
        .map(|offset| (*offset, due_at(start, zone, *offset)))
        .filter(|(_, due)| *due <= now)
        .max_by_key(|(_, due)| *due)
}

/// The offsets a person wants among the club's: all of them unless they
/// chose (`reminder_minutes`, comma-separated minutes; empty for none).
pub fn wanted(club: &[Duration], chosen: Option<&str>) -> Vec<Duration> {
    match chosen {
        None => club.to_vec(),
        Some(text) => club
            .iter()
            .copied()
            .filter(|offset| {
                text.split(',')
                    .any(|m| m.trim().parse::<i64>().ok() == Some(offset.num_minutes()))
            })
            .collect(),
    }
}

/// Queues the reminders due at `now`; returns how many were queued. Call
/// it in a write transaction.
pub fn queue_due(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let Some(longest) = settings.reminders.iter().copied().max() else {
        return Ok(0);
    };
    // an hour more: a calendar day may have 25 hours
    let soon: Vec<(String, NaiveDateTime, String)> = meetings::table
        .filter(meetings::status.eq(code(MeetingStatus::Scheduled)))
        .filter(meetings::starts_at.gt(now))
        .filter(meetings::starts_at.le(now + longest + Duration::hours(1)))
        .select((meetings::id, meetings::starts_at, meetings::time_zone))
        .load(conn)?;
    let mut queued = 0;
    for (meeting_id, start, zone) in soon {
        let zone = crate::domain::time::zone(&zone)?;
        if due_offset(&settings.reminders, start, zone, now).is_none() {
            continue;
        }
        let listing = db::meetings::find(conn, &meeting_id)?.ok_or(AppError::NotFound)?;
        for p in db::rsvps::participants(conn, &meeting_id)? {
            if p.rsvp.state != code(RsvpState::Confirmed) {
                continue;
            }
            let offsets = wanted(&settings.reminders, p.person.reminder_minutes.as_deref());
            let Some((offset, due_at)) = due_offset(&offsets, start, zone, now) else {
                continue;
            };
            // people who answered after the reminder's time know already
            if p.rsvp.updated_at > due_at {
                continue;
            }
            let key = format!(
                "reminder:{meeting_id}:{}:{}:{}",
                p.person.id,
                offset.num_minutes(),
                start.and_utc().timestamp()
            );
            if crate::infra::mail::outbox::dedupe_key_exists(conn, &key)? {
                continue;
            }
            crate::services::notices::send(
                conn,
                settings,
                &listing,
                &p,
                RsvpNotice::Reminder,
                None,
                key,
            )?;
            queued += 1;
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        text.parse().expect("a time")
    }

    #[test]
    fn the_nearest_due_reminder_wins_and_none_after_the_start() {
        let paris = chrono_tz::Europe::Paris;
        let offsets = [Duration::hours(24), Duration::hours(1)];
        // 10:00 on 28 March 2027 in Paris, just after the clocks went forward
        let start = at("2027-03-28T08:00:00");
        let day = |now: &str| due_offset(&offsets, start, paris, at(now)).map(|(o, _)| o);
        assert_eq!(day("2027-03-27T08:59:00"), None);
        assert_eq!(
            day("2027-03-27T09:00:00"),
            Some(Duration::hours(24)),
            "10:00 the day before"
        );
        assert_eq!(day("2027-03-28T07:00:00"), Some(Duration::hours(1)));
        assert_eq!(day("2027-03-28T08:00:00"), None);
        assert!(due_offset(&[], start, paris, at("2027-03-28T07:30:00")).is_none());
        // outside a clock change, a day is 24 hours
        assert_eq!(
            due_at(at("2027-06-10T07:30:00"), paris, Duration::days(1)),
            at("2027-06-09T07:30:00")
        );
        assert_eq!(
            due_at(at("2027-06-10T07:30:00"), paris, Duration::minutes(90)),
            at("2027-06-10T06:00:00")
        );
    }

    #[test]
    fn a_person_keeps_some_of_the_clubs_reminders() {
        let club = [Duration::hours(24), Duration::hours(1)];
        assert_eq!(wanted(&club, None), club);
        assert_eq!(wanted(&club, Some("60")), [Duration::hours(1)]);
        assert_eq!(wanted(&club, Some(" 1440 , 15")), [Duration::hours(24)]);
        assert!(wanted(&club, Some("")).is_empty());
    }
}
