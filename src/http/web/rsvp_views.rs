//! Answers to a meeting as pages show them: states in words, waiting-list
//! places, the counts of the public page, and the tour de table grouped by
//! body.

use crate::db::rsvps::{self, Counts, Participant};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::rsvps::{Answer, Attendance, RsvpState};
use crate::domain::{MeetingFormat, decode, sort_key};

/// One answer, in the words of the page's language.
#[derive(Debug, Clone)]
pub struct ParticipantView {
    pub person_id: String,
    pub name: String,
    pub email: String,
    /// The body's name.
    pub body: Option<String>,
    pub answer: &'static str,
    pub attendance: &'static str,
    /// The answer and attendance themselves, to sort by.
    pub answered: Answer,
    pub attends: Attendance,
    pub state: RsvpState,
    pub state_label: &'static str,
    /// 1 for the next in line of their attendance.
    pub waitlist_position: Option<i64>,
    pub wait_reason: Option<&'static str>,
    pub project_highlight: String,
    pub wished_development: String,
    pub comment: String,
    /// Whether the person agreed to be named on the public page.
    pub listed: bool,
    /// Organizers only: the lunch taken and the needs.
    pub lunch: bool,
    pub dietary_needs: String,
    pub accessibility_needs: String,
}

impl ParticipantView {
    /// Words for one stored answer.
    pub fn new(p: Participant, lang: Lang) -> Result<Self, AppError> {
        let state: RsvpState = p.state()?;
        let answer: Answer = decode(&p.rsvp.answer)?;
        let attendance: Attendance = decode(&p.rsvp.attendance)?;
        let wait_reason = rsvps::reason(&p).map(|r| lang.wait_reason(r));
        Ok(Self {
            person_id: p.person.id,
            name: p.person.name,
            email: p.person.email,
            body: p.body.map(|b| b.name),
            answer: lang.answer(answer),
            attendance: lang.attendance(attendance),
            answered: answer,
            attends: attendance,
            state,
            state_label: lang.rsvp_state(state),
            waitlist_position: p.waitlist_position,
            wait_reason,
            project_highlight: p.rsvp.project_highlight,
            wished_development: p.rsvp.wished_development,
            comment: p.rsvp.comment,
            listed: p.rsvp.listed,
            lunch: p.rsvp.lunch,
            dietary_needs: p.rsvp.dietary_needs,
            accessibility_needs: p.rsvp.accessibility_needs,
        })
    }

    /// Several answers.
    pub fn all(all: Vec<Participant>, lang: Lang) -> Result<Vec<Self>, AppError> {
        all.into_iter().map(|p| Self::new(p, lang)).collect()
    }

    /// Whether an organizer may still accept this person.
    pub fn may_be_approved(&self) -> bool {
        matches!(self.state, RsvpState::AwaitingApproval | RsvpState::Refused)
    }
}

/// The people of one body, as in the seed's "tour de table".
#[derive(Debug, Clone)]
pub struct BodyGroup {
    /// The body's name, or "without a body".
    pub name: String,
    pub people: Vec<ParticipantView>,
}

/// Answers grouped by body: bodies in French alphabetical order, people
/// without a body last; people by name within their body.
pub fn tour_de_table(mut all: Vec<ParticipantView>, lang: Lang) -> Vec<BodyGroup> {
    all.sort_by_cached_key(|p| {
        (
            p.body.is_none(),
            p.body.as_deref().map(sort_key),
            sort_key(&p.name),
        )
    });
    let mut groups: Vec<BodyGroup> = Vec::new();
    for p in all {
        let name = p
            .body
            .clone()
            .unwrap_or_else(|| lang.texts().answers.without_body.to_owned());
        match groups.last_mut() {
            Some(group) if group.name == name => group.people.push(p),
            _ => groups.push(BodyGroup {
                name,
                people: vec![p],
            }),
        }
    }
    groups
}

