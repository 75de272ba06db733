//! `/api/v1/working-groups`: the groups, following them, creating them.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{PageQuery, page};
use crate::db::working_groups::WorkingGroup;
use crate::db::{self, write_transaction};
use crate::domain::error::{AppError, FieldError};
use crate::domain::organizations::valid_slug;
use crate::domain::people::parse_name;
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services::policy::Action;

/// A working group as the API shows it.
#[derive(Debug, Serialize)]
pub struct WorkingGroupJson {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub topic: String,
    pub description: String,
}

impl From<WorkingGroup> for WorkingGroupJson {
    fn from(g: WorkingGroup) -> Self {
        Self {
            id: g.id,
            slug: g.slug,
            name: g.name,
            topic: g.topic,
            description: g.description,
        }
    }
}

/// Every group, by slug (public).
pub async fn list_working_groups(
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit();
    let cursor = query.cursor.clone();
    let rows = state
        .db
        .run(move |conn| db::working_groups::list_page(conn, cursor.as_deref(), limit + 1))
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |g| g.slug.clone(),
        |g| Ok(WorkingGroupJson::from(g)),
    )?))
}

/// A new group, and the addresses of its coordinators.
#[derive(Debug, Deserialize)]
pub struct NewWorkingGroupJson {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    coordinators: Vec<String>,
}

/// Creates a group (admins).
pub async fn create_working_group(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<NewWorkingGroupJson>,
) -> Result<HttpResponse, AppError> {
    caller.0.require(Action::ManageWorkingGroups)?;
    let body = body.into_inner();
    let mut errors = Vec::new();
    if !valid_slug(&body.slug) {
        errors.push(FieldError::new(
            "slug",
            "lower-case letters, digits and dashes, at most 64",
        ));
    }
    let name = parse_name(&body.name);
    if name.is_none() {
        errors.push(FieldError::new(
            "name",
            "missing or longer than 120 characters",
        ));
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let created = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let group = db::working_groups::create(
                    conn,
                    &body.slug,
                    &name,
                    body.topic.trim(),
                    body.description.trim(),
                )?;
                for email in &body.coordinators {
                    let person = db::people::find_by_email(conn, email)?.ok_or_else(|| {
                        AppError::Invalid(vec![FieldError::new(
                            "coordinators",
                            format!("nobody has the address {email}"),
                        )])
                    })?;
                    db::people::add_coordinator(conn, &person.id, &group.id)?;
                }
                Ok(group)
            })
        })
        .await
        .map_err(|e| caller.0.lang().worded(e))?;
    Ok(HttpResponse::Created().json(WorkingGroupJson::from(created)))
}

async fn set_following(
    state: &AppState,
    caller: ApiCaller,
    slug: String,
    follow: bool,
) -> Result<HttpResponse, AppError> {
    let person_id = caller.0.person.id;
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::working_groups::set_following(conn, &person_id, &slug, follow)
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller follows the group (idempotent).
pub async fn follow_working_group(
    state: web::Data<AppState>,
    caller: ApiCaller,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_following(&state, caller, slug.into_inner(), true).await
}

/// The caller stops following the group (idempotent).
pub async fn unfollow_working_group(
    state: web::Data<AppState>,
    caller: ApiCaller,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_following(&state, caller, slug.into_inner(), false).await
}
