//! Pooled investments: the list of wished developments, a development's
//! page (its description, its co-funders, the pledge form of a body's
//! managers), the proposal form and the admins' edit form.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, markdown_to_safe_html, render, render_public, render_status};
use crate::db::developments::{Listed, Pledge};
use crate::db::organizations::Organization;
use crate::db::write_transaction;
use crate::domain::developments::{DevelopmentFields, PledgeInput};
use crate::domain::error::{AppError, FieldError};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::developments::{Details, Origin};
use crate::services::policy::Action;

#[derive(Template)]
#[template(path = "developments.html")]
struct DevelopmentsPage {
    chrome: Chrome,
    developments: Vec<Listed>,
    may_propose: bool,
}

/// The wished developments, the most backed first (public).
pub async fn list_developments(
    state: web::Data<AppState>,
    chrome: Chrome,
) -> Result<HttpResponse, AppError> {
    let developments = state.db.run(services::developments::list).await?;
    let may_propose = chrome
        .signed_in
        .as_ref()
        .is_some_and(|c| c.may(Action::ProposeDevelopment));
    let anonymous = chrome.signed_in.is_none();
    render_public(
        anonymous,
        &DevelopmentsPage {
            chrome,
            developments,
            may_propose,
        },
    )
}

/// A pledge as the page lists it.
#[derive(Debug)]
struct PledgeView {
    slug: String,
    name: String,
    /// The range in words, for readers who see amounts.
    range: Option<String>,
    note: String,
    /// Whether the reader may withdraw it.
    may_withdraw: bool,
}

/// What the pledge form sends.
#[derive(Debug, Default, Deserialize)]
pub struct PledgeForm {
    #[serde(default)]
    organization: String,
    #[serde(default)]
    amount_min: String,
    #[serde(default)]
    amount_max: String,
    #[serde(default)]
    note: String,
}

#[derive(Template)]
#[template(path = "development.html")]
struct DevelopmentPage {
    chrome: Chrome,
    details: Details,
    description_html: String,
    pledges: Vec<PledgeView>,
    /// The bodies the reader may pledge for.
    bodies: Vec<Organization>,
    /// Whether the one body of `bodies` already pledged.
    pledged: bool,
    form: PledgeForm,
    errors: Vec<FieldError>,
    may_edit: bool,
}

impl DevelopmentPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// The page of one development, with the pledge form (its errors and what
/// was typed, when shown again).
async fn development_page(
    state: &AppState,
    chrome: Chrome,
    slug: String,
    form: Option<PledgeForm>,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.signed_in.clone();
    let (details, bodies) = state
        .db
        .run(move |conn| {
            let details = services::developments::details(conn, caller.as_ref(), &slug)?;
            let bodies = match caller.as_ref() {
                Some(c) => services::developments::pledgeable(conn, c)?,
                None => Vec::new(),
            };
            Ok((details, bodies))
        })
        .await?;
    let lang = chrome.lang;
    let pledges: Vec<PledgeView> = details
        .pledges
        .iter()
        .map(|p: &Pledge| PledgeView {
            slug: p.organization_slug.clone(),
            name: p.organization_name.clone(),
            range: details
                .sees_amounts
                .then(|| lang.amount_range(p.amount_min, p.amount_max)),
            note: p.note.clone(),
            may_withdraw: bodies.iter().any(|b| b.id == p.organization_id),
        })
        .collect();
    // one body: the form shows its pledge as it stands
    let current = match bodies.as_slice() {
        [one] => details.pledges.iter().find(|p| p.organization_id == one.id),
        _ => None,
    };
    let pledged = current.is_some();
    let form = form.unwrap_or_else(|| PledgeForm {
        organization: bodies
            .first()
            .filter(|_| bodies.len() == 1)
            .map(|b| b.slug.clone())
            .unwrap_or_default(),
        amount_min: current
            .and_then(|p| p.amount_min)
            .map(|n| n.to_string())
            .unwrap_or_default(),
        amount_max: current
            .and_then(|p| p.amount_max)
            .map(|n| n.to_string())
            .unwrap_or_default(),
        note: current.map(|p| p.note.clone()).unwrap_or_default(),
    });
    let may_edit = chrome
        .signed_in
        .as_ref()
        .is_some_and(|c| c.may(Action::EditDevelopment));
    let anonymous = chrome.signed_in.is_none();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = DevelopmentPage {
        description_html: markdown_to_safe_html(&details.development.description),
        chrome,
        details,
        pledges,
        bodies,
        pledged,
        form,
        errors,
        may_edit,
    };
    if status == StatusCode::OK {
        render_public(anonymous, &page)
    } else {
        render_status(&page, status)
    }
}

/// A development: its description and co-funders (public; amounts for
/// members), the pledge form for a body's managers.
pub async fn show_development(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    development_page(&state, chrome, slug.into_inner(), None, Vec::new()).await
}

