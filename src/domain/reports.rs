//! The club's reports for one year: participation per meeting, per member
//! body and per working group, counted from the answers and the attendance
//! the organizers recorded. Rules without I/O: `db::reports` loads a year's
//! facts, [`count`] turns them into the report's lines.
//!
//! People are counted in the body they belong to today, and a body's
//! followed groups are those its people follow today: the club keeps no
//! history of either.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::domain::MeetingKind;
use crate::domain::attendance::Presence;
use crate::domain::rsvps::{Answer, RsvpState};

/// A slug and a name.
pub type Named = (String, String);

/// A meeting held in the year: scheduled, started before the report was
/// made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub id: String,
    pub title: String,
    pub kind: MeetingKind,
    pub starts_at: DateTime<Utc>,
    pub time_zone: String,
    pub group: Option<Named>,
}

/// One answer to a held meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerFact {
    pub meeting_id: String,
    pub person_id: String,
    pub answer: Answer,
    pub state: RsvpState,
}

/// One line of a held meeting's attendance sheet, with the person's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceFact {
    pub meeting_id: String,
    pub person_id: String,
    pub body_id: Option<String>,
    pub presence: Presence,
}

/// A body of the club, and how many working groups its people follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFact {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub groups_followed: usize,
}

/// Everything a year's report counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearFacts {
    /// In start order.
    pub meetings: Vec<Held>,
    pub answers: Vec<AnswerFact>,
    pub presences: Vec<PresenceFact>,
    /// Every body, in name order.
    pub bodies: Vec<BodyFact>,
    /// The body of each proposal to host the year's spring plenary (one
    /// entry per proposal not withdrawn).
    pub proposals: Vec<String>,
}

/// What happened at one meeting. "Yes" counts the confirmed yeses; a yes
/// still in line is `waitlisted`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub yes: usize,
    pub maybe: usize,
    pub no: usize,
    pub waitlisted: usize,
    pub in_person: usize,
    pub remote: usize,
    pub excused: usize,
    pub absent: usize,
    /// Confirmed yeses the recorded sheet does not show present or excused.
    pub no_shows: usize,
}

impl Counts {
    /// Everyone present, in the room or remotely.
    pub fn present(&self) -> usize {
        self.in_person + self.remote
    }
}

/// One meeting's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingLine {
    pub meeting: Held,
    pub counts: Counts,
    /// Whether the organizers recorded its attendance: without a sheet,
    /// presence and no-shows are unknown (counted as zero).
    pub recorded: bool,
}

/// One body's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLine {
    pub slug: String,
    pub name: String,
    /// Meetings where at least one of its people was present.
    pub meetings_attended: usize,
    /// Its people present, meeting by meeting, in the room or remotely.
    pub in_person: usize,
    pub remote: usize,
    /// Its proposals to host the year's spring plenary.
    pub proposals: usize,
    pub groups_followed: usize,
}

/// One working group's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLine {
    pub slug: String,
    pub name: String,
    /// Its sessions held in the year.
    pub sessions: usize,
    /// People present at its sessions, session by session, in start order.
    pub trend: Vec<usize>,
}

impl GroupLine {
    /// People present over all its sessions.
    pub fn presences(&self) -> usize {
        self.trend.iter().sum()
    }
}

/// The year in a few numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Meetings held, per kind (kinds never held are left out).
    pub meetings: BTreeMap<MeetingKind, usize>,
    /// Bodies with at least one person present.
    pub bodies_present: usize,
    /// Different people present at least once.
    pub people_present: usize,
    pub in_person: usize,
    pub remote: usize,
    pub proposals: usize,
}

impl Totals {
    pub fn meetings_held(&self) -> usize {
        self.meetings.values().sum()
    }
}

/// A year's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub year: i32,
    pub totals: Totals,
    /// In start order.
    pub meetings: Vec<MeetingLine>,
    /// Most meetings attended first, then by name; bodies with no activity
    /// in the year come last.
    pub bodies: Vec<BodyLine>,
    /// Groups with a session in the year, most sessions first, then by name.
    pub groups: Vec<GroupLine>,
}

