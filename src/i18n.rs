//! French first, English second: the words of every page.
//!
//! Each language is one value of [`Texts`], so a text missing in one
//! language is a compile error, not a blank on a page.

use crate::domain::{
    ClubStatus, MeetingFormat, MeetingKind, MeetingStatus, OrgKind, ProposalState,
};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// The default.
    #[default]
    Fr,
    /// The second language.
    En,
}

impl Lang {
    /// `fr` or `en`, as in `lang` attributes and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// Reads `fr` or `en`; anything else is French.
    pub fn from_code(code: &str) -> Self {
        if code.eq_ignore_ascii_case("en") {
            Self::En
        } else {
            Self::Fr
        }
    }

    /// The words of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Self::Fr => &FR,
            Self::En => &EN,
        }
    }

    /// How a kind of meeting is called.
    pub fn meeting_kind(self, kind: MeetingKind) -> &'static str {
        match (self, kind) {
            (Self::Fr, MeetingKind::DecemberSession) => "Réunion de décembre",
            (Self::Fr, MeetingKind::SpringPlenary) => "Journée de printemps",
            (Self::Fr, MeetingKind::WorkingGroupSession) => "Groupe de travail",
            (Self::En, MeetingKind::DecemberSession) => "December session",
            (Self::En, MeetingKind::SpringPlenary) => "Spring plenary",
            (Self::En, MeetingKind::WorkingGroupSession) => "Working-group session",
        }
    }

    /// How a meeting's format is called.
    pub fn meeting_format(self, format: MeetingFormat) -> &'static str {
        match (self, format) {
            (Self::Fr, MeetingFormat::InPerson) => "en présentiel",
            (Self::Fr, MeetingFormat::Remote) => "à distance",
            (Self::Fr, MeetingFormat::Hybrid) => "hybride (sur place ou à distance)",
            (Self::En, MeetingFormat::InPerson) => "in person",
            (Self::En, MeetingFormat::Remote) => "remote",
            (Self::En, MeetingFormat::Hybrid) => "hybrid (on site or remote)",
        }
    }

    /// How a meeting's status is called.
    pub fn meeting_status(self, status: MeetingStatus) -> &'static str {
        match (self, status) {
            (Self::Fr, MeetingStatus::Draft) => "brouillon",
            (Self::Fr, MeetingStatus::Scheduled) => "prévue",
            (Self::Fr, MeetingStatus::Cancelled) => "annulée",
            (Self::En, MeetingStatus::Draft) => "draft",
            (Self::En, MeetingStatus::Scheduled) => "scheduled",
            (Self::En, MeetingStatus::Cancelled) => "cancelled",
        }
    }

    /// How a kind of body is called.
    pub fn org_kind(self, kind: OrgKind) -> &'static str {
        match (self, kind) {
            (Self::Fr, OrgKind::Commune) => "commune",
            (Self::Fr, OrgKind::Intercommunalite) => "intercommunalité",
            (Self::Fr, OrgKind::Metropole) => "métropole",
            (Self::Fr, OrgKind::Departement) => "département",
            (Self::Fr, OrgKind::Region) => "région",
            (Self::Fr, OrgKind::Syndicat) => "syndicat intercommunal",
            (Self::Fr, OrgKind::Company) => "entreprise",
            (Self::Fr, OrgKind::Other) => "autre structure",
            (Self::En, OrgKind::Commune) => "town",
            (Self::En, OrgKind::Intercommunalite) => "community of towns",
            (Self::En, OrgKind::Metropole) => "metropolitan area",
            (Self::En, OrgKind::Departement) => "département",
            (Self::En, OrgKind::Region) => "region",
            (Self::En, OrgKind::Syndicat) => "inter-municipal union",
            (Self::En, OrgKind::Company) => "company",
            (Self::En, OrgKind::Other) => "other body",
        }
    }

    /// How a body's place in the club is called.
    pub fn club_status(self, status: ClubStatus) -> &'static str {
        match (self, status) {
            (Self::Fr, ClubStatus::Member) => "membre utilisateur",
            (Self::Fr, ClubStatus::Observer) => "observateur",
            (Self::Fr, ClubStatus::Partner) => "partenaire",
            (Self::En, ClubStatus::Member) => "member (user)",
            (Self::En, ClubStatus::Observer) => "observer",
            (Self::En, ClubStatus::Partner) => "partner",
        }
    }

    /// How a host proposal's state is called.
    pub fn proposal_state(self, state: ProposalState) -> &'static str {
        match (self, state) {
            (Self::Fr, ProposalState::Submitted) => "déposée",
            (Self::Fr, ProposalState::Shortlisted) => "retenue pour le choix final",
            (Self::Fr, ProposalState::Accepted) => "acceptée",
            (Self::Fr, ProposalState::Declined) => "non retenue",
            (Self::Fr, ProposalState::Withdrawn) => "retirée",
            (Self::En, ProposalState::Submitted) => "submitted",
            (Self::En, ProposalState::Shortlisted) => "shortlisted",
            (Self::En, ProposalState::Accepted) => "accepted",
            (Self::En, ProposalState::Declined) => "declined",
            (Self::En, ProposalState::Withdrawn) => "withdrawn",
        }
    }
}

