//! Date polls as pages and the API both run them: who may create, answer,
//! see the results of, close and cancel a poll, and what closing does (the
//! meeting scheduled, the invitations and "date chosen" mails queued, all in
//! the caller's write transaction). The rules are `domain::polls`; the
//! rows, `db::polls`.

use std::collections::BTreeMap;

use crate::db::polls::{DatePoll, PollAnswerRow, PollSlot};
use crate::db::working_groups::WorkingGroup;
use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError, Problem};
use crate::domain::meetings::CheckedMeeting;
use crate::domain::polls::{
    AnswerInput, CheckedChange, CheckedPoll, Closed, PollAnswer, PollInput, PollState, Slot,
    check_answers,
};
use crate::domain::time::{utc, zone};
use crate::domain::video::CheckedVideo;
use crate::domain::{MeetingKind, MeetingStatus, code, decode};
use crate::infra::mail;
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::emails::{self, DateChosenFields};
use crate::services::notices;
use crate::services::policy::Action;

/// What organizing a poll of this group (none: of a hosting call) takes:
/// the group's coordinators and admins; a call's poll, admins only.
fn organize(working_group_id: Option<&str>) -> Action<'_> {
    match working_group_id {
        Some(id) => Action::OrganizeMeeting {
            kind: MeetingKind::WorkingGroupSession,
            working_group_id: Some(id),
        },
        None => Action::OrganizeMeeting {
            kind: MeetingKind::SpringPlenary,
            working_group_id: None,
        },
    }
}

/// Whether `caller` organizes this poll (edits, closes, cancels it, and
/// sees hidden results).
pub fn organizes(caller: &Caller, poll: &DatePoll) -> bool {
    caller.may(organize(poll.working_group_id.as_deref()))
}

/// Whether `caller` sees the totals: everyone, unless the results are
/// hidden while the poll is open; then its organizers only.
pub fn results_visible(caller: Option<&Caller>, poll: &DatePoll) -> bool {
    let open = poll.state == code(PollState::Open);
    !(poll.hide_results && open) || caller.is_some_and(|c| organizes(c, poll))
}

/// Whether `caller` sees who answered what: signed-in people who see the
/// results (anonymous visitors see the totals only).
pub fn names_visible(caller: Option<&Caller>, poll: &DatePoll) -> bool {
    caller.is_some() && results_visible(caller, poll)
}

/// A poll with its group, slots and answers.
#[derive(Debug, Clone)]
pub struct PollDetails {
    pub poll: DatePoll,
    pub group: Option<WorkingGroup>,
    /// For a hosting call's poll: the call's id and title.
    pub call: Option<(String, String)>,
    pub slots: Vec<PollSlot>,
    /// For a hosting call's poll: each slot's proposing body (slug, name).
    pub hosts: Vec<Option<(String, String)>>,
    pub answers: Vec<PollAnswerRow>,
}

impl PollDetails {
    /// The answers as (slot, answer) pairs, for the totals.
    pub fn pairs(&self) -> Vec<(usize, PollAnswer)> {
        self.answers.iter().map(|a| (a.slot, a.answer)).collect()
    }

    /// `person_id`'s answers, one per slot (none where they did not answer).
    pub fn answers_of(&self, person_id: &str) -> Vec<Option<PollAnswer>> {
        let mut own = vec![None; self.slots.len()];
        for a in self.answers.iter().filter(|a| a.person_id == person_id) {
            if let Some(slot) = own.get_mut(a.slot) {
                *slot = Some(a.answer);
            }
        }
        own
    }

    /// Each person who answered, by name: their answer per slot.
    pub fn by_person(&self) -> Vec<(String, Vec<Option<PollAnswer>>)> {
        let mut people: BTreeMap<(String, String), Vec<Option<PollAnswer>>> = BTreeMap::new();
        for a in &self.answers {
            let row = people
                .entry((a.person_name.clone(), a.person_id.clone()))
                .or_insert_with(|| vec![None; self.slots.len()]);
            if let Some(slot) = row.get_mut(a.slot) {
                *slot = Some(a.answer);
            }
        }
        people
            .into_iter()
            .map(|((name, _), answers)| (name, answers))
            .collect()
    }
}

