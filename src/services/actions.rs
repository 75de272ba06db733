//! Action items, as the meeting page, `/actions` and the API drive them:
//! the meeting's organizers raise them; they or the owner (the person, a
//! manager of the owner body) mark them done, dropped or open again. Open
//! items of a working group carry over to its later sessions. Owners are
//! reminded once, before the due date.

use chrono::{Duration, NaiveDate};

use crate::db::actions::{self as rows, ActionRow, Item};
use crate::db::meetings::MeetingListing;
use crate::db::people::Person;
use crate::db::{self, DbConn};
use crate::domain::actions::{
    ActionInput, ActionState, CheckedAction, OwnerKind, REMIND_DAYS_BEFORE,
};
use crate::domain::error::{AppError, FieldError};
use crate::domain::time::{DEFAULT_ZONE, utc, zone};
use crate::domain::{Lang, MeetingStatus, code, decode};
use crate::infra::mail;
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::emails::{self, ActionReminderFields};
use crate::services::rsvps::{organized_meeting, organizes, visible_meeting};

/// How many carried-over items a session shows at most.
pub const CARRIED_AT_MOST: i64 = 50;
/// How many open items `/actions` lists at most.
pub const OPEN_AT_MOST: i64 = 300;

/// A meeting's items as one reader sees them.
#[derive(Debug, Clone)]
pub struct MeetingItems {
    /// Raised at this meeting.
    pub raised: Vec<Item>,
    /// Still open, raised at the group's earlier sessions.
    pub carried: Vec<Item>,
    /// Whether the reader organizes the meeting (raises and changes items).
    pub organizes: bool,
}

/// The items of a meeting `caller` may see.
pub fn of_meeting(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    meeting_id: &str,
) -> Result<MeetingItems, AppError> {
    let listing = visible_meeting(conn, caller, meeting_id)?;
    items_of(conn, caller, &listing)
}

/// The items of a meeting already read.
pub fn items_of(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    listing: &MeetingListing,
) -> Result<MeetingItems, AppError> {
    let m = &listing.meeting;
    let carried = match &m.working_group_id {
        Some(group) => rows::carried_over(conn, group, m.starts_at, CARRIED_AT_MOST)?,
        None => Vec::new(),
    };
    Ok(MeetingItems {
        raised: rows::of_meeting(conn, &m.id)?,
        carried,
        organizes: caller.is_some_and(|c| organizes(c, listing)),
    })
}

/// Raises an item at a meeting `caller` organizes. An owner nobody knows
/// is a field error; nothing is stored then. Call it in a write
/// transaction.
pub fn raise(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    input: &ActionInput,
) -> Result<Item, AppError> {
    organized_meeting(conn, caller, lang, meeting_id)?;
    let checked =
        CheckedAction::parse(input).map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
    let unknown = || {
        AppError::Invalid(vec![FieldError::new(
            "owner",
            lang.texts().actions.unknown_owner,
        )])
    };
    let (person, body) = match checked.owner_kind {
        OwnerKind::Person => {
            let person = db::people::find_by_email(conn, &checked.owner)?.ok_or_else(unknown)?;
            (Some(person.id), None)
        }
        OwnerKind::Organization => {
            let body =
                db::organizations::find_by_slug(conn, &checked.owner)?.ok_or_else(unknown)?;
            (None, Some(body.id))
        }
        OwnerKind::Club => (None, None),
    };
    let now = db::now();
    let row = ActionRow {
        id: db::new_id(),
        meeting_id: meeting_id.to_owned(),
        text: checked.text,
        owner_kind: code(checked.owner_kind).to_owned(),
        owner_person_id: person,
        owner_organization_id: body,
        due_on: checked.due_on,
        state: code(ActionState::Open).to_owned(),
        reminded_at: None,
        created_by: Some(caller.person.id.clone()),
        created_at: now,
        updated_by: Some(caller.person.id.clone()),
        updated_at: now,
    };
    rows::insert(conn, &row)?;
    rows::find(conn, &row.id)?.ok_or(AppError::NotFound)
}