/// Counts a year's facts.
pub fn count(year: i32, facts: &YearFacts) -> Report {
    let mut per_meeting: HashMap<&str, (Counts, bool)> = HashMap::new();
    for a in &facts.answers {
        let (counts, _) = per_meeting.entry(&a.meeting_id).or_default();
        match (a.answer, a.state) {
            (Answer::Yes, RsvpState::Waitlisted) => counts.waitlisted += 1,
            (Answer::Yes, _) => counts.yes += 1,
            (Answer::Maybe, _) => counts.maybe += 1,
            (Answer::No, _) => counts.no += 1,
        }
    }
    let mut sheet: HashMap<(&str, &str), Presence> = HashMap::new();
    for p in &facts.presences {
        let (counts, recorded) = per_meeting.entry(&p.meeting_id).or_default();
        *recorded = true;
        match p.presence {
            Presence::InPerson => counts.in_person += 1,
            Presence::Remote => counts.remote += 1,
            Presence::Excused => counts.excused += 1,
            Presence::Absent => counts.absent += 1,
        }
        sheet.insert((&p.meeting_id, &p.person_id), p.presence);
    }
    for a in &facts.answers {
        let confirmed_yes = a.answer == Answer::Yes && a.state == RsvpState::Confirmed;
        let (counts, recorded) = per_meeting.entry(&a.meeting_id).or_default();
        let accounted = sheet
            .get(&(a.meeting_id.as_str(), a.person_id.as_str()))
            .is_some_and(|p| *p != Presence::Absent);
        if confirmed_yes && *recorded && !accounted {
            counts.no_shows += 1;
        }
    }

    let meetings: Vec<MeetingLine> = facts
        .meetings
        .iter()
        .map(|m| {
            let (counts, recorded) = per_meeting.get(m.id.as_str()).copied().unwrap_or_default();
            MeetingLine {
                meeting: m.clone(),
                counts,
                recorded,
            }
        })
        .collect();

    Report {
        year,
        totals: totals(facts, &meetings),
        bodies: bodies(facts),
        groups: groups(&meetings),
        meetings,
    }
}

fn totals(facts: &YearFacts, meetings: &[MeetingLine]) -> Totals {
    let mut totals = Totals {
        proposals: facts.proposals.len(),
        ..Totals::default()
    };
    for line in meetings {
        *totals.meetings.entry(line.meeting.kind).or_default() += 1;
        totals.in_person += line.counts.in_person;
        totals.remote += line.counts.remote;
    }
    let present = facts.presences.iter().filter(|p| p.presence.present());
    let (mut people, mut bodies) = (BTreeSet::new(), BTreeSet::new());
    for p in present {
        people.insert(p.person_id.as_str());
        if let Some(body) = &p.body_id {
            bodies.insert(body.as_str());
        }
    }
    totals.people_present = people.len();
    totals.bodies_present = bodies.len();
    totals
}

fn bodies(facts: &YearFacts) -> Vec<BodyLine> {
    #[derive(Default)]
    struct Tally<'a> {
        meetings: BTreeSet<&'a str>,
        in_person: usize,
        remote: usize,
        proposals: usize,
    }
    let mut tallies: HashMap<&str, Tally> = HashMap::new();
    for p in &facts.presences {
        let Some(body) = &p.body_id else { continue };
        if !p.presence.present() {
            continue;
        }
        let tally = tallies.entry(body).or_default();
        tally.meetings.insert(&p.meeting_id);
        if p.presence == Presence::InPerson {
            tally.in_person += 1;
        } else {
            tally.remote += 1;
        }
    }
    for body in &facts.proposals {
        tallies.entry(body).or_default().proposals += 1;
    }
    let mut lines: Vec<BodyLine> = facts
        .bodies
        .iter()
        .map(|b| {
            let tally = tallies.remove(b.id.as_str()).unwrap_or_default();
            BodyLine {
                slug: b.slug.clone(),
                name: b.name.clone(),
                meetings_attended: tally.meetings.len(),
                in_person: tally.in_person,
                remote: tally.remote,
                proposals: tally.proposals,
                groups_followed: b.groups_followed,
            }
        })
        .collect();
    // Stable: bodies come in name order, so equal counts stay by name.
    lines.sort_by(|a, b| {
        let active = |l: &BodyLine| l.meetings_attended + l.proposals > 0;
        active(b)
            .cmp(&active(a))
            .then(b.meetings_attended.cmp(&a.meetings_attended))
    });
    lines
}

