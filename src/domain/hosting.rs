//! Calls for hosts and host proposals as people write them, and the rules of
//! a proposal's life, without a database.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ProposalState;
use super::meetings::{MAX_DIRECTIONS, MAX_TITLE, MAX_VENUE_LINE};
use super::time;
use crate::domain::error::{FieldProblem, Problem};

/// Candidate dates a proposal offers, at most.
pub const MAX_DATES: usize = 5;
/// Longest free text kept (requirements, accessibility, catering…).
pub const MAX_TEXT: usize = 5_000;
/// Most people a venue may claim to seat.
pub const MAX_CAPACITY: i32 = 100_000;

stored_enum! {
    /// What changed in a proposal's life, as recorded with who and when.
    pub enum ProposalEvent {
        Submitted,
        Edited,
        Shortlisted,
        Accepted,
        Declined,
        Withdrawn,
    }
}

impl ProposalState {
    /// Whether the proposal still competes (neither decided nor withdrawn).
    pub fn is_live(self) -> bool {
        matches!(self, Self::Submitted | Self::Shortlisted)
    }

    /// The state `event` leads to from this one, if it may happen now.
    pub fn after(self, event: ProposalEvent) -> Option<Self> {
        match (self, event) {
            (Self::Submitted | Self::Shortlisted, ProposalEvent::Edited) => Some(self),
            (Self::Submitted, ProposalEvent::Shortlisted) => Some(Self::Shortlisted),
            (Self::Submitted | Self::Shortlisted, ProposalEvent::Accepted) => Some(Self::Accepted),
            (Self::Submitted | Self::Shortlisted, ProposalEvent::Declined) => Some(Self::Declined),
            (Self::Submitted | Self::Shortlisted, ProposalEvent::Withdrawn) => {
                Some(Self::Withdrawn)
            }
            _ => None,
        }
    }
}

fn line(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= max && !text.chars().any(char::is_control))
        .then(|| text.to_owned())
}

fn free_text(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    (text.chars().count() <= max).then(|| text.to_owned())
}

fn date(text: &str) -> Result<NaiveDate, Problem> {
    time::parse_date(text).map_err(|error| {
        error.problem(Problem::DateExpected {
            example: Some("2027-06-01"),
        })
    })
}

/// A call for hosts as an admin writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallInput {
    pub title: String,
    pub year: String,
    /// `2027-06-01`.
    pub wished_period_start: String,
    pub wished_period_end: String,
    /// The last day proposals are taken (Europe/Paris).
    pub deadline: String,
    /// What a host must offer, in Markdown.
    pub requirements: String,
}

/// A checked call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCall {
    pub title: String,
    pub year: i32,
    pub wished_period_start: NaiveDate,
    pub wished_period_end: NaiveDate,
    pub deadline: NaiveDate,
    pub requirements: String,
}

impl CheckedCall {
    /// Checks every field; `today` is the club's date.
    pub fn parse(input: &CallInput, today: NaiveDate) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut need = |field: &str, ok: bool, problem: Problem| {
            if !ok {
                errors.push(FieldProblem::new(field, problem));
            }
        };
        let title = line(&input.title, MAX_TITLE);
        need("title", title.is_some(), Problem::Title);
        let year = input.year.trim().parse::<i32>().ok();
        need(
            "year",
            year.is_some_and(|y| (today.year()..=today.year() + 10).contains(&y)),
            Problem::PlenaryYear,
        );
        let mut dated = |field: &str, text: &str| {
            date(text)
                .map_err(|problem| need(field, false, problem))
                .ok()
        };
        let start = dated("wished_period_start", &input.wished_period_start);
        let end = dated("wished_period_end", &input.wished_period_end);
        let deadline = dated("deadline", &input.deadline);
        if let (Some(start), Some(end)) = (start, end) {
            need(
                "wished_period_end",
                end >= start,
                Problem::PeriodEndsBeforeStart,
            );
        }
        if let Some(deadline) = deadline {
            need("deadline", deadline >= today, Problem::CallDeadlinePast);
            if let Some(start) = start {
                need("deadline", deadline < start, Problem::DeadlineAfterPeriod);
            }
        }
        let requirements = free_text(&input.requirements, MAX_TEXT);
        need("requirements", requirements.is_some(), Problem::LongText);
        match (title, year, start, end, deadline, requirements) {
            (
                Some(title),
                Some(year),
                Some(start),
                Some(end),
                Some(deadline),
                Some(requirements),
            ) if errors.is_empty() => Ok(Self {
                title,
                year,
                wished_period_start: start,
                wished_period_end: end,
                deadline,
                requirements,
            }),
            _ => Err(errors),
        }
    }
}

