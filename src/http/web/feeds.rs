//! Calendar feeds (`.ics`): the club, one meeting, one group, one body, and
//! a person's private feed. Each answers conditional requests from its
//! version, computed from the rows before any calendar text is written.

use actix_web::http::header::{self, HttpDate};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;

use crate::db::feeds::FeedScope;
use crate::db::meetings::MeetingListing;
use crate::db::rooms::Room;
use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::http::state::AppState;
use crate::infra::calendar::ics::{CalendarHead, Method, calendar};
use crate::services::feeds::{etag, event};

/// A feed's two addresses: `https://` to paste, `webcal://` to click.
#[derive(Debug, Clone)]
pub struct FeedLinks {
    pub https: String,
    pub webcal: String,
}

impl FeedLinks {
    /// The links of the feed at `path` (such as `/calendar.ics`).
    pub fn new(base_url: &str, path: &str) -> Self {
        let https = format!("{base_url}{path}");
        let webcal = match https.split_once("://") {
            Some((_, rest)) => format!("webcal://{rest}"),
            None => https.clone(),
        };
        Self { https, webcal }
    }
}

/// How often subscribed calendars should look again.
const REFRESH: Duration = Duration::hours(1);

/// A feed's language: `?lang=en`, else French (never the cookie: feeds are
/// fetched by calendar clients, and one URL gives one text).
fn lang(req: &HttpRequest) -> Lang {
    req.query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .map(Lang::from_code)
        .unwrap_or_default()
}

/// What a feed is, once its scope is known.
struct Feed {
    scope: FeedScope,
    name: String,
    lang: Lang,
    /// A person's feed: never stored by shared caches.
    private: bool,
}

/// Answers `feed`: 304 when the client has this version, else the calendar.
async fn answer(
    state: &AppState,
    req: &HttpRequest,
    feed: impl FnOnce(&mut DbConn) -> Result<Feed, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let since = db::now() - Duration::days(i64::from(state.settings.feed_past_days));
    let (feed, listings, rooms) = state
        .db
        .run(move |conn| {
            let feed = feed(conn)?;
            let listings = db::feeds::meetings(conn, &feed.scope, since)?;
            // rooms and bridges only in a person's own feed
            let mut rooms = Vec::new();
            if feed.private {
                for l in &listings {
                    rooms.extend(db::rooms::find(conn, &l.meeting.id)?);
                }
            }
            Ok((feed, listings, rooms))
        })
        .await?;
    let tag = etag(&feed.name, feed.lang, &listings, &rooms);
    let modified = listings.iter().map(|l| l.meeting.updated_at).max();
    let cache = if feed.private {
        "private, max-age=300"
    } else {
        "public, max-age=300"
    };
    let mut response = if not_modified(req, &tag, modified) {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, tag.clone()))
        .insert_header((header::CACHE_CONTROL, cache));
    if let Some(at) = modified {
        let at = std::time::SystemTime::from(at.and_utc());
        response.insert_header((header::LAST_MODIFIED, HttpDate::from(at)));
    }
    if feed.private {
        // the URL is the secret: never sent on to another site
        response.insert_header(("Referrer-Policy", "no-referrer"));
    }
    if not_modified(req, &tag, modified) {
        return Ok(response.finish());
    }
    let text = render(state, &feed, &listings, &rooms)?;
    Ok(response
        .content_type("text/calendar; charset=utf-8")
        .body(text))
}

fn render(
    state: &AppState,
    feed: &Feed,
    listings: &[MeetingListing],
    rooms: &[Room],
) -> Result<String, AppError> {
    // the reader of a personal feed gets their personal join links
    let reader = match &feed.scope {
        FeedScope::Person(id) => Some(id.as_str()),
        _ => None,
    };
    let events = listings
        .iter()
        .map(|l| {
            let room = rooms.iter().find(|r| r.meeting_id == l.meeting.id);
            event(l, room.zip(reader), &state.settings, feed.lang)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let head = CalendarHead {
        name: feed.name.clone(),
        refresh: REFRESH,
    };
    Ok(calendar(&head, Method::Publish, &events))
}

/// Whether the client's copy is current: `If-None-Match` decides when
/// present, else `If-Modified-Since`.
fn not_modified(req: &HttpRequest, tag: &str, modified: Option<chrono::NaiveDateTime>) -> bool {
    let headers = req.headers();
    if let Some(value) = headers.get(header::IF_NONE_MATCH) {
        let Ok(value) = value.to_str() else {
            return false;
        };
        return value
            .split(',')
            .map(str::trim)
            .any(|t| t == "*" || t == tag || t.strip_prefix("W/") == Some(tag));
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<HttpDate>().ok());
    match (since, modified) {
        (Some(since), Some(modified)) => {
            let since: std::time::SystemTime = since.into();
            let modified = modified.and_utc().timestamp();
            since
                .duration_since(std::time::UNIX_EPOCH)
                .is_ok_and(|s| i64::try_from(s.as_secs()).is_ok_and(|s| s >= modified))
        }
        _ => false,
    }
}

fn club_name(lang: Lang) -> String {
    lang.texts().common.site_name.to_owned()
}

/// `/calendar.ics`: every announced meeting of the club.
pub async fn club_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&req);
    answer(&state, &req, move |_| {
        Ok(Feed {
            scope: FeedScope::Club,
            name: club_name(lang),
            lang,
            private: false,
        })
    })
    .await
}

/// `/meetings/{id}.ics`: one meeting (not a draft).
pub async fn meeting_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&req);
    let id = id.into_inner();
    answer(&state, &req, move |conn| {
        let listing = db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)?;
        if listing.meeting.status == crate::domain::code(crate::domain::MeetingStatus::Draft) {
            return Err(AppError::NotFound);
        }
        Ok(Feed {
            scope: FeedScope::Meeting(id),
            name: listing.meeting.title,
            lang,
            private: false,
        })
    })
    .await
}

/// `/groups/{slug}.ics`: a working group's sessions.
pub async fn group_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&req);
    let slug = slug.into_inner();
    answer(&state, &req, move |conn| {
        let group = db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        Ok(Feed {
            scope: FeedScope::Group(group.id),
            name: format!("{} — {}", club_name(lang), group.name),
            lang,
            private: false,
        })
    })
    .await
}

/// `/orgs/{slug}.ics`: meetings a body hosts or attends.
pub async fn organization_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&req);
    let slug = slug.into_inner();
    answer(&state, &req, move |conn| {
        let org = db::organizations::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        Ok(Feed {
            scope: FeedScope::Organization(org.id),
            name: format!("{} — {}", club_name(lang), org.name),
            lang,
            private: false,
        })
    })
    .await
}

/// `/feeds/{token}.ics`: a person's meetings, behind their private token.
pub async fn personal_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    answer(&state, &req, move |conn| {
        let person_id = db::feeds::person_for_token(conn, &token)?.ok_or(AppError::NotFound)?;
        let person = db::people::find(conn, &person_id)?.ok_or(AppError::NotFound)?;
        let lang = Lang::from_code(&person.language);
        let name = format!("{} — {}", club_name(lang), lang.texts().calendar.feed_mine);
        Ok(Feed {
            scope: FeedScope::Person(person.id),
            name,
            lang,
            private: true,
        })
    })
    .await
}
