//! What makes a person's details valid.

use crate::domain::error::{FieldProblem, Problem};

/// An email address as people type it: trimmed, checked for shape only (the
/// mail server is the judge of the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress {
    address: String,
    key: String,
}

/// Longest address SMTP carries.
const MAX_EMAIL: usize = 254;
/// Longest name we keep.
pub const MAX_NAME: usize = 120;

impl EmailAddress {
    /// Reads an address; `None` when it cannot be one.
    pub fn parse(text: &str) -> Option<Self> {
        let address = text.trim();
        let (local, domain) = address.rsplit_once('@')?;
        let well_formed = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && address.len() <= MAX_EMAIL
            && !address
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c))
            && !local.contains('@');
        well_formed.then(|| Self {
            address: address.to_owned(),
            key: address.to_lowercase(),
        })
    }

    /// The address as typed.
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The address in lower case: one person per key.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// A person's display name: trimmed, not empty, not too long, no control
/// characters (they would break mail headers).
pub fn parse_name(text: &str) -> Option<String> {
    let name = text.trim();
    let valid =
        !name.is_empty() && name.chars().count() <= MAX_NAME && !name.chars().any(char::is_control);
    valid.then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_keyed_in_lower_case() {
        let address = EmailAddress::parse("  Claire.Martin@Nancy.FR ").expect("valid");
        assert_eq!(address.as_str(), "Claire.Martin@Nancy.FR");
        assert_eq!(address.key(), "claire.martin@nancy.fr");
        for bad in [
            "",
            "nancy.fr",
            "@nancy.fr",
            "a@b",
            "a@.fr",
            "a b@nancy.fr",
            "a@nancy.fr\r\nBcc: x@y.z",
            "<a@b.fr>",
        ] {
            assert!(EmailAddress::parse(bad).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            parse_name("  Brice Mallet "),
            Some("Brice Mallet".to_owned())
        );
        assert_eq!(parse_name("   "), None);
        assert_eq!(parse_name("Eve\r\nBcc: x@y.z"), None);
        assert_eq!(parse_name(&"x".repeat(MAX_NAME + 1)), None);
    }
}

/// A person to create, checked.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Their address.
    pub email: EmailAddress,
    /// Their name.
    pub name: String,
    /// The slug of their body, if any.
    pub organization: Option<String>,
    /// Club administrator.
    pub admin: bool,
    /// Manager of their body.
    pub manager: bool,
}

impl NewPerson {
    /// Checks what a form, the API or the command line gave; every problem
    /// is named with its field.
    pub fn parse(
        email: &str,
        name: &str,
        organization: Option<&str>,
        admin: bool,
        manager: bool,
    ) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let email = EmailAddress::parse(email);
        if email.is_none() {
            errors.push(FieldProblem::new("email", Problem::EmailAddress));
        }
        let name = parse_name(name);
        if name.is_none() {
            errors.push(FieldProblem::new("name", Problem::Name));
        }
        let organization = organization
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        if manager && organization.is_none() {
            errors.push(FieldProblem::new(
                "organization",
                Problem::ManagerWithoutBody,
            ));
        }
        match (email, name) {
            (Some(email), Some(name)) if errors.is_empty() => Ok(Self {
                email,
                name,
                organization,
                admin,
                manager,
            }),
            _ => Err(errors),
        }
    }
}