/// A poll and everything shown with it.
pub fn details(conn: &mut DbConn, poll_id: &str) -> Result<PollDetails, AppError> {
    let poll = db::polls::find(conn, poll_id)?.ok_or(AppError::NotFound)?;
    let group = match &poll.working_group_id {
        Some(id) => db::working_groups::find(conn, id)?,
        None => None,
    };
    let slots = db::polls::slots(conn, poll_id)?;
    let (call, hosts) = match &poll.hosting_call_id {
        Some(call_id) => {
            let call = db::hosting_calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
            let proposals = db::hosting_calls::proposals(conn, call_id)?;
            let hosts = slots
                .iter()
                .map(|slot| {
                    proposals
                        .iter()
                        .find(|p| slot.host_proposal_id.as_deref() == Some(p.proposal.id.as_str()))
                        .map(|p| p.organization.clone())
                })
                .collect();
            (Some((call.id, call.title)), hosts)
        }
        None => (None, vec![None; slots.len()]),
    };
    Ok(PollDetails {
        answers: db::polls::answers(conn, poll_id)?,
        slots,
        hosts,
        call,
        group,
        poll,
    })
}

/// The group a poll is created for, by slug; unknown: a field error.
fn group_for_poll(conn: &mut DbConn, slug: &str, lang: Lang) -> Result<WorkingGroup, AppError> {
    db::working_groups::find_by_slug(conn, slug.trim())?.ok_or_else(|| {
        AppError::Invalid(vec![FieldError::new(
            "working_group",
            lang.problem(&Problem::UnknownGroup {
                slug: slug.to_owned(),
            }),
        )])
    })
}

/// Creates a poll of a working group; returns its id. Only the group's
/// coordinators and admins create one. Call it in a write transaction.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    group_slug: &str,
    input: &PollInput,
) -> Result<String, AppError> {
    let group = group_for_poll(conn, group_slug, caller.lang())?;
    caller.require(organize(Some(&group.id)))?;
    let checked = CheckedPoll::parse(input, db::now())
        .map_err(|p| AppError::Invalid(caller.lang().field_errors(p)))?;
    db::polls::create(conn, &checked, &group.id, &caller.person.id)
}

/// Replaces the caller's answers to a poll: any signed-in person answers,
/// until the deadline and while the poll is open; slots left out count as
/// "no". Call it in a write transaction.
pub fn answer(
    conn: &mut DbConn,
    caller: &Caller,
    poll_id: &str,
    sent: &[AnswerInput],
) -> Result<(), AppError> {
    let poll = db::polls::find(conn, poll_id)?.ok_or(AppError::NotFound)?;
    if let Some(closed) = Closed::check(poll.state()?, poll.deadline, db::now()) {
        return Err(AppError::Conflict(
            caller.lang().poll_closed(closed).to_owned(),
        ));
    }
    let slots = db::polls::slots(conn, poll_id)?;
    let answers = check_answers(slots.len(), sent)
        .map_err(|p| AppError::Invalid(caller.lang().field_errors(p)))?;
    db::polls::replace_answers(conn, poll_id, &caller.person.id, &answers)
}

/// A change of an open poll, as typed.
#[derive(Debug, Clone, Default)]
pub struct PollChange {
    pub title: String,
    pub description: String,
    /// Local, in the poll's zone; empty for none; `None` keeps the
    /// deadline as it is.
    pub deadline_local: Option<String>,
    pub hide_results: bool,
}

/// Changes an open poll's title, description, deadline and hidden results
/// (its organizers; the slots stay as answered). Call it in a write
/// transaction.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    details: &PollDetails,
    change: &PollChange,
) -> Result<(), AppError> {
    let poll = &details.poll;
    caller.require(organize(poll.working_group_id.as_deref()))?;
    if let Some(closed) = Closed::check(poll.state()?, None, db::now()) {
        return Err(AppError::Conflict(
            caller.lang().poll_closed(closed).to_owned(),
        ));
    }
    let slots: Vec<Slot> = details
        .slots
        .iter()
        .map(|s| Slot {
            starts_at: utc(s.starts_at),
            ends_at: utc(s.ends_at),
        })
        .collect();
    let checked = CheckedChange::parse(
        &change.title,
        &change.description,
        change.deadline_local.as_deref().unwrap_or(""),
        zone(&poll.time_zone)?,
        &slots,
        db::now(),
    )
    .map_err(|p| AppError::Invalid(caller.lang().field_errors(p)))?;
    db::polls::update_text(
        conn,
        &poll.id,
        &checked.title,
        &checked.description,
        match change.deadline_local {
            Some(_) => checked.deadline.map(|d| d.naive_utc()),
            None => poll.deadline,
        },
        change.hide_results,
    )
}

