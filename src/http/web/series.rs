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
use crate::domain::error::{AppError, FieldError};
use crate::domain::series::SeriesInput;
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::series::{self, SeriesFields};

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
    /// The form's fields, for the use cases.
    fn fields(&self) -> SeriesFields {
        SeriesFields {
            title: self.title.clone(),
            format: self.format.clone(),
            agenda: self.agenda.clone(),
            rule: SeriesInput {
                frequency: self.frequency.clone(),
                weekday: self.weekday.clone(),
                ordinal: self.ordinal.clone(),
                interval_weeks: self.interval_weeks.clone(),
                start_time: self.start_time.clone(),
                end_time: self.end_time.clone(),
                time_zone: self.time_zone.clone(),
                starts_on: self.starts_on.clone(),
                until: self.until.clone(),
            },
        }
    }

    fn of(series: &Series) -> Self {
        let SeriesFields {
            title,
            format,
            agenda,
            rule,
        } = SeriesFields::of(series);
        Self {
            title,
            format,
            agenda,
            frequency: rule.frequency,
            weekday: rule.weekday,
            ordinal: rule.ordinal,
            interval_weeks: rule.interval_weeks,
            start_time: rule.start_time,
            end_time: rule.end_time,
            time_zone: rule.time_zone,
            starts_on: rule.starts_on,
            until: rule.until,
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
    series::require_organizer(chrome.signed_in.as_ref(), &group.id)?;
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
    let form = form.0;
    let (fields, group_id) = (form.fields(), group.id.clone());
    let (caller, lang, settings) = (
        chrome.signed_in.clone(),
        chrome.lang,
        state.settings.clone(),
    );
    let planned = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                series::plan(conn, &settings, caller.as_ref(), &group_id, &fields, lang)
            })
        })
        .await;
    match planned {
        Ok(planned) => Ok(see_other(&format!("/series/{}", planned.id))),
        // the form again, with what was typed and what is wrong
        Err(AppError::Invalid(errors)) => {
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
            super::render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}

async fn series_page(
    state: &AppState,
    chrome: Chrome,
    id: String,
    form: Option<SeriesForm>,
    errors: Vec<FieldError>,
) -> Result<SeriesPage, AppError> {
    let caller = chrome.signed_in.clone();
    let details = state
        .db
        .run(move |conn| series::details(conn, caller.as_ref(), &id))
        .await?;
    let description = chrome.lang.series_rule(&details.series.rule()?);
    Ok(SeriesPage {
        form: form.unwrap_or_else(|| SeriesForm::of(&details.series)),
        series_id: Some(details.series.id),
        description: Some(description),
        occurrences: MeetingView::all(details.sessions, chrome.lang)?,
        errors,
        may_organize: details.may_organize,
        group: details.group,
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
    let form = form.0;
    let (fields, series_id) = (form.fields(), id.clone());
    let (caller, lang, settings) = (
        chrome.signed_in.clone(),
        chrome.lang,
        state.settings.clone(),
    );
    let replanned = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let stored = db::series::find(conn, &series_id)?.ok_or(AppError::NotFound)?;
                series::replan(conn, &settings, caller.as_ref(), &stored, &fields, lang)
            })
        })
        .await;
    match replanned {
        Ok(_) => Ok(see_other(&format!("/series/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = series_page(&state, chrome, id, Some(form), errors).await?;
            super::render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}
