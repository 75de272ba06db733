//! Words: what is wrong with a field (`domain::error::Problem`), for the
//! reader.

use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError, FieldProblem, Problem, Refusal};

impl Lang {
    /// The problems of a form or a JSON body, in this language.
    pub fn field_errors(self, problems: Vec<FieldProblem>) -> Vec<FieldError> {
        problems
            .into_iter()
            .map(|p| FieldError::new(p.field, self.problem(&p.problem)))
            .collect()
    }

    /// A refusal of a layer without words, in this language; any other
    /// error as it is.
    pub fn worded(self, error: AppError) -> AppError {
        match error {
            AppError::Refused(Refusal::Invalid(problems)) => {
                AppError::Invalid(self.field_errors(problems))
            }
            AppError::Refused(Refusal::Conflict(problem)) => {
                AppError::Conflict(self.problem(&problem))
            }
            other => other,
        }
    }

    /// What is wrong with a field, in this language.
    pub fn problem(self, problem: &Problem) -> String {
        match problem {
            Problem::OneOf(codes) => (*codes).to_owned(),
            Problem::EmailAddress => self
                .pick("adresse électronique invalide", "invalid email address")
                .to_owned(),
            Problem::Name => self
                .pick("nom manquant ou trop long", "missing or too long name")
                .to_owned(),
            Problem::Slug => self
                .pick(
                    "lettres minuscules, chiffres et tirets, 64 au plus",
                    "lower-case letters, digits and dashes, at most 64",
                )
                .to_owned(),
            Problem::TextTooLong => self.pick("texte trop long", "text too long").to_owned(),
            Problem::LunchNotAsked => self
                .pick(
                    "cette réunion ne propose pas de déjeuner",
                    "this meeting offers no lunch",
                )
                .to_owned(),
            Problem::WebsiteScheme => self
                .pick(
                    "l'adresse doit commencer par https://",
                    "the address must start with https://",
                )
                .to_owned(),
            Problem::UnknownValue => self.pick("valeur inconnue", "unknown value").to_owned(),
            Problem::UnknownPerson { email } => self.pick(
                format!("personne inconnue : {email}"),
                format!("nobody has the address {email}"),
            ),
            Problem::UnknownBody { slug } => self.pick(
                format!("collectivité inconnue : {slug}"),
                format!("unknown body: {slug}"),
            ),
            Problem::UnknownGroup { slug } => self.pick(
                format!("groupe inconnu : {slug}"),
                format!("unknown group: {slug}"),
            ),
            Problem::SlugTaken { slug } => self.pick(
                format!("l'identifiant « {slug} » est déjà pris"),
                format!("the slug `{slug}` is taken"),
            ),
            Problem::AddressTaken => self
                .pick(
                    "cette adresse a déjà un compte",
                    "this address already has an account",
                )
                .to_owned(),
            Problem::ManagerWithoutBody => self
                .pick(
                    "un gestionnaire gère une collectivité : indiquez-la",
                    "a manager manages a body: name it",
                )
                .to_owned(),
            Problem::AmountExpected => self
                .pick(
                    "un montant en euros entiers, de 0 à 1 000 000 000",
                    "an amount in whole euros, from 0 to 1,000,000,000",
                )
                .to_owned(),
            Problem::NotYourBody => self
                .pick(
                    "cette personne n'est pas de votre collectivité",
                    "this person is not from your body",
                )
                .to_owned(),
            Problem::YourOwnAddress => self
                .pick(
                    "c'est votre adresse : répondez pour vous-même avec le formulaire de réponse",
                    "this is your own address: answer for yourself with the answer form",
                )
                .to_owned(),
            Problem::AlreadyRegistered => self
                .pick(
                    "cette personne a déjà répondu à la réunion (déjà inscrit·e)",
                    "this person already answered the meeting (already registered)",
                )
                .to_owned(),
            Problem::AmountRange => self
                .pick(
                    "le montant maximal est inférieur au montant minimal",
                    "the highest amount is below the lowest",
                )
                .to_owned(),
            Problem::LastAdmin => self
                .pick(
                    "le club garde au moins un administrateur",
                    "the club keeps at least one administrator",
                )
                .to_owned(),
            Problem::TooLong { max } => self.pick(
                format!("{max} caractères au plus"),
                format!("at most {max} characters"),
            ),
            Problem::LocalTime { error, zone } => self.local_time_error(error, *zone),
            Problem::MeetingKind => self
                .pick("choisissez un type de réunion", "choose a kind of meeting")
                .to_owned(),
            Problem::Title => self
                .pick(
                    "donnez un titre (200 caractères au plus)",
                    "give a title (at most 200 characters)",
                )
                .to_owned(),
            Problem::DateTimeExpected { example } => self.pick(
                format!(
                    "cette date et heure ne se lit pas : choisissez-la dans le calendrier (ou écrivez-la AAAA-MM-JJTHH:MM, par exemple {example})"
                ),
                format!(
                    "this date and time cannot be read: pick it in the calendar (or write it YYYY-MM-DDTHH:MM, for example {example})"
                ),
            ),
            Problem::RequiredText { max } => self.pick(
                format!("à renseigner ({max} caractères au plus)"),
                format!("required (at most {max} characters)"),
            ),
            Problem::DateTimeMissing => self
                .pick("indiquez la date et l'heure", "give the date and the time")
                .to_owned(),
            Problem::OutsideYears { first, last } => self.pick(
                format!("l'année doit être comprise entre {first} et {last}"),
                format!("the year must be between {first} and {last}"),
            ),
            Problem::EndBeforeStart => self
                .pick(
                    "la fin doit venir après le début",
                    "the end must come after the start",
                )
                .to_owned(),
            Problem::LongerThan { days } => self.pick(
                format!("une réunion dure {days} jours au plus"),
                format!("a meeting lasts at most {days} days"),
            ),
            Problem::UnknownZone { hint } => {
                let (unknown, hint_text) = self.pick(
                    (
                        "fuseau horaire inconnu",
                        " : écrivez-le comme Europe/Paris ou America/Cayenne",
                    ),
                    (
                        "unknown time zone",
                        ": write it like Europe/Paris or America/Cayenne",
                    ),
                );
                let mut text = unknown.to_owned();
                if *hint {
                    text.push_str(hint_text);
                }
                text
            }
            Problem::SeatsExpected => self
                .pick(
                    "nombre de places : un entier positif, ou rien",
                    "seats: a positive whole number, or nothing",
                )
                .to_owned(),
            Problem::DeadlineAfterStart => self
                .pick(
                    "la date limite des inscriptions doit précéder le début",
                    "the answers' deadline must come before the start",
                )
                .to_owned(),
            Problem::DegreesExpected => self
                .pick(
                    "latitude et longitude en degrés décimaux, par exemple 45.7838 et 4.8522",
                    "latitude and longitude in decimal degrees, for example 45.7838 and 4.8522",
                )
                .to_owned(),
            Problem::RoomUrl => self
                .pick(
                    "l'adresse de la salle, en https://",
                    "the room's address, with https://",
                )
                .to_owned(),
            Problem::PhoneNumber => self
                .pick(
                    "un numéro de téléphone, par exemple +33 1 23 45 67 89",
                    "a phone number, for example +33 1 23 45 67 89",
                )
                .to_owned(),
            Problem::DialInPin => self
                .pick(
                    "le code : des chiffres, # ou * (20 au plus)",
                    "the code: digits, # or * (at most 20)",
                )
                .to_owned(),
            Problem::NoSlot => self
                .pick("proposez au moins un créneau", "offer at least one slot")
                .to_owned(),
            Problem::TooManySlots { max } => self.pick(
                format!("{max} créneaux au plus"),
                format!("at most {max} slots"),
            ),
            Problem::SlotPast => self
                .pick("ce créneau est déjà passé", "this slot is already past")
                .to_owned(),
            Problem::SlotOffered => self
                .pick(
                    "ce créneau est déjà proposé",
                    "this slot is already offered",
                )
                .to_owned(),
            Problem::DeadlinePast => self
                .pick(
                    "la date limite est déjà passée",
                    "the deadline is already past",
                )
                .to_owned(),
            Problem::DeadlineAfterFirstSlot => self
                .pick(
                    "la date limite doit précéder le premier créneau",
                    "the deadline must come before the first slot",
                )
                .to_owned(),
            Problem::NoSuchSlot { slot, last } => self.pick(
                format!("pas de créneau {slot} : de 0 à {last}"),
                format!("no slot {slot}: from 0 to {last}"),
            ),
            Problem::AnsweredTwice => self
                .pick(
                    "ce créneau a déjà une réponse",
                    "this slot is answered twice",
                )
                .to_owned(),
            Problem::AnswerExpected => self
                .pick("répondez oui, peut-être ou non", "answer yes, maybe or no")
                .to_owned(),
            Problem::AttendanceExpected => self
                .pick(
                    "sur place (in_person) ou à distance (remote)",
                    "in person (in_person) or remote (remote)",
                )
                .to_owned(),
            Problem::PlenaryYear => self
                .pick(
                    "l'année de la plénière, par exemple 2027",
                    "the plenary's year, for example 2027",
                )
                .to_owned(),
            Problem::DateExpected { example } => {
                let (expected, for_example) = self.pick(
                    ("date attendue sous la forme AAAA-MM-JJ", "par exemple"),
                    ("date expected as YYYY-MM-DD", "for example"),
                );
                match example {
                    Some(example) => format!("{expected}, {for_example} {example}"),
                    None => expected.to_owned(),
                }
            }
            Problem::PeriodEndsBeforeStart => self
                .pick(
                    "la période souhaitée doit finir après son début",
                    "the wished period must end after it starts",
                )
                .to_owned(),
            Problem::CallDeadlinePast => self
                .pick(
                    "la date limite des propositions est passée",
                    "the proposals' deadline has passed",
                )
                .to_owned(),
            Problem::DeadlineAfterPeriod => self
                .pick(
                    "la date limite doit précéder la période souhaitée",
                    "the deadline must come before the wished period",
                )
                .to_owned(),
            Problem::LongText => self
                .pick("5 000 caractères au plus", "at most 5,000 characters")
                .to_owned(),
            Problem::NoDate => self
                .pick("proposez au moins une date", "offer at least one date")
                .to_owned(),
            Problem::TooManyDates => self
                .pick("cinq dates au plus", "at most five dates")
                .to_owned(),
            Problem::DatePassed => self
                .pick("cette date est passée", "this date has passed")
                .to_owned(),
            Problem::DateOffered => self
                .pick(
                    "cette date est déjà proposée",
                    "this date is already offered",
                )
                .to_owned(),
            Problem::OutsidePeriod => self
                .pick(
                    "cette date est hors de la période souhaitée par l'appel",
                    "this date is outside the call's wished period",
                )
                .to_owned(),
            Problem::RequiredLine => self
                .pick(
                    "à renseigner (300 caractères au plus)",
                    "required (at most 300 characters)",
                )
                .to_owned(),
            Problem::EmailInvalid => self
                .pick("adresse électronique invalide", "invalid email address")
                .to_owned(),
            Problem::CapacityExpected => self
                .pick(
                    "nombre de places : un entier positif",
                    "seats: a positive whole number",
                )
                .to_owned(),
            Problem::OrdinalExpected => self
                .pick(
                    "choisissez 1er, 2e, 3e, 4e ou dernier",
                    "choose 1st, 2nd, 3rd, 4th or last",
                )
                .to_owned(),
            Problem::IntervalExpected => self
                .pick("toutes les 1 à 8 semaines", "every 1 to 8 weeks")
                .to_owned(),
            Problem::FrequencyExpected => self
                .pick("mensuelle ou hebdomadaire", "monthly or weekly")
                .to_owned(),
            Problem::WeekdayExpected => self.pick("choisissez un jour", "choose a day").to_owned(),
            Problem::TimeExpected => self
                .pick(
                    "heure attendue sous la forme HH:MM",
                    "time expected as HH:MM",
                )
                .to_owned(),
            Problem::SeriesSpan => self
                .pick(
                    "la fin de la série doit venir après son début, deux ans au plus",
                    "the series must end after it starts, within two years",
                )
                .to_owned(),
            Problem::NoDateInPeriod => self
                .pick("aucune date dans cette période", "no date in this period")
                .to_owned(),
            Problem::TooManySessions { max } => self.pick(
                format!("{max} sessions au plus"),
                format!("at most {max} sessions"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Lang;
    use crate::domain::error::Problem;
    use crate::domain::meetings::{CheckedMeeting, MeetingInput};

    fn meeting(start: &str, end: &str) -> MeetingInput {
        MeetingInput {
            kind: "working_group_session".into(),
            title: "Groupe de travail État-civil".into(),
            starts_at_local: start.into(),
            ends_at_local: end.into(),
            ..MeetingInput::default()
        }
    }

    #[test]
    fn a_skipped_time_offers_the_valid_ones_in_french() {
        let problems =
            CheckedMeeting::parse(&meeting("2027-03-28T02:30", "")).expect_err("skipped");
        let errors = Lang::Fr.field_errors(problems);
        assert_eq!(errors[0].field, "starts_at_local");
        assert!(
            errors[0].message.contains("1 h 59 ou 3 h 00"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_repeated_time_is_explained_in_english() {
        let problems = CheckedMeeting::parse(&meeting("2026-10-25T02:30", "2026-10-25T04:00"))
            .expect_err("repeated");
        let errors = Lang::En.field_errors(problems);
        assert_eq!(errors[0].field, "starts_at_local");
        assert!(
            errors[0].message.contains("happens twice"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn hosting_problems_read_in_each_language() {
        assert_eq!(
            Lang::Fr.problem(&Problem::DatePassed),
            "cette date est passée"
        );
        assert_eq!(
            Lang::En.problem(&Problem::DatePassed),
            "this date has passed"
        );
        assert_eq!(
            Lang::Fr.problem(&Problem::LongText),
            "5 000 caractères au plus"
        );
    }

    #[test]
    fn limits_and_codes_read_in_each_language() {
        let mut raw = meeting("2027-01-21T10:00", "");
        raw.venue_city = "x".repeat(301);
        raw.format = "zeppelin".into();
        let problems = CheckedMeeting::parse(&raw).expect_err("invalid");
        let fr: Vec<String> = Lang::Fr
            .field_errors(problems.clone())
            .into_iter()
            .map(|e| e.message)
            .collect();
        let en: Vec<String> = Lang::En
            .field_errors(problems)
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(fr[0], "in_person | remote | hybrid");
        assert_eq!(en[0], "in_person | remote | hybrid");
        assert!(fr[1].ends_with(" caractères au plus"), "{}", fr[1]);
        assert!(en[1].starts_with("at most "), "{}", en[1]);
    }

    #[test]
    fn refusals_from_below_are_worded_in_one_language() {
        use crate::domain::error::{AppError, Refusal};
        let taken = || {
            AppError::Refused(Refusal::Conflict(Problem::SlugTaken {
                slug: "grand-lyon".into(),
            }))
        };
        let detail = |error: AppError| match error {
            AppError::Conflict(message) => message,
            other => panic!("a conflict, not {other:?}"),
        };
        assert_eq!(
            detail(Lang::Fr.worded(taken())),
            "l'identifiant « grand-lyon » est déjà pris"
        );
        assert_eq!(
            detail(Lang::En.worded(taken())),
            "the slug `grand-lyon` is taken"
        );
        let unknown = AppError::refused(
            "organization",
            Problem::UnknownBody {
                slug: "nowhere".into(),
            },
        );
        match Lang::En.worded(unknown) {
            AppError::Invalid(errors) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].field, "organization");
                assert_eq!(errors[0].message, "unknown body: nowhere");
            }
            other => panic!("invalid input, not {other:?}"),
        }
        assert!(matches!(
            Lang::Fr.worded(AppError::NotFound),
            AppError::NotFound
        ));
    }
}
