//! `/api/v1/.../series`: a working group's series of sessions, planned from
//! a rule as on the series pages (`crate::services::series` holds the
//! checks, the policy and the planning for both). Reading is public (drafts
//! only for the group's organizers); planning and changing a series are for
//! the group's coordinators and admins.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::meetings::MeetingListing;
use crate::db::{self, write_transaction};
use crate::domain::error::AppError;
use crate::domain::series::SeriesInput;
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingFormat, MeetingStatus, decode};
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services::caller::Caller;
use crate::services::series::{self, SeriesDetails, SeriesFields};

/// A series as the API shows it: the rule in the form's field names, and
/// its sessions.
#[derive(Debug, Serialize)]
pub struct SeriesJson {
    pub id: String,
    /// The group's slug.
    pub working_group: String,
    pub title: String,
    pub format: MeetingFormat,
    pub agenda: String,
    /// `monthly` or `weekly`.
    pub frequency: String,
    /// 0 (Monday) to 6 (Sunday).
    pub weekday: i32,
    /// Monthly rules: 1 to 4, or -1 for the last; null for weekly ones.
    pub ordinal: Option<i32>,
    /// Weekly rules: weeks between sessions; null for monthly ones.
    pub interval_weeks: Option<i32>,
    /// `10:00`, wall-clock time in `time_zone`.
    pub start_time: String,
    pub end_time: String,
    pub time_zone: String,
    /// `2027-01-01`.
    pub starts_on: String,
    pub until: String,
    pub sessions: Vec<SessionJson>,
    /// The series' page.
    pub url: String,
    pub api_url: String,
}

/// One session of a series.
#[derive(Debug, Serialize)]
pub struct SessionJson {
    /// The meeting's id.
    pub id: String,
    pub title: String,
    pub status: MeetingStatus,
    pub starts_at: String,
    pub ends_at: String,
    /// The local date the rule planned it on.
    pub series_date: Option<String>,
    /// Moved or cancelled by hand: the rule no longer governs it, and
    /// changing the rule leaves it alone.
    pub detached: bool,
    /// The meeting's page.
    pub url: String,
    /// The meeting in the API (`/api/v1/meetings/{id}`).
    pub api_url: String,
}

impl SessionJson {
    fn new(listing: MeetingListing, base_url: &str) -> Result<Self, AppError> {
        let m = listing.meeting;
        let tz = zone(&m.time_zone)?;
        let local = |t: chrono::NaiveDateTime| utc(t).with_timezone(&tz).to_rfc3339();
        Ok(Self {
            status: decode(&m.status)?,
            starts_at: local(m.starts_at),
            ends_at: local(m.ends_at),
            series_date: m.series_date.map(|d| d.to_string()),
            detached: m.series_detached,
            url: format!("{base_url}/meetings/{}", m.id),
            api_url: format!("{base_url}/api/v1/meetings/{}", m.id),
            id: m.id,
            title: m.title,
        })
    }
}

impl SeriesJson {
    /// A series and the sessions its reader may see.
    pub fn new(details: SeriesDetails, base_url: &str) -> Result<Self, AppError> {
        let s = details.series;
        let monthly = s.frequency == "monthly";
        Ok(Self {
            format: decode(&s.format)?,
            ordinal: monthly.then_some(s.ordinal),
            interval_weeks: (!monthly).then_some(s.interval_weeks),
            starts_on: s.starts_on.to_string(),
            until: s.until.to_string(),
            sessions: details
                .sessions
                .into_iter()
                .map(|l| SessionJson::new(l, base_url))
                .collect::<Result<_, _>>()?,
            url: format!("{base_url}/series/{}", s.id),
            api_url: format!("{base_url}/api/v1/series/{}", s.id),
            working_group: details.group.slug,
            id: s.id,
            title: s.title,
            agenda: s.agenda,
            frequency: s.frequency,
            weekday: s.weekday,
            start_time: s.start_time,
            end_time: s.end_time,
            time_zone: s.time_zone,
        })
    }
}

