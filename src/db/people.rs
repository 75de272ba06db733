//! People, their roles, sign-in links and API tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    api_tokens, organization_managers, organizations, people, signin_requests, signin_tokens,
    working_group_coordinators, working_groups,
};
use crate::domain::error::{AppError, Problem};

/// A person of the club.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = people)]
pub struct Person {
    pub id: String,
    pub email: String,
    pub email_key: String,
    pub name: String,
    pub organization_id: Option<String>,
    pub language: String,
    pub is_admin: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub notify_meetings: bool,
    pub notify_group_sessions: bool,
    /// The reminders they want: minutes before the start among the club's,
    /// comma-separated; `None` for all of the club's, empty for none.
    pub reminder_minutes: Option<String>,
}

/// A new person.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = people)]
pub struct PersonInsertForm {
    pub id: String,
    pub email: String,
    pub email_key: String,
    pub name: String,
    pub organization_id: Option<String>,
    pub language: String,
    pub is_admin: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a person may change of their own profile.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = people)]
pub struct ProfileUpdateForm {
    pub name: String,
    pub language: String,
    pub notify_meetings: bool,
    pub notify_group_sessions: bool,
    pub reminder_minutes: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// The key that makes addresses unique whatever their case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The person with this id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<Person>, AppError> {
    Ok(people::table
        .find(id)
        .select(Person::as_select())
        .first(conn)
        .optional()?)
}

/// The person with this address, whatever its case.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<Person>, AppError> {
    Ok(people::table
        .filter(people::email_key.eq(email_key(email)))
        .select(Person::as_select())
        .first(conn)
        .optional()?)
}

/// Everyone, by name, with their body's slug.
pub fn list(conn: &mut DbConn) -> Result<Vec<(Person, Option<String>)>, AppError> {
    Ok(people::table
        .left_join(organizations::table)
        .select((Person::as_select(), organizations::slug.nullable()))
        .order((people::name.asc(), people::id.asc()))
        .load(conn)?)
}

