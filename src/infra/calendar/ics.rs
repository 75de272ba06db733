//! iCalendar text (RFC 5545) for feeds and invitations, written with the
//! `icalendar` crate plus what it leaves to us: the VTIMEZONE of every zone
//! used, text clean of control characters, escaped lists and X- properties.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, Event, EventLike, Property};

use super::vtimezone::vtimezone;

/// What the calendar asks of its reader (the iTIP method).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A feed: events to show.
    Publish,
    /// An invitation or its update.
    Request,
    /// A cancellation.
    Cancel,
}

impl Method {
    /// The METHOD value, also the MIME part's `method=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "PUBLISH",
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// Whether the event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Confirmed,
    Cancelled,
}

/// Someone with an address: the organizer, an attendee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub email: String,
}

/// One meeting as a calendar sees it.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    /// Stable for the meeting's whole life.
    pub uid: String,
    pub sequence: i32,
    /// The meeting's last change (LAST-MODIFIED).
    pub changed_at: DateTime<Utc>,
    /// When this calendar object was made (DTSTAMP): the meeting's last
    /// change in a feed, so an unchanged feed keeps its bytes; the
    /// message's creation in an invitation, which orders the messages of
    /// one SEQUENCE (RFC 5546 §2.1.5: yes, withdrawn, yes again).
    pub stamped_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub zone: Tz,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub geo: Option<(f64, f64)>,
    /// The meeting's page.
    pub url: String,
    pub status: EventStatus,
    pub categories: Vec<String>,
    pub organizer: Party,
    /// The person an invitation is for.
    pub attendee: Option<Party>,
    /// Ways to join from afar (RFC 7986): only in what a participant
    /// receives (a personal feed, an invitation), never in public feeds.
    pub conferences: Vec<Conference>,
}

/// One way to join a meeting from afar: a video room (through the join
/// gateway) or a phone bridge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conference {
    /// `https://…` or `tel:…`.
    pub uri: String,
    /// RFC 7986 features: `AUDIO`, `VIDEO`, `SCREEN`, `PHONE`…
    pub features: Vec<&'static str>,
    /// What a calendar shows beside it, in the reader's language.
    pub label: String,
}

/// A calendar's name and how often clients should look again.
#[derive(Debug, Clone)]
pub struct CalendarHead {
    pub name: String,
    pub refresh: Duration,
}

/// Text fit for a TEXT value: line ends as `\n` (the crate escapes them),
/// Unicode's line and paragraph separators too (some readers drop a text
/// holding them), no other control character (a bare CR could start a line
/// of its own).
pub fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
            c => c,
        })
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect()
}

/// A parameter value (a name in `CN`, a label). A parameter cannot hold a
/// straight double quote: it becomes a typographic one, which every client
/// shows as written (RFC 6868's `^'` would be exact, but vobject — so
/// Radicale — and Outlook show its carets raw); a line end becomes a space.
fn parameter(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        out.push(match c {
            '"' if out.is_empty() || out.ends_with([' ', '(', '[', '«']) => '“',
            '"' => '”',
            '\n' => ' ',
            c => c,
        });
    }
    out
}

