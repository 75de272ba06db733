//! Date polls as pages: the creation form (slot rows, more rows by posting
//! the form again), the poll's grid (answers, results, closing).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use strum::VariantArray;

use super::rsvps::Choice;
use super::{Chrome, render_status};
use crate::db::working_groups::WorkingGroup;
use crate::db::write_transaction;
use crate::domain::error::{AppError, FieldError};
use crate::domain::polls::{Closed, PollAnswer, PollInput, PollState, SlotInput, best, totals};
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingFormat, code, time};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::polls::{self, PollDetails, names_visible, results_visible};

/// Empty slot rows a new form shows, and how many "add rows" adds.
const ROWS_STEP: usize = 3;

/// A posted form as name/value pairs: slot rows repeat their names.
type Posted = Vec<(String, String)>;

fn one<'a>(posted: &'a Posted, name: &str) -> &'a str {
    posted
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn all<'a>(posted: &'a Posted, name: &str) -> Vec<&'a str> {
    posted
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// One slot row of the form: a date, a start and an end time.
#[derive(Debug, Clone, Default)]
pub struct SlotRow {
    pub date: String,
    pub start: String,
    pub end: String,
}

impl SlotRow {
    fn is_empty(&self) -> bool {
        self.date.trim().is_empty() && self.start.trim().is_empty() && self.end.trim().is_empty()
    }
}

/// The creation form, as sent and shown again.
#[derive(Debug, Clone, Default)]
pub struct PollForm {
    pub title: String,
    pub description: String,
    pub time_zone: String,
    pub format: String,
    pub video_provider: String,
    pub deadline: String,
    pub hide_results: bool,
    pub rows: Vec<SlotRow>,
}

impl PollForm {
    fn blank() -> Self {
        Self {
            time_zone: time::DEFAULT_ZONE.name().to_owned(),
            format: code(MeetingFormat::Remote).to_owned(),
            video_provider: "jitsi".to_owned(),
            rows: vec![SlotRow::default(); ROWS_STEP],
            ..Self::default()
        }
    }

    fn read(posted: &Posted) -> Self {
        let (dates, starts, ends) = (
            all(posted, "slot_date"),
            all(posted, "slot_start"),
            all(posted, "slot_end"),
        );
        let count = dates.len().max(starts.len()).max(ends.len());
        let cell = |list: &[&str], i: usize| list.get(i).copied().unwrap_or("").to_owned();
        Self {
            title: one(posted, "title").to_owned(),
            description: one(posted, "description").to_owned(),
            time_zone: one(posted, "time_zone").to_owned(),
            format: one(posted, "format").to_owned(),
            video_provider: one(posted, "video_provider").to_owned(),
            deadline: one(posted, "deadline").to_owned(),
            hide_results: !one(posted, "hide_results").is_empty(),
            rows: (0..count)
                .map(|i| SlotRow {
                    date: cell(&dates, i),
                    start: cell(&starts, i),
                    end: cell(&ends, i),
                })
                .collect(),
        }
    }

    /// The poll to check, from the rows filled in; and for each slot, the
    /// row it came from (errors are shown on that row).
    fn input(&self) -> (PollInput, Vec<usize>) {
        let filled: Vec<usize> = (0..self.rows.len())
            .filter(|&i| !self.rows[i].is_empty())
            .collect();
        let local = |date: &str, clock: &str| format!("{}T{}", date.trim(), clock.trim());
        let slots = filled
            .iter()
            .map(|&i| {
                let r = &self.rows[i];
                SlotInput {
                    starts_at_local: local(&r.date, &r.start),
                    ends_at_local: local(&r.date, &r.end),
                }
            })
            .collect();
        let input = PollInput {
            title: self.title.clone(),
            description: self.description.clone(),
            time_zone: self.time_zone.clone(),
            format: self.format.clone(),
            video_provider: self.video_provider.clone(),
            slots,
            deadline_local: self.deadline.replace(' ', "T"),
            hide_results: self.hide_results,
        };
        (input, filled)
    }
}

/// Error fields of the n-th slot renamed after the row it came from.
fn on_rows(errors: Vec<FieldError>, rows: &[usize]) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            if let Some(rest) = e.field.strip_prefix("slots[")
                && let Some((n, part)) = rest.split_once(']')
                && let Some(row) = n.parse::<usize>().ok().and_then(|n| rows.get(n))
            {
                e.field = format!("slots[{row}]{part}");
            }
            e
        })
        .collect()
}

#[derive(Template)]
#[template(path = "date_poll_form.html")]
struct PollFormPage {
    chrome: Chrome,
    group: WorkingGroup,
    form: PollForm,
    errors: Vec<FieldError>,
}

