//! Member bodies: the directory and each body's page with its project profile.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::views::{COMING_SHOWN, FirstMeetings, PAST_SHOWN};
use super::{Chrome, render_public};
use crate::db::organizations::Organization;
use crate::db::{self, meetings::MeetingFilter};
use crate::domain::error::AppError;
use crate::domain::{ClubStatus, OrgKind, decode};
use crate::http::state::AppState;
use crate::services::policy::Action;
use serde::Deserialize;

/// A body as listed.
#[derive(Debug)]
pub struct OrganizationView {
    pub slug: String,
    pub name: String,
    pub kind_label: &'static str,
    pub status: ClubStatus,
    pub status_label: &'static str,
    pub territory: Option<String>,
}

impl OrganizationView {
    fn new(org: &Organization, chrome: &Chrome) -> Result<Self, AppError> {
        let kind: OrgKind = decode(&org.kind)?;
        let status: ClubStatus = decode(&org.club_status)?;
        Ok(Self {
            slug: org.slug.clone(),
            name: org.name.clone(),
            kind_label: chrome.lang.org_kind(kind),
            status,
            status_label: chrome.lang.club_status(status),
            territory: org.territory.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "organizations.html")]
struct OrganizationsPage {
    chrome: Chrome,
    organizations: Vec<OrganizationView>,
    query: DirectoryQuery,
}

impl OrganizationsPage {
    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        super::options(|k: OrgKind| self.chrome.lang.org_kind(k))
    }

    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        super::options(|s: ClubStatus| self.chrome.lang.club_status(s))
    }
}

/// `?kind=&status=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DirectoryQuery {
    kind: String,
    status: String,
}

/// The directory of member bodies, partners and observers.
pub async fn list_organizations(
    state: web::Data<AppState>,
    chrome: Chrome,
    query: web::Query<DirectoryQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let orgs = state.db.run(db::organizations::list).await?;
    let organizations = orgs
        .iter()
        .filter(|org| query.kind.is_empty() || org.kind == query.kind)
        .filter(|org| query.status.is_empty() || org.club_status == query.status)
        .map(|org| OrganizationView::new(org, &chrome))
        .collect::<Result<_, _>>()?;
    let anonymous = chrome.signed_in.is_none();
    render_public(
        anonymous,
        &OrganizationsPage {
            chrome,
            organizations,
            query,
        },
    )
}

/// One profile field: its label and its text (empty when not filled in).
pub type ProfileField = (&'static str, String);

#[derive(Template)]
#[template(path = "organization.html")]
struct OrganizationPage {
    chrome: Chrome,
    org: OrganizationView,
    website: Option<String>,
    profile: Vec<ProfileField>,
    /// The next meetings it hosts; all of them at `/meetings?org=`.
    upcoming: FirstMeetings,
    /// The latest it hosted; all of them at `/meetings?org=&past=1`.
    past: FirstMeetings,
    may_edit: bool,
    /// The developments it pledged to co-fund: `(slug, title)`.
    backs: Vec<(String, String)>,
    /// The calendar of the meetings the body hosts or attends.
    feed: super::feeds::FeedLinks,
}

/// A body's page: who it is, its project profile, the next meetings it
/// hosts and the latest it hosted.
pub async fn show_organization(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let now = db::now();
    let (org, upcoming, past, backs) = state
        .db
        .run(move |conn| {
            let org = db::organizations::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            let (upcoming, past) = db::meetings::around(
                conn,
                &MeetingFilter {
                    host_organization_id: Some(org.id.clone()),
                    ..MeetingFilter::default()
                },
                now,
                (COMING_SHOWN, PAST_SHOWN),
            )?;
            let backs = crate::services::developments::backed_by(conn, &org.id)?;
            Ok((org, upcoming, past, backs))
        })
        .await?;
    let t = chrome.t;
    let profile = vec![
        (t.people.project_highlight, org.project_highlight.clone()),
        (
            t.people.wished_developments,
            org.wished_developments.clone(),
        ),
        (t.people.competences, org.competences.clone()),
        (t.people.roadmap, org.roadmap.clone()),
        (
            t.people.ordered_developments,
            org.ordered_developments.clone(),
        ),
    ];
    let may_edit = chrome
        .signed_in
        .as_ref()
        .is_some_and(|c| c.may(Action::EditOrganization { id: &org.id }));
    let anonymous = chrome.signed_in.is_none();
    render_public(
        anonymous,
        &OrganizationPage {
            feed: super::feeds::FeedLinks::new(
                &state.settings.base_url,
                &format!("/orgs/{}.ics", org.slug),
            ),
            may_edit,
            backs,
            org: OrganizationView::new(&org, &chrome)?,
            website: org
                .website
                .filter(|w| w.starts_with("https://") || w.starts_with("http://")),
            profile,
            upcoming: FirstMeetings::new(upcoming, chrome.lang)?,
            past: FirstMeetings::new(past, chrome.lang)?,
            chrome,
        },
    )
}
