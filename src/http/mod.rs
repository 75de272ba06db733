//! The HTTP edges: pages (`web`) and the JSON API (`api`), and what both
//! share — the state, who is asking, which methods a path takes, and how an
//! error answers.

pub mod api;
pub mod auth;
pub mod files;
pub mod headers;
pub mod methods;
pub mod metrics;
pub mod problem;
pub mod shared_pages;
pub mod state;
pub mod web;

use actix_web::HttpResponse;
use actix_web::http::header;

/// A redirect after a successful post.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}

/// Whether the client takes gzip (`Accept-Encoding: gzip` or `*`, not
/// `;q=0`).
pub fn accepts_gzip(headers: &header::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}
