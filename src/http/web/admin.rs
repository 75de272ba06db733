//! Club administration: people and their roles.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, render};
use crate::db::organizations::Organization;
use crate::db::people::Person;
use crate::db::{self, write_transaction};
use crate::domain::error::{AppError, FieldError, Problem};
use crate::domain::organizations::{NewOrganization, ProjectProfile, valid_slug};
use crate::domain::people::NewPerson;
use crate::domain::{ClubStatus, OrgKind, decode};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::policy::{Action, require};

/// What the new-person form sends.
#[derive(Debug, Default, Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    organization: String,
    admin: Option<String>,
    manager: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_people.html")]
struct PeoplePage {
    chrome: Chrome,
    people: Vec<(Person, Option<String>)>,
    organizations: Vec<Organization>,
    form: PersonForm,
    errors: Vec<FieldError>,
    created: Option<String>,
}

impl PeoplePage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

async fn people_page(
    state: &AppState,
    chrome: Chrome,
    form: PersonForm,
) -> Result<PeoplePage, AppError> {
    let (people, organizations) = state
        .db
        .run(|conn| Ok((db::people::list(conn)?, db::organizations::list(conn)?)))
        .await?;
    Ok(PeoplePage {
        chrome,
        people,
        organizations,
        form,
        errors: Vec::new(),
        created: None,
    })
}

/// Who has an account, and a form to add someone.
#[derive(Debug, Deserialize)]
pub struct Created {
    created: Option<String>,
}

/// The people of the club (admins).
pub async fn list_people(
    state: web::Data<AppState>,
    chrome: Chrome,
    query: web::Query<Created>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManagePeople)?;
    let mut page = people_page(&state, chrome, PersonForm::default()).await?;
    page.created = query.into_inner().created;
    render(&page)
}

/// Adds a person; a bad form is shown again with what was typed.
pub async fn create_person(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<PersonForm>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManagePeople)?;
    let form = form.0;
    let parsed = NewPerson::parse(
        &form.email,
        &form.name,
        Some(&form.organization),
        form.admin.is_some(),
        form.manager.is_some(),
    );
    let result = match parsed {
        Ok(new) => state
            .db
            .run(move |conn| write_transaction(conn, |conn| db::people::create(conn, &new)))
            .await
            .map_err(|e| chrome.lang.worded(e)),
        Err(problems) => Err(AppError::Invalid(chrome.lang.field_errors(problems))),
    };
    match result {
        Ok(person) => Ok(see_other(&format!(
            "/admin/people?created={}",
            super::urlencode(&person.email)
        ))),
        Err(AppError::Invalid(errors)) => {
            let mut page = people_page(&state, chrome, form).await?;
            page.errors = errors;
            super::render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}

/// A taken slug, as the form's field error.
fn slug_taken(error: AppError) -> AppError {
    match error {
        AppError::Conflict(message) => AppError::Invalid(vec![FieldError::new("slug", message)]),
        other => other,
    }
}

/// What the new-body form sends.
#[derive(Debug, Default, Deserialize)]
pub struct OrganizationForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    club_status: String,
    #[serde(default)]
    territory: String,
}

#[derive(Template)]
#[template(path = "admin_organizations.html")]
struct OrganizationsPage {
    chrome: Chrome,
    form: OrganizationForm,
    errors: Vec<FieldError>,
}

impl OrganizationsPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        super::options(|k: OrgKind| self.chrome.lang.org_kind(k))
    }

    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        super::options(|s: ClubStatus| self.chrome.lang.club_status(s))
    }
}

/// The form adding a body (admins).
pub async fn new_organization(chrome: Chrome) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManageOrganizations)?;
    render(&OrganizationsPage {
        chrome,
        form: OrganizationForm {
            kind: "commune".into(),
            club_status: "member".into(),
            ..OrganizationForm::default()
        },
        errors: Vec::new(),
    })
}

/// Adds a body, then shows its page; a bad form is shown again.
pub async fn create_organization(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<OrganizationForm>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManageOrganizations)?;
    let form = form.0;
    let mut errors = Vec::new();
    let kind = decode::<OrgKind>(&form.kind)
        .map_err(|_| {
            errors.push(FieldError::new(
                "kind",
                chrome.lang.problem(&Problem::UnknownValue),
            ))
        })
        .ok();
    let status = decode::<ClubStatus>(&form.club_status)
        .map_err(|_| {
            errors.push(FieldError::new(
                "club_status",
                chrome.lang.problem(&Problem::UnknownValue),
            ))
        })
        .ok();
    let profile = ProjectProfile {
        territory: Some(form.territory.clone()),
        ..ProjectProfile::default()
    };
    let result = match (kind, status) {
        (Some(kind), Some(status)) => {
            match NewOrganization::parse(&form.slug, &form.name, kind, status, &profile) {
                Ok(new) => state
                    .db
                    .run(move |conn| {
                        write_transaction(conn, |conn| db::organizations::create(conn, &new))
                    })
                    .await
                    .map_err(|e| slug_taken(chrome.lang.worded(e))),
                Err(more) => Err(AppError::Invalid(chrome.lang.field_errors(more))),
            }
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(org) => Ok(see_other(&format!("/orgs/{}", org.slug))),
        Err(AppError::Invalid(errors)) => super::render_status(
            &OrganizationsPage {
                chrome,
                form,
                errors,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => Err(other),
    }
}

/// What the new-group form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    slug: String,
    name: String,
    topic: String,
}

#[derive(Template)]
#[template(path = "admin_groups.html")]
struct GroupsPage {
    chrome: Chrome,
    form: GroupForm,
    errors: Vec<FieldError>,
}

impl GroupsPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// The form adding a working group (admins).
pub async fn new_group(chrome: Chrome) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManageWorkingGroups)?;
    render(&GroupsPage {
        chrome,
        form: GroupForm::default(),
        errors: Vec::new(),
    })
}

