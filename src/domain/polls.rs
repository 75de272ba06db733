//! Date polls [sondages de dates]: candidate slots in one time zone, each
//! person's answer per slot, the totals and the best slot, and when answers
//! are taken. Pure rules: no HTTP, no SQL.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::time;
use super::video::VideoProvider;
use super::{MeetingFormat, decode};
use crate::domain::error::{FieldProblem, Problem};

/// Most slots one poll offers.
pub const MAX_SLOTS: usize = 20;
/// Longest title kept.
pub const MAX_TITLE: usize = 200;
/// Longest description kept.
pub const MAX_DESCRIPTION: usize = 5_000;

stored_enum! {
    /// What a person answers for one slot.
    pub enum PollAnswer {
        /// Available.
        Yes,
        /// Available if no other slot suits the others.
        IfNeedBe,
        /// Not available.
        No,
    }
}

stored_enum! {
    /// Where a poll stands.
    pub enum PollState {
        /// Taking answers.
        Open,
        /// A slot was chosen and the meeting scheduled.
        Closed,
        /// Called off without a date.
        Cancelled,
    }
}

/// One candidate slot as typed: local times in the poll's zone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotInput {
    /// `2027-01-12T14:00`.
    pub starts_at_local: String,
    pub ends_at_local: String,
}

/// A poll as a coordinator writes it (a form or the API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollInput {
    pub title: String,
    pub description: String,
    pub time_zone: String,
    /// `in_person`, `remote`, `hybrid`; empty: remote.
    pub format: String,
    /// `jitsi`, `bigbluebutton`, or empty for no room.
    pub video_provider: String,
    pub slots: Vec<SlotInput>,
    /// Local, in the poll's zone; empty for none.
    pub deadline_local: String,
    pub hide_results: bool,
}

/// A checked slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A checked poll, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedPoll {
    pub title: String,
    pub description: String,
    pub zone: Tz,
    pub format: MeetingFormat,
    pub video_provider: Option<VideoProvider>,
    pub slots: Vec<Slot>,
    pub deadline: Option<DateTime<Utc>>,
    pub hide_results: bool,
}

/// The field name of one slot's start or end, as the API and the form name it.
pub fn slot_field(index: usize, end: bool) -> String {
    let part = if end {
        "ends_at_local"
    } else {
        "starts_at_local"
    };
    format!("slots[{index}].{part}")
}

/// A local time in `zone`, or the field's error.
fn instant(
    field: &str,
    text: &str,
    zone: Tz,
    errors: &mut Vec<FieldProblem>,
) -> Option<DateTime<Utc>> {
    time::parse_instant(text, zone, "2027-01-12T14:00")
        .map_err(|problem| errors.push(FieldProblem::new(field, problem)))
        .ok()
}

impl CheckedPoll {
    /// Checks every field at `now`; each problem is named with its field.
    pub fn parse(input: &PollInput, now: NaiveDateTime) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = check_text(&input.title, &input.description);
        let title = input.title.trim();
        let zone_name = match input.time_zone.trim() {
            "" => time::DEFAULT_ZONE.name(),
            name => name,
        };
        let zone = time::parse_zone(zone_name);
        if zone.is_none() {
            errors.push(FieldProblem::new(
                "time_zone",
                Problem::UnknownZone { hint: true },
            ));
        }
        let format = match input.format.trim() {
            "" => Some(MeetingFormat::Remote),
            text => decode(text).ok(),
        };
        if format.is_none() {
            errors.push(FieldProblem::new(
                "format",
                Problem::OneOf("in_person | remote | hybrid"),
            ));
        }
        let video_provider = match input.video_provider.trim() {
            "" => Ok(None),
            "jitsi" => Ok(Some(VideoProvider::Jitsi)),
            "bigbluebutton" => Ok(Some(VideoProvider::Bigbluebutton)),
            _ => Err(()),
        };
        if video_provider.is_err() {
            errors.push(FieldProblem::new(
                "video_provider",
                Problem::OneOf("jitsi | bigbluebutton"),
            ));
        }
        // without a zone, times cannot be read: the zone's error is enough
        let zone_or_default = zone.unwrap_or(time::DEFAULT_ZONE);
        let slots = check_slots(&input.slots, zone_or_default, now);
        let slots = match slots {
            Ok(slots) => slots,
            Err(e) => {
                errors.extend(e);
                Vec::new()
            }
        };
        let deadline = check_deadline(&input.deadline_local, zone_or_default, &slots, now)
            .map_err(|e| errors.push(*e))
            .ok()
            .flatten();
        match (zone, format, video_provider) {
            (Some(zone), Some(format), Ok(video_provider)) if errors.is_empty() => Ok(Self {
                title: title.to_owned(),
                description: input.description.trim().to_owned(),
                zone,
                format,
                video_provider,
                slots,
                deadline,
                hide_results: input.hide_results,
            }),
            _ => Err(errors),
        }
    }
}

