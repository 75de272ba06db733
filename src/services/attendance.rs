//! Recording who came to a meeting, as the attendance page and
//! `/api/v1/meetings/{id}/attendance` both do it: the meeting's organizers
//! (admins, and a group's coordinators for its sessions), once it started.

use crate::db::attendance::{self as rows, AttendanceRow, SheetLine};
use crate::db::meetings::MeetingListing;
use crate::db::{self, DbConn};
use crate::domain::attendance::{EntryInput, EntryProblem, Presence, SheetClosed, check_entry};
use crate::domain::error::{AppError, FieldError};
use crate::domain::time::utc;
use crate::domain::{Lang, MeetingStatus, code, decode};
use crate::services::caller::Caller;
use crate::services::rsvps::organized_meeting;

/// A meeting's attendance sheet, for its organizers.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub listing: MeetingListing,
    pub lines: Vec<SheetLine>,
    /// Whether it can be recorded now, and why not.
    pub open: Result<(), SheetClosed>,
}

/// What a line shows before the organizers change it: what they recorded,
/// else "remotely" for someone who went through the join gateway.
pub fn prefilled(line: &SheetLine) -> Result<Option<Presence>, AppError> {
    match &line.recorded {
        Some(row) => Ok(Some(decode(&row.status)?)),
        None => Ok(line.joined_at.map(|_| Presence::Remote)),
    }
}

/// Whether the recorded status of a line was given by the organizers, or
/// only pre-filled.
pub fn recorded(line: &SheetLine) -> Result<Option<Presence>, AppError> {
    line.recorded
        .as_ref()
        .map(|row| decode(&row.status))
        .transpose()
}

fn open(listing: &MeetingListing) -> Result<(), SheetClosed> {
    let m = &listing.meeting;
    crate::domain::attendance::may_record(
        utc(m.starts_at),
        m.status == code(MeetingStatus::Scheduled),
        utc(db::now()),
    )
}

/// The sheet of a meeting `caller` organizes (else 403, or 404 for a draft
/// or an unknown meeting).
pub fn sheet(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
) -> Result<Sheet, AppError> {
    let listing = organized_meeting(conn, caller, lang, meeting_id)?;
    let lines = rows::sheet(conn, meeting_id)?;
    let open = open(&listing);
    Ok(Sheet {
        listing,
        lines,
        open,
    })
}

/// Replaces the recorded attendance with `entries`: each line names a
/// person (id, or e-mail address for a walk-in) and their presence. People
/// not on the meeting's list are walk-ins, accepted only as present. Every
/// problem is reported at once, as `entries[i].person` / `entries[i].status`
/// field errors, and nothing changes. Call it in a write transaction.
pub fn record(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    entries: &[EntryInput],
) -> Result<Sheet, AppError> {
    let before = sheet(conn, caller, lang, meeting_id)?;
    if let Err(closed) = before.open {
        return Err(AppError::Conflict(lang.sheet_closed(closed).to_owned()));
    }
    let now = db::now();
    let mut errors = Vec::new();
    let mut checked: Vec<AttendanceRow> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let reference = entry.person.trim();
        let person = if reference.contains('@') {
            db::people::find_by_email(conn, reference)?
        } else {
            db::people::find(conn, reference)?
        };
        let line = person
            .as_ref()
            .and_then(|p| before.lines.iter().find(|l| l.person_id == p.id));
        let listed = line.is_some_and(|l| l.answer.is_some() || l.joined_at.is_some());
        let field_of = |problem: EntryProblem| match problem {
            EntryProblem::UnknownStatus => format!("entries[{i}].status"),
            _ => format!("entries[{i}].person"),
        };
        let outcome = check_entry(&entry.status, person.is_some(), listed).and_then(|presence| {
            let id = person.as_ref().map(|p| p.id.clone()).unwrap_or_default();
            if checked.iter().any(|row| row.person_id == id) {
                Err(EntryProblem::Twice)
            } else {
                Ok((id, presence))
            }
        });
        match outcome {
            Ok((person_id, presence)) => checked.push(AttendanceRow {
                meeting_id: meeting_id.to_owned(),
                person_id,
                status: code(presence).to_owned(),
                walk_in: !listed,
                recorded_by: Some(caller.person.id.clone()),
                recorded_at: now,
            }),
            Err(problem) => {
                errors.push(FieldError::new(
                    field_of(problem),
                    lang.entry_problem(problem),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    // an unchanged line keeps who recorded it and when
    for row in &mut checked {
        if let Some(old) = before
            .lines
            .iter()
            .filter_map(|l| l.recorded.as_ref())
            .find(|old| old.person_id == row.person_id && old.status == row.status)
        {
            row.recorded_by.clone_from(&old.recorded_by);
            row.recorded_at = old.recorded_at;
        }
    }
    rows::replace(conn, meeting_id, &checked)?;
    sheet(conn, caller, lang, meeting_id)
}