/// The fixed words of the pages.
#[derive(Debug)]
pub struct Texts {
    pub site_name: &'static str,
    pub skip_to_content: &'static str,
    pub main_navigation: &'static str,
    pub nav_meetings: &'static str,
    pub nav_organizations: &'static str,
    pub nav_working_groups: &'static str,
    pub other_language: &'static str,
    pub other_language_code: &'static str,
    pub upcoming_meetings: &'static str,
    pub no_upcoming_meetings: &'static str,
    pub past_meetings: &'static str,
    pub open_hosting_calls: &'static str,
    pub proposals_count: &'static str,
    pub when: &'static str,
    pub kind: &'static str,
    pub format: &'static str,
    pub venue: &'static str,
    pub directions: &'static str,
    pub host: &'static str,
    pub working_group: &'static str,
    pub capacity: &'static str,
    pub seats: &'static str,
    pub rsvp_deadline: &'static str,
    pub agenda: &'static str,
    pub minutes: &'static str,
    pub cancelled_notice: &'static str,
    pub organizations_title: &'static str,
    pub territory: &'static str,
    pub club_status: &'static str,
    pub project_profile: &'static str,
    pub project_highlight: &'static str,
    pub wished_developments: &'static str,
    pub competences: &'static str,
    pub roadmap: &'static str,
    pub ordered_developments: &'static str,
    pub profile_empty: &'static str,
    pub hosted_meetings: &'static str,
    pub working_groups_title: &'static str,
    pub topic: &'static str,
    pub upcoming_sessions: &'static str,
    pub past_sessions: &'static str,
    pub no_sessions: &'static str,
    pub coordination: &'static str,
    pub followers: &'static str,
    pub hosting_call: &'static str,
    pub wished_period: &'static str,
    pub proposals_deadline: &'static str,
    pub requirements: &'static str,
    pub proposals: &'static str,
    pub no_proposals: &'static str,
    pub proposed_by: &'static str,
    pub candidate_dates: &'static str,
    pub accessibility: &'static str,
    pub equipment: &'static str,
    pub catering: &'static str,
    pub state: &'static str,
    pub people_unit: &'static str,
    pub error_not_found: &'static str,
    pub error_not_found_help: &'static str,
    pub error_forbidden: &'static str,
    pub error_invalid: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_other: &'static str,
    pub back_home: &'static str,
    pub my_profile: &'static str,
    pub saved: &'static str,
    pub organization: &'static str,
    pub roles: &'static str,
    pub role_member: &'static str,
    pub name: &'static str,
    pub name_invalid: &'static str,
    pub language: &'static str,
    pub notifications: &'static str,
    pub notify_meetings: &'static str,
    pub notify_group_sessions: &'static str,
    pub save: &'static str,
    pub api_tokens: &'static str,
    pub api_tokens_help: &'static str,
    pub created: &'static str,
    pub revoked: &'static str,
    pub revoke: &'static str,
    pub token_name: &'static str,
    pub create_token: &'static str,
    pub token_created: &'static str,
    pub token_shown_once: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub administration: &'static str,
    pub email: &'static str,
    pub signin_intro: &'static str,
    pub signin_send: &'static str,
    pub signin_sent: &'static str,
    pub signin_invalid_email: &'static str,
    pub signin_too_many: &'static str,
    pub signin_confirm: &'static str,
    pub signin_link_over: &'static str,
    pub signin_ask_again: &'static str,
}