/// A page of people in creation order, after `cursor` (an id).
pub fn list_page(
    conn: &mut DbConn,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Vec<(Person, Option<String>)>, AppError> {
    let mut query = people::table
        .left_join(organizations::table)
        .select((Person::as_select(), organizations::slug.nullable()))
        .order(people::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = cursor {
        query = query.filter(people::id.gt(after.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// Creates a checked person with their roles. An unknown body or a taken
/// address is invalid input, named by field.
pub fn create(
    conn: &mut DbConn,
    new: &crate::domain::people::NewPerson,
) -> Result<Person, AppError> {
    let organization_id = match &new.organization {
        Some(slug) => Some(
            super::organizations::find_by_slug(conn, slug)?
                .ok_or_else(|| {
                    AppError::refused("organization", Problem::UnknownBody { slug: slug.clone() })
                })?
                .id,
        ),
        None => None,
    };
    if find_by_email(conn, new.email.as_str())?.is_some() {
        return Err(AppError::refused("email", Problem::AddressTaken));
    }
    let now = super::now();
    let form = PersonInsertForm {
        id: super::new_id(),
        email: new.email.as_str().to_owned(),
        email_key: new.email.key().to_owned(),
        name: new.name.clone(),
        organization_id: organization_id.clone(),
        language: "fr".to_owned(),
        is_admin: new.admin,
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(people::table)
        .values(&form)
        .execute(conn)?;
    if let (true, Some(org)) = (new.manager, &organization_id) {
        add_manager(conn, &form.id, org)?;
    }
    find(conn, &form.id)?.ok_or(AppError::NotFound)
}

/// Changes a person's own profile.
pub fn update_profile(
    conn: &mut DbConn,
    id: &str,
    form: &ProfileUpdateForm,
) -> Result<(), AppError> {
    diesel::update(people::table.find(id))
        .set(form)
        .execute(conn)?;
    Ok(())
}

/// Makes a person a manager of a body.
pub fn add_manager(
    conn: &mut DbConn,
    person_id: &str,
    organization_id: &str,
) -> Result<(), AppError> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        organization_managers::table
            .filter(organization_managers::person_id.eq(person_id))
            .filter(organization_managers::organization_id.eq(organization_id)),
    ))
    .get_result(conn)?;
    if !exists {
        diesel::insert_into(organization_managers::table)
            .values((
                organization_managers::person_id.eq(person_id),
                organization_managers::organization_id.eq(organization_id),
                organization_managers::created_at.eq(super::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Makes a person a coordinator of a working group.
pub fn add_coordinator(conn: &mut DbConn, person_id: &str, group_id: &str) -> Result<(), AppError> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        working_group_coordinators::table
            .filter(working_group_coordinators::person_id.eq(person_id))
            .filter(working_group_coordinators::working_group_id.eq(group_id)),
    ))
    .get_result(conn)?;
    if !exists {
        diesel::insert_into(working_group_coordinators::table)
            .values((
                working_group_coordinators::person_id.eq(person_id),
                working_group_coordinators::working_group_id.eq(group_id),
                working_group_coordinators::created_at.eq(super::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The ids of the bodies a person manages.
pub fn managed_organizations(conn: &mut DbConn, person_id: &str) -> Result<Vec<String>, AppError> {
    Ok(organization_managers::table
        .filter(organization_managers::person_id.eq(person_id))
        .select(organization_managers::organization_id)
        .load(conn)?)
}

/// The ids and slugs of the groups a person coordinates.
pub fn coordinated_groups(
    conn: &mut DbConn,
    person_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(working_group_coordinators::table
        .inner_join(working_groups::table)
        .filter(working_group_coordinators::person_id.eq(person_id))
        .select((working_groups::id, working_groups::slug))
        .load(conn)?)
}

/// A request for a sign-in link, as typed, waiting for the mail worker.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = signin_requests)]
pub struct SigninRequest {
    pub email: String,
    pub next_path: String,
    pub created_at: NaiveDateTime,
}

/// Keeps a request for a sign-in link, whatever the address.
pub fn request_signin(conn: &mut DbConn, email: &str, next_path: &str) -> Result<(), AppError> {
    diesel::insert_into(signin_requests::table)
        .values((
            signin_requests::id.eq(super::new_id()),
            signin_requests::email.eq(email),
            signin_requests::next_path.eq(next_path),
            signin_requests::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes up to `limit` waiting requests, oldest first: each is taken by
/// one worker only (the delete of its row is the claim: a worker that finds
/// it gone leaves it).
pub fn take_signin_requests(conn: &mut DbConn, limit: i64) -> Result<Vec<SigninRequest>, AppError> {
    let waiting: Vec<(String, SigninRequest)> = signin_requests::table
        .order(signin_requests::created_at)
        .select((signin_requests::id, SigninRequest::as_select()))
        .limit(limit)
        .load(conn)?;
    let mut taken = Vec::new();
    for (id, request) in waiting {
        if diesel::delete(signin_requests::table.find(&id)).execute(conn)? == 1 {
            taken.push(request);
        }
    }
    Ok(taken)
}

/// Keeps a sign-in link's hash until it expires.
pub fn insert_signin_token(
    conn: &mut DbConn,
    token_hash: &str,
    person_id: &str,
    next_path: &str,
    expires_at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(signin_tokens::table)
        .values((
            signin_tokens::token_hash.eq(token_hash),
            signin_tokens::person_id.eq(person_id),
            signin_tokens::next_path.eq(next_path),
            signin_tokens::expires_at.eq(expires_at),
            signin_tokens::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether a sign-in link can still be used (without using it).
pub fn signin_token_usable(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        signin_tokens::table
            .filter(signin_tokens::token_hash.eq(token_hash))
            .filter(signin_tokens::used_at.is_null())
            .filter(signin_tokens::expires_at.gt(now)),
    ))
    .get_result(conn)?)
}

/// Uses a sign-in link: one conditional update, so that two clicks at the
/// same moment sign in once. Returns the person and where to go.
pub fn use_signin_token(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<(String, String)>, AppError> {
    let used = diesel::update(
        signin_tokens::table
            .filter(signin_tokens::token_hash.eq(token_hash))
            .filter(signin_tokens::used_at.is_null())
            .filter(signin_tokens::expires_at.gt(now)),
    )
    .set(signin_tokens::used_at.eq(now))
    .execute(conn)?;
    if used == 0 {
        return Ok(None);
    }
    Ok(Some(
        signin_tokens::table
            .find(token_hash)
            .select((signin_tokens::person_id, signin_tokens::next_path))
            .first(conn)?,
    ))
}

/// How stale a token's `last_used_at` may be.
const LAST_USE_PRECISION_MINUTES: i64 = 5;

/// A personal access token, without its secret.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: String,
    pub person_id: String,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Keeps a new API token's hash.
pub fn insert_api_token(
    conn: &mut DbConn,
    person_id: &str,
    name: &str,
    token_hash: &str,
) -> Result<String, AppError> {
    let id = super::new_id();
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::id.eq(&id),
            api_tokens::person_id.eq(person_id),
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::created_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A person's tokens, newest first.
pub fn api_tokens_of(conn: &mut DbConn, person_id: &str) -> Result<Vec<ApiToken>, AppError> {
    Ok(api_tokens::table
        .filter(api_tokens::person_id.eq(person_id))
        .select(ApiToken::as_select())
        .order(api_tokens::created_at.desc())
        .load(conn)?)
}

/// The person a live token belongs to; notes its use.
pub fn person_for_api_token(
    conn: &mut DbConn,
    token_hash: &str,
) -> Result<Option<String>, AppError> {
    let found: Option<(String, Option<NaiveDateTime>)> = api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .select((api_tokens::person_id, api_tokens::last_used_at))
        .first(conn)
        .optional()?;
    let Some((person, last_used_at)) = found else {
        return Ok(None);
    };
    // Noted at most every few minutes: a write on every API call would make
    // readers contend with writers (SQLite has one writer at a time).
    let now = super::now();
    if last_used_at
        .is_none_or(|last| now - last > chrono::Duration::minutes(LAST_USE_PRECISION_MINUTES))
    {
        diesel::update(api_tokens::table.filter(api_tokens::token_hash.eq(token_hash)))
            .set(api_tokens::last_used_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some(person))
}

/// Revokes one of a person's tokens; false when it is not theirs.
pub fn revoke_api_token(
    conn: &mut DbConn,
    person_id: &str,
    token_id: &str,
) -> Result<bool, AppError> {
    let changed = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(token_id))
            .filter(api_tokens::person_id.eq(person_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(super::now()))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Locks the administrators' rows until the transaction ends, so that two
/// admins demoting each other at once cannot both see "one left besides me"
/// (PostgreSQL; SQLite's write transactions already run one at a time).
fn lock_admins(conn: &mut DbConn) -> Result<(), AppError> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query("SELECT id FROM people WHERE is_admin FOR UPDATE").execute(pg)?;
    }
    Ok(())
}

/// How many club administrators there are.
pub fn admin_count(conn: &mut DbConn) -> Result<i64, AppError> {
    Ok(people::table
        .filter(people::is_admin.eq(true))
        .count()
        .get_result(conn)?)
}

/// Changes a person's name, body and roles (admins' page). Being the
/// manager means managing one's own body only. Call it in a write
/// transaction; the last administrator cannot lose the role.
pub fn update_by_admin(
    conn: &mut DbConn,
    id: &str,
    name: &str,
    organization_slug: Option<&str>,
    admin: bool,
    manager: bool,
) -> Result<(), AppError> {
    let person = find(conn, id)?.ok_or(AppError::NotFound)?;
    let organization_id = match organization_slug {
        Some(slug) => Some(
            super::organizations::find_by_slug(conn, slug)?
                .ok_or_else(|| {
                    AppError::refused(
                        "organization",
                        Problem::UnknownBody {
                            slug: slug.to_owned(),
                        },
                    )
                })?
                .id,
        ),
        None => None,
    };
    if manager && organization_id.is_none() {
        return Err(AppError::refused(
            "organization",
            Problem::ManagerWithoutBody,
        ));
    }
    if person.is_admin && !admin {
        lock_admins(conn)?;
    }
    if person.is_admin && !admin && admin_count(conn)? <= 1 {
        return Err(AppError::refused("admin", Problem::LastAdmin));
    }
    diesel::update(people::table.find(id))
        .set((
            people::name.eq(name),
            people::organization_id.eq(&organization_id),
            people::is_admin.eq(admin),
            people::updated_at.eq(super::now()),
        ))
        .execute(conn)?;
    diesel::delete(organization_managers::table.filter(organization_managers::person_id.eq(id)))
        .execute(conn)?;
    if let (true, Some(org)) = (manager, &organization_id) {
        add_manager(conn, id, org)?;
    }
    Ok(())
}

/// Everyone who wants the club's announcements (meetings, calls for hosts),
/// oldest first.
pub fn announcement_audience(conn: &mut DbConn) -> Result<Vec<Person>, AppError> {
    Ok(people::table
        .filter(people::notify_meetings.eq(true))
        .select(Person::as_select())
        .order(people::id.asc())
        .load(conn)?)
}

/// A body's managers, oldest first.
pub fn managers_of(conn: &mut DbConn, organization_id: &str) -> Result<Vec<Person>, AppError> {
    Ok(people::table
        .inner_join(organization_managers::table)
        .filter(organization_managers::organization_id.eq(organization_id))
        .select(Person::as_select())
        .order(people::id.asc())
        .load(conn)?)
}
