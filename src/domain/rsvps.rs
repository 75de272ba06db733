//! Answers to a meeting (RSVP) and the seat rules: who gets a seat, who
//! waits, who waits for an organizer.
//!
//! [`settle`] is the whole rule, without a database: given a meeting's rules
//! and every answer, it says where each answer stands. The database layer
//! (`db::rsvps`) runs it while holding the meeting's lock and writes back
//! what changed.

use chrono::NaiveDateTime;

use super::{ClubStatus, MeetingFormat, MeetingStatus};
use crate::domain::error::{AppError, FieldProblem, Problem};

/// Longest tour-de-table text kept (each of the two).
pub const MAX_TOUR_TEXT: usize = 5_000;
/// Longest comment kept.
pub const MAX_COMMENT: usize = 2_000;
/// Longest dietary or accessibility need kept (each of the two).
pub const MAX_NEEDS: usize = 200;

stored_enum! {
    /// What a person answers.
    pub enum Answer {
        /// Coming.
        Yes,
        /// Perhaps: holds no seat.
        Maybe,
        /// Not coming.
        No,
    }
}

stored_enum! {
    /// How a person attends.
    pub enum Attendance {
        /// In the room: takes one of the `capacity` seats.
        InPerson,
        /// On the phone bridge or in the video room.
        Remote,
    }
}

stored_enum! {
    /// Where an answer stands.
    pub enum RsvpState {
        /// A "yes" with a seat.
        Confirmed,
        /// A "yes" waiting for a seat.
        Waitlisted,
        /// A "maybe".
        Tentative,
        /// A "no".
        Declined,
        /// A "yes" waiting for an organizer's approval.
        AwaitingApproval,
        /// An organizer refused the person.
        Refused,
    }
}

stored_enum! {
    /// Why a "yes" waits.
    pub enum WaitReason {
        /// Every seat of this attendance is taken.
        Full,
        /// The person's body already has its quota of people in the room.
        OrganizationQuota,
    }
}

stored_enum! {
    /// An organizer's decision on an answer that needs one.
    pub enum Approval {
        /// The person is a member: no decision needed.
        NotNeeded,
        /// Waiting for an organizer.
        Pending,
        /// An organizer accepted the person.
        Approved,
        /// An organizer refused the person.
        Refused,
    }
}

impl Approval {
    /// The approval a new answer starts with: observers and people without a
    /// body wait for an organizer when the meeting says so.
    pub fn initial(approval_required: bool, body: Option<ClubStatus>) -> Self {
        let outsider = matches!(body, None | Some(ClubStatus::Observer));
        if approval_required && outsider {
            Self::Pending
        } else {
            Self::NotNeeded
        }
    }
}

/// The seat rules of one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatRules {
    /// In-person seats (none: no limit).
    pub capacity: Option<i32>,
    /// Remote seats (none: no limit).
    pub remote_capacity: Option<i32>,
    /// In-person seats one body may hold (none: no limit).
    pub organization_quota: Option<i32>,
    /// Whether outsiders wait for an organizer.
    pub approval_required: bool,
}

/// One answer as [`settle`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub answer: Answer,
    pub attendance: Attendance,
    pub approval: Approval,
    /// Whether it holds a seat now (a confirmed "yes" whose answer and
    /// attendance did not change).
    pub holds_seat: bool,
    /// Its place in the waiting list, if it waits.
    pub ticket: Option<i32>,
    /// The person's body: quotas count per body.
    pub organization_id: Option<String>,
}

/// Where [`settle`] puts one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub state: RsvpState,
    pub ticket: Option<i32>,
    pub reason: Option<WaitReason>,
}

impl Placement {
    fn plain(state: RsvpState) -> Self {
        Self {
            state,
            ticket: None,
            reason: None,
        }
    }
}

