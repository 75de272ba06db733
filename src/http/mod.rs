//! The HTTP edges: pages (`web`) and the JSON API (`api`), and what both
//! share — the state, who is asking, which methods a path takes, and how an
//! error answers.

pub mod api;
pub mod auth;
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
