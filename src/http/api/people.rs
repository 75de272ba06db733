//! `/api/v1/me` and `/api/v1/people`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{PageQuery, PersonJson, page};
use crate::db::{self, write_transaction};
use crate::domain::error::AppError;
use crate::domain::people::NewPerson;
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services::policy::Action;

/// The caller.
pub async fn show_me(
    state: web::Data<AppState>,
    caller: ApiCaller,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let org_id = caller.person.organization_id.clone();
    let slug = state
        .db
        .run(move |conn| {
            Ok(match &org_id {
                Some(id) => db::organizations::find(conn, id)?.map(|o| o.slug),
                None => None,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(PersonJson::from_caller(&caller, slug)))
}

/// A new personal feed address for the caller (the old one stops
/// working): `{"url": …, "webcal_url": …}`.
pub async fn rotate_feed_token(
    state: web::Data<AppState>,
    caller: ApiCaller,
) -> Result<HttpResponse, AppError> {
    let person_id = caller.0.person.id.clone();
    let settings = state.settings.clone();
    let token = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::feeds::rotate(conn, &settings.secret_key, &person_id)
            })
        })
        .await?;
    let links = crate::http::web::feeds::FeedLinks::new(
        &state.settings.base_url,
        &format!("/feeds/{token}.ics"),
    );
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({"url": links.https, "webcal_url": links.webcal})))
}

/// Everyone, in creation order (admins).
pub async fn list_people(
    state: web::Data<AppState>,
    caller: ApiCaller,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    caller.0.require(Action::ManagePeople)?;
    let limit = query.limit();
    let cursor = query.cursor.clone();
    let rows = state
        .db
        .run(move |conn| {
            let people = db::people::list_page(conn, cursor.as_deref(), limit + 1)?;
            people
                .into_iter()
                .map(|(person, slug)| {
                    let caller = crate::services::caller::load_caller(conn, &person.id)?
                        .ok_or(AppError::NotFound)?;
                    Ok(PersonJson::new(&person, slug, caller.role_names()))
                })
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(page(rows, limit, |p| p.id.clone(), Ok)?))
}

/// A new person: `email`, `name`, `organization` (slug), `roles`.
#[derive(Debug, Deserialize)]
pub struct NewPersonJson {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    organization: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
}

/// Creates a person (admins).
pub async fn create_person(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<NewPersonJson>,
) -> Result<HttpResponse, AppError> {
    caller.0.require(Action::ManagePeople)?;
    let lang = caller.0.lang();
    let body = body.into_inner();
    if let Some(unknown) = body
        .roles
        .iter()
        .find(|r| !matches!(r.as_str(), "admin" | "org_manager"))
    {
        return Err(AppError::Invalid(vec![
            crate::domain::error::FieldError::new(
                "roles",
                format!(
                    "unknown role `{unknown}`: use admin or org_manager (coordinators are named on their group)"
                ),
            ),
        ]));
    }
    let has = |role: &str| body.roles.iter().any(|r| r == role);
    let new = NewPerson::parse(
        &body.email,
        &body.name,
        body.organization.as_deref(),
        has("admin"),
        has("org_manager"),
    )
    .map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
    let organization = new.organization.clone();
    let created = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let person = db::people::create(conn, &new)?;
                let caller = crate::services::caller::load_caller(conn, &person.id)?
                    .ok_or(AppError::NotFound)?;
                Ok(PersonJson::from_caller(&caller, organization.clone()))
            })
        })
        .await
        .map_err(|e| lang.worded(e))?;
    Ok(HttpResponse::Created().json(created))
}
