//! A working group's series of sessions: planning them from a rule, and
//! changing the rule.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use super::views::MeetingView;
use crate::db::series::Series;
use crate::db::working_groups::WorkingGroup;
use crate::db::{self, write_transaction};
use crate::domain::MeetingKind;
use crate::domain::error::{AppError, FieldError};
use crate::domain::series::{SeriesInput, SeriesRule};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::policy::{Action, require};

/// The series form, as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SeriesForm {
    title: String,
    format: String,
    agenda: String,
    frequency: String,
    weekday: String,
    ordinal: String,
    interval_weeks: String,
    start_time: String,
    end_time: String,
    time_zone: String,
    starts_on: String,
    until: String,
}

impl SeriesForm {
    fn rule_input(&self) -> SeriesInput {
        SeriesInput {
            frequency: self.frequency.clone(),
            weekday: self.weekday.clone(),
            ordinal: self.ordinal.clone(),
            interval_weeks: self.interval_weeks.clone(),
            start_time: self.start_time.clone(),
            end_time: self.end_time.clone(),
            time_zone: self.time_zone.clone(),
            starts_on: self.starts_on.clone(),
            until: self.until.clone(),
        }
    }

    fn of(series: &Series) -> Self {
        let input = series.input();
        Self {
            title: series.title.clone(),
            format: series.format.clone(),
            agenda: series.agenda.clone(),
            frequency: input.frequency,
            weekday: input.weekday,
            ordinal: input.ordinal,
            interval_weeks: input.interval_weeks,
            start_time: input.start_time,
            end_time: input.end_time,
            time_zone: input.time_zone,
            starts_on: input.starts_on,
            until: input.until,
        }
    }

    /// Checks the form: the rule, a title, a format.
    fn check(&self, chrome: &Chrome) -> Result<(SeriesRule, String, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let rule = SeriesRule::parse(&self.rule_input())
            .map_err(|p| errors.extend(chrome.lang.field_errors(p)))
            .ok();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > crate::domain::meetings::MAX_TITLE {
            errors.push(FieldError::new("title", chrome.t.people.name_invalid));
        }
        let format = if self.format.is_empty() {
            "remote"
        } else {
            self.format.as_str()
        };
        if crate::domain::decode::<crate::domain::MeetingFormat>(format).is_err() {
            errors.push(FieldError::new("format", "in_person | remote | hybrid"));
        }
        match (rule, errors.is_empty()) {
            (Some(rule), true) => Ok((rule, title.to_owned(), format.to_owned())),
            _ => Err(errors),
        }
    }
}

#[derive(Template)]
#[template(path = "series.html")]
struct SeriesPage {
    chrome: Chrome,
    group: WorkingGroup,
    /// None while creating.
    series_id: Option<String>,
    description: Option<String>,
    occurrences: Vec<MeetingView>,
    form: SeriesForm,
    errors: Vec<FieldError>,
    may_organize: bool,
}

impl SeriesPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    fn ordinals(&self) -> [(&'static str, &'static str); 5] {
        [
            ("1", "1"),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("-1", self.chrome.t.series.last),
        ]
    }

    fn time_fields(&self) -> [(&'static str, &'static str, &str); 2] {
        let t = self.chrome.t;
        [
            (
                "start_time",
                t.meetings.starts_at_local,
                &self.form.start_time,
            ),
            ("end_time", t.meetings.ends_at_local, &self.form.end_time),
        ]
    }

    fn date_fields(&self) -> [(&'static str, &'static str, &str); 2] {
        let t = self.chrome.t;
        [
            ("starts_on", t.series.from_date, &self.form.starts_on),
            ("until", t.series.until_date, &self.form.until),
        ]
    }

    fn weekdays(&self) -> [(&'static str, &'static str); 7] {
        let names = self.chrome.lang.weekday_names();
        let values = ["0", "1", "2", "3", "4", "5", "6"];
        std::array::from_fn(|i| (values[i], names[i]))
    }
}

fn may_organize(chrome: &Chrome, group: &WorkingGroup) -> Result<(), AppError> {
    require(
        chrome.signed_in.as_ref(),
        Action::OrganizeMeeting {
            kind: MeetingKind::WorkingGroupSession,
            working_group_id: Some(&group.id),
        },
    )
    .map(|_| ())
}

async fn group_by_slug(state: &AppState, slug: String) -> Result<WorkingGroup, AppError> {
    state
        .db
        .run(move |conn| db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound))
        .await
}

