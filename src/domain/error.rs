//! The one application error type.
//!
//! Policy: a 4xx carries a message meant for the person who made the request,
//! and never anything secret. A 5xx carries an internal description that is
//! logged in full and never shown: the person sees a generic message. The API
//! renders errors as `application/problem+json` (RFC 9457); pages render the
//! same error as an HTML page (see `http::web::error_page`); the answer of
//! each error is `http::problem`'s.

use chrono_tz::Tz;
use serde::Serialize;

use crate::domain::time::LocalTimeError;

/// What is wrong with a field, as data: the domain names the problem and
/// `i18n` says it in the reader's language (`Lang::field_errors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// One of these codes, shown as is: `in_person | remote | hybrid`.
    OneOf(&'static str),
    /// More than `max` characters.
    TooLong { max: usize },
    /// A local time that does not exist, or exists twice, in `zone`.
    LocalTime { error: LocalTimeError, zone: Tz },
    /// Not a kind of meeting.
    MeetingKind,
    /// An empty or too long title.
    Title,
    /// Not a local date and time like `example`.
    DateTimeExpected { example: &'static str },
    /// A date and time left empty where one is needed.
    DateTimeMissing,
    /// A text that must be given, and not longer than this.
    RequiredText { max: usize },
    /// A date whose year is not between `first` and `last` (`time::YEARS`).
    OutsideYears { first: i32, last: i32 },
    /// The end does not come after the start.
    EndBeforeStart,
    /// A meeting longer than `days` days.
    LongerThan { days: i64 },
    /// Not an IANA time zone; `hint` shows how to write one.
    UnknownZone { hint: bool },
    /// Not a positive whole number of seats.
    SeatsExpected,
    /// The answers' deadline comes after the start.
    DeadlineAfterStart,
    /// Not a latitude and a longitude in decimal degrees.
    DegreesExpected,
    /// Not an `https://` address of a room.
    RoomUrl,
    /// Not a phone number.
    PhoneNumber,
    /// Not a dial-in code.
    DialInPin,
    /// A date poll without slots.
    NoSlot,
    /// More than `max` slots.
    TooManySlots { max: usize },
    /// A slot already past.
    SlotPast,
    /// A slot offered twice.
    SlotOffered,
    /// A poll's deadline already past.
    DeadlinePast,
    /// A poll's deadline after its first slot.
    DeadlineAfterFirstSlot,
    /// An answer to a slot the poll does not have: they go from 0 to `last`.
    NoSuchSlot { slot: i64, last: usize },
    /// Two answers to one slot.
    AnsweredTwice,
    /// Not an answer to an invitation (yes, maybe, no).
    AnswerExpected,
    /// Not an attendance (in person, remote).
    AttendanceExpected,
    /// Not a year for the plenary.
    PlenaryYear,
    /// Not a date (`2027-06-01`), with an example or not.
    DateExpected { example: Option<&'static str> },
    /// A wished period that ends before it starts.
    PeriodEndsBeforeStart,
    /// A call's deadline already past.
    CallDeadlinePast,
    /// A call's deadline not before its wished period.
    DeadlineAfterPeriod,
    /// More than 5,000 characters (a long text: requirements, comments).
    LongText,
    /// A proposal without dates.
    NoDate,
    /// More than five candidate dates.
    TooManyDates,
    /// A candidate date already past.
    DatePassed,
    /// A candidate date offered twice.
    DateOffered,
    /// A candidate date outside the call's wished period (a warning).
    OutsidePeriod,
    /// An empty or too long line that is required.
    RequiredLine,
    /// Not an email address.
    EmailInvalid,
    /// Not a positive whole number of seats (required).
    CapacityExpected,
    /// Not a week of the month (1st … 4th, last).
    OrdinalExpected,
    /// Not an interval of 1 to 8 weeks.
    IntervalExpected,
    /// Neither monthly nor weekly.
    FrequencyExpected,
    /// Not a day of the week.
    WeekdayExpected,
    /// Not a time (`HH:MM`).
    TimeExpected,
    /// A series that ends before it starts, or lasts more than two years.
    SeriesSpan,
    /// A series without any date.
    NoDateInPeriod,
    /// More than `max` sessions in a series.
    TooManySessions { max: usize },
    /// Not an email address.
    EmailAddress,
    /// A name missing or too long.
    Name,
    /// Not a slug: lower-case letters, digits and dashes, 64 at most.
    Slug,
    /// A profile's text longer than allowed.
    TextTooLong,
    /// The lunch, at a meeting that does not ask about it.
    LunchNotAsked,
    /// A website that does not start with `https://` (or `http://`).
    WebsiteScheme,
    /// Not one of the values offered.
    UnknownValue,
    /// Nobody signs in with this address.
    UnknownPerson { email: String },
    /// No member body has this slug.
    UnknownBody { slug: String },
    /// No working group has this slug.
    UnknownGroup { slug: String },
    /// Another body or group has this slug.
    SlugTaken { slug: String },
    /// Someone already signs in with this address.
    AddressTaken,
    /// A manager without the body they manage.
    ManagerWithoutBody,
    /// The club's last administrator losing the role.
    LastAdmin,
    /// Not a whole number of euros from 0.
    AmountExpected,
    /// A least amount above the most.
    AmountRange,
    /// A colleague registered who belongs to another body, or to none.
    NotYourBody,
    /// The caller's own address, where a colleague's is expected.
    YourOwnAddress,
    /// A colleague registered who already answered the meeting.
    AlreadyRegistered,
}

/// One invalid field and its problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name as in the request.
    pub field: String,
    pub problem: Problem,
}

impl FieldProblem {
    /// A problem with one field.
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }
}