/// The title and description's problems, by field.
fn check_text(title: &str, description: &str) -> Vec<FieldProblem> {
    let mut errors = Vec::new();
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE || title.chars().any(char::is_control)
    {
        errors.push(FieldProblem::new("title", Problem::Title));
    }
    if description.chars().count() > MAX_DESCRIPTION {
        errors.push(FieldProblem::new(
            "description",
            Problem::TooLong {
                max: MAX_DESCRIPTION,
            },
        ));
    }
    errors
}

/// What may change once people answered: the title, the description and
/// the deadline (checked against the poll's `slots` in `zone`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedChange {
    pub title: String,
    pub description: String,
    pub deadline: Option<DateTime<Utc>>,
}

impl CheckedChange {
    /// Checks a change of an open poll at `now`.
    pub fn parse(
        title: &str,
        description: &str,
        deadline_local: &str,
        zone: Tz,
        slots: &[Slot],
        now: NaiveDateTime,
    ) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = check_text(title, description);
        // slots already begun do not bind a new deadline
        let coming: Vec<Slot> = slots
            .iter()
            .filter(|s| s.starts_at.naive_utc() > now)
            .copied()
            .collect();
        let deadline = check_deadline(deadline_local, zone, &coming, now)
            .map_err(|e| errors.push(*e))
            .ok()
            .flatten();
        if errors.is_empty() {
            Ok(Self {
                title: title.trim().to_owned(),
                description: description.trim().to_owned(),
                deadline,
            })
        } else {
            Err(errors)
        }
    }
}

/// The slots of a poll, checked: at least one, at most [`MAX_SLOTS`], each
/// ending after it starts, none past, none twice; local times that do not
/// exist or happen twice in `zone` are refused, never shifted.
pub fn check_slots(
    slots: &[SlotInput],
    zone: Tz,
    now: NaiveDateTime,
) -> Result<Vec<Slot>, Vec<FieldProblem>> {
    let mut errors = Vec::new();
    if slots.is_empty() {
        errors.push(FieldProblem::new("slots", Problem::NoSlot));
    }
    if slots.len() > MAX_SLOTS {
        errors.push(FieldProblem::new(
            "slots",
            Problem::TooManySlots { max: MAX_SLOTS },
        ));
    }
    let mut checked: Vec<Slot> = Vec::new();
    for (i, slot) in slots.iter().enumerate() {
        let (start_field, end_field) = (slot_field(i, false), slot_field(i, true));
        let start = instant(&start_field, &slot.starts_at_local, zone, &mut errors);
        let end = instant(&end_field, &slot.ends_at_local, zone, &mut errors);
        let (Some(starts_at), Some(ends_at)) = (start, end) else {
            continue;
        };
        if let Some(problem) = super::meetings::span_problem(starts_at, ends_at) {
            errors.push(FieldProblem::new(end_field, problem));
        } else if starts_at.naive_utc() <= now {
            errors.push(FieldProblem::new(start_field, Problem::SlotPast));
        } else if checked
            .iter()
            .any(|s| s.starts_at == starts_at && s.ends_at == ends_at)
        {
            errors.push(FieldProblem::new(start_field, Problem::SlotOffered));
        } else {
            checked.push(Slot { starts_at, ends_at });
        }
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// The deadline: local in `zone`, in the future, and before the first slot
/// starts (answers after a slot began could not change anything).
pub fn check_deadline(
    text: &str,
    zone: Tz,
    slots: &[Slot],
    now: NaiveDateTime,
) -> Result<Option<DateTime<Utc>>, Box<FieldProblem>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let Some(deadline) = instant("deadline", text, zone, &mut errors) else {
        return Err(Box::new(errors.remove(0)));
    };
    if deadline.naive_utc() <= now {
        return Err(Box::new(FieldProblem::new(
            "deadline",
            Problem::DeadlinePast,
        )));
    }
    if slots.iter().any(|s| s.starts_at < deadline) {
        return Err(Box::new(FieldProblem::new(
            "deadline",
            Problem::DeadlineAfterFirstSlot,
        )));
    }
    Ok(Some(deadline))
}

/// Why a poll takes no answers now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// A slot was chosen.
    Closed,
    /// The poll was called off.
    Cancelled,
    /// Its deadline passed.
    PastDeadline,
}

