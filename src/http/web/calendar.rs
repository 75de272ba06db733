//! The club's calendar: lists of upcoming or past meetings with filters, and
//! a month view. The public never sees drafts.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;

use super::views::MeetingView;
use super::{Chrome, render_public};
use crate::db::meetings::MeetingFilter;
use crate::db::organizations::Organization;
use crate::db::working_groups::WorkingGroup;
use crate::db::{self};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::{MeetingKind, code, decode, time};
use crate::http::state::AppState;

/// How many meetings a page of `/meetings` shows.
const PAGE_SIZE: i64 = 50;

/// `?kind=&group=&org=&past=1`, and where the page starts: `after` the
/// cursor of the last meeting shown (coming ones), or `before` it (past
/// ones, newest first). A cursor that does not read is ignored: the list
/// starts at its first page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CalendarQuery {
    kind: String,
    group: String,
    org: String,
    past: Option<String>,
    after: String,
    before: String,
}

impl CalendarQuery {
    /// The address of the page after the meeting whose cursor is given,
    /// with the same filters.
    fn next_page(&self, cursor: &str) -> String {
        let past = self.past.is_some();
        let pairs = [
            ("kind", self.kind.as_str()),
            ("group", &self.group),
            ("org", &self.org),
            ("past", if past { "1" } else { "" }),
            (if past { "before" } else { "after" }, cursor),
        ];
        let kept: Vec<(&str, &str)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        format!(
            "/meetings?{}",
            serde_urlencoded::to_string(kept).unwrap_or_default()
        )
    }
}

/// The filters, resolved to ids.
struct Filters {
    kind: Option<String>,
    group_id: Option<String>,
    org_id: Option<String>,
}

async fn choices(
    state: &AppState,
    query: &CalendarQuery,
) -> Result<(Vec<Organization>, Vec<WorkingGroup>, Filters), AppError> {
    let (orgs, groups) = state
        .db
        .run(|conn| {
            Ok((
                db::organizations::list(conn)?,
                db::working_groups::list(conn)?,
            ))
        })
        .await?;
    let filters = Filters {
        kind: decode::<MeetingKind>(&query.kind)
            .ok()
            .map(|k| code(k).to_owned()),
        group_id: groups
            .iter()
            .find(|g| g.slug == query.group)
            .map(|g| g.id.clone()),
        org_id: orgs
            .iter()
            .find(|o| o.slug == query.org)
            .map(|o| o.id.clone()),
    };
    Ok((orgs, groups, filters))
}

#[derive(Template)]
#[template(path = "calendar_list.html")]
struct ListPage {
    chrome: Chrome,
    past: bool,
    query: CalendarQuery,
    meetings: Vec<MeetingView>,
    /// The address of the next page, if any.
    next: Option<String>,
    organizations: Vec<Organization>,
    groups: Vec<WorkingGroup>,
    /// The club's calendar feed.
    feed: super::feeds::FeedLinks,
}

impl ListPage {
    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        super::options(|k: MeetingKind| self.chrome.lang.meeting_kind(k))
    }
}

/// Upcoming meetings, or past ones (newest first), filtered, a page at a
/// time.
pub async fn list_meetings(
    state: web::Data<AppState>,
    chrome: Chrome,
    query: web::Query<CalendarQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let past = query.past.is_some();
    let (organizations, groups, filters) = choices(&state, &query).await?;
    let now = db::now();
    let filter = MeetingFilter {
        ending_after: (!past).then_some(now),
        ended_before: past.then_some(now),
        working_group_id: filters.group_id,
        host_organization_id: filters.org_id,
        kind: filters.kind,
        after: db::meetings::parse_cursor(&query.after).filter(|_| !past),
        before: db::meetings::parse_cursor(&query.before).filter(|_| past),
        ..MeetingFilter::default()
    };
    let (listings, more) = state
        .db
        .run(move |conn| db::meetings::first(conn, filter.clone(), PAGE_SIZE))
        .await?;
    let next = listings
        .last()
        .filter(|_| more)
        .map(|last| query.next_page(&last.cursor()));
    let anonymous = chrome.signed_in.is_none();
    render_public(
        anonymous,
        &ListPage {
            feed: super::feeds::FeedLinks::new(&state.settings.base_url, "/calendar.ics"),
            meetings: MeetingView::all(listings, chrome.lang)?,
            next,
            chrome,
            past,
            query,
            organizations,
            groups,
        },
    )
}

