//! Member bodies and their project profiles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::organizations;
use crate::domain::sort_key;
use crate::error::AppError;

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

/// The body with this slug.
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<Option<Organization>, AppError> {
    Ok(organizations::table
        .filter(organizations::slug.eq(slug))
        .select(Organization::as_select())
        .first(conn)
        .optional()?)
}

/// Adds a body.
pub fn insert(conn: &mut DbConn, form: &OrganizationInsertForm) -> Result<(), AppError> {
    diesel::insert_into(organizations::table)
        .values(form)
        .execute(conn)?;
    Ok(())
}
