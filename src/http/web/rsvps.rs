//! Answering a meeting from its page: the RSVP part of the page, the
//! answer form and taking an answer back.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use strum::VariantArray;

use super::Chrome;
use super::meetings::{Posted, render_meeting};
use super::rsvp_views::{ParticipantView, own_state, tour_de_table};
use crate::db::meetings::Meeting;
use crate::db::rsvps::{self, Participant};
use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError};
use crate::domain::registrations::{CheckedColleague, ColleagueInput};
use crate::domain::rsvps::{Answer, AnswerInput, Attendance, CheckedAnswer, Closed, RsvpState};
use crate::domain::{MeetingFormat, code, decode};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;

/// The answer form's fields, as sent (here and from a one-click link's
/// page) and as shown again; the checkbox is absent when unticked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RsvpForm {
    pub answer: String,
    pub attendance: String,
    pub project_highlight: String,
    pub wished_development: String,
    pub comment: String,
    pub listed: Option<String>,
    pub lunch: Option<String>,
    pub dietary_needs: String,
    pub accessibility_needs: String,
}

impl From<RsvpForm> for AnswerInput {
    fn from(f: RsvpForm) -> Self {
        Self {
            answer: f.answer,
            attendance: f.attendance,
            project_highlight: f.project_highlight,
            wished_development: f.wished_development,
            comment: f.comment,
            listed: f.listed.is_some(),
            lunch: f.lunch.is_some(),
            dietary_needs: f.dietary_needs,
            accessibility_needs: f.accessibility_needs,
        }
    }
}

/// The fields only the person and the organizers see: the lunch (at a
/// meeting that asks) and the needs; on the meeting page and a link's page.
#[derive(Debug)]
pub struct NeedsFields<'a> {
    pub asks_lunch: bool,
    pub lunch: bool,
    pub dietary_needs: &'a str,
    pub accessibility_needs: &'a str,
    pub errors: &'a [FieldError],
    pub lang: Lang,
}

impl NeedsFields<'_> {
    /// The message for one field of the form shown again.
    pub fn error(&self, field: &str) -> Option<&str> {
        super::field_error(self.errors, field)
    }

    /// The two needs: name, label, value.
    pub fn texts(&self) -> [(&'static str, &'static str, &str); 2] {
        let t = self.lang.texts();
        [
            ("dietary_needs", t.answers.dietary_needs, self.dietary_needs),
            (
                "accessibility_needs",
                t.answers.accessibility_needs,
                self.accessibility_needs,
            ),
        ]
    }
}

/// The form registering a colleague: whether it shows, and what was sent
/// when it comes back with errors.
#[derive(Debug, Default)]
pub struct ColleaguePosted {
    pub shown: bool,
    pub input: ColleagueInput,
    pub errors: Vec<FieldError>,
    pub refusal: Option<String>,
}

impl ColleaguePosted {
    /// The message for one field of the form shown again.
    pub fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// The form's fields, as sent.
#[derive(Debug, Deserialize)]
pub struct ColleagueForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub attendance: String,
}