/// One day of the month view.
#[derive(Debug)]
pub struct Day {
    pub number: u32,
    /// Its weekday's name, which a phone shows beside the number (the
    /// table's head is gone there).
    pub weekday: &'static str,
    pub in_month: bool,
    pub today: bool,
    pub meetings: Vec<MeetingView>,
}

#[derive(Template)]
#[template(path = "calendar_month.html")]
struct MonthPage {
    chrome: Chrome,
    title: String,
    weeks: Vec<Vec<Day>>,
    previous: String,
    next: String,
    weekdays: [&'static str; 7],
}

fn month_name(first: NaiveDate, lang: Lang) -> String {
    // "décembre 2026": the date's words without the weekday and the day
    let full = lang.date(first);
    full.split(' ').skip(2).collect::<Vec<_>>().join(" ")
}

/// The month containing `?month=2026-12` (default: this month), Monday first.
#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

/// A month as a table of weeks; each day lists the meetings held that day,
/// in Paris time (a meeting of several days on each of them). Only the
/// meetings of the grid's weeks are read.
pub async fn show_month(
    state: web::Data<AppState>,
    chrome: Chrome,
    query: web::Query<MonthQuery>,
) -> Result<HttpResponse, AppError> {
    let today = chrono::Utc::now()
        .with_timezone(&time::DEFAULT_ZONE)
        .date_naive();
    let first = query
        .month
        .as_deref()
        // the years any date is taken in; the grid's arithmetic stays in range
        .and_then(|m| time::parse_date(&format!("{m}-01")).ok())
        .unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let next_first = (first + Duration::days(32)).with_day(1).unwrap_or(first);
    let grid_start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let grid_end = next_first
        + Duration::days(i64::from(
            (7 - next_first.weekday().num_days_from_monday()) % 7,
        ));
    let from = time::local_to_utc(
        grid_start.and_hms_opt(0, 0, 0).unwrap_or_default(),
        time::DEFAULT_ZONE,
    )
    .map(|t| t.naive_utc())
    .unwrap_or_default();
    let until = time::local_to_utc(
        grid_end.and_hms_opt(0, 0, 0).unwrap_or_default(),
        time::DEFAULT_ZONE,
    )
    .map(|t| t.naive_utc())
    .unwrap_or_default();
    let listings = state
        .db
        .run(move |conn| {
            db::meetings::list(
                conn,
                &MeetingFilter {
                    ending_after: Some(from),
                    starting_before: Some(until),
                    ..MeetingFilter::default()
                },
            )
        })
        .await?;
    let lang = chrome.lang;
    // each meeting with the first and last local days it covers
    let mut meetings: Vec<(NaiveDate, NaiveDate, MeetingView)> = Vec::new();
    for listing in listings {
        let local_day = |instant: chrono::NaiveDateTime| {
            instant
                .and_utc()
                .with_timezone(&time::DEFAULT_ZONE)
                .date_naive()
        };
        let first_day = local_day(listing.meeting.starts_at);
        // a meeting ending at midnight does not cover the next day
        let last_day = local_day(listing.meeting.ends_at - Duration::microseconds(1));
        meetings.push((first_day, last_day, MeetingView::new(listing, lang)?));
    }
    let mut weeks = Vec::new();
    let mut day = grid_start;
    while day < grid_end {
        let mut week = Vec::new();
        for _ in 0..7 {
            week.push(Day {
                number: day.day(),
                weekday: lang.weekday_names()[day.weekday().num_days_from_monday() as usize],
                in_month: day.month() == first.month(),
                today: day == today,
                meetings: meetings
                    .iter()
                    .filter(|(from, to, _)| *from <= day && day <= *to)
                    .map(|(_, _, m)| m.clone())
                    .collect(),
            });
            day += Duration::days(1);
        }
        weeks.push(week);
    }
    let previous = (first - Duration::days(1)).format("%Y-%m").to_string();
    let anonymous = chrome.signed_in.is_none();
    render_public(
        anonymous,
        &MonthPage {
            title: month_name(first, lang),
            weeks,
            previous,
            next: next_first.format("%Y-%m").to_string(),
            weekdays: lang.weekday_names(),
            chrome,
        },
    )
}