/// Places every answer: seats already held stay held; then the "yes"
/// answers without a seat take the free ones in waiting-list order (those
/// already waiting by ticket, then new ones in the order given), within
/// their body's quota; the others wait, new ones with a ticket after
/// `last_ticket`. Returns the placements, in the order of `entries`, and the
/// last ticket handed out.
///
/// So seats never exceed capacity (held seats are only kept, never added
/// beyond a free one), and a seat is never free while someone who may take
/// it waits.
pub fn settle(rules: SeatRules, entries: &[Entry], last_ticket: i32) -> (Vec<Placement>, i32) {
    let mut placements: Vec<Option<Placement>> = vec![None; entries.len()];
    let mut taken = Taken::default();
    let mut candidates = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        placements[i] = fixed(rules, entry);
        match placements[i] {
            Some(p) if p.state == RsvpState::Confirmed => taken.add(entry),
            Some(_) => {}
            None => candidates.push(i),
        }
    }
    // waiting ones first, by ticket; then new ones in the given order
    candidates.sort_by_key(|&i| (entries[i].ticket.is_none(), entries[i].ticket, i));
    let mut last = last_ticket;
    for i in candidates {
        let entry = &entries[i];
        placements[i] = Some(taken.take(rules, entry, &mut last));
    }
    let placements = placements
        .into_iter()
        .map(|p| p.unwrap_or(Placement::plain(RsvpState::Declined)))
        .collect();
    (placements, last)
}

/// Where an answer stands whatever the seats: a "no", a "maybe", a refused
/// or pending answer, a seat held. `None`: a "yes" that needs a seat.
pub fn fixed(rules: SeatRules, entry: &Entry) -> Option<Placement> {
    let waits_for_organizer = rules.approval_required && entry.approval == Approval::Pending;
    match entry.answer {
        Answer::No => Some(Placement::plain(RsvpState::Declined)),
        Answer::Maybe => Some(Placement::plain(RsvpState::Tentative)),
        Answer::Yes if entry.approval == Approval::Refused => {
            Some(Placement::plain(RsvpState::Refused))
        }
        Answer::Yes if waits_for_organizer => Some(Placement::plain(RsvpState::AwaitingApproval)),
        Answer::Yes if entry.holds_seat => Some(Placement::plain(RsvpState::Confirmed)),
        Answer::Yes => None,
    }
}

/// The seats the other answers of a meeting hold, as counted with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    pub in_person: i32,
    pub remote: i32,
    /// In-person seats held by the placed answer's body (for its quota).
    pub by_body: i32,
}

impl Held {
    /// Seats held in `attendance`.
    pub fn of(&self, attendance: Attendance) -> i32 {
        match attendance {
            Attendance::InPerson => self.in_person,
            Attendance::Remote => self.remote,
        }
    }

    /// Whether a seat of `attendance` is free.
    pub fn free(&self, rules: SeatRules, attendance: Attendance) -> bool {
        let limit = match attendance {
            Attendance::InPerson => rules.capacity,
            Attendance::Remote => rules.remote_capacity,
        };
        limit.is_none_or(|limit| self.of(attendance) < limit)
    }
}

/// Places one answer against the seats the others hold: what [`settle`]
/// gives it when every other answer is placed already and nobody waits who
/// could take a free seat (a meeting's answers are kept so: see
/// `db::rsvps`). A new "yes" without a seat waits with the ticket after
/// `last_ticket`. Returns the placement and the last ticket handed out.
pub fn place(rules: SeatRules, entry: &Entry, held: Held, last_ticket: i32) -> (Placement, i32) {
    if let Some(placement) = fixed(rules, entry) {
        return (placement, last_ticket);
    }
    let mut taken = Taken {
        in_person: held.in_person,
        remote: held.remote,
        by_body: std::collections::HashMap::new(),
    };
    if let Some(body) = &entry.organization_id {
        taken.by_body.insert(body.clone(), held.by_body);
    }
    let mut last = last_ticket;
    let placement = taken.take(rules, entry, &mut last);
    (placement, last)
}

/// Seats held while settling.
#[derive(Default)]
struct Taken {
    in_person: i32,
    remote: i32,
    by_body: std::collections::HashMap<String, i32>,
}

impl Taken {
    fn add(&mut self, entry: &Entry) {
        match entry.attendance {
            Attendance::Remote => self.remote += 1,
            Attendance::InPerson => {
                self.in_person += 1;
                if let Some(body) = &entry.organization_id {
                    *self.by_body.entry(body.clone()).or_default() += 1;
                }
            }
        }
    }

