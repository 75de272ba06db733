//! Calendar feeds (`.ics`): the club, one meeting, one group, one body, and
//! a person's private feed. Each answers conditional requests from its
//! version in the database alone — kept in memory while the database has not
//! changed — and its bytes from memory while that version holds (plain or
//! gzipped, each with its own ETag).

use actix_web::http::header::{self, HttpDate};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::feeds::FeedScope;
use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::http::state::AppState;
use crate::services::feeds::{Edition, Feed, FeedAddress};

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

/// The language a feed's `?lang=` asks for, if any (never the cookie:
/// feeds are fetched by calendar clients, and one URL gives one text).
fn asked_lang(req: &HttpRequest) -> Option<Lang> {
    req.query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .map(Lang::from_code)
}

/// A public feed's language: `?lang=en`, else French.
fn lang(req: &HttpRequest) -> Lang {
    asked_lang(req).unwrap_or_default()
}

/// Answers a feed: its edition (what `lookup` finds at `address` and its
/// version, from memory while the database has not changed, else one query
/// beside `lookup`'s), then 304 when the client has it, else the bytes kept
/// for that edition — rendered first when no one has asked for it yet.
async fn answer(
    state: &AppState,
    req: &HttpRequest,
    address: FeedAddress,
    lookup: impl Fn(&mut DbConn) -> Result<Feed, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let checked = state
        .feeds
        .check(&state.db, &state.settings, address, lookup)
        .await?;
    let (feed, edition) = (&checked.feed, &checked.edition);
    let gzip = crate::http::accepts_gzip(req.headers());
    let tag = if gzip {
        edition.gzip_tag()
    } else {
        edition.tag.clone()
    };
    let fresh = not_modified(req, edition);
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, format!("\"{tag}\"")))
        .insert_header((header::VARY, "Accept-Encoding"))
        .insert_header((
            header::CACHE_CONTROL,
            if feed.private {
                "private, max-age=300"
            } else {
                "public, max-age=300"
            },
        ));
    if let Some(modified) = last_modified(edition) {
        response.insert_header((header::LAST_MODIFIED, modified));
    }
    if feed.private {
        // the URL is the secret: never sent on to another site
        response.insert_header(("Referrer-Policy", "no-referrer"));
    }
    if fresh {
        return Ok(response.finish());
    }
    let rendered = state
        .feeds
        .get(&state.db, &state.settings, feed, edition)
        .await?;
    response.content_type("text/calendar; charset=utf-8");
    Ok(if gzip {
        response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(rendered.gzip.clone())
    } else {
        response.body(rendered.plain.clone())
    })
}

/// The edition's Last-Modified, in whole seconds as HTTP dates are: only
/// once that second is over, so that no later change can share it (a client
/// sending it back as `If-Modified-Since` is then never told "not
/// modified" about a change made in the same second).
fn last_modified(edition: &Edition) -> Option<HttpDate> {
    let second = edition.modified.and_utc().timestamp();
    (second < chrono::Utc::now().timestamp()).then(|| {
        HttpDate::from(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(second.unsigned_abs()),
        )
    })
}

/// Whether the client's copy is current: `If-None-Match` decides when
/// present (either encoding's tag of this edition: the content is the
/// same), else `If-Modified-Since`, in whole seconds.
fn not_modified(req: &HttpRequest, edition: &Edition) -> bool {
    let headers = req.headers();
    if let Some(value) = headers.get(header::IF_NONE_MATCH) {
        let Ok(value) = value.to_str() else {
            return false;
        };
        let (plain, gzip) = (edition.tag.as_str(), edition.gzip_tag());
        return value.split(',').map(str::trim).any(|t| {
            let t = t.strip_prefix("W/").unwrap_or(t);
            t == "*" || t.trim_matches('"') == plain || t.trim_matches('"') == gzip
        });
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<HttpDate>().ok())
        .is_some_and(|since| {
            let since = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::from(since));
            edition.modified.and_utc().timestamp() <= since.timestamp()
                && last_modified(edition).is_some()
        })
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
    answer(&state, &req, FeedAddress::Club(lang), move |_| {
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
    let address = FeedAddress::Meeting(id.clone(), lang);
    answer(&state, &req, address, move |conn| {
        let listing = db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)?;
        if listing.meeting.status == crate::domain::code(crate::domain::MeetingStatus::Draft) {
            return Err(AppError::NotFound);
        }
        Ok(Feed {
            scope: FeedScope::Meeting(id.clone()),
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
    let address = FeedAddress::Group(slug.clone(), lang);
    answer(&state, &req, address, move |conn| {
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
    let address = FeedAddress::Organization(slug.clone(), lang);
    answer(&state, &req, address, move |conn| {
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
    // the person's own language, unless the address asks for another
    let asked = asked_lang(&req);
    let address = FeedAddress::person(&token, asked);
    answer(&state, &req, address, move |conn| {
        let person_id = db::feeds::person_for_token(conn, &token)?.ok_or(AppError::NotFound)?;
        let person = db::people::find(conn, &person_id)?.ok_or(AppError::NotFound)?;
        let lang = asked.unwrap_or_else(|| Lang::from_code(&person.language));
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