/// A series to plan, or the fields of a change (absent: unchanged). The
/// names are the series form's; numbers are JSON numbers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesBody {
    title: Option<String>,
    format: Option<String>,
    agenda: Option<String>,
    frequency: Option<String>,
    weekday: Option<i32>,
    ordinal: Option<i32>,
    interval_weeks: Option<i32>,
    start_time: Option<String>,
    end_time: Option<String>,
    time_zone: Option<String>,
    starts_on: Option<String>,
    until: Option<String>,
}

impl SeriesBody {
    /// These fields over `base`: what the form would hold.
    fn over(self, mut base: SeriesFields) -> SeriesFields {
        let set = |field: &mut String, value: Option<String>| {
            if let Some(value) = value {
                *field = value;
            }
        };
        let number = |n: Option<i32>| n.map(|n| n.to_string());
        set(&mut base.title, self.title);
        set(&mut base.format, self.format);
        set(&mut base.agenda, self.agenda);
        let rule: &mut SeriesInput = &mut base.rule;
        set(&mut rule.frequency, self.frequency);
        set(&mut rule.weekday, number(self.weekday));
        set(&mut rule.ordinal, number(self.ordinal));
        set(&mut rule.interval_weeks, number(self.interval_weeks));
        set(&mut rule.start_time, self.start_time);
        set(&mut rule.end_time, self.end_time);
        set(&mut rule.time_zone, self.time_zone);
        set(&mut rule.starts_on, self.starts_on);
        set(&mut rule.until, self.until);
        base
    }
}

/// Reads one series as `caller` may see it, after a change or not.
fn read(
    conn: &mut db::DbConn,
    caller: Option<&Caller>,
    id: &str,
    base_url: &str,
) -> Result<SeriesJson, AppError> {
    SeriesJson::new(series::details(conn, caller, id)?, base_url)
}

/// A working group's series, first starting first.
pub async fn list_group_series(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.map(|c| c.0);
    let slug = slug.into_inner();
    let base_url = state.settings.base_url.clone();
    let items = state
        .db
        .run(move |conn| {
            let group = db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            series::of_group(conn, caller.as_ref(), &group)?
                .into_iter()
                .map(|d| SeriesJson::new(d, &base_url))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    // a group has a handful of series: one page
    Ok(HttpResponse::Ok().json(super::Page {
        items,
        next_cursor: None,
    }))
}

/// Plans a series of the group's sessions; answers it with its sessions.
pub async fn create_series(
    state: web::Data<AppState>,
    caller: ApiCaller,
    slug: web::Path<String>,
    body: web::Json<SeriesBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let slug = slug.into_inner();
    // as on the form, a weekly rule without an interval is every week
    let base = SeriesFields {
        rule: SeriesInput {
            interval_weeks: "1".into(),
            ..SeriesInput::default()
        },
        ..SeriesFields::default()
    };
    let fields = body.into_inner().over(base);
    let settings = state.settings.clone();
    let created = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let group =
                    db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
                let planned = series::plan(
                    conn,
                    &settings,
                    Some(&caller),
                    &group.id,
                    &fields,
                    caller.lang(),
                )?;
                read(conn, Some(&caller), &planned.id, &settings.base_url)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// One series with its sessions.
pub async fn show_series(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.map(|c| c.0);
    let id = id.into_inner();
    let base_url = state.settings.base_url.clone();
    let shown = state
        .db
        .run(move |conn| read(conn, caller.as_ref(), &id, &base_url))
        .await?;
    Ok(HttpResponse::Ok().json(shown))
}

/// Changes a series' rule, title, format or agenda: its future sessions are
/// re-planned as on the series page, past ones and those changed by hand
/// kept.
pub async fn update_series(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<SeriesBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = id.into_inner();
    let body = body.into_inner();
    let settings = state.settings.clone();
    let changed = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let stored = db::series::find(conn, &id)?.ok_or(AppError::NotFound)?;
                let fields = body.clone().over(SeriesFields::of(&stored));
                series::replan(
                    conn,
                    &settings,
                    Some(&caller),
                    &stored,
                    &fields,
                    caller.lang(),
                )?;
                read(conn, Some(&caller), &id, &settings.base_url)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(changed))
}