impl Closed {
    /// Whether a poll in `state` with `deadline` takes no answers at `now`.
    pub fn check(
        state: PollState,
        deadline: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Option<Self> {
        match state {
            PollState::Closed => Some(Self::Closed),
            PollState::Cancelled => Some(Self::Cancelled),
            PollState::Open if deadline.is_some_and(|d| d <= now) => Some(Self::PastDeadline),
            PollState::Open => None,
        }
    }
}

/// One person's answers as sent: slot index and answer text.
pub type AnswerInput = (i64, String);

/// A person's answers to every slot of a poll of `slot_count` slots:
/// each slot at most once, known answers only; slots left out count as
/// "no" (the person said nothing about them, so is not counted on them).
pub fn check_answers(
    slot_count: usize,
    sent: &[AnswerInput],
) -> Result<Vec<PollAnswer>, Vec<FieldProblem>> {
    let mut answers: Vec<Option<PollAnswer>> = vec![None; slot_count];
    let mut errors = Vec::new();
    for (i, (slot, answer)) in sent.iter().enumerate() {
        let index = usize::try_from(*slot).ok().filter(|s| *s < slot_count);
        let Some(index) = index else {
            errors.push(FieldProblem::new(
                format!("answers[{i}].slot"),
                Problem::NoSuchSlot {
                    slot: *slot,
                    last: slot_count.saturating_sub(1),
                },
            ));
            continue;
        };
        let Ok(answer) = decode::<PollAnswer>(answer.trim()) else {
            errors.push(FieldProblem::new(
                format!("answers[{i}].answer"),
                Problem::OneOf("yes | if_need_be | no"),
            ));
            continue;
        };
        if answers[index].replace(answer).is_some() {
            errors.push(FieldProblem::new(
                format!("answers[{i}].slot"),
                Problem::AnsweredTwice,
            ));
        }
    }
    if errors.is_empty() {
        Ok(answers
            .into_iter()
            .map(|a| a.unwrap_or(PollAnswer::No))
            .collect())
    } else {
        Err(errors)
    }
}

/// The answers one slot received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub yes: i64,
    pub if_need_be: i64,
    pub no: i64,
}

impl Totals {
    /// People who could come: yes and if need be.
    pub fn available(self) -> i64 {
        self.yes + self.if_need_be
    }
}

/// The totals of each of `slot_count` slots, from (slot, answer) pairs.
pub fn totals(slot_count: usize, answers: &[(usize, PollAnswer)]) -> Vec<Totals> {
    let mut totals = vec![Totals::default(); slot_count];
    for (slot, answer) in answers {
        if let Some(t) = totals.get_mut(*slot) {
            match answer {
                PollAnswer::Yes => t.yes += 1,
                PollAnswer::IfNeedBe => t.if_need_be += 1,
                PollAnswer::No => t.no += 1,
            }
        }
    }
    totals
}