/// One candidate date as written: local times in the proposal's zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CandidateInput {
    /// `2027-06-10T09:30`.
    pub starts_at_local: String,
    pub ends_at_local: String,
}

/// A host proposal as a body's manager writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalInput {
    pub candidate_dates: Vec<CandidateInput>,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub venue_directions: String,
    /// For people with reduced mobility.
    pub accessibility: String,
    pub capacity: String,
    /// Rooms and other equipment.
    pub equipment: String,
    pub has_screen: bool,
    pub has_sound: bool,
    pub has_streaming: bool,
    pub catering: String,
    pub access_notes: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// A checked proposal, with what deserves a second look but is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedProposal {
    /// Start and end of each candidate date, in order.
    pub dates: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    pub zone: Tz,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub venue_directions: String,
    pub accessibility: String,
    pub capacity: i32,
    pub equipment: String,
    pub has_screen: bool,
    pub has_sound: bool,
    pub has_streaming: bool,
    pub catering: String,
    pub access_notes: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// Dates outside the wished period: said, not refused.
    pub warnings: Vec<FieldProblem>,
}

/// Whether a date starting at `start` falls outside the wished `period`
/// (first and last days), by its day in the proposal's `zone`.
pub fn outside_period(start: DateTime<Utc>, zone: Tz, period: (NaiveDate, NaiveDate)) -> bool {
    let day = start.with_timezone(&zone).date_naive();
    day < period.0 || day > period.1
}

/// Whether a supporter would back their own body's proposal: support
/// measures how the rest of the club sees a proposal, so the proposing
/// body's own people and managers do not add to it. `proposing` is the
/// proposal's body, `supporter_body` the supporter's, `managed` the bodies
/// they manage (ids).
pub fn supports_own_body(
    proposing: &str,
    supporter_body: Option<&str>,
    managed: &[String],
) -> bool {
    supporter_body == Some(proposing) || managed.iter().any(|m| m == proposing)
}

/// The field name of a candidate date's start or end, as the API and the
/// form name it.
pub fn candidate_field(index: usize, end: bool) -> String {
    let part = if end {
        "ends_at_local"
    } else {
        "starts_at_local"
    };
    format!("candidate_dates[{index}].{part}")
}

fn looks_like_email(text: &str) -> bool {
    let mut parts = text.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(local), Some(domain), None)
            if !local.is_empty() && domain.contains('.') && !text.chars().any(|c| c.is_whitespace() || c.is_control())
    )
}

