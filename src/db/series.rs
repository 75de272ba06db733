//! Series of working-group sessions, and planning their occurrences.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::meetings::{Meeting, MeetingFields, MeetingInsertForm};
use super::schema::{meeting_series, meetings};
use crate::domain::error::AppError;
use crate::domain::series::{Frequency, SeriesRule};
use crate::domain::{MeetingKind, MeetingStatus, code};

/// A stored series.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable, AsChangeset)]
#[diesel(table_name = meeting_series)]
pub struct Series {
    pub id: String,
    pub working_group_id: String,
    pub title: String,
    pub frequency: String,
    pub weekday: i32,
    pub ordinal: i32,
    pub interval_weeks: i32,
    pub start_time: String,
    pub end_time: String,
    pub time_zone: String,
    pub starts_on: NaiveDate,
    pub until: NaiveDate,
    pub format: String,
    pub agenda: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Series {
    /// The row of a checked rule.
    pub fn new(
        id: String,
        working_group_id: String,
        title: String,
        format: String,
        agenda: String,
        rule: &SeriesRule,
    ) -> Self {
        let now = super::now();
        let (frequency, ordinal, interval) = match rule.frequency {
            Frequency::Monthly { ordinal } => ("monthly", ordinal, 1),
            Frequency::Weekly { interval } => ("weekly", 1, interval),
        };
        Self {
            id,
            working_group_id,
            title,
            frequency: frequency.to_owned(),
            weekday: i32::try_from(rule.weekday.num_days_from_monday()).unwrap_or_default(),
            ordinal,
            interval_weeks: interval,
            start_time: rule.start.format("%H:%M").to_string(),
            end_time: rule.end.format("%H:%M").to_string(),
            time_zone: rule.zone.name().to_owned(),
            starts_on: rule.starts_on,
            until: rule.until,
            format,
            agenda,
            created_at: now,
            updated_at: now,
        }
    }

    /// The rule's fields, as a form shows them.
    pub fn input(&self) -> crate::domain::series::SeriesInput {
        crate::domain::series::SeriesInput {
            frequency: self.frequency.clone(),
            weekday: self.weekday.to_string(),
            ordinal: self.ordinal.to_string(),
            interval_weeks: self.interval_weeks.to_string(),
            start_time: self.start_time.clone(),
            end_time: self.end_time.clone(),
            time_zone: self.time_zone.clone(),
            starts_on: self.starts_on.to_string(),
            until: self.until.to_string(),
        }
    }

    /// The stored rule, checked again.
    pub fn rule(&self) -> Result<SeriesRule, AppError> {
        SeriesRule::parse(&self.input()).map_err(|e| {
            AppError::internal(format!("stored series {} no longer checks: {e:?}", self.id))
        })
    }
}

/// One series.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<Series>, AppError> {
    Ok(meeting_series::table
        .find(id)
        .select(Series::as_select())
        .first(conn)
        .optional()?)
}

/// A working group's series, first starting first.
pub fn list_for_group(conn: &mut DbConn, working_group_id: &str) -> Result<Vec<Series>, AppError> {
    Ok(meeting_series::table
        .filter(meeting_series::working_group_id.eq(working_group_id))
        .select(Series::as_select())
        .order((meeting_series::starts_on.asc(), meeting_series::id.asc()))
        .load(conn)?)
}

/// A series' occurrences, in date order.
pub fn occurrences(conn: &mut DbConn, series_id: &str) -> Result<Vec<Meeting>, AppError> {
    Ok(meetings::table
        .filter(meetings::series_id.eq(series_id))
        .select(Meeting::as_select())
        .order(meetings::starts_at.asc())
        .load(conn)?)
}

/// What planning did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Planned {
    pub created: usize,
    pub moved: usize,
    pub cancelled: usize,
    /// The occurrences moved or cancelled: their confirmed participants
    /// must be told.
    pub changed: Vec<String>,
}

