//! A meeting as organizers write it: checked fields, local times turned into
//! instants in the meeting's zone, and the defaults of each kind.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::time;
use super::video::CheckedVideo;
use super::{MeetingFormat, MeetingKind, MeetingStatus, decode};
use crate::domain::error::{FieldProblem, Problem};

/// Longest title kept.
pub const MAX_TITLE: usize = 200;
/// Longest agenda kept.
pub const MAX_AGENDA: usize = 20_000;
/// Longest venue name, address or city kept.
pub const MAX_VENUE_LINE: usize = 300;
/// Longest directions kept.
pub const MAX_DIRECTIONS: usize = 2_000;
/// Longest meeting, in days: a spring plenary may last two days, a seminar a
/// week; nothing the club holds lasts a month. Lists rely on it: a meeting
/// still going on at an instant started less than this before it.
pub const MAX_DAYS: i64 = 7;

/// The longest meeting, [`MAX_DAYS`].
pub fn max_length() -> Duration {
    Duration::days(MAX_DAYS)
}

/// What is wrong with a meeting's span, if anything: an end not after the
/// start, or a meeting longer than [`MAX_DAYS`].
pub fn span_problem(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Option<Problem> {
    if ends_at <= starts_at {
        Some(Problem::EndBeforeStart)
    } else if ends_at - starts_at > max_length() {
        Some(Problem::LongerThan { days: MAX_DAYS })
    } else {
        None
    }
}

/// What an organizer typed, field by field (a form or the API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingInput {
    pub kind: String,
    pub title: String,
    pub format: String,
    pub status: String,
    /// `2027-06-10T09:30`, in `time_zone`.
    pub starts_at_local: String,
    pub ends_at_local: String,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub venue_directions: String,
    /// Decimal degrees, such as `45.7838` (with the longitude, or neither).
    pub venue_latitude: String,
    pub venue_longitude: String,
    /// A body's slug.
    pub host_organization: String,
    /// A working group's slug.
    pub working_group: String,
    pub capacity: String,
    /// Remote seats: empty for no limit.
    pub remote_capacity: String,
    /// In-person seats one body may hold: empty for no limit.
    pub organization_quota: String,
    /// Whether observers' and outsiders' answers wait for an organizer.
    pub approval_required: bool,
    /// Whether answers say if the person takes the lunch.
    pub asks_lunch: bool,
    /// Local, in `time_zone`, like the start.
    pub rsvp_deadline_local: String,
    pub agenda: String,
    /// `jitsi`, `bigbluebutton`, `static_url`, or empty for no room.
    pub video_provider: String,
    /// The room's address, for `static_url`.
    pub video_url: String,
    pub dial_in_number: String,
    pub dial_in_pin: String,
}

/// A checked meeting, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedMeeting {
    pub kind: MeetingKind,
    pub format: MeetingFormat,
    pub status: MeetingStatus,
    pub title: String,
    pub agenda: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub zone: Tz,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_city: Option<String>,
    pub venue_directions: Option<String>,
    /// Latitude and longitude, for maps and calendars (GEO).
    pub venue_geo: Option<(f64, f64)>,
    pub host_organization: Option<String>,
    pub working_group: Option<String>,
    pub capacity: Option<i32>,
    pub remote_capacity: Option<i32>,
    pub organization_quota: Option<i32>,
    pub approval_required: bool,
    /// Whether answers say if the person takes the lunch.
    pub asks_lunch: bool,
    pub rsvp_deadline: Option<DateTime<Utc>>,
    pub video: CheckedVideo,
}

impl MeetingKind {
    /// How long a meeting of this kind lasts unless told otherwise.
    pub fn default_duration(self) -> Duration {
        match self {
            Self::DecemberSession => Duration::hours(3),
            Self::SpringPlenary => Duration::minutes(7 * 60 + 30),
            Self::WorkingGroupSession => Duration::minutes(90),
        }
    }

    /// How people attend a meeting of this kind unless told otherwise.
    pub fn default_format(self) -> MeetingFormat {
        match self {
            Self::DecemberSession | Self::SpringPlenary => MeetingFormat::InPerson,
            Self::WorkingGroupSession => MeetingFormat::Remote,
        }
    }

    /// The local start time a form proposes.
    pub fn default_start(self) -> (u32, u32) {
        match self {
            Self::DecemberSession => (14, 0),
            Self::SpringPlenary => (9, 30),
            Self::WorkingGroupSession => (10, 0),
        }
    }
}