/// The waiting list: in-person line first, then the remote one, each in
/// order.
pub fn waiting_list(all: &[ParticipantView]) -> Vec<ParticipantView> {
    let mut waiting: Vec<ParticipantView> = all
        .iter()
        .filter(|p| p.state == RsvpState::Waitlisted)
        .cloned()
        .collect();
    waiting.sort_by_key(|p| (p.attendance, p.waitlist_position));
    waiting
}

/// "12 inscrits sur place sur 50 places, 4 à distance, 3 en liste d'attente".
pub fn counts_sentence(
    counts: &Counts,
    format: MeetingFormat,
    capacity: Option<i32>,
    remote_capacity: Option<i32>,
    lang: Lang,
) -> String {
    let mut parts = Vec::new();
    let registered = |n: i64, attendance: Attendance, limit: Option<i32>, first: bool| {
        let how = lang.attendance(attendance);
        let mut text = lang.registered(n, how, first);
        if let Some(limit) = limit {
            text.push_str(lang.count_of());
            text.push_str(&lang.seats(limit));
        }
        text
    };
    if format != MeetingFormat::Remote {
        parts.push(registered(
            counts.in_person,
            Attendance::InPerson,
            capacity,
            true,
        ));
    }
    if format != MeetingFormat::InPerson || counts.remote > 0 {
        parts.push(registered(
            counts.remote,
            Attendance::Remote,
            remote_capacity,
            parts.is_empty(),
        ));
    }
    if counts.waitlisted > 0 {
        parts.push(lang.waitlisted_count(counts.waitlisted));
    }
    if counts.tentative > 0 {
        parts.push(lang.tentative_count(counts.tentative));
    }
    parts.join(", ")
}

/// Where the person's own answer stands, as a sentence.
pub fn own_state(p: &Participant, lang: Lang) -> Result<String, AppError> {
    let t = lang.texts();
    let attendance: Attendance = decode(&p.rsvp.attendance)?;
    let how = lang.attendance(attendance);
    let colon = lang.colon();
    Ok(match p.state()? {
        RsvpState::Confirmed => format!("{} ({how}).", t.answers.rsvp_confirmed_text),
        RsvpState::Waitlisted => {
            let place = p.waitlist_position.map_or_else(
                || lang.rsvp_state(RsvpState::Waitlisted).to_owned(),
                |n| lang.waitlist_place(n),
            );
            match rsvps::reason(p) {
                Some(reason) => format!("{place} ({how}){colon}{}.", lang.wait_reason(reason)),
                None => format!("{place} ({how})."),
            }
        }
        RsvpState::Tentative => t.answers.rsvp_tentative_text.to_owned(),
        RsvpState::Declined => t.answers.rsvp_declined_text.to_owned(),
        RsvpState::AwaitingApproval => t.answers.rsvp_awaiting_text.to_owned(),
        RsvpState::Refused => t.answers.rsvp_refused_text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_a_sentence() {
        let counts = Counts {
            in_person: 12,
            remote: 4,
            waitlisted: 3,
            tentative: 0,
        };
        assert_eq!(
            counts_sentence(&counts, MeetingFormat::Hybrid, Some(50), None, Lang::Fr),
            "12 inscrits sur place sur 50 places, 4 à distance, 3 en liste d'attente"
        );
        assert_eq!(
            counts_sentence(&counts, MeetingFormat::Hybrid, Some(50), Some(5), Lang::En),
            "12 registered in person of 50 seats, 4 remote of 5 seats, 3 on the waiting list"
        );
        let few = Counts {
            in_person: 1,
            ..Counts::default()
        };
        assert_eq!(
            counts_sentence(&few, MeetingFormat::InPerson, None, None, Lang::Fr),
            "1 inscrit sur place"
        );
        let remote = Counts {
            remote: 7,
            tentative: 2,
            ..Counts::default()
        };
        assert_eq!(
            counts_sentence(&remote, MeetingFormat::Remote, None, Some(20), Lang::Fr),
            "7 inscrits à distance sur 20 places, 2 « peut-être »"
        );
    }
}
