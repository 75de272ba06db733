//! Pooled investments as the development pages and
//! `/api/v1/developments` both drive them: who proposes (a body's managers,
//! admins), who edits (admins), who pledges for a body (its managers,
//! admins; member bodies only), and who sees amounts (signed-in people of
//! member bodies, admins): the names of co-funders are public, the amounts
//! never reach a stranger.

use crate::db::developments::{self as rows, Development, DevelopmentInsertForm, Listed, Pledge};
use crate::db::organizations::Organization;
use crate::db::{self, DbConn};
use crate::domain::developments::{DevelopmentFields, PledgeFields, PledgeInput};
use crate::domain::error::{AppError, FieldError, FieldProblem, Problem};
use crate::domain::{ClubStatus, Lang, MeetingStatus, decode};
use crate::services::caller::Caller;
use crate::services::policy::Action;

/// Whether `caller` sees pledged amounts: admins, and people of a member
/// body.
pub fn sees_amounts(conn: &mut DbConn, caller: Option<&Caller>) -> Result<bool, AppError> {
    let Some(caller) = caller else {
        return Ok(false);
    };
    if caller.person.is_admin {
        return Ok(true);
    }
    let Some(org_id) = caller.person.organization_id.as_deref() else {
        return Ok(false);
    };
    Ok(match db::organizations::find(conn, org_id)? {
        Some(org) => decode::<ClubStatus>(&org.club_status)? == ClubStatus::Member,
        None => false,
    })
}

/// Every development, the most backed first, then the newest.
pub fn list(conn: &mut DbConn) -> Result<Vec<Listed>, AppError> {
    rows::list(conn)
}

/// A development as one reader may see it.
#[derive(Debug, Clone)]
pub struct Details {
    pub development: Development,
    /// Its pledges; amounts and notes emptied unless `sees_amounts`.
    pub pledges: Vec<Pledge>,
    pub sees_amounts: bool,
    /// The meeting where it was raised (`id`, title), unless a draft.
    pub meeting: Option<(String, String)>,
    /// The body that proposed it.
    pub proposer: Option<Organization>,
}

/// A development by slug, as `caller` may see it.
pub fn details(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    slug: &str,
) -> Result<Details, AppError> {
    let development = rows::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)?;
    let sees_amounts = sees_amounts(conn, caller)?;
    let mut pledges = rows::pledges(conn, &development.id)?;
    if !sees_amounts {
        for p in &mut pledges {
            p.amount_min = None;
            p.amount_max = None;
            p.note.clear();
        }
    }
    let meeting = match development.meeting_id.as_deref() {
        Some(id) => db::meetings::find(conn, id)?
            .filter(|l| l.meeting.status != crate::domain::code(MeetingStatus::Draft))
            .map(|l| (l.meeting.id, l.meeting.title)),
        None => None,
    };
    let proposer = match development.organization_id.as_deref() {
        Some(id) => db::organizations::find(conn, id)?,
        None => None,
    };
    Ok(Details {
        development,
        pledges,
        sees_amounts,
        meeting,
        proposer,
    })
}

/// The bodies `caller` may pledge for: the member bodies they manage (all
/// member bodies for admins), by name.
pub fn pledgeable(conn: &mut DbConn, caller: &Caller) -> Result<Vec<Organization>, AppError> {
    Ok(db::organizations::list(conn)?
        .into_iter()
        .filter(|o| o.club_status == crate::domain::code(ClubStatus::Member))
        .filter(|o| caller.may(Action::PledgeFor { id: &o.id }))
        .collect())
}

fn field_error(field: &str, problem: Problem, lang: Lang) -> Vec<FieldError> {
    lang.field_errors(vec![FieldProblem::new(field, problem)])
}

/// What a proposal says besides its fields.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The meeting where it was raised.
    pub meeting_id: Option<String>,
    /// The slug of the body that proposes it: one the caller manages (any
    /// for admins); empty for none; when absent, the one body the caller
    /// manages, if one.
    pub organization: Option<String>,
}

