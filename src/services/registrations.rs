//! A person of a member body registers a colleague of the same body for a
//! meeting: the colleague's "yes" is placed as if they had answered
//! (seats, waiting list, quota, approval), and they are told who did it.

use crate::db::organizations::Organization;
use crate::db::rsvps::Participant;
use crate::db::{self, DbConn};
use crate::domain::error::{AppError, Problem, Refusal};
use crate::domain::people::NewPerson;
use crate::domain::registrations::CheckedColleague;
use crate::domain::{ClubStatus, Lang, decode};
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::{notices, rsvps};

/// The body `caller` registers colleagues of: theirs, if it is a member
/// body; else 403 in `lang`.
pub fn registering_body(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
) -> Result<Organization, AppError> {
    let Some(id) = &caller.person.organization_id else {
        return Err(AppError::Forbidden(lang.no_body_to_register().to_owned()));
    };
    let body = db::organizations::find(conn, id)?
        .ok_or_else(|| AppError::Forbidden(lang.no_body_to_register().to_owned()))?;
    if decode::<ClubStatus>(&body.club_status)? != ClubStatus::Member {
        return Err(AppError::Forbidden(
            lang.not_member_to_register().to_owned(),
        ));
    }
    Ok(body)
}

/// `caller` registers a colleague of their body for a meeting; someone new
/// is created in that body first. Refusals are in `lang`. Call it in a
/// write transaction (`Db::change_answers`): nothing stays written when it
/// fails.
pub fn register_colleague(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    checked: &CheckedColleague,
) -> Result<Participant, AppError> {
    let body = registering_body(conn, caller, lang)?;
    let listing = rsvps::visible_meeting(conn, Some(caller), meeting_id)?;
    // the same check as the caller's own answer, before anyone is created
    rsvps::may_answer(caller, lang, &listing.meeting)?;
    let refused = |problem| lang.worded(AppError::refused("email", problem));
    if checked.email.key() == caller.person.email_key {
        return Err(refused(Problem::YourOwnAddress));
    }
    let colleague = match db::people::find_by_email(conn, checked.email.as_str())? {
        Some(known) if known.organization_id.as_deref() != Some(body.id.as_str()) => {
            return Err(refused(Problem::NotYourBody));
        }
        Some(known) => known,
        None => {
            let new = NewPerson {
                email: checked.email.clone(),
                name: checked.name_for_new(),
                organization: Some(body.slug),
                admin: false,
                manager: false,
            };
            db::people::create(conn, &new).map_err(|e| lang.worded(e))?
        }
    };
    if db::rsvps::find(conn, meeting_id, &colleague.id)?.is_some() {
        return Err(lang.worded(AppError::Refused(Refusal::Conflict(
            Problem::AlreadyRegistered,
        ))));
    }
    let settled = db::rsvps::answer(conn, meeting_id, &colleague, &checked.answer, |meeting| {
        rsvps::may_answer(caller, lang, meeting)
    })
    .map_err(|e| lang.worded(e))?;
    notices::registered_by_colleague(conn, settings, &settled, &colleague.id, &caller.person.name)?;
    settled
        .answer_of(&colleague.id)
        .cloned()
        .ok_or_else(|| AppError::internal("the answer just written is missing"))
}
