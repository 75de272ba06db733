//! Calendar feeds: meetings as calendar events, a feed's edition (its
//! version in the database, its window, its ETag), the rendered feeds kept
//! in memory by edition, plain and gzipped, and what each address was found
//! to be, kept while the database has not changed (see [`Watch`]).

use std::sync::Arc;

use bytes::Bytes;
use chrono::{Duration, NaiveDateTime};
use flate2::Compression;
use sha2::{Digest, Sha256};

use crate::db::feeds::{FeedScope, FeedVersion};
use crate::db::meetings::MeetingListing;
use crate::db::rooms::Room;
use crate::db::watch::Watch;
use crate::db::{self, Db, DbConn};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingKind, MeetingStatus, decode};
use crate::infra::cache::{ByteCache, Weigh};
use crate::infra::calendar::ics::{
    CalendarEvent, CalendarHead, Conference, EventStatus, Method, Party, calendar,
};
use crate::infra::gzip::gzip;
use crate::infra::settings::Settings;
use crate::services::links;

/// The club as organizer of every event: the address mail comes from.
pub fn organizer(settings: &Settings) -> Party {
    match settings.mail.from.parse::<lettre::message::Mailbox>() {
        Ok(mailbox) => Party {
            name: mailbox.name.unwrap_or_default(),
            email: mailbox.email.to_string(),
        },
        Err(_) => Party {
            name: String::new(),
            email: settings.mail.from.clone(),
        },
    }
}

/// One meeting as a calendar event, its words in `lang`. `room`, given
/// only for a reader entitled to it (a personal feed, an invitation) with
/// the reader's person id, adds their personal join link (the join
/// gateway's) and the phone bridge — never the room's own address.
pub fn event(
    listing: &MeetingListing,
    room: Option<(&Room, &str)>,
    settings: &Settings,
    lang: Lang,
) -> Result<CalendarEvent, AppError> {
    let m = &listing.meeting;
    let kind: MeetingKind = decode(&m.kind)?;
    let status: MeetingStatus = decode(&m.status)?;
    let url = format!("{}/meetings/{}", settings.base_url, m.id);
    // each line's words end with the separator their language writes
    // ("… inscriptions : ", "… registration: ")
    let more = lang.texts().calendar.event_more;
    let mut description = if m.agenda.trim().is_empty() {
        format!("{more}{url}")
    } else {
        format!("{}\n\n{more}{url}", m.agenda.trim())
    };
    let mut conferences = Vec::new();
    if let Some((room, reader)) = room {
        let words = &lang.texts().calendar;
        let (join, phone, code) = (words.event_join, words.event_phone, words.event_code);
        let (join_line, phone_line) = (words.event_join_line, words.event_phone_line);
        if room.provider.is_some() {
            let link = links::personal_link(settings, &m.id, reader);
            description.push_str(&format!("\n{join_line}{link}"));
            conferences.push(Conference {
                uri: link,
                features: vec!["AUDIO", "VIDEO", "SCREEN"],
                label: join.to_owned(),
            });
        }
        if let Some((number, tel, pin)) = room.phone() {
            let pin = pin.map(|pin| format!(", {code} {pin}")).unwrap_or_default();
            description.push_str(&format!("\n{phone_line}{number}{pin}"));
            // the code in the label, not after pauses in the URI: readers
            // such as vobject split a URI at its commas
            conferences.push(Conference {
                uri: format!("tel:{tel}"),
                features: vec!["PHONE"],
                label: format!("{phone}{pin}"),
            });
        }
    }
    let location = [&m.venue_name, &m.venue_address, &m.venue_city]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let mut categories = vec![lang.meeting_kind(kind).to_owned()];
    if let Some((_, group)) = &listing.working_group {
        categories.push(group.clone());
    }
    Ok(CalendarEvent {
        uid: format!(
            "{}@{}",
            m.id,
            crate::infra::mail::message_id_host(&settings.base_url)
        ),
        sequence: m.sequence,
        changed_at: utc(m.updated_at),
        stamped_at: utc(m.updated_at),
        created_at: utc(m.created_at),
        starts_at: utc(m.starts_at),
        ends_at: utc(m.ends_at),
        zone: zone(&m.time_zone)?,
        summary: m.title.clone(),
        description,
        location: (!location.is_empty()).then_some(location),
        geo: m.venue_latitude.zip(m.venue_longitude),
        url,
        status: if status == MeetingStatus::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        },
        categories,
        organizer: organizer(settings),
        attendee: None,
        conferences,
    })
}

