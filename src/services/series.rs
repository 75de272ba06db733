//! Series of working-group sessions: checking a rule, planning a series,
//! re-planning it, and reading it with its sessions. The series pages and
//! the API both call these, so a rule means the same thing wherever it is
//! typed and the same people may change it.

use crate::db::meetings::{MeetingFilter, MeetingListing};
use crate::db::series::{Planned, Series};
use crate::db::working_groups::WorkingGroup;
use crate::db::{self, DbConn};
use crate::domain::error::{AppError, FieldError};
use crate::domain::series::{SeriesInput, SeriesRule};
use crate::domain::{Lang, MeetingFormat, MeetingKind, decode};
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::notices;
use crate::services::policy::{Action, require};

/// A series as typed in the form or sent to the API, before its checks.
#[derive(Debug, Clone, Default)]
pub struct SeriesFields {
    pub title: String,
    /// `in_person`, `remote` or `hybrid`; empty: `remote`, as most sessions are.
    pub format: String,
    /// Markdown, given to the sessions planned from now on.
    pub agenda: String,
    pub rule: SeriesInput,
}

/// Fields that passed their checks.
#[derive(Debug, Clone)]
pub struct CheckedSeries {
    rule: SeriesRule,
    title: String,
    format: String,
    agenda: String,
}

impl SeriesFields {
    /// The fields of a stored series, as its form shows them.
    pub fn of(series: &Series) -> Self {
        Self {
            title: series.title.clone(),
            format: series.format.clone(),
            agenda: series.agenda.clone(),
            rule: series.input(),
        }
    }

    /// Checks the rule, the title and the format; every problem at once,
    /// worded in `lang`.
    pub fn check(&self, lang: Lang) -> Result<CheckedSeries, Vec<FieldError>> {
        let mut errors = Vec::new();
        let rule = SeriesRule::parse(&self.rule)
            .map_err(|p| errors.extend(lang.field_errors(p)))
            .ok();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > crate::domain::meetings::MAX_TITLE {
            errors.push(FieldError::new("title", lang.texts().people.name_invalid));
        }
        let format = if self.format.trim().is_empty() {
            "remote"
        } else {
            self.format.trim()
        };
        if decode::<MeetingFormat>(format).is_err() {
            errors.push(FieldError::new("format", "in_person | remote | hybrid"));
        }
        match (rule, errors.is_empty()) {
            (Some(rule), true) => Ok(CheckedSeries {
                rule,
                title: title.to_owned(),
                format: format.to_owned(),
                agenda: self.agenda.trim().to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// The policy of the series: whoever organizes the group's sessions
/// (its coordinators, admins) plans and changes its series.
fn action(group_id: &str) -> Action<'_> {
    Action::OrganizeMeeting {
        kind: MeetingKind::WorkingGroupSession,
        working_group_id: Some(group_id),
    }
}

/// `Ok` when `caller` may plan and change the series of this group; 401
/// for nobody, 403 for others.
pub fn require_organizer(caller: Option<&Caller>, group_id: &str) -> Result<(), AppError> {
    require(caller, action(group_id)).map(|_| ())
}

/// Whether `caller` may plan and change the series of this group.
pub fn may_organize(caller: Option<&Caller>, group_id: &str) -> bool {
    caller.is_some_and(|c| c.may(action(group_id)))
}

/// Plans a new series of the group's sessions, one per date of the rule.
/// Refuses (401, 403, then 422 with every field error) before writing
/// anything. Call it in a write transaction.
pub fn plan(
    conn: &mut DbConn,
    settings: &Settings,
    caller: Option<&Caller>,
    group_id: &str,
    fields: &SeriesFields,
    lang: Lang,
) -> Result<Series, AppError> {
    require_organizer(caller, group_id)?;
    let checked = fields.check(lang).map_err(AppError::Invalid)?;
    let series = row(db::new_id(), group_id, &checked);
    let planned = db::series::create(conn, &series, &checked.rule)?;
    tell(conn, settings, &planned)?;
    Ok(series)
}

/// Changes a series' rule, title, format or agenda and re-plans its future
/// sessions; past ones and those moved or cancelled by hand are left alone,
/// and the confirmed participants of the sessions moved or cancelled are
/// told. Refuses as [`plan`] does. Call it in a write transaction.
pub fn replan(
    conn: &mut DbConn,
    settings: &Settings,
    caller: Option<&Caller>,
    stored: &Series,
    fields: &SeriesFields,
    lang: Lang,
) -> Result<Series, AppError> {
    require_organizer(caller, &stored.working_group_id)?;
    let checked = fields.check(lang).map_err(AppError::Invalid)?;
    let mut series = row(stored.id.clone(), &stored.working_group_id, &checked);
    series.created_at = stored.created_at;
    let planned = db::series::replan(conn, &series, &checked.rule)?;
    tell(conn, settings, &planned)?;
    Ok(series)
}

fn row(id: String, group_id: &str, checked: &CheckedSeries) -> Series {
    Series::new(
        id,
        group_id.to_owned(),
        checked.title.clone(),
        checked.format.clone(),
        checked.agenda.clone(),
        &checked.rule,
    )
}

/// Sends the sessions moved or cancelled to their confirmed participants.
fn tell(conn: &mut DbConn, settings: &Settings, planned: &Planned) -> Result<(), AppError> {
    for id in &planned.changed {
        notices::meeting_changed(conn, settings, id)?;
    }
    Ok(())
}

/// A series, its group and its sessions as one reader may see them.
#[derive(Debug)]
pub struct SeriesDetails {
    pub series: Series,
    pub group: WorkingGroup,
    /// In start order; drafts only for the group's organizers.
    pub sessions: Vec<MeetingListing>,
    /// Whether the reader may change the rule.
    pub may_organize: bool,
}

/// One series as `caller` (anyone, signed in or not) may see it.
pub fn details(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    id: &str,
) -> Result<SeriesDetails, AppError> {
    let series = db::series::find(conn, id)?.ok_or(AppError::NotFound)?;
    let group =
        db::working_groups::find(conn, &series.working_group_id)?.ok_or(AppError::NotFound)?;
    with_sessions(conn, caller, series, group)
}

/// Every series of a group, first planned first, as `caller` may see them.
pub fn of_group(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    group: &WorkingGroup,
) -> Result<Vec<SeriesDetails>, AppError> {
    db::series::list_for_group(conn, &group.id)?
        .into_iter()
        .map(|series| with_sessions(conn, caller, series, group.clone()))
        .collect()
}

fn with_sessions(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    series: Series,
    group: WorkingGroup,
) -> Result<SeriesDetails, AppError> {
    let may_organize = may_organize(caller, &group.id);
    // drafts only for those who may organize them, as on every list
    let sessions = db::meetings::list(
        conn,
        &MeetingFilter {
            series_id: Some(series.id.clone()),
            include_drafts: may_organize,
            ..MeetingFilter::default()
        },
    )?;
    Ok(SeriesDetails {
        series,
        group,
        sessions,
        may_organize,
    })
}