/// Writes a local time the way `time::parse_local` reads it.
pub fn format_local(instant: DateTime<Utc>, zone: Tz) -> String {
    instant
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl CheckedMeeting {
    /// Checks every field; each problem is named with its field (`i18n`
    /// says it in words). An empty end takes the kind's duration; an empty
    /// format, its format.
    pub fn parse(input: &MeetingInput) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let kind: Option<MeetingKind> = decode(input.kind.trim()).ok();
        if kind.is_none() {
            errors.push(FieldProblem::new("kind", Problem::MeetingKind));
        }
        let title = input.title.trim();
        let title = (!title.is_empty()
            && title.chars().count() <= MAX_TITLE
            && !title.chars().any(char::is_control))
        .then(|| title.to_owned());
        if title.is_none() {
            errors.push(FieldProblem::new("title", Problem::Title));
        }
        let format = match input.format.trim() {
            "" => kind.map(MeetingKind::default_format),
            text => {
                let format = decode(text).ok();
                if format.is_none() {
                    errors.push(FieldProblem::new(
                        "format",
                        Problem::OneOf("in_person | remote | hybrid"),
                    ));
                }
                format
            }
        };
        let status = match input.status.trim() {
            "" => Some(MeetingStatus::Scheduled),
            "draft" => Some(MeetingStatus::Draft),
            "scheduled" => Some(MeetingStatus::Scheduled),
            _ => {
                errors.push(FieldProblem::new(
                    "status",
                    Problem::OneOf("draft | scheduled"),
                ));
                None
            }
        };
        let zone_name = if input.time_zone.trim().is_empty() {
            "Europe/Paris"
        } else {
            input.time_zone.trim()
        };
        let zone = time::parse_zone(zone_name);
        if zone.is_none() {
            errors.push(FieldProblem::new(
                "time_zone",
                Problem::UnknownZone { hint: true },
            ));
        }
        let zone = zone.unwrap_or(time::DEFAULT_ZONE);
        let instant = |field: &str, text: &str, errors: &mut Vec<FieldProblem>| {
            time::parse_instant(text, zone, "2027-06-10T09:30")
                .map_err(|problem| errors.push(FieldProblem::new(field, problem)))
                .ok()
        };
        let starts_at = instant("starts_at_local", &input.starts_at_local, &mut errors);
        let ends_at = match (input.ends_at_local.trim(), starts_at, kind) {
            ("", Some(start), Some(kind)) => Some(start + kind.default_duration()),
            ("", _, _) => None,
            (text, _, _) => instant("ends_at_local", text, &mut errors),
        };
        if let (Some(start), Some(end)) = (starts_at, ends_at)
            && let Some(problem) = span_problem(start, end)
        {
            errors.push(FieldProblem::new("ends_at_local", problem));
        }
        let mut count = |field: &str, text: &str, least: i32| match text.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(n) if n >= least => Some(n),
                _ => {
                    errors.push(FieldProblem::new(field, Problem::SeatsExpected));
                    None
                }
            },
        };
        let capacity = count("capacity", &input.capacity, 0);
        let remote_capacity = count("remote_capacity", &input.remote_capacity, 0);
        let organization_quota = count("organization_quota", &input.organization_quota, 1);
        let rsvp_deadline = match input.rsvp_deadline_local.trim() {
            "" => None,
            text => instant("rsvp_deadline_local", text, &mut errors),
        };
        if let (Some(deadline), Some(start)) = (rsvp_deadline, starts_at)
            && deadline > start
        {
            errors.push(FieldProblem::new(
                "rsvp_deadline_local",
                Problem::DeadlineAfterStart,
            ));
        }
        let degrees = |text: &str, max: f64| {
            text.trim()
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|d| d.is_finite() && d.abs() <= max)
        };
        let venue_geo = match (input.venue_latitude.trim(), input.venue_longitude.trim()) {
            ("", "") => None,
            (lat, lon) => match (degrees(lat, 90.0), degrees(lon, 180.0)) {
                (Some(lat), Some(lon)) => Some((lat, lon)),
                _ => {
                    errors.push(FieldProblem::new(
                        "venue_latitude",
                        Problem::DegreesExpected,
                    ));
                    None
                }
            },
        };
        let limits = [
            ("venue_name", &input.venue_name, MAX_VENUE_LINE),
            ("venue_address", &input.venue_address, MAX_VENUE_LINE),
            ("venue_city", &input.venue_city, MAX_VENUE_LINE),
            ("venue_directions", &input.venue_directions, MAX_DIRECTIONS),
            ("agenda", &input.agenda, MAX_AGENDA),
        ];
        for (field, text, max) in limits {
            if text.chars().count() > max {
                errors.push(FieldProblem::new(field, Problem::TooLong { max }));
            }
        }
        let video = CheckedVideo::parse(
            &input.video_provider,
            &input.video_url,
            &input.dial_in_number,
            &input.dial_in_pin,
        )
        .map_err(|e| errors.extend(e))
        .ok();
        match (kind, title, format, status, starts_at, ends_at, video) {
            (
                Some(kind),
                Some(title),
                Some(format),
                Some(status),
                Some(starts_at),
                Some(ends_at),
                Some(video),
            ) if errors.is_empty() => Ok(Self {
                kind,
                format,
                status,
                title,
                agenda: input.agenda.trim().to_owned(),
                starts_at,
                ends_at,
                zone,
                venue_name: optional(&input.venue_name),
                venue_address: optional(&input.venue_address),
                venue_city: optional(&input.venue_city),
                venue_directions: optional(&input.venue_directions),
                venue_geo,
                host_organization: optional(&input.host_organization),
                working_group: optional(&input.working_group),
                capacity,
                remote_capacity,
                organization_quota,
                approval_required: input.approval_required,
                asks_lunch: input.asks_lunch,
                rsvp_deadline,
                video,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::time::LocalTimeError;
    use super::*;

    fn input(start: &str, end: &str) -> MeetingInput {
        MeetingInput {
            kind: "working_group_session".into(),
            title: "Groupe de travail État-civil".into(),
            starts_at_local: start.into(),
            ends_at_local: end.into(),
            ..MeetingInput::default()
        }
    }

    #[test]
    fn kind_gives_duration_and_format() {
        let meeting = CheckedMeeting::parse(&input("2027-01-21T10:00", "")).expect("valid");
        assert_eq!(meeting.ends_at - meeting.starts_at, Duration::minutes(90));
        assert_eq!(meeting.format, MeetingFormat::Remote);
        assert_eq!(meeting.status, MeetingStatus::Scheduled);
        assert_eq!(meeting.starts_at.to_rfc3339(), "2027-01-21T09:00:00+00:00");
    }

    #[test]
    fn skipped_time_is_refused_with_the_valid_ones() {
        let errors = CheckedMeeting::parse(&input("2027-03-28T02:30", "")).expect_err("skipped");
        assert_eq!(errors[0].field, "starts_at_local");
        match &errors[0].problem {
            Problem::LocalTime {
                error: LocalTimeError::Skipped { before, after, .. },
                zone,
            } => {
                assert_eq!(before.to_string(), "2027-03-28 01:59:00");
                assert_eq!(after.to_string(), "2027-03-28 03:00:00");
                assert_eq!(*zone, time::DEFAULT_ZONE);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn repeated_time_is_refused() {
        let errors = CheckedMeeting::parse(&input("2026-10-25T02:30", "2026-10-25T04:00"))
            .expect_err("repeated");
        assert_eq!(errors[0].field, "starts_at_local");
        assert!(
            matches!(
                errors[0].problem,
                Problem::LocalTime {
                    error: LocalTimeError::Repeated { .. },
                    ..
                }
            ),
            "{:?}",
            errors[0].problem
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let raw = MeetingInput {
            kind: "party".into(),
            title: " ".into(),
            starts_at_local: "10/06/2027".into(),
            time_zone: "Mars/Olympus".into(),
            capacity: "-3".into(),
            ..MeetingInput::default()
        };
        let errors = CheckedMeeting::parse(&raw).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["kind", "title", "time_zone", "starts_at_local", "capacity"]
        );
    }

    #[test]
    fn deadline_after_start_and_long_texts_are_refused() {
        let mut raw = input("2027-01-21T10:00", "");
        raw.rsvp_deadline_local = "2027-01-22T10:00".into();
        raw.venue_city = "x".repeat(MAX_VENUE_LINE + 1);
        let errors = CheckedMeeting::parse(&raw).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["rsvp_deadline_local", "venue_city"]);
    }

    #[test]
    fn times_outside_the_years_are_refused_by_field() {
        let mut raw = input("9999-12-31T23:59", "");
        raw.rsvp_deadline_local = "0000-01-01T10:00".into();
        let errors = CheckedMeeting::parse(&raw).expect_err("outside the years");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["starts_at_local", "rsvp_deadline_local"]);
        let outside = Problem::OutsideYears {
            first: 1900,
            last: 2200,
        };
        assert!(errors.iter().all(|e| e.problem == outside), "{errors:?}");
        let errors = CheckedMeeting::parse(&input("2027-01-21T10:00", "-0001-01-21T11:00"))
            .expect_err("outside the years");
        assert_eq!(
            (errors[0].field.as_str(), &errors[0].problem),
            ("ends_at_local", &outside)
        );
    }

    #[test]
    fn end_before_start_is_refused() {
        let errors = CheckedMeeting::parse(&input("2027-01-21T10:00", "2027-01-21T09:00"))
            .expect_err("backwards");
        assert_eq!(errors[0].field, "ends_at_local");
    }

    #[test]
    fn a_week_is_the_longest_meeting() {
        let week = CheckedMeeting::parse(&input("2027-01-18T09:00", "2027-01-25T09:00"))
            .expect("a week is allowed");
        assert_eq!(week.ends_at - week.starts_at, max_length());
        let errors = CheckedMeeting::parse(&input("2027-01-18T09:00", "2027-01-25T09:01"))
            .expect_err("longer than a week");
        assert_eq!(errors[0].field, "ends_at_local");
        assert_eq!(errors[0].problem, Problem::LongerThan { days: MAX_DAYS });
    }

    #[test]
    fn other_zones_are_converted_in_their_own_rules() {
        let mut raw = input("2027-06-10T09:00", "2027-06-10T10:30");
        raw.time_zone = "America/Cayenne".into();
        let meeting = CheckedMeeting::parse(&raw).expect("valid");
        assert_eq!(meeting.starts_at.to_rfc3339(), "2027-06-10T12:00:00+00:00");
        assert_eq!(
            format_local(meeting.starts_at, meeting.zone),
            "2027-06-10T09:00"
        );
    }
}