/// Whether `caller` owns the item: its person, or a manager of its body.
pub fn owns(caller: &Caller, item: &Item) -> bool {
    item.row.owner_person_id.as_deref() == Some(caller.person.id.as_str())
        || item
            .row
            .owner_organization_id
            .as_ref()
            .is_some_and(|body| caller.managed_organizations.contains(body))
}

/// Marks an item `state` (`open`, `done`, `dropped`): the meeting's
/// organizers and the item's owner (else 403; 404 when its meeting is
/// hidden from them). Call it in a write transaction.
pub fn set_state(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    item_id: &str,
    state: &str,
) -> Result<Item, AppError> {
    let item = rows::find(conn, item_id)?.ok_or(AppError::NotFound)?;
    let listing = visible_meeting(conn, Some(caller), &item.row.meeting_id)?;
    if !organizes(caller, &listing) && !owns(caller, &item) {
        return Err(AppError::Forbidden(
            lang.texts().actions.not_yours.to_owned(),
        ));
    }
    let state: ActionState = state.trim().parse().map_err(|_| {
        AppError::Invalid(vec![FieldError::new(
            "state",
            lang.texts().actions.state_expected,
        )])
    })?;
    rows::set_state(conn, item_id, state, &caller.person.id, db::now())?;
    rows::find(conn, item_id)?.ok_or(AppError::NotFound)
}

/// The club's open items, for people signed in (the caller is only
/// required): those of meetings that are not drafts, which their
/// organizers see on the draft's page.
pub fn open_items(conn: &mut DbConn, _caller: &Caller) -> Result<Vec<Item>, AppError> {
    rows::open(conn, OPEN_AT_MOST)
}

/// The club's date, in Europe/Paris.
pub fn today() -> NaiveDate {
    utc(db::now()).with_timezone(&DEFAULT_ZONE).date_naive()
}

/// Queues the reminders of the open items due within
/// [`REMIND_DAYS_BEFORE`] days of `today`, once per item: the person who
/// owns it, the managers of the body that owns it, or for the club's
/// members whoever raised it. Items already past their date are marked
/// without mail. Returns how many mails were queued. Call it in a write
/// transaction.
pub fn queue_reminders(
    conn: &mut DbConn,
    settings: &Settings,
    today: NaiveDate,
) -> Result<usize, AppError> {
    let mut queued = 0;
    for item in rows::to_remind(conn, today + Duration::days(REMIND_DAYS_BEFORE))? {
        if !rows::claim_reminder(conn, &item.row.id, db::now())? {
            continue;
        }
        let Some(due) = item.row.due_on else { continue };
        if due < today || item.meeting_status == code(MeetingStatus::Draft) {
            continue;
        }
        for person in owners(conn, &item)? {
            let lang = Lang::from_code(&person.language);
            let tz = zone(&item.meeting_time_zone)?;
            let fields = ActionReminderFields {
                name: &person.name,
                text: &item.row.text,
                due: lang.date(due),
                meeting: &item.meeting_title,
                when: lang.date(utc(item.meeting_starts_at).with_timezone(&tz).date_naive()),
                link: format!(
                    "{}/meetings/{}#actions",
                    settings.base_url, item.row.meeting_id
                ),
                lang,
            };
            let key = format!("action:{}:{}", item.row.id, person.id);
            let email = emails::action_reminder(&person, &fields, key)?;
            if mail::enqueue(conn, settings, &email)?.is_some() {
                queued += 1;
            }
        }
    }
    Ok(queued)
}

fn owners(conn: &mut DbConn, item: &Item) -> Result<Vec<Person>, AppError> {
    let kind: OwnerKind = decode(&item.row.owner_kind)?;
    let one = |conn: &mut DbConn, id: &Option<String>| -> Result<Vec<Person>, AppError> {
        Ok(match id {
            Some(id) => db::people::find(conn, id)?.into_iter().collect(),
            None => Vec::new(),
        })
    };
    match kind {
        OwnerKind::Person => one(conn, &item.row.owner_person_id),
        OwnerKind::Organization => match &item.row.owner_organization_id {
            Some(body) => db::people::managers_of(conn, body),
            None => Ok(Vec::new()),
        },
        OwnerKind::Club => one(conn, &item.row.created_by),
    }
}
