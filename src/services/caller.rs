//! Who is asking: a signed-in person with their roles (see `policy` for
//! what each role may do).

use crate::db::{self, DbConn, people::Person};
use crate::domain::Lang;
use crate::domain::error::AppError;

/// A signed-in person and their roles.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The person.
    pub person: Person,
    /// Ids of the bodies they manage.
    pub managed_organizations: Vec<String>,
    /// Ids and slugs of the groups they coordinate.
    pub coordinated_groups: Vec<(String, String)>,
}

impl Caller {
    /// The language the person chose.
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.person.language)
    }

    /// The role names, as in the API.
    pub fn role_names(&self) -> Vec<&'static str> {
        let mut roles = Vec::new();
        if self.person.is_admin {
            roles.push("admin");
        }
        if !self.managed_organizations.is_empty() {
            roles.push("org_manager");
        }
        if !self.coordinated_groups.is_empty() {
            roles.push("coordinator");
        }
        roles
    }
}

/// A person with their roles, if they exist.
pub fn load_caller(conn: &mut DbConn, person_id: &str) -> Result<Option<Caller>, AppError> {
    let Some(person) = db::people::find(conn, person_id)? else {
        return Ok(None);
    };
    Ok(Some(Caller {
        managed_organizations: db::people::managed_organizations(conn, &person.id)?,
        coordinated_groups: db::people::coordinated_groups(conn, &person.id)?,
        person,
    }))
}
