//! `/api/v1/organizations`: member bodies and their project profiles.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{BackJson, OrganizationJson, PageQuery, ProfileJson, page};
use crate::db::{self, write_transaction};
use crate::domain::error::AppError;
use crate::domain::organizations::{NewOrganization, ProjectProfile};
use crate::domain::{ClubStatus, Lang, OrgKind};
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services::policy::Action;

/// Every body, by slug (public).
pub async fn list_organizations(
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit();
    let cursor = query.cursor.clone();
    let rows = state
        .db
        .run(move |conn| db::organizations::list_page(conn, cursor.as_deref(), limit + 1))
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |o| o.slug.clone(),
        OrganizationJson::new,
    )?))
}

/// One body (public).
pub async fn show_organization(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let (org, backs) = state
        .db
        .run(move |conn| {
            let org = db::organizations::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            let backs = crate::services::developments::backed_by(conn, &org.id)?;
            Ok((org, backs))
        })
        .await?;
    let mut json = OrganizationJson::new(org)?;
    json.backs = Some(
        backs
            .into_iter()
            .map(|(slug, title)| BackJson { slug, title })
            .collect(),
    );
    Ok(HttpResponse::Ok().json(json))
}

/// A new body.
#[derive(Debug, Deserialize)]
pub struct NewOrganizationJson {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    kind: OrgKind,
    club_status: ClubStatus,
    territory: Option<String>,
    website: Option<String>,
    #[serde(default)]
    profile: ProfileJson,
}

fn profile_of(
    territory: Option<String>,
    website: Option<String>,
    profile: ProfileJson,
    lang: Lang,
) -> Result<ProjectProfile, AppError> {
    ProjectProfile::parse(&profile.raw(territory, website))
        .map_err(|p| AppError::Invalid(lang.field_errors(p)))
}

/// Creates a body (admins).
pub async fn create_organization(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<NewOrganizationJson>,
) -> Result<HttpResponse, AppError> {
    caller.0.require(Action::ManageOrganizations)?;
    let body = body.into_inner();
    let profile = body.profile.raw(body.territory, body.website);
    let new = NewOrganization::parse(
        &body.slug,
        &body.name,
        body.kind,
        body.club_status,
        &profile,
    )
    .map_err(|p| AppError::Invalid(caller.0.lang().field_errors(p)))?;
    let created = state
        .db
        .run(move |conn| write_transaction(conn, |conn| db::organizations::create(conn, &new)))
        .await
        .map_err(|e| caller.0.lang().worded(e))?;
    Ok(HttpResponse::Created().json(OrganizationJson::new(created)?))
}

/// A change of profile: absent fields keep their value.
#[derive(Debug, Deserialize)]
pub struct OrganizationPatch {
    territory: Option<String>,
    website: Option<String>,
    profile: Option<ProfilePatch>,
}

/// The profile part of a patch.
#[derive(Debug, Clone, Deserialize)]
pub struct ProfilePatch {
    project_highlight: Option<String>,
    wished_developments: Option<String>,
    competences: Option<String>,
    roadmap: Option<String>,
    ordered_developments: Option<String>,
}

/// Changes a body's profile (its managers, admins).
pub async fn update_organization(
    state: web::Data<AppState>,
    caller: ApiCaller,
    slug: web::Path<String>,
    body: web::Json<OrganizationPatch>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let patch = body.into_inner();
    let caller = caller.0;
    let updated = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let org =
                    db::organizations::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
                caller.require(Action::EditOrganization { id: &org.id })?;
                let p = patch.profile.clone();
                let pick = |new: Option<Option<String>>, old: &str| {
                    new.flatten().unwrap_or_else(|| old.to_owned())
                };
                let profile = profile_of(
                    patch.territory.clone().or(org.territory.clone()),
                    patch.website.clone().or(org.website.clone()),
                    ProfileJson {
                        project_highlight: pick(
                            p.as_ref().map(|p| p.project_highlight.clone()),
                            &org.project_highlight,
                        ),
                        wished_developments: pick(
                            p.as_ref().map(|p| p.wished_developments.clone()),
                            &org.wished_developments,
                        ),
                        competences: pick(
                            p.as_ref().map(|p| p.competences.clone()),
                            &org.competences,
                        ),
                        roadmap: pick(p.as_ref().map(|p| p.roadmap.clone()), &org.roadmap),
                        ordered_developments: pick(
                            p.as_ref().map(|p| p.ordered_developments.clone()),
                            &org.ordered_developments,
                        ),
                    },
                    caller.lang(),
                )?;
                db::organizations::update_profile(conn, &org.id, &profile)?;
                db::organizations::find(conn, &org.id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrganizationJson::new(updated)?))
}