impl PollFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    // askama passes the loop's index by reference
    fn row_error(&self, row: &usize) -> Option<&str> {
        let prefix = format!("slots[{row}]");
        self.errors
            .iter()
            .find(|e| e.field.starts_with(&prefix))
            .map(|e| e.message.as_str())
    }

    fn formats(&self) -> Vec<(&'static str, &'static str)> {
        MeetingFormat::VARIANTS
            .iter()
            .map(|f| (code(*f), self.chrome.lang.meeting_format(*f)))
            .collect()
    }

    fn providers(&self) -> [(&'static str, &'static str); 3] {
        [
            ("", self.chrome.t.polls.poll_video_none),
            ("jitsi", "Jitsi"),
            ("bigbluebutton", "BigBlueButton"),
        ]
    }
}

async fn organized_group(
    state: &AppState,
    chrome: &Chrome,
    slug: String,
) -> Result<WorkingGroup, AppError> {
    let caller = chrome.caller()?.clone();
    let group = state
        .db
        .run(move |conn| {
            crate::db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)
        })
        .await?;
    caller.require(crate::services::policy::Action::OrganizeMeeting {
        kind: crate::domain::MeetingKind::WorkingGroupSession,
        working_group_id: Some(&group.id),
    })?;
    Ok(group)
}

/// The creation form, with a few empty slot rows.
pub async fn new_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let group = organized_group(&state, &chrome, slug.into_inner()).await?;
    render_status(
        &PollFormPage {
            chrome,
            group,
            form: PollForm::blank(),
            errors: Vec::new(),
        },
        StatusCode::OK,
    )
}

/// Creates the poll; or shows the form again with more rows (the "add
/// rows" button) or with the errors, the input kept.
pub async fn create_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    posted: CsrfForm<Posted>,
) -> Result<HttpResponse, AppError> {
    let group = organized_group(&state, &chrome, slug.into_inner()).await?;
    let posted = posted.0;
    let mut form = PollForm::read(&posted);
    if !one(&posted, "more_rows").is_empty() {
        form.rows
            .extend(std::iter::repeat_n(SlotRow::default(), ROWS_STEP));
        let page = PollFormPage {
            chrome,
            group,
            form,
            errors: Vec::new(),
        };
        return render_status(&page, StatusCode::OK);
    }
    let (input, rows) = form.input();
    let caller = chrome.caller()?.clone();
    let slug = group.slug.clone();
    let created = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| polls::create(conn, &caller, &slug, &input))
        })
        .await;
    match created {
        Ok(id) => Ok(see_other(&format!("/date-polls/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = PollFormPage {
                chrome,
                group,
                form,
                errors: on_rows(errors, &rows),
            };
            render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e),
    }
}

/// One slot as the grid shows it.
#[derive(Debug)]
pub struct SlotView {
    pub index: usize,
    /// "mardi 12 janvier 2027, 14 h 00 – 16 h 00".
    pub when: String,
    pub yes: i64,
    pub if_need_be: i64,
    pub no: i64,
    pub best: bool,
    pub chosen: bool,
    /// The visitor's own answer, in words.
    pub own: Option<&'static str>,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "date_poll.html")]
struct PollPage {
    chrome: Chrome,
    poll: crate::db::polls::DatePoll,
    group: Option<WorkingGroup>,
    /// A hosting call's poll: the call's id and title.
    call: Option<(String, String)>,
    description_html: String,
    state_label: &'static str,
    deadline: Option<String>,
    /// Why answers are closed, if they are.
    closed: Option<&'static str>,
    slots: Vec<SlotView>,
    results_visible: bool,
    /// Who answered what, when the visitor may see names.
    people: Option<Vec<(String, Vec<&'static str>)>>,
    may_answer: bool,
    organizes: bool,
    saved: bool,
    errors: Vec<FieldError>,
}

fn label(t: &crate::i18n::Texts, answer: PollAnswer) -> &'static str {
    match answer {
        PollAnswer::Yes => t.polls.poll_yes,
        PollAnswer::IfNeedBe => t.polls.poll_if_need_be,
        PollAnswer::No => t.polls.poll_no,
    }
}

fn poll_page(
    chrome: Chrome,
    d: PollDetails,
    saved: bool,
    errors: Vec<FieldError>,
) -> Result<PollPage, AppError> {
    let caller = chrome.signed_in.as_ref();
    let visible = results_visible(caller, &d.poll);
    let names = names_visible(caller, &d.poll);
    let organizes = caller.is_some_and(|c| polls::organizes(c, &d.poll));
    let counts = totals(d.slots.len(), &d.pairs());
    let top = if visible { best(&counts) } else { None };
    let own = caller
        .map(|c| d.answers_of(&c.person.id))
        .unwrap_or_else(|| vec![None; d.slots.len()]);
    let tz = zone(&d.poll.time_zone)?;
    let t = chrome.t;
    let slots = d
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| SlotView {
            index: i,
            when: {
                let when = chrome.lang.span(utc(s.starts_at), utc(s.ends_at), tz);
                match &d.hosts[i] {
                    Some((_, host)) => format!("{host} — {when}"),
                    None => when,
                }
            },
            yes: counts[i].yes,
            if_need_be: counts[i].if_need_be,
            no: counts[i].no,
            best: top == Some(i),
            chosen: d
                .poll
                .chosen_slot
                .is_some_and(|c| usize::try_from(c) == Ok(i)),
            own: own[i].map(|a| label(t, a)),
            choices: PollAnswer::VARIANTS
                .iter()
                .map(|a| Choice {
                    id: format!("slot_{i}-{}", code(*a)),
                    value: code(*a),
                    label: label(t, *a).to_owned(),
                    checked: own[i] == Some(*a),
                })
                .collect(),
        })
        .collect();
    let people = names.then(|| {
        d.by_person()
            .into_iter()
            .map(|(name, answers)| {
                let cells = answers
                    .into_iter()
                    .map(|a| a.map_or("–", |a| label(t, a)))
                    .collect();
                (name, cells)
            })
            .collect()
    });
    let state = d.poll.state()?;
    let closed =
        Closed::check(state, d.poll.deadline, crate::db::now()).map(|c| chrome.lang.poll_closed(c));
    let deadline = d.poll.deadline.map(|at| {
        let local = utc(at).with_timezone(&tz).naive_local();
        format!(
            "{}, {}",
            chrome.lang.date(local.date()),
            chrome.lang.clock(local)
        )
    });
    Ok(PollPage {
        state_label: match state {
            PollState::Open => t.polls.poll_open,
            PollState::Closed => t.polls.poll_closed,
            PollState::Cancelled => t.polls.poll_cancelled,
        },
        description_html: super::markdown_to_safe_html(&d.poll.description),
        may_answer: caller.is_some() && closed.is_none(),
        group: d.group,
        call: d.call,
        poll: d.poll,
        deadline,
        closed,
        slots,
        results_visible: visible,
        people,
        organizes,
        saved,
        errors,
        chrome,
    })
}

