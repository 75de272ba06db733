//! For a meeting's organizers: the compact table of its answers, sorted by
//! the column they choose (`?sort=`, on the server: no script), and what
//! the caterer and the welcome need (lunches, dietary and accessibility
//! needs of the people with a seat in the room).

use std::cmp::Ordering;

use serde::Deserialize;

use super::rsvp_views::ParticipantView;
use crate::domain::rsvps::{Attendance, RsvpState};
use crate::domain::{Lang, sort_key};

/// A column the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// By body, then name: the tour de table's order, and the default.
    #[default]
    Body,
    Name,
    Answer,
    Attendance,
    /// Confirmed first, then the waiting list in order, and so on.
    State,
}

impl SortBy {
    const ALL: [(Self, &'static str); 5] = [
        (Self::Name, "name"),
        (Self::Body, "body"),
        (Self::Answer, "answer"),
        (Self::Attendance, "attendance"),
        (Self::State, "state"),
    ];

    /// The column `?sort=` names; anything else: the default order.
    pub fn parse(sort: Option<&str>) -> Self {
        Self::ALL
            .iter()
            .find(|(_, name)| Some(*name) == sort)
            .map_or_else(Self::default, |(by, _)| *by)
    }

    /// Sorts the answers by this column, then by name.
    pub fn sort(self, rows: &mut [ParticipantView]) {
        let body = |p: &ParticipantView| (p.body.is_none(), p.body.as_deref().map(sort_key));
        rows.sort_by(|a, b| {
            let first = match self {
                Self::Body => body(a).cmp(&body(b)),
                Self::Name => Ordering::Equal,
                Self::Answer => a.answered.cmp(&b.answered),
                Self::Attendance => a.attends.cmp(&b.attends),
                Self::State => (a.state, a.waitlist_position).cmp(&(b.state, b.waitlist_position)),
            };
            first.then_with(|| sort_key(&a.name).cmp(&sort_key(&b.name)))
        });
    }
}

/// `?sort=` of the participants page (and its `done=` notice).
#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    pub sort: Option<String>,
    pub done: Option<String>,
}

/// A header of the table that sorts it.
#[derive(Debug)]
pub struct SortHeader {
    pub label: &'static str,
    /// `?sort=…`, relative to the page.
    pub href: String,
    /// `ascending` on the column the table is sorted by.
    pub aria_sort: Option<&'static str>,
}

/// The compact table: its sorting headers and its rows, sorted.
#[derive(Debug)]
pub struct ParticipantTable {
    pub headers: Vec<SortHeader>,
    pub rows: Vec<ParticipantView>,
}

impl ParticipantTable {
    /// Every answer, sorted by `by`.
    pub fn new(mut rows: Vec<ParticipantView>, by: SortBy, lang: Lang) -> Self {
        by.sort(&mut rows);
        let t = lang.texts();
        let label = |column: SortBy| match column {
            SortBy::Name => t.people.name,
            SortBy::Body => t.people.organization,
            SortBy::Answer => t.answers.answer_label,
            SortBy::Attendance => t.answers.attendance_label,
            SortBy::State => t.hosting.state,
        };
        let headers = SortBy::ALL
            .iter()
            .map(|&(column, name)| SortHeader {
                label: label(column),
                href: format!("?sort={name}#table"),
                aria_sort: (column == by).then_some("ascending"),
            })
            .collect();
        Self { headers, rows }
    }
}

/// One person's need, with who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub name: String,
    pub body: Option<String>,
    pub text: String,
}

/// What the caterer and the welcome need: counted among the confirmed
/// in-person answers (those with a seat in the room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catering {
    /// People with a seat in the room.
    pub in_person: usize,
    /// Of them, those who take the lunch.
    pub lunches: usize,
    pub dietary: Vec<Need>,
    pub accessibility: Vec<Need>,
}

impl Catering {
    /// The counts and the needs, people by name.
    pub fn new(all: &[ParticipantView]) -> Self {
        let mut seated: Vec<&ParticipantView> = all
            .iter()
            .filter(|p| p.state == RsvpState::Confirmed && p.attends == Attendance::InPerson)
            .collect();
        seated.sort_by_cached_key(|p| sort_key(&p.name));
        let needs = |text: fn(&ParticipantView) -> &str| {
            seated
                .iter()
                .filter(|p| !text(p).is_empty())
                .map(|p| Need {
                    name: p.name.clone(),
                    body: p.body.clone(),
                    text: text(p).to_owned(),
                })
                .collect()
        };
        Self {
            in_person: seated.len(),
            lunches: seated.iter().filter(|p| p.lunch).count(),
            dietary: needs(|p| &p.dietary_needs),
            accessibility: needs(|p| &p.accessibility_needs),
        }
    }
}
