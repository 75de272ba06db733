//! Action items raised at a meeting: what is to be done, by whom (a person,
//! a member body, or the club's members as a whole), by when, and where it
//! stands. Rules without I/O.

use chrono::{Duration, NaiveDate};

use crate::domain::error::{FieldProblem, Problem};
use crate::domain::time::parse_date;

/// The longest item, in characters.
pub const MAX_TEXT: usize = 500;

/// How long before its due date an owner is reminded of an open item.
pub const REMIND_DAYS_BEFORE: i64 = 3;

stored_enum! {
    /// Where an item stands.
    pub enum ActionState {
        Open,
        Done,
        Dropped,
    }
}

stored_enum! {
    /// Who is to act.
    pub enum OwnerKind {
        /// One person.
        Person,
        /// A member body (or the vendor, a body of kind `company`).
        Organization,
        /// The club's members as a whole.
        Club,
    }
}

/// An item as a form or the API sends it, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionInput {
    pub text: String,
    /// `person`, `organization` or `club`.
    pub owner_kind: String,
    /// The person's e-mail address, or the body's slug.
    pub owner: String,
    /// `AAAA-MM-JJ`, or empty.
    pub due_on: String,
}

/// An item whose fields are sound; its owner still to be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAction {
    pub text: String,
    pub owner_kind: OwnerKind,
    /// The person's address or the body's slug (empty for the club).
    pub owner: String,
    pub due_on: Option<NaiveDate>,
}

impl CheckedAction {
    /// Checks every field at once.
    pub fn parse(input: &ActionInput) -> Result<Self, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let text = input.text.trim().to_owned();
        if text.is_empty() || text.chars().count() > MAX_TEXT {
            problems.push(FieldProblem::new(
                "text",
                Problem::RequiredText { max: MAX_TEXT },
            ));
        }
        let owner_kind = input.owner_kind.trim().parse::<OwnerKind>().ok();
        let owner = input.owner.trim().to_owned();
        match owner_kind {
            None => problems.push(FieldProblem::new(
                "owner_kind",
                Problem::OneOf("person | organization | club"),
            )),
            Some(OwnerKind::Person | OwnerKind::Organization) if owner.is_empty() => {
                problems.push(FieldProblem::new("owner", Problem::UnknownValue));
            }
            Some(_) => {}
        }
        let due_on = match input.due_on.trim() {
            "" => None,
            text => match parse_date(text) {
                Ok(day) => Some(day),
                Err(e) => {
                    problems.push(FieldProblem::new(
                        "due_on",
                        e.problem(Problem::DateExpected {
                            example: Some("2027-03-15"),
                        }),
                    ));
                    None
                }
            },
        };
        match owner_kind {
            Some(owner_kind) if problems.is_empty() => Ok(Self {
                text,
                owner: if owner_kind == OwnerKind::Club {
                    String::new()
                } else {
                    owner
                },
                owner_kind,
                due_on,
            }),
            _ => Err(problems),
        }
    }
}

/// Whether an open item due on `due_on` is to be reminded on `today`: from
/// [`REMIND_DAYS_BEFORE`] days before, and never once it is past.
pub fn reminder_due(due_on: NaiveDate, today: NaiveDate) -> bool {
    today <= due_on && due_on - today <= Duration::days(REMIND_DAYS_BEFORE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str, kind: &str, owner: &str, due: &str) -> ActionInput {
        ActionInput {
            text: text.to_owned(),
            owner_kind: kind.to_owned(),
            owner: owner.to_owned(),
            due_on: due.to_owned(),
        }
    }

    #[test]
    fn an_item_for_the_club_needs_no_owner() {
        let checked = CheckedAction::parse(&input(" Relancer la liste ", "club", "ignored", ""))
            .expect("valid");
        assert_eq!(checked.text, "Relancer la liste");
        assert_eq!(checked.owner_kind, OwnerKind::Club);
        assert_eq!(checked.owner, "");
        assert_eq!(checked.due_on, None);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let problems = CheckedAction::parse(&input("", "organization", "", "15/03/2027"))
            .expect_err("invalid");
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["text", "owner", "due_on"]);
        let problems =
            CheckedAction::parse(&input("x", "vendor", "", "")).expect_err("unknown kind");
        assert_eq!(problems[0].field, "owner_kind");
    }

    #[test]
    fn reminders_fall_in_the_days_before_the_due_date() {
        let due = NaiveDate::from_ymd_opt(2027, 3, 15).expect("date");
        let day = |d: u32| NaiveDate::from_ymd_opt(2027, 3, d).expect("date");
        assert!(!reminder_due(due, day(11)));
        assert!(reminder_due(due, day(12)));
        assert!(reminder_due(due, day(15)));
        assert!(!reminder_due(due, day(16)), "past: too late to remind");
    }
}