/// One radio button of a group.
#[derive(Debug)]
pub struct Choice {
    /// The first of a group has the group's name as id: error links point
    /// at it.
    pub id: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

/// The answers part of a meeting page.
#[derive(Debug)]
pub struct RsvpSection {
    /// "12 inscrits sur place sur 50 places, …".
    pub counts: String,
    /// Confirmed people who agreed to be named: name and body.
    pub listed: Vec<(String, Option<String>)>,
    /// Whether the person chooses in person or remote.
    pub hybrid: bool,
    /// Whether the meeting asks who takes the lunch.
    pub asks_lunch: bool,
    /// The form registering a colleague.
    pub colleague: ColleaguePosted,
    /// Where the signed-in person's answer stands, in words.
    pub own_state: Option<String>,
    /// Whether they have a "yes" or a "maybe" to take back.
    pub may_withdraw: bool,
    /// Why answers are closed to this visitor now, if they are.
    pub closed: Option<String>,
    /// What the form shows: the stored answer, or what was just sent.
    pub input: AnswerInput,
    pub errors: Vec<FieldError>,
    /// Why the answer just sent was refused (deadline, cancellation).
    pub refusal: Option<String>,
    /// What was sent and refused, shown back so nothing is lost.
    pub kept: Option<AnswerInput>,
    /// What the last post did.
    pub done: Option<&'static str>,
    /// The attendances whose seats are all taken (a "yes" for one waits).
    full: Vec<Attendance>,
    lang: Lang,
}

impl RsvpSection {
    /// The answers part for `visitor` (`None`: not signed in).
    pub fn new(
        meeting: &Meeting,
        all: Vec<Participant>,
        visitor: Option<(&str, bool)>,
        posted: Posted,
        lang: Lang,
    ) -> Result<Self, AppError> {
        let format: MeetingFormat = decode(&meeting.format)?;
        let counts = super::rsvp_views::counts_sentence(
            &rsvps::counts(&all),
            format,
            meeting.capacity,
            meeting.remote_capacity,
            lang,
        );
        let taken = rsvps::counts(&all);
        let full = [
            (Attendance::InPerson, taken.in_person, meeting.capacity),
            (Attendance::Remote, taken.remote, meeting.remote_capacity),
        ]
        .into_iter()
        .filter(|(_, held, seats)| seats.is_some_and(|seats| *held >= i64::from(seats)))
        .map(|(attendance, _, _)| attendance)
        .collect();
        let (person_id, organizer) = visitor.unwrap_or_default();
        let closed = Closed::check(
            decode(&meeting.status)?,
            meeting.rsvp_deadline,
            meeting.ends_at,
            crate::db::now(),
            organizer,
        )
        .and_then(|closed| {
            closed
                .refusal(lang.answers_closed(closed))
                .detail()
                .map(str::to_owned)
        });
        let mine = all.iter().find(|p| p.person.id == person_id);
        let own_state = match (visitor, mine) {
            (Some(_), Some(p)) => Some(own_state(p, lang)?),
            (Some(_), None) => Some(lang.texts().answers.no_answer_yet.to_owned()),
            (None, _) => None,
        };
        let stored = mine.map(|p| AnswerInput {
            answer: p.rsvp.answer.clone(),
            attendance: p.rsvp.attendance.clone(),
            project_highlight: p.rsvp.project_highlight.clone(),
            wished_development: p.rsvp.wished_development.clone(),
            comment: p.rsvp.comment.clone(),
            listed: p.rsvp.listed,
            lunch: p.rsvp.lunch,
            dietary_needs: p.rsvp.dietary_needs.clone(),
            accessibility_needs: p.rsvp.accessibility_needs.clone(),
        });
        let confirmed_and_listed = all
            .into_iter()
            .filter(|p| p.rsvp.listed && p.rsvp.state == code(RsvpState::Confirmed))
            .map(|p| ParticipantView::new(p, lang))
            .collect::<Result<Vec<_>, _>>()?;
        let listed = tour_de_table(confirmed_and_listed, lang)
            .into_iter()
            .flat_map(|group| group.people)
            .map(|p| (p.name, p.body))
            .collect();
        // a "no" has nothing to give back
        let may_withdraw = stored
            .as_ref()
            .is_some_and(|s| s.answer != code(Answer::No));
        let kept = posted
            .refusal
            .is_some()
            .then(|| posted.input.clone())
            .flatten();
        Ok(Self {
            counts,
            listed,
            hybrid: format == MeetingFormat::Hybrid,
            asks_lunch: meeting.asks_lunch,
            colleague: posted.colleague,
            own_state,
            may_withdraw,
            closed,
            input: posted.input.or(stored).unwrap_or_default(),
            errors: posted.errors,
            refusal: posted.refusal,
            kept,
            done: posted.done,
            full,
            lang,
        })
    }

