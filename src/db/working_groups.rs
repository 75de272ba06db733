//! Working groups, their coordinators and followers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{people, working_group_coordinators, working_group_followers, working_groups};
use crate::domain::sort_key;
use crate::error::AppError;

/// A working group.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
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

/// A new working group.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = working_groups)]
pub struct WorkingGroupInsertForm {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub topic: String,
    pub description: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every group, by name.
pub fn list(conn: &mut DbConn) -> Result<Vec<WorkingGroup>, AppError> {
    let mut all: Vec<WorkingGroup> = working_groups::table
        .select(WorkingGroup::as_select())
        .load(conn)?;
    all.sort_by_cached_key(|g| sort_key(&g.name));
    Ok(all)
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
pub fn insert(conn: &mut DbConn, form: &WorkingGroupInsertForm) -> Result<(), AppError> {
    diesel::insert_into(working_groups::table)
        .values(form)
        .execute(conn)?;
    Ok(())
}
