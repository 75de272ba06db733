//! Who came to a meeting, as its organizers record it once it started, and
//! where its minutes stand. Rules without I/O.

use chrono::{DateTime, Utc};

stored_enum! {
    /// How a person attended, or why not.
    pub enum Presence {
        /// In the room.
        InPerson,
        /// On the phone bridge or in the video room.
        Remote,
        /// Said they could not come.
        Excused,
        /// Expected, and did not come.
        Absent,
    }
}

impl Presence {
    /// Whether the person was there, in the room or remotely.
    pub fn present(self) -> bool {
        matches!(self, Self::InPerson | Self::Remote)
    }
}

/// One line of an attendance sheet an organizer sends, before any check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInput {
    /// The person: their id, or their e-mail address for someone not on the
    /// list yet.
    pub person: String,
    /// `in_person`, `remote`, `excused` or `absent`.
    pub status: String,
}

/// Why one line of a sheet is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryProblem {
    /// The status is none of the four.
    UnknownStatus,
    /// Nobody of the club has this id or address.
    UnknownPerson,
    /// Not on the meeting's list: only someone present can be added.
    NotInMeeting,
    /// The same person twice in one sheet.
    Twice,
}

/// Why a sheet cannot be recorded at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetClosed {
    /// The meeting has not started.
    NotStarted,
    /// The meeting was cancelled, or is still a draft.
    NotHeld,
}

/// Whether attendance can be recorded now: once the meeting started, for a
/// scheduled meeting.
pub fn may_record(
    starts_at: DateTime<Utc>,
    scheduled: bool,
    now: DateTime<Utc>,
) -> Result<(), SheetClosed> {
    if !scheduled {
        Err(SheetClosed::NotHeld)
    } else if now < starts_at {
        Err(SheetClosed::NotStarted)
    } else {
        Ok(())
    }
}

/// Checks one line, the person already looked up: `listed` is whether they
/// are on the meeting's list (an answer, or a pass through the join
/// gateway). Someone not listed is a walk-in, accepted only as present.
pub fn check_entry(status: &str, found: bool, listed: bool) -> Result<Presence, EntryProblem> {
    let presence: Presence = status.parse().map_err(|_| EntryProblem::UnknownStatus)?;
    if !found {
        return Err(EntryProblem::UnknownPerson);
    }
    if !listed && !presence.present() {
        return Err(EntryProblem::NotInMeeting);
    }
    Ok(presence)
}

/// Where a meeting's minutes stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MinutesState {
    /// Nothing written.
    None,
    /// A draft, never published: organizers only.
    Draft,
    /// Published; the draft may hold changes not published yet.
    Published,
}

impl MinutesState {
    /// From what is stored: whether a draft or a published text exists.
    pub fn of(draft: &str, published: &str, ever_published: bool) -> Self {
        if ever_published || !published.trim().is_empty() {
            Self::Published
        } else if draft.trim().is_empty() {
            Self::None
        } else {
            Self::Draft
        }
    }
}

/// The most a minutes text may hold, in characters.
pub const MINUTES_MAX: usize = 100_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_ins_are_only_present() {
        assert_eq!(
            check_entry("in_person", true, false),
            Ok(Presence::InPerson)
        );
        assert_eq!(check_entry("remote", true, false), Ok(Presence::Remote));
        assert_eq!(
            check_entry("excused", true, false),
            Err(EntryProblem::NotInMeeting)
        );
        assert_eq!(check_entry("absent", true, true), Ok(Presence::Absent));
        assert_eq!(
            check_entry("late", true, true),
            Err(EntryProblem::UnknownStatus)
        );
        assert_eq!(
            check_entry("remote", false, false),
            Err(EntryProblem::UnknownPerson)
        );
    }

    #[test]
    fn attendance_waits_for_the_start() {
        let start = "2027-06-10T07:30:00Z".parse().expect("instant");
        let before = "2027-06-10T07:29:00Z".parse().expect("instant");
        assert_eq!(
            may_record(start, true, before),
            Err(SheetClosed::NotStarted)
        );
        assert_eq!(may_record(start, true, start), Ok(()));
        assert_eq!(may_record(start, false, start), Err(SheetClosed::NotHeld));
    }

    #[test]
    fn minutes_state_follows_publishing() {
        assert_eq!(MinutesState::of("", "", false), MinutesState::None);
        assert_eq!(MinutesState::of("texte", "", false), MinutesState::Draft);
        assert_eq!(
            MinutesState::of("texte", "texte", true),
            MinutesState::Published
        );
        assert_eq!(
            MinutesState::of("", "ancien", false),
            MinutesState::Published
        );
    }
}
