//! The command-line tools that act on the club: creating a person, issuing
//! an API token. They go through the same checks as the pages and the API.

use crate::db::{self, Db, write_transaction};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::people::NewPerson;
use crate::domain::secrets::{hash_token, new_token};

/// Creates a person; returns a line to print.
pub fn add_user(
    db: &Db,
    email: &str,
    name: &str,
    organization: Option<&str>,
    manager: bool,
    admin: bool,
) -> Result<String, AppError> {
    // the command line speaks the default language
    let lang = Lang::default();
    let new = NewPerson::parse(email, name, organization, admin, manager)
        .map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
    let mut conn = db.get()?;
    let person = write_transaction(&mut conn, |conn| db::people::create(conn, &new))
        .map_err(|e| lang.worded(e))?;
    Ok(format!(
        "created {} <{}> ({})",
        person.name, person.email, person.id
    ))
}

/// A new token for the person with this address; returns the token.
pub fn issue_token(db: &Db, email: &str, name: &str) -> Result<String, AppError> {
    let mut conn = db.get()?;
    let token = new_token();
    write_transaction(&mut conn, |conn| {
        let person = db::people::find_by_email(conn, email)?.ok_or_else(|| {
            AppError::Invalid(vec![crate::domain::error::FieldError::new(
                "email",
                format!("nobody has the address {email}"),
            )])
        })?;
        db::people::insert_api_token(conn, &person.id, name, &hash_token(&token))
    })?;
    Ok(token)
}

/// An error as one line for the terminal, field errors included.
pub fn describe(error: &AppError) -> String {
    match error {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}