/// Escapes a TEXT value ourselves, where the crate does not (lists, X-
/// properties).
fn escape(text: &str) -> String {
    clean(text)
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

fn stamp(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `KEY;TZID=Europe/Paris:20271209T140000`: local time in the event's zone.
fn local(key: &str, instant: DateTime<Utc>, zone: Tz) -> Property {
    let mut property = Property::new(
        key,
        instant
            .with_timezone(&zone)
            .format("%Y%m%dT%H%M%S")
            .to_string(),
    );
    property.add_parameter("TZID", zone.name());
    property
}

fn party(key: &str, who: &Party) -> Property {
    let mut property = Property::new(key, format!("mailto:{}", who.email));
    property.add_parameter("CN", &parameter(&who.name));
    property
}

fn conference(c: &Conference) -> Property {
    let mut property = Property::new("CONFERENCE", &c.uri);
    property.add_parameter("VALUE", "URI");
    // each feature quoted: the crate would quote the whole list as one value
    let features: Vec<String> = c.features.iter().map(|f| format!("\"{f}\"")).collect();
    property.add_parameter("FEATURE", &features.join(","));
    property.add_parameter("LABEL", &parameter(&c.label));
    property
}

fn event(e: &CalendarEvent, method: Method) -> Event {
    let mut event = Event::new();
    event
        .uid(&e.uid)
        .timestamp(e.stamped_at)
        .add_property("CREATED", stamp(e.created_at))
        .add_property("LAST-MODIFIED", stamp(e.changed_at))
        .add_property("SEQUENCE", e.sequence.to_string())
        .summary(&clean(&e.summary))
        .add_property("URL", &e.url);
    event.append_property(local("DTSTART", e.starts_at, e.zone));
    event.append_property(local("DTEND", e.ends_at, e.zone));
    if !e.description.is_empty() {
        event.description(&clean(&e.description));
    }
    if let Some(location) = &e.location {
        event.location(&clean(location));
    }
    if let Some((lat, lon)) = e.geo {
        event.add_property("GEO", format!("{lat:.6};{lon:.6}"));
    }
    if !e.categories.is_empty() {
        let list: Vec<String> = e.categories.iter().map(|c| escape(c)).collect();
        event.add_property("CATEGORIES", list.join(","));
    }
    let status = match (e.status, method) {
        (EventStatus::Cancelled, _) | (_, Method::Cancel) => "CANCELLED",
        (EventStatus::Confirmed, _) => "CONFIRMED",
    };
    event.add_property("STATUS", status);
    event.append_property(party("ORGANIZER", &e.organizer));
    if let Some(attendee) = &e.attendee {
        let mut line = party("ATTENDEE", attendee);
        line.add_parameter("ROLE", "REQ-PARTICIPANT");
        line.add_parameter(
            "PARTSTAT",
            if method == Method::Cancel {
                "DECLINED"
            } else {
                "ACCEPTED"
            },
        );
        event.append_multi_property(line);
    }
    for c in &e.conferences {
        event.append_multi_property(conference(c));
    }
    event.done()
}

/// The whole VCALENDAR, built part by part (never by searching the text a
/// title could imitate): head, one VTIMEZONE per zone used (covering its
/// events), then each event written straight into the one buffer.
pub fn calendar(head: &CalendarHead, method: Method, events: &[CalendarEvent]) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("PRODID", "-//quorum//club calendar//FR"))
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", method.as_str()));
    if method == Method::Publish {
        let refresh = format!("PT{}M", head.refresh.num_minutes().max(1));
        calendar
            // NAME (RFC 7986) is unknown to the crate: escaped here; X-
            // properties it escapes itself
            .append_property(Property::new("NAME", escape(&head.name)))
            .append_property(Property::new("X-WR-CALNAME", clean(&head.name)))
            .append_property({
                let mut p = Property::new("REFRESH-INTERVAL", &refresh);
                p.add_parameter("VALUE", "DURATION");
                p
            })
            .append_property(Property::new("X-PUBLISHED-TTL", &refresh));
    }
    // the head alone: the crate closes what it opens, our parts go before
    let mut text = calendar.to_string();
    let end = "END:VCALENDAR\r\n";
    if text.ends_with(end) {
        text.truncate(text.len() - end.len());
    }
    for (zone, from, to) in zones(events) {
        text.push_str(&vtimezone(zone, from, to));
    }
    for e in events {
        // writing into a String cannot fail
        let _ = event(e, method).fmt_write(&mut text);
    }
    text.push_str(end);
    text
}

