//! `/api/v1/developments`: wished developments and the bodies' pledges to
//! co-fund them, through `services::developments` as the pages. Amounts
//! and notes of pledges appear only to signed-in people of member bodies
//! and admins; for anyone else the keys are absent.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::developments::{Development, Listed, Pledge};
use crate::db::write_transaction;
use crate::domain::developments::{DevelopmentFields, PledgeInput};
use crate::domain::error::AppError;
use crate::domain::time::utc;
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services;
use crate::services::developments::{Details, Origin};
use crate::services::policy::Action;

/// A body named in a development.
#[derive(Debug, Serialize)]
pub struct BodyJson {
    pub slug: String,
    pub name: String,
}

/// One pledge.
#[derive(Debug, Serialize)]
pub struct PledgeJson {
    pub organization: BodyJson,
    /// Whole euros; the key is absent for readers who may not see amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_min: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_max: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub updated_at: String,
}

impl PledgeJson {
    fn new(p: Pledge, sees_amounts: bool) -> Self {
        Self {
            organization: BodyJson {
                slug: p.organization_slug,
                name: p.organization_name,
            },
            amount_min: sees_amounts.then_some(p.amount_min),
            amount_max: sees_amounts.then_some(p.amount_max),
            note: sees_amounts.then_some(p.note),
            updated_at: utc(p.updated_at).to_rfc3339(),
        }
    }
}

/// A development as listed.
#[derive(Debug, Serialize)]
pub struct DevelopmentItemJson {
    pub slug: String,
    pub title: String,
    /// How many bodies pledged to co-fund it.
    pub backers: usize,
    pub created_at: String,
}

impl DevelopmentItemJson {
    fn new(listed: Listed) -> Self {
        let d = listed.development;
        Self {
            slug: d.slug,
            title: d.title,
            backers: listed.backers,
            created_at: utc(d.created_at).to_rfc3339(),
        }
    }
}

/// Every development, the most backed first, then the newest.
#[derive(Debug, Serialize)]
pub struct DevelopmentListJson {
    pub items: Vec<DevelopmentItemJson>,
}

/// One development with its co-funders.
#[derive(Debug, Serialize)]
pub struct DevelopmentJson {
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    /// The description as cleaned HTML.
    pub description_html: String,
    /// The meeting where it was raised.
    pub meeting_id: Option<String>,
    /// The body that proposed it.
    pub organization: Option<BodyJson>,
    pub created_at: String,
    pub updated_at: String,
    pub backers: usize,
    pub pledges: Vec<PledgeJson>,
}

impl DevelopmentJson {
    fn new(details: Details) -> Self {
        let Details {
            development: d,
            pledges,
            sees_amounts,
            meeting,
            proposer,
        } = details;
        Self {
            description_html: crate::infra::markdown::to_safe_html(&d.description),
            slug: d.slug,
            title: d.title,
            description: d.description,
            meeting_id: meeting.map(|(id, _)| id),
            organization: proposer.map(|o| BodyJson {
                slug: o.slug,
                name: o.name,
            }),
            created_at: utc(d.created_at).to_rfc3339(),
            updated_at: utc(d.updated_at).to_rfc3339(),
            backers: pledges.len(),
            pledges: pledges
                .into_iter()
                .map(|p| PledgeJson::new(p, sees_amounts))
                .collect(),
        }
    }
}

/// Every development (public).
pub async fn list_developments(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let all = state.db.run(services::developments::list).await?;
    Ok(HttpResponse::Ok().json(DevelopmentListJson {
        items: all.into_iter().map(DevelopmentItemJson::new).collect(),
    }))
}

/// One development with its co-funders (public; amounts for members).
pub async fn show_development(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let caller = caller.map(|c| c.0);
    let details = state
        .db
        .run(move |conn| services::developments::details(conn, caller.as_ref(), &slug))
        .await?;
    Ok(HttpResponse::Ok().json(DevelopmentJson::new(details)))
}

/// `POST /developments`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDevelopmentBody {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub meeting_id: Option<String>,
    /// The proposing body's slug.
    pub organization: Option<String>,
}

/// A body's manager or an admin proposes a development.
pub async fn create_development(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<NewDevelopmentBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let body = body.into_inner();
    let details = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                caller.require_in(Action::ProposeDevelopment, lang)?;
                let fields = DevelopmentFields::parse(&body.title, &body.description)
                    .map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
                let origin = Origin {
                    meeting_id: body.meeting_id.clone(),
                    organization: body.organization.clone(),
                };
                let created =
                    services::developments::propose(conn, &caller, lang, &fields, &origin)?;
                services::developments::details(conn, Some(&caller), &created.slug)
            })
        })
        .await?;
    let location = format!("/api/v1/developments/{}", details.development.slug);
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(DevelopmentJson::new(details)))
}

/// `PATCH /developments/{development}`: absent fields keep their value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevelopmentPatch {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// An admin edits a development.
pub async fn update_development(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<DevelopmentPatch>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let slug = path.into_inner();
    let patch = body.into_inner();
    let details = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let current: Development =
                    services::developments::details(conn, Some(&caller), &slug)?.development;
                caller.require_in(Action::EditDevelopment, lang)?;
                let fields = DevelopmentFields::parse(
                    patch.title.as_deref().unwrap_or(&current.title),
                    patch.description.as_deref().unwrap_or(&current.description),
                )
                .map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
                services::developments::edit(conn, &caller, lang, &slug, &fields)?;
                services::developments::details(conn, Some(&caller), &slug)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(DevelopmentJson::new(details)))
}

/// `PUT …/pledges/{organization}`: whole euros, each optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PledgeBody {
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A body's manager (or an admin) pledges for the body, or changes its
/// pledge: 201 the first time, 200 after.
pub async fn put_pledge(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
    body: web::Json<PledgeBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let (slug, org_slug) = path.into_inner();
    let body = body.into_inner();
    let input = PledgeInput {
        amount_min: body.amount_min.map(|n| n.to_string()),
        amount_max: body.amount_max.map(|n| n.to_string()),
        note: body.note.unwrap_or_default(),
    };
    let (created, details) = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let created =
                    services::developments::pledge(conn, &caller, lang, &slug, &org_slug, &input)?;
                Ok((
                    created,
                    services::developments::details(conn, Some(&caller), &slug)?,
                ))
            })
        })
        .await?;
    let json = DevelopmentJson::new(details);
    Ok(if created {
        HttpResponse::Created().json(json)
    } else {
        HttpResponse::Ok().json(json)
    })
}

/// A body's manager (or an admin) withdraws its pledge.
pub async fn delete_pledge(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let (slug, org_slug) = path.into_inner();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::developments::withdraw(conn, &caller, lang, &slug, &org_slug)
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
