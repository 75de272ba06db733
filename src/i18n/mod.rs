//! French first, English second: every word of the application.
//!
//! The words live here, one file per area (`common`, `meetings`,
//! `answers`, `minutes`, `files`, `developments`, `people`, `polls`, `hosting`, `series`, `calendar`, `admin`,
//! `api_docs`, `mail`, `time`, and `checks` for the domain's `Problem`s),
//! each French text next to its English one. The [`texts!`]
//! macro turns a list of `name: "français" / "English"` pairs into a struct
//! and its two values, so a text missing in one language does not compile;
//! functions that choose words by hand match every [`Lang`] or go through
//! [`Lang::pick`], which takes both languages.

use crate::domain::hosting::ProposalEvent;
use crate::domain::rsvps::{Answer, Attendance, RsvpState, WaitReason};
use crate::domain::{
    ClubStatus, Lang, MeetingFormat, MeetingKind, MeetingStatus, OrgKind, ProposalState,
};

/// Declares the words of an area: a struct with a `&'static str` field per
/// text and its two values, `FR` and `EN`.
///
/// Each text is written `name: "français" / "English",`: the grammar
/// requires both languages, so a missing text is a compile error.
macro_rules! texts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $field:ident : $fr:literal / $en:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name {
            $( pub $field: &'static str, )*
        }

        impl $name {
            /// Le français, langue par défaut.
            pub const FR: Self = Self { $( $field: $fr, )* };
            /// English.
            pub const EN: Self = Self { $( $field: $en, )* };
        }
    };
}
pub(crate) use texts;

pub mod actions;
pub mod admin;
pub mod answers;
pub mod api_docs;
pub mod calendar;
pub mod checks;
pub mod common;
pub mod developments;
pub mod fields;
pub mod files;
pub mod hosting;
pub mod mail;
pub mod meetings;
pub mod messages;
pub mod minutes;
pub mod people;
pub mod polls;
pub mod reports;
pub mod series;
pub mod time;

/// The words and labels of each language.
impl Lang {
    /// The words of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Self::Fr => &FR,
            Self::En => &EN,
        }
    }

    /// How a kind of meeting is called.
    pub fn meeting_kind(self, kind: MeetingKind) -> &'static str {
        match kind {
            MeetingKind::DecemberSession => self.pick("Réunion de décembre", "December session"),
            MeetingKind::SpringPlenary => self.pick("Journée de printemps", "Spring plenary"),
            MeetingKind::WorkingGroupSession => {
                self.pick("Groupe de travail", "Working-group session")
            }
        }
    }

    /// How a meeting's format is called.
    pub fn meeting_format(self, format: MeetingFormat) -> &'static str {
        match format {
            MeetingFormat::InPerson => self.pick("en présentiel", "in person"),
            MeetingFormat::Remote => self.pick("à distance", "remote"),
            MeetingFormat::Hybrid => self.pick(
                "hybride (sur place ou à distance)",
                "hybrid (on site or remote)",
            ),
        }
    }

    /// How a meeting's status is called.
    pub fn meeting_status(self, status: MeetingStatus) -> &'static str {
        match status {
            MeetingStatus::Draft => self.pick("brouillon", "draft"),
            MeetingStatus::Scheduled => self.pick("prévue", "scheduled"),
            MeetingStatus::Cancelled => self.pick("annulée", "cancelled"),
        }
    }

    /// How a kind of body is called.
    pub fn org_kind(self, kind: OrgKind) -> &'static str {
        match kind {
            OrgKind::Commune => self.pick("commune", "town"),
            OrgKind::Intercommunalite => self.pick("intercommunalité", "community of towns"),
            OrgKind::Metropole => self.pick("métropole", "metropolitan area"),
            OrgKind::Departement => self.pick("département", "département"),
            OrgKind::Region => self.pick("région", "region"),
            OrgKind::Syndicat => self.pick("syndicat intercommunal", "inter-municipal union"),
            OrgKind::Company => self.pick("entreprise", "company"),
            OrgKind::Other => self.pick("autre structure", "other body"),
        }
    }

    /// How a body's place in the club is called.
    pub fn club_status(self, status: ClubStatus) -> &'static str {
        match status {
            ClubStatus::Member => self.pick("membre utilisateur", "member (user)"),
            ClubStatus::Observer => self.pick("observateur", "observer"),
            ClubStatus::Partner => self.pick("partenaire", "partner"),
        }
    }

    /// How a host proposal's state is called.
    pub fn proposal_state(self, state: ProposalState) -> &'static str {
        match state {
            ProposalState::Submitted => self.pick("déposée", "submitted"),
            ProposalState::Shortlisted => self.pick("retenue pour le choix final", "shortlisted"),
            ProposalState::Accepted => self.pick("acceptée", "accepted"),
            ProposalState::Declined => self.pick("non retenue", "declined"),
            ProposalState::Withdrawn => self.pick("retirée", "withdrawn"),
        }
    }

    /// How a change of a host proposal is called in its history.
    pub fn proposal_event(self, event: ProposalEvent) -> &'static str {
        match event {
            ProposalEvent::Submitted => self.pick("proposition déposée", "proposal submitted"),
            ProposalEvent::Edited => self.pick("proposition modifiée", "proposal edited"),
            ProposalEvent::Shortlisted => self.pick("retenue pour le choix final", "shortlisted"),
            ProposalEvent::Accepted => self.pick("acceptée", "accepted"),
            ProposalEvent::Declined => self.pick("non retenue", "declined"),
            ProposalEvent::Withdrawn => self.pick("retirée", "withdrawn"),
        }
    }

    /// How an answer is called.
    pub fn answer(self, answer: Answer) -> &'static str {
        match answer {
            Answer::Yes => self.pick("oui", "yes"),
            Answer::Maybe => self.pick("peut-être", "maybe"),
            Answer::No => self.pick("non", "no"),
        }
    }

    /// How an attendance is called.
    pub fn attendance(self, attendance: Attendance) -> &'static str {
        match attendance {
            Attendance::InPerson => self.pick("sur place", "in person"),
            Attendance::Remote => self.pick("à distance", "remote"),
        }
    }

    /// How an answer's state is called.
    pub fn rsvp_state(self, state: RsvpState) -> &'static str {
        match state {
            RsvpState::Confirmed => self.pick("inscription confirmée", "registration confirmed"),
            RsvpState::Waitlisted => self.pick("en liste d'attente", "on the waiting list"),
            RsvpState::Tentative => self.pick("peut-être", "maybe"),
            RsvpState::Declined => self.pick("ne viendra pas", "not coming"),
            RsvpState::AwaitingApproval => self.pick(
                "en attente de validation par les organisateurs",
                "waiting for the organizers' approval",
            ),
            RsvpState::Refused => self.pick(
                "non retenue par les organisateurs",
                "not accepted by the organizers",
            ),
        }
    }

    /// Why someone waits.
    pub fn wait_reason(self, reason: WaitReason) -> &'static str {
        match reason {
            WaitReason::Full => self.pick("toutes les places sont prises", "every seat is taken"),
            WaitReason::OrganizationQuota => self.pick(
                "votre collectivité a déjà atteint son nombre de places sur place",
                "your body already has its number of seats in the room",
            ),
        }
    }
}