fn groups(meetings: &[MeetingLine]) -> Vec<GroupLine> {
    let mut by_slug: BTreeMap<&str, GroupLine> = BTreeMap::new();
    for line in meetings {
        let Some((slug, name)) = &line.meeting.group else {
            continue;
        };
        let group = by_slug.entry(slug).or_insert_with(|| GroupLine {
            slug: slug.clone(),
            name: name.clone(),
            sessions: 0,
            trend: Vec::new(),
        });
        group.sessions += 1;
        group.trend.push(line.counts.present());
    }
    let mut lines: Vec<GroupLine> = by_slug.into_values().collect();
    lines.sort_by(|a, b| b.sessions.cmp(&a.sessions).then(a.name.cmp(&b.name)));
    lines
}

/// One line of a body's presence at a held meeting, for its years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyPresence {
    pub meeting_id: String,
    /// The meeting's year in the club's zone.
    pub year: i32,
    pub presence: Presence,
}

/// A body's year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BodyYear {
    pub year: i32,
    pub meetings_attended: usize,
    pub in_person: usize,
    pub remote: usize,
    pub proposals: usize,
}

/// A body's participation year by year over `years`, oldest first: every
/// year of the range has its line, a year without anything included.
/// `proposals` holds the plenary year of each of its proposals.
pub fn body_years(
    years: std::ops::RangeInclusive<i32>,
    presences: &[BodyPresence],
    proposals: &[i32],
) -> Vec<BodyYear> {
    years
        .map(|year| {
            let present: Vec<&BodyPresence> = presences
                .iter()
                .filter(|p| p.year == year && p.presence.present())
                .collect();
            let meetings: BTreeSet<&str> = present.iter().map(|p| p.meeting_id.as_str()).collect();
            BodyYear {
                year,
                meetings_attended: meetings.len(),
                in_person: present
                    .iter()
                    .filter(|p| p.presence == Presence::InPerson)
                    .count(),
                remote: present
                    .iter()
                    .filter(|p| p.presence == Presence::Remote)
                    .count(),
                proposals: proposals.iter().filter(|y| **y == year).count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn held(id: &str, day: u32, group: Option<&str>) -> Held {
        Held {
            id: id.to_owned(),
            title: format!("Meeting {id}"),
            kind: if group.is_some() {
                MeetingKind::WorkingGroupSession
            } else {
                MeetingKind::SpringPlenary
            },
            starts_at: Utc.with_ymd_and_hms(2027, 3, day, 9, 0, 0).unwrap(),
            time_zone: "Europe/Paris".to_owned(),
            group: group.map(|g| (g.to_owned(), g.to_uppercase())),
        }
    }

    fn answer(meeting: &str, person: &str, answer: Answer, state: RsvpState) -> AnswerFact {
        AnswerFact {
            meeting_id: meeting.to_owned(),
            person_id: person.to_owned(),
            answer,
            state,
        }
    }

    fn presence(meeting: &str, person: &str, body: &str, presence: Presence) -> PresenceFact {
        PresenceFact {
            meeting_id: meeting.to_owned(),
            person_id: person.to_owned(),
            body_id: Some(body.to_owned()).filter(|b| !b.is_empty()),
            presence,
        }
    }

    fn body(id: &str, groups_followed: usize) -> BodyFact {
        BodyFact {
            id: id.to_owned(),
            slug: id.to_owned(),
            name: id.to_uppercase(),
            groups_followed,
        }
    }

    fn facts() -> YearFacts {
        use Answer::*;
        use Presence::*;
        use RsvpState::*;
        YearFacts {
            meetings: vec![
                held("plenary", 1, None),
                held("ec-1", 2, Some("etat-civil")),
                held("ec-2", 9, Some("etat-civil")),
            ],
            answers: vec![
                answer("plenary", "ann", Yes, Confirmed),
                answer("plenary", "bob", Yes, Confirmed),
                answer("plenary", "cat", Yes, Confirmed),
                answer("plenary", "dan", Yes, Waitlisted),
                answer("plenary", "eve", Maybe, Confirmed),
                answer("plenary", "fay", No, Declined),
                // No sheet for this one: nobody is a no-show.
                answer("ec-1", "ann", Yes, Confirmed),
            ],
            presences: vec![
                presence("plenary", "ann", "arles", InPerson),
                presence("plenary", "bob", "arles", Excused),
                // cat said yes and is not on the sheet: a no-show, as is gus.
                presence("plenary", "gus", "nancy", Absent),
                presence("plenary", "eve", "nancy", Remote),
                presence("plenary", "hal", "", InPerson),
                presence("ec-2", "ann", "arles", Remote),
                presence("ec-2", "eve", "nancy", Remote),
            ],
            bodies: vec![body("arles", 2), body("lyon", 0), body("nancy", 1)],
            proposals: vec!["lyon".to_owned(), "lyon".to_owned()],
        }
    }

    #[test]
    fn a_meeting_counts_answers_presence_and_no_shows() {
        let report = count(2027, &facts());
        let plenary = &report.meetings[0];
        assert!(plenary.recorded);
        assert_eq!(
            plenary.counts,
            Counts {
                yes: 3,
                maybe: 1,
                no: 1,
                waitlisted: 1,
                in_person: 2,
                remote: 1,
                excused: 1,
                absent: 1,
                no_shows: 1,
            }
        );
        let first_session = &report.meetings[1];
        assert!(!first_session.recorded);
        assert_eq!(first_session.counts.yes, 1);
        assert_eq!(first_session.counts.no_shows, 0);
    }

    #[test]
    fn an_absent_yes_is_a_no_show_too() {
        let mut facts = facts();
        facts
            .answers
            .push(answer("plenary", "gus", Answer::Yes, RsvpState::Confirmed));
        let report = count(2027, &facts);
        assert_eq!(report.meetings[0].counts.no_shows, 2);
    }

    #[test]
    fn bodies_count_meetings_attended_and_proposals() {
        let report = count(2027, &facts());
        let names: Vec<(&str, usize, usize, usize, usize)> = report
            .bodies
            .iter()
            .map(|b| {
                (
                    b.slug.as_str(),
                    b.meetings_attended,
                    b.in_person,
                    b.remote,
                    b.proposals,
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("arles", 2, 1, 1, 0),
                ("nancy", 2, 0, 2, 0),
                ("lyon", 0, 0, 0, 2)
            ]
        );
        assert_eq!(report.bodies[0].groups_followed, 2);
    }

    #[test]
    fn groups_show_their_sessions_in_order() {
        let report = count(2027, &facts());
        assert_eq!(report.groups.len(), 1);
        assert_eq!(report.groups[0].slug, "etat-civil");
        assert_eq!(report.groups[0].sessions, 2);
        assert_eq!(report.groups[0].trend, vec![0, 2]);
        assert_eq!(report.groups[0].presences(), 2);
    }

    #[test]
    fn a_body_s_years_count_meetings_once_and_keep_empty_years() {
        let at = |meeting: &str, year: i32, presence: Presence| BodyPresence {
            meeting_id: meeting.to_owned(),
            year,
            presence,
        };
        let presences = [
            at("a", 2017, Presence::InPerson),
            at("a", 2017, Presence::Remote),
            at("b", 2017, Presence::Excused),
            at("c", 2019, Presence::Remote),
        ];
        let years = body_years(2017..=2019, &presences, &[2019, 2019]);
        assert_eq!(
            years,
            vec![
                BodyYear {
                    year: 2017,
                    meetings_attended: 1,
                    in_person: 1,
                    remote: 1,
                    proposals: 0
                },
                BodyYear {
                    year: 2018,
                    ..BodyYear::default()
                },
                BodyYear {
                    year: 2019,
                    meetings_attended: 1,
                    in_person: 0,
                    remote: 1,
                    proposals: 2
                },
            ]
        );
    }

    #[test]
    fn totals_count_people_and_bodies_once() {
        let totals = count(2027, &facts()).totals;
        assert_eq!(totals.meetings_held(), 3);
        assert_eq!(totals.meetings[&MeetingKind::WorkingGroupSession], 2);
        assert_eq!(totals.people_present, 3, "ann, eve, hal");
        assert_eq!(totals.bodies_present, 2);
        assert_eq!((totals.in_person, totals.remote), (2, 3));
        assert_eq!(totals.proposals, 2);
    }
}