/// One invalid field of a form or JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as in the request.
    pub field: String,
    /// What is wrong with it, for the person.
    pub message: String,
}

impl FieldError {
    /// A message about one field.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Everything that can go wrong while answering a request.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// Nothing here (or nothing the caller may see).
    #[error("not found")]
    NotFound,
    /// The input is invalid; nothing was changed.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The caller is not signed in.
    #[error("authentication required")]
    Unauthorized,
    /// The caller may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The request conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// A dependency (the database, a video server) cannot answer now.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; the text is logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
    /// Input refused by a layer that has no words (a slug taken, an unknown
    /// body): `Lang::worded` turns it into `Invalid` or `Conflict` in the
    /// reader's language on its way up.
    #[error("refused: {0:?}")]
    Refused(Refusal),
}

/// What a layer without words refuses, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Invalid fields (422).
    Invalid(Vec<FieldProblem>),
    /// A conflict with what is stored (409).
    Conflict(Problem),
}

impl AppError {
    /// One invalid field, not yet in words.
    pub fn refused(field: &str, problem: Problem) -> Self {
        Self::Refused(Refusal::Invalid(vec![FieldProblem::new(field, problem)]))
    }
}

impl AppError {
    /// An unexpected failure, described for the logs.
    pub fn internal(description: impl Into<String>) -> Self {
        Self::Internal(description.into())
    }

    /// A short title for the status, as in problem details.
    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound => "Not found",
            Self::Invalid(_) => "Invalid input",
            Self::Unauthorized => "Authentication required",
            Self::Forbidden(_) => "Forbidden",
            Self::Conflict(_) => "Conflict",
            Self::Unavailable(_) => "Service unavailable",
            Self::Internal(_) => "Internal server error",
            Self::Refused(Refusal::Invalid(_)) => "Invalid input",
            Self::Refused(Refusal::Conflict(_)) => "Conflict",
        }
    }

    /// What the person may be told beyond the title.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Self::Forbidden(message) | Self::Conflict(message) => Some(message),
            _ => None,
        }
    }

    /// The field errors of invalid input.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Invalid(errors) => errors,
            _ => &[],
        }
    }
}
