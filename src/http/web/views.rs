//! What templates show: stored rows turned into words of the page's language,
//! times in the meeting's own zone.

use chrono::{DateTime, Utc};

use crate::db::meetings::{Link, MeetingListing};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingFormat, MeetingKind, MeetingStatus, decode};

/// How many coming meetings a page shows before linking to the full list.
pub const COMING_SHOWN: i64 = 10;
/// How many past meetings a page recalls before linking to the full list.
pub const PAST_SHOWN: i64 = 5;

/// The first meetings of a list, and whether the full list holds more.
#[derive(Debug)]
pub struct FirstMeetings {
    pub meetings: Vec<MeetingView>,
    pub more: bool,
}

impl FirstMeetings {
    /// Words and times for what `db::meetings::first` read.
    pub fn new(
        (listings, more): (Vec<MeetingListing>, bool),
        lang: Lang,
    ) -> Result<Self, AppError> {
        Ok(Self {
            meetings: MeetingView::all(listings, lang)?,
            more,
        })
    }
}

/// A meeting as a page shows it.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub id: String,
    pub title: String,
    pub kind: MeetingKind,
    pub kind_label: &'static str,
    pub format_label: &'static str,
    pub status: MeetingStatus,
    pub status_label: &'static str,
    pub when: String,
    /// The start's clock in the meeting's zone: "14 h 00" / "14:00".
    pub start_clock: String,
    pub starts_utc: DateTime<Utc>,
    pub ends_utc: DateTime<Utc>,
    /// Its zone's IANA name.
    pub time_zone: String,
    /// The start as RFC 3339 in the meeting's zone, for `<time datetime>`.
    pub starts_at_iso: String,
    pub venue: Option<VenueView>,
    pub host: Option<Link>,
    pub working_group: Option<Link>,
    pub capacity: Option<i32>,
    pub rsvp_deadline: Option<String>,
    /// Markdown, as written.
    pub agenda: String,
    pub minutes: String,
    /// The series this session belongs to.
    pub series_id: Option<String>,
}

/// Where a meeting happens.
#[derive(Debug, Clone)]
pub struct VenueView {
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub directions: Option<String>,
    /// The place on OpenStreetMap: its point when known, else a search for
    /// its address.
    pub map_url: String,
}

/// The venue on OpenStreetMap.
fn map_url(
    name: &str,
    address: Option<&str>,
    city: Option<&str>,
    point: Option<(f64, f64)>,
) -> String {
    match point {
        Some((lat, lon)) => {
            format!(
                "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}"
            )
        }
        None => {
            let words: Vec<&str> = [address.unwrap_or(name), city.unwrap_or_default()]
                .into_iter()
                .filter(|w| !w.trim().is_empty())
                .collect();
            format!(
                "https://www.openstreetmap.org/search?query={}",
                super::urlencode(&words.join(", ").replace(['\r', '\n'], " "))
            )
        }
    }
}

/// Links that open a calendar's "new event" form with the meeting filled
/// in, for those who use a web calendar: (Google, Outlook on the web).
pub fn add_to_calendar(meeting: &MeetingView, page_url: &str) -> (String, String) {
    let stamp = |at: DateTime<Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
    let location = meeting
        .venue
        .as_ref()
        .map(|v| {
            [
                Some(v.name.as_str()),
                v.address.as_deref(),
                v.city.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        })
        .unwrap_or_default();
    let google = format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}&ctz={}",
        super::urlencode(&meeting.title),
        stamp(meeting.starts_utc),
        stamp(meeting.ends_utc),
        super::urlencode(page_url),
        super::urlencode(&location),
        super::urlencode(&meeting.time_zone),
    );
    let outlook = format!(
        "https://outlook.office.com/calendar/deeplink/compose?subject={}&startdt={}&enddt={}&body={}&location={}",
        super::urlencode(&meeting.title),
        super::urlencode(&meeting.starts_utc.to_rfc3339()),
        super::urlencode(&meeting.ends_utc.to_rfc3339()),
        super::urlencode(page_url),
        super::urlencode(&location),
    );
    (google, outlook)
}

impl MeetingView {
    /// Words and times for one meeting.
    pub fn new(listing: MeetingListing, lang: Lang) -> Result<Self, AppError> {
        let m = listing.meeting;
        let kind: MeetingKind = decode(&m.kind)?;
        let format: MeetingFormat = decode(&m.format)?;
        let status: MeetingStatus = decode(&m.status)?;
        let tz = zone(&m.time_zone)?;
        let starts_at = utc(m.starts_at);
        let point = m.venue_latitude.zip(m.venue_longitude);
        let venue = m.venue_name.map(|name| VenueView {
            map_url: map_url(
                &name,
                m.venue_address.as_deref(),
                m.venue_city.as_deref(),
                point,
            ),
            name,
            address: m.venue_address,
            city: m.venue_city,
            directions: m.venue_directions,
        });
        let rsvp_deadline = m.rsvp_deadline.map(|deadline| {
            let local = utc(deadline).with_timezone(&tz).naive_local();
            format!("{}, {}", lang.date(local.date()), lang.clock(local))
        });
        Ok(Self {
            id: m.id,
            title: m.title,
            kind,
            kind_label: lang.meeting_kind(kind),
            format_label: lang.meeting_format(format),
            status,
            status_label: lang.meeting_status(status),
            when: lang.span(starts_at, utc(m.ends_at), tz),
            start_clock: lang.clock(starts_at.with_timezone(&tz).naive_local()),
            starts_utc: starts_at,
            ends_utc: utc(m.ends_at),
            time_zone: m.time_zone.clone(),
            starts_at_iso: starts_at.with_timezone(&tz).to_rfc3339(),
            venue,
            host: listing.host,
            working_group: listing.working_group,
            capacity: m.capacity,
            rsvp_deadline,
            agenda: m.agenda,
            minutes: m.minutes,
            series_id: m.series_id,
        })
    }

    /// The agenda as safe HTML (rendered where it is shown, not for lists).
    pub fn agenda_html(&self) -> String {
        super::markdown_to_safe_html(&self.agenda)
    }

    /// The minutes as safe HTML.
    pub fn minutes_html(&self) -> String {
        super::markdown_to_safe_html(&self.minutes)
    }

    /// Whether the meeting was called off.
    pub fn is_cancelled(&self) -> bool {
        self.status == MeetingStatus::Cancelled
    }

    /// Several meetings.
    pub fn all(listings: Vec<MeetingListing>, lang: Lang) -> Result<Vec<Self>, AppError> {
        listings.into_iter().map(|l| Self::new(l, lang)).collect()
    }
}
