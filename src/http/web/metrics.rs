//! `GET /metrics`: the Prometheus scrape, behind a bearer token.
//!
//! On the main port, so one reverse proxy and one address serve everything;
//! without `metrics_token` it answers 404, as if it did not exist, and with
//! one, a request without that token gets 401. The outbox is read from the
//! database at scrape time (two cheap queries), so every instance reports
//! the same backlog; requests and the pool are this instance's own.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::secrets::constant_time_eq;
use crate::http::metrics::{CONTENT_TYPE, Exposition};
use crate::http::state::AppState;
use crate::infra::mail::outbox::{self, Backlog};

/// The metrics in Prometheus text format.
pub async fn show_metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let Some(token) = &state.settings.metrics_token else {
        return plain(HttpResponse::NotFound(), "not found\n");
    };
    // the scheme's case does not matter (RFC 9110), the token's does
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if !given.is_some_and(|given| constant_time_eq(given, &token.0)) {
        let mut refused = HttpResponse::Unauthorized();
        refused.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\""));
        return plain(refused, "a bearer token is needed\n");
    }
    let mut out = Exposition::default();
    out.family(
        "quorum_build_info",
        "gauge",
        "The version of quorum this instance runs.",
    );
    out.sample(
        "quorum_build_info",
        &[("version", env!("CARGO_PKG_VERSION"))],
        1,
    );
    state.metrics.write_to(&mut out);
    write_pool(&state, &mut out);
    out.single(
        "quorum_feed_cache_bytes",
        "gauge",
        "Bytes of rendered calendar feeds this instance keeps (within cache_bytes).",
        state.feeds.held(),
    );
    out.single(
        "quorum_page_cache_bytes",
        "gauge",
        "Bytes of public pages this instance keeps for visitors not signed in (within cache_bytes).",
        state.pages.held(),
    );
    // Without the database (down, or too much work waiting) the scrape
    // still answers, without the outbox: its absence is the signal.
    match state.db.run(outbox::backlog).await {
        Ok(backlog) => write_backlog(&backlog, &mut out),
        Err(error) => tracing::warn!(%error, "metrics: cannot read the outbox"),
    }
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(out.finish())
}

fn write_pool(state: &AppState, out: &mut Exposition) {
    let pool = state.db.pool_use();
    out.single(
        "quorum_db_pool_size",
        "gauge",
        "Connections the database pool may hold (database_pool_size).",
        pool.size,
    );
    let name = "quorum_db_pool_connections";
    out.family(
        name,
        "gauge",
        "Open connections of the database pool, free or lent to work.",
    );
    out.sample(name, &[("state", "idle")], pool.idle);
    out.sample(name, &[("state", "in_use")], pool.in_use);
    out.single(
        "quorum_db_waiting",
        "gauge",
        "Work waiting for a turn at the database; beyond 32 per connection it is refused with 503.",
        pool.waiting,
    );
}

fn write_backlog(backlog: &Backlog, out: &mut Exposition) {
    out.single(
        "quorum_outbox_queued",
        "gauge",
        "Messages waiting to be sent, due or waiting out a back-off.",
        backlog.queued,
    );
    // a clock behind the database's (another instance queued it) gives 0
    let waited = backlog.oldest_queued_at.map_or(0.0, |queued_at| {
        (crate::db::now() - queued_at)
            .to_std()
            .map_or(0.0, |age| age.as_secs_f64())
    });
    out.single(
        "quorum_outbox_oldest_queued_seconds",
        "gauge",
        "How long the oldest queued message has waited (0 when none waits).",
        waited,
    );
    out.single(
        "quorum_outbox_failed",
        "gauge",
        "Messages given up on (refused for good or out of attempts), until an admin retries them.",
        backlog.failed,
    );
}

/// A short text answer (not an HTML page: a scraper reads it).
fn plain(mut builder: actix_web::HttpResponseBuilder, text: &'static str) -> HttpResponse {
    builder
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text)
}