/// Cancels an open poll (its organizers). Call it in a write transaction.
pub fn cancel(conn: &mut DbConn, caller: &Caller, poll_id: &str) -> Result<DatePoll, AppError> {
    let poll = db::polls::find(conn, poll_id)?.ok_or(AppError::NotFound)?;
    caller.require(organize(poll.working_group_id.as_deref()))?;
    if !db::polls::cancel(conn, poll_id)? {
        let state = poll.state()?;
        if state != PollState::Cancelled {
            return Err(AppError::Conflict(
                caller.lang().poll_closed(Closed::Closed).to_owned(),
            ));
        }
    }
    db::polls::find(conn, poll_id)?.ok_or(AppError::NotFound)
}

fn slot_refused(lang: Lang, past: bool, count: usize) -> AppError {
    let message = lang.slot_refused(past, count);
    AppError::Invalid(vec![FieldError::new("slot", message)])
}

/// Closes a poll on one slot and schedules the meeting: a session of the
/// poll's group at the slot's times in the poll's zone, with the poll's
/// format and room. Invites (one-click links) everyone who answered yes or
/// if need be for that slot, and tells the others who answered the date
/// chosen. Closing again on the same slot gives the same meeting; two
/// closers at once end with one meeting (`db::polls::close` is one
/// conditional write). Returns the meeting's id. Call it in a write
/// transaction.
pub fn close(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    poll_id: &str,
    slot: i64,
) -> Result<String, AppError> {
    let lang = caller.lang();
    let poll = db::polls::find(conn, poll_id)?.ok_or(AppError::NotFound)?;
    caller.require(organize(poll.working_group_id.as_deref()))?;
    let slots = db::polls::slots(conn, poll_id)?;
    let chosen = usize::try_from(slot)
        .ok()
        .and_then(|i| slots.get(i))
        .ok_or_else(|| slot_refused(lang, false, slots.len()))?;
    let position = chosen.position;
    if !db::polls::close(conn, poll_id, position)? {
        // closed or cancelled meanwhile: read what the other closer did
        let now = db::polls::find(conn, poll_id)?.ok_or(AppError::NotFound)?;
        let state = now.state()?;
        return match (now.chosen_slot, now.meeting_id) {
            (Some(same), Some(meeting)) if same == position => Ok(meeting),
            _ => Err(AppError::Conflict(
                lang.poll_closed(Closed::check(state, None, db::now()).unwrap_or(Closed::Closed))
                    .to_owned(),
            )),
        };
    }
    if chosen.starts_at <= db::now() {
        return Err(slot_refused(lang, true, slots.len()));
    }
    let Some(group_id) = poll.working_group_id.as_deref() else {
        // a hosting call's poll: its slot's proposal is accepted at that date
        let (Some(proposal), Some(candidate)) = (
            chosen.host_proposal_id.as_deref(),
            chosen.candidate_position,
        ) else {
            return Err(AppError::internal(
                "a hosting call's slot without its proposal",
            ));
        };
        let meeting_id =
            crate::services::hosting::accept(conn, settings, caller, proposal, candidate)?;
        db::polls::set_meeting(conn, poll_id, &meeting_id)?;
        let meeting = db::meetings::find(conn, &meeting_id)?
            .ok_or(AppError::NotFound)?
            .meeting;
        tell_answerers(conn, settings, &poll, position, &meeting)?;
        return Ok(meeting_id);
    };
    let group = db::working_groups::find(conn, group_id)?.ok_or(AppError::NotFound)?;
    let tz = zone(&poll.time_zone)?;
    let checked = CheckedMeeting {
        kind: MeetingKind::WorkingGroupSession,
        format: decode(&poll.format)?,
        status: MeetingStatus::Scheduled,
        title: poll.title.clone(),
        agenda: poll.description.clone(),
        starts_at: utc(chosen.starts_at),
        ends_at: utc(chosen.ends_at),
        zone: tz,
        venue_name: None,
        venue_address: None,
        venue_city: None,
        venue_directions: None,
        venue_geo: None,
        host_organization: None,
        working_group: Some(group.slug),
        capacity: None,
        remote_capacity: None,
        organization_quota: None,
        approval_required: false,
        asks_lunch: false,
        rsvp_deadline: None,
        video: CheckedVideo {
            provider: poll.video_provider.as_deref().map(decode).transpose()?,
            ..CheckedVideo::default()
        },
    };
    let meeting_id = db::meetings::create(conn, &checked)?;
    db::polls::set_meeting(conn, poll_id, &meeting_id)?;
    let meeting = db::meetings::find(conn, &meeting_id)?
        .ok_or(AppError::NotFound)?
        .meeting;
    tell_answerers(conn, settings, &poll, position, &meeting)?;
    Ok(meeting_id)
}