/// Stores a new series and plans its occurrences. Call it in a write
/// transaction.
pub fn create(conn: &mut DbConn, series: &Series, rule: &SeriesRule) -> Result<Planned, AppError> {
    diesel::insert_into(meeting_series::table)
        .values(series)
        .execute(conn)?;
    plan(conn, series, rule)
}

/// Changes a series' rule and re-plans its future occurrences; past ones and
/// those moved or cancelled by hand are left alone. Call it in a write
/// transaction.
pub fn replan(conn: &mut DbConn, series: &Series, rule: &SeriesRule) -> Result<Planned, AppError> {
    diesel::update(meeting_series::table.find(&series.id))
        .set(series)
        .execute(conn)?;
    plan(conn, series, rule)
}

/// Plans the occurrences; says which were moved or cancelled.
fn plan(conn: &mut DbConn, series: &Series, rule: &SeriesRule) -> Result<Planned, AppError> {
    let now = super::now();
    let existing = occurrences(conn, &series.id)?;
    let dates = rule.dates();
    let mut planned = Planned::default();
    let scheduled = code(MeetingStatus::Scheduled);
    for date in &dates {
        let (start, end) = rule
            .occurrence(*date)
            .map_err(|e| AppError::internal(format!("series occurrence: {e:?}")))?;
        let (start, end) = (start.naive_utc(), end.naive_utc());
        if start <= now {
            continue;
        }
        match existing.iter().find(|m| m.series_date == Some(*date)) {
            // held already, or moved by hand: left as it is
            Some(m) if m.series_detached || m.starts_at <= now => {}
            Some(m) => {
                let same = m.starts_at == start
                    && m.ends_at == end
                    && m.time_zone == series.time_zone
                    && m.title == series.title
                    && m.format == series.format
                    && m.status == scheduled;
                if !same {
                    diesel::update(meetings::table.find(&m.id))
                        .set((
                            meetings::starts_at.eq(start),
                            meetings::ends_at.eq(end),
                            meetings::time_zone.eq(&series.time_zone),
                            meetings::title.eq(&series.title),
                            meetings::format.eq(&series.format),
                            meetings::status.eq(scheduled),
                            meetings::sequence.eq(m.sequence + 1),
                            meetings::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    planned.changed.push(m.id.clone());
                    planned.moved += 1;
                }
            }
            None => {
                let id = super::new_id();
                super::meetings::insert(
                    conn,
                    &MeetingInsertForm::new(
                        id.clone(),
                        MeetingFields {
                            kind: code(MeetingKind::WorkingGroupSession).to_owned(),
                            format: series.format.clone(),
                            status: scheduled.to_owned(),
                            title: series.title.clone(),
                            agenda: series.agenda.clone(),
                            starts_at: start,
                            ends_at: end,
                            time_zone: series.time_zone.clone(),
                            working_group_id: Some(series.working_group_id.clone()),
                            ..MeetingFields::default()
                        },
                    ),
                )?;
                diesel::update(meetings::table.find(&id))
                    .set((
                        meetings::series_id.eq(&series.id),
                        meetings::series_date.eq(date),
                    ))
                    .execute(conn)?;
                planned.created += 1;
            }
        }
    }
    // future occurrences the new rule no longer plans: cancelled, kept so
    // that calendars remove them
    let cancelled = code(MeetingStatus::Cancelled);
    for m in &existing {
        let dropped = m.starts_at > now
            && !m.series_detached
            && m.status != cancelled
            && !m.series_date.is_some_and(|d| dates.contains(&d));
        if dropped {
            diesel::update(meetings::table.find(&m.id))
                .set((
                    meetings::status.eq(cancelled),
                    meetings::sequence.eq(m.sequence + 1),
                    meetings::updated_at.eq(now),
                ))
                .execute(conn)?;
            planned.changed.push(m.id.clone());
            planned.cancelled += 1;
        }
    }
    Ok(planned)
}
