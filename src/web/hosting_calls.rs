//! A call for hosts and the proposals it received.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::views::{utc, zone};
use super::{Chrome, render};
use crate::db;
use crate::domain::{ProposalState, decode, time};
use crate::error::AppError;
use crate::startup::AppState;

/// A proposal as the call's page shows it.
#[derive(Debug)]
pub struct ProposalView {
    pub organization: (String, String),
    pub state_label: &'static str,
    pub dates: Vec<String>,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub capacity: i32,
    pub accessibility: String,
    pub equipment: String,
    pub catering: String,
}

#[derive(Template)]
#[template(path = "hosting_call.html")]
struct HostingCallPage {
    chrome: Chrome,
    title: String,
    wished_period: String,
    deadline: String,
    requirements_html: String,
    proposals: Vec<ProposalView>,
}

/// The call, what it asks of a host, and the live proposals.
pub async fn show_hosting_call(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (call, proposals) = state
        .db
        .run(move |conn| {
            let call = db::hosting_calls::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let proposals = db::hosting_calls::proposals(conn, &id)?;
            Ok((call, proposals))
        })
        .await?;
    let lang = chrome.lang;
    let mut views = Vec::new();
    for listing in proposals {
        let p = listing.proposal;
        let state: ProposalState = decode(&p.state)?;
        if state == ProposalState::Withdrawn {
            continue;
        }
        let tz = zone(&p.time_zone)?;
        let dates = listing
            .dates
            .iter()
            .map(|d| time::span(utc(d.starts_at), utc(d.ends_at), tz, lang))
            .collect();
        views.push(ProposalView {
            organization: listing.organization,
            state_label: lang.proposal_state(state),
            dates,
            venue_name: p.venue_name,
            venue_address: p.venue_address,
            venue_city: p.venue_city,
            capacity: p.capacity,
            accessibility: p.accessibility,
            equipment: p.equipment,
            catering: p.catering,
        });
    }
    render(&HostingCallPage {
        title: call.title,
        wished_period: format!(
            "{} – {}",
            time::date(call.wished_period_start, lang),
            time::date(call.wished_period_end, lang)
        ),
        deadline: time::date(call.deadline, lang),
        requirements_html: super::markdown_to_safe_html(&call.requirements),
        proposals: views,
        chrome,
    })
}
