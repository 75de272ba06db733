//! Member bodies and their project profiles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::organizations;
use crate::domain::error::AppError;
use crate::domain::sort_key;

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

/// A new body.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = organizations)]
pub struct OrganizationInsertForm {
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
    profile: &crate::domain::organizations::ProjectProfile,
) -> Result<(), AppError> {
    diesel::update(organizations::table.find(id))
        .set((
            organizations::territory.eq(&profile.territory),
            organizations::website.eq(&profile.website),
            organizations::project_highlight.eq(&profile.project_highlight),
            organizations::wished_developments.eq(&profile.wished_developments),
            organizations::competences.eq(&profile.competences),
            organizations::roadmap.eq(&profile.roadmap),
            organizations::ordered_developments.eq(&profile.ordered_developments),
            organizations::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Creates a checked body; a taken slug is a conflict.
pub fn create(
    conn: &mut DbConn,
    new: &crate::domain::organizations::NewOrganization,
) -> Result<Organization, AppError> {
    if find_by_slug(conn, &new.slug)?.is_some() {
        return Err(AppError::Conflict(format!(
            "l'identifiant « {} » est déjà pris / the slug `{}` is taken",
            new.slug, new.slug
        )));
    }
    let now = super::now();
    let p = &new.profile;
    let form = OrganizationInsertForm {
        id: super::new_id(),
        slug: new.slug.clone(),
        name: new.name.clone(),
        kind: crate::domain::code(new.kind).to_owned(),
        club_status: crate::domain::code(new.club_status).to_owned(),
        territory: p.territory.clone(),
        website: p.website.clone(),
        project_highlight: p.project_highlight.clone(),
        wished_developments: p.wished_developments.clone(),
        competences: p.competences.clone(),
        roadmap: p.roadmap.clone(),
        ordered_developments: p.ordered_developments.clone(),
        created_at: now,
        updated_at: now,
    };
    insert(conn, &form)?;
    find(conn, &form.id)?.ok_or(AppError::NotFound)
}

/// Adds a body.
pub fn insert(conn: &mut DbConn, form: &OrganizationInsertForm) -> Result<(), AppError> {
    diesel::insert_into(organizations::table)
        .values(form)
        .execute(conn)?;
    Ok(())
}
