//! Pages every visitor shares: what a public page showed a visitor who is
//! not signed in, kept for the next one while the database has not changed
//! (see [`Watch`]) and for a few seconds at most (what is coming becomes
//! past, "today" moves).
//!
//! A handler offers its answer with [`share`], only when it rendered it for
//! no one in particular. It is kept when it is a 200 that sets no cookie,
//! with a gzip copy compressed once; it is given only to a request that
//! carries no credentials and no cookie but the language, for the same
//! address and language (gzipped to those who take it).

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use bytes::Bytes;

use crate::db::watch::Watch;
use crate::http::state::AppState;
use crate::http::web::LANG_COOKIE;
use crate::infra::cache::{ByteCache, Weigh};
use flate2::Compression;

/// How long a shared page is kept at most, whatever the database says.
pub const KEPT_SECONDS: u64 = 10;

/// Addresses longer than this are answered but never kept.
const LONGEST_KEY: usize = 512;

/// Marks a response as the same for every visitor who is not signed in.
#[derive(Debug, Clone, Copy)]
struct Shared;

/// Offers `response` to be kept for the next visitors, when it was made for
/// no one in particular (`anonymous`).
pub fn share(mut response: HttpResponse, anonymous: bool) -> HttpResponse {
    if anonymous {
        response.extensions_mut().insert(Shared);
    }
    response
}

/// A kept page.
#[derive(Debug)]
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    gzip: Bytes,
    generation: u64,
    kept_at: Instant,
}

impl Page {
    /// Whether the page may still be given at `now`, the database being
    /// at `generation`.
    fn fresh(&self, generation: u64, now: Instant) -> bool {
        self.generation == generation
            && now.duration_since(self.kept_at) <= Duration::from_secs(KEPT_SECONDS)
    }
}

impl Weigh for Page {
    fn bytes(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 32)
            .sum();
        LONGEST_KEY + headers + self.body.len() + self.gzip.len()
    }
}

/// The kept pages, within their share of the cache budget.
#[derive(Debug)]
pub struct SharedPages {
    pages: ByteCache<String, Page>,
    watch: Arc<Watch>,
}

impl SharedPages {
    /// Keeps at most `budget` bytes, trusted while `watch` sees no change.
    pub fn new(budget: usize, watch: Arc<Watch>) -> Self {
        Self {
            pages: ByteCache::new(budget),
            watch,
        }
    }

    /// Bytes held.
    pub fn held(&self) -> usize {
        self.pages.held()
    }

    fn current(&self, key: &String, generation: u64, gzip: bool) -> Option<HttpResponse> {
        let page = self.pages.get(key)?;
        if !page.fresh(generation, Instant::now()) {
            return None;
        }
        let body = if gzip { &page.gzip } else { &page.body };
        let mut response = HttpResponse::build(page.status).body(body.clone());
        let headers = response.headers_mut();
        for (name, value) in &page.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if gzip {
            // compressed already: the compression middleware leaves it be
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        Some(response)
    }
}

/// The key of a request that may be given a shared page: a GET with no
/// credentials and no cookie but the language.
fn key(req: &ServiceRequest) -> Option<String> {
    if req.method() != Method::GET || req.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    let mut lang = "";
    for value in req.headers().get_all(header::COOKIE) {
        for pair in value.to_str().ok()?.split(';') {
            match pair.trim().split_once('=') {
                Some((LANG_COOKIE, value)) => lang = value,
                _ if pair.trim().is_empty() => {}
                _ => return None,
            }
        }
    }
    let key = format!("{lang} {}", req.uri());
    (key.len() <= LONGEST_KEY).then_some(key)
}

/// The middleware: a kept page when there is a current one, else the
/// handler's answer, kept when it was shared.
pub async fn serve(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), Some(key)) = (state, key(&req)) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let generation = state.pages.watch.generation();
    let gzip = crate::http::accepts_gzip(req.headers());
    if let Some(generation) = generation
        && let Some(page) = state.pages.current(&key, generation, gzip)
    {
        return Ok(req.into_response(page));
    }
    let response = next.call(req).await?;
    let kept = generation.filter(|_| {
        response.status() == StatusCode::OK
            && response.response().extensions().contains::<Shared>()
            && !response.headers().contains_key(header::SET_COOKIE)
    });
    let Some(generation) = kept else {
        return Ok(response.map_into_boxed_body());
    };
    let (req, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let body = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into()))?;
    state.pages.pages.insert(
        key,
        Page {
            status: head.status(),
            headers: head.headers().clone(),
            // compressed once, for every client that takes gzip
            gzip: crate::infra::gzip::gzip(&body, Compression::default())
                .map_err(actix_web::error::ErrorInternalServerError)?,
            body: body.clone(),
            generation,
            kept_at: Instant::now(),
        },
    );
    Ok(ServiceResponse::new(
        req,
        head.set_body(body).map_into_boxed_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(generation: u64, kept_at: Instant) -> Page {
        Page {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"<html></html>"),
            gzip: Bytes::new(),
            generation,
            kept_at,
        }
    }

    #[test]
    fn a_page_is_given_while_nothing_changed_for_a_few_seconds() {
        let kept = Instant::now();
        let page = page(7, kept);
        assert!(page.fresh(7, kept));
        assert!(page.fresh(7, kept + Duration::from_secs(KEPT_SECONDS)));
        assert!(
            !page.fresh(7, kept + Duration::from_secs(KEPT_SECONDS + 1)),
            "too old"
        );
        assert!(!page.fresh(8, kept), "the database changed");
    }
}
