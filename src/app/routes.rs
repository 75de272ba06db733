//! Every URL of quorum, in one table.

use actix_web::web;

use crate::http::api;
// Not actix's `web::get()` and friends: these also answer HEAD on every GET
// route and let a path asked with another method answer 405 with `Allow`.
use crate::http::methods::{delete, get, patch, post, put};

use crate::domain::error::{AppError, FieldError};
use crate::http::web::{
    actions, admin, answer_links, calendar, date_poll_edit, date_polls, developments, feeds, files,
    following, health, home, hosting_calls, invitations, join, language, meeting_edit, meetings,
    messages, metrics, minutes, organizations, outbox, participants, profile, profile_edit,
    reports, rsvps, series, signin, working_groups,
};

/// The route table.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg
        // probes
        .route("/healthz", get().to(health::healthz))
        .route("/readyz", get().to(health::readyz))
        .route("/metrics", get().to(metrics::show_metrics))
        // the JSON API (problem+json errors)
        .service(
            web::scope("/api/v1")
                .app_data(query_config())
                .route("/openapi.json", get().to(api::openapi::show_openapi))
                .route("/me", get().to(api::people::show_me))
                .route("/me/feed-token", post().to(api::people::rotate_feed_token))
                .route("/people", get().to(api::people::list_people))
                .route("/people", post().to(api::people::create_person))
                .route(
                    "/working-groups",
                    get().to(api::working_groups::list_working_groups),
                )
                .route(
                    "/working-groups",
                    post().to(api::working_groups::create_working_group),
                )
                .route(
                    "/working-groups/{slug}/follow",
                    post().to(api::working_groups::follow_working_group),
                )
                .route(
                    "/working-groups/{slug}/follow",
                    delete().to(api::working_groups::unfollow_working_group),
                )
                .route(
                    "/working-groups/{group}/date-polls",
                    get().to(api::date_polls::list_group_date_polls),
                )
                .route(
                    "/working-groups/{group}/series",
                    get().to(api::series::list_group_series),
                )
                .route(
                    "/working-groups/{group}/series",
                    post().to(api::series::create_series),
                )
                .route("/series/{series}", get().to(api::series::show_series))
                .route("/series/{series}", patch().to(api::series::update_series))
                .route("/date-polls", post().to(api::date_polls::create_date_poll))
                .route(
                    "/date-polls/{poll}",
                    get().to(api::date_polls::show_date_poll),
                )
                .route(
                    "/date-polls/{poll}",
                    patch().to(api::date_polls::update_date_poll),
                )
                .route(
                    "/date-polls/{poll}/answers",
                    put().to(api::date_polls::put_date_poll_answers),
                )
                .route(
                    "/date-polls/{poll}/close",
                    post().to(api::date_polls::close_date_poll),
                )
                .route(
                    "/date-polls/{poll}/cancel",
                    post().to(api::date_polls::cancel_date_poll),
                )
                .route("/meetings", get().to(api::meetings::list_meetings))
                .route("/meetings", post().to(api::meetings::create_meeting))
                .route("/meetings/{id}", get().to(api::meetings::show_meeting))
                .route("/meetings/{id}", patch().to(api::meetings::update_meeting))
                .route(
                    "/meetings/{id}/cancel",
                    post().to(api::meetings::cancel_meeting),
                )
                .route("/meetings/{id}/rsvp", get().to(api::rsvps::show_my_rsvp))
                .route("/meetings/{id}/rsvp", put().to(api::rsvps::put_my_rsvp))
                .route(
                    "/meetings/{id}/rsvp",
                    delete().to(api::rsvps::delete_my_rsvp),
                )
                .route("/meetings/{id}/rsvps", get().to(api::rsvps::list_rsvps))
                .route(
                    "/meetings/{id}/registrations",
                    post().to(api::rsvps::register_colleague),
                )
                .route(
                    "/meetings/{id}/rsvps/{person}",
                    put().to(api::rsvps::put_rsvp_for),
                )
                .route(
                    "/meetings/{id}/rsvps/{person}",
                    delete().to(api::rsvps::delete_rsvp_for),
                )
                .route(
                    "/meetings/{id}/rsvps/{person}/approve",
                    post().to(api::rsvps::approve_rsvp),
                )
                .route(
                    "/meetings/{id}/rsvps/{person}/refuse",
                    post().to(api::rsvps::refuse_rsvp),
                )
                .route(
                    "/meetings/{id}/invitations",
                    post().to(api::invitations::send_invitations),
                )
                .route(
                    "/meetings/{id}/minutes",
                    get().to(api::minutes::show_minutes),
                )
                .route(
                    "/meetings/{id}/minutes",
                    put().to(api::minutes::put_minutes),
                )
                .route(
                    "/meetings/{id}/minutes/publish",
                    post().to(api::minutes::publish_minutes),
                )
                .route(
                    "/meetings/{id}/messages",
                    post().to(api::messages::send_message),
                )
                .route(
                    "/meetings/{id}/actions",
                    get().to(api::actions::list_actions),
                )
                .route(
                    "/meetings/{id}/actions",
                    post().to(api::actions::raise_action),
                )
                .route("/actions/{item}", patch().to(api::actions::change_action))
                .route(
                    "/meetings/{id}/attendance",
                    get().to(api::minutes::show_attendance),
                )
                .route("/meetings/{id}/files", get().to(api::files::list_files))
                .route("/meetings/{id}/files", post().to(api::files::upload_file))
                .route(
                    "/meetings/{id}/files/{file}",
                    get().to(api::files::download_file),
                )
                .route(
                    "/meetings/{id}/files/{file}",
                    delete().to(api::files::delete_file),
                )
                .route(
                    "/meetings/{id}/attendance",
                    put().to(api::minutes::put_attendance),
                )
                .route(
                    "/organizations",
                    get().to(api::organizations::list_organizations),
                )
                .route(
                    "/organizations",
                    post().to(api::organizations::create_organization),
                )
                .route(
                    "/organizations/{slug}",
                    get().to(api::organizations::show_organization),
                )
                .route(
                    "/organizations/{slug}",
                    patch().to(api::organizations::update_organization),
                )
                .route(
                    "/developments",
                    get().to(api::developments::list_developments),
                )
                .route(
                    "/developments",
                    post().to(api::developments::create_development),
                )
                .route(
                    "/developments/{development}",
                    get().to(api::developments::show_development),
                )
                .route(
                    "/developments/{development}",
                    patch().to(api::developments::update_development),
                )
                .route(
                    "/developments/{development}/pledges/{organization}",
                    put().to(api::developments::put_pledge),
                )
                .route(
                    "/developments/{development}/pledges/{organization}",
                    delete().to(api::developments::delete_pledge),
                )
                .route("/hosting-calls", get().to(api::hosting::list_hosting_calls))
                .route(
                    "/hosting-calls",
                    post().to(api::hosting::create_hosting_call),
                )
                .route(
                    "/hosting-calls/{call}",
                    get().to(api::hosting::show_hosting_call),
                )
                .route(
                    "/hosting-calls/{call}/proposals",
                    post().to(api::hosting::create_proposal),
                )
                .route(
                    "/hosting-calls/{call}/date-poll",
                    post().to(api::hosting::open_hosting_call_poll),
                )
                .route(
                    "/host-proposals/{proposal}",
                    get().to(api::hosting::show_proposal),
                )
                .route(
                    "/host-proposals/{proposal}",
                    put().to(api::hosting::update_proposal),
                )
                .route(
                    "/host-proposals/{proposal}/support",
                    post().to(api::hosting::support_proposal),
                )
                .route(
                    "/host-proposals/{proposal}/support",
                    delete().to(api::hosting::unsupport_proposal),
                )
                .route(
                    "/host-proposals/{proposal}/shortlist",
                    post().to(api::hosting::shortlist_proposal),
                )
                .route(
                    "/host-proposals/{proposal}/accept",
                    post().to(api::hosting::accept_proposal),
                )
                .route(
                    "/host-proposals/{proposal}/decline",
                    post().to(api::hosting::decline_proposal),
                )
                .route(
                    "/host-proposals/{proposal}/withdraw",
                    post().to(api::hosting::withdraw_proposal),
                )
                .default_service(web::to(crate::http::web::api_not_found)),
        )
        // pages
        .route("/", get().to(home::show_home))
        .route(
            "/api/docs",
            get().to(crate::http::web::api_docs::show_api_docs),
        )
        .route("/meetings", get().to(calendar::list_meetings))
        .route("/calendar", get().to(calendar::show_month))
        .route("/meetings/new", get().to(meeting_edit::new_meeting))
        .route("/meetings/new", post().to(meeting_edit::create_meeting))
        // calendar feeds, before the pages whose paths they extend
        .route("/calendar.ics", get().to(feeds::club_feed))
        // personal feeds, polled most: a scope, whose static prefix is
        // compared before any pattern with a parameter is tried (each is a
        // regular expression, run again for the metrics' route label)
        .service(web::scope("/feeds").route("/{token}.ics", get().to(feeds::personal_feed)))
        .route("/meetings/{id}.ics", get().to(feeds::meeting_feed))
        .route("/groups/{slug}.ics", get().to(feeds::group_feed))
        .route("/orgs/{slug}.ics", get().to(feeds::organization_feed))
        .route("/meetings/{id}", get().to(meetings::show_meeting))
        .route("/meetings/{id}/join", get().to(join::join_meeting))
        .route("/meetings/{id}/minutes", get().to(minutes::show_minutes))
        .route("/meetings/{id}/minutes", post().to(minutes::save_minutes))
        .route(
            "/meetings/{id}/minutes/publish",
            post().to(minutes::publish_minutes),
        )
        .route(
            "/meetings/{id}/attendance",
            get().to(minutes::show_attendance),
        )
        .route(
            "/meetings/{id}/attendance",
            post().to(minutes::record_attendance),
        )
        .route(
            "/meetings/{id}/files",
            post().to(files::upload_meeting_file),
        )
        .route(
            "/meetings/{id}/files/{file_id}",
            get().to(files::download_meeting_file),
        )
        .route(
            "/meetings/{id}/files/{file_id}/delete",
            post().to(files::delete_meeting_file),
        )
        .route("/meetings/{id}/edit", get().to(meeting_edit::edit_meeting))
        .route(
            "/meetings/{id}/edit",
            post().to(meeting_edit::update_meeting),
        )
        .route("/meetings/{id}/rsvp", post().to(rsvps::answer_meeting))
        .route(
            "/meetings/{id}/registrations",
            post().to(rsvps::register_colleague),
        )
        .route(
            "/meetings/{id}/rsvp/withdraw",
            post().to(rsvps::withdraw_answer),
        )
        .route(
            "/meetings/{id}/participants",
            get().to(participants::list_participants),
        )
        .route(
            "/meetings/{id}/participants.csv",
            get().to(participants::export_participants),
        )
        .route(
            "/meetings/{id}/participants/{person_id}/approve",
            post().to(participants::approve_participant),
        )
        .route(
            "/meetings/{id}/participants/{person_id}/refuse",
            post().to(participants::refuse_participant),
        )
        .route(
            "/meetings/{id}/participants/{person_id}/withdraw",
            get().to(participants::confirm_withdraw_participant),
        )
        .route(
            "/meetings/{id}/participants/{person_id}/withdraw",
            post().to(participants::withdraw_participant),
        )
        .route(
            "/meetings/{id}/cancel",
            post().to(meeting_edit::cancel_meeting),
        )
        .route("/reports", get().to(reports::current))
        .route("/reports/{year}", get().to(reports::year_page))
        .route("/reports/bodies/{slug}", get().to(reports::body_page))
        .route("/reports/{year}/{table}.csv", get().to(reports::csv))
        .route("/meetings/{id}/actions", post().to(actions::raise_action))
        .route("/actions/{item}/state", post().to(actions::change_action))
        .route("/actions", get().to(actions::open_actions))
        .route("/meetings/{id}/message", get().to(messages::new_message))
        .route("/meetings/{id}/message", post().to(messages::send_message))
        .route("/orgs", get().to(organizations::list_organizations))
        .route("/orgs/{slug}", get().to(organizations::show_organization))
        .route("/developments", get().to(developments::list_developments))
        .route(
            "/developments",
            post().to(developments::propose_development),
        )
        .route("/developments/new", get().to(developments::new_development))
        .route(
            "/developments/{slug}",
            get().to(developments::show_development),
        )
        .route(
            "/developments/{slug}/edit",
            get().to(developments::edit_development),
        )
        .route(
            "/developments/{slug}/edit",
            post().to(developments::update_development),
        )
        .route(
            "/developments/{slug}/pledge",
            post().to(developments::pledge_development),
        )
        .route(
            "/developments/{slug}/withdraw",
            post().to(developments::withdraw_pledge),
        )
        .route("/groups", get().to(working_groups::list_working_groups))
        .route(
            "/groups/{slug}",
            get().to(working_groups::show_working_group),
        )
        .route(
            "/groups/{slug}/date-polls/new",
            get().to(date_polls::new_date_poll),
        )
        .route(
            "/groups/{slug}/date-polls/new",
            post().to(date_polls::create_date_poll),
        )
        .route("/date-polls/{id}", get().to(date_polls::show_date_poll))
        .route(
            "/date-polls/{id}/edit",
            get().to(date_poll_edit::edit_date_poll),
        )
        .route(
            "/date-polls/{id}/edit",
            post().to(date_poll_edit::update_date_poll),
        )
        .route(
            "/date-polls/{id}/answers",
            post().to(date_polls::answer_date_poll),
        )
        .route(
            "/date-polls/{id}/close",
            post().to(date_polls::close_date_poll),
        )
        .route(
            "/date-polls/{id}/cancel",
            post().to(date_polls::cancel_date_poll),
        )
        .route(
            "/hosting-calls/new",
            get().to(hosting_calls::new_hosting_call),
        )
        .route(
            "/hosting-calls/new",
            post().to(hosting_calls::create_hosting_call),
        )
        .route(
            "/hosting-calls/{id}",
            get().to(hosting_calls::show_hosting_call),
        )
        .route(
            "/hosting-calls/{id}/propose",
            get().to(hosting_calls::new_proposal),
        )
        .route(
            "/hosting-calls/{id}/date-poll",
            post().to(hosting_calls::open_call_poll),
        )
        .route(
            "/hosting-calls/{id}/propose",
            post().to(hosting_calls::create_proposal),
        )
        .route(
            "/host-proposals/{id}",
            get().to(hosting_calls::show_proposal),
        )
        .route(
            "/host-proposals/{id}/edit",
            get().to(hosting_calls::edit_proposal),
        )
        .route(
            "/host-proposals/{id}/edit",
            post().to(hosting_calls::update_proposal),
        )
        .route(
            "/host-proposals/{id}/act",
            post().to(hosting_calls::act_on_proposal),
        )
        .route(
            "/host-proposals/{id}/accept",
            get().to(hosting_calls::confirm_accept),
        )
        .route(
            "/host-proposals/{id}/withdraw",
            get().to(hosting_calls::confirm_withdraw),
        )
        .route(
            "/meetings/{id}/answer/{token}",
            get().to(answer_links::show_answer_link),
        )
        .route(
            "/meetings/{id}/answer/{token}",
            post().to(answer_links::use_answer_link),
        )
        .route(
            "/meetings/{id}/invite",
            get().to(invitations::confirm_invite),
        )
        .route(
            "/meetings/{id}/invite",
            post().to(invitations::invite_people),
        )
        // signing in and out
        .route("/signin", get().to(signin::show_signin))
        .route("/signin", post().to(signin::request_signin))
        .route("/signin/{token}", get().to(signin::show_signin_link))
        .route("/signin/{token}", post().to(signin::use_signin_link))
        .route("/signout", post().to(signin::sign_out))
        // one's own profile
        .route("/me", get().to(profile::show_profile))
        .route("/me", post().to(profile::update_profile))
        .route("/me/tokens", post().to(profile::create_api_token))
        .route("/me/feed-token", post().to(profile::rotate_feed_token))
        .route("/me/sessions/end", post().to(profile::sign_out_everywhere))
        .route(
            "/me/tokens/{id}/revoke",
            post().to(profile::revoke_api_token),
        )
        // editing what one is responsible for
        .route(
            "/orgs/{slug}/edit",
            get().to(profile_edit::edit_organization),
        )
        .route(
            "/orgs/{slug}/edit",
            post().to(profile_edit::update_organization),
        )
        .route(
            "/groups/{slug}/edit",
            get().to(profile_edit::edit_working_group),
        )
        .route(
            "/groups/{slug}/edit",
            post().to(profile_edit::update_working_group),
        )
        .route("/groups/{slug}/follow", post().to(following::follow_group))
        .route(
            "/groups/{slug}/unfollow",
            post().to(following::unfollow_group),
        )
        .route(
            "/groups/{slug}/coordinators",
            post().to(following::add_coordinator),
        )
        .route("/groups/{slug}/series/new", get().to(series::new_series))
        .route(
            "/groups/{slug}/series/new",
            post().to(series::create_series),
        )
        .route("/series/{id}", get().to(series::show_series))
        .route("/series/{id}", post().to(series::update_series))
        // administration
        .route("/admin/people", get().to(admin::list_people))
        .route("/admin/people", post().to(admin::create_person))
        .route("/admin/people/{id}", get().to(admin::edit_person))
        .route("/admin/people/{id}", post().to(admin::update_person))
        .route(
            "/admin/people/{id}/sessions/end",
            post().to(admin::end_person_sessions),
        )
        .route("/admin/orgs", get().to(admin::new_organization))
        .route("/admin/orgs", post().to(admin::create_organization))
        .route("/admin/groups", get().to(admin::new_group))
        .route("/admin/groups", post().to(admin::create_group))
        .route("/admin/outbox", get().to(outbox::show_outbox))
        .route("/admin/outbox/{id}/retry", post().to(outbox::retry_message))
        // small things
        .route("/lang/{code}", get().to(language::switch_language))
        .route("/static/quorum.css", get().to(crate::http::web::stylesheet))
        .route("/static/copy.js", get().to(crate::http::web::script))
        .route("/favicon.svg", get().to(crate::http::web::favicon))
        // browsers ask for it without reading the page; they follow a redirect
        .route(
            "/favicon.ico",
            get().to(|| async { crate::http::see_other("/favicon.svg") }),
        )
        .default_service(web::to(crate::http::web::page_not_found));
}

/// The largest JSON or form body. A file attached to a meeting is read
/// apart, as a stream, within `files_max_bytes` (`http::files::read_upload`).
pub const BODY_LIMIT: usize = 256 * 1024;

/// Form bodies (and any body read whole) stop at [`BODY_LIMIT`], as JSON.
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(BODY_LIMIT)
}

/// JSON bodies that do not parse answer 422 problem+json, naming the cause.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|error, _req| {
            AppError::Invalid(vec![FieldError::new("body", error.to_string())]).into()
        })
}

/// API query strings that do not parse answer 422 problem+json, not 400 text.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        AppError::Invalid(vec![FieldError::new("query", error.to_string())]).into()
    })
}