/// Queues the invitation (yes, if need be on the chosen slot) or the
/// "date chosen" mail (everyone else who answered).
fn tell_answerers(
    conn: &mut DbConn,
    settings: &Settings,
    poll: &DatePoll,
    position: i32,
    meeting: &db::meetings::Meeting,
) -> Result<(), AppError> {
    let answers = db::polls::answers(conn, &poll.id)?;
    let mut people: BTreeMap<&str, bool> = BTreeMap::new();
    for a in &answers {
        let available = i32::try_from(a.slot).is_ok_and(|s| s == position)
            && matches!(a.answer, PollAnswer::Yes | PollAnswer::IfNeedBe);
        *people.entry(a.person_id.as_str()).or_default() |= available;
    }
    let tz = zone(&meeting.time_zone)?;
    let room = db::rooms::find(conn, &meeting.id)?;
    for (person_id, available) in people {
        let Some(person) = db::people::find(conn, person_id)? else {
            continue;
        };
        let email = if available {
            notices::invitation(settings, meeting, room.as_ref(), &person)?
        } else {
            let lang = Lang::from_code(&person.language);
            let fields = DateChosenFields {
                name: &person.name,
                title: &poll.title,
                when: lang.span(utc(meeting.starts_at), utc(meeting.ends_at), tz),
                page: format!("{}/meetings/{}", settings.base_url, meeting.id),
                lang,
            };
            emails::date_chosen(
                &person,
                &fields,
                format!("date-chosen:{}:{}", poll.id, person.id),
            )?
        };
        mail::enqueue(conn, settings, &email)?;
    }
    Ok(())
}

/// After a proposal of a hosting call is accepted (from its page, not by
/// closing a poll): the call's open polls end too — closed on the slot of
/// the accepted date (the people available are invited), or cancelled when
/// they did not offer it. Call it in the acceptance's transaction.
pub fn conclude_call_polls(
    conn: &mut DbConn,
    settings: &Settings,
    call_id: &str,
    proposal_id: &str,
    candidate_position: i32,
    meeting: &db::meetings::Meeting,
) -> Result<(), AppError> {
    let open = code(PollState::Open);
    for poll in db::polls::for_call(conn, call_id)?
        .into_iter()
        .filter(|p| p.state == open)
    {
        let slot = db::polls::slots(conn, &poll.id)?.into_iter().find(|s| {
            s.host_proposal_id.as_deref() == Some(proposal_id)
                && s.candidate_position == Some(candidate_position)
        });
        match slot {
            Some(slot) if db::polls::close(conn, &poll.id, slot.position)? => {
                db::polls::set_meeting(conn, &poll.id, &meeting.id)?;
                tell_answerers(conn, settings, &poll, slot.position, meeting)?;
            }
            Some(_) => {}
            None => {
                db::polls::cancel(conn, &poll.id)?;
            }
        }
    }
    Ok(())
}