/// Each zone used, with the span its events need (a day of margin).
fn zones(events: &[CalendarEvent]) -> Vec<(Tz, DateTime<Utc>, DateTime<Utc>)> {
    let mut spans: Vec<(Tz, DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for e in events {
        let (from, to) = (
            e.starts_at - Duration::days(1),
            e.ends_at + Duration::days(1),
        );
        match spans.iter_mut().find(|(zone, _, _)| *zone == e.zone) {
            Some(span) => {
                span.1 = span.1.min(from);
                span.2 = span.2.max(to);
            }
            None => spans.push((e.zone, from, to)),
        }
    }
    spans.sort_by_key(|(zone, _, _)| zone.name());
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("an instant")
    }

    pub(crate) fn hostile() -> CalendarEvent {
        CalendarEvent {
            uid: "m1@quorum.example".into(),
            sequence: 3,
            changed_at: utc("2027-01-05T10:00:00Z"),
            stamped_at: utc("2027-01-05T10:00:00Z"),
            created_at: utc("2027-01-01T10:00:00Z"),
            starts_at: utc("2027-03-28T08:00:00Z"),
            ends_at: utc("2027-03-28T09:30:00Z"),
            zone: chrono_tz::Europe::Paris,
            summary: "État-civil, élections; \\ suite\r\nATTENDEE:mailto:x@evil 🎉".into(),
            description: "Ordre du jour :\r\n1. Tour de table, puis discussion sur les développements souhaités par chacune des collectivités présentes\n2. Divers".into(),
            location: Some("Salle « Rhône », 20 rue du Lac; Lyon".into()),
            geo: Some((45.76, 4.85)),
            url: "https://club.example/meetings/m1".into(),
            status: EventStatus::Confirmed,
            categories: vec!["Groupe de travail".into(), "État-civil, élections".into()],
            organizer: Party {
                name: "Club \"utilisateurs\"".into(),
                email: "club@club.example".into(),
            },
            attendee: None,
            conferences: Vec::new(),
        }
    }

    #[test]
    fn a_name_that_imitates_a_component_stays_text() {
        let head = CalendarHead {
            name: "BEGIN:VEVENT".into(),
            refresh: Duration::hours(1),
        };
        let mut e = hostile();
        e.summary = "BEGIN:VEVENT".into();
        let text = calendar(&head, Method::Publish, &[e]);
        let components: Vec<&str> = text
            .split("\r\n")
            .filter(|line| line.starts_with("BEGIN:") || line.starts_with("END:"))
            .collect();
        assert_eq!(components.first(), Some(&"BEGIN:VCALENDAR"), "{text}");
        assert_eq!(components.last(), Some(&"END:VCALENDAR"), "{text}");
        assert!(text.contains("\r\nNAME:BEGIN:VEVENT\r\n"), "{text}");
        assert!(text.contains("\r\nSUMMARY:BEGIN:VEVENT\r\n"), "{text}");
        assert!(text.find("END:VTIMEZONE") < text.find("\r\nBEGIN:VEVENT"));
        assert_eq!(text.matches("\r\nBEGIN:VEVENT\r\n").count(), 1, "{text}");
    }

    #[test]
    fn hostile_text_makes_no_property_and_lines_stay_short() {
        let head = CalendarHead {
            name: "Club; des, utilisateurs".into(),
            refresh: Duration::hours(1),
        };
        let text = calendar(&head, Method::Publish, &[hostile()]);
        if let Ok(path) = std::env::var("QUORUM_ICS_SAMPLE") {
            std::fs::write(path, &text).expect("written");
        }
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
            assert!(!line.starts_with("ATTENDEE"), "{line}");
            assert!(!line.contains('\r') && !line.contains('\n'));
        }
        assert!(text.contains("X-WR-CALNAME:Club\\; des\\, utilisateurs\r\n"));
        assert!(text.contains("CATEGORIES:Groupe de travail,État-civil\\, élections\r\n"));
        assert_eq!(text.matches("BEGIN:VTIMEZONE").count(), 1);
        assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));
        assert!(
            text.contains("DTSTART;TZID=Europe/Paris:20270328T100000\r\n"),
            "{text}"
        );
    }

    #[test]
    fn unicode_line_separators_become_line_ends() {
        assert_eq!(
            clean("un\u{2028}deux\u{2029}trois\u{85}"),
            "un\ndeux\ntrois\n"
        );
        let mut e = hostile();
        e.description = "Ordre du jour\u{2028}1. Tour de table".into();
        let text = calendar(
            &CalendarHead {
                name: "c".into(),
                refresh: Duration::hours(1),
            },
            Method::Publish,
            &[e],
        );
        assert!(
            text.contains("DESCRIPTION:Ordre du jour\\n1. Tour de table\r\n"),
            "{text}"
        );
        assert!(!text.contains('\u{2028}'));
    }

    #[test]
    fn a_name_keeps_its_quotes_as_typographic_ones() {
        let mut e = hostile();
        e.attendee = Some(Party {
            name: "Marie \"Mimi\" Dupont^, Lyon".into(),
            email: "marie@lyon.example".into(),
        });
        let text = calendar(
            &CalendarHead {
                name: "c".into(),
                refresh: Duration::hours(1),
            },
            Method::Request,
            &[e],
        );
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("ATTENDEE;CN=\"Marie “Mimi” Dupont^, Lyon\";"),
            "{unfolded}"
        );
        assert!(
            unfolded.contains("ORGANIZER;CN=Club “utilisateurs”:mailto:"),
            "{unfolded}"
        );
    }

    #[test]
    fn ways_to_join_are_conference_properties() {
        let mut e = hostile();
        e.conferences = vec![
            Conference {
                uri: "https://club.example/meetings/m1/join?t=abc".into(),
                features: vec!["AUDIO", "VIDEO", "SCREEN"],
                label: "Rejoindre la réunion".into(),
            },
            Conference {
                uri: "tel:+33123456789".into(),
                features: vec!["PHONE"],
                label: "Par téléphone, code 4321".into(),
            },
        ];
        let text = calendar(
            &CalendarHead {
                name: "c".into(),
                refresh: Duration::hours(1),
            },
            Method::Request,
            &[e],
        );
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(
            "CONFERENCE;FEATURE=\"AUDIO\",\"VIDEO\",\"SCREEN\";LABEL=Rejoindre la réunion;VALUE=URI:https://club.example/meetings/m1/join?t=abc\r\n"
        ), "{unfolded}");
        assert!(unfolded.contains(
            "CONFERENCE;FEATURE=\"PHONE\";LABEL=\"Par téléphone, code 4321\";VALUE=URI:tel:+33123456789\r\n"
        ), "{unfolded}");
    }
}