    /// Gives `entry` (a "yes" without a seat) a free seat, or a place in
    /// line: its ticket, or the one after `last`.
    fn take(&mut self, rules: SeatRules, entry: &Entry, last: &mut i32) -> Placement {
        match self.refusal(rules, entry) {
            None => {
                self.add(entry);
                Placement::plain(RsvpState::Confirmed)
            }
            Some(reason) => Placement {
                state: RsvpState::Waitlisted,
                ticket: Some(entry.ticket.unwrap_or_else(|| {
                    *last += 1;
                    *last
                })),
                reason: Some(reason),
            },
        }
    }

    /// Why `entry` cannot take a seat now, if it cannot.
    fn refusal(&self, rules: SeatRules, entry: &Entry) -> Option<WaitReason> {
        let below = |taken: i32, limit: Option<i32>| limit.is_none_or(|limit| taken < limit);
        match entry.attendance {
            Attendance::Remote => {
                (!below(self.remote, rules.remote_capacity)).then_some(WaitReason::Full)
            }
            Attendance::InPerson => {
                if !below(self.in_person, rules.capacity) {
                    return Some(WaitReason::Full);
                }
                let body_taken = entry
                    .organization_id
                    .as_ref()
                    .map_or(0, |body| self.by_body.get(body).copied().unwrap_or(0));
                let over_quota =
                    entry.organization_id.is_some() && !below(body_taken, rules.organization_quota);
                over_quota.then_some(WaitReason::OrganizationQuota)
            }
        }
    }
}

/// The attendance a meeting of `format` allows for what the person asked:
/// in-person and remote meetings have only one.
pub fn attendance_for(format: MeetingFormat, asked: Option<Attendance>) -> Attendance {
    match format {
        MeetingFormat::InPerson => Attendance::InPerson,
        MeetingFormat::Remote => Attendance::Remote,
        MeetingFormat::Hybrid => asked.unwrap_or(Attendance::InPerson),
    }
}

/// Until when people change their own answers: the deadline, or else the
/// meeting's end. After it only organizers and admins change answers.
pub fn answers_close_at(deadline: Option<NaiveDateTime>, ends_at: NaiveDateTime) -> NaiveDateTime {
    deadline.unwrap_or(ends_at).min(ends_at)
}

/// Why an answer cannot be changed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// A draft takes no answers yet.
    NotPublished,
    /// The meeting was called off.
    Cancelled,
    /// The meeting is over.
    Over,
    /// The deadline passed: only organizers change answers now.
    PastDeadline,
}

impl Closed {
    /// Whether answers to a meeting are closed to this person now;
    /// organizers (and admins) change answers until the end.
    pub fn check(
        status: MeetingStatus,
        deadline: Option<NaiveDateTime>,
        ends_at: NaiveDateTime,
        now: NaiveDateTime,
        organizer: bool,
    ) -> Option<Self> {
        match status {
            MeetingStatus::Draft => Some(Self::NotPublished),
            MeetingStatus::Cancelled => Some(Self::Cancelled),
            MeetingStatus::Scheduled if now >= ends_at => Some(Self::Over),
            MeetingStatus::Scheduled
                if now >= answers_close_at(deadline, ends_at) && !organizer =>
            {
                Some(Self::PastDeadline)
            }
            MeetingStatus::Scheduled => None,
        }
    }

    /// The error the person sees, with `message` in their words
    /// (`Lang::answers_closed`): a conflict with the meeting's state, or,
    /// past the deadline, a refusal (only the organizers may still change
    /// answers).
    pub fn refusal(self, message: &str) -> AppError {
        match self {
            Self::PastDeadline => AppError::Forbidden(message.to_owned()),
            _ => AppError::Conflict(message.to_owned()),
        }
    }
}