    /// The message for one field of the form shown again.
    pub fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    /// The lunch and needs fields.
    pub fn needs(&self) -> NeedsFields<'_> {
        NeedsFields {
            asks_lunch: self.asks_lunch,
            lunch: self.input.lunch,
            dietary_needs: &self.input.dietary_needs,
            accessibility_needs: &self.input.accessibility_needs,
            errors: &self.errors,
            lang: self.lang,
        }
    }

    /// The answer radios.
    pub fn answers(&self) -> Vec<Choice> {
        choices(
            "answer",
            &self.input.answer,
            Answer::VARIANTS
                .iter()
                .map(|&a| (code(a), self.lang.answer(a).to_owned())),
        )
    }

    /// The attendance radios (hybrid meetings), each full one said so
    /// before answering: in person unless chosen, or remote when the room
    /// is full and the remote seats are not.
    pub fn attendances(&self) -> Vec<Choice> {
        let is_full = |a: Attendance| self.full.contains(&a);
        let chosen = match self.input.attendance.as_str() {
            "" if is_full(Attendance::InPerson) && !is_full(Attendance::Remote) => {
                code(Attendance::Remote)
            }
            "" => code(Attendance::InPerson),
            other => other,
        };
        let labels = Attendance::VARIANTS.iter().map(|&a| {
            let label = self.lang.attendance(a);
            let label = match is_full(a) {
                true => format!("{label} {}", self.lang.texts().answers.attendance_full),
                false => label.to_owned(),
            };
            (code(a), label)
        });
        choices("attendance", chosen, labels)
    }

    /// The two tour-de-table fields: name, label, value.
    pub fn tour_fields(&self) -> [(&'static str, &'static str, &str); 2] {
        let t = self.lang.texts();
        [
            (
                "project_highlight",
                t.answers.rsvp_project_highlight,
                &self.input.project_highlight,
            ),
            (
                "wished_development",
                t.answers.rsvp_wished_development,
                &self.input.wished_development,
            ),
        ]
    }

    /// What was refused, field by field, for the person to copy.
    pub fn kept_fields(&self) -> Vec<(&'static str, String)> {
        let Some(kept) = &self.kept else {
            return Vec::new();
        };
        let t = self.lang.texts();
        let answer = decode::<Answer>(&kept.answer)
            .map_or_else(|_| kept.answer.clone(), |a| self.lang.answer(a).to_owned());
        [
            (t.answers.answer_label, answer),
            (
                t.answers.rsvp_project_highlight,
                kept.project_highlight.clone(),
            ),
            (
                t.answers.rsvp_wished_development,
                kept.wished_development.clone(),
            ),
            (t.answers.comment, kept.comment.clone()),
            (t.answers.dietary_needs, kept.dietary_needs.clone()),
            (
                t.answers.accessibility_needs,
                kept.accessibility_needs.clone(),
            ),
        ]
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .collect()
    }
}

fn choices<'a>(
    name: &str,
    chosen: &str,
    options: impl Iterator<Item = (&'static str, String)> + 'a,
) -> Vec<Choice> {
    options
        .enumerate()
        .map(|(i, (value, label))| Choice {
            id: if i == 0 {
                name.to_owned()
            } else {
                format!("{name}-{value}")
            },
            value,
            label,
            checked: value == chosen,
        })
        .collect()
}

