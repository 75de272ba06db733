//! Following a working group (its sessions come to one's calendar), and
//! naming its coordinators.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::Chrome;
use super::signin::Empty;
use crate::db::{self, write_transaction};
use crate::domain::error::{AppError, FieldError, Problem};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::policy::{Action, require};

async fn set_following(
    state: &AppState,
    chrome: &Chrome,
    slug: String,
    follow: bool,
) -> Result<HttpResponse, AppError> {
    let person_id = chrome.caller()?.person.id.clone();
    let back = format!("/groups/{slug}");
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::working_groups::set_following(conn, &person_id, &slug, follow)
            })
        })
        .await?;
    Ok(see_other(&back))
}

/// Follows the group.
pub async fn follow_group(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    set_following(&state, &chrome, slug.into_inner(), true).await
}

/// Stops following the group.
pub async fn unfollow_group(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    set_following(&state, &chrome, slug.into_inner(), false).await
}

/// Whom to name.
#[derive(Debug, Default, Deserialize)]
pub struct CoordinatorForm {
    #[serde(default)]
    email: String,
}

/// Names a coordinator of the group (admins).
pub async fn add_coordinator(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    form: CsrfForm<CoordinatorForm>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManageWorkingGroups)?;
    let slug = slug.into_inner();
    let back = format!("/groups/{slug}");
    let email = form.0.email;
    let lang = chrome.lang;
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let group =
                    db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
                let person = db::people::find_by_email(conn, &email)?.ok_or_else(|| {
                    AppError::Invalid(vec![FieldError::new(
                        "email",
                        lang.problem(&Problem::UnknownPerson {
                            email: email.clone(),
                        }),
                    )])
                })?;
                db::people::add_coordinator(conn, &person.id, &group.id)
            })
        })
        .await?;
    Ok(see_other(&back))
}
