//! Every URL of quorum, in one table.

use actix_web::web::{self, get};

use crate::web::{health, home, hosting_calls, language, meetings, organizations, working_groups};

/// The route table.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg
        // probes
        .route("/healthz", get().to(health::healthz))
        .route("/readyz", get().to(health::readyz))
        // the JSON API (problem+json errors)
        .service(web::scope("/api/v1").default_service(web::to(crate::web::api_not_found)))
        // pages
        .route("/", get().to(home::show_home))
        .route("/meetings/{id}", get().to(meetings::show_meeting))
        .route("/orgs", get().to(organizations::list_organizations))
        .route("/orgs/{slug}", get().to(organizations::show_organization))
        .route("/groups", get().to(working_groups::list_working_groups))
        .route(
            "/groups/{slug}",
            get().to(working_groups::show_working_group),
        )
        .route(
            "/hosting-calls/{id}",
            get().to(hosting_calls::show_hosting_call),
        )
        .route("/lang/{code}", get().to(language::switch_language))
        .route("/static/quorum.css", get().to(crate::web::stylesheet))
        .default_service(web::to(crate::web::page_not_found));
}
