//! Editing a body's project profile (its managers, admins) and a working
//! group's page (its coordinators, admins).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, render};
use crate::db::{self, write_transaction};
use crate::domain::error::{AppError, FieldError};
use crate::domain::organizations::{MAX_TEXT, ProjectProfile};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::policy::{Action, require};

/// What the profile form sends.
#[derive(Debug, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    territory: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    project_highlight: String,
    #[serde(default)]
    wished_developments: String,
    #[serde(default)]
    competences: String,
    #[serde(default)]
    roadmap: String,
    #[serde(default)]
    ordered_developments: String,
}

impl ProfileForm {
    fn raw(&self) -> ProjectProfile {
        ProjectProfile {
            territory: Some(self.territory.clone()),
            website: Some(self.website.clone()),
            project_highlight: self.project_highlight.clone(),
            wished_developments: self.wished_developments.clone(),
            competences: self.competences.clone(),
            roadmap: self.roadmap.clone(),
            ordered_developments: self.ordered_developments.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "organization_edit.html")]
struct ProfileEditPage {
    chrome: Chrome,
    slug: String,
    name: String,
    form: ProfileForm,
    errors: Vec<FieldError>,
}

impl ProfileEditPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    /// The text areas: field name, label, value.
    fn areas(&self) -> [(&'static str, &'static str, &str); 5] {
        let t = self.chrome.t;
        [
            (
                "project_highlight",
                t.people.project_highlight,
                &self.form.project_highlight,
            ),
            (
                "wished_developments",
                t.people.wished_developments,
                &self.form.wished_developments,
            ),
            ("competences", t.people.competences, &self.form.competences),
            ("roadmap", t.people.roadmap, &self.form.roadmap),
            (
                "ordered_developments",
                t.people.ordered_developments,
                &self.form.ordered_developments,
            ),
        ]
    }
}

/// The profile form, filled with what is stored.
pub async fn edit_organization(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let org = state
        .db
        .run(move |conn| db::organizations::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound))
        .await?;
    require(
        chrome.signed_in.as_ref(),
        Action::EditOrganization { id: &org.id },
    )?;
    render(&ProfileEditPage {
        chrome,
        form: ProfileForm {
            territory: org.territory.unwrap_or_default(),
            website: org.website.unwrap_or_default(),
            project_highlight: org.project_highlight,
            wished_developments: org.wished_developments,
            competences: org.competences,
            roadmap: org.roadmap,
            ordered_developments: org.ordered_developments,
        },
        slug: org.slug,
        name: org.name,
        errors: Vec::new(),
    })
}

/// Saves the profile; a bad form is shown again with what was typed.
pub async fn update_organization(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    form: CsrfForm<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let lookup = slug.clone();
    let org = state
        .db
        .run(move |conn| db::organizations::find_by_slug(conn, &lookup)?.ok_or(AppError::NotFound))
        .await?;
    require(
        chrome.signed_in.as_ref(),
        Action::EditOrganization { id: &org.id },
    )?;
    let form = form.0;
    match ProjectProfile::parse(&form.raw()) {
        Ok(profile) => {
            let id = org.id.clone();
            state
                .db
                .run(move |conn| {
                    write_transaction(conn, |conn| {
                        db::organizations::update_profile(conn, &id, &profile)
                    })
                })
                .await?;
            Ok(see_other(&format!("/orgs/{slug}")))
        }
        Err(problems) => super::render_status(
            &ProfileEditPage {
                errors: chrome.lang.field_errors(problems),
                chrome,
                slug: org.slug,
                name: org.name,
                form,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

/// What the group form sends.
#[derive(Debug, Default, Deserialize)]
pub struct GroupForm {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    description: String,
}

#[derive(Template)]
#[template(path = "working_group_edit.html")]
struct GroupEditPage {
    chrome: Chrome,
    slug: String,
    name: String,
    form: GroupForm,
    error: Option<&'static str>,
}

/// The group's form.
pub async fn edit_working_group(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let group = state
        .db
        .run(move |conn| db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound))
        .await?;
    require(
        chrome.signed_in.as_ref(),
        Action::EditWorkingGroup { id: &group.id },
    )?;
    render(&GroupEditPage {
        chrome,
        slug: group.slug,
        name: group.name,
        form: GroupForm {
            topic: group.topic,
            description: group.description,
        },
        error: None,
    })
}

/// Saves the group's topic and description.
pub async fn update_working_group(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    form: CsrfForm<GroupForm>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let lookup = slug.clone();
    let group = state
        .db
        .run(move |conn| db::working_groups::find_by_slug(conn, &lookup)?.ok_or(AppError::NotFound))
        .await?;
    require(
        chrome.signed_in.as_ref(),
        Action::EditWorkingGroup { id: &group.id },
    )?;
    let form = form.0;
    let too_long =
        form.topic.chars().count() > MAX_TEXT || form.description.chars().count() > MAX_TEXT;
    if too_long {
        return super::render_status(
            &GroupEditPage {
                error: Some(chrome.t.people.text_too_long),
                chrome,
                slug: group.slug,
                name: group.name,
                form,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let id = group.id.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::working_groups::update_text(
                    conn,
                    &id,
                    form.topic.trim(),
                    form.description.trim(),
                )
            })
        })
        .await?;
    Ok(see_other(&format!("/groups/{slug}")))
}