/// The best slot: most people available (yes or if need be), then most
/// yes, then the earliest offered; none while nobody is available.
pub fn best(totals: &[Totals]) -> Option<usize> {
    let mut best: Option<(usize, Totals)> = None;
    for (i, t) in totals.iter().enumerate() {
        let better = best.is_none_or(|(_, b)| (t.available(), t.yes) > (b.available(), b.yes));
        if t.available() > 0 && better {
            best = Some((i, *t));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 30)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid")
    }

    fn slot(start: &str, end: &str) -> SlotInput {
        SlotInput {
            starts_at_local: start.into(),
            ends_at_local: end.into(),
        }
    }

    fn input(slots: Vec<SlotInput>) -> PollInput {
        PollInput {
            title: "Session état-civil".into(),
            slots,
            ..PollInput::default()
        }
    }

    fn fields(result: Result<CheckedPoll, Vec<FieldProblem>>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn slots_are_turned_into_instants_in_the_poll_zone() {
        let poll = CheckedPoll::parse(
            &input(vec![slot("2027-01-12T14:00", "2027-01-12T16:00")]),
            now(),
        )
        .expect("valid");
        assert_eq!(
            poll.slots[0].starts_at.to_rfc3339(),
            "2027-01-12T13:00:00+00:00"
        );
        assert_eq!(poll.format, MeetingFormat::Remote);
        assert_eq!(poll.zone, time::DEFAULT_ZONE);
    }

    #[test]
    fn bad_slots_are_named_by_field() {
        assert_eq!(fields(CheckedPoll::parse(&input(vec![]), now())), ["slots"]);
        let bad = input(vec![
            slot("2027-01-12T14:00", "2027-01-12T13:00"),
            slot("2026-01-12T14:00", "2026-01-12T16:00"),
            slot("2027-03-28T02:30", "2027-03-28T04:00"),
            slot("2027-01-13T14:00", "2027-01-13T16:00"),
            slot("2027-01-13T14:00", "2027-01-13T16:00"),
            slot("mardi", "2027-01-13T16:00"),
            slot("9999-12-31T14:00", "9999-12-31T16:00"),
        ]);
        assert_eq!(
            fields(CheckedPoll::parse(&bad, now())),
            [
                "slots[0].ends_at_local",
                "slots[1].starts_at_local",
                "slots[2].starts_at_local",
                "slots[4].starts_at_local",
                "slots[5].starts_at_local",
                "slots[6].starts_at_local",
                "slots[6].ends_at_local",
            ]
        );
        let many = input(vec![
            slot("2027-01-12T14:00", "2027-01-12T15:00");
            MAX_SLOTS + 1
        ]);
        assert!(fields(CheckedPoll::parse(&many, now())).contains(&"slots".to_owned()));
    }

    #[test]
    fn the_deadline_comes_before_the_first_slot() {
        let mut poll = input(vec![slot("2027-01-12T14:00", "2027-01-12T16:00")]);
        poll.deadline_local = "2027-01-12T15:00".into();
        assert_eq!(fields(CheckedPoll::parse(&poll, now())), ["deadline"]);
        poll.deadline_local = "2026-11-01T15:00".into();
        assert_eq!(fields(CheckedPoll::parse(&poll, now())), ["deadline"]);
        poll.deadline_local = "2027-01-05T18:00".into();
        let checked = CheckedPoll::parse(&poll, now()).expect("valid");
        assert_eq!(
            checked.deadline.map(|d| d.to_rfc3339()).as_deref(),
            Some("2027-01-05T17:00:00+00:00")
        );
    }

    #[test]
    fn answers_left_out_count_as_no_and_bad_ones_are_named() {
        let sent = vec![(2, "yes".to_owned()), (0, "if_need_be".to_owned())];
        assert_eq!(
            check_answers(3, &sent).expect("valid"),
            [PollAnswer::IfNeedBe, PollAnswer::No, PollAnswer::Yes]
        );
        let bad = vec![
            (3, "yes".to_owned()),
            (0, "maybe".to_owned()),
            (1, "no".to_owned()),
            (1, "yes".to_owned()),
        ];
        let errors: Vec<_> = check_answers(3, &bad)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            errors,
            ["answers[0].slot", "answers[1].answer", "answers[3].slot"]
        );
    }

    #[test]
    fn the_best_slot_has_most_people_then_most_yes() {
        use PollAnswer::*;
        let answers = [
            (0, Yes),
            (0, No),
            (1, IfNeedBe),
            (1, IfNeedBe),
            (2, Yes),
            (2, IfNeedBe),
        ];
        let t = totals(3, &answers);
        assert_eq!(
            t[1],
            Totals {
                yes: 0,
                if_need_be: 2,
                no: 0
            }
        );
        assert_eq!(best(&t), Some(2));
        assert_eq!(best(&totals(2, &[(0, No)])), None);
        assert_eq!(best(&totals(2, &[(0, Yes), (1, Yes)])), Some(0));
    }

    #[test]
    fn answers_close_with_the_poll_or_its_deadline() {
        let later = now() + chrono::Duration::hours(1);
        assert_eq!(Closed::check(PollState::Open, Some(later), now()), None);
        assert_eq!(
            Closed::check(PollState::Open, Some(now()), now()),
            Some(Closed::PastDeadline)
        );
        assert_eq!(
            Closed::check(PollState::Closed, None, now()),
            Some(Closed::Closed)
        );
    }
}