impl CheckedProposal {
    /// Checks every field. `period` is the call's wished period
    /// (dates outside it are warned about); `now` refuses dates in the past.
    /// Rows with neither start nor end are left out.
    pub fn parse(
        input: &ProposalInput,
        period: (NaiveDate, NaiveDate),
        now: DateTime<Utc>,
    ) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let zone_name = match input.time_zone.trim() {
            "" => time::DEFAULT_ZONE.name(),
            name => name,
        };
        let zone = time::parse_zone(zone_name).unwrap_or_else(|| {
            errors.push(FieldProblem::new(
                "time_zone",
                Problem::UnknownZone { hint: true },
            ));
            time::DEFAULT_ZONE
        });
        let rows: Vec<(usize, &CandidateInput)> = input
            .candidate_dates
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                !(c.starts_at_local.trim().is_empty() && c.ends_at_local.trim().is_empty())
            })
            .collect();
        if rows.is_empty() {
            errors.push(FieldProblem::new(
                candidate_field(0, false),
                Problem::NoDate,
            ));
        }
        if input.candidate_dates.len() > MAX_DATES || rows.len() > MAX_DATES {
            errors.push(FieldProblem::new("candidate_dates", Problem::TooManyDates));
        }
        let mut dates = Vec::new();
        for (index, row) in rows {
            let instant = |end: bool, text: &str, errors: &mut Vec<FieldProblem>| {
                time::parse_instant(text, zone, "2027-06-10T09:30")
                    .map_err(|problem| {
                        errors.push(FieldProblem::new(candidate_field(index, end), problem))
                    })
                    .ok()
            };
            let start = instant(false, &row.starts_at_local, &mut errors);
            let end = instant(true, &row.ends_at_local, &mut errors);
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if let Some(problem) = super::meetings::span_problem(start, end) {
                errors.push(FieldProblem::new(candidate_field(index, true), problem));
            } else if start <= now {
                errors.push(FieldProblem::new(
                    candidate_field(index, false),
                    Problem::DatePassed,
                ));
            } else if dates.iter().any(|&(s, _)| s == start) {
                errors.push(FieldProblem::new(
                    candidate_field(index, false),
                    Problem::DateOffered,
                ));
            } else {
                if outside_period(start, zone, period) {
                    warnings.push(FieldProblem::new(
                        candidate_field(index, false),
                        Problem::OutsidePeriod,
                    ));
                }
                dates.push((start, end));
            }
        }
        let mut required = |field: &str, text: &str, max: usize| {
            let value = line(text, max);
            if value.is_none() {
                errors.push(FieldProblem::new(field, Problem::RequiredLine));
            }
            value.unwrap_or_default()
        };
        let venue_name = required("venue_name", &input.venue_name, MAX_VENUE_LINE);
        let venue_city = required("venue_city", &input.venue_city, MAX_VENUE_LINE);
        let mut text = |field: &str, value: &str, max: usize| {
            free_text(value, max).unwrap_or_else(|| {
                errors.push(FieldProblem::new(field, Problem::TooLong { max }));
                String::new()
            })
        };
        let venue_address = text("venue_address", &input.venue_address, MAX_VENUE_LINE);
        let venue_directions = text("venue_directions", &input.venue_directions, MAX_DIRECTIONS);
        let accessibility = text("accessibility", &input.accessibility, MAX_TEXT);
        let equipment = text("equipment", &input.equipment, MAX_TEXT);
        let catering = text("catering", &input.catering, MAX_TEXT);
        let access_notes = text("access_notes", &input.access_notes, MAX_TEXT);
        let contact_name = text("contact_name", &input.contact_name, MAX_VENUE_LINE);
        let contact_email = text("contact_email", &input.contact_email, MAX_VENUE_LINE);
        let contact_phone = text("contact_phone", &input.contact_phone, 50);
        if !contact_email.is_empty() && !looks_like_email(&contact_email) {
            errors.push(FieldProblem::new("contact_email", Problem::EmailInvalid));
        }
        let capacity = input
            .capacity
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|c| (1..=MAX_CAPACITY).contains(c));
        if capacity.is_none() {
            errors.push(FieldProblem::new("capacity", Problem::CapacityExpected));
        }
        match capacity {
            Some(capacity) if errors.is_empty() => Ok(Self {
                dates,
                zone,
                venue_name,
                venue_address,
                venue_city,
                venue_directions,
                accessibility,
                capacity,
                equipment,
                has_screen: input.has_screen,
                has_sound: input.has_sound,
                has_streaming: input.has_streaming,
                catering,
                access_notes,
                contact_name,
                contact_email,
                contact_phone,
                warnings,
            }),
            _ => Err(errors),
        }
    }
}

/// A message about a call for hosts and its proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostingNotice {
    /// A call is open: members may propose to host.
    CallOpened,
    /// The body's proposal is accepted.
    Accepted,
    /// The body's proposal is not chosen.
    Declined,
    /// The club has its host: the plenary is scheduled.
    HostChosen,
}

