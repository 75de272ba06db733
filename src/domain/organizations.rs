//! Member bodies: a new body, and its project profile as its managers
//! write it.

use crate::domain::error::{FieldProblem, Problem};
use crate::domain::{ClubStatus, OrgKind};

/// A body to create, checked.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub club_status: ClubStatus,
    pub profile: ProjectProfile,
}

/// Whether `slug` can name a body in URLs: lower-case letters, digits, dashes.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
}

impl NewOrganization {
    /// Checks a new body; every problem is named with its field.
    pub fn parse(
        slug: &str,
        name: &str,
        kind: OrgKind,
        club_status: ClubStatus,
        profile: &ProjectProfile,
    ) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let slug = slug.trim();
        if !valid_slug(slug) {
            errors.push(FieldProblem::new("slug", Problem::Slug));
        }
        let name = super::people::parse_name(name);
        if name.is_none() {
            errors.push(FieldProblem::new("name", Problem::Name));
        }
        let profile = ProjectProfile::parse(profile);
        if let Err(more) = &profile {
            errors.extend(more.iter().cloned());
        }
        match (name, profile) {
            (Some(name), Ok(profile)) if errors.is_empty() => Ok(Self {
                slug: slug.to_owned(),
                name,
                kind,
                club_status,
                profile,
            }),
            _ => Err(errors),
        }
    }
}

/// Longest text of one profile field.
pub const MAX_TEXT: usize = 5000;

/// A checked project profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectProfile {
    pub territory: Option<String>,
    pub website: Option<String>,
    pub project_highlight: String,
    pub wished_developments: String,
    pub competences: String,
    pub roadmap: String,
    pub ordered_developments: String,
}

impl ProjectProfile {
    /// Trims every field, checks lengths and that the website is a web
    /// address (a `javascript:` link never reaches a page).
    pub fn parse(raw: &Self) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut text = |field: &'static str, value: &str| {
            let value = value.trim().to_owned();
            if value.chars().count() > MAX_TEXT {
                errors.push(FieldProblem::new(field, Problem::TextTooLong));
            }
            value
        };
        let profile = Self {
            territory: raw
                .territory
                .as_deref()
                .map(|t| text("territory", t))
                .filter(|t| !t.is_empty()),
            website: raw
                .website
                .as_deref()
                .map(|w| text("website", w))
                .filter(|w| !w.is_empty()),
            project_highlight: text("project_highlight", &raw.project_highlight),
            wished_developments: text("wished_developments", &raw.wished_developments),
            competences: text("competences", &raw.competences),
            roadmap: text("roadmap", &raw.roadmap),
            ordered_developments: text("ordered_developments", &raw.ordered_developments),
        };
        if let Some(website) = &profile.website {
            let web = (website.starts_with("https://") || website.starts_with("http://"))
                && !website.chars().any(char::is_whitespace);
            if !web {
                errors.push(FieldProblem::new("website", Problem::WebsiteScheme));
            }
        }
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_links_and_long_texts_are_refused() {
        let raw = ProjectProfile {
            website: Some("javascript:alert(1)".into()),
            roadmap: "x".repeat(MAX_TEXT + 1),
            ..ProjectProfile::default()
        };
        let errors = ProjectProfile::parse(&raw).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["roadmap", "website"]);
    }

    #[test]
    fn fields_are_trimmed_and_empty_ones_dropped() {
        let raw = ProjectProfile {
            territory: Some("  ".into()),
            website: Some(" https://www.nancy.fr ".into()),
            project_highlight: "  co-construction ".into(),
            ..ProjectProfile::default()
        };
        let profile = ProjectProfile::parse(&raw).expect("valid");
        assert_eq!(profile.territory, None);
        assert_eq!(profile.website.as_deref(), Some("https://www.nancy.fr"));
        assert_eq!(profile.project_highlight, "co-construction");
    }
}
