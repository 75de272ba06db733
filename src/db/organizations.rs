//! Member bodies and their project profiles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::organizations;
use crate::domain::error::{AppError, Problem, Refusal};
use crate::domain::organizations::{NewOrganization, ProjectProfile};
use crate::domain::{code, sort_key};

/// A member body, partner or observer, with its project profile.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = organizations)]
pub struct Organization {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub club_status: String,
    pub territory: Option<String>,
    pub website: Option<String>,
    pub project_highlight: String,
    pub wished_developments: String,
    pub competences: String,
    pub roadmap: String,
    pub ordered_developments: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A body's project profile as columns: what creating inserts and editing
/// the profile sets.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = organizations, treat_none_as_null = true)]
pub struct ProfileFields<'a> {
    territory: Option<&'a str>,
    website: Option<&'a str>,
    project_highlight: &'a str,
    wished_developments: &'a str,
    competences: &'a str,
    roadmap: &'a str,
    ordered_developments: &'a str,
    updated_at: NaiveDateTime,
}

impl<'a> ProfileFields<'a> {
    /// The columns of a checked profile, changed now.
    pub fn from_checked(p: &'a ProjectProfile) -> Self {
        Self {
            territory: p.territory.as_deref(),
            website: p.website.as_deref(),
            project_highlight: &p.project_highlight,
            wished_developments: &p.wished_developments,
            competences: &p.competences,
            roadmap: &p.roadmap,
            ordered_developments: &p.ordered_developments,
            updated_at: super::now(),
        }
    }
}

/// A new body: who it is, and its profile.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = organizations)]
pub struct OrganizationInsertForm<'a> {
    id: &'a str,
    slug: &'a str,
    name: &'a str,
    kind: &'static str,
    club_status: &'static str,
    created_at: NaiveDateTime,
    #[diesel(embed)]
    profile: ProfileFields<'a>,
}

/// Every body, by name.
pub fn list(conn: &mut DbConn) -> Result<Vec<Organization>, AppError> {
    let mut all: Vec<Organization> = organizations::table
        .select(Organization::as_select())
        .load(conn)?;
    all.sort_by_cached_key(|o| sort_key(&o.name));
    Ok(all)
}

/// The body with this id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<Organization>, AppError> {
    Ok(organizations::table
        .find(id)
        .select(Organization::as_select())
        .first(conn)
        .optional()?)
}

/// A page of bodies by slug, after `cursor` (a slug).
pub fn list_page(
    conn: &mut DbConn,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Vec<Organization>, AppError> {
    let mut query = organizations::table
        .select(Organization::as_select())
        .order(organizations::slug.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = cursor {
        query = query.filter(organizations::slug.gt(after.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// The body with this slug.
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<Option<Organization>, AppError> {
    Ok(organizations::table
        .filter(organizations::slug.eq(slug))
        .select(Organization::as_select())
        .first(conn)
        .optional()?)
}

/// Replaces a body's project profile.
pub fn update_profile(
    conn: &mut DbConn,
    id: &str,
    profile: &ProjectProfile,
) -> Result<(), AppError> {
    diesel::update(organizations::table.find(id))
        .set(ProfileFields::from_checked(profile))
        .execute(conn)?;
    Ok(())
}

/// Creates a checked body; a taken slug is a conflict.
pub fn create(conn: &mut DbConn, new: &NewOrganization) -> Result<Organization, AppError> {
    if find_by_slug(conn, &new.slug)?.is_some() {
        return Err(AppError::Refused(Refusal::Conflict(Problem::SlugTaken {
            slug: new.slug.clone(),
        })));
    }
    let id = super::new_id();
    insert(conn, &id, new)?;
    find(conn, &id)?.ok_or(AppError::NotFound)
}

/// Adds a checked body under `id`.
pub fn insert(conn: &mut DbConn, id: &str, new: &NewOrganization) -> Result<(), AppError> {
    let profile = ProfileFields::from_checked(&new.profile);
    let form = OrganizationInsertForm {
        id,
        slug: &new.slug,
        name: &new.name,
        kind: code(new.kind),
        club_status: code(new.club_status),
        created_at: profile.updated_at,
        profile,
    };
    diesel::insert_into(organizations::table)
        .values(&form)
        .execute(conn)?;
    Ok(())
}
