//! Pooled investments: a wished development of the shared platform, and a
//! body's pledge to co-fund it with an optional range of whole euros.

use crate::domain::error::{FieldProblem, Problem};

/// Longest title of a development.
pub const TITLE_MAX: usize = 200;
/// Longest description (Markdown).
pub const DESCRIPTION_MAX: usize = 10_000;
/// Longest note of a pledge.
pub const NOTE_MAX: usize = 500;
/// Longest slug made from a title.
const SLUG_MAX: usize = 60;

/// A development as proposed or edited, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevelopmentFields {
    pub title: String,
    pub description: String,
}

impl DevelopmentFields {
    /// Trims and checks a title (required, 200 characters at most) and a
    /// description; every problem named with its field.
    pub fn parse(title: &str, description: &str) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let title = title.trim();
        if title.is_empty()
            || title.chars().count() > TITLE_MAX
            || title.chars().any(char::is_control)
        {
            errors.push(FieldProblem::new("title", Problem::Title));
        }
        let description = description.trim();
        if description.chars().count() > DESCRIPTION_MAX {
            errors.push(FieldProblem::new(
                "description",
                Problem::TooLong {
                    max: DESCRIPTION_MAX,
                },
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                title: title.to_owned(),
                description: description.to_owned(),
            })
        } else {
            Err(errors)
        }
    }

    /// The address a title gives: lower-case ASCII letters and digits
    /// joined by dashes ("Vue back-office" → `vue-back-office`);
    /// `development` when nothing is left.
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for word in self
            .title
            .split(|c: char| !c.is_alphanumeric())
            .map(super::sort_key)
            .filter(|w| !w.is_empty())
        {
            let word: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
            if word.is_empty() || slug.len() + word.len() + 1 > SLUG_MAX {
                continue;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(&word);
        }
        match slug.as_str() {
            "" => "development".to_owned(),
            // `/developments/new` is the proposal form
            "new" => "new-development".to_owned(),
            _ => slug,
        }
    }
}

/// A pledge as a body states it, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PledgeFields {
    /// Whole euros at least, if said.
    pub amount_min: Option<i64>,
    /// Whole euros at most, if said.
    pub amount_max: Option<i64>,
    pub note: String,
}

/// What a form or a JSON body sends for a pledge: amounts as text (a form
/// field), or numbers already read.
#[derive(Debug, Clone, Default)]
pub struct PledgeInput {
    pub amount_min: Option<String>,
    pub amount_max: Option<String>,
    pub note: String,
}

/// The largest amount accepted: a billion euros.
const AMOUNT_LIMIT: i64 = 1_000_000_000;

fn amount(field: &'static str, raw: Option<&str>, errors: &mut Vec<FieldProblem>) -> Option<i64> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    // "12 000" and "12 000" as a French reader writes them
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    match digits.parse::<i64>() {
        Ok(n) if (0..=AMOUNT_LIMIT).contains(&n) => Some(n),
        _ => {
            errors.push(FieldProblem::new(field, Problem::AmountExpected));
            None
        }
    }
}

impl PledgeFields {
    /// Checks a pledge: amounts whole euros from 0, the least not above the
    /// most, a note of 500 characters at most.
    pub fn parse(input: &PledgeInput) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let amount_min = amount("amount_min", input.amount_min.as_deref(), &mut errors);
        let amount_max = amount("amount_max", input.amount_max.as_deref(), &mut errors);
        if let (Some(min), Some(max)) = (amount_min, amount_max)
            && min > max
        {
            errors.push(FieldProblem::new("amount_max", Problem::AmountRange));
        }
        let note = input.note.trim();
        if note.chars().count() > NOTE_MAX {
            errors.push(FieldProblem::new(
                "note",
                Problem::TooLong { max: NOTE_MAX },
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                amount_min,
                amount_max,
                note: note.to_owned(),
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pledge(
        min: Option<&str>,
        max: Option<&str>,
        note: &str,
    ) -> Result<PledgeFields, Vec<FieldProblem>> {
        PledgeFields::parse(&PledgeInput {
            amount_min: min.map(Into::into),
            amount_max: max.map(Into::into),
            note: note.into(),
        })
    }

    #[test]
    fn slug_is_made_of_the_title_words() {
        let d =
            DevelopmentFields::parse("Vue back-office de gestion des rendez-vous", "").expect("ok");
        assert_eq!(d.slug(), "vue-back-office-de-gestion-des-rendez-vous");
        let d = DevelopmentFields::parse("Amélioration du moteur de recherche", "").expect("ok");
        assert_eq!(d.slug(), "amelioration-du-moteur-de-recherche");
        let d = DevelopmentFields::parse("<>", "").expect("ok");
        assert_eq!(d.slug(), "development");
        let d = DevelopmentFields::parse("New", "").expect("ok");
        assert_eq!(d.slug(), "new-development");
    }

    #[test]
    fn title_is_required_and_bounded() {
        assert!(DevelopmentFields::parse("  ", "").is_err());
        assert!(DevelopmentFields::parse(&"x".repeat(201), "").is_err());
        assert!(DevelopmentFields::parse(&"x".repeat(200), "").is_ok());
    }

    #[test]
    fn amounts_are_whole_euros_in_order() {
        assert_eq!(
            pledge(Some("5 000"), Some("12000"), " ").expect("ok"),
            PledgeFields {
                amount_min: Some(5000),
                amount_max: Some(12000),
                note: String::new()
            }
        );
        assert_eq!(
            pledge(None, Some(""), "").expect("ok"),
            PledgeFields::default()
        );
        let fields = |r: Result<PledgeFields, Vec<FieldProblem>>| {
            r.expect_err("refused")
                .into_iter()
                .map(|p| p.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(pledge(Some("10"), Some("5"), "")), ["amount_max"]);
        assert_eq!(fields(pledge(Some("-1"), None, "")), ["amount_min"]);
        assert_eq!(fields(pledge(Some("1.5"), None, "")), ["amount_min"]);
        assert_eq!(fields(pledge(None, None, &"n".repeat(501))), ["note"]);
    }
}
