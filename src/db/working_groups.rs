//! Working groups, their coordinators and followers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{people, working_group_coordinators, working_group_followers, working_groups};
use crate::domain::error::{AppError, Problem, Refusal};
use crate::domain::sort_key;

/// A working group (a new one is inserted as it is).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = working_groups)]
pub struct WorkingGroup {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub topic: String,
    pub description: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl WorkingGroup {
    /// A group created now.
    pub fn new(id: String, slug: &str, name: &str, topic: &str, description: &str) -> Self {
        let now = super::now();
        Self {
            id,
            slug: slug.to_owned(),
            name: name.to_owned(),
            topic: topic.to_owned(),
            description: description.to_owned(),
            created_at: now,
            updated_at: now,
        }
    }
}

/// Every group, by name.
pub fn list(conn: &mut DbConn) -> Result<Vec<WorkingGroup>, AppError> {
    let mut all: Vec<WorkingGroup> = working_groups::table
        .select(WorkingGroup::as_select())
        .load(conn)?;
    all.sort_by_cached_key(|g| sort_key(&g.name));
    Ok(all)
}

/// The group with this id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<WorkingGroup>, AppError> {
    Ok(working_groups::table
        .find(id)
        .select(WorkingGroup::as_select())
        .first(conn)
        .optional()?)
}

/// The group with this slug.
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> Result<Option<WorkingGroup>, AppError> {
    Ok(working_groups::table
        .filter(working_groups::slug.eq(slug))
        .select(WorkingGroup::as_select())
        .first(conn)
        .optional()?)
}

/// The names of a group's coordinators.
pub fn coordinator_names(conn: &mut DbConn, group_id: &str) -> Result<Vec<String>, AppError> {
    Ok(working_group_coordinators::table
        .inner_join(people::table)
        .filter(working_group_coordinators::working_group_id.eq(group_id))
        .select(people::name)
        .order(people::name.asc())
        .load(conn)?)
}

/// How many people follow a group.
pub fn follower_count(conn: &mut DbConn, group_id: &str) -> Result<i64, AppError> {
    Ok(working_group_followers::table
        .filter(working_group_followers::working_group_id.eq(group_id))
        .count()
        .get_result(conn)?)
}

/// Changes a group's topic and description.
pub fn update_text(
    conn: &mut DbConn,
    id: &str,
    topic: &str,
    description: &str,
) -> Result<(), AppError> {
    diesel::update(working_groups::table.find(id))
        .set((
            working_groups::topic.eq(topic),
            working_groups::description.eq(description),
            working_groups::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Adds a group.
pub fn insert(conn: &mut DbConn, form: &WorkingGroup) -> Result<(), AppError> {
    diesel::insert_into(working_groups::table)
        .values(form)
        .execute(conn)?;
    Ok(())
}

/// Whether a person follows a group.
pub fn is_following(conn: &mut DbConn, person_id: &str, group_id: &str) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        working_group_followers::table
            .filter(working_group_followers::person_id.eq(person_id))
            .filter(working_group_followers::working_group_id.eq(group_id)),
    ))
    .get_result(conn)?)
}

/// Follows (or stops following) the group with this slug; doing it twice
/// changes nothing. Call it in a write transaction.
pub fn set_following(
    conn: &mut DbConn,
    person_id: &str,
    slug: &str,
    follow: bool,
) -> Result<(), AppError> {
    let group = find_by_slug(conn, slug)?.ok_or(AppError::NotFound)?;
    if follow {
        self::follow(conn, person_id, &group.id)
    } else {
        unfollow(conn, person_id, &group.id)
    }
}

/// Follows a group; following twice changes nothing. Call it in a write
/// transaction.
pub fn follow(conn: &mut DbConn, person_id: &str, group_id: &str) -> Result<(), AppError> {
    if !is_following(conn, person_id, group_id)? {
        diesel::insert_into(working_group_followers::table)
            .values((
                working_group_followers::person_id.eq(person_id),
                working_group_followers::working_group_id.eq(group_id),
                working_group_followers::created_at.eq(super::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Stops following a group.
pub fn unfollow(conn: &mut DbConn, person_id: &str, group_id: &str) -> Result<(), AppError> {
    diesel::delete(
        working_group_followers::table
            .filter(working_group_followers::person_id.eq(person_id))
            .filter(working_group_followers::working_group_id.eq(group_id)),
    )
    .execute(conn)?;
    Ok(())
}

/// A page of groups by slug, after `cursor` (a slug).
pub fn list_page(
    conn: &mut DbConn,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Vec<WorkingGroup>, AppError> {
    let mut query = working_groups::table
        .select(WorkingGroup::as_select())
        .order(working_groups::slug.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = cursor {
        query = query.filter(working_groups::slug.gt(after.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// Creates a group; a taken slug is a conflict. Call it in a write
/// transaction.
pub fn create(
    conn: &mut DbConn,
    slug: &str,
    name: &str,
    topic: &str,
    description: &str,
) -> Result<WorkingGroup, AppError> {
    if find_by_slug(conn, slug)?.is_some() {
        return Err(AppError::Refused(Refusal::Conflict(Problem::SlugTaken {
            slug: slug.to_owned(),
        })));
    }
    let group = WorkingGroup::new(super::new_id(), slug, name, topic, description);
    insert(conn, &group)?;
    find_by_slug(conn, slug)?.ok_or(AppError::NotFound)
}