/// The caller's answer: saved, then back to the page; or the page again
/// with what they typed and why it was not saved.
pub async fn answer_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<RsvpForm>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let id = id.into_inner();
    let input: AnswerInput = form.0.into();
    let result = match CheckedAnswer::parse(&input).map_err(|p| chrome.lang.field_errors(p)) {
        Ok(checked) => {
            let settings = state.settings.clone();
            let target = id.clone();
            state
                .db
                .change_answers(target.clone(), move |conn| {
                    services::rsvps::answer(conn, &settings, &caller, lang, &target, &checked)
                })
                .await
                .map(drop)
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    after_post(&state, chrome, id, input, result, "saved").await
}

/// Takes back the caller's answer; a seat it held goes to the next in line.
pub async fn withdraw_answer(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<super::signin::Empty>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let id = id.into_inner();
    let settings = state.settings.clone();
    let target = id.clone();
    let result = state
        .db
        .change_answers(target.clone(), move |conn| {
            services::rsvps::withdraw(conn, &settings, &caller, lang, &target)
        })
        .await
        .map(drop);
    after_post(
        &state,
        chrome,
        id,
        AnswerInput::default(),
        result,
        "withdrawn",
    )
    .await
}

/// Registers a colleague of the caller's body: back to the page, or the
/// page again with what was typed and why it was not done.
pub async fn register_colleague(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<ColleagueForm>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let id = id.into_inner();
    let form = form.0;
    let input = ColleagueInput {
        email: form.email,
        name: form.name,
        attendance: form.attendance,
    };
    let result = match CheckedColleague::parse(&input).map_err(|p| lang.field_errors(p)) {
        Ok(checked) => {
            let settings = state.settings.clone();
            let target = id.clone();
            state
                .db
                .change_answers(target.clone(), move |conn| {
                    services::registrations::register_colleague(
                        conn, &settings, &caller, lang, &target, &checked,
                    )
                })
                .await
                .map(drop)
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    let mut colleague = ColleaguePosted {
        input,
        ..ColleaguePosted::default()
    };
    let status = match result {
        Ok(()) => return Ok(see_other(&format!("/meetings/{id}?rsvp=colleague#rsvp"))),
        Err(AppError::Invalid(errors)) => {
            colleague.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(refused @ (AppError::Forbidden(_) | AppError::Conflict(_))) => {
            colleague.refusal = refused.detail().map(str::to_owned);
            actix_web::ResponseError::status_code(&refused)
        }
        Err(other) => return Err(other),
    };
    let posted = Posted {
        colleague,
        ..Posted::default()
    };
    render_meeting(&state, chrome, id, posted, status).await
}

/// Back to the page after a change; the page again with the input and the
/// errors (422), or with the refusal (403 or 409) and nothing lost.
async fn after_post(
    state: &AppState,
    chrome: Chrome,
    id: String,
    input: AnswerInput,
    result: Result<(), AppError>,
    done: &str,
) -> Result<HttpResponse, AppError> {
    let (posted, status) = match result {
        Ok(()) => return Ok(see_other(&format!("/meetings/{id}?rsvp={done}#rsvp"))),
        Err(AppError::Invalid(errors)) => (
            Posted {
                input: Some(input),
                errors,
                ..Posted::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(refused @ (AppError::Forbidden(_) | AppError::Conflict(_))) => {
            let status = actix_web::ResponseError::status_code(&refused);
            let kept = (input != AnswerInput::default()).then_some(input);
            (
                Posted {
                    input: kept,
                    refusal: refused.detail().map(str::to_owned),
                    ..Posted::default()
                },
                status,
            )
        }
        Err(other) => return Err(other),
    };
    render_meeting(state, chrome, id, posted, status).await
}

/// `?rsvp=saved|withdrawn`: what the post before this page did.
#[derive(Debug, Default, Deserialize)]
pub struct AfterQuery {
    rsvp: Option<String>,
}

impl AfterQuery {
    /// The message to show for it.
    pub fn done(&self, lang: Lang) -> Option<&'static str> {
        let t = lang.texts();
        match self.rsvp.as_deref() {
            Some("saved") => Some(t.answers.answer_saved),
            Some("withdrawn") => Some(t.answers.answer_withdrawn),
            Some("colleague") => Some(lang.colleague_registered()),
            _ => None,
        }
    }
}
