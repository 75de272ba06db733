//! The club's yearly report (`/reports/{year}`): a few sentences, a chart
//! and a table per meeting, a table per member body, a table per working
//! group with its trend, each table also as CSV. For people of the club,
//! signed in; printable.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

use super::charts::{self, Bars, Columns};
use super::{Chrome, private, render};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::reports::{BodyLine, Counts, GroupLine, MeetingLine, Report};
use crate::domain::time::zone;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::reports::BodyReport;

/// One meeting's row, in the page's words.
struct MeetingRow {
    id: String,
    /// The day in the meeting's zone, and in words.
    day: NaiveDate,
    date: String,
    title: String,
    kind: &'static str,
    counts: Counts,
    recorded: bool,
}

/// One working group's row and its trend.
struct GroupRow {
    line: GroupLine,
    /// The average per session, one decimal.
    average: String,
    trend: Columns,
    /// The trend in words, for screen readers.
    trend_label: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportPage {
    chrome: Chrome,
    year: i32,
    previous: i32,
    next: Option<i32>,
    summary: Vec<String>,
    meetings: Vec<MeetingRow>,
    chart: Bars,
    bodies: Vec<BodyLine>,
    groups: Vec<GroupRow>,
}

#[derive(Template)]
#[template(path = "report_body.html")]
struct BodyPage {
    chrome: Chrome,
    report: BodyReport,
    chart: Bars,
    /// "Its people follow 2 working groups today."
    following: String,
}

/// `/reports`: this year's report.
pub async fn current() -> HttpResponse {
    see_other(&format!("/reports/{}", services::reports::this_year()))
}

async fn report(state: &AppState, chrome: &Chrome, year: i32) -> Result<Report, AppError> {
    let caller = chrome.caller()?.clone();
    state
        .db
        .run(move |conn| services::reports::year(conn, &caller, year))
        .await
}

fn meeting_row(line: &MeetingLine, chrome: &Chrome) -> Result<MeetingRow, AppError> {
    let m = &line.meeting;
    let day = m.starts_at.with_timezone(&zone(&m.time_zone)?).date_naive();
    Ok(MeetingRow {
        id: m.id.clone(),
        day,
        date: chrome.lang.date(day),
        title: m.title.clone(),
        kind: chrome.lang.meeting_kind(m.kind),
        counts: line.counts,
        recorded: line.recorded,
    })
}

fn group_row(line: GroupLine, chrome: &Chrome) -> GroupRow {
    let sessions = line.sessions.max(1);
    let tenths = line.presences() * 10 / sessions;
    let (decimal, colon) = match chrome.lang {
        Lang::Fr => (',', " :"),
        Lang::En => ('.', ":"),
    };
    let values: Vec<String> = line.trend.iter().map(ToString::to_string).collect();
    GroupRow {
        average: format!("{}{decimal}{}", tenths / 10, tenths % 10),
        trend: charts::columns(&line.trend),
        trend_label: format!("{}{colon} {}", chrome.t.reports.trend, values.join(", ")),
        line,
    }
}

/// `/reports/{year}`.
pub async fn year_page(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let year = path.into_inner();
    let report = report(&state, &chrome, year).await?;
    let meetings = report
        .meetings
        .iter()
        .map(|line| meeting_row(line, &chrome))
        .collect::<Result<Vec<_>, _>>()?;
    let chart = charts::stacked(
        meetings
            .iter()
            .map(|row| {
                let c = &row.counts;
                (
                    format!("{} · {}", chrome.lang.short_date(row.day), row.title),
                    vec![(c.in_person, "in-person"), (c.remote, "remote")],
                )
            })
            .collect(),
    );
    let page = ReportPage {
        summary: chrome.lang.year_summary(year, &report.totals),
        year,
        previous: year - 1,
        next: (year < services::reports::this_year()).then_some(year + 1),
        chart,
        meetings,
        bodies: report.bodies,
        groups: report
            .groups
            .into_iter()
            .map(|line| group_row(line, &chrome))
            .collect(),
        chrome,
    };
    render(&page).map(private)
}

/// `/reports/bodies/{slug}`: a body's participation over the last years.
pub async fn body_page(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let slug = path.into_inner();
    let report = state
        .db
        .run(move |conn| services::reports::body(conn, &caller, &slug))
        .await?;
    let chart = charts::stacked(
        report
            .years
            .iter()
            .map(|y| {
                (
                    chrome.lang.meetings_attended(y.year, y.meetings_attended),
                    vec![(y.in_person, "in-person"), (y.remote, "remote")],
                )
            })
            .collect(),
    );
    let page = BodyPage {
        following: chrome.lang.groups_followed_today(report.groups_followed),
        chart,
        report,
        chrome,
    };
    render(&page).map(private)
}

/// `/reports/{year}/{table}.csv`: `meetings`, `bodies` or `groups`.
pub async fn csv(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, AppError> {
    let (year, table) = path.into_inner();
    if !matches!(table.as_str(), "meetings" | "bodies" | "groups") {
        return Err(AppError::NotFound);
    }
    let report = report(&state, &chrome, year).await?;
    let t = &chrome.t.reports;
    let rows: Vec<Vec<String>> = match table.as_str() {
        "meetings" => {
            let header = [
                t.date,
                t.meeting,
                t.kind,
                t.yes,
                t.maybe,
                t.no,
                t.waitlisted,
                t.in_person,
                t.remote,
                t.excused,
                t.absent,
                t.no_shows,
            ];
            let mut rows = vec![header.map(str::to_owned).to_vec()];
            for line in &report.meetings {
                let row = meeting_row(line, &chrome)?;
                let c = row.counts;
                let mut cells = vec![
                    row.day.format("%Y-%m-%d").to_string(),
                    row.title,
                    row.kind.to_owned(),
                ];
                cells.extend([c.yes, c.maybe, c.no, c.waitlisted].map(|n| n.to_string()));
                // Without a sheet, presence is unknown: empty cells, not zeros.
                cells.extend(
                    [c.in_person, c.remote, c.excused, c.absent, c.no_shows].map(|n| {
                        if row.recorded {
                            n.to_string()
                        } else {
                            String::new()
                        }
                    }),
                );
                rows.push(cells);
            }
            rows
        }
        "bodies" => {
            let header = [
                t.body,
                t.meetings_attended,
                t.in_person,
                t.remote,
                t.proposals,
                t.groups_followed,
            ];
            let mut rows = vec![header.map(str::to_owned).to_vec()];
            rows.extend(report.bodies.iter().map(|b| {
                let mut cells = vec![b.name.clone()];
                cells.extend(
                    [
                        b.meetings_attended,
                        b.in_person,
                        b.remote,
                        b.proposals,
                        b.groups_followed,
                    ]
                    .map(|n| n.to_string()),
                );
                cells
            }));
            rows
        }
        _ => {
            let header = [t.group, t.sessions, t.presences, t.average, t.trend];
            let mut rows = vec![header.map(str::to_owned).to_vec()];
            rows.extend(report.groups.into_iter().map(|line| {
                let row = group_row(line, &chrome);
                let trend: Vec<String> = row.line.trend.iter().map(ToString::to_string).collect();
                vec![
                    row.line.name.clone(),
                    row.line.sessions.to_string(),
                    row.line.presences().to_string(),
                    row.average,
                    trend.join(" "),
                ]
            }));
            rows
        }
    };
    Ok(private(
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"quorum-{year}-{table}.csv\""),
            ))
            .body(super::csv::write(rows)),
    ))
}