/// Le français, langue par défaut.
pub static FR: Texts = Texts {
    site_name: "Club des utilisateurs",
    skip_to_content: "Aller au contenu",
    main_navigation: "Navigation principale",
    nav_meetings: "Réunions",
    nav_organizations: "Collectivités",
    nav_working_groups: "Groupes de travail",
    other_language: "English",
    other_language_code: "en",
    upcoming_meetings: "Prochaines réunions",
    no_upcoming_meetings: "Aucune réunion n'est prévue pour le moment.",
    past_meetings: "Réunions passées",
    open_hosting_calls: "Appels à accueil en cours",
    proposals_count: "proposition(s)",
    when: "Date",
    kind: "Type",
    format: "Format",
    venue: "Lieu",
    directions: "Accès",
    host: "Collectivité d'accueil",
    working_group: "Groupe de travail",
    capacity: "Places sur place",
    seats: "places",
    rsvp_deadline: "Inscriptions jusqu'au",
    agenda: "Ordre du jour",
    minutes: "Compte rendu",
    cancelled_notice: "Cette réunion est annulée.",
    organizations_title: "Collectivités et structures du club",
    territory: "Territoire",
    club_status: "Statut au sein du club",
    project_profile: "Fiche projet",
    project_highlight: "Spécificité du projet",
    wished_developments: "Développements souhaités",
    competences: "Compétences",
    roadmap: "Feuille de route",
    ordered_developments: "Développements commandés ou cofinancés",
    profile_empty: "Non renseigné.",
    hosted_meetings: "Réunions accueillies",
    working_groups_title: "Groupes de travail",
    topic: "Sujet",
    upcoming_sessions: "Prochaines sessions",
    past_sessions: "Sessions passées",
    no_sessions: "Aucune session.",
    coordination: "Coordination",
    followers: "Personnes abonnées",
    hosting_call: "Appel à accueil",
    wished_period: "Période souhaitée",
    proposals_deadline: "Propositions jusqu'au",
    requirements: "Ce que doit offrir la collectivité d'accueil",
    proposals: "Propositions d'accueil",
    no_proposals: "Aucune proposition pour le moment.",
    proposed_by: "Proposée par",
    candidate_dates: "Dates proposées",
    accessibility: "Accessibilité",
    equipment: "Salles et équipement",
    catering: "Restauration",
    state: "État",
    people_unit: "personnes",
    error_not_found: "Page introuvable",
    error_not_found_help: "Cette adresse ne correspond à aucune page, ou la page n'est pas publique.",
    error_forbidden: "Accès refusé",
    error_invalid: "Données invalides",
    error_unavailable: "Service momentanément indisponible",
    error_internal: "Une erreur inattendue est survenue. Elle a été enregistrée ; réessayez plus tard.",
    error_other: "La demande n'a pas pu aboutir.",
    back_home: "Retour à l'accueil",
    my_profile: "Mon profil",
    saved: "Modifications enregistrées.",
    organization: "Collectivité ou structure",
    roles: "Rôles",
    role_member: "membre",
    name: "Nom",
    name_invalid: "Indiquez un nom (120 caractères au plus).",
    language: "Langue",
    notifications: "Notifications par courriel",
    notify_meetings: "Annonces des réunions du club et des appels à accueil",
    notify_group_sessions: "Sessions des groupes de travail que je suis",
    save: "Enregistrer",
    api_tokens: "Jetons d'accès à l'API",
    api_tokens_help: "Un jeton permet à un connecteur d'utiliser l'API en votre nom. Il n'est affiché qu'une fois ; révoquez-le dès qu'il ne sert plus.",
    created: "Créé le",
    revoked: "révoqué",
    revoke: "Révoquer",
    token_name: "Nom du jeton",
    create_token: "Créer un jeton",
    token_created: "Nouveau jeton",
    token_shown_once: "Copiez-le maintenant : il ne sera plus jamais affiché.",
    sign_in: "Se connecter",
    sign_out: "Se déconnecter",
    administration: "Administration",
    email: "Adresse électronique",
    signin_intro: "Indiquez votre adresse : vous recevrez un lien de connexion, valable 15 minutes.",
    signin_send: "Recevoir un lien de connexion",
    signin_sent: "Si un compte correspond à cette adresse, un lien de connexion vient d'y être envoyé. Il est valable 15 minutes et ne sert qu'une fois.",
    signin_invalid_email: "Cette adresse électronique n'est pas valide, par exemple : prenom.nom@ville.fr",
    signin_too_many: "Trop de demandes pour cette adresse ou ce réseau : réessayez dans quelques minutes.",
    signin_confirm: "Me connecter",
    signin_link_over: "Ce lien de connexion n'est plus valable : il a déjà servi ou a expiré.",
    signin_ask_again: "Demander un nouveau lien",
};