/// Adds a working group, then shows its page; a bad form is shown again.
pub async fn create_group(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<GroupForm>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManageWorkingGroups)?;
    let form = form.0;
    let mut errors = Vec::new();
    if !valid_slug(form.slug.trim()) {
        errors.push(FieldError::new("slug", chrome.t.admin.slug_help));
    }
    let name = crate::domain::people::parse_name(&form.name);
    if name.is_none() {
        errors.push(FieldError::new("name", chrome.t.people.name_invalid));
    }
    let result = match (name, errors.is_empty()) {
        (Some(name), true) => {
            let (slug, topic) = (form.slug.trim().to_owned(), form.topic.trim().to_owned());
            state
                .db
                .run(move |conn| {
                    write_transaction(conn, |conn| {
                        db::working_groups::create(conn, &slug, &name, &topic, "")
                    })
                })
                .await
                .map_err(|e| slug_taken(chrome.lang.worded(e)))
        }
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(group) => Ok(see_other(&format!("/groups/{}", group.slug))),
        Err(AppError::Invalid(errors)) => super::render_status(
            &GroupsPage {
                chrome,
                form,
                errors,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "admin_person.html")]
struct PersonPage {
    chrome: Chrome,
    id: String,
    email: String,
    form: PersonForm,
    organizations: Vec<Organization>,
    errors: Vec<FieldError>,
    /// The person's sessions that hold.
    sessions: i64,
}

impl PersonPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

async fn person_page(
    state: &AppState,
    chrome: Chrome,
    id: String,
    form: Option<PersonForm>,
    errors: Vec<FieldError>,
) -> Result<PersonPage, AppError> {
    let (caller, organizations, sessions) = state
        .db
        .run(move |conn| {
            let caller =
                crate::services::caller::load_caller(conn, &id)?.ok_or(AppError::NotFound)?;
            let sessions = db::sessions::count(conn, &id, db::now())?;
            Ok((caller, db::organizations::list(conn)?, sessions))
        })
        .await?;
    let slug = caller
        .person
        .organization_id
        .as_ref()
        .and_then(|id| organizations.iter().find(|o| &o.id == id))
        .map(|o| o.slug.clone())
        .unwrap_or_default();
    let form = form.unwrap_or(PersonForm {
        email: caller.person.email.clone(),
        name: caller.person.name.clone(),
        organization: slug,
        admin: caller.person.is_admin.then(|| "on".to_owned()),
        manager: (!caller.managed_organizations.is_empty()).then(|| "on".to_owned()),
    });
    Ok(PersonPage {
        chrome,
        id: caller.person.id,
        email: caller.person.email,
        form,
        organizations,
        errors,
        sessions,
    })
}

/// Ends every session of a person at once (admins): on every device, every
/// instance.
pub async fn end_person_sessions(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<super::signin::Empty>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManagePeople)?;
    let id = id.into_inner();
    let target = id.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::people::find(conn, &target)?.ok_or(AppError::NotFound)?;
                db::sessions::end_all(conn, &target)
            })
        })
        .await?;
    Ok(see_other(&format!("/admin/people/{id}#sessions")))
}

/// One person's name, body and roles (admins).
pub async fn edit_person(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManagePeople)?;
    render(&person_page(&state, chrome, id.into_inner(), None, Vec::new()).await?)
}

/// Saves a person's name, body and roles; a bad form is shown again.
pub async fn update_person(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<PersonForm>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ManagePeople)?;
    let id = id.into_inner();
    let form = form.0;
    let result = match crate::domain::people::parse_name(&form.name) {
        Some(name) => {
            let (target, org) = (id.clone(), form.organization.trim().to_owned());
            let (admin, manager) = (form.admin.is_some(), form.manager.is_some());
            state
                .db
                .run(move |conn| {
                    write_transaction(conn, |conn| {
                        db::people::update_by_admin(
                            conn,
                            &target,
                            &name,
                            (!org.is_empty()).then_some(org.as_str()),
                            admin,
                            manager,
                        )
                    })
                })
                .await
                .map_err(|e| chrome.lang.worded(e))
        }
        None => Err(AppError::Invalid(vec![FieldError::new(
            "name",
            chrome.t.people.name_invalid,
        )])),
    };
    match result {
        Ok(()) => Ok(see_other("/admin/people")),
        Err(AppError::Invalid(errors)) => {
            let page = person_page(&state, chrome, id, Some(form), errors).await?;
            super::render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other),
    }
}
