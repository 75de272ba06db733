//! Pooled investments: wished developments (`developments`) and the
//! bodies' pledges to co-fund them (`development_pledges`, one per body and
//! development).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{development_pledges, developments, organizations};
use crate::domain::developments::{DevelopmentFields, PledgeFields};
use crate::domain::error::AppError;

/// A stored development.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = developments)]
pub struct Development {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub meeting_id: Option<String>,
    pub organization_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A new development.
#[derive(Debug, Insertable)]
#[diesel(table_name = developments)]
pub struct DevelopmentInsertForm<'a> {
    pub id: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub meeting_id: Option<&'a str>,
    pub organization_id: Option<&'a str>,
    pub created_by: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A development with how many bodies back it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub development: Development,
    pub backers: usize,
}

/// A pledge with the body that made it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Pledge {
    pub organization_id: String,
    pub organization_slug: String,
    pub organization_name: String,
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
    pub note: String,
    pub pledged_by: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// Stores a development under a free slug made from `base` (`base`,
/// `base-2`, `base-3`…); returns it.
pub fn insert(
    conn: &mut DbConn,
    form: &DevelopmentInsertForm<'_>,
) -> Result<Development, AppError> {
    let mut slug = form.slug.to_owned();
    let mut n = 1;
    while find_by_slug(conn, &slug)?.is_some() {
        n += 1;
        slug = format!("{}-{n}", form.slug);
    }
    diesel::insert_into(developments::table)
        .values(&DevelopmentInsertForm {
            slug: &slug,
            ..*form
        })
        .execute(conn)?;
    find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)
}

/// Whether a development has this id.
pub fn exists(conn: &mut DbConn, id: &str) -> Result<bool, AppError> {
    Ok(developments::table
        .find(id)
        .select(developments::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// The development with this slug.
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<Option<Development>, AppError> {
    Ok(developments::table
        .filter(developments::slug.eq(slug))
        .select(Development::as_select())
        .first(conn)
        .optional()?)
}

/// Changes a development's title and description.
pub fn update(conn: &mut DbConn, id: &str, fields: &DevelopmentFields) -> Result<(), AppError> {
    diesel::update(developments::table.find(id))
        .set((
            developments::title.eq(&fields.title),
            developments::description.eq(&fields.description),
            developments::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every development, the most backed first, then the newest.
pub fn list(conn: &mut DbConn) -> Result<Vec<Listed>, AppError> {
    let counts: HashMap<String, i64> = development_pledges::table
        .group_by(development_pledges::development_id)
        .select((
            development_pledges::development_id,
            diesel::dsl::count_star(),
        ))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    let mut all: Vec<Listed> = developments::table
        .select(Development::as_select())
        .load(conn)?
        .into_iter()
        .map(|development| Listed {
            backers: counts
                .get(&development.id)
                .copied()
                .unwrap_or(0)
                .try_into()
                .unwrap_or(0),
            development,
        })
        .collect();
    all.sort_by(|a, b| {
        b.backers
            .cmp(&a.backers)
            .then(b.development.created_at.cmp(&a.development.created_at))
            .then(a.development.slug.cmp(&b.development.slug))
    });
    Ok(all)
}

/// A development's pledges, by body name.
pub fn pledges(conn: &mut DbConn, development_id: &str) -> Result<Vec<Pledge>, AppError> {
    let mut all: Vec<Pledge> = development_pledges::table
        .inner_join(organizations::table)
        .filter(development_pledges::development_id.eq(development_id))
        .select((
            development_pledges::organization_id,
            organizations::slug,
            organizations::name,
            development_pledges::amount_min,
            development_pledges::amount_max,
            development_pledges::note,
            development_pledges::pledged_by,
            development_pledges::updated_at,
        ))
        .load(conn)?;
    all.sort_by_cached_key(|p| crate::domain::sort_key(&p.organization_name));
    Ok(all)
}

/// States (or states again) a body's pledge: one row per body and
/// development. Returns whether it is new. Call it in a write transaction.
pub fn pledge(
    conn: &mut DbConn,
    development_id: &str,
    organization_id: &str,
    fields: &PledgeFields,
    person_id: &str,
) -> Result<bool, AppError> {
    // The development's row lock (PostgreSQL; SQLite's write transaction
    // is already alone): two first pledges of one body at once are one
    // insert then one update, never a duplicate key.
    diesel::update(developments::table.find(development_id))
        .set(developments::id.eq(developments::id))
        .execute(conn)?;
    let now = super::now();
    let key = (development_id, organization_id);
    let changed = diesel::update(development_pledges::table.find(key))
        .set((
            development_pledges::amount_min.eq(fields.amount_min),
            development_pledges::amount_max.eq(fields.amount_max),
            development_pledges::note.eq(&fields.note),
            development_pledges::pledged_by.eq(person_id),
            development_pledges::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed > 0 {
        return Ok(false);
    }
    diesel::insert_into(development_pledges::table)
        .values((
            development_pledges::development_id.eq(development_id),
            development_pledges::organization_id.eq(organization_id),
            development_pledges::amount_min.eq(fields.amount_min),
            development_pledges::amount_max.eq(fields.amount_max),
            development_pledges::note.eq(&fields.note),
            development_pledges::pledged_by.eq(person_id),
            development_pledges::created_at.eq(now),
            development_pledges::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Withdraws a body's pledge; whether there was one.
pub fn withdraw(
    conn: &mut DbConn,
    development_id: &str,
    organization_id: &str,
) -> Result<bool, AppError> {
    Ok(
        diesel::delete(development_pledges::table.find((development_id, organization_id)))
            .execute(conn)?
            > 0,
    )
}

/// The developments a body backs, by title: `(slug, title)`.
pub fn backed_by(
    conn: &mut DbConn,
    organization_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let mut all: Vec<(String, String)> = development_pledges::table
        .inner_join(developments::table)
        .filter(development_pledges::organization_id.eq(organization_id))
        .select((developments::slug, developments::title))
        .load(conn)?;
    all.sort_by_cached_key(|(_, title)| crate::domain::sort_key(title));
    Ok(all)
}