/// `caller` proposes a development. Call it in a write transaction.
pub fn propose(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    fields: &DevelopmentFields,
    origin: &Origin,
) -> Result<Development, AppError> {
    caller.require_in(Action::ProposeDevelopment, lang)?;
    let mut errors: Vec<FieldError> = Vec::new();
    let meeting_id = match origin.meeting_id.as_deref().filter(|m| !m.is_empty()) {
        Some(id) if db::meetings::exists(conn, id)? => Some(id.to_owned()),
        Some(_) => {
            errors.extend(field_error("meeting_id", Problem::UnknownValue, lang));
            None
        }
        None => None,
    };
    let organization_id = match origin.organization.as_deref() {
        // chosen: no body
        Some("") => None,
        Some(slug) => match db::organizations::find_by_slug(conn, slug)? {
            Some(org) if caller.may(Action::EditOrganization { id: &org.id }) => Some(org.id),
            Some(_) => {
                return Err(AppError::Forbidden(
                    lang.texts().developments.refused_pledge.to_owned(),
                ));
            }
            None => {
                errors.extend(field_error(
                    "organization",
                    Problem::UnknownBody { slug: slug.into() },
                    lang,
                ));
                None
            }
        },
        None => match caller.managed_organizations.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = db::now();
    let id = db::new_id();
    let slug = fields.slug();
    rows::insert(
        conn,
        &DevelopmentInsertForm {
            id: &id,
            slug: &slug,
            title: &fields.title,
            description: &fields.description,
            meeting_id: meeting_id.as_deref(),
            organization_id: organization_id.as_deref(),
            created_by: Some(&caller.person.id),
            created_at: now,
            updated_at: now,
        },
    )
}

/// An admin changes a development's title and description. Call it in a
/// write transaction.
pub fn edit(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    slug: &str,
    fields: &DevelopmentFields,
) -> Result<Development, AppError> {
    let development = rows::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)?;
    caller.require_in(Action::EditDevelopment, lang)?;
    rows::update(conn, &development.id, fields)?;
    rows::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)
}

/// The development and the body of a pledge, once `caller` may act for
/// the body (a member body).
fn pledge_target(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    slug: &str,
    org_slug: &str,
) -> Result<(Development, Organization), AppError> {
    let development = rows::find_by_slug(conn, slug)?.ok_or(AppError::NotFound)?;
    let org = db::organizations::find_by_slug(conn, org_slug)?.ok_or(AppError::NotFound)?;
    caller.require_in(Action::PledgeFor { id: &org.id }, lang)?;
    if decode::<ClubStatus>(&org.club_status)? != ClubStatus::Member {
        return Err(AppError::Forbidden(
            lang.texts().developments.refused_not_member.to_owned(),
        ));
    }
    Ok((development, org))
}

/// States a body's pledge, or states it again (one per body): whether it
/// is new. Bad input changes nothing. Call it in a write transaction.
pub fn pledge(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    slug: &str,
    org_slug: &str,
    input: &PledgeInput,
) -> Result<bool, AppError> {
    let (development, org) = pledge_target(conn, caller, lang, slug, org_slug)?;
    let fields = PledgeFields::parse(input).map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
    rows::pledge(conn, &development.id, &org.id, &fields, &caller.person.id)
}

/// Withdraws a body's pledge; 404 when it had none. Call it in a write
/// transaction.
pub fn withdraw(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    slug: &str,
    org_slug: &str,
) -> Result<(), AppError> {
    let (development, org) = pledge_target(conn, caller, lang, slug, org_slug)?;
    if rows::withdraw(conn, &development.id, &org.id)? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Requires a caller who may propose (for the proposal form).
pub fn require_proposer(caller: Option<&Caller>, lang: Lang) -> Result<&Caller, AppError> {
    let caller = caller.ok_or(AppError::Unauthorized)?;
    caller.require_in(Action::ProposeDevelopment, lang)?;
    Ok(caller)
}

/// The developments a body backs: `(slug, title)`.
pub fn backed_by(
    conn: &mut DbConn,
    organization_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    rows::backed_by(conn, organization_id)
}
