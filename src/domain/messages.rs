//! A message the organizers of a meeting write to the people who answered
//! it: whom it reaches, and what a message may hold. Rules without I/O.

use crate::domain::error::{FieldProblem, Problem};
use crate::domain::rsvps::{Answer, RsvpState};

/// The longest subject, in characters.
pub const MAX_SUBJECT: usize = 200;
/// The longest message, in characters.
pub const MAX_BODY: usize = 5_000;

stored_enum! {
    /// Whom a message reaches among those who answered.
    pub enum Audience {
        /// Those who answered yes or maybe (seated, waiting, or waiting for
        /// approval), not those the organizers refused.
        Participants,
        /// Those on the waiting list.
        Waiting,
        /// Everyone who answered, "no" included.
        Everyone,
    }
}

impl Audience {
    /// Whether an answer in `state` is among this audience.
    pub fn reaches(self, answer: Answer, state: RsvpState) -> bool {
        match self {
            Self::Participants => {
                matches!(answer, Answer::Yes | Answer::Maybe) && state != RsvpState::Refused
            }
            Self::Waiting => state == RsvpState::Waitlisted,
            Self::Everyone => true,
        }
    }
}

/// A message as the form or the API sends it, before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageInput {
    pub subject: String,
    pub body: String,
    /// `participants`, `waiting` or `everyone`.
    pub audience: String,
}

/// A message that may be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedMessage {
    /// On one line.
    pub subject: String,
    pub body: String,
    pub audience: Audience,
}

impl CheckedMessage {
    /// Checks every field at once.
    pub fn parse(input: &MessageInput) -> Result<Self, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let subject = input
            .subject
            .split(char::is_control)
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if subject.is_empty() || subject.chars().count() > MAX_SUBJECT {
            problems.push(FieldProblem::new(
                "subject",
                Problem::RequiredText { max: MAX_SUBJECT },
            ));
        }
        let body = input.body.trim().replace("\r\n", "\n");
        if body.is_empty() || body.chars().count() > MAX_BODY {
            problems.push(FieldProblem::new(
                "body",
                Problem::RequiredText { max: MAX_BODY },
            ));
        }
        let audience = input.audience.trim().parse::<Audience>().ok();
        if audience.is_none() {
            problems.push(FieldProblem::new(
                "audience",
                Problem::OneOf("participants | waiting | everyone"),
            ));
        }
        match audience {
            Some(audience) if problems.is_empty() => Ok(Self {
                subject,
                body,
                audience,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(subject: &str, body: &str, audience: &str) -> MessageInput {
        MessageInput {
            subject: subject.to_owned(),
            body: body.to_owned(),
            audience: audience.to_owned(),
        }
    }

    #[test]
    fn a_message_keeps_its_subject_on_one_line() {
        let checked = CheckedMessage::parse(&input(
            "Salle changée\r\nBcc: x@evil.example",
            " Rendez-vous salle B.\r\n",
            "participants",
        ))
        .expect("valid");
        assert_eq!(checked.subject, "Salle changée Bcc: x@evil.example");
        assert_eq!(checked.body, "Rendez-vous salle B.");
        assert_eq!(checked.audience, Audience::Participants);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let long = "x".repeat(MAX_BODY + 1);
        let problems = CheckedMessage::parse(&input(" ", &long, "all")).expect_err("invalid");
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["subject", "body", "audience"]);
    }

    #[test]
    fn audiences_reach_whom_they_say() {
        use Answer::*;
        use RsvpState::*;
        assert!(Audience::Participants.reaches(Maybe, Tentative));
        assert!(Audience::Participants.reaches(Yes, Waitlisted));
        assert!(!Audience::Participants.reaches(No, Declined));
        assert!(!Audience::Participants.reaches(Yes, Refused));
        assert!(Audience::Waiting.reaches(Yes, Waitlisted));
        assert!(!Audience::Waiting.reaches(Yes, Confirmed));
        assert!(Audience::Everyone.reaches(No, Declined));
    }
}