impl HostingNotice {
    /// The template's name, logged and shown to admins.
    pub fn kind(self) -> &'static str {
        match self {
            Self::CallOpened => "hosting_call_opened",
            Self::Accepted => "host_proposal_accepted",
            Self::Declined => "host_proposal_declined",
            Self::HostChosen => "host_chosen",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn june() -> (NaiveDate, NaiveDate) {
        (
            NaiveDate::from_ymd_opt(2027, 6, 1).expect("date"),
            NaiveDate::from_ymd_opt(2027, 6, 30).expect("date"),
        )
    }

    fn now() -> DateTime<Utc> {
        "2026-11-30T10:00:00Z".parse().expect("instant")
    }

    fn proposal(dates: &[(&str, &str)]) -> ProposalInput {
        ProposalInput {
            candidate_dates: dates
                .iter()
                .map(|(s, e)| CandidateInput {
                    starts_at_local: (*s).into(),
                    ends_at_local: (*e).into(),
                })
                .collect(),
            venue_name: "Hôtel de la Métropole".into(),
            venue_city: "Lyon".into(),
            capacity: "80".into(),
            ..ProposalInput::default()
        }
    }

    fn fields(errors: &[FieldProblem]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_date_in_the_period_is_taken_in_the_zone() {
        let checked = CheckedProposal::parse(
            &proposal(&[("2027-06-10T09:30", "2027-06-10T17:00")]),
            june(),
            now(),
        )
        .expect("valid");
        assert_eq!(checked.dates[0].0.to_rfc3339(), "2027-06-10T07:30:00+00:00");
        assert!(checked.warnings.is_empty());
    }

    #[test]
    fn a_date_outside_the_period_is_a_warning_not_a_refusal() {
        let checked = CheckedProposal::parse(
            &proposal(&[
                ("2027-06-10T09:30", "2027-06-10T17:00"),
                ("2027-07-01T09:30", "2027-07-01T17:00"),
            ]),
            june(),
            now(),
        )
        .expect("valid");
        assert_eq!(checked.dates.len(), 2);
        assert_eq!(
            fields(&checked.warnings),
            ["candidate_dates[1].starts_at_local"]
        );
    }

    #[test]
    fn no_date_past_dates_and_empty_seats_are_refused() {
        let mut input = proposal(&[]);
        input.capacity = "0".into();
        let errors = CheckedProposal::parse(&input, june(), now()).expect_err("refused");
        assert_eq!(
            fields(&errors),
            ["candidate_dates[0].starts_at_local", "capacity"]
        );
        let errors = CheckedProposal::parse(
            &proposal(&[("2026-06-10T09:30", "2026-06-10T17:00")]),
            june(),
            now(),
        )
        .expect_err("past");
        assert_eq!(errors[0].problem, Problem::DatePassed);
    }

    #[test]
    fn six_dates_a_skipped_hour_and_a_reversed_date_are_refused() {
        let six: Vec<(String, String)> = (1..=6)
            .map(|d| (format!("2027-06-0{d}T09:30"), format!("2027-06-0{d}T17:00")))
            .collect();
        let six: Vec<(&str, &str)> = six.iter().map(|(s, e)| (s.as_str(), e.as_str())).collect();
        let errors = CheckedProposal::parse(&proposal(&six), june(), now()).expect_err("six");
        assert_eq!(fields(&errors), ["candidate_dates"]);
        let errors = CheckedProposal::parse(
            &proposal(&[
                ("2027-03-28T02:30", "2027-03-28T17:00"),
                ("2027-06-10T17:00", "2027-06-10T09:30"),
            ]),
            june(),
            now(),
        )
        .expect_err("refused");
        assert_eq!(
            fields(&errors),
            [
                "candidate_dates[0].starts_at_local",
                "candidate_dates[1].ends_at_local"
            ]
        );
    }

    #[test]
    fn a_body_does_not_support_its_own_proposal() {
        let managed = vec!["lyon".to_owned()];
        assert!(supports_own_body("lyon", Some("lyon"), &[]));
        assert!(supports_own_body("lyon", Some("arles"), &managed));
        assert!(!supports_own_body("lyon", Some("arles"), &[]));
        assert!(!supports_own_body("lyon", None, &[]));
    }

    #[test]
    fn a_proposal_lives_until_decided_or_withdrawn() {
        use ProposalEvent as E;
        use ProposalState as S;
        assert_eq!(S::Submitted.after(E::Shortlisted), Some(S::Shortlisted));
        assert_eq!(S::Shortlisted.after(E::Accepted), Some(S::Accepted));
        assert_eq!(S::Shortlisted.after(E::Shortlisted), None);
        assert_eq!(S::Accepted.after(E::Withdrawn), None);
        assert_eq!(S::Declined.after(E::Accepted), None);
        assert_eq!(S::Withdrawn.after(E::Edited), None);
    }

    #[test]
    fn a_call_needs_its_deadline_before_its_period() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        let input = CallInput {
            title: "Appel à accueil 2027".into(),
            year: "2027".into(),
            wished_period_start: "2027-06-01".into(),
            wished_period_end: "2027-06-30".into(),
            deadline: "2027-07-15".into(),
            requirements: String::new(),
        };
        let errors = CheckedCall::parse(&input, today).expect_err("late deadline");
        assert_eq!(fields(&errors), ["deadline"]);
        let ok = CallInput {
            deadline: "2027-03-15".into(),
            ..input
        };
        assert_eq!(CheckedCall::parse(&ok, today).expect("valid").year, 2027);
    }

    #[test]
    fn a_call_s_dates_stay_within_the_years() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
        let input = CallInput {
            title: "Appel à accueil 2027".into(),
            year: "2027".into(),
            wished_period_start: "2027-06-01".into(),
            wished_period_end: "9999-06-30".into(),
            deadline: "0000-03-15".into(),
            requirements: String::new(),
        };
        let errors = CheckedCall::parse(&input, today).expect_err("outside the years");
        assert_eq!(fields(&errors), ["wished_period_end", "deadline"]);
        assert!(
            errors
                .iter()
                .all(|e| matches!(e.problem, Problem::OutsideYears { .. }))
        );
    }
}