/// The form planning a new series.
pub async fn new_series(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let group = group_by_slug(&state, slug.into_inner()).await?;
    may_organize(&chrome, &group)?;
    let form = SeriesForm {
        title: format!("{} — session", group.name),
        format: "remote".into(),
        frequency: "monthly".into(),
        weekday: "3".into(),
        ordinal: "3".into(),
        interval_weeks: "1".into(),
        start_time: "10:00".into(),
        end_time: "11:30".into(),
        time_zone: crate::domain::time::DEFAULT_ZONE.name().into(),
        ..SeriesForm::default()
    };
    super::render_status(
        &SeriesPage {
            chrome,
            group,
            series_id: None,
            description: None,
            occurrences: Vec::new(),
            form,
            errors: Vec::new(),
            may_organize: true,
        },
        StatusCode::OK,
    )
}

/// Plans the series: one session per date.
pub async fn create_series(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    form: CsrfForm<SeriesForm>,
) -> Result<HttpResponse, AppError> {
    let group = group_by_slug(&state, slug.into_inner()).await?;
    may_organize(&chrome, &group)?;
    let form = form.0;
    let (rule, title, format) = match form.check(&chrome) {
        Ok(checked) => checked,
        Err(errors) => {
            let page = SeriesPage {
                chrome,
                group,
                series_id: None,
                description: None,
                occurrences: Vec::new(),
                form,
                errors,
                may_organize: true,
            };
            return super::render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let series = Series::new(
        db::new_id(),
        group.id.clone(),
        title,
        format,
        form.agenda.trim().to_owned(),
        &rule,
    );
    let id = series.id.clone();
    let settings = state.settings.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::meetings::create_series(conn, &settings, &series, &rule)
            })
        })
        .await?;
    Ok(see_other(&format!("/series/{id}")))
}

async fn series_page(
    state: &AppState,
    chrome: Chrome,
    id: String,
    form: Option<SeriesForm>,
    errors: Vec<FieldError>,
) -> Result<SeriesPage, AppError> {
    let (series, group, occurrences) = state
        .db
        .run(move |conn| {
            let series = db::series::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let group = db::working_groups::find(conn, &series.working_group_id)?
                .ok_or(AppError::NotFound)?;
            let listings = db::meetings::list(
                conn,
                &db::meetings::MeetingFilter {
                    series_id: Some(series.id.clone()),
                    include_drafts: true,
                    ..db::meetings::MeetingFilter::default()
                },
            )?;
            Ok((series, group, listings))
        })
        .await?;
    let may = chrome.signed_in.as_ref().is_some_and(|c| {
        c.may(Action::OrganizeMeeting {
            kind: MeetingKind::WorkingGroupSession,
            working_group_id: Some(&group.id),
        })
    });
    let description = chrome.lang.series_rule(&series.rule()?);
    let occurrences = MeetingView::all(occurrences, chrome.lang)?
        .into_iter()
        .filter(|m| m.status != crate::domain::MeetingStatus::Draft || may)
        .collect();
    Ok(SeriesPage {
        form: form.unwrap_or_else(|| SeriesForm::of(&series)),
        series_id: Some(series.id),
        description: Some(description),
        occurrences,
        errors,
        may_organize: may,
        group,
        chrome,
    })
}

/// A series: its rule and its sessions; organizers may change the rule.
pub async fn show_series(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let page = series_page(&state, chrome, id.into_inner(), None, Vec::new()).await?;
    super::render_status(&page, StatusCode::OK)
}

/// Changes the rule: future sessions are re-planned, past ones kept.
pub async fn update_series(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<SeriesForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let lookup = id.clone();
    let stored = state
        .db
        .run(move |conn| db::series::find(conn, &lookup)?.ok_or(AppError::NotFound))
        .await?;
    let group = state
        .db
        .run({
            let group_id = stored.working_group_id.clone();
            move |conn| db::working_groups::find(conn, &group_id)?.ok_or(AppError::NotFound)
        })
        .await?;
    may_organize(&chrome, &group)?;
    let form = form.0;
    let (rule, title, format) = match form.check(&chrome) {
        Ok(checked) => checked,
        Err(errors) => {
            let page = series_page(&state, chrome, id, Some(form), errors).await?;
            return super::render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let mut series = Series::new(
        id.clone(),
        stored.working_group_id,
        title,
        format,
        form.agenda.trim().to_owned(),
        &rule,
    );
    series.created_at = stored.created_at;
    let settings = state.settings.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::meetings::replan_series(conn, &settings, &series, &rule)
            })
        })
        .await?;
    Ok(see_other(&format!("/series/{id}")))
}