impl PollPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    fn has_own_answers(&self) -> bool {
        self.slots.iter().any(|s| s.own.is_some())
    }

    fn is_open(&self) -> bool {
        self.poll.state == code(PollState::Open)
    }
}

async fn load(state: &AppState, id: String) -> Result<PollDetails, AppError> {
    state.db.run(move |conn| polls::details(conn, &id)).await
}

/// `?saved=1` after answering.
#[derive(Debug, serde::Deserialize)]
pub struct ShowQuery {
    saved: Option<String>,
}

/// The poll's grid: the slots, the visitor's answers, the results.
pub async fn show_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let details = load(&state, id.into_inner()).await?;
    let page = poll_page(chrome, details, query.saved.is_some(), Vec::new())?;
    render_status(&page, StatusCode::OK)
}

/// Shows the grid again with `errors` (422), or passes other errors on.
async fn refused(
    state: &AppState,
    chrome: Chrome,
    id: String,
    error: AppError,
) -> Result<HttpResponse, AppError> {
    let errors = match error {
        AppError::Invalid(errors) => errors,
        other => return Err(other),
    };
    let details = load(state, id).await?;
    let page = poll_page(chrome, details, false, errors)?;
    render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// The signed-in person's answers: `slot_0=yes`, `slot_1=no`, …
pub async fn answer_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    posted: CsrfForm<Posted>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let caller = chrome.caller()?.clone();
    let mut sent = Vec::new();
    for (name, value) in posted.0 {
        if let Some(slot) = name
            .strip_prefix("slot_")
            .and_then(|n| n.parse::<i64>().ok())
        {
            sent.push((slot, value));
        }
    }
    let poll_id = id.clone();
    let answered = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| polls::answer(conn, &caller, &poll_id, &sent))
        })
        .await;
    match answered {
        Ok(()) => Ok(see_other(&format!("/date-polls/{id}?saved=1#answers"))),
        Err(e) => refused(&state, chrome, id, e).await,
    }
}

/// The slot a coordinator closes the poll on.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CloseForm {
    slot: String,
}

/// Closes the poll on the chosen slot; on to the meeting scheduled.
pub async fn close_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<CloseForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let caller = chrome.caller()?.clone();
    let slot = form.0.slot.trim().parse::<i64>().unwrap_or(-1);
    let settings = state.settings.clone();
    let poll_id = id.clone();
    let closed = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                polls::close(conn, &settings, &caller, &poll_id, slot)
            })
        })
        .await;
    match closed {
        Ok(meeting) => Ok(see_other(&format!("/meetings/{meeting}"))),
        Err(e) => refused(&state, chrome, id, e).await,
    }
}

/// Cancels the poll.
pub async fn cancel_date_poll(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<CloseForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let caller = chrome.caller()?.clone();
    let poll_id = id.clone();
    state
        .db
        .run(move |conn| write_transaction(conn, |conn| polls::cancel(conn, &caller, &poll_id)))
        .await?;
    Ok(see_other(&format!("/date-polls/{id}")))
}