/// English, the second language.
pub static EN: Texts = Texts {
    site_name: "Users' club",
    skip_to_content: "Skip to content",
    main_navigation: "Main navigation",
    nav_meetings: "Meetings",
    nav_organizations: "Member bodies",
    nav_working_groups: "Working groups",
    other_language: "Français",
    other_language_code: "fr",
    upcoming_meetings: "Upcoming meetings",
    no_upcoming_meetings: "No meeting is planned yet.",
    past_meetings: "Past meetings",
    open_hosting_calls: "Open calls for hosts",
    proposals_count: "proposal(s)",
    when: "When",
    kind: "Kind",
    format: "Format",
    venue: "Venue",
    directions: "Directions",
    host: "Host",
    working_group: "Working group",
    capacity: "Seats on site",
    seats: "seats",
    rsvp_deadline: "Answers until",
    agenda: "Agenda",
    minutes: "Minutes",
    cancelled_notice: "This meeting is cancelled.",
    organizations_title: "The club's member bodies",
    territory: "Territory",
    club_status: "Standing in the club",
    project_profile: "Project profile",
    project_highlight: "What is specific in the project",
    wished_developments: "Wished developments",
    competences: "Competences",
    roadmap: "Roadmap",
    ordered_developments: "Developments ordered or co-funded",
    profile_empty: "Not filled in.",
    hosted_meetings: "Meetings hosted",
    working_groups_title: "Working groups",
    topic: "Topic",
    upcoming_sessions: "Upcoming sessions",
    past_sessions: "Past sessions",
    no_sessions: "No session.",
    coordination: "Coordinators",
    followers: "Followers",
    hosting_call: "Call for hosts",
    wished_period: "Wished period",
    proposals_deadline: "Proposals until",
    requirements: "What the host must offer",
    proposals: "Host proposals",
    no_proposals: "No proposal yet.",
    proposed_by: "Proposed by",
    candidate_dates: "Candidate dates",
    accessibility: "Accessibility",
    equipment: "Rooms and equipment",
    catering: "Catering",
    state: "State",
    people_unit: "people",
    error_not_found: "Page not found",
    error_not_found_help: "No page has this address, or the page is not public.",
    error_forbidden: "Access denied",
    error_invalid: "Invalid input",
    error_unavailable: "Service temporarily unavailable",
    error_internal: "Something unexpected went wrong. It was logged; please try again later.",
    error_other: "The request could not be completed.",
    back_home: "Back to the home page",
    my_profile: "My profile",
    saved: "Changes saved.",
    organization: "Body",
    roles: "Roles",
    role_member: "member",
    name: "Name",
    name_invalid: "Give a name (at most 120 characters).",
    language: "Language",
    notifications: "Email notifications",
    notify_meetings: "Announcements of club meetings and calls for hosts",
    notify_group_sessions: "Sessions of the working groups I follow",
    save: "Save",
    api_tokens: "API access tokens",
    api_tokens_help: "A token lets a connector use the API on your behalf. It is shown once; revoke it as soon as it is no longer used.",
    created: "Created",
    revoked: "revoked",
    revoke: "Revoke",
    token_name: "Token name",
    create_token: "Create a token",
    token_created: "New token",
    token_shown_once: "Copy it now: it will never be shown again.",
    sign_in: "Sign in",
    sign_out: "Sign out",
    administration: "Administration",
    email: "Email address",
    signin_intro: "Enter your address: you will receive a sign-in link, valid for 15 minutes.",
    signin_send: "Send me a sign-in link",
    signin_sent: "If an account matches this address, a sign-in link has just been sent to it. It is valid for 15 minutes and works once.",
    signin_invalid_email: "This email address is not valid, for example: first.last@town.fr",
    signin_too_many: "Too many requests for this address or network: try again in a few minutes.",
    signin_confirm: "Sign me in",
    signin_link_over: "This sign-in link is no longer valid: it was already used or it expired.",
    signin_ask_again: "Ask for a new link",
};
