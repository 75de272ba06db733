//! Registering a colleague of one's own body for a meeting: what the
//! caller types, checked.

use crate::domain::error::{FieldProblem, Problem};
use crate::domain::people::{EmailAddress, parse_name};
use crate::domain::rsvps::{AnswerInput, CheckedAnswer};

/// A registration as typed: the colleague's address, perhaps their name,
/// perhaps how they attend.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColleagueInput {
    pub email: String,
    /// Empty: the address's local part, for someone new.
    pub name: String,
    /// Empty: the meeting's only attendance, or in person for hybrid ones.
    pub attendance: String,
}

/// A checked registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedColleague {
    pub email: EmailAddress,
    /// The name given, if any.
    pub name: Option<String>,
    /// The colleague's answer: a "yes" with the attendance given.
    pub answer: CheckedAnswer,
}

impl CheckedColleague {
    /// Checks every field; each problem is named with its field.
    pub fn parse(input: &ColleagueInput) -> Result<Self, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let email = EmailAddress::parse(&input.email);
        if email.is_none() {
            errors.push(FieldProblem::new("email", Problem::EmailAddress));
        }
        let name = match input.name.trim() {
            "" => None,
            text => {
                let name = parse_name(text);
                if name.is_none() {
                    errors.push(FieldProblem::new("name", Problem::Name));
                }
                name
            }
        };
        let answer = CheckedAnswer::parse(&AnswerInput {
            answer: "yes".to_owned(),
            attendance: input.attendance.clone(),
            ..AnswerInput::default()
        });
        let answer = match answer {
            Ok(answer) => Some(answer),
            Err(problems) => {
                errors.extend(problems);
                None
            }
        };
        match (email, answer) {
            (Some(email), Some(answer)) if errors.is_empty() => Ok(Self {
                email,
                name,
                answer,
            }),
            _ => Err(errors),
        }
    }

    /// The name a new person gets: the one given, or the address's local
    /// part.
    pub fn name_for_new(&self) -> String {
        self.name.clone().unwrap_or_else(|| {
            let address = self.email.as_str();
            let local = address.rsplit_once('@').map_or(address, |(local, _)| local);
            parse_name(local).unwrap_or_else(|| address.to_owned())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rsvps::{Answer, Attendance};

    fn input(email: &str, name: &str, attendance: &str) -> ColleagueInput {
        ColleagueInput {
            email: email.to_owned(),
            name: name.to_owned(),
            attendance: attendance.to_owned(),
        }
    }

    #[test]
    fn a_colleague_is_a_yes_with_an_address() {
        let checked = CheckedColleague::parse(&input(" lea@nancy.fr ", "", "remote")).unwrap();
        assert_eq!(checked.email.as_str(), "lea@nancy.fr");
        assert_eq!(checked.answer.answer, Answer::Yes);
        assert_eq!(checked.answer.attendance, Some(Attendance::Remote));
        assert_eq!(checked.name_for_new(), "lea");
        let named = CheckedColleague::parse(&input("lea@nancy.fr", " Léa ", "")).unwrap();
        assert_eq!(named.name_for_new(), "Léa");
        assert_eq!(named.answer.attendance, None);
    }

    #[test]
    fn bad_fields_are_named() {
        let fields = |i| {
            CheckedColleague::parse(&i)
                .unwrap_err()
                .into_iter()
                .map(|p| p.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(input("", "", "")), ["email"]);
        assert_eq!(fields(input("pas une adresse", "", "")), ["email"]);
        assert_eq!(
            fields(input("lea@nancy.fr", &"x".repeat(500), "by_pigeon")),
            ["name", "attendance"]
        );
    }
}