/// What a person wrote with their answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerInput {
    pub answer: String,
    /// Empty: the meeting's only attendance, or in person for hybrid ones.
    pub attendance: String,
    pub project_highlight: String,
    pub wished_development: String,
    pub comment: String,
    pub listed: bool,
    /// Whether they take the lunch (in person, at a meeting that asks).
    pub lunch: bool,
    /// Seen by the person and the meeting's organizers only.
    pub dietary_needs: String,
    /// Seen by the person and the meeting's organizers only.
    pub accessibility_needs: String,
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAnswer {
    pub answer: Answer,
    pub attendance: Option<Attendance>,
    pub project_highlight: String,
    pub wished_development: String,
    pub comment: String,
    pub listed: bool,
    pub lunch: bool,
    pub dietary_needs: String,
    pub accessibility_needs: String,
}

impl CheckedAnswer {
    /// Checks every field; each problem is named with its field.
    pub fn parse(input: &AnswerInput) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let answer = super::decode::<Answer>(input.answer.trim()).ok();
        if answer.is_none() {
            errors.push(FieldProblem::new("answer", Problem::AnswerExpected));
        }
        let attendance = match input.attendance.trim() {
            "" => None,
            text => {
                let attendance = super::decode::<Attendance>(text).ok();
                if attendance.is_none() {
                    errors.push(FieldProblem::new("attendance", Problem::AttendanceExpected));
                }
                attendance
            }
        };
        let limits = [
            ("project_highlight", &input.project_highlight, MAX_TOUR_TEXT),
            (
                "wished_development",
                &input.wished_development,
                MAX_TOUR_TEXT,
            ),
            ("comment", &input.comment, MAX_COMMENT),
            ("dietary_needs", &input.dietary_needs, MAX_NEEDS),
            ("accessibility_needs", &input.accessibility_needs, MAX_NEEDS),
        ];
        for (field, text, max) in limits {
            if text.chars().count() > max {
                errors.push(FieldProblem::new(field, Problem::TooLong { max }));
            }
        }
        match answer {
            Some(answer) if errors.is_empty() => Ok(Self {
                answer,
                attendance,
                project_highlight: input.project_highlight.trim().to_owned(),
                wished_development: input.wished_development.trim().to_owned(),
                comment: input.comment.trim().to_owned(),
                listed: input.listed,
                lunch: input.lunch,
                dietary_needs: input.dietary_needs.trim().to_owned(),
                accessibility_needs: input.accessibility_needs.trim().to_owned(),
            }),
            _ => Err(errors),
        }
    }

    /// Refuses the lunch at a meeting that does not ask about it.
    pub fn fits(&self, asks_lunch: bool) -> Result<(), AppError> {
        if self.lunch && !asks_lunch {
            return Err(AppError::refused("lunch", Problem::LunchNotAsked));
        }
        Ok(())
    }

    /// Whether the lunch is taken: only in person, where it is asked.
    pub fn takes_lunch(&self, asks_lunch: bool, attendance: Attendance) -> bool {
        self.lunch && asks_lunch && attendance == Attendance::InPerson
    }
}

/// What a message about a person's place at a meeting tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpNotice {
    /// Their "yes" has a seat.
    Confirmed,
    /// A seat freed: they moved from the waiting list to the room.
    Promoted,
    /// Their "yes" waits for a seat: every seat is taken.
    Waitlisted,
    /// An organizer accepted their answer.
    Approved,
    /// An organizer refused it.
    Refused,
    /// Their answer no longer holds a seat (withdrawn, changed).
    Withdrawn,
    /// The organizers took their answer back.
    Removed,
    /// The meeting's time, place or title changed.
    Changed,
    /// The meeting is called off.
    Cancelled,
    /// The meeting comes soon.
    Reminder,
}