/// The fixed words of the pages, by area: templates read `t.meetings.when`.
#[derive(Debug)]
pub struct Texts {
    pub common: common::Common,
    pub actions: actions::Actions,
    pub answers: answers::Answers,
    pub meetings: meetings::Meetings,
    pub minutes: minutes::Minutes,
    pub messages: messages::Messages,
    pub files: files::Files,
    pub people: people::People,
    pub polls: polls::Polls,
    pub reports: reports::Reports,
    pub hosting: hosting::Hosting,
    pub calendar: calendar::Calendar,
    pub series: series::Series,
    pub admin: admin::Admin,
    pub api_docs: api_docs::DocsTexts,
    pub developments: developments::Developments,
}

/// Le français, langue par défaut.
static FR: Texts = Texts {
    common: common::Common::FR,
    actions: actions::Actions::FR,
    answers: answers::Answers::FR,
    meetings: meetings::Meetings::FR,
    minutes: minutes::Minutes::FR,
    messages: messages::Messages::FR,
    files: files::Files::FR,
    people: people::People::FR,
    polls: polls::Polls::FR,
    reports: reports::Reports::FR,
    hosting: hosting::Hosting::FR,
    calendar: calendar::Calendar::FR,
    series: series::Series::FR,
    admin: admin::Admin::FR,
    api_docs: api_docs::DocsTexts::FR,
    developments: developments::Developments::FR,
};

/// English.
static EN: Texts = Texts {
    common: common::Common::EN,
    actions: actions::Actions::EN,
    answers: answers::Answers::EN,
    meetings: meetings::Meetings::EN,
    minutes: minutes::Minutes::EN,
    messages: messages::Messages::EN,
    files: files::Files::EN,
    people: people::People::EN,
    polls: polls::Polls::EN,
    reports: reports::Reports::EN,
    hosting: hosting::Hosting::EN,
    calendar: calendar::Calendar::EN,
    series: series::Series::EN,
    admin: admin::Admin::EN,
    api_docs: api_docs::DocsTexts::EN,
    developments: developments::Developments::EN,
};

impl Lang {
    /// The French or the English of one text: both are required, so
    /// neither can be forgotten.
    pub(in crate::i18n) fn pick<T>(self, fr: T, en: T) -> T {
        match self {
            Self::Fr => fr,
            Self::En => en,
        }
    }
}