/// A feed, once its scope is known.
#[derive(Debug, Clone)]
pub struct Feed {
    pub scope: FeedScope,
    pub name: String,
    pub lang: Lang,
    /// A person's feed: rooms and personal join links, never stored by
    /// shared caches.
    pub private: bool,
}

/// How often subscribed calendars should look again.
const REFRESH: Duration = Duration::hours(1);

/// A feed as it is at one moment: what it depends on gives its tag,
/// without a meeting loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// Meetings that ended before it are left out: `feed_past_days` before
    /// the start of today (UTC), so the window moves once a day.
    pub since: NaiveDateTime,
    /// The last change of what the feed shows (or the window's move).
    pub modified: NaiveDateTime,
    /// The strong ETag of the plain answer, unquoted; the gzipped answer's
    /// is the same with `-gzip`.
    pub tag: String,
}

impl Edition {
    /// The feed's edition from its version in the database, now.
    pub fn new(feed: &Feed, version: &FeedVersion, settings: &Settings) -> Self {
        let today = today();
        let since = window_start(today, settings);
        let mut hash = Sha256::new();
        // what the text is made with: this build, the address and sender
        // in every event (instances of one club share them, and their tags)
        for part in [
            env!("CARGO_PKG_VERSION"),
            settings.base_url.as_str(),
            settings.mail.from.as_str(),
            &format!("{:?}", feed.scope),
            &feed.name,
            feed.lang.code(),
            &since.to_string(),
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        for v in &version.versions {
            hash.update(v.to_be_bytes());
        }
        Self {
            since,
            modified: version.changed_at.unwrap_or(today).max(today),
            tag: hex::encode(hash.finalize())[..32].to_owned(),
        }
    }

    /// The gzipped answer's ETag, unquoted.
    pub fn gzip_tag(&self) -> String {
        format!("{}-gzip", self.tag)
    }
}

/// The start of today, UTC: the window moves then.
fn today() -> NaiveDateTime {
    chrono::Utc::now()
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
}

/// Meetings that ended before this are out of feeds today.
fn window_start(today: NaiveDateTime, settings: &Settings) -> NaiveDateTime {
    today - Duration::days(i64::from(settings.feed_past_days))
}

/// A rendered feed: the calendar's bytes, plain and gzipped, of one edition.
#[derive(Debug)]
pub struct Rendered {
    pub tag: String,
    pub plain: Bytes,
    pub gzip: Bytes,
}

impl Weigh for Rendered {
    fn bytes(&self) -> usize {
        self.tag.len() + self.plain.len() + self.gzip.len()
    }
}

/// Which feed a cache entry is: one entry per feed and language, replaced
/// when its edition changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedId {
    scope: FeedScope,
    lang: Lang,
}

/// The address a feed was asked by, as the cache of checks keys it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FeedAddress {
    /// `/calendar.ics`.
    Club(Lang),
    /// `/meetings/{id}.ics`.
    Meeting(String, Lang),
    /// `/groups/{slug}.ics`.
    Group(String, Lang),
    /// `/orgs/{slug}.ics`.
    Organization(String, Lang),
    /// `/feeds/{token}.ics`: the token's SHA-256 (never the token itself in
    /// memory longer than the request), and the language the URL asks for.
    Person([u8; 32], Option<Lang>),
}

impl FeedAddress {
    /// A personal feed's address.
    pub fn person(token: &str, lang: Option<Lang>) -> Self {
        Self::Person(Sha256::digest(token.as_bytes()).into(), lang)
    }
}

/// What an address was found to be, and the feed's edition then, under
/// one generation of the database.
#[derive(Debug)]
pub struct Checked {
    pub feed: Feed,
    pub edition: Edition,
    generation: u64,
}

impl Weigh for Checked {
    fn bytes(&self) -> usize {
        let scope = match &self.feed.scope {
            FeedScope::Club => 0,
            FeedScope::Meeting(id)
            | FeedScope::Group(id)
            | FeedScope::Organization(id)
            | FeedScope::Person(id) => id.len(),
        };
        // the address's key (at most a hash), the tag, the fixed parts
        192 + scope + self.feed.name.len() + self.edition.tag.len()
    }
}

/// The rendered feeds, within their share of the cache budget, and a limit
/// on renders at once (a feed nobody has asked for since its change is
/// rendered once, however many clients poll it at that moment); and, in a
/// sixteenth of the budget, what each address was last found to be.
#[derive(Debug)]
pub struct FeedCache {
    rendered: ByteCache<FeedId, Rendered>,
    checks: ByteCache<FeedAddress, Checked>,
    watch: Arc<Watch>,
    renders: tokio::sync::Semaphore,
}

/// Renders at once: each holds its feed's meetings and text.
const RENDERS_AT_ONCE: usize = 2;