impl RsvpNotice {
    /// The template's name, logged and shown to admins.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Confirmed => "rsvp_confirmed",
            Self::Promoted => "rsvp_promoted",
            Self::Waitlisted => "rsvp_waitlisted",
            Self::Approved => "rsvp_approved",
            Self::Refused => "rsvp_refused",
            Self::Withdrawn => "rsvp_withdrawn",
            Self::Removed => "rsvp_removed",
            Self::Changed => "meeting_changed",
            Self::Cancelled => "meeting_cancelled",
            Self::Reminder => "reminder",
        }
    }

    /// Whether the person holds a seat they could give back.
    pub fn holds_seat(self) -> bool {
        matches!(
            self,
            Self::Confirmed | Self::Promoted | Self::Changed | Self::Reminder
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(capacity: i32) -> SeatRules {
        SeatRules {
            capacity: Some(capacity),
            remote_capacity: None,
            organization_quota: None,
            approval_required: false,
        }
    }

    fn yes(body: &str) -> Entry {
        Entry {
            answer: Answer::Yes,
            attendance: Attendance::InPerson,
            approval: Approval::NotNeeded,
            holds_seat: false,
            ticket: None,
            organization_id: Some(body.to_owned()),
        }
    }

    fn states(placements: &[Placement]) -> Vec<(RsvpState, Option<i32>)> {
        placements.iter().map(|p| (p.state, p.ticket)).collect()
    }

    #[test]
    fn past_capacity_people_wait_in_order() {
        let entries = vec![yes("a"), yes("b"), yes("c"), yes("d")];
        let (placed, last) = settle(rules(2), &entries, 0);
        use RsvpState::*;
        assert_eq!(
            states(&placed),
            [
                (Confirmed, None),
                (Confirmed, None),
                (Waitlisted, Some(1)),
                (Waitlisted, Some(2))
            ]
        );
        assert_eq!(last, 2);
    }

    #[test]
    fn a_freed_seat_goes_to_the_first_in_line() {
        let mut entries = vec![yes("a"), yes("b"), yes("c")];
        entries[0].holds_seat = true;
        entries[1].ticket = Some(7);
        entries[2].ticket = Some(3);
        let (placed, last) = settle(rules(2), &entries, 7);
        assert_eq!(placed[2].state, RsvpState::Confirmed, "ticket 3 before 7");
        assert_eq!(placed[1].state, RsvpState::Waitlisted);
        assert_eq!(placed[1].ticket, Some(7), "keeps its place");
        assert_eq!(last, 7);
    }

    #[test]
    fn held_seats_are_kept_when_capacity_drops() {
        let mut entries = vec![yes("a"), yes("b"), yes("c")];
        for e in &mut entries[..2] {
            e.holds_seat = true;
        }
        let (placed, _) = settle(rules(1), &entries, 0);
        assert_eq!(placed[0].state, RsvpState::Confirmed);
        assert_eq!(placed[1].state, RsvpState::Confirmed);
        assert_eq!(placed[2].reason, Some(WaitReason::Full));
    }

    #[test]
    fn one_answer_placed_alone_is_placed_as_the_whole_rule_places_it() {
        // settled meetings: seats held, and for the full one a line
        let mut r = rules(3);
        r.organization_quota = Some(1);
        r.approval_required = true;
        let seated = |body: &str| Entry {
            holds_seat: true,
            ..yes(body)
        };
        let waiting = |body: &str, ticket: i32| Entry {
            ticket: Some(ticket),
            ..yes(body)
        };
        let full = vec![seated("a"), seated("b"), seated("c"), waiting("d", 4)];
        let room = vec![seated("a"), seated("b"), waiting("b", 2)];
        let mut remote = yes("e");
        remote.attendance = Attendance::Remote;
        let mut pending = yes("f");
        pending.approval = Approval::Pending;
        let mut maybe = yes("g");
        maybe.answer = Answer::Maybe;
        for (others, last) in [(full, 4), (room, 2)] {
            for mine in [
                yes("a"),
                yes("z"),
                remote.clone(),
                pending.clone(),
                maybe.clone(),
            ] {
                let mut all = others.clone();
                all.push(mine.clone());
                let (whole, whole_last) = settle(r, &all, last);
                let held = Held {
                    in_person: count(&others, |e| e.holds_seat),
                    remote: 0,
                    by_body: count(&others, |e| {
                        e.holds_seat && e.organization_id == mine.organization_id
                    }),
                };
                let alone = place(r, &mine, held, last);
                assert_eq!(alone, (whole[others.len()], whole_last), "{mine:?}");
            }
        }
    }

    fn count(entries: &[Entry], which: impl Fn(&Entry) -> bool) -> i32 {
        i32::try_from(entries.iter().filter(|e| which(e)).count()).expect("few")
    }

    #[test]
    fn quota_waits_but_lets_other_bodies_through() {
        let mut r = rules(10);
        r.organization_quota = Some(1);
        let entries = vec![yes("lyon"), yes("lyon"), yes("nancy")];
        let (placed, _) = settle(r, &entries, 0);
        assert_eq!(placed[0].state, RsvpState::Confirmed);
        assert_eq!(placed[1].reason, Some(WaitReason::OrganizationQuota));
        assert_eq!(placed[2].state, RsvpState::Confirmed);
    }

    #[test]
    fn remote_seats_are_counted_apart() {
        let mut r = rules(1);
        r.remote_capacity = Some(1);
        let mut remote = yes("b");
        remote.attendance = Attendance::Remote;
        let entries = vec![yes("a"), remote.clone(), remote];
        let (placed, _) = settle(r, &entries, 0);
        use RsvpState::*;
        assert_eq!(
            states(&placed),
            [(Confirmed, None), (Confirmed, None), (Waitlisted, Some(1))]
        );
    }

    #[test]
    fn outsiders_wait_for_an_organizer_and_hold_no_seat() {
        assert_eq!(Approval::initial(true, None), Approval::Pending);
        assert_eq!(
            Approval::initial(true, Some(ClubStatus::Observer)),
            Approval::Pending
        );
        assert_eq!(
            Approval::initial(true, Some(ClubStatus::Member)),
            Approval::NotNeeded
        );
        assert_eq!(Approval::initial(false, None), Approval::NotNeeded);
        let mut r = rules(1);
        r.approval_required = true;
        let mut pending = yes("x");
        pending.approval = Approval::Pending;
        let mut refused = yes("y");
        refused.approval = Approval::Refused;
        let entries = vec![pending, refused, yes("a")];
        let (placed, _) = settle(r, &entries, 0);
        assert_eq!(placed[0].state, RsvpState::AwaitingApproval);
        assert_eq!(placed[1].state, RsvpState::Refused);
        assert_eq!(placed[2].state, RsvpState::Confirmed);
    }

    #[test]
    fn maybe_and_no_hold_no_seat() {
        let mut maybe = yes("a");
        maybe.answer = Answer::Maybe;
        let mut no = yes("b");
        no.answer = Answer::No;
        let entries = vec![maybe, no, yes("c")];
        let (placed, _) = settle(rules(1), &entries, 0);
        assert_eq!(placed[0].state, RsvpState::Tentative);
        assert_eq!(placed[1].state, RsvpState::Declined);
        assert_eq!(placed[2].state, RsvpState::Confirmed);
    }

    #[test]
    fn answers_are_checked_field_by_field() {
        let input = AnswerInput {
            answer: "perhaps".into(),
            attendance: "teleport".into(),
            comment: "x".repeat(MAX_COMMENT + 1),
            ..AnswerInput::default()
        };
        let errors = CheckedAnswer::parse(&input).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["answer", "attendance", "comment"]);
    }

    #[test]
    fn deadline_closes_answers_except_for_organizers() {
        let at = |h: u32| {
            chrono::NaiveDate::from_ymd_opt(2027, 6, 10)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .expect("valid")
        };
        let scheduled = MeetingStatus::Scheduled;
        let (deadline, end) = (Some(at(8)), at(17));
        assert_eq!(Closed::check(scheduled, deadline, end, at(7), false), None);
        assert_eq!(
            Closed::check(scheduled, deadline, end, at(9), false),
            Some(Closed::PastDeadline)
        );
        assert_eq!(Closed::check(scheduled, deadline, end, at(9), true), None);
        assert_eq!(
            Closed::check(scheduled, deadline, end, at(17), true),
            Some(Closed::Over)
        );
        assert_eq!(Closed::check(scheduled, None, end, at(16), false), None);
        assert_eq!(
            Closed::check(MeetingStatus::Cancelled, None, end, at(7), true),
            Some(Closed::Cancelled)
        );
    }

    #[test]
    fn the_format_decides_the_attendance() {
        use Attendance::*;
        assert_eq!(
            attendance_for(MeetingFormat::InPerson, Some(Remote)),
            InPerson
        );
        assert_eq!(attendance_for(MeetingFormat::Remote, None), Remote);
        assert_eq!(attendance_for(MeetingFormat::Hybrid, Some(Remote)), Remote);
    }
}