/// Pledges (or pledges again) for a body; a bad form is shown again with
/// what was typed.
pub async fn pledge_development(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    form: CsrfForm<PledgeForm>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let form = form.0;
    let input = PledgeInput {
        amount_min: Some(form.amount_min.clone()),
        amount_max: Some(form.amount_max.clone()),
        note: form.note.clone(),
    };
    let (dev, org) = (slug.clone(), form.organization.clone());
    let done = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::developments::pledge(conn, &caller, lang, &dev, &org, &input)
            })
        })
        .await;
    match done {
        Ok(_) => Ok(see_other(&format!("/developments/{slug}"))),
        Err(AppError::Invalid(errors)) => {
            development_page(&state, chrome, slug, Some(form), errors).await
        }
        Err(e) => Err(e),
    }
}

/// What the withdraw button sends.
#[derive(Debug, Default, Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    organization: String,
}

/// Withdraws a body's pledge.
pub async fn withdraw_pledge(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    form: CsrfForm<WithdrawForm>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let (dev, org) = (slug.clone(), form.0.organization);
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::developments::withdraw(conn, &caller, lang, &dev, &org)
            })
        })
        .await?;
    Ok(see_other(&format!("/developments/{slug}")))
}

/// What the proposal and edit forms send.
#[derive(Debug, Default, Deserialize)]
pub struct DevelopmentForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    organization: String,
}

#[derive(Template)]
#[template(path = "development_form.html")]
struct DevelopmentFormPage {
    chrome: Chrome,
    /// Where the form posts.
    action: String,
    heading: &'static str,
    /// The bodies the proposer may name (proposal only).
    bodies: Vec<Organization>,
    form: DevelopmentForm,
    errors: Vec<FieldError>,
}

impl DevelopmentFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// The bodies a proposer may name: the member bodies they manage (all of
/// them for admins).
async fn proposer_bodies(state: &AppState, chrome: &Chrome) -> Result<Vec<Organization>, AppError> {
    let caller =
        services::developments::require_proposer(chrome.signed_in.as_ref(), chrome.lang)?.clone();
    state
        .db
        .run(move |conn| services::developments::pledgeable(conn, &caller))
        .await
}

/// The proposal form (a body's managers, admins).
pub async fn new_development(
    state: web::Data<AppState>,
    chrome: Chrome,
) -> Result<HttpResponse, AppError> {
    let bodies = proposer_bodies(&state, &chrome).await?;
    render(&DevelopmentFormPage {
        action: "/developments".into(),
        heading: chrome.t.developments.propose,
        form: DevelopmentForm {
            organization: bodies
                .first()
                .filter(|_| bodies.len() == 1)
                .map(|b| b.slug.clone())
                .unwrap_or_default(),
            ..DevelopmentForm::default()
        },
        bodies,
        chrome,
        errors: Vec::new(),
    })
}

/// Proposes a development; a bad form is shown again with what was typed.
pub async fn propose_development(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<DevelopmentForm>,
) -> Result<HttpResponse, AppError> {
    let bodies = proposer_bodies(&state, &chrome).await?;
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let form = form.0;
    let done = match DevelopmentFields::parse(&form.title, &form.description) {
        Err(problems) => Err(AppError::Invalid(lang.field_errors(problems))),
        Ok(fields) => {
            let origin = Origin {
                meeting_id: None,
                organization: Some(form.organization.clone()),
            };
            state
                .db
                .run(move |conn| {
                    write_transaction(conn, |conn| {
                        services::developments::propose(conn, &caller, lang, &fields, &origin)
                    })
                })
                .await
        }
    };
    match done {
        Ok(created) => Ok(see_other(&format!("/developments/{}", created.slug))),
        Err(AppError::Invalid(errors)) => render_status(
            &DevelopmentFormPage {
                action: "/developments".into(),
                heading: chrome.t.developments.propose,
                bodies,
                chrome,
                form,
                errors,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => Err(e),
    }
}

/// The edit form (admins).
pub async fn edit_development(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let caller = chrome.signed_in.clone();
    let details = state
        .db
        .run(move |conn| services::developments::details(conn, caller.as_ref(), &slug))
        .await?;
    services::policy::require(chrome.signed_in.as_ref(), Action::EditDevelopment)?;
    let d = details.development;
    render(&DevelopmentFormPage {
        action: format!("/developments/{}/edit", d.slug),
        heading: chrome.t.developments.edit,
        bodies: Vec::new(),
        chrome,
        form: DevelopmentForm {
            title: d.title,
            description: d.description,
            organization: String::new(),
        },
        errors: Vec::new(),
    })
}

/// Saves an admin's edit; a bad form is shown again with what was typed.
pub async fn update_development(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
    form: CsrfForm<DevelopmentForm>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    caller.require_in(Action::EditDevelopment, lang)?;
    let form = form.0;
    let done = match DevelopmentFields::parse(&form.title, &form.description) {
        Err(problems) => Err(AppError::Invalid(lang.field_errors(problems))),
        Ok(fields) => {
            let slug = slug.clone();
            state
                .db
                .run(move |conn| {
                    write_transaction(conn, |conn| {
                        services::developments::edit(conn, &caller, lang, &slug, &fields)
                    })
                })
                .await
        }
    };
    match done {
        Ok(_) => Ok(see_other(&format!("/developments/{slug}"))),
        Err(AppError::Invalid(errors)) => render_status(
            &DevelopmentFormPage {
                action: format!("/developments/{slug}/edit"),
                heading: chrome.t.developments.edit,
                bodies: Vec::new(),
                chrome,
                form,
                errors,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => Err(e),
    }
}