/// The share of the budget for checks: about half a kilobyte each.
const CHECKS_SHARE: usize = 16;

impl FeedCache {
    /// An empty cache of at most `budget` bytes, trusted while `watch`
    /// sees no change.
    pub fn new(budget: usize, watch: Arc<Watch>) -> Self {
        let checks = budget / CHECKS_SHARE;
        Self {
            rendered: ByteCache::new(budget - checks),
            checks: ByteCache::new(checks),
            watch,
            renders: tokio::sync::Semaphore::new(RENDERS_AT_ONCE),
        }
    }

    /// Bytes held.
    pub fn held(&self) -> usize {
        self.rendered.held() + self.checks.held()
    }

    /// The feed at `address` and its edition: from memory while the
    /// database has not changed since they were read (and the window has not
    /// moved), else read by `lookup` and one more query (then kept). Nothing
    /// is kept for an address that leads nowhere, or when the watch cannot
    /// tell.
    pub async fn check(
        &self,
        db: &Db,
        settings: &Settings,
        address: FeedAddress,
        lookup: impl Fn(&mut DbConn) -> Result<Feed, AppError> + Send + 'static,
    ) -> Result<Arc<Checked>, AppError> {
        let generation = self.watch.generation();
        if let Some(generation) = generation
            && let Some(checked) = self.checks.get(&address)
            && checked.generation == generation
            && checked.edition.since == window_start(today(), settings)
        {
            return Ok(checked);
        }
        let (feed, version) = db
            .run(move |conn| {
                let feed = lookup(conn)?;
                let version = db::feeds::version(conn, &feed.scope)?;
                Ok((feed, version))
            })
            .await?;
        let checked = Checked {
            edition: Edition::new(&feed, &version, settings),
            feed,
            generation: generation.unwrap_or_default(),
        };
        Ok(match generation {
            Some(_) => self.checks.insert(address, checked),
            None => Arc::new(checked),
        })
    }

    fn current(&self, id: &FeedId, edition: &Edition) -> Option<Arc<Rendered>> {
        self.rendered.get(id).filter(|r| r.tag == edition.tag)
    }

    /// The feed's bytes for `edition`: from memory, or rendered from the
    /// database (loading only the feed's own meetings and rooms).
    pub async fn get(
        &self,
        db: &Db,
        settings: &Arc<Settings>,
        feed: &Feed,
        edition: &Edition,
    ) -> Result<Arc<Rendered>, AppError> {
        let id = FeedId {
            scope: feed.scope.clone(),
            lang: feed.lang,
        };
        if let Some(rendered) = self.current(&id, edition) {
            return Ok(rendered);
        }
        let _turn = self
            .renders
            .acquire()
            .await
            .map_err(|e| AppError::internal(format!("feed renders closed: {e}")))?;
        // rendered by another request while this one waited
        if let Some(rendered) = self.current(&id, edition) {
            return Ok(rendered);
        }
        let (feed, edition, settings) = (feed.clone(), edition.clone(), settings.clone());
        let rendered = db
            .run(move |conn| render(conn, &feed, &edition, &settings))
            .await?;
        Ok(self.rendered.insert(id, rendered))
    }
}

/// Loads the feed's meetings (and, for a person, their rooms) in two
/// queries and writes the calendar, plain and gzipped.
fn render(
    conn: &mut DbConn,
    feed: &Feed,
    edition: &Edition,
    settings: &Settings,
) -> Result<Rendered, AppError> {
    let listings = db::feeds::meetings(conn, &feed.scope, edition.since)?;
    // rooms and bridges only in a person's own feed, with their own links
    let (rooms, reader) = match &feed.scope {
        FeedScope::Person(id) if feed.private => {
            let ids: Vec<&str> = listings.iter().map(|l| l.meeting.id.as_str()).collect();
            (db::rooms::of_meetings(conn, &ids)?, Some(id.as_str()))
        }
        _ => (Vec::new(), None),
    };
    let events = listings
        .iter()
        .map(|l| {
            let room = rooms.iter().find(|r| r.meeting_id == l.meeting.id);
            event(l, room.zip(reader), settings, feed.lang)
        })
        .collect::<Result<Vec<_>, _>>()?;
    drop(listings);
    let head = CalendarHead {
        name: feed.name.clone(),
        refresh: REFRESH,
    };
    let plain = calendar(&head, Method::Publish, &events);
    drop(events);
    let gzip = gzip(plain.as_bytes(), Compression::best())
        .map_err(|e| AppError::internal(format!("gzip: {e}")))?;
    Ok(Rendered {
        tag: edition.tag.clone(),
        plain: Bytes::from(plain),
        gzip,
    })
}
